"""The report pack for a budget meeting: one self-contained HTML page (tables and charts, every figure with the price
version, exchange rate and source it rests on, the assumptions listed), an Excel workbook with units in its column
headings, and the projection as FOCUS cost rows. ``infercost report SCENARIO --out DIR`` writes all three."""

from __future__ import annotations

import base64
import html
import io
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

import pandas as pd

from . import _core
from ._core import Catalog, Comparison, Scenario
from ._present import _display, _money_text, _volume_text

# The files of a report pack, by kind.
REPORT_FILES = {"html": "report.html", "excel": "report.xlsx", "focus": "focus.csv"}

_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #ccc; }
p.lead { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.85em; }
th, td { padding: 0.25em 0.6em; border-bottom: 1px solid #e4e4e4; text-align: right; white-space: nowrap; }
th { background: #f4f6f8; white-space: normal; vertical-align: bottom; } td.text, th.text { text-align: left; white-space: normal; }
div.wide { overflow-x: auto; max-width: 100%; }
.headline { display: flex; gap: 1em; flex-wrap: wrap; }
.headline div { background: #f4f6f8; padding: 0.7em 1em; border-radius: 4px; min-width: 14em; }
.headline b { display: block; font-size: 1.3em; }
img { max-width: 100%; } .notes { font-size: 0.8em; color: #555; } ul { margin-top: 0.3em; }
"""


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Writes through a temporary file beside `path` and renames it into place: a failure leaves no half file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        write(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # a temporary file is private; the result is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _html_table(frame: pd.DataFrame, text_columns: Sequence[str] = ()) -> str:
    rounding = frame.attrs.get("csv_rounding", {})
    head = "".join(f"<th class='{'text' if c in text_columns or frame[c].dtype == object else ''}'>{html.escape(str(c))}</th>"
                   for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for c in frame.columns:
            v = row[c]
            shown = _money_text(v, rounding.get(c))
            cls = "text" if c in text_columns or isinstance(v, str) else ""
            cells.append(f"<td class='{cls}'>{html.escape(shown)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<div class='wide'><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"


def _figure(draw: Callable[[], Any]) -> str:
    """A chart as an inline PNG, so the page needs no other file."""
    import matplotlib.pyplot as plt

    ax = draw()
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(ax.figure)
    return f"<img alt='chart' src='data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}'>"


def _workload_assumptions(scenario: Scenario) -> List[str]:
    w = scenario.workload
    return [
        f"Volume: {_volume_text(w)}.",
        f"Prompt tokens: {w.input_tokens.describe()}; output tokens: {w.output_tokens.describe()}.",
        f"Share of the prompt read from cache: {w.cached_share * 100:.4g}%; reasoning share of the output: "
        f"{w.reasoning_share * 100:.4g}%.",
        f"Local clock UTC{w.utc_offset}; hourly profile {list(w.hourly_profile)}; weekday profile (Mon-Sun) "
        f"{list(w.weekday_profile)}.",
    ]


def _wide_by_period(c: Comparison, by: str) -> pd.DataFrame:
    frame = c.projection_frame(by)
    wide = frame.pivot(index="period", columns="option", values="cost")[[r.label for r in c.options]]
    wide.columns = [f"{o} {c.currency}" for o in wide.columns]
    wide.insert(0, "period", [f"{d:%b %Y}" for d in wide.index])
    wide = wide.reset_index(drop=True)
    wide.attrs["csv_rounding"] = {col: "cents" for col in wide.columns if col != "period"}
    return wide


def _headline(c: Comparison) -> str:
    base = c.options[c.baseline]
    cheapest = c.options[c.cheapest()]
    finance = c.finance_frame()
    cards = [f"<div>Baseline<b>{html.escape(base.label)}</b>{_money_text(base.per_year.amount, 'cents')} "
             f"{c.currency} a year</div>"]
    if cheapest.label != base.label:
        when = finance["payback"].get(cheapest.label)
        payback = "" if when is None or pd.isna(when) else f"; pays back in {when:%b %Y}"
        saving = float(finance["saving"].get(cheapest.label, float("nan")))
        cards.append(f"<div>Cheapest option<b>{html.escape(cheapest.label)}</b>saves "
                     f"{_money_text(saving, 'cents')} {c.currency} over {c.months} months{payback}</div>")
    return "<div class='headline'>" + "".join(cards) + "</div>"


def _range_section(scenario: Scenario, mc: Any, catalog: Catalog) -> List[str]:
    """What is not known and what it does to the figures: the inputs, the fan of the projection, the saving's
    distribution, the ranges and the tornado."""
    from . import uncertainty

    inputs = _core._uncertain_inputs(scenario)[2]
    ranges = mc.ranges_table()
    parts = ["<h2>Ranges: what is not known</h2>",
             f"<p>{html.escape(ranges.title)}. {html.escape(' '.join(n[0].upper() + n[1:] + '.' for n in ranges.notes))}</p>",
             _html_table(_display(inputs), ["input", "distribution"]),
             _figure(lambda: mc.plot_fan())]
    if len(mc.options) > 1:
        parts.append(_figure(lambda: mc.plot_savings()))
    parts.append(_html_table(_display(ranges, ["option", "stated", "p5", "p50", "p95", "saving_p5", "saving_p50",
                                               "saving_p95", "p_cheaper"]), ["option"]))
    notes = list(inputs.notes)
    if len(mc.options) > 1:
        tn = uncertainty.tornado(scenario, catalog=catalog)
        parts += [f"<h3>{html.escape(tn.table().title)}</h3>", _figure(lambda: tn.plot()),
                  _html_table(_display(tn.table()), ["input"])]
        notes = list(tn.table().notes) + notes
    parts.append("<p class='notes'>" + "<br>".join(html.escape(n) for n in notes) + "</p>")
    return parts


def report_html(scenario: Scenario, c: Comparison, catalog: Catalog, mc: Any = None) -> str:
    """The report page as one self-contained HTML document; with `mc` (a Monte Carlo run of the scenario), a
    section of ranges."""
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(scenario.name)}</title>"
             f"<style>{_STYLE}</style></head><body>",
             f"<h1>{html.escape(scenario.name)}</h1>",
             f"<p class='lead'>{html.escape(scenario.description)}</p>",
             f"<p class='lead'>{c.months} months from {c.start:%d %b %Y}; amounts in {c.currency}; the exchange rates "
             f"used are listed under Assumptions.</p>",
             _headline(c)]
    parts.append("<h2>Options</h2>")
    parts.append(_html_table(_display(c.table(), ["option", "kind", "cost_per_year", "saving_per_year", "saving_share",
                                                  "cost_per_request"]), ["option", "kind"]))
    parts.append("<h2>Cost over the horizon</h2>")
    by = "month" if c.months <= 24 else "quarter"
    parts.append(_figure(lambda: c.plot_projection(by=by)))
    parts.append(_html_table(_wide_by_period(c, "year"), ["period"]))
    if len(c.options) > 1:
        finance = c.finance_table()
        parts.append("<h2>Savings against the baseline</h2>")
        parts.append(_figure(lambda: c.plot_cumulative_savings()))
        parts.append(_html_table(_display(finance), ["option"]))
        parts.append("<p class='notes'>" + "<br>".join(html.escape(n) for n in finance.notes) + "</p>")
    if c.has_tasks:
        tasks = c.task_table()
        parts.append(f"<h2>{html.escape(tasks.title)}</h2>")
        parts.append(_figure(lambda: c.plot_cost_per_task()))
        parts.append(_html_table(_display(tasks), ["option"]))
    if mc is not None:
        parts.extend(_range_section(scenario, mc, catalog))
    parts.append("<h2>Cost by line, per year</h2>")
    parts.append(_html_table(_display(c.by_meter_table()), ["option"]))
    if scenario.claim is not None:
        k = scenario.check_claim(catalog)
        parts.append("<h2>The claim</h2>")
        parts.append(f"<p>{html.escape(k.summary)}</p>")
    if scenario.policy_file is not None:
        pc = scenario.check_policy(c, catalog)
        parts.append(f"<h2>Policy: {html.escape(pc.policy)}</h2><p>{html.escape(pc.summary)}</p>")
        parts.append(_html_table(_display(pc.table()), ["option", "reasons"]))
    parts.append("<h2>Assumptions</h2><ul>" + "".join(f"<li>{html.escape(a)}</li>" for a in _workload_assumptions(scenario)))
    if c.discount_rate is not None:
        parts.append(f"<li>Discount rate for the NPV: {c.discount_rate * 100:.4g}% a year.</li>")
    for r in c.options:
        for n in r.notes:
            parts.append(f"<li>{html.escape(r.label)}: {html.escape(n)}</li>")
    parts.append("</ul><p>Every figure rests on these price versions, time rules, exchange rates and GPU prices:</p>")
    parts.append(_html_table(_display(c.assumptions_table()), ["option", "kind", "detail", "source"]))
    parts.append(f"<p class='notes'>Scenario file: {html.escape(str(scenario.file))}. infercost {_core.__version__}; "
                 f"catalog {html.escape(str(catalog.directory))}.</p></body></html>")
    return "".join(parts)


def _excel_frame(table: Any, names: Optional[Sequence[str]] = None) -> pd.DataFrame:
    """A result table for a workbook: the headings (money headings name the currency), dates without a time zone,
    amounts to cents and unit costs to four significant digits."""
    from ._present import _csv_cell

    frame = _display(table, names)
    rounding = frame.attrs.get("csv_rounding", {})
    for col in frame.columns:
        frame[col] = frame[col].map(lambda v, r=rounding.get(col): _csv_cell(v, r))
    return frame


def write_excel(c: Comparison, path: Union[str, os.PathLike], catalog: Catalog, mc: Any = None) -> Path:
    """The comparison as an Excel workbook: options, the projection by month (long form, by cost line), savings,
    finance, cost per task (with tasks), the ranges of a Monte Carlo run (with `mc`), FOCUS rows and assumptions,
    one sheet each; written atomically."""
    sheets: Dict[str, pd.DataFrame] = {
        "Options": _excel_frame(c.table()),
        "Projection": _excel_frame(c.projection_table("month")),
        "Savings": _excel_frame(c.savings_table("month")),
        "Finance": _excel_frame(c.finance_table()),
    }
    if c.has_tasks:
        sheets["Cost per task"] = _excel_frame(c.task_table())
    if mc is not None:
        sheets["Ranges"] = _excel_frame(mc.ranges_table())
        sheets["Monthly ranges"] = _excel_frame(mc.monthly_table())
    sheets["FOCUS"] = _excel_frame(_core.focus_table(c, catalog))
    sheets["Assumptions"] = _excel_frame(c.assumptions_table())
    out = Path(path)

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            for name, frame in sheets.items():
                frame.to_excel(xl, sheet_name=name, index=False)
                ws = xl.sheets[name]
                for i, col in enumerate(frame.columns, start=1):
                    width = max([len(str(col))] + [len(str(v)) for v in frame[col].head(200)])
                    ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(60, width + 2)
                ws.freeze_panes = "A2"

    _write_atomically(out, write)
    return out


def write_focus(c: Comparison, path: Union[str, os.PathLike], catalog: Catalog) -> Path:
    """The projection as FOCUS 1.3 cost rows in CSV (column names as FOCUS spells them); written atomically."""
    from ._present import _csv_cell

    frame = pd.DataFrame(_core.focus_table(c, catalog).to_records())
    for col in frame.columns:
        if frame[col].dtype.kind == "M":
            frame[col] = frame[col].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        elif frame[col].dtype.kind == "f":
            frame[col] = frame[col].map(lambda v: _csv_cell(v, None))
    out = Path(path)
    _write_atomically(out, lambda tmp: frame.to_csv(tmp, index=False))
    return out


def write_report(scenario: Scenario, out_dir: Union[str, os.PathLike], catalog: Optional[Catalog] = None,
                 comparison: Optional[Comparison] = None) -> Dict[str, Path]:
    """Writes report.html, report.xlsx and focus.csv for the scenario into `out_dir` (created if needed); a scenario
    with uncertain inputs gains its ranges (the default sample count and seed)."""
    from . import _api, uncertainty

    cat = _api._catalog(catalog)
    c = comparison if comparison is not None else scenario.run(cat)  # type: ignore[attr-defined]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    mc = uncertainty.monte_carlo(scenario, catalog=cat) if len(_core._uncertain_inputs(scenario)[0]) else None
    page = report_html(scenario, c, cat, mc)
    paths = {kind: out / name for kind, name in REPORT_FILES.items()}
    _write_atomically(paths["html"], lambda tmp: None if tmp.write_text(page, encoding="utf-8") else None)
    write_excel(c, paths["excel"], cat, mc)
    write_focus(c, paths["focus"], cat)
    return paths
