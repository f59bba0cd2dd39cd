"""Self-hosting from Python: throughput estimates, capacity plans, break-even against an API, and the
frames and displays that go with them (docs/selfhosting.md)."""

from __future__ import annotations

import datetime as _dt
import html
import os
from typing import Any, Dict, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._api import _D, _catalog, compare
from ._core import (
    BreakEven,
    Catalog,
    Deployment,
    ModelArchitecture,
    Option,
    Replica,
    SelfHosted,
    SelfHostReport,
    ThroughputEstimate,
    Workload,
)
from .errors import InputError


def selfhost_throughput(
    *,
    model: str,
    gpu: str,
    isl: float,
    osl: float,
    concurrency: Optional[int] = None,
    rate: Optional[float] = None,
    tpot_ms: Optional[float] = None,
    ttft_ms: Optional[float] = None,
    quantile: float = 0.9,
    cached: float = 0.0,
    catalog: Optional[Catalog] = None,
    **deployment: Any,
) -> ThroughputEstimate:
    """Throughput and latency of one replica for requests of ``isl`` input and ``osl`` output tokens: at
    ``concurrency`` sequences in flight (a closed loop, as in an offline benchmark), at an offered load of ``rate``
    requests a second (Poisson arrivals: TTFT and TPOT quantiles with queueing), or the best that meets
    ``tpot_ms``/``ttft_ms`` (at the ``quantile`` when a rate is searched), or with none of these the highest throughput
    that fits in memory. Other keywords are :class:`Deployment`'s (``gpus``, ``tp``, ``dp``, ``pp``, ``ep``, ``nodes``,
    ``weights``, ``kv``, ``engine``, ``settings``, ``spec_tokens``, ``spec_accept``...)."""
    r = Replica(_catalog(catalog), Deployment(model=model, gpu=gpu, **deployment))
    if concurrency is not None and rate is not None:
        raise InputError("give either a concurrency or an offered rate, not both")
    if concurrency is not None:
        if tpot_ms is not None or ttft_ms is not None:
            raise InputError("give either a concurrency or latency targets, not both")
        return r.at(isl, osl, concurrency, cached=cached)
    if rate is not None:
        if tpot_ms is not None or ttft_ms is not None:
            raise InputError("give either an offered rate or latency targets, not both")
        return r.at_rate(isl, osl, rate, cached=cached)
    return r.best(isl, osl, tpot_ms=tpot_ms, ttft_ms=ttft_ms, cached=cached)


def disaggregated(
    *,
    model: str,
    gpu: str,
    isl: float,
    osl: float,
    prefill: Dict[str, Any],
    decode: Dict[str, Any],
    tpot_ms: Optional[float] = None,
    ttft_ms: Optional[float] = None,
    cached: float = 0.0,
    catalog: Optional[Catalog] = None,
) -> "_core.DisaggregatedEstimate":
    """Prefill and decode on separate pools of ``model`` on ``gpu``: ``prefill`` and ``decode`` are each pool's
    :class:`Deployment` keywords (``gpus``, ``tp``, ``dp``, ``ep``...). The decode pool runs at the best concurrency
    under ``tpot_ms``; the prefill pool and the KV transfer must meet ``ttft_ms``."""
    pre, dec = dict(prefill), dict(decode)
    p = Deployment(model=model, gpu=pre.pop("gpu", gpu), **pre)
    d = Deployment(model=model, gpu=dec.pop("gpu", gpu), **dec)
    return _core._disaggregate(_catalog(catalog), p, d, isl, osl, cached, tpot_ms, ttft_ms)


def self_hosted(
    *,
    model: str,
    gpu: str,
    cloud_offer: str = "",
    owned: str = "",
    purchase: str = _D["purchase"],
    committed_months: Optional[int] = None,
    provisioning: Optional[str] = None,
    min_replicas: int = _D["min_replicas"],
    max_replicas: Optional[int] = None,
    spot_share: float = _D["spot_share"],
    spot_interruption: float = _D["spot_interruption"],
    max_utilisation: float = _D["max_utilisation"],
    tpot_ms: Optional[float] = None,
    ttft_ms: Optional[float] = None,
    jurisdictions: Sequence[str] = (),
    label: str = "",
    prefill: Optional[Dict[str, Any]] = None,
    **deployment: Any,
) -> SelfHosted:
    """A self-hosted option for :func:`compare` and :func:`plan_self_hosted`: a deployment priced from a
    cloud offer (``cloud_offer``) or an owned-hardware profile (``owned``). Other keywords are :class:`Deployment`'s.
    ``prefill`` makes it disaggregated: the prefill pool's :class:`Deployment` keywords (``gpus``, ``tp``, ``ep``...);
    the rest then describe the decode pool."""
    d = Deployment(model=model, gpu=gpu, **deployment)
    p = None
    if prefill is not None:
        base = {k: v for k, v in deployment.items() if k not in ("gpus", "tp", "dp", "pp", "ep", "spec_tokens", "spec_accept", "draft")}
        p = Deployment(model=model, gpu=gpu, **{**base, **prefill})
    return SelfHosted(d, cloud_offer=cloud_offer, owned=owned, purchase=purchase, committed_months=committed_months,
                      provisioning=provisioning, min_replicas=min_replicas, max_replicas=max_replicas,
                      spot_share=spot_share,
                      spot_interruption=spot_interruption,
                      max_utilisation=max_utilisation, tpot_ms=tpot_ms, ttft_ms=ttft_ms,
                      jurisdictions=list(jurisdictions), label=label, prefill=p)


def plan_self_hosted(option: SelfHosted, workload: Workload, *, start: Any, months: int = _D["months"],
                     catalog: Optional[Catalog] = None) -> SelfHostReport:
    """Replicas for every hour of ``months`` calendar months from ``start`` (a date: the plan never depends on the
    day it is made), cost per month, utilisation and cost per token."""
    return _core._plan_self_hosted(_catalog(catalog), option, workload, start, months)


def _api(api: Union[str, Option, float]) -> Union[Option, float]:
    if isinstance(api, bool):
        raise InputError("api must be an offering id, an Option or a cost per request")
    if isinstance(api, str):
        return Option(api)
    return api


def break_even(plan: SelfHostReport, workload: Workload, api: Union[str, Option, float], *,
               catalog: Optional[Catalog] = None) -> BreakEven:
    """The volume at which the plan's self-hosted bill equals an API's. ``api`` is an offering id or
    :class:`Option` (costed for the workload's shape over the plan's own period) or a cost per request in the
    plan's currency."""
    return _core._break_even(_catalog(catalog), plan, workload, _api(api))


def break_even_curve(plan: SelfHostReport, workload: Workload, api: Union[str, Option, float], *,
                     volumes: Optional[Sequence[float]] = None, catalog: Optional[Catalog] = None) -> pd.DataFrame:
    """Monthly cost of the API and of self-hosting against volume. ``volumes`` are requests per day (default:
    evenly spaced up to three times the larger of the workload's volume and the volume from which self-hosting
    stays cheaper)."""
    cat = _catalog(catalog)
    be = _core._break_even(cat, plan, workload, _api(api))
    frame = pd.DataFrame(_core._break_even_curve(cat, plan, workload, _api(api),
                                                 [float(v) for v in volumes] if volumes is not None else []))
    # attrs hold plain values: pandas deep-copies them, and the C++ object does not pickle.
    frame.attrs.update(currency=plan.currency, label=plan.label, break_even={
        k: getattr(be, k) for k in ("reached", "requests_per_day", "input_tokens_per_month", "output_tokens_per_month",
                                    "cost_per_month", "api_cost_per_request", "stays_cheaper_from", "summary")})
    return frame


def break_even_by_utilisation(plan: SelfHostReport, workload: Workload, api: Union[str, Option, float], *,
                              utilisations: Sequence[float] = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
                              catalog: Optional[Catalog] = None) -> pd.DataFrame:
    """How the break-even volume moves with the load a replica may carry (the plan's ``max_utilisation`` replaced by
    each of ``utilisations``): one row each, with the requests a day, the replicas the busiest hour runs there and
    the monthly cost (in ``attrs["currency"]``); ``None`` where self-hosting never breaks even."""
    cost = _core._break_even(_catalog(catalog), plan, workload, _api(api)).api_cost_per_request
    frame = pd.DataFrame(_core._break_even_by_utilisation(plan, cost, [float(u) for u in utilisations]))
    frame.attrs.update(currency=plan.currency, label=plan.label, api_cost_per_request=cost)
    return frame


def import_hf_config(path: Union[str, os.PathLike], id: str = "") -> ModelArchitecture:
    """Reads a Hugging Face ``config.json`` the user has (no download); ``id`` defaults to its folder's name."""
    return _core._import_hf_config(os.fspath(path), id)


def check_calibration(catalog: Optional[Catalog] = None, regime: Optional[str] = "offline") -> pd.DataFrame:
    """Predicted against published throughput for every calibration row of `regime` (offline, served, production;
    None: all); ``attrs['mape']`` is the mean absolute percentage error."""
    rows, mape = _core._check_calibration(_catalog(catalog), regime)
    frame = pd.DataFrame(rows)
    frame.attrs["mape"] = mape
    return frame


# --- frames and displays --------------------------------------------------------------------------

# The measures of an estimate, in the order frames and the command line show them.
ESTIMATE_KEYS = ("output_tokens_per_second", "input_tokens_per_second", "requests_per_second", "ttft_ms", "tpot_ms",
                 "concurrency", "decoding_sequences", "max_concurrent_sequences", "limit", "max_batch_size",
                 "max_num_tokens", "decode_step_ms", "round_ms", "prefill_ms", "input_time_share", "tokens_per_step",
                 "decode_bound", "experts_touched_per_layer", "offered_rate", "prefill_utilisation", "calibrated")


def estimate_measures(e: ThroughputEstimate) -> Dict[str, Any]:
    """The estimate's measures as one flat dict, with the latency quantiles (under an offered load) as ttft_p50_ms...
    tpot_p99_ms."""
    d = {k: getattr(e, k) for k in ESTIMATE_KEYS}
    for name in ("ttft", "tpot"):
        q = getattr(e, name)
        if q is not None:
            for k in ("p50", "p90", "p99"):
                d[f"{name}_{k}_ms"] = q[k]
    return d


def _estimate_dict(self: ThroughputEstimate) -> Dict[str, Any]:
    """The estimate's measures and memory plan as one flat dict."""
    d = estimate_measures(self)
    d.update(self.memory)
    return d


def _estimate_repr(self: ThroughputEstimate) -> str:
    return (f"ThroughputEstimate({self.output_tokens_per_second:,.0f} output tok/s at concurrency {self.concurrency}, "
            f"TPOT {self.tpot_ms:.1f} ms, TTFT {self.ttft_ms:.0f} ms)")


def _estimate_frame(self: ThroughputEstimate) -> pd.DataFrame:
    """The estimate as a one-column frame, one row per measure."""
    return pd.Series(_estimate_dict(self), dtype=object).to_frame("value")


def _plan_frame(self: SelfHostReport) -> pd.DataFrame:
    """Every hour of the plan's period, one row each: load, replicas needed, instances running, utilisation,
    cost."""
    frame = pd.DataFrame(self.hours)
    frame.insert(1, "day", frame["date"].dt.day_name().str[:3])
    frame.attrs.update(currency=self.currency, label=self.label)
    return frame


def _buckets_frame(self: SelfHostReport) -> pd.DataFrame:
    """A replica's throughput for each bucket of the workload's length mix, at the latency targets."""
    return pd.DataFrame(self.buckets)


def _plan_summary_frame(self: SelfHostReport) -> pd.DataFrame:
    """The plan's headline figures as one column, by the plan table's column names (numbers kept as numbers:
    ``utilisation`` is a share; amounts are in ``frame.attrs["currency"]``)."""
    table = self.table()
    record = table.to_records()[0]
    rows = {c["name"]: record[c["name"]] for c in table.columns if c["name"] != "option"}
    frame = pd.Series(rows, dtype=object).to_frame(self.label)
    frame.attrs.update(currency=self.currency, label=self.label)
    return frame


def _plan_repr(self: SelfHostReport) -> str:
    return (f"SelfHostReport({self.label}: {self.cost_per_month:,.0f} {self.currency}/month, peak "
            f"{self.peak_gpus} GPUs, utilisation {100 * self.utilisation:.0f}%)")


def _plan_html(self: SelfHostReport) -> str:
    """The plan table as a column, each cell shown by its column's kind: shares as per cent, amounts with cents
    (or four significant digits below one), counts and rates as whole numbers with separators."""
    title = html.escape(_plan_repr(self))
    table = self.table()
    record = table.to_records()[0]
    shown = {}
    for c in table.columns:
        if c["name"] == "option":
            continue
        v = record[c["name"]]
        if c["kind"] == "share":
            cell = f"{100 * float(v):.1f}%"
        elif c["kind"] == "money":
            cell = f"{float(v):,.2f}" if abs(float(v)) >= 1 or float(v) == 0 else f"{float(v):.4g}"
        elif c["kind"] == "integer":
            cell = f"{int(v):,}"
        elif c["kind"] == "number":
            cell = f"{float(v):,.0f}" if abs(float(v)) >= 100 else f"{float(v):,.1f}"
        else:
            cell = str(v)
        shown[c["heading"]] = cell
    frame = pd.Series(shown, dtype=object).to_frame(self.label)
    return f"<div class='infercost'><strong>{title}</strong>" + frame.to_html(border=0) + "</div>"


def _gpus_frame(self: Catalog) -> pd.DataFrame:
    """GPU specifications with their sources."""
    cols = ["id", "name", "vendor", "memory_gb", "memory_bandwidth_tbps", "bf16_tflops", "fp8_tflops", "fp4_tflops",
            "interconnect_gbps", "tdp_w", "source", "checked", "verified"]
    return pd.DataFrame([{c: getattr(g, c) for c in cols} for g in self.hardware.gpus]).set_index("id")


def _offers_frame(self: Catalog, gpu: Optional[str] = None) -> pd.DataFrame:
    """Cloud GPU offers, with the price per GPU-hour worked out from the instance price; ``jurisdictions`` is a
    list, ``committed_per_hour`` maps a term in months to its price per instance-hour."""
    rows = []
    for o in self.hardware.cloud_offers:
        if gpu is not None and o.gpu != gpu:
            continue
        rows.append({"id": o.id, "gpu": o.gpu, "gpus": o.gpus, "region": o.region,
                     "jurisdictions": list(o.jurisdictions), "currency": o.currency,
                     "on_demand_per_hour": o.on_demand_per_hour, "on_demand_per_gpu_hour": o.on_demand_per_hour / o.gpus,
                     "spot_per_gpu_hour": None if o.spot_per_hour is None else o.spot_per_hour / o.gpus,
                     "committed_per_hour": {int(m): float(p) for m, p in o.committed.items()},
                     "source": o.source, "checked": o.checked, "verified": o.verified})
    return pd.DataFrame(rows).set_index("id")


def _models_frame(self: Catalog) -> pd.DataFrame:
    """Model architectures: size, attention, experts, KV bytes per token, and the API offerings serving them
    (``served_by``, a list)."""
    rows = []
    for m in self.hardware.models:
        rows.append({"id": m.id, "name": m.name, "origin": m.origin, "license": m.license,
                     "total_params_b": m.total_params / 1e9, "active_params_b": m.active_params / 1e9,
                     "attention": m.attention, "layers": m.layers, "experts": m.experts,
                     "experts_per_token": m.experts_per_token, "kv_kib_per_token_bf16": m.kv_bytes_per_token("bf16") / 1024,
                     "served_by": list(m.served_by), "source": m.source})
    return pd.DataFrame(rows).set_index("id")


def _owned_frame(self: Catalog) -> pd.DataFrame:
    """Owned-hardware profiles with their cost per GPU-hour by component."""
    rows = []
    for p in self.hardware.owned:
        rows.append({"id": p.id, "gpu": p.gpu, "currency": p.currency, "life_years": p.life_years,
                     **{f"{k}_per_gpu_hour": v for k, v in p.cost_per_gpu_hour().items()}})
    return pd.DataFrame(rows).set_index("id")


