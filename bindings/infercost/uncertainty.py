"""Ranges instead of one number: Monte Carlo over a scenario's uncertain inputs, the inputs that move the saving
(tornado) and one input swept against the saving. The work is done in C++ (infercost/uncertainty/); this module
presents it as frames and charts.

A scenario states what is not known in its ``uncertainty:`` section (docs/uncertainty.md)::

    s = ic.Scenario.load("examples/scenarios/qwen_switch.yaml")
    mc = s.monte_carlo(samples=100_000, seed=7)
    mc.ranges_frame()            # cost and saving per year, p5 .. p95, P(cheaper)
    mc.plot_savings()            # the distribution of the claim candidate's saving
    s.tornado().plot()           # which inputs move it
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import _core
from ._api import _D, _catalog
from ._core import Catalog, Scenario
from ._frames import frame_of

RANGE_QUANTILES: List[float] = list(_core.RANGE_QUANTILES)
UNCERTAIN_INPUT_PATHS: List[Tuple[str, str]] = [tuple(p) for p in _core.UNCERTAIN_INPUT_PATHS]  # type: ignore
MAX_SAMPLES: int = int(_core.MAX_SAMPLES)


def _pct(p: float) -> str:
    return f"p{round(p * 100)}"


class MonteCarlo:
    """The result of :meth:`Scenario.monte_carlo`: ranges per option, probabilities and (with ``keep_samples``)
    every draw and its costs."""

    def __init__(self, result: Dict[str, Any], ranges: Any, monthly: Any, per_task: Any) -> None:
        self._r = result
        self._ranges = ranges
        self._monthly = monthly
        self._per_task = per_task
        self.scenario: str = result["scenario"]
        self.inputs: List[str] = list(result["inputs"])
        self.distributions: List[str] = list(result["distributions"])
        self.options: List[str] = list(result["options"])
        self.baseline: int = int(result["baseline"])
        self.currency: str = result["currency"]
        self.samples: int = int(result["samples"])
        self.seed: int = int(result["seed"])
        self.claim_option: Optional[int] = result["claim_option"]
        self.claimed_saving: float = float(result["claimed_saving"])
        self.probability_claim: float = float(result["probability_claim"][0])
        self.probability_claim_se: float = float(result["probability_claim"][1])
        self.months: List[Any] = list(result["months"])
        self.notes: List[str] = list(result["notes"])
        #: the draws, samples x inputs (None without keep_samples)
        self.input_samples: Optional[np.ndarray] = result["input_samples"]
        #: each option's cost per year, options x samples (None without keep_samples)
        self.per_year_samples: Optional[np.ndarray] = result["per_year_samples"]

    def ranges_table(self) -> Any:
        return self._ranges

    def ranges_frame(self) -> pd.DataFrame:
        """Per option: the cost per year as stated, its mean and p5 .. p95 (with the median's standard error),
        the saving's mean, p5, p50 and p95 against the baseline, and P(cheaper than the baseline)."""
        frame = frame_of(self._ranges, "option")
        frame = frame.rename(columns={"p50_se": "p50 se"})
        frame.attrs.update(samples=self.samples, seed=self.seed, probability_claim=self.probability_claim)
        return frame

    def task_ranges_table(self) -> Any:
        return self._per_task

    def task_ranges_frame(self) -> pd.DataFrame:
        """With tasks, per option: the cost per successful task as stated, its mean, p5, p50 and p95."""
        return frame_of(self._per_task, "option")

    def monthly_table(self) -> Any:
        return self._monthly

    def monthly_frame(self) -> pd.DataFrame:
        """Per month and option (long form): mean, p5, p25, p50, p75 and p95 of the month's cost."""
        return frame_of(self._monthly)

    def saving_samples(self, option: Any = None) -> pd.Series:
        """The saving per year of one option (label or index; default: the claim's candidate) against the
        baseline, sample by sample."""
        o = self._index(option)
        costs = self._costs()
        return pd.Series(costs[self.baseline] - costs[o], name=f"saving per year ({self.currency})")

    def samples_frame(self) -> pd.DataFrame:
        """One row per sample: the drawn inputs, then each option's cost per year."""
        if self.input_samples is None:
            raise ValueError("the run kept no samples; run it with keep_samples=True")
        frame = pd.DataFrame(self.input_samples, columns=self.inputs)
        for o, label in enumerate(self.options):
            frame[label] = self._costs()[o]
        frame.attrs.update(currency=self.currency, seed=self.seed)
        return frame

    def _costs(self) -> np.ndarray:
        if self.per_year_samples is None:
            raise ValueError("the run kept no samples; run it with keep_samples=True")
        return self.per_year_samples

    def _index(self, option: Any) -> int:
        if option is None:
            if self.claim_option is not None:
                return int(self.claim_option)
            costs = self.ranges_frame()["p50"].to_numpy()
            order = [i for i in np.argsort(costs) if i != self.baseline]
            return int(order[0]) if order else self.baseline
        if isinstance(option, (int, np.integer)):
            return int(option)
        if option in self.options:
            return self.options.index(option)
        raise KeyError(f"no option {option!r}; the options are {', '.join(self.options)}")

    def plot_savings(self, option: Any = None, bins: int = 60, ax: Optional[Any] = None) -> Any:
        """The distribution of one option's saving per year against the baseline (default: the claim's
        candidate), with its median, its p5-p95 band and the claimed saving marked."""
        import matplotlib.pyplot as plt

        from .plots import _thousands

        o = self._index(option)
        v = self.saving_samples(o).to_numpy()
        if ax is None:
            _, ax = plt.subplots(figsize=(9, 4))
        ax.hist(v, bins=bins, color="#8fb0d9", edgecolor="white")
        p5, p50, p95 = np.quantile(v, [0.05, 0.5, 0.95])
        ax.axvspan(p5, p95, color="#4c72b0", alpha=0.12, label=f"p5 to p95: {p5:,.0f} to {p95:,.0f} {self.currency}")
        ax.axvline(p50, color="#4c72b0", linewidth=2, label=f"median {p50:,.0f} {self.currency}")
        if self.claim_option == o:
            ax.axvline(self.claimed_saving, color="#c44e52", linewidth=2, linestyle="--",
                       label=f"claimed {self.claimed_saving:,.0f} {self.currency}: holds in {100 * self.probability_claim:.1f}%")
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel(f"saving per year ({self.currency})")
        ax.set_ylabel("samples")
        ax.set_title(f"{self.options[o]} against {self.options[self.baseline]}: {self.samples:,} samples")
        ax.xaxis.set_major_formatter(_thousands())
        ax.legend(fontsize="small")
        return ax

    def plot_fan(self, options: Optional[Sequence[Any]] = None, ax: Optional[Any] = None) -> Any:
        """The projection as a fan chart: each option's monthly cost, its median as a line, p25-p75 and p5-p95
        as bands. Default: the baseline and the claim's candidate."""
        from .plots import _legend_outside, _option_colour, _thousands, _wide_axes

        frame = self.monthly_frame()
        if frame.empty:
            raise ValueError("the run has no monthly ranges; run it with monthly=True")
        chosen = [self.baseline, self._index(None)] if options is None else [self._index(x) for x in options]
        ax = _wide_axes(ax)
        for o in dict.fromkeys(chosen):
            rows = frame[frame["option"] == self.options[o]]
            colour = _option_colour(o)
            x = pd.to_datetime(rows["month"])
            ax.fill_between(x, rows["p5"], rows["p95"], color=colour, alpha=0.12)
            ax.fill_between(x, rows["p25"], rows["p75"], color=colour, alpha=0.25)
            label = f"{self.options[o]}  (baseline)" if o == self.baseline else self.options[o]
            ax.plot(x, rows["p50"], color=colour, linewidth=2, label=label)
        ax.set_ylabel(f"cost per month ({self.currency})")
        ax.set_title(f"Cost per month: median, p25-p75 and p5-p95 over {self.samples:,} samples")
        ax.yaxis.set_major_formatter(_thousands())
        ax.set_ylim(bottom=0)
        _legend_outside(ax)
        return ax

    def _repr_html_(self) -> str:
        frame = self.ranges_frame()
        return f"<p>{frame.attrs['title']}</p>" + frame.to_html(float_format=lambda v: f"{v:,.0f}")

    def __repr__(self) -> str:
        return f"<MonteCarlo of {self.scenario!r}: {self.samples:,} samples, seed {self.seed}, {len(self.options)} options>"


class Tornado:
    """One-at-a-time swings of the saving of one candidate: each input from its p10 to its p90."""

    def __init__(self, result: Dict[str, Any], table: Any) -> None:
        self._table = table
        self.candidate: str = result["candidate"]
        self.baseline: str = result["baseline"]
        self.currency: str = result["currency"]
        self.base_saving: float = float(result["base_saving"])
        self.measure: str = result["measure"]  # "per year", or "per successful task" in a comparison per task

    def table(self) -> Any:
        return self._table

    def to_frame(self) -> pd.DataFrame:
        """Per input, widest swing first: low (p10), high (p90), the saving at each and the swing."""
        frame = frame_of(self._table, "input")
        frame.attrs.update(base_saving=self.base_saving, candidate=self.candidate)
        return frame

    def plot(self, ax: Optional[Any] = None) -> Any:
        """The tornado: one bar per input from the saving at its p10 to the saving at its p90, widest on top."""
        import matplotlib.pyplot as plt

        from .plots import _thousands

        frame = self.to_frame()
        if ax is None:
            _, ax = plt.subplots(figsize=(9, 0.8 + 0.5 * max(1, len(frame))))
        y = np.arange(len(frame))
        lo, hi = frame["saving_at_low"].to_numpy(), frame["saving_at_high"].to_numpy()
        ax.barh(y, hi - self.base_saving, left=self.base_saving, color="#55a868", label="input at its p90")
        ax.barh(y, lo - self.base_saving, left=self.base_saving, color="#c44e52", label="input at its p10")
        ax.set_yticks(y, list(frame.index))
        ax.invert_yaxis()
        ax.axvline(self.base_saving, color="black", linewidth=0.8)
        ax.set_xlabel(f"saving {self.measure} ({self.currency})")
        base = f"{self.base_saving:,.0f}" if self.measure == "per year" else f"{self.base_saving:,.4f}"
        ax.set_title(f"What moves the saving of {self.candidate}\n(median case {base} {self.currency} {self.measure})")
        ax.xaxis.set_major_formatter(_thousands())
        ax.legend(fontsize="small")
        return ax

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(float_format=lambda v: f"{v:,.4g}")


class Sweep:
    """One input swept across values with the others at their medians."""

    def __init__(self, result: Dict[str, Any], table: Any) -> None:
        self._table = table
        self.input: str = result["input"]
        self.currency: str = result["currency"]

    def to_frame(self) -> pd.DataFrame:
        """Per value: each option's saving per year against the baseline (a column each)."""
        return frame_of(self._table, "value")

    def plot(self, ax: Optional[Any] = None) -> Any:
        from .plots import _legend_outside, _thousands, _wide_axes

        frame = self.to_frame()
        ax = _wide_axes(ax)
        for column in frame.columns:
            ax.plot(frame.index, frame[column].to_numpy(), label=str(column))
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xlabel(self.input)
        ax.set_ylabel(f"saving per year ({self.currency})")
        ax.set_title(frame.attrs["title"], fontsize="medium")
        ax.yaxis.set_major_formatter(_thousands())
        _legend_outside(ax)
        return ax


def monte_carlo(scenario: Scenario, samples: int = _D["samples"], seed: int = _D["seed"], *, threads: int = 0, monthly: bool = True,
                keep_samples: bool = True, catalog: Optional[Catalog] = None) -> MonteCarlo:
    """Draws the scenario's uncertain inputs ``samples`` times (seeded: the same seed gives the same result on
    any number of threads) and prices every option for every draw."""
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)):
        raise _core.InputError(f"samples must be a whole number, not {samples!r}")
    if not 1 <= int(samples) <= MAX_SAMPLES:
        raise _core.InputError(f"samples must be between 1 and {MAX_SAMPLES:,} (got {int(samples):,})")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) < 2**64:
        raise _core.InputError(f"seed must be a whole number from 0 to 2**64 - 1, not {seed!r}")
    result, ranges, by_month, per_task = _core._monte_carlo(scenario, _catalog(catalog), int(samples), int(seed),
                                                            int(threads), bool(monthly), bool(keep_samples))
    return MonteCarlo(result, ranges, by_month, per_task)


def tornado(scenario: Scenario, candidate: str = "", *, catalog: Optional[Catalog] = None) -> Tornado:
    """Each uncertain input from its p10 to its p90 with the others at their medians: the saving of
    ``candidate`` (label or offering id; default: the claim's candidate, else the cheapest) at each end."""
    return Tornado(*_core._tornado(scenario, _catalog(catalog), candidate))


def sweep(scenario: Scenario, input: str, values: Optional[Sequence[float]] = None, points: int = 21, *,
          catalog: Optional[Catalog] = None) -> Sweep:
    """One uncertain input across ``values`` (default: ``points`` values from its p1 to its p99), the others at
    their medians: every option's saving per year at each value."""
    return Sweep(*_core._sweep(scenario, _catalog(catalog), input, [float(v) for v in (values or [])], int(points)))


def inputs_of(scenario: Scenario) -> Tuple[List[Dict[str, Any]], List[float]]:
    """The scenario's uncertain inputs (path, distribution, parameters, p10, median, p90, mean) and their rank
    correlations (row-major, empty when independent)."""
    inputs, correlation, _ = _core._uncertain_inputs(scenario)
    return list(inputs), list(correlation)


def inputs_frame(scenario: Scenario) -> pd.DataFrame:
    """One row per uncertain input: its distribution as stated, p10, median, p90 and mean."""
    return frame_of(_core._uncertain_inputs(scenario)[2], "input")


def decomposition(scenario: Scenario, catalog: Optional[Catalog] = None) -> Dict[str, Any]:
    """The decomposition a run prices (infercost/uncertainty/monte_carlo.hpp says how a sample's cost follows from
    it): per option, feature and month the coefficients the comparison engine priced, and what each input does."""
    return dict(_core._decompose(scenario, _catalog(catalog)))


def _scenario_monte_carlo(self: Scenario, samples: int = _D["samples"], seed: int = _D["seed"], *, threads: int = 0,
                          monthly: bool = True, keep_samples: bool = True,
                          catalog: Optional[Catalog] = None) -> MonteCarlo:
    return monte_carlo(self, samples, seed, threads=threads, monthly=monthly, keep_samples=keep_samples, catalog=catalog)


def _scenario_tornado(self: Scenario, candidate: str = "", *, catalog: Optional[Catalog] = None) -> Tornado:
    return tornado(self, candidate, catalog=catalog)


def _scenario_sweep(self: Scenario, input: str, values: Optional[Sequence[float]] = None, points: int = 21, *,
                    catalog: Optional[Catalog] = None) -> Sweep:
    return sweep(self, input, values, points, catalog=catalog)


def _scenario_uncertainty_frame(self: Scenario) -> pd.DataFrame:
    return inputs_frame(self)
