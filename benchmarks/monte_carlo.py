"""Monte Carlo speed: one million samples of examples/scenarios/qwen_switch.yaml with its uncertain inputs.

In one run, on one thread each:
  (a) infercost's Monte Carlo (Scenario.monte_carlo): draws, prices every option for every draw, and gives the
      ranges (mean, sd, quantiles p5..p95 with their standard errors) of each option's cost per year and saving, and
      the probabilities that each option is cheaper than the baseline and that the claim holds;
  (b) a straightforward numpy implementation of the same model and the same statistics: the same decomposition
      (infercost.uncertainty.decomposition: per option, month and feature the coefficients the engine priced), the
      same distributions and Gaussian copula drawn with numpy's generator and scipy.special's quantile functions,
      each option's months as an (N, months) array, np.quantile and np.partition for the statistics.
Before timing, (b) is run on (a)'s own draws and must give (a)'s per-sample costs to 1e-9; the two runs' medians
must agree within their standard errors. It prints samples per second of both and their ratio, and what the
monthly fan (the projection's ranges, month by month) adds to (a).

    python3 benchmarks/monte_carlo.py                    # 1,000,000 samples
    python3 benchmarks/monte_carlo.py --samples 100000   # a quicker run
Needs scipy for (b) (pip install scipy).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # (b) on one thread too
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import infercost as ic  # noqa: E402
from infercost import uncertainty  # noqa: E402

SCENARIO = Path(__file__).resolve().parent.parent / "examples" / "scenarios" / "qwen_switch.yaml"
LEVELS = np.array(uncertainty.RANGE_QUANTILES)
Z95 = 1.959963984540054


def numpy_costs(model: Dict[str, Any], x: np.ndarray) -> np.ndarray:
    """Each option's cost per year for draws x (N x inputs), month by month, as (options, N)."""
    n = x.shape[0]
    roles, stated = model["roles"], np.asarray(model["stated"])
    out_scale = np.ones(n)
    for i, r in enumerate(roles):
        if r == "output_mean":
            out_scale = x[:, i] / stated[i]
    phi = np.empty((n, len(model["feature_input"])))
    for f, i in enumerate(model["feature_input"]):
        if i < 0:
            phi[:, f] = 1.0
        elif roles[i] == "output_mean":
            phi[:, f] = out_scale - 1
        elif roles[i] == "reasoning_share":
            phi[:, f] = out_scale * (x[:, i] - stated[i])
        else:
            phi[:, f] = x[:, i] - stated[i]
    months = model["months"]
    volume = np.ones(n)
    growth = np.ones((n, months))
    for i, r in enumerate(roles):
        if r == "volume":
            volume = x[:, i] / stated[i]
        elif r in ("growth_yearly", "growth_monthly"):
            k = np.arange(months)
            power = k if r == "growth_monthly" else k / 12.0
            growth = (1 + x[:, i])[:, None] ** power[None, :] / np.asarray(model["growth_stated"])[None, :]
    costs = np.empty((len(model["options"]), n))
    for o in range(len(model["options"])):
        factor = np.ones(n)
        for i in model["factor_inputs"][o]:
            factor *= (1 + x[:, i]) if roles[i] == "price_change" else stated[i] / x[:, i]
        per_request = phi @ model["coefficients"][o]  # (N, months)
        monthly = model["one_off"][o][None, :] + factor[:, None] * (
            volume[:, None] * growth * per_request + model["storage"][o][None, :])
        costs[o] = monthly.sum(axis=1) * model["per_year"]
    return costs


def numpy_draws(inputs: List[Dict[str, Any]], correlation: List[float], n: int, seed: int) -> np.ndarray:
    from scipy import special

    k = len(inputs)
    rng = np.random.default_rng(seed)
    u = np.clip(rng.random((n, k)), 1e-9, 1 - 1e-9)
    if correlation:
        c = np.asarray(correlation).reshape(k, k)
        joint = [i for i in range(k) if np.any(np.delete(c[i], i) != 0)]
        pearson = 2 * np.sin(np.pi * c[np.ix_(joint, joint)] / 6)
        np.fill_diagonal(pearson, 1.0)
        w, v = np.linalg.eigh(pearson)
        z = special.ndtri(u[:, joint]) @ (v * np.sqrt(np.maximum(w, 0))).T
        u[:, joint] = np.clip(special.ndtr(z), 1e-9, 1 - 1e-9)
    x = np.empty((n, k))
    for i, d in enumerate(inputs):
        p, ui = d["parameters"], u[:, i]
        kind = d["distribution"]
        if kind == "fixed":
            x[:, i] = p[0]
        elif kind == "uniform":
            x[:, i] = p[0] + ui * (p[1] - p[0])
        elif kind == "triangular":
            lo, mode, hi = p
            split = (mode - lo) / (hi - lo)
            x[:, i] = np.where(ui < split, lo + np.sqrt(ui * (hi - lo) * (mode - lo)),
                               hi - np.sqrt((1 - ui) * (hi - lo) * (hi - mode)))
        elif kind == "normal":
            x[:, i] = p[0] + p[1] * special.ndtri(ui)
        elif kind == "lognormal":
            median, p90 = p
            x[:, i] = median * np.exp(np.log(p90 / median) / special.ndtri(0.9) * special.ndtri(ui))
        elif kind == "pert":
            lo, mode, hi = p
            a, b = 1 + 4 * (mode - lo) / (hi - lo), 1 + 4 * (hi - mode) / (hi - lo)
            x[:, i] = lo + (hi - lo) * special.betaincinv(a, b, ui)
        else:
            x[:, i] = np.quantile(np.asarray(p), ui)
    return x


def numpy_ranges(v: np.ndarray) -> Dict[str, Any]:
    n = v.size
    half = Z95 * np.sqrt(n * LEVELS * (1 - LEVELS))
    lo = np.maximum(0, np.floor(n * LEVELS - half)).astype(np.int64)
    hi = np.minimum(n - 1, np.ceil(n * LEVELS + half)).astype(np.int64)
    part = np.partition(v, np.unique(np.concatenate([lo, hi])))
    sd = v.std(ddof=1)
    return {"mean": v.mean(), "mean_se": sd / np.sqrt(n), "sd": sd, "quantiles": np.quantile(v, LEVELS),
            "quantile_se": (part[hi] - part[lo]) / (2 * Z95)}


def numpy_run(model: Dict[str, Any], inputs: List[Dict[str, Any]], correlation: List[float], n: int,
              baseline: int, claim: Tuple[int, float], seed: int) -> Dict[str, Any]:
    x = numpy_draws(inputs, correlation, n, seed)
    costs = numpy_costs(model, x)
    saving = costs[baseline][None, :] - costs
    return {"per_year": [numpy_ranges(c) for c in costs], "saving": [numpy_ranges(s) for s in saving],
            "cheaper": (saving > 0).mean(axis=1), "claim": (saving[claim[0]] >= claim[1]).mean()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20261202)
    args = ap.parse_args()
    n = args.samples
    scenario = ic.Scenario.load(SCENARIO)
    model = uncertainty.decomposition(scenario)
    inputs, correlation = uncertainty.inputs_of(scenario)

    # (b) on (a)'s own draws: the same model, sample by sample.
    check = scenario.monte_carlo(samples=min(n, 100_000), seed=args.seed, threads=1, monthly=False)
    mine = numpy_costs(model, check.input_samples)
    worst = float(np.max(np.abs(mine - check.per_year_samples) / np.abs(check.per_year_samples)))
    assert worst < 1e-9, f"the numpy implementation differs from infercost by {worst:.2e} on infercost's draws"

    t = time.perf_counter()
    a = scenario.monte_carlo(samples=n, seed=args.seed, threads=1, monthly=False, keep_samples=False)
    t_a = time.perf_counter() - t
    t = time.perf_counter()
    b = numpy_run(model, inputs, correlation, n, a.baseline, (a.claim_option, a.claimed_saving), args.seed)
    t_b = time.perf_counter() - t
    t = time.perf_counter()
    scenario.monte_carlo(samples=n, seed=args.seed, threads=1, monthly=True, keep_samples=False)
    t_fan = time.perf_counter() - t

    # Different streams, same distribution: the medians agree within their standard errors.
    ranges = a.ranges_frame()
    for o, label in enumerate(a.options):
        med_a = ranges.loc[label, "p50"]
        se = ranges.loc[label, "p50 se"]
        med_b = b["per_year"][o]["quantiles"][3]
        assert abs(med_a - med_b) < 6 * np.hypot(se, b["per_year"][o]["quantile_se"][3]) + 1e-9 * abs(med_a), label

    print(f"Monte Carlo of {SCENARIO.name}: {n:,} samples, {len(inputs)} uncertain inputs, {len(a.options)} options, "
          f"{model['months']} months, one thread each")
    print(f"  (a) infercost               {t_a:8.3f} s   {n / t_a:14,.0f} samples/s")
    print(f"  (b) numpy (+ scipy.special) {t_b:8.3f} s   {n / t_b:14,.0f} samples/s")
    print(f"  ratio (a)/(b): {t_b / t_a:.1f}x   (target: at least 10x)")
    print(f"  (a) with the monthly fan of every option: {t_fan:.3f} s ({t_fan / t_a:.1f}x the run without it)")
    print(f"  check: numpy on infercost's draws matches to {worst:.1e}; medians agree within their standard errors")
    print(f"  P(claim of {a.claimed_saving:,.0f} {a.currency} a year holds): infercost {a.probability_claim:.4f}, "
          f"numpy {b['claim']:.4f}")


if __name__ == "__main__":
    main()
