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


def _money(x: float) -> str:
    """An amount for people: thousands separators, whole units from 1,000, cents below (_present's rule)."""
    from ._present import _money_text

    return _money_text(float(x), "cents")


def _html(title: str, frame: pd.DataFrame, notes: Optional[List[str]] = None, float_format: Any = None,
          index: bool = True) -> str:
    parts = [f"<div class='infercost'><strong>{html.escape(title)}</strong>"]
    parts.append(frame.to_html(float_format=float_format, border=0, index=index))
    for n in notes or []:
        parts.append(f"<div style='font-size:smaller'>{html.escape(n)}</div>")
    parts.append("</div>")
    return "".join(parts)


def frame_of(table: Any, index: Optional[str] = None) -> pd.DataFrame:
    """A result table (its columns defined once, in C++) as a frame: one column per table column, with the
    table's title, notes and column kinds and currencies in ``attrs``."""
    frame = pd.DataFrame(table.to_records())
    if index is not None:
        frame = frame.set_index(index)
    frame.attrs.update(title=table.title, notes=list(table.notes), columns=table.columns)
    currencies = {c["currency"] for c in table.columns if c["currency"]}
    if len(currencies) == 1:
        frame.attrs["currency"] = currencies.pop()
    return frame


# --- one request ----------------------------------------------------------------------------------

def _breakdown_frame(self: PriceBreakdown) -> pd.DataFrame:
    """One row per charge: meter, quantity, unit, rate (per unit), level, cost."""
    frame = frame_of(self.table())
    frame.attrs.update(
        offering_id=self.offering_id, total=self.total, source=self.source, version_from=self.version_from,
        time_rule=self.time_rule, service_tier=self.service_tier,
    )
    return frame


def _breakdown_repr(self: PriceBreakdown) -> str:
    t = self.table()
    lines = [f"PriceBreakdown({t.title})"]
    lines += ["  " + l for l in _breakdown_frame(self).to_string(index=False).splitlines()]
    lines += ["  " + n for n in t.notes]
    return "\n".join(lines)


def _price_breakdown_repr_html(self: PriceBreakdown) -> Any:
    t = self.table()
    frame = _breakdown_frame(self)
    frame["quantity"] = frame["quantity"].map(lambda q: f"{q:,.0f}" if float(q).is_integer() else f"{q:,.2f}")
    # Under the table's headings, which name the currency of the money columns.
    frame = frame.rename(columns={c["name"]: c["heading"] for c in t.columns})
    return _html(t.title, frame, list(t.notes), index=False)


# --- workload costs -------------------------------------------------------------------------------

def _report_frame(self: CostReport) -> pd.DataFrame:
    """Month by month: requests, cost per cost line (the lines this option has) and total, in the report's
    currency."""
    frame = frame_of(self.table(), "month")
    frame.attrs.update(label=self.label)
    return frame


def _cost_report_repr(self: CostReport) -> Any:
    return (
        f"CostReport({self.label}: {_money(self.per_year)} {self.currency}/year, {self.requests:,.0f} requests)"
    )

def _cost_report_repr_html(self: CostReport) -> Any:
    return _html(self.table().title, _report_frame(self), float_format=_money)


def _comparison_frame(self: Comparison) -> pd.DataFrame:
    """One row per option: kind, offering (missing for a self-hosted option), service tier, baseline, yearly
    cost, saving against the baseline and its share, cost per request and volume."""
    frame = frame_of(self.table(), "option")
    frame.attrs.update(start=self.start, months=self.months, fx_date=self.fx_date)
    return frame


def _by_meter_frame(self: Comparison) -> pd.DataFrame:
    """Yearly cost per option (rows) and cost line (columns: the meters, then GPU-hours, capital, power, hosting
    and operations for self-hosted options; lines no option has are left out). Each row sums to the option's
    yearly cost."""
    return frame_of(self.by_meter_table(), "option")


def _monthly_frame(self: Comparison) -> pd.DataFrame:
    """Cost per month (rows) and option (columns)."""
    return frame_of(self.monthly_table(), "month")


def _projection_frame(self: Comparison, by: str = "month") -> pd.DataFrame:
    """Per period (``by``: month, quarter or year) and option, in long form: requests, the cost lines some
    option has, cost and cash (one-off costs when paid, owned servers bought outright)."""
    return frame_of(self.projection_table(by))


def _savings_frame(self: Comparison, by: str = "month") -> pd.DataFrame:
    """Per period and option against the baseline: cost, saving, cash saving and the cumulated cash saving."""
    return frame_of(self.savings_table(by))


def _finance_frame(self: Comparison) -> pd.DataFrame:
    """Per option against the baseline: saving and cash saving over the horizon, payback month, NPV (at the
    scenario's discount rate) and IRR."""
    return frame_of(self.finance_table(), "option")


def _focus_frame(self: Comparison, catalog: Optional[Catalog] = None) -> pd.DataFrame:
    """The projection as FOCUS 1.3 cost rows (column names as FOCUS spells them), to join a FinOps data set; the
    BilledCost of an option's rows adds up to its projected cost. Charge periods are time-zone-naive UTC."""
    from . import _api

    return frame_of(_core.focus_table(self, _api._catalog(catalog)))


def _to_excel(self: Comparison, path: Any, catalog: Optional[Catalog] = None) -> Any:
    """Writes the comparison as an Excel workbook (options, projection, savings, finance, tasks, FOCUS rows,
    assumptions), units in the column headings, dates without time zones; returns the path."""
    from . import _api, report

    return report.write_excel(self, path, _api._catalog(catalog))


def _task_frame(self: Comparison) -> pd.DataFrame:
    """With tasks, per option: requests and tokens per task, token ratio, thinking, success rate, cost per task
    and per successful task."""
    return frame_of(self.task_table(), "option")


def _assumptions_frame(self: Comparison) -> pd.DataFrame:
    """What each option's cost rests on: price versions (with source and checked date), time-of-day
    rules and exchange rates, and for a self-hosted option its GPU price and replica."""
    return frame_of(self.assumptions_table())


def _comparison_title(self: Comparison) -> str:
    return (f"{len(self.options)} options over {self.months} months from {self.start}, "
            f"baseline {self.options[self.baseline].label} ({self.currency})")


def _comparison_repr(self: Comparison) -> str:
    frame = _comparison_frame(self)[["cost_per_year", "saving_per_year", "saving_share"]]
    text = frame.to_string(formatters={"cost_per_year": _money, "saving_per_year": _money,
                                       "saving_share": "{:.1%}".format})
    return f"Comparison: {_comparison_title(self)}\n{text}"


def _comparison_html(self: Comparison) -> str:
    from ._present import _display, _money_text

    # The table's headings (money names its currency); amounts to cents, the cost per request to four significant
    # digits, the share as a percentage.
    styled = _display(self.table(), ["option", "cost_per_year", "saving_per_year", "saving_share", "cost_per_request"])
    rounding = styled.attrs["csv_rounding"]
    for col, rule in rounding.items():
        styled[col] = styled[col].map(lambda v, r=rule: _money_text(v, r))
    styled = styled.set_index("option")
    notes = [f"exchange rates in force on {self.fx_date}; see .assumptions_frame() for the rates, price versions "
             "and sources"]
    return _html(_comparison_title(self), styled, notes)


# --- claims ---------------------------------------------------------------------------------------

def _claim_frame(self: ClaimCheck) -> pd.DataFrame:
    """The claim check as a two-column table of quantities (the claim table's headings) and values; the share
    as a percentage, as its heading says."""
    t = self.table()
    row = t.to_records()[0]
    rows = []
    for c in t.columns:
        v = _value(row[c["name"]])
        rows.append((c["heading"], 100 * v if c["kind"] == "share" and v is not None else v))
    return pd.DataFrame(rows, columns=["quantity", "value"]).set_index("quantity")


def _value(x: Any) -> Any:
    """A structured-array cell as a plain Python value (None where missing)."""
    if isinstance(x, (bytes, str)) or x is None:
        return x
    if pd.isna(x):
        return None
    return x.item() if hasattr(x, "item") else x


def _claim_check_repr(self: ClaimCheck) -> Any:
    return f"ClaimCheck({self.summary})"

def _claim_check_repr_html(self: ClaimCheck) -> Any:
    return _html(self.summary, _claim_frame(self))


# --- catalog --------------------------------------------------------------------------------------

def _catalog_frame(self: Catalog, at: Any = None, provider: Optional[str] = None) -> pd.DataFrame:
    """One row per offering with the prices in force at ``at`` (default: each offering's latest
    version), per million tokens in the list's currency (missing where the list has no price)."""
    return frame_of(self.table(at=at, provider=provider or ""), "id")


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


def _catalog_repr_html(self: Catalog) -> Any:
    return _html(repr(self), _catalog_frame(self))

def _offering_repr_html(self: Offering) -> Any:
    return _html(f"{self.id}: price history", _history_frame(self))

def _scenario_repr(self: Scenario) -> Any:
    return (
        f"<Scenario {self.name!r}: {len(self.options)} options, {self.months} months from {self.start}>"
    )


# --- policies -------------------------------------------------------------------------------------

def _policy_frame(self: "PolicyCheck") -> pd.DataFrame:
    """One row per option: yearly cost, whether it passes, and every reason it fails."""
    frame = frame_of(self.table(), "option")
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


def _policy_check_repr(self: PolicyCheck) -> Any:
    return f"PolicyCheck({_policy_summary(self)})"

def _policy_check_repr_html(self: PolicyCheck) -> Any:
    return _html(_policy_summary(self), _policy_frame(self), float_format=_money)


def _governance_frame(self: Catalog, provider: Optional[str] = None) -> pd.DataFrame:
    """Governance facts per offering: deployment class, jurisdictions, origin, licence, retention, source."""
    rows = []
    for o in (self.offerings if provider is None else self.by_provider(provider)):
        g = o.governance or {}
        rows.append({"id": o.id, **{k: (", ".join(v) if isinstance(v, list) else v) for k, v in g.items()}})
    return pd.DataFrame(rows).set_index("id")


