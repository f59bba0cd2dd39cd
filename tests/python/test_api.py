"""The Python API: hand-worked prices through keyword arguments, frames, display and errors."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import infercost as ic

from conftest import ACME_YAML, FX_YAML, ROOT


def test_price_keywords_and_breakdown(acme: ic.Catalog) -> None:
    # acme/base: input 2, cached 0.5, output 8 per million; reasoning billed as output.
    # 10,000 prompt with 4,000 cached; 1,000 output with 300 reasoning:
    # 6,000 x 2 + 4,000 x 0.5 + 700 x 8 + 300 x 8 = 0.012 + 0.002 + 0.0056 + 0.0024 = 0.022 USD.
    b = acme["acme/base"].price(at="2026-01-01", input=10_000, cached_input=4_000, output=1_000, reasoning=300)
    assert b.total == pytest.approx(ic.Money(0.022, "USD"))
    assert b.currency == "USD"
    frame = b.to_frame()
    assert list(frame["meter"]) == ["input", "cached_input", "output", "reasoning"]
    assert frame["cost"].sum() == pytest.approx(b.total.amount)
    assert frame.loc[frame["meter"] == "cached_input", "cost"].item() == pytest.approx(0.002)
    assert b.cost_of("reasoning") == pytest.approx(ic.Money(0.0024, "USD"))
    assert "acme/base" in repr(b) and "0.022000 USD" in repr(b)
    assert "<table" in b._repr_html_()  # type: ignore[attr-defined]


def test_tier_boundary_through_python(acme: ic.Catalog) -> None:
    o = acme["acme/tiered"]
    # 200,000 is not above 200,000: 200,000 x 1.25 + 1,000 x 10 = 0.26. One more token: 200,001 x 2.5 + 1,000 x 15.
    assert o.price(at="2026-01-01", input=200_000, output=1_000).total.amount == pytest.approx(0.26)
    above = o.price(at="2026-01-01", input=200_001, output=1_000)
    assert above.total.amount == pytest.approx(0.5150025)
    assert above.level == 1


def test_usage_converters_agree(acme: ic.Catalog) -> None:
    openai = ic.Usage.from_openai({
        "prompt_tokens": 10_000, "prompt_tokens_details": {"cached_tokens": 4_000},
        "completion_tokens": 1_000, "completion_tokens_details": {"reasoning_tokens": 300},
    })
    responses = ic.Usage.from_openai({
        "input_tokens": 10_000, "input_tokens_details": {"cached_tokens": 4_000},
        "output_tokens": 1_000, "output_tokens_details": {"reasoning_tokens": 300},
    })
    anthropic = ic.Usage.from_anthropic(
        {"input_tokens": 6_000, "cache_read_input_tokens": 4_000, "output_tokens": 1_000}, thinking_tokens=300)
    assert openai == responses == anthropic
    o = acme["acme/base"]
    assert o.price_usage(openai, at="2026-01-01").total.amount == pytest.approx(0.022)
    assert ic.price_request(o, anthropic, at="2026-01-01").total.amount == pytest.approx(0.022)
    with pytest.raises(ic.InputError, match="prompt_tokens"):
        ic.Usage.from_openai({"tokens": 3})


def test_compare_and_claim_by_hand(acme: ic.Catalog) -> None:
    w = ic.Workload(requests_per_day=10_000, input_tokens=1_000, output_tokens=500)
    c = ic.compare(w, ["acme/base", "acme/cny"], start="2027-01-01", catalog=acme)
    # Baseline: 1,000 x 2 + 500 x 8 = 0.006 USD a request; 10,000 a day for 365 days = 21,900 USD.
    # acme/cny: 1,000 x 2.88 + 500 x 8.64 = 0.0072 CNY = 0.001 USD at 7.2 CNY/USD: 3,650 USD.
    frame = c.to_frame()
    assert frame.loc["acme/base", "cost_per_year"] == pytest.approx(21_900)
    assert frame.loc["acme/cny", "cost_per_year"] == pytest.approx(3_650)
    assert frame.loc["acme/cny", "saving_per_year"] == pytest.approx(18_250)
    assert bool(frame.loc["acme/base", "baseline"])
    assert c.cheapest() == 1
    by_meter = c.by_meter_frame()
    assert by_meter.loc["acme/base", "output"] == pytest.approx(10_000 * 365 * 0.004)
    monthly = c.monthly_frame()
    assert len(monthly) == 12
    assert monthly["acme/base"].iloc[0] == pytest.approx(31 * 10_000 * 0.006)  # January: 31 days
    assumptions = c.assumptions_frame()
    fx_rows = assumptions[assumptions["kind"] == "exchange rate"]
    assert fx_rows["detail"].iloc[0] == f"1 CNY = {1 / 7.2:.6g} USD"
    assert "<table" in c._repr_html_()  # type: ignore[attr-defined]

    # 400,000 a year / (365 x 0.005) = 219,178.08 requests a day; baseline bill 480,000.
    k = ic.check_claim(w, baseline="acme/base", candidate="acme/cny", saving_per_year=400_000,
                       start="2027-01-01", catalog=acme)
    assert k.achievable
    assert k.implied_requests_per_day == pytest.approx(219_178.08)
    assert k.implied_baseline_per_year == pytest.approx(ic.Money(480_000, "USD"))
    table = k.to_frame()
    assert table.loc["implied requests per day", "value"] == pytest.approx(219_178.08)


def test_baseline_by_id_and_service_tier_option(catalog: ic.Catalog) -> None:
    w = ic.Workload(requests_per_day=1_000, input_tokens=ic.lognormal(mean=3000, p90=6000), output_tokens=400)
    c = ic.compare(w, ["alibaba/qwen3-max", ic.Option("openai/gpt-4.1", service_tier="batch"), "openai/gpt-4.1"],
                   baseline="openai/gpt-4.1", start="2026-01-01")
    assert c.baseline == 2
    frame = c.to_frame()
    # Batch halves every token meter of gpt-4.1.
    assert frame.loc["openai/gpt-4.1:batch", "cost_per_year"] == pytest.approx(
        frame.loc["openai/gpt-4.1", "cost_per_year"] / 2)
    with pytest.raises(ic.InputError, match="baseline"):
        ic.compare(w, ["alibaba/qwen3-max"], baseline="openai/gpt-5", start="2027-01-01")


def test_scenario_file_runs(catalog: ic.Catalog) -> None:
    s = ic.Scenario.load(ROOT / "examples" / "scenarios" / "qwen_switch.yaml")
    assert s.months == 12 and s.start == dt.date(2027, 1, 1)
    c = s.run()
    assert len(c.options) == len(s.options)
    assert all(r.per_year > 0 for r in c.options)
    k = s.check_claim()
    assert k.achievable and k.implied_requests_per_day > 0
    assert "Scenario" in repr(s)


def test_catalog_frames() -> None:
    # On the frozen copies of real lists in tests/data/catalog, so the prices asserted here stay put.
    catalog = ic.Catalog.load(ROOT / "tests" / "data" / "catalog")
    frame = catalog.to_frame()
    assert len(frame) == len(catalog) == len(catalog.offerings)
    assert frame.loc["openai/gpt-4.1", "input"] == pytest.approx(2.0)
    assert frame["source"].str.startswith("http").all()
    deepseek = catalog.to_frame(provider="deepseek")
    assert set(deepseek.index) == {o.id for o in catalog.by_provider("deepseek")} != set()
    hist = catalog["deepseek/deepseek-chat"].history_frame()
    assert hist["input"].iloc[0] == pytest.approx(0.14) and hist["input"].iloc[1] == pytest.approx(0.27)


def test_batch_pricing_matches_single_requests(acme: ic.Catalog) -> None:
    o = acme["acme/tiered"]
    usage = np.array([[1_000, 0, 0, 100, 0], [250_000, 50_000, 0, 2_000, 0], [300_000, 0, 0, 2_000, 500]],
                     dtype=np.int64)
    prices = o.price_batch(usage, at="2026-01-01")
    singles = [o.price(at="2026-01-01", input=int(r[0]), cached_input=int(r[1]), output=int(r[3]),
                       reasoning=int(r[4])).total for r in usage]
    np.testing.assert_allclose(prices.total, singles)
    # Row 1 by hand: 200,000 x 2.5 + 50,000 x 0.25 + 2,000 x 15 = 0.5 + 0.0125 + 0.03 = 0.5425.
    assert prices.total[1] == pytest.approx(0.5425)
    frame = prices.to_frame()
    assert list(frame.columns) == [*ic.METERS, "total"]
    # One instant per row, as datetime64 (read as UTC).
    per_row = o.price_batch(usage, at=np.array(["2026-01-01", "2026-01-02", "2026-01-03"], dtype="datetime64[s]"))
    np.testing.assert_allclose(per_row.total, prices.total)
    with pytest.raises(ic.InputError, match="integer"):
        o.price_batch(usage.astype(float), at="2026-01-01")
    with pytest.raises(ic.InputError, match="usage row 0"):
        o.price_batch(np.array([[10, 20, 0, 0, 0]]), at="2026-01-01")
    with pytest.raises(ic.InputError, match=r"shape \(N, 5\)"):
        o.price_batch(np.zeros((2, 4), dtype=np.int64), at="2026-01-01")


def test_errors_are_precise_exceptions(catalog: ic.Catalog, write_catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyError) as info:
        catalog.offering("alibaba/qwen3-mx")
    err = info.value
    assert isinstance(err, ic.NotFoundError)
    assert err.suggestions[0] == "alibaba/qwen3-max"
    assert "did you mean" in str(err)
    o = catalog["openai/gpt-4.1"]
    for bad, match in [(dict(input=-5), "negative"), (dict(input=1.5), "float"), (dict(input=float("nan")), "float"),
                       (dict(input="12"), "whole number"), (dict(input=True), "bool"),
                       (dict(input=10, cached_input=20), "exceeds input")]:
        with pytest.raises(ValueError, match=match):
            o.price(at="2026-01-01", **bad)
    with pytest.raises(ic.InputError, match="naive"):
        o.price(at=dt.datetime(2026, 1, 1), input=1)
    with pytest.raises(ic.InputError, match="service tier"):
        o.price(at="2026-01-01", input=1, service_tier="turbo")
    with pytest.raises(ic.InputError, match="finite"):
        ic.Workload(requests_per_day=float("nan"), input_tokens=10, output_tokens=10)
    with pytest.raises(ic.InputError, match="between 0 and 1"):
        ic.Workload(requests_per_day=10, input_tokens=10, output_tokens=10, cached_share=1.5)
    with pytest.raises(ic.InputError, match="24 values"):
        ic.Workload(requests_per_day=10, input_tokens=10, output_tokens=10, hourly_profile=[1, 2])
    with pytest.raises(ic.InputError, match="distribution"):
        ic.Workload(requests_per_day=10, input_tokens="many", output_tokens=10)
    # A bad catalog file reports where.
    path = write_catalog({"fx.yaml": FX_YAML, "api/acme.yaml": ACME_YAML.replace("input: 2.0", "input: -2.0")})
    with pytest.raises(ic.InputError) as bad:
        ic.Catalog.load(path)
    assert bad.value.file is not None and bad.value.file.endswith("acme.yaml")
    assert bad.value.line == 7
    assert bad.value.field == "offerings[0].versions[0].prices.input"


def test_failures_leave_nothing_half_done(catalog: ic.Catalog, write_catalog) -> None:  # type: ignore[no-untyped-def]
    before = len(ic.Catalog.default())
    path = write_catalog({"fx.yaml": FX_YAML, "api/acme.yaml": ACME_YAML.replace("currency: CNY", "currency: XYZ")})
    with pytest.raises(ic.InputError, match="unknown currency"):
        ic.Catalog.load(path)
    assert ic.Catalog.default() is catalog and len(catalog) == before
    w = ic.Workload(requests_per_day=10, input_tokens=10, output_tokens=10)
    with pytest.raises(KeyError):
        ic.compare(w, ["openai/gpt-4.1", "nope/model"], start="2026-01-01")
    # The workload is unchanged and still usable.
    assert w.requests_per_day == 10
    assert ic.compare(w, ["openai/gpt-4.1"], start="2026-01-01").options[0].requests == pytest.approx(3650)


def test_distributions() -> None:
    d = ic.lognormal(mean=3000, p90=6000)
    assert d.mean == pytest.approx(3000)
    assert d.quantile(0.9) == pytest.approx(6000, rel=1e-6)
    h = ic.histogram([0, 200, 400], [1, 1])
    assert h.prob_above(100) == pytest.approx(0.75)
    assert ic.fixed(5).mean == 5
    with pytest.raises(ic.InputError, match="2.27"):
        ic.lognormal(mean=1000, p90=3000)
    with pytest.raises(ic.InputError, match="mean= or median="):
        ic.lognormal(p90=3000)


def test_plots_draw(acme: ic.Catalog) -> None:
    w = ic.Workload(requests_per_day=10_000, input_tokens=1_000, output_tokens=500, cached_share=0.2)
    c = ic.compare(w, ["acme/base", "acme/tiered"], start="2027-01-01", catalog=acme)
    ax = c.plot()
    # Two options; meters with cost: input, cached_input and output -> 3 x 2 bars.
    assert len(ax.patches) == 6
    assert ax.get_xlabel() == "cost per year (USD)"
    ax2 = c.plot_cumulative_savings()
    (line,) = [l for l in ax2.get_lines() if l.get_label() == "acme/tiered"]
    # Cumulative saving after 12 months equals the yearly saving (a 12-month horizon).
    assert line.get_ydata()[-1] == pytest.approx(c.saving_per_year(1).amount)


def test_serving_scope_through_price_compare_and_the_command_line(write_catalog) -> None:  # type: ignore[no-untyped-def]
    # acme/base (2 / 0.5 / 8 USD per million) with a data-residency scope at +10%.
    from conftest import ACME_YAML, FX_YAML, infercost_command
    import subprocess
    scoped = ACME_YAML.replace(
        "prices: {input: 2.0, cached_input: 0.5, output: 8.0}, fallbacks: {reasoning: output}}",
        "prices: {input: 2.0, cached_input: 0.5, output: 8.0}, fallbacks: {reasoning: output},\n"
        "             scopes: {data_residency: {multiplier: 1.1}}}")
    path = write_catalog({"fx.yaml": FX_YAML, "api/acme.yaml": scoped})
    cat = ic.Catalog.load(path)
    o = cat["acme/base"]
    # 1M in + 100K out: 2.00 + 0.80 = 2.80 USD; at the residency endpoint 2.80 x 1.1 = 3.08 USD.
    assert o.price(at="2026-06-01", input=10**6, output=10**5).total.amount == pytest.approx(2.8)
    b = o.price(at="2026-06-01", input=10**6, output=10**5, scope="data_residency")
    assert b.total.amount == pytest.approx(3.08) and b.scope == "data_residency"
    w = ic.Workload(requests_per_day=10, input_tokens=10**6, output_tokens=10**5)
    c = ic.compare(w, ["acme/base", ic.Option("acme/base", scope="data_residency")], start="2026-06-01", months=1,
                   catalog=cat)
    # 30 days x 10 requests: 300 x 2.80 = 840 and 300 x 3.08 = 924 USD.
    assert [r.total.amount for r in c.options] == pytest.approx([840, 924])
    assert c.options[1].label == "acme/base@data_residency"
    with pytest.raises(ic.InputError, match="has no serving scope 'eu'; it offers: default, data_residency"):
        o.price(at="2026-06-01", input=10, scope="eu")
    # Batch pricing of the same rows at the scope: 3.08 each.
    rows = np.array([[10**6, 0, 0, 10**5, 0]] * 3, dtype=np.int64)
    assert o.price_batch(rows, at="2026-06-01", scope="data_residency").total.tolist() == pytest.approx([3.08] * 3)
    out = subprocess.run([infercost_command(), "price", "acme/base", "--input", "1000000", "--output", "100000",
                          "--at", "2026-06-01", "--scope", "data_residency", "--catalog", str(path), "--format", "json"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    import json
    doc = json.loads(out.stdout)
    assert doc["scope"] == "data_residency" and doc["total"] == pytest.approx(3.08)
