"""How results read for people and in exports: one set of rules for the command line, the report page and the
workbook. Money with thousands separators and its currency, unit costs to four significant digits, shares as
percentages, dates as dates, missing cells empty."""

from __future__ import annotations

import json
import math
from typing import Any, Dict, List, Optional, Sequence

import pandas as pd

from . import _core

def _missing(x: Any) -> bool:
    """None, NaN, or the missing-value markers pandas puts in a frame's cells (NaT for a missing date)."""
    if x is None:
        return True
    if isinstance(x, (str, bytes, bool, dict, list, tuple)):
        return False
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _records(table: Any) -> List[Dict[str, Any]]:
    """A result table's rows as JSON writes them (the library's writer: missing is null, dates are text)."""
    return json.loads(table.to_json())  # type: ignore[no-any-return]


def _display(table: Any, names: Optional[Sequence[str]] = None, keep: Optional[Sequence[bool]] = None) -> pd.DataFrame:
    """Columns of a result table for people, under the table's headings (money headings name the currency):
    shares as percentages, dates as YYYY-MM-DD, instants in UTC, missing cells empty."""
    columns = {c["name"]: c for c in table.columns}
    rows = table.to_records()
    if keep is not None:
        rows = rows[list(keep)]
    shown = {}
    for name in names or list(columns):
        c, values = columns[name], rows[name]
        if c["kind"] == "share":
            cells: List[Any] = [round(100 * float(v), 1) for v in values]
        elif c["kind"] == "date":
            cells = ["" if pd.isna(v) else str(v)[:10] for v in values]
        elif c["kind"] == "timestamp":
            cells = ["" if pd.isna(v) else f"{str(v)[:10]} {str(v)[11:16]} UTC" for v in values]
        elif c["kind"] == "number":  # measured or averaged quantities: a tenth from 10 on, three digits below
            cells = [v if pd.isna(v) or v == 0 else round(float(v), 1) if abs(v) >= 10 else float(f"{v:.3g}") for v in values]
        else:
            cells = list(values)
        shown[c["heading"]] = cells
    frame = pd.DataFrame(shown)
    # How CSV rounds money: unit costs and prices to four significant digits, amounts to cents.
    frame.attrs["csv_rounding"] = {
        columns[n]["heading"]: ("significant" if columns[n]["unit"] in _UNIT_PRICES else "cents")
        for n in names or list(columns) if columns[n]["kind"] == "money"}
    return frame


# Units of money columns that hold a cost per unit rather than an amount: CSV keeps four significant digits.
_UNIT_PRICES = {"per request", "per million tokens", "per million input tokens", "per million output tokens",
                "per GPU-hour", "per instance-hour", "per unit", "per task"}


def _csv_cell(v: Any, rounding: Optional[str]) -> Any:
    if not isinstance(v, float) or not math.isfinite(v):
        return v
    if rounding == "cents":
        return round(v, 2) + 0.0  # + 0.0: no "-0.0"
    if rounding == "significant":
        return float(f"{v:.4g}")
    return _core._clean_number(v)


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return str(v)
    if _missing(v):
        return ""
    if isinstance(v, float):
        if not math.isfinite(v):
            return ""
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        if 0 < abs(v) < 1e-4:  # small amounts in plain decimals, never in exponent notation
            return f"{v:.12f}".rstrip("0")
        return f"{v:.6g}"
    return str(v)


def _markdown(frame: pd.DataFrame) -> str:
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for _, row in frame.iterrows():
        lines.append("| " + " | ".join(_fmt(v).replace("|", "\\|") for v in row.tolist()) + " |")
    return "\n".join(lines)


def _money_text(v: Any, rounding: Optional[str]) -> str:
    """Money for people: amounts with thousands separators (whole units from 1,000, cents below), unit costs
    to four significant digits."""
    if not isinstance(v, float) or not math.isfinite(v) or rounding is None:
        return _fmt(v)
    if rounding == "significant":
        return f"{v:,.4g}" if abs(v) >= 1 else f"{float(f'{v:.4g}'):.12f}".rstrip("0").rstrip(".") or "0"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{round(v, 2) + 0.0:,.2f}"


def _table(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "(none)"
    shown = frame.copy()
    rounding = frame.attrs.get("csv_rounding", {})
    for c in shown.columns:
        shown[c] = shown[c].map(lambda v, r=rounding.get(c): _money_text(v, r))
    return shown.to_string(index=False)


def _volume_text(w: Any) -> str:
    """The volume as the scenario states it: 4,500,000 requests/month, growing 4% a month."""
    text = f"{w.stated_volume:,.0f} requests/{w.volume_unit}"
    g = w.growth
    if g is None:
        return text
    if "series" in g:
        return text + ", growing by a month-by-month series"
    per = "month" if "monthly" in g else "year"
    rate = g.get("monthly", g.get("yearly"))
    return text + f", {'growing' if rate >= 0 else 'shrinking'} {abs(rate) * 100:.4g}% a {per}"
