"""Every provider export priced again under its own offerings, and set against the provider's cost report.

The prices come from the frozen fixture catalog tests/data/usage/catalog (copies of the bundled lists as they stood
in November 2026, see its README), never from the bundled catalog, so that a routine price update breaks no test
here. Each expected amount is worked by hand in the comments from those list prices (USD per million tokens unless
said; a web search is a fee per call).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Dict

import pandas as pd
import pytest

import infercost as ic
from infercost import logs

DATA = Path(__file__).resolve().parents[1] / "data" / "usage"


@pytest.fixture(scope="module")
def cat() -> ic.Catalog:
    return ic.Catalog.load(DATA / "catalog")


def own(name: str, cat: ic.Catalog, **kw: Any) -> logs.Replay:
    """The fixture priced under its own offerings only."""
    return logs.read_log(DATA / name, catalog=cat).replay([], **kw)


def total(r: logs.Replay) -> float:
    return float(r.totals()["cost_USD"].sum())


def meter(r: logs.Replay, name: str, **where: Any) -> float:
    """The cost of one meter, over the cells that match ``where`` (logged_offering=..., day=...)."""
    c = r.cells
    for k, v in where.items():
        c = c[c[k] == v]
    return float(c[f"{name}_cost"].sum())


def daily(r: logs.Replay) -> Dict[str, float]:
    return {str(d): float(v) for d, v in r.daily()["as logged"].items()}


def day(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


# --- every usage format, priced as logged -----------------------------------------------------------------

def test_openai_usage_api(cat: ic.Catalog) -> None:
    r = own("openai_usage_completions.json", cat)
    # gpt-4.1: 2 input / 0.50 cached / 8 output; priority 3.50 / 0.875 / 14. gpt-4o: 2.50 / 1.25 / 10, batch half.
    # gpt-6.1-terra: 1 input / 0.05 cached / 1.25 cache write (30-minute) / 5 output, flex half.
    # 2026-11-03 gpt-4.1 standard:  8,000 uncached x 2 + 4,000 cached x 0.50 + 1,500 out x 8 = 30,000 -> 0.03
    #            gpt-4o batch:      (50,000 x 2.50 + 9,000 x 10) x 0.5 = 107,500 -> 0.1075
    # 2026-11-04 gpt-6.1-terra flex: (18,000 x 1 + 10,000 x 0.05 + 2,000 x 1.25 + 4,000 x 5) x 0.5 = 20,500 -> 0.0205
    #            gpt-4.1 priority:  8,000 x 3.50 + 700 x 14 = 37,800 -> 0.0378
    # total 0.03 + 0.1075 + 0.0205 + 0.0378 = 0.1958
    assert total(r) == pytest.approx(0.1958, abs=1e-12)
    assert daily(r) == pytest.approx({"2026-11-03": 0.1375, "2026-11-04": 0.0583}, abs=1e-12)
    # the flex bucket's 2,000 cache writes: 2,000 x 1.25 x 0.5 = 1,250 -> 0.00125
    assert meter(r, "cache_write", logged_offering="openai/gpt-6.1-terra") == pytest.approx(0.00125, abs=1e-12)
    # every bucket's whole prompt (at most 50,000 tokens) is within the first context level: priced exactly
    assert int(r.totals()["rows_tiered_at_mean"].sum()) == 0


def test_openai_usage_dashboard_csv(cat: ic.Catalog) -> None:
    r = own("openai_usage_completions.csv", cat)
    # 2026-11-05 gpt-4o:          53,440 uncached x 2.50 + 5,760 cached x 1.25 + 10,646 out x 10 = 247,260 -> 0.24726
    # 2026-11-06 gpt-4.1:         38,072 x 2 + 8,192 x 0.50 + 6,000 x 8 = 128,240 -> 0.12824
    # 2026-11-08 gpt-4.1 batch:   (5,783 x 2 + 1,600 x 8) x 0.5 = 12,183 -> 0.012183
    # total 0.387683 (the empty bucket of 2026-11-07 is no row)
    assert total(r) == pytest.approx(0.387683, abs=1e-12)
    assert daily(r) == pytest.approx({"2026-11-05": 0.24726, "2026-11-06": 0.12824, "2026-11-08": 0.012183},
                                     abs=1e-12)
    assert meter(r, "cached_input", logged_offering="openai/gpt-4o") == pytest.approx(0.0072, abs=1e-12)


def test_anthropic_usage_report(cat: ic.Catalog) -> None:
    r = own("anthropic_usage_report.json", cat)
    # Sonnet 4.5: 3 input / 3.75 5-minute write / 0.30 read / 15 output, batch half; a web search 0.01.
    # Opus 4.6: 5 / 0.50 read / 10 1-hour write / 25, x1.1 on the us scope. Opus 5.5: 4 / 5 5-minute write / 20,
    # fast mode x2.
    # 2026-11-10 Sonnet standard: 1,200 x 3 + 300 x 0.30 + 100 x 3.75 + 900 x 15 = 17,565 -> 0.017565
    #                             + 2 searches x 0.01 = 0.02
    #            Sonnet batch:    (40,000 x 3 + 8,000 x 15) x 0.5 = 120,000 -> 0.12
    #            Opus 4.6 us:     (5,000 x 5 + 20,000 x 0.50 + 3,000 x 10 + 1,500 x 25) x 1.1 = 112,750 -> 0.11275
    # 2026-11-11 Opus 5.5 fast:   (2,000 x 4 + 500 x 5 + 600 x 20) x 2 = 45,000 -> 0.045
    # total 0.037565 + 0.12 + 0.11275 + 0.045 = 0.315315
    assert total(r) == pytest.approx(0.315315, abs=1e-12)
    assert daily(r) == pytest.approx({"2026-11-10": 0.270315, "2026-11-11": 0.045}, abs=1e-12)
    assert meter(r, "web_search") == pytest.approx(0.02, abs=1e-12)
    # the 1-hour writes on the us scope: 3,000 x 10 x 1.1 = 33,000 -> 0.033
    assert meter(r, "cache_write_long", logged_offering="anthropic/claude-opus-4-6") == pytest.approx(0.033, abs=1e-12)
    # the report counts no requests; no list here charges per request and no bucket crosses a context tier
    assert int(r.cells["rows_unknown_requests"].sum()) == 4


def test_deepseek_amount(cat: ic.Catalog) -> None:
    r = own("deepseek_amount.csv", cat)
    # Both days are a Beijing-time weekend (2026-11-14 and 15), off-peak all day. deepseek-flash: 0.003 hit /
    # 0.15 miss / 0.60 output; deepseek-v4-pro: 0.022 / 0.66 / 1.98.
    # 11-14 flash:  120,000 x 0.003 + 80,000 x 0.15 + 40,000 x 0.60 = 36,360 -> 0.03636
    # 11-14 v4-pro: 40,000 x 0.022 + 60,000 x 0.66 + 90,000 x 1.98 = 218,680 -> 0.21868
    # 11-15 flash:  50,000 x 0.003 + 25,000 x 0.15 + 12,000 x 0.60 = 11,100 -> 0.0111
    # total 0.26614
    assert total(r) == pytest.approx(0.26614, abs=1e-12)
    # the export's day starts at 00:00 Beijing time, 16:00 UTC the day before: on the UTC day clock
    assert daily(r) == pytest.approx({"2026-11-13": 0.25504, "2026-11-14": 0.0111}, abs=1e-12)
    # on Beijing time the days are the export's own
    beijing = own("deepseek_amount.csv", cat, day_clock="+08:00")
    assert daily(beijing) == pytest.approx({"2026-11-14": 0.25504, "2026-11-15": 0.0111}, abs=1e-12)
    assert meter(r, "output", logged_offering="deepseek/deepseek-v4-pro") == pytest.approx(0.1782, abs=1e-12)


def test_litellm_spendlogs(cat: ic.Catalog) -> None:
    r = own("litellm_spendlogs.csv", cat)
    # gpt-4.1:     1,476 x 2 + 1,024 cached x 0.50 + 700 x 8 = 9,064 -> 0.009064
    # Sonnet 4.5:  1,200 x 3 + 300 x 0.30 + 100 x 3.75 + 900 x 15 (200 of them reasoning, billed as output) = 17,565
    #              -> 0.017565, + 1 search x 0.01 = 0.027565
    # Haiku 4.5:   31 x 1 + 1,253 5-minute writes x 1.25 + 467 x 5 = 3,932.25 -> 0.00393225
    # deepseek-flash (Saturday 19:45 Beijing, off-peak): 4,000 x 0.003 + 1,000 x 0.15 + 800 x 0.60 = 642 -> 0.000642
    # total 0.04120325
    assert total(r) == pytest.approx(0.04120325, abs=1e-12)
    assert meter(r, "reasoning") == pytest.approx(0.003, abs=1e-12)  # 200 x 15
    assert meter(r, "web_search") == pytest.approx(0.01, abs=1e-12)


def test_openrouter_generations(cat: ic.Catalog) -> None:
    r = own("openrouter_generations.jsonl", cat)
    # OpenRouter's listed prices on 2026-11-15: deepseek/deepseek-v3.2 0.26 / 0.13 cached / 0.38;
    # moonshotai/kimi-k2.5 0.532 / 0.209 / 3.325; anthropic/claude-opus-5.5 4 / 0.20 / 20 (pass-through).
    # DeepSeek V3.2: 1,000 x 0.26 + 2,000 x 0.13 + 500 x 0.38 = 710 and 1,500 x 0.26 + 300 x 0.38 = 504 -> 0.001214
    # Kimi K2.5:     4,000 x 0.532 + 6,000 x 0.209 + 1,200 x 3.325 = 7,372 -> 0.007372
    # Opus 5.5:      3,000 x 4 + 5,000 x 0.20 + 2,000 x 20 (800 of them reasoning) = 53,000 -> 0.053
    # total 0.061586
    assert total(r) == pytest.approx(0.061586, abs=1e-12)
    by_model = r.by_model()["as logged"]
    assert by_model.to_dict() == pytest.approx({"openrouter/claude-opus-5.5": 0.053, "openrouter/deepseek-v3.2": 0.001214,
                                                "openrouter/kimi-k2.5": 0.007372}, abs=1e-12)


def test_openrouter_activity(cat: ic.Catalog) -> None:
    r = own("openrouter_activity.csv", cat)
    # the permanent slugs resolve through the fixture's aliases (deepseek/deepseek-v3.2-20251201,
    # moonshotai/kimi-k2.5-0127); prices on 2026-11-16 as for the generation records
    # DeepSeek V3.2: 710 + 504 = 1,214; Kimi K2.5: 3,000 x 0.532 + 5,000 x 0.209 + 2,000 x 3.325 = 9,291
    # total 10,505 -> 0.010505
    assert total(r) == pytest.approx(0.010505, abs=1e-12)
    assert meter(r, "cached_input", logged_offering="openrouter/kimi-k2.5") == pytest.approx(0.001045, abs=1e-12)


def test_langfuse(cat: ic.Catalog) -> None:
    r = own("langfuse_observations.jsonl", cat)
    # gpt-4.1 0.009064 and Sonnet 4.5 0.017565 as for LiteLLM
    # Haiku 4.5:  40 x 1 + 20,000 read x 0.10 + 3,000 1-hour writes x 2 + 1,500 x 5 = 15,540 -> 0.01554
    # deepseek-v4-pro at 10:30 Beijing on a Tuesday, inside the peak window, 2x the off-peak 0.022 / 0.66 / 1.98:
    #             2,000 x 1.32 + 8,000 x 0.044 + 2,000 x 3.96 (1,600 of them reasoning) = 10,912 -> 0.010912
    # total 0.053081
    assert total(r) == pytest.approx(0.053081, abs=1e-12)
    assert meter(r, "cache_write_long") == pytest.approx(0.006, abs=1e-12)
    assert meter(r, "reasoning", logged_offering="deepseek/deepseek-v4-pro") == pytest.approx(0.006336, abs=1e-12)


def test_jsonl_usage(cat: ic.Catalog) -> None:
    r = own("jsonl_usage.jsonl", cat)
    # gpt-4o chat:           176 x 2.50 + 1,024 cached x 1.25 + 300 x 10 = 4,720 -> 0.00472
    # gpt-6.1-terra flex:    (3,000 x 1 + 2,000 x 0.05 + 800 x 5) x 0.5 = 3,550 -> 0.00355, + 1 search x 0.01
    #                        (a tier scales the token meters, not the search fee) -> 0.01355
    # Sonnet 4.6 us:         (1,200 x 3 + 300 x 0.30 + 100 x 3.75 + 900 x 15) x 1.1 = 19,321.5 -> 0.0193215,
    #                        + 2 searches x 0.01 (the scope does not scale the fee either) -> 0.0393215
    # Gemini 2.5 Flash:      (4,000 prompt + 200 tool-use prompt - 1,000 cached) x 0.30 + 1,000 x 0.03
    #                        + (600 + 900 thoughts) x 2.50 = 4,740 -> 0.00474
    # gpt-4o-mini batch:     (800 x 0.15 + 200 x 0.60) x 0.5 = 120 -> 0.00012
    # deepseek-flash (18:08 Beijing, just after the peak window): 2,048 x 0.003 + 952 x 0.15 + 1,500 x 0.60
    #                        = 1,048.944 -> 0.001048944
    # total 0.063500444
    assert total(r) == pytest.approx(0.063500444, abs=1e-12)
    assert meter(r, "web_search") == pytest.approx(0.03, abs=1e-12)
    assert meter(r, "input", logged_offering="google/gemini-2.5-flash") == pytest.approx(0.00096, abs=1e-12)


# --- aggregated rows across a context tier ----------------------------------------------------------------

def test_a_bucket_across_a_context_tier_is_refused_unless_tiered_at_its_mean(cat: ic.Catalog, tmp_path: Path) -> None:
    # The flex bucket of 2026-11-04 grown to 10 requests with 3,000,000 prompt tokens: gpt-6.1-terra bills a whole
    # request above 272,000 prompt tokens at its long-context level, and the bucket does not say which requests are.
    page = json.loads((DATA / "openai_usage_completions.json").read_text())
    flex = page["data"][1]["results"][0]
    flex.update(input_tokens=3_000_000, input_cached_tokens=1_000_000, input_cache_write_tokens=0,
                input_uncached_tokens=2_000_000, input_text_tokens=2_000_000, input_cached_text_tokens=1_000_000,
                output_tokens=40_000, output_text_tokens=40_000)
    (tmp_path / "usage.json").write_text(json.dumps(page))
    log = logs.read_log(tmp_path / "usage.json", catalog=cat)
    with pytest.raises(ic.InputError) as e:
        log.replay([])
    assert "sums 10 requests with 3,000,000 prompt tokens" in str(e.value)
    assert "above 272,000 tokens" in str(e.value) and "aggregate tiers: mean" in str(e.value)
    r = log.replay([], aggregate_tiers="mean")
    # at the mean, 300,000 prompt tokens a request, every request is above 272,000: 2 input / 0.10 cached / 7.50
    # output, flex half: (2,000,000 x 2 + 1,000,000 x 0.10 + 40,000 x 7.50) x 0.5 = 2,200,000 -> 2.2
    assert meter(r, "input", logged_offering="openai/gpt-6.1-terra") + \
        meter(r, "cached_input", logged_offering="openai/gpt-6.1-terra") + \
        meter(r, "output", logged_offering="openai/gpt-6.1-terra") == pytest.approx(2.2, abs=1e-12)
    assert total(r) == pytest.approx(0.1958 - 0.0205 + 2.2, abs=1e-12)
    assert int(r.totals()["rows_tiered_at_mean"].sum()) == 1
    assert "as logged: 1 aggregated rows tiered at their mean prompt" in r.notes()


def test_a_usage_report_row_across_a_context_tier_is_refused_even_at_the_mean(cat: ic.Catalog, tmp_path: Path) -> None:
    # Before 2026-04-30 Sonnet 4.5's 1M-context beta billed a whole request above 200,000 prompt tokens at 6 / 22.50.
    # A usage report bucket of 2026-03-10 with 450,000 prompt tokens counts no requests, so no mean can be taken.
    page = json.loads((DATA / "anthropic_usage_report.json").read_text())
    page["data"] = page["data"][:1]
    page["data"][0].update(starting_at="2026-03-10T00:00:00Z", ending_at="2026-03-11T00:00:00Z")
    page["data"][0]["results"] = page["data"][0]["results"][1:2]
    page["data"][0]["results"][0].update(uncached_input_tokens=450_000, context_window="200k-1M")
    (tmp_path / "usage.json").write_text(json.dumps(page))
    log = logs.read_log(tmp_path / "usage.json", catalog=cat)
    for how in ("refuse", "mean"):
        with pytest.raises(ic.InputError) as e:
            log.replay([], aggregate_tiers=how)
        assert "sums an unknown number of requests with 450,000 prompt tokens" in str(e.value)
        assert "give per-request rows" in str(e.value)


# --- reconciliation against the cost reports ---------------------------------------------------------------

def nonzero(rec: pd.DataFrame) -> pd.DataFrame:
    return rec[rec["residual"].abs() > 1e-9]


def test_anthropic_cost_report_reconciles_but_for_one_line(cat: ic.Catalog) -> None:
    r = own("anthropic_usage_report.json", cat)
    rec = logs.reconcile(r, logs.read_costs(DATA / "anthropic_cost_report.json"))
    # The report is the usage report priced per day, model, token type and tier (test_anthropic_usage_report), in
    # cents: 0.36 + 1.35 + 0.009 + 0.0375 Sonnet standard, 2.0 web search, 6.0 + 6.0 Sonnet batch, 2.75 + 1.1 + 3.3
    # + 4.125 Opus 4.6 us; 1.6 + 0.5 Opus 5.5 fast, except its output line: 52.4 cents where 600 x 20 x 2 = 24,000
    # -> 2.4 cents: billed 0.50 USD more.
    assert list(rec.columns) == ["day", "offering", "meter", "service_tier", "priced", "billed", "residual",
                                 "residual_share", "currency"]
    off = nonzero(rec)
    assert len(off) == 1
    line = off.iloc[0]
    assert (line["day"], line["offering"], line["meter"], line["service_tier"]) == \
        (day("2026-11-11"), "anthropic/claude-opus-5-5", "output", "fast")
    assert line["priced"] == pytest.approx(0.024, abs=1e-12) and line["billed"] == pytest.approx(0.524, abs=1e-12)
    assert line["residual"] == pytest.approx(0.50, abs=1e-12)
    assert line["residual_share"] == pytest.approx(0.50 / 0.524, abs=1e-12)
    assert (rec.drop(off.index)["residual"].abs() <= 1e-9).all()
    # 14 report lines, 14 rows: the web search line names no model or tier, so the searches of every model and
    # tier that day (Sonnet's 2 x 0.01) are set against it
    assert len(rec) == 14
    search = rec[rec["meter"] == "web_search"].iloc[0]
    assert search["offering"] is None and search["service_tier"] is None
    assert (search["priced"], search["billed"]) == pytest.approx((0.02, 0.02), abs=1e-12)
    assert float(rec["priced"].sum()) == pytest.approx(0.315315, abs=1e-12)
    assert float(rec["billed"].sum()) == pytest.approx(0.815315, abs=1e-12)
    assert set(rec["currency"]) == {"USD"}


def test_anthropic_reconciliation_by_region_and_workspace(cat: ic.Catalog) -> None:
    costs = logs.read_costs(DATA / "anthropic_cost_report.json")
    keys = ("day", "model", "meter", "service_tier", "region", "workspace_id")
    with pytest.raises(ic.InputError) as e:
        logs.reconcile(own("anthropic_usage_report.json", cat), costs, by=keys)
    assert "not grouped by it" in str(e.value) and "by='workspace_id'" in str(e.value)
    rec = logs.reconcile(own("anthropic_usage_report.json", cat, by="workspace_id"), costs, by=keys)
    us = rec[rec["region"] == "us"]
    # the Opus 4.6 lines are the us scope's, in the second workspace: 0.0275 + 0.011 + 0.033 + 0.04125 = 0.11275
    assert set(us["offering"]) == {"anthropic/claude-opus-4-6"}
    assert set(us["workspace_id"]) == {"wrkspc_01Kc9Zt6aYpFQ2mR7wE3LhVb"}
    assert float(us["billed"].sum()) == pytest.approx(0.11275, abs=1e-12)
    off = nonzero(rec)
    assert len(off) == 1 and off.iloc[0]["residual"] == pytest.approx(0.50, abs=1e-12)


def test_anthropic_reconciliation_per_day_only(cat: ic.Catalog) -> None:
    rec = logs.reconcile(own("anthropic_usage_report.json", cat), logs.read_costs(DATA / "anthropic_cost_report.json"),
                         by=("day",))
    # 2026-11-10: 0.270315 priced and billed; 2026-11-11: 0.045 priced, 0.545 billed
    assert list(rec.columns) == ["day", "priced", "billed", "residual", "residual_share", "currency"]
    assert list(rec["residual"]) == pytest.approx([0.0, 0.50], abs=1e-12)


def test_deepseek_cost_reconciles_but_for_one_day(cat: ic.Catalog) -> None:
    costs = logs.read_costs(DATA / "deepseek_cost.csv")
    # cost-*.csv has no meter or tier split: matched per day and model. Its lines are the amount export priced
    # (test_deepseek_amount), the granted and paid wallets of v4-pro adding up to 0.02 + 0.19868 = 0.21868, except
    # 2026-11-15's deepseek-flash: 0.0161 billed where 0.0111 was priced, 0.005 USD more.
    for clock, days in (("+00:00", ("2026-11-13", "2026-11-14")), ("+08:00", ("2026-11-14", "2026-11-15"))):
        rec = logs.reconcile(own("deepseek_amount.csv", cat, day_clock=clock), costs)
        assert list(rec.columns) == ["day", "offering", "priced", "billed", "residual", "residual_share", "currency"]
        assert len(rec) == 3
        off = nonzero(rec)
        assert len(off) == 1
        line = off.iloc[0]
        # the report's days are counted on the replay's clock: the UTC day of the bucket start, or Beijing's
        assert (line["day"], line["offering"]) == (day(days[1]), "deepseek/deepseek-flash")
        assert (line["priced"], line["billed"], line["residual"]) == pytest.approx((0.0111, 0.0161, 0.005), abs=1e-12)
        pro = rec[rec["offering"] == "deepseek/deepseek-v4-pro"].iloc[0]
        assert pro["day"] == day(days[0]) and pro["billed"] == pytest.approx(0.21868, abs=1e-12)
        assert pro["residual"] == 0.0


def test_openai_costs_reconcile_per_day(cat: ic.Catalog) -> None:
    # OpenAI's costs name no model or meter (line_item strings are not documented): matched per day. The line items
    # are the usage buckets priced (test_openai_usage_api): 2026-11-03 0.016 + 0.002 + 0.012 + 0.0625 + 0.045 =
    # 0.1375; 2026-11-04 0.009 + 0.00025 + 0.00125 + 0.01 + 0.028 and the priority output line at 0.0198 where
    # 700 x 14 = 9,800 -> 0.0098 was priced: billed 0.01 USD more, 0.0683 against 0.0583.
    rec = logs.reconcile(own("openai_usage_completions.json", cat), logs.read_costs(DATA / "openai_costs.json"))
    assert list(rec.columns) == ["day", "priced", "billed", "residual", "residual_share", "currency"]
    assert list(rec["day"]) == [day("2026-11-03"), day("2026-11-04")]
    assert list(rec["priced"]) == pytest.approx([0.1375, 0.0583], abs=1e-12)
    assert list(rec["billed"]) == pytest.approx([0.1375, 0.0683], abs=1e-12)
    assert rec["residual"][0] == 0.0 and rec["residual"][1] == pytest.approx(0.01, abs=1e-12)
    # the dashboard CSVs agree to the cent: 0.24726, 0.12824 and 0.012183 (test_openai_usage_dashboard_csv)
    rec = logs.reconcile(own("openai_usage_completions.csv", cat), logs.read_costs(DATA / "openai_costs.csv"))
    assert list(rec["day"]) == [day("2026-11-05"), day("2026-11-06"), day("2026-11-08")]
    assert len(nonzero(rec)) == 0


def test_reasoning_is_set_against_output_and_unknown_models_stay_visible(cat: ic.Catalog) -> None:
    # A cost frame written by hand for the LiteLLM log's Sonnet 4.5 row (2026-11-14): 1,200 x 3 -> 0.0036,
    # 300 x 0.30 -> 0.00009, 100 x 3.75 -> 0.000375, 900 x 15 -> 0.0135 (700 output + 200 reasoning, which the
    # report bills as output), 1 search -> 0.01; and a line for a model the catalog does not know.
    sonnet = "claude-sonnet-4-5-20250929"
    lines = [(sonnet, "input", 0.0036), (sonnet, "cached_input", 0.00009), (sonnet, "cache_write", 0.000375),
             (sonnet, "output", 0.0135), (sonnet, "web_search", 0.01), ("claude-3-opus-20240229", "output", 0.05)]
    costs = pd.DataFrame({"date": pd.Timestamp("2026-11-14", tz="UTC"), "model": [m for m, _, _ in lines],
                          "meter": [k for _, k, _ in lines], "service_tier": "standard", "region": "",
                          "description": "", "amount": [a for _, _, a in lines], "currency": "USD"})
    rec = logs.reconcile(own("litellm_spendlogs.csv", cat), costs)
    mine = rec[rec["offering"] == "anthropic/claude-sonnet-4-5"]
    assert len(mine) == 5 and (mine["residual"] == 0.0).all()
    assert "reasoning" not in set(rec["meter"])
    unknown = rec[rec["offering"] == "claude-3-opus-20240229"].iloc[0]
    assert (unknown["priced"], unknown["billed"], unknown["residual"]) == (0.0, 0.05, 0.05)
    # the other rows of the log have no line in this report: their whole priced amount is a negative residual,
    # 0.009064 (gpt-4.1) + 0.00393225 (Haiku 4.5) + 0.000642 (deepseek-flash)
    others = rec[~rec["offering"].isin(["anthropic/claude-sonnet-4-5", "claude-3-opus-20240229"])]
    assert (others["billed"] == 0.0).all()
    assert float(others["residual"].sum()) == pytest.approx(-(0.009064 + 0.00393225 + 0.000642), abs=1e-12)


def test_reconciliation_needs_the_log_priced_as_logged(cat: ic.Catalog) -> None:
    r = logs.read_log(DATA / "deepseek_amount.csv", catalog=cat).replay(["deepseek/deepseek-flash"], own=False)
    with pytest.raises(ic.InputError) as e:
        logs.reconcile(r, logs.read_costs(DATA / "deepseek_cost.csv"))
    assert "own=True" in str(e.value)


# --- the cost a tool recorded against the replay ---------------------------------------------------------

@pytest.mark.parametrize("name, recorded, replayed", [
    # LiteLLM's spend: the list prices on every row but DeepSeek's, where the proxy's price map still held the
    # older 0.028 hit / 0.28 miss / 0.42 output: 4,000 x 0.028 + 1,000 x 0.28 + 800 x 0.42 = 728 -> 0.000728
    # against 0.000642: 0.009064 + 0.027565 + 0.00393225 + 0.000728 = 0.04128925 recorded, 0.04120325 priced
    ("litellm_spendlogs.csv", 0.04128925, 0.04120325),
    # OpenRouter's total_cost: the 5 web-plugin results of the Opus 5.5 record at 4 USD per 1,000 results (0.02,
    # which the replay cannot price: a result count is no search count), and the Kimi record billed at the price of
    # the upstream that served it, Moonshot AI's 0.60 / 0.10 / 3: 4,000 x 0.60 + 6,000 x 0.10 + 1,200 x 3 = 6,600
    # -> 0.0066 against the listed 0.007372. Recorded 0.00071 + 0.0066 + (0.053 + 0.02) + 0.000504 = 0.080814
    ("openrouter_generations.jsonl", 0.080814, 0.061586),
    # The activity export likewise: Kimi at Moonshot AI's price, 3,000 x 0.60 + 5,000 x 0.10 + 2,000 x 3 = 8,300
    # -> 0.0083, plus 0.02 for web results: 0.00071 + 0.0283 + 0.000504 = 0.029514, against 0.010505
    ("openrouter_activity.csv", 0.029514, 0.010505),
    # Langfuse's cost: its model price has no peak window, so the peak-hour deepseek-v4-pro observation is recorded
    # at the off-peak 2,000 x 0.66 + 8,000 x 0.022 + 2,000 x 1.98 = 5,456 -> 0.005456, half the 0.010912 priced:
    # 0.009064 + 0.017565 + 0.01554 + 0.005456 = 0.047625 recorded, 0.053081 priced
    ("langfuse_observations.jsonl", 0.047625, 0.053081),
])
def test_recorded_cost_against_the_replay(cat: ic.Catalog, name: str, recorded: float, replayed: float) -> None:
    log = logs.read_log(DATA / name, catalog=cat)
    r = log.replay([])
    assert float(log.frame["recorded_cost"].sum()) == pytest.approx(recorded, abs=1e-12)
    assert total(r) == pytest.approx(replayed, abs=1e-12)


def test_the_rows_whose_recorded_cost_differs_are_found(cat: ic.Catalog) -> None:
    for name, model, gap in (("litellm_spendlogs.csv", "deepseek-flash", 0.000728 - 0.000642),
                             ("langfuse_observations.jsonl", "deepseek-v4-pro", 0.005456 - 0.010912),
                             ("openrouter_generations.jsonl", "moonshotai/kimi-k2.5", 0.0066 - 0.007372)):
        log = logs.read_log(DATA / name, catalog=cat)
        diff = log.frame["recorded_cost"].astype(float) - log.replay([], row_costs=True).row_costs()["as logged"]
        if name.startswith("openrouter"):
            diff[log.frame["model"] == "anthropic/claude-opus-5.5"] -= 0.02  # the web-plugin results, not priced
        off = diff[diff.abs() > 1e-12]
        assert list(log.frame.loc[off.index, "model"]) == [model]
        assert float(off.iloc[0]) == pytest.approx(gap, abs=1e-12)


def test_a_resold_model_is_looked_up_in_the_resellers_list_only(tmp_path: Path) -> None:
    # OpenRouter writes `openai/gpt-4.1` for the model it resells; the fixture catalog has OpenAI's own gpt-4.1 but no
    # OpenRouter list for it, so the record is refused rather than priced at OpenAI's price.
    cat = ic.Catalog.load(Path(__file__).resolve().parents[1] / "data" / "usage" / "catalog")
    line = {"data": {"id": "gen-1", "created_at": "2026-11-15T08:00:01Z", "model": "openai/gpt-4.1",
                     "native_tokens_prompt": 100, "native_tokens_completion": 10, "total_cost": 0.001}}
    path = tmp_path / "generations.jsonl"
    path.write_text(json.dumps(line) + "\n")
    with pytest.raises(ic.InputError, match="unknown offering 'openrouter/openai/gpt-4.1'"):
        logs.read_log(path, format="openrouter-generations", catalog=cat)


def test_a_daily_bucket_across_peak_hours_is_refused(cat: ic.Catalog) -> None:
    # The fixture's buckets are Beijing weekend days (off-peak all day). Moved two days on, to Monday and Tuesday,
    # each bucket spans DeepSeek's 09:00-12:00 and 14:00-18:00 Beijing peak windows: priced at its start (00:00,
    # off-peak) it would be wrong, so it is refused, naming the first change (09:00 Beijing = 01:00 UTC).
    frame = logs.read_log(DATA / "deepseek_amount.csv", catalog=cat).frame.copy()
    for c in ("timestamp", "timestamp_end"):
        frame[c] = frame[c] + pd.Timedelta(days=2)
    with pytest.raises(ic.InputError, match=r"price changes within it at 2026-11-16T01:00:00Z \(a time-of-day rule\)"):
        logs.replay(frame, [], catalog=cat)
