"""Projections in Python: volume per month with growth, terms, one-off costs and the finance frames and plots,
on the hand-made acme list (acme/base: 2 USD per million input, 8 per million output)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

import infercost as ic

# A request of 1,000 input and 500 output tokens on acme/base costs 0.002 + 0.004 = 0.006 USD.
PER_REQUEST = 0.006


def _workload(**volume: object) -> ic.Workload:
    return ic.Workload(input_tokens=ic.fixed(1000), output_tokens=ic.fixed(500), **volume)  # type: ignore[arg-type]


def test_volume_per_month_ties_to_each_month_with_growth(acme: ic.Catalog) -> None:
    w = _workload(requests_per_month=2_000_000, growth={"yearly": 0.21})
    assert w.volume_unit == "month" and w.stated_volume == pytest.approx(2_000_000)
    c = ic.compare(w, ["acme/base"], start="2027-01-01", months=13, catalog=acme)
    frame = c.projection_frame()
    # Month k carries 2,000,000 x 1.21^(k/12): 2.2M in month 12, 1.1^(1/2)... in month 6 (1.21^(6/12) = 1.1).
    assert frame["requests"].iloc[0] == pytest.approx(2_000_000)
    assert frame["requests"].iloc[6] == pytest.approx(2_200_000)
    assert frame["requests"].iloc[12] == pytest.approx(2_420_000)
    assert frame["cost"].iloc[6] == pytest.approx(2_200_000 * PER_REQUEST)
    assert frame.attrs["currency"] == "USD"
    # By year: 2027 holds the twelve months from January, 2028 the thirteenth.
    by_year = c.projection_frame("year")
    assert list(by_year["period"].dt.year) == [2027, 2028]
    assert by_year["requests"].iloc[1] == pytest.approx(2_420_000)


def test_finance_frame_payback_npv_irr_of_a_migration(acme: ic.Catalog) -> None:
    # acme/cny costs 2.88 + 4.32 CNY per million tokens: 0.0072 CNY = 0.001 USD a request at 7.2.
    # 100,000 requests a month save 0.005 USD each: 500 USD a month against a 1,200 USD migration in month 0.
    w = _workload(requests_per_month=100_000)
    migrated = ic.Option("acme/cny", label="migrated", one_offs=[{"label": "migration", "date": "2027-01-01", "amount": 1200}])
    c = ic.compare(w, ["acme/base", migrated], start="2027-01-01", months=6, discount_rate=0.1, catalog=acme)
    s = c.savings(1)
    assert s.cash_saving == pytest.approx([-700, 500, 500, 500, 500, 500])
    # Cumulated: -700, -200, +300: it pays back in the third month, March 2027.
    assert s.payback == dt.date(2027, 3, 1)
    assert s.npv == pytest.approx(ic.npv(0.1, [-700, 500, 500, 500, 500, 500]))
    assert s.irr is not None and ic.npv(s.irr, s.cash_saving) == pytest.approx(0, abs=1e-6)
    f = c.finance_frame()
    assert f.loc["migrated", "payback_months"] == 3
    assert f.loc["migrated", "saving"] == pytest.approx(1800)


def test_agreements_and_fx_path_through_compare(acme: ic.Catalog) -> None:
    w = _workload(requests_per_day=1000)
    c = ic.compare(w, ["acme/base", "acme/cny"], start="2027-01-01", months=12, catalog=acme,
                   agreements=[{"provider": "acme", "discount": 0.25}],
                   fx_path=[{"date": "2027-07-01", "quote": "CNY", "rate": 8.0}])
    jan = c.projection_frame().iloc[0]
    # 31 days x 1,000 x 0.006 = 186 USD, a quarter off: -46.5.
    assert jan["discount"] == pytest.approx(-46.5)
    assert jan["cost"] == pytest.approx(139.5)
    cny = c.projection_frame().query("option == 'acme/cny'")
    # 0.0072 CNY a request: 0.001 USD at 7.2 until June, 0.0009 at the path's 8.0 from July (less 25%).
    assert cny["cost"].iloc[6] == pytest.approx(31 * 1000 * 0.0009 * 0.75)


@pytest.mark.parametrize("kwargs, message", [
    ({"agreements": [{"provider": "acme", "discount": 1.2}]}, "between 0 and 1"),
    ({"agreements": [{"provider": "acme", "discont": 0.2}]}, "unknown key 'discont'"),
    ({"discount_rate": -1.0}, "above -1"),
    ({"fx_path": [{"date": "2027-07-01", "quote": "CNY", "rate": 8.0}], "fx_date": "2027-01-01"}, "fx_date"),
])
def test_contradictions_are_refused(acme: ic.Catalog, kwargs: dict, message: str) -> None:
    with pytest.raises(ic.InputError, match=message):
        ic.compare(_workload(requests_per_day=10), ["acme/base"], start="2027-01-01", catalog=acme, **kwargs)


def test_workload_volume_and_growth_are_checked() -> None:
    with pytest.raises(ic.InputError, match="the volume once"):
        _workload(requests_per_day=1, requests_per_month=30)
    with pytest.raises(ic.InputError, match="needs its volume"):
        _workload()
    with pytest.raises(ic.InputError, match="exactly one"):
        _workload(requests_per_day=1, growth={"monthly": 0.1, "yearly": 0.2})
    with pytest.raises(ic.InputError, match="above -1"):
        _workload(requests_per_day=1, growth={"monthly": -2})


def test_short_growth_series_is_refused_against_the_horizon(acme: ic.Catalog) -> None:
    w = _workload(requests_per_day=10, growth={"series": [1, 1.1]})
    with pytest.raises(ic.InputError, match="2 values but the horizon has 3 months"):
        ic.compare(w, ["acme/base"], start="2027-01-01", months=3, catalog=acme)


def test_projection_plots_carry_currency_and_payback(acme: ic.Catalog) -> None:
    w = _workload(requests_per_month=100_000)
    migrated = ic.Option("acme/cny", label="migrated", one_offs=[{"label": "migration", "date": "2027-01-01", "amount": 1200}])
    c = ic.compare(w, ["acme/base", migrated], start="2027-01-01", months=6, catalog=acme)
    ax = c.plot_cumulative_savings()
    assert "USD" in ax.get_ylabel()
    assert any("pays back Mar 2027" in t.get_text() for t in ax.texts)
    ax = c.plot_projection(by="quarter")
    assert ax.get_ylabel() == "cost per quarter (USD)"
    ax.figure.canvas.draw()  # the legend sits right of the axes, off the data
    assert ax.get_legend().get_window_extent().x0 >= ax.get_window_extent().x1
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", bbox_inches="tight")
    assert buf.getvalue()[:4] == b"\x89PNG"


def test_routed_and_task_costs_in_python(acme: ic.Catalog) -> None:
    w = _workload(requests_per_day=1000)
    routed = ic.Option.routed("70/30", ["acme/base", "acme/cny"], shares=[0.7, 0.3])
    assert routed.kind == "routed" and routed.route_shares == [0.7, 0.3]
    c = ic.compare(w, ["acme/base", routed], start="2027-01-01", catalog=acme)
    # 0.7 x 0.006 + 0.3 x 0.001 = 0.0045 USD a request, 365,000 requests.
    assert c.options[1].total.amount == pytest.approx(365_000 * 0.0045)
    assert c.to_frame().loc["70/30", "kind"] == "routed"
    with pytest.raises(ic.InputError, match="sum to 1"):
        ic.Option.routed("bad", ["acme/base", "acme/cny"], shares=[0.7, 0.2])
    # Per task: 2 requests a task; acme/cny at a quarter of the success rate of acme/base.
    t = ic.compare(w, ["acme/base", "acme/cny"], start="2027-01-01", catalog=acme,
                   tasks={"name": "a ticket", "requests_per_task": 2,
                          "models": [{"option": "acme/cny", "success_rate": 0.25}]})
    f = t.task_frame()
    # acme/base 0.012 a task (always succeeds); acme/cny 0.002 a task, 0.008 a successful one.
    assert f.loc["acme/base", "cost_per_successful_task"] == pytest.approx(0.012)
    assert f.loc["acme/cny", "cost_per_successful_task"] == pytest.approx(0.008)
    ax = t.plot_cost_per_task()
    assert ax.get_xlabel() == "cost per task (USD)"
    with pytest.raises(ic.InputError, match="none of the options"):
        ic.compare(w, ["acme/base"], start="2027-01-01", catalog=acme, tasks={"models": [{"option": "acme/zzz"}]})
