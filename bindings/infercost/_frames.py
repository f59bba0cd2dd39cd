"""pandas frames, HTML display and readable reprs for the result types."""

from __future__ import annotations

import html
from typing import Any, List, Optional

import pandas as pd

from . import _core
from ._core import (
    Catalog,
    ClaimCheck,
    Comparison,
    CostReport,
    Offering,
    PolicyCheck,
    PriceBreakdown,
    Scenario,
)

METERS: List[str] = list(_core.METERS)
COST_LINES: List[str] = list(_core.COST_LINES)  # the meters, then the self-hosted lines


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _html(title: str, frame: pd.DataFrame, notes: Optional[List[str]] = None, float_format: Any = None,
          index: bool = True) -> str:
    parts = [f"<div class='infercost'><strong>{html.escape(title)}</strong>"]
    parts.append(frame.to_html(float_format=float_format, border=0, index=index))
    for n in notes or []:
        parts.append(f"<div style='font-size:smaller'>{html.escape(n)}</div>")
    parts.append("</div>")
    return "".join(parts)


# --- one request ----------------------------------------------------------------------------------

def _breakdown_frame(self: PriceBreakdown) -> pd.DataFrame:
    """One row per charge: meter, quantity, rate (per million tokens; per request for `request`), level, cost."""
    rows = [
        {"meter": c.meter, "quantity": c.quantity, "rate": c.rate, "level": c.level, "cost": c.cost}
        for c in self.charges
    ]
    frame = pd.DataFrame(rows, columns=["meter", "quantity", "rate", "level", "cost"])
    frame.attrs.update(
        offering_id=self.offering_id, currency=self.currency, total=self.total, source=self.source,
        version_from=self.version_from, time_rule=self.time_rule, service_tier=self.service_tier,
    )
    return frame


def _breakdown_notes(self: PriceBreakdown) -> List[str]:
    notes = [f"price list from {self.version_from:%Y-%m-%d %H:%M} UTC, {self.source} (checked {self.checked})"]
    if self.level:
        notes.append(f"context tier {self.level} (chosen by the prompt size)")
    if self.time_rule:
        notes.append(f"time-of-day rule: {self.time_rule}")
    if self.service_tier != "standard":
        notes.append(f"service tier: {self.service_tier}")
    return notes


def _breakdown_repr(self: PriceBreakdown) -> str:
    lines = [f"PriceBreakdown({self.offering_id}: {self.total:.6f} {self.currency})"]
    lines += ["  " + l for l in _breakdown_frame(self).to_string(index=False).splitlines()]
    lines += ["  " + n for n in _breakdown_notes(self)]
    return "\n".join(lines)


PriceBreakdown.to_frame = _breakdown_frame  # type: ignore
PriceBreakdown.__repr__ = _breakdown_repr  # type: ignore
PriceBreakdown._repr_html_ = lambda self: _html(  # type: ignore
    f"{self.offering_id}: {self.total:.6f} {self.currency}", _breakdown_frame(self), _breakdown_notes(self), index=False
)


# --- workload costs -------------------------------------------------------------------------------

def _report_frame(self: CostReport) -> pd.DataFrame:
    """Month by month: requests, cost per cost line (the lines this option has) and total, in the report's
    currency."""
    frame = pd.DataFrame(self.months)
    lines = [c for c in COST_LINES if (frame[c] != 0).any()] if len(frame) else []
    frame = frame[["month", "requests", *lines, "total"]].set_index("month")
    frame.attrs.update(label=self.label, currency=self.currency)
    return frame


CostReport.to_frame = _report_frame  # type: ignore
CostReport.__repr__ = lambda self: (  # type: ignore
    f"CostReport({self.label}: {_money(self.per_year)} {self.currency}/year, {self.requests:,.0f} requests)"
)
CostReport._repr_html_ = lambda self: _html(  # type: ignore
    f"{self.label}: {_money(self.per_year)} {self.currency} per year", _report_frame(self), float_format=_money
)


def _comparison_frame(self: Comparison) -> pd.DataFrame:
    """One row per option: yearly cost, saving against the baseline, cost per request and volume."""
    rows = []
    for i, r in enumerate(self.options):
        rows.append({
            "option": r.label,
            "offering": r.offering_id or "self-hosted",
            "service_tier": r.service_tier,
            "cost_per_year": r.per_year,
            "saving_per_year": self.saving_per_year(i),
            "saving_share": self.saving_share(i),
            "cost_per_request": r.cost_per_request if r.requests > 0 else float("nan"),
            "requests": r.requests,
            "baseline": i == self.baseline,
        })
    frame = pd.DataFrame(rows).set_index("option")
    frame.attrs.update(currency=self.currency, start=self.start, months=self.months, fx_date=self.fx_date)
    return frame


def _by_meter_frame(self: Comparison) -> pd.DataFrame:
    """Yearly cost per option (rows) and cost line (columns: the meters, then GPU-hours, capital, power, hosting
    and operations for self-hosted options; lines no option has are left out). Each row sums to the option's
    yearly cost."""
    scale = 12.0 / self.months
    frame = pd.DataFrame(
        [{m: r.by_meter[m] * scale for m in COST_LINES} for r in self.options],
        index=pd.Index([r.label for r in self.options], name="option"),
    )
    frame = frame.loc[:, (frame != 0).any(axis=0)]
    frame.attrs.update(currency=self.currency)
    return frame


def _monthly_frame(self: Comparison) -> pd.DataFrame:
    """Cost per month (rows) and option (columns)."""
    frame = pd.DataFrame({r.label: _report_frame(r)["total"] for r in self.options})
    frame.index.name = "month"
    frame.attrs.update(currency=self.currency)
    return frame


def _assumptions_frame(self: Comparison) -> pd.DataFrame:
    """What each option's cost rests on: price versions (with source and checked date), time-of-day
    rules and exchange rates."""
    rows = []
    for i, r in enumerate(self.options):
        plan = self.self_hosted[i]
        if plan is not None:
            e = plan.replica
            rows.append({"option": r.label, "kind": "GPU price", "detail": plan.price_basis, "share_of_requests": 1.0,
                         "source": plan.governance["source"], "date": plan.governance["checked"]})
            rows.append({"option": r.label, "kind": "replica",
                         "detail": (f"{e.output_tokens_per_second:,.0f} output tok/s at TPOT {e.tpot_ms:.1f} ms, "
                                    f"peak {plan.peak_gpus} GPUs, utilisation {100 * plan.utilisation:.0f}%"
                                    + ("" if e.calibrated else "; efficiency profile not calibrated")),
                         "share_of_requests": 1.0, "source": "", "date": None})
        for v in r.versions:
            rows.append({"option": r.label, "kind": "price version",
                         "detail": f"from {v['effective_from']:%Y-%m-%d %H:%M} UTC in {v['currency']}",
                         "share_of_requests": v["request_share"], "source": v["source"],
                         "date": v["checked"]})
        for name, share in r.time_rules.items():
            rows.append({"option": r.label, "kind": "time rule", "detail": name, "share_of_requests": share,
                         "source": "", "date": None})
        for c in r.conversions:
            rows.append({"option": r.label, "kind": "exchange rate",
                         "detail": f"1 {c['from']} = {c['rate']:.6g} {c['to']}", "share_of_requests": 1.0,
                         "source": c["source"], "date": c["rate_date"]})
    return pd.DataFrame(rows, columns=["option", "kind", "detail", "share_of_requests", "source", "date"])


def _comparison_title(self: Comparison) -> str:
    return (f"{len(self.options)} options over {self.months} months from {self.start}, "
            f"baseline {self.options[self.baseline].label} ({self.currency})")


def _comparison_repr(self: Comparison) -> str:
    frame = _comparison_frame(self)[["cost_per_year", "saving_per_year", "saving_share"]]
    text = frame.to_string(formatters={"cost_per_year": _money, "saving_per_year": _money,
                                       "saving_share": "{:.1%}".format})
    return f"Comparison: {_comparison_title(self)}\n{text}"


def _comparison_html(self: Comparison) -> str:
    frame = _comparison_frame(self)[["cost_per_year", "saving_per_year", "saving_share", "cost_per_request"]]
    styled = frame.copy()
    styled["cost_per_year"] = styled["cost_per_year"].map(_money)
    styled["saving_per_year"] = styled["saving_per_year"].map(_money)
    styled["saving_share"] = styled["saving_share"].map("{:.1%}".format)
    styled["cost_per_request"] = styled["cost_per_request"].map("{:.6f}".format)
    notes = [f"exchange rates in force on {self.fx_date}; see .assumptions_frame() for the rates, price versions "
             "and sources"]
    return _html(_comparison_title(self), styled, notes)


Comparison.to_frame = _comparison_frame  # type: ignore
Comparison.by_meter_frame = _by_meter_frame  # type: ignore
Comparison.monthly_frame = _monthly_frame  # type: ignore
Comparison.assumptions_frame = _assumptions_frame  # type: ignore
Comparison.__repr__ = _comparison_repr  # type: ignore
Comparison._repr_html_ = _comparison_html  # type: ignore


# --- claims ---------------------------------------------------------------------------------------

def _claim_frame(self: ClaimCheck) -> pd.DataFrame:
    """The claim check as a two-column table of quantities and values."""
    rows = [
        ("baseline", self.baseline),
        ("candidate", self.candidate),
        (f"claimed saving per year ({self.currency})", self.claimed_saving_per_year),
        (f"baseline cost per request ({self.currency})", self.baseline_cost_per_request),
        (f"candidate cost per request ({self.currency})", self.candidate_cost_per_request),
        ("achievable", self.achievable),
        ("implied requests per day", self.implied_requests_per_day),
        ("implied input tokens per day", self.implied_input_tokens_per_day),
        ("implied output tokens per day", self.implied_output_tokens_per_day),
        (f"implied baseline cost per year ({self.currency})", self.implied_baseline_per_year),
        (f"implied candidate cost per year ({self.currency})", self.implied_candidate_per_year),
        ("saving share", self.saving_share),
        ("workload requests per day", self.workload_requests_per_day),
        (f"workload saving per year ({self.currency})", self.workload_saving_per_year),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value"]).set_index("quantity")


ClaimCheck.to_frame = _claim_frame  # type: ignore
ClaimCheck.__repr__ = lambda self: f"ClaimCheck({self.summary})"  # type: ignore
ClaimCheck._repr_html_ = lambda self: _html(self.summary, _claim_frame(self))  # type: ignore


# --- catalog --------------------------------------------------------------------------------------

def _catalog_frame(self: Catalog, at: Any = None, provider: Optional[str] = None) -> pd.DataFrame:
    """One row per offering with the prices in force at ``at`` (default: each offering's latest
    version), per million tokens in the list's currency."""
    rows = []
    offerings = self.offerings if provider is None else self.by_provider(provider)
    for o in offerings:
        v = o.versions[-1] if at is None else o.version_at(at)
        p = v["prices"]
        rows.append({
            "id": o.id, "provider": o.provider, "model": o.model, "currency": v["currency"],
            **{m: p.get(m, float("nan")) for m in METERS},
            "context_tiers": 0 if v["tiers"] is None else len(v["tiers"]["levels"]),
            "time_rules": ", ".join(r["name"] for r in v["time_rules"]),
            "service_tiers": ", ".join(v["service_tiers"]),
            "effective_from": v["effective_from"], "source": v["source"], "checked": v["checked"],
            "retired": o.retired,
        })
    return pd.DataFrame(rows).set_index("id")


def _history_frame(self: Offering) -> pd.DataFrame:
    """The offering's price versions, oldest first."""
    rows = []
    for v in self.versions:
        rows.append({"effective_from": v["effective_from"], "currency": v["currency"],
                     **{m: v["prices"].get(m, float("nan")) for m in METERS},
                     "context_tiers": 0 if v["tiers"] is None else len(v["tiers"]["levels"]),
                     "time_rules": ", ".join(r["name"] for r in v["time_rules"]),
                     "source": v["source"], "checked": v["checked"], "note": v["note"]})
    return pd.DataFrame(rows).set_index("effective_from")


Catalog.to_frame = _catalog_frame  # type: ignore
Catalog._repr_html_ = lambda self: _html(repr(self), _catalog_frame(self))  # type: ignore
Offering.history_frame = _history_frame  # type: ignore
Offering._repr_html_ = lambda self: _html(f"{self.id}: price history", _history_frame(self))  # type: ignore
Scenario.__repr__ = lambda self: (  # type: ignore
    f"<Scenario {self.name!r}: {len(self.options)} options, {self.months} months from {self.start}>"
)


# --- policies -------------------------------------------------------------------------------------

def _policy_frame(self: "PolicyCheck") -> pd.DataFrame:
    """One row per option: yearly cost, whether it passes, and every reason it fails."""
    frame = pd.DataFrame({
        "option": self.labels, "cost_per_year": self.cost_per_year, "passes": self.passes,
        "reasons": ["; ".join(r) for r in self.reasons],
    }).set_index("option")
    frame.attrs.update(policy=self.policy, data_class=self.data_class,
                       cheapest=self.labels[self.cheapest],
                       cheapest_compliant=None if self.cheapest_compliant is None else self.labels[self.cheapest_compliant],
                       cost_of_policy_per_year=self.cost_of_policy_per_year)
    return frame


def _policy_summary(self: "PolicyCheck") -> str:
    if self.cheapest_compliant is None:
        return f"Policy '{self.policy}': no option complies."
    return (f"Policy '{self.policy}'" + (f" for {self.data_class} data" if self.data_class else "") +
            f": cheapest compliant option {self.labels[self.cheapest_compliant]}; the policy costs "
            f"{self.cost_of_policy_per_year:,.0f} a year over the cheapest option, {self.labels[self.cheapest]}.")


PolicyCheck.to_frame = _policy_frame  # type: ignore
PolicyCheck.summary = property(_policy_summary)  # type: ignore
PolicyCheck.__repr__ = lambda self: f"PolicyCheck({_policy_summary(self)})"  # type: ignore
PolicyCheck._repr_html_ = lambda self: _html(_policy_summary(self), _policy_frame(self), float_format=_money)  # type: ignore


def _governance_frame(self: Catalog, provider: Optional[str] = None) -> pd.DataFrame:
    """Governance facts per offering: deployment class, jurisdictions, origin, licence, retention, source."""
    rows = []
    for o in (self.offerings if provider is None else self.by_provider(provider)):
        g = o.governance or {}
        rows.append({"id": o.id, **{k: (", ".join(v) if isinstance(v, list) else v) for k, v in g.items()}})
    return pd.DataFrame(rows).set_index("id")


Catalog.governance_frame = _governance_frame  # type: ignore
