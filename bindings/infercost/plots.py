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
    "one_off": "#8172b3",
    "discount": "#b0b0b0",
    "commitment": "#e1812c",
    "credit": "#d0d0d0",
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
    _legend_outside(ax)
    return ax


def _legend_outside(ax: Any) -> None:
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)


def plot_projection(self: Comparison, by: str = "month", ax: Optional[Any] = None) -> Any:
    """Cost per period (``by``: month, quarter or year) of each option over the horizon; the baseline is
    drawn thicker."""
    frame = self.projection_frame(by)  # type: ignore
    ax = _wide_axes(ax)
    for i, (label, rows) in enumerate(frame.groupby("option", sort=False)):
        base = label == self.options[self.baseline].label
        ax.plot(rows["period"], rows["cost"].to_numpy(), marker="o", markersize=3, color=_option_colour(i),
                linewidth=2.5 if base else 1.2, label=f"{label}  (baseline)" if base else label)
    ax.set_ylabel(f"cost per {by} ({self.currency})")
    ax.set_title(f"Cost per {by}, {self.months} months from {self.start}")
    ax.yaxis.set_major_formatter(_thousands())
    ax.set_ylim(bottom=0)
    _legend_outside(ax)
    return ax


def plot_cumulative_savings(self: Comparison, ax: Optional[Any] = None) -> Any:
    """Cumulated cash saving of each option against the baseline, month by month; each option's payback
    month is marked."""
    frame = self.savings_frame()  # type: ignore
    finance = self.finance_frame()  # type: ignore
    ax = _wide_axes(ax)
    labels = [r.label for r in self.options]
    marked = 0
    for key, rows in frame.groupby("option", sort=False):
        label = str(key)
        colour = _option_colour(labels.index(label))
        ax.plot(rows["period"], rows["cumulative_saving"].to_numpy(), marker="o", markersize=3, label=label, color=colour)
        payback = finance["payback"].get(label)
        if payback == payback and rows["cumulative_saving"].min() < 0:  # not NaT, and there was something to pay back
            at = float(rows.loc[rows["period"] == payback, "cumulative_saving"].iloc[0])
            ax.plot([payback], [at], marker="D", markersize=8, color=colour)
            ax.annotate(f"pays back {_month_name(payback)}", (payback, at), textcoords="offset points",
                        xytext=(8, -14 - 12 * marked), fontsize="small", color=colour)
            marked += 1
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel(f"cumulative saving ({self.currency})")
    ax.set_title(f"Cumulative saving against {self.options[self.baseline].label}")
    ax.yaxis.set_major_formatter(_thousands())
    _legend_outside(ax)
    return ax


def plot_cost_per_task(self: Comparison, ax: Optional[Any] = None) -> Any:
    """Cost per task and per successful task of each option, as paired horizontal bars."""
    frame = self.task_frame()  # type: ignore
    ax = _axes(ax)
    y = np.arange(len(frame))
    ax.barh(y - 0.2, frame["cost_per_task"].to_numpy(), height=0.4, label="per task", color="#8fb0d9")
    ax.barh(y + 0.2, frame["cost_per_successful_task"].to_numpy(), height=0.4, label="per successful task",
            color="#4c72b0")
    ax.set_yticks(y, [f"{o}  (baseline)" if i == self.baseline else o for i, o in enumerate(frame.index)])
    ax.invert_yaxis()
    ax.set_xlabel(f"cost per task ({self.currency})")
    ax.set_title(frame.attrs["title"])
    _legend_outside(ax)
    return ax


def _option_colour(i: int) -> str:
    """The colour of option i, the same in every chart of a comparison."""
    return f"C{i % 10}"


def _month_name(d: Any) -> str:
    """A month as people write it: Mar 2027."""
    return f"{d:%b %Y}"


def _wide_axes(ax: Optional[Any]) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    fig, new_ax = plt.subplots(figsize=(10, 4.5))
    fig.subplots_adjust(right=0.68)
    return new_ax


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


def plot_replay_daily(replay: Any, ax: Any = None) -> Any:
    """Daily cost of a replayed log per offering (a line each), in the replay's reporting currency."""
    import matplotlib.pyplot as plt

    daily = replay.daily()
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    for column in daily.columns:
        ax.plot(daily.index, daily[column].to_numpy(), marker="o", markersize=3, label=str(column))
    ax.set_ylabel(f"cost per day ({replay.currency})")
    ax.set_title("Last month's traffic, priced again")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    ax.figure.autofmt_xdate()
    return ax
