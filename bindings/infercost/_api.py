"""The Python-side API: the default catalog, keyword-friendly functions and methods added to the core
classes (usage converters, batch pricing over numpy arrays, scenarios)."""

from __future__ import annotations

import datetime as _dt
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import numpy as np

from . import _core
from ._core import (  # noqa: I001
    ImportedCatalog,
    Catalog,
    ClaimCheck,
    Comparison,
    Offering,
    Option,
    Policy,
    PolicyCheck,
    PriceBreakdown,
    Scenario,
    TokenDistribution,
    Usage,
    Workload,
)
from .errors import InputError

_D: Dict[str, Any] = dict(_core.DEFAULTS)  # the C++ defaults, defined there once

DateLike = Union[str, _dt.date]
TimeLike = Union[str, _dt.datetime, _dt.date]
OptionLike = Union[str, Option]

_default_lock = threading.Lock()
_default_catalog: Optional[Catalog] = None


def _default() -> Catalog:
    """The bundled catalog, loaded once from :meth:`Catalog.bundled_directory` ($INFERCOST_DATA_DIR, else the
    data shipped beside the compiled module)."""
    global _default_catalog
    with _default_lock:
        if _default_catalog is None:
            _default_catalog = Catalog.load_default()
        return _default_catalog


def _catalog(catalog: Optional[Catalog]) -> Catalog:
    if catalog is None:
        return _default()
    if not isinstance(catalog, Catalog):
        raise InputError(f"catalog must be an infercost.Catalog, not {type(catalog).__name__}")
    return catalog


# --- token distributions --------------------------------------------------------------------------

def fixed(tokens: float) -> TokenDistribution:
    """Every request has this many tokens."""
    return TokenDistribution.fixed(tokens)


def lognormal(*, mean: Optional[float] = None, median: Optional[float] = None, p90: float) -> TokenDistribution:
    """A lognormal length distribution given its mean (or median) and its 90th percentile."""
    return TokenDistribution.lognormal(mean=mean, median=median, p90=p90)


def histogram(edges: Sequence[float], weights: Sequence[float]) -> TokenDistribution:
    """Bins ``[edges[i], edges[i+1])`` holding ``weights[i]``, uniform within each bin."""
    return TokenDistribution.histogram(list(edges), list(weights))


# --- usage converters -----------------------------------------------------------------------------

def _field(obj: Any, name: str, default: Any = 0) -> Any:
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        value = obj.get(name, default)
    else:
        value = getattr(obj, name, default)
    return default if value is None else value


def _has(obj: Any, name: str) -> bool:
    return name in obj if isinstance(obj, Mapping) else hasattr(obj, name)


def _from_openai(usage: Any) -> Usage:
    """Usage from an OpenAI-style usage object or dict: ``prompt_tokens`` includes
    ``prompt_tokens_details.cached_tokens``; ``completion_tokens`` includes
    ``completion_tokens_details.reasoning_tokens``."""
    if _has(usage, "prompt_tokens"):  # Chat Completions
        prompt = _field(usage, "prompt_tokens")
        cached = _field(_field(usage, "prompt_tokens_details", None), "cached_tokens")
        completion = _field(usage, "completion_tokens")
        reasoning = _field(_field(usage, "completion_tokens_details", None), "reasoning_tokens")
    elif _has(usage, "input_tokens"):  # Responses API: same inclusive semantics, other names
        prompt = _field(usage, "input_tokens")
        cached = _field(_field(usage, "input_tokens_details", None), "cached_tokens")
        completion = _field(usage, "output_tokens")
        reasoning = _field(_field(usage, "output_tokens_details", None), "reasoning_tokens")
    else:
        raise InputError("not an OpenAI-style usage: expected prompt_tokens (or input_tokens)")
    return _core._usage_from_openai(prompt, cached, completion, reasoning)


def _from_anthropic(usage: Any, *, thinking_tokens: int = 0) -> Usage:
    """Usage from an Anthropic-style usage object or dict: ``input_tokens`` excludes
    ``cache_read_input_tokens`` and ``cache_creation_input_tokens``; ``output_tokens`` includes thinking
    (pass ``thinking_tokens`` if you know them). ``cache_creation.ephemeral_1h_input_tokens`` (part of the
    cache writes) is billed as ``cache_write_long``, ``server_tool_use.web_search_requests`` as web searches."""
    return _core._usage_from_anthropic(
        _field(usage, "input_tokens"),
        _field(usage, "cache_read_input_tokens"),
        _field(usage, "cache_creation_input_tokens"),
        _field(usage, "output_tokens"),
        thinking_tokens,
        _field(_field(usage, "cache_creation", None), "ephemeral_1h_input_tokens"),
        _field(_field(usage, "server_tool_use", None), "web_search_requests"),
    )


# --- batch pricing over numpy arrays -------------------------------------------------------------

@dataclass(frozen=True)
class BatchPrices:
    """Prices of many requests: ``total`` per request and ``by_meter`` per request and meter
    (columns in :data:`infercost.METERS` order), in ``currency``."""

    offering_id: str
    currency: str
    total: np.ndarray
    by_meter: np.ndarray

    def to_frame(self) -> "Any":
        import pandas as pd

        frame = pd.DataFrame(self.by_meter, columns=list(_core.METERS))
        frame["total"] = self.total
        frame.attrs.update(offering_id=self.offering_id, currency=self.currency)
        return frame


def _seconds(at: Any, rows: int) -> np.ndarray:
    if hasattr(at, "dtype") and not isinstance(at, np.ndarray) and hasattr(at, "to_numpy"):
        # A pandas column or index: time-zone aware values are converted to UTC, naive ones read as UTC (as numpy's).
        import pandas as pd

        values = pd.Series(at)
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_convert("UTC").dt.tz_localize(None)
        at = values.to_numpy()
    if isinstance(at, np.ndarray) or (isinstance(at, Sequence) and not isinstance(at, str)):
        arr = np.asarray(at)
        if arr.dtype.kind == "M":
            secs = arr.astype("datetime64[s]").astype(np.int64)
        else:
            secs = np.array([_to_epoch(x) for x in arr], dtype=np.int64)
        if secs.shape != (rows,):
            raise InputError(f"`at` holds {secs.size} instants for {rows} usage rows; give one, or one per row")
        return np.ascontiguousarray(secs)
    return np.array([_to_epoch(at)], dtype=np.int64)


def _to_epoch(at: Any) -> int:
    if isinstance(at, np.datetime64):
        return int(at.astype("datetime64[s]").astype(np.int64))
    if isinstance(at, _dt.datetime):
        if at.tzinfo is None or at.utcoffset() is None:
            raise InputError("a naive datetime is ambiguous; give it a time zone or pass a string ending in Z")
        return int(at.timestamp() // 1)
    if isinstance(at, _dt.date):
        return int(_dt.datetime(at.year, at.month, at.day, tzinfo=_dt.timezone.utc).timestamp())
    if isinstance(at, str):
        return int(_core._parse_timestamp(at))
    raise InputError(f"`at` must be a date-time string, an aware datetime, a date or datetime64, not {type(at).__name__}")


def _price_batch(self: Offering, usage: Any, *, at: Any, service_tier: str = "standard", scope: str = "") -> BatchPrices:
    """Prices many requests at once. ``usage`` is an integer array of (N, 5) with the columns input,
    cached_input, cache_write, output, reasoning (``Usage`` semantics), or of (N, 7) with cache_write_long and
    web_searches after them (:data:`infercost.USAGE_COLUMNS`), or a DataFrame with those columns (the last two
    may be left out). ``at`` is one instant or one per row (numpy datetime64 values are read as UTC). An int64
    array is read in place, without a copy, whatever its memory layout. ``scope`` names a serving scope."""
    columns = list(_core.USAGE_COLUMNS)
    if hasattr(usage, "columns"):
        basic, extra = columns[:5], columns[5:]
        missing = [c for c in basic if c not in usage.columns]
        if missing:
            raise InputError(f"usage frame lacks the columns {missing}")
        if any(c in usage.columns for c in extra):  # a log that records one of them and not the other has none of it
            usage = usage.reindex(columns=columns, fill_value=0)
        else:
            usage = usage[basic]
        usage = usage.to_numpy()
    arr = np.asarray(usage)
    if arr.ndim != 2 or arr.shape[1] not in (5, len(columns)):
        raise InputError(f"usage must have shape (N, 5) or (N, {len(columns)}), not {arr.shape}")
    if arr.dtype.kind not in "iu":
        raise InputError(f"usage must hold whole token counts (an integer array), not {arr.dtype}")
    if arr.dtype != np.int64 or any(step % arr.itemsize for step in arr.strides):
        arr = np.ascontiguousarray(arr, dtype=np.int64)
    total, by_meter, currency = self._price_batch(arr, _seconds(at, arr.shape[0]), service_tier, scope)
    return BatchPrices(self.id, currency, total, by_meter)


def price_request(
    offering: Union[str, Offering],
    usage: Usage,
    *,
    at: TimeLike,
    service_tier: str = "standard",
    catalog: Optional[Catalog] = None,
) -> PriceBreakdown:
    """Prices one request on an offering (an id or an :class:`Offering`)."""
    off = _catalog(catalog).offering(offering) if isinstance(offering, str) else offering
    return off.price_usage(usage, at=at, service_tier=service_tier)


# --- comparisons and claims -----------------------------------------------------------------------

def compare(
    workload: Workload,
    options: Iterable[OptionLike],
    *,
    baseline: Union[int, str] = 0,
    start: DateLike,
    months: int = _D["months"],
    currency: str = _D["currency"],
    fx_date: Optional[DateLike] = None,
    on_retirement: str = _D["on_retirement"],
    agreements: Optional[Sequence[Dict[str, Any]]] = None,
    fx_path: Optional[Sequence[Dict[str, Any]]] = None,
    discount_rate: Optional[float] = None,
    tasks: Optional[Dict[str, Any]] = None,
    catalog: Optional[Catalog] = None,
) -> Comparison:
    """Costs a workload on each option (offering ids or :class:`Option`) from ``start`` for ``months``
    months, against a baseline (an index into ``options`` or an option's id or label). An offering that
    retires inside the horizon is refused, or with ``on_retirement="successor"`` priced as the successor the
    provider names from the retirement on (the report's ``notes`` say so).

    ``agreements`` lists terms per provider as dicts ``{provider, discount, credits, commitment: {amount,
    months}}``; ``fx_path`` lists assumed rates ``{date, quote, rate}`` (each month then converts at the rate
    in force on its first day); ``discount_rate`` (yearly) gives the NPV of savings. ``tasks`` compares the
    options per successful task: ``{name, requests_per_task, tokenizer, text, models: [{option, success_rate,
    requests_per_task, reasoning_tokens_per_request, token_ratio or tokenizer}]}``."""
    opts = list(options)
    if not opts:
        raise InputError("compare needs at least one option")
    if isinstance(baseline, str):
        labels = [o if isinstance(o, str) else o.label for o in opts]
        ids = [o if isinstance(o, str) else o.offering_id for o in opts]
        if baseline in labels:
            baseline = labels.index(baseline)
        elif baseline in ids:
            baseline = ids.index(baseline)
        else:
            raise InputError(f"baseline '{baseline}' is not one of the options {labels}")
    if isinstance(baseline, bool) or not isinstance(baseline, int):
        raise InputError("baseline must be an option index or an option id")
    return _core._compare(_catalog(catalog), workload, opts, baseline, start, months, currency, fx_date, on_retirement,
                          agreements, fx_path, discount_rate, tasks)


def check_claim(
    workload: Workload,
    *,
    baseline: OptionLike,
    candidate: OptionLike,
    saving_per_year: float,
    start: DateLike,
    months: int = _D["months"],
    currency: str = _D["currency"],
    fx_date: Optional[DateLike] = None,
    on_retirement: str = _D["on_retirement"],
    catalog: Optional[Catalog] = None,
) -> ClaimCheck:
    """The request volume (at the workload's shape) that makes a claimed yearly saving true. The saving is a
    :class:`Money` in ``currency`` (one in another currency raises CurrencyError), or a number read in
    ``currency``."""
    return _core._check_claim(
        _catalog(catalog), workload, baseline, candidate, saving_per_year, start, months, currency, fx_date,
        on_retirement
    )


def _scenario_load(path: Union[str, os.PathLike], catalog: Optional[Catalog] = None) -> Scenario:
    """Loads a scenario file; offering ids are checked against the catalog (default: the bundled one)."""
    return _core._load_scenario(Path(path), _catalog(catalog))


def _scenario_parse(text: str, name: str = "<scenario>", catalog: Optional[Catalog] = None) -> Scenario:
    return _core._parse_scenario(text, name, _catalog(catalog))


def _scenario_run(self: Scenario, catalog: Optional[Catalog] = None) -> Comparison:
    """Costs every option of the scenario."""
    return _core._run_scenario(self, _catalog(catalog))


def _scenario_claim_variants(self: Scenario, catalog: Optional[Catalog] = None) -> Any:
    """The claim under other workload shapes (cache share, reasoning, long-context requests, peak or night hours)
    and on the other lists the claim names (``claim.also``): the volume it takes in each, as a frame."""
    from ._frames import frame_of

    return frame_of(_core._scenario_claim_variants(self, _catalog(catalog)), "variant")


def _scenario_check_claim(self: Scenario, catalog: Optional[Catalog] = None) -> ClaimCheck:
    """Checks the scenario's claim."""
    return _core._check_scenario_claim(self, _catalog(catalog))


# --- other price sources: imports, diffs, overlays ------------------------------------------------

def import_litellm(path: Union[str, os.PathLike], *, source_date: Optional[DateLike] = None, commit: str = "",
                   catalog: Optional[Catalog] = None) -> "ImportedCatalog":
    """Imports LiteLLM's model_prices_and_context_window.json (a file you have). ``source_date`` dates the
    prices; without it the file's ``last_updated`` stamp is used, and a file without one is refused."""
    return _core._import_litellm(Path(path), _catalog(catalog), source_date, commit)


def import_openrouter(path: Union[str, os.PathLike], *, source_date: Optional[DateLike] = None, commit: str = "",
                      catalog: Optional[Catalog] = None) -> "ImportedCatalog":
    """Imports a saved OpenRouter ``/api/v1/models`` response."""
    return _core._import_openrouter(Path(path), _catalog(catalog), source_date, commit)


def import_genai_prices(path: Union[str, os.PathLike], *, source_date: Optional[DateLike] = None, commit: str = "",
                        catalog: Optional[Catalog] = None) -> "ImportedCatalog":
    """Imports pydantic's genai-prices data (its ``data.json``, a file you have): price history as versions,
    time-of-day windows as time rules, batch/flex/priority/fast variants as service tiers. The data carries no
    date, so ``source_date`` is required."""
    return _core._import_genai_prices(Path(path), _catalog(catalog), source_date, commit)


# The price sources infercost reads, by the name the command line and reports give them.
IMPORTERS = {"litellm": import_litellm, "openrouter": import_openrouter, "genai-prices": import_genai_prices}


def _import_report(self: "ImportedCatalog") -> Any:
    """Counts per provider and status, with totals."""
    import pandas as pd

    frame = pd.DataFrame(self.entries)
    table = frame.pivot_table(index="provider", columns="status", values="key", aggfunc="count", fill_value=0)
    for status in ("priced", "priced_flagged", "rejected", "unpriced", "not_text"):
        if status not in table.columns:
            table[status] = 0
    table = table[["priced", "priced_flagged", "rejected", "unpriced", "not_text"]]
    table["entries"] = table.sum(axis=1)
    return table.sort_values("entries", ascending=False)


def _import_flags(self: "ImportedCatalog") -> Any:
    """Every data-quality finding, one row per flag."""
    import pandas as pd

    rows = [{"key": e["key"], "provider": e["provider"], "status": e["status"], "flag": f}
            for e in self.entries for f in e["flags"] if e["status"] != "not_text"]
    return pd.DataFrame(rows, columns=["key", "provider", "status", "flag"])


def _diff(self: Catalog, source: "ImportedCatalog", threshold: float = _D["diff_threshold"]) -> Any:
    """Prices of this catalog's offerings that differ from an imported source's by more than ``threshold``
    (relative), with both values and dates, largest difference first. ``frame.attrs`` holds the number of
    offerings matched and the ids not found in the source."""
    import pandas as pd

    name, matched, unmatched, rows = _core._diff(self, source, threshold)
    frame = pd.DataFrame(rows, columns=["offering", "source_id", "meter", "ours", "theirs", "relative_difference",
                                        "ours_effective_from", "ours_checked", "theirs_date", "at"])
    frame.attrs.update(source=name, matched=matched, unmatched=list(unmatched))
    return frame


@dataclass(frozen=True)
class OverlayResult:
    """A catalog with an overlay applied, and what the overlay changed (offering, action, detail)."""

    catalog: Catalog
    name: str
    changes: List[Dict[str, str]]

    def changes_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.changes, columns=["offering", "action", "detail"])


def apply_overlay(path: Union[str, os.PathLike], catalog: Optional[Catalog] = None) -> OverlayResult:
    """Layers an overlay file (negotiated prices, private deployments, extra offerings) over a catalog
    (default: the bundled one). See docs/overlays.md."""
    result, name, changes = _core._apply_overlay(_catalog(catalog), Path(path))
    return OverlayResult(result, name, list(changes))


def _with_overlay(self: Catalog, path: Union[str, os.PathLike]) -> Catalog:
    """A new catalog with an overlay file applied; use :func:`apply_overlay` to see what it changed."""
    return apply_overlay(path, self).catalog


# --- data governance ------------------------------------------------------------------------------

def _policy_load(path: Union[str, os.PathLike], catalog: Optional[Catalog] = None) -> "Policy":
    """Loads a policy file; jurisdiction codes are checked against the catalog's list."""
    return _core._load_policy(Path(path), _catalog(catalog))


def check_policy(comparison: Comparison, policy: Union["Policy", str, os.PathLike], *, data_class: str = "",
                 catalog: Optional[Catalog] = None) -> "PolicyCheck":
    """Judges a comparison by a policy (a Policy or a policy file): which options pass, every reason the
    others fail, the cheapest compliant option and the policy's yearly cost."""
    cat = _catalog(catalog)
    if not isinstance(policy, Policy):
        policy = _policy_load(policy, cat)
    return _core._check_policy(comparison, cat, policy, data_class)


def _comparison_check_policy(self: Comparison, policy: Union["Policy", str, os.PathLike], data_class: str = "",
                             catalog: Optional[Catalog] = None) -> "PolicyCheck":
    return check_policy(self, policy, data_class=data_class, catalog=catalog)


def _scenario_check_policy(self: Scenario, comparison: Comparison, catalog: Optional[Catalog] = None) -> "PolicyCheck":
    """Judges the scenario's comparison by the policy the scenario names (InputError when it names none)."""
    return _core._check_scenario_policy(self, comparison, _catalog(catalog))


