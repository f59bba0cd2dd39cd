"""matplotlib plots of comparisons, also available as methods (``comparison.plot()``). Each draws on
``ax`` (a new figure when omitted) and returns the axes."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from ._core import Comparison

# Distinct colours per cost line, in COST_LINES order.
_METER_COLOURS = {
    "input": "#4c72b0",
    "cached_input": "#8fb0d9",
    "cache_write": "#c44e52",
    "output": "#dd8452",
    "reasoning": "#937860",
    "request": "#8c8c8c",
    "gpu_hours": "#55a868",
    "capital": "#2f6b3f",
    "power": "#da8bc3",
    "hosting": "#ccb974",
    "operations": "#64b5cd",
}


def _axes(ax: Optional[Any]) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new_ax = plt.subplots(figsize=(8, 0.5 + 0.45 * 8))
    return new_ax


def plot_costs(self: Comparison, ax: Optional[Any] = None) -> Any:
    """Yearly cost per option as horizontal bars stacked by cost line; the baseline is marked."""
    frame = self.by_meter_frame()  # type: ignore
    frame = frame.loc[:, (frame != 0).any(axis=0)]
    ax = _axes(ax)
    left = np.zeros(len(frame))
    labels = [f"{name}  (baseline)" if i == self.baseline else name for i, name in enumerate(frame.index)]
    for meter in frame.columns:
        values = frame[meter].to_numpy()
        ax.barh(labels, values, left=left, label=meter.replace("_", " "), color=_METER_COLOURS.get(meter))
        left += values
    ax.invert_yaxis()
    ax.set_xlabel(f"cost per year ({self.currency})")
    ax.set_title(f"Yearly cost by cost line, {self.months} months from {self.start}")
    ax.xaxis.set_major_formatter(_thousands())
    ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_cumulative_savings(self: Comparison, ax: Optional[Any] = None) -> Any:
    """Cumulative saving of each option against the baseline, month by month."""
    monthly = self.monthly_frame()  # type: ignore
    base = monthly.iloc[:, self.baseline]
    savings = monthly.rsub(base, axis=0).cumsum()
    ax = _axes(ax)
    for i, column in enumerate(savings.columns):
        if i == self.baseline:
            continue
        ax.plot(savings.index, savings[column].to_numpy(), marker="o", markersize=3, label=column)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel(f"cumulative saving vs {monthly.columns[self.baseline]} ({self.currency})")
    ax.set_title("Cumulative savings against the baseline")
    ax.yaxis.set_major_formatter(_thousands())
    ax.legend(fontsize="small")
    return ax


def _thousands() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: f"{x:,.0f}")


def plot_break_even(frame: Any, ax: Optional[Any] = None) -> Any:
    """Cost per month against monthly volume, API against self-hosted, from
    :func:`infercost.break_even_curve`; the break-even volume is marked."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 5))
    x = frame["tokens_per_month"].to_numpy() / 1e9
    currency = frame.attrs.get("currency", "")
    ax.plot(x, frame["api_cost_per_month"].to_numpy(), label="API", color="#4c72b0")
    ax.step(x, frame["self_hosted_cost_per_month"].to_numpy(), where="post", color="#dd8452",
            label=f"self-hosted: {frame.attrs.get('label', '')}")
    be = frame.attrs.get("break_even")
    if be is not None and be["reached"]:
        bx = (be["input_tokens_per_month"] + be["output_tokens_per_month"]) / 1e9
        ax.axvline(bx, color="black", linewidth=0.8, linestyle="--")
        ax.annotate(f"break-even\n{be['requests_per_day']:,.0f} requests/day", (bx, be["cost_per_month"]),
                    textcoords="offset points", xytext=(6, 6), fontsize="small")
    ax.set_xlabel("tokens per month (billions, input + output)")
    ax.set_ylabel(f"cost per month ({currency})")
    ax.set_title("API against self-hosting")
    ax.yaxis.set_major_formatter(_thousands())
    ax.legend(fontsize="small")
    return ax


break_even = plot_break_even
