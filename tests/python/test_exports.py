"""Provider usage exports and cost reports: canonical totals on each fixture (hand working in the comments), and
refusals that name the file, line, column and field."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any, Callable, Dict

import pandas as pd
import pytest

import infercost as ic
from infercost import exports as ex

DATA = Path(__file__).resolve().parents[1] / "data" / "usage"


def totals(frame: pd.DataFrame) -> Dict[str, int]:
    return {c: int(frame[c].sum()) for c in ex.USAGE_COLUMNS}


def usage(inp: int, cached: int, write: int, write_1h: int, out: int, reasoning: int, searches: int) -> Dict[str, int]:
    return dict(zip(ex.USAGE_COLUMNS, (inp, cached, write, write_1h, out, reasoning, searches)))


def refused(read: Callable[..., Any], text: str, **kw: Any) -> ic.InputError:
    with pytest.raises(ic.InputError) as e:
        read(io.BytesIO(text.encode()), **kw)
    return e.value


def fixture(name: str) -> str:
    return (DATA / name).read_text()


def check_frame(frame: pd.DataFrame, buckets: bool = False) -> None:
    """The canonical shape every usage reader returns; an aggregated export's rows (``buckets``) also end."""
    core = [c for c in ex.CORE_COLUMNS if buckets or c != "timestamp_end"]
    assert list(frame.columns[: len(core)]) == core
    assert str(frame["timestamp"].dtype) == "datetime64[ns, UTC]"
    if buckets:
        assert str(frame["timestamp_end"].dtype) == "datetime64[ns, UTC]"
        assert (frame["timestamp_end"] > frame["timestamp"]).all()
    else:
        assert "timestamp_end" not in frame.columns
    assert str(frame["requests"].dtype) == "Int64"
    assert all(str(frame[c].dtype) == "int64" for c in ex.USAGE_COLUMNS)
    assert set(frame["service_tier"]) <= set(ex.TIERS)
    assert (frame["cached_input_tokens"] + frame["cache_write_tokens"] + frame["cache_write_1h_tokens"]
            <= frame["input_tokens"]).all()
    assert (frame["reasoning_tokens"] <= frame["output_tokens"]).all()


# --- usage exports -----------------------------------------------------------------------------------

def test_openai_usage_api_pages() -> None:
    f = ex.read_openai_usage(DATA / "openai_usage_completions.json")
    check_frame(f, buckets=True)
    # input = 12000 + 50000 + 30000 + 8000 = 100000 (input_tokens already includes cached and cache-write tokens)
    # cached = 4000 + 0 + 10000 + 0 = 14000; cache writes = 2000 (the flex row); output = 1500 + 9000 + 4000 + 700
    assert totals(f) == usage(100000, 14000, 2000, 0, 15200, 0, 0)
    assert int(f["requests"].sum()) == 6 + 20 + 10 + 3
    # "default" -> standard, batch=true -> batch, "flex", "priority"
    assert list(f["service_tier"]) == ["standard", "batch", "flex", "priority"]
    assert set(f["region"]) == {""}
    assert {"project_id", "user_id", "api_key_id"} <= set(f.columns)
    assert f["timestamp"][2] == pd.Timestamp("2026-11-04", tz="UTC")
    # bucket end_time 1793750400 (2026-11-04T00:00Z) for the first bucket's two results, 1793836800 (2026-11-05)
    # for the second's: daily buckets, each ending where the next starts
    assert list(f["timestamp_end"]) == [pd.Timestamp("2026-11-04T00:00Z")] * 2 + [pd.Timestamp("2026-11-05T00:00Z")] * 2
    # no reasoning count in the usage API: harmless for billing, OpenAI bills reasoning as output
    assert f.attrs == {"format": "openai-usage",
                       "unknown": ["cache_write_1h_tokens", "reasoning_tokens", "web_search_requests", "region"]}


def test_openai_usage_list_of_pages_and_json_lines_read_alike(tmp_path: Path) -> None:
    page = json.loads(fixture("openai_usage_completions.json"))
    one, two = dict(page, data=page["data"][:1]), dict(page, data=page["data"][1:])
    (tmp_path / "list.json").write_text(json.dumps([one, two], indent=2))
    (tmp_path / "pages.jsonl").write_text(json.dumps(one) + "\n" + json.dumps(two) + "\n")
    base = ex.read_openai_usage(DATA / "openai_usage_completions.json")
    for name in ("list.json", "pages.jsonl"):
        pd.testing.assert_frame_equal(ex.read_openai_usage(tmp_path / name), base)


def test_openai_usage_dashboard_csv() -> None:
    f = ex.read_openai_usage_csv(DATA / "openai_usage_completions.csv")
    check_frame(f, buckets=True)
    assert len(f) == 3  # the empty bucket of 2026-11-07 is skipped
    # end_time_iso of the rows kept: 2026-11-06, 2026-11-07 and 2026-11-09 (the 2026-11-08 bucket), all +00:00
    assert list(f["timestamp_end"]) == [pd.Timestamp("2026-11-06T00:00Z"), pd.Timestamp("2026-11-07T00:00Z"),
                                        pd.Timestamp("2026-11-09T00:00Z")]
    # input = 59200 + 46264 + 5783 = 111247; cached = 5760 + 8192 + 0 = 13952; output = 10646 + 6000 + 1600 = 18246
    # (the export writes counts as 10.0 and flags as FALSE/TRUE)
    assert totals(f) == usage(111247, 13952, 0, 0, 18246, 0, 0)
    assert int(f["requests"].sum()) == 10 + 8 + 1
    assert list(f["service_tier"]) == ["standard", "standard", "batch"]
    assert list(f["api_key_id"]) == ["key_a1", "key_a1", "key_a2"]
    # this export has no input_cache_write_tokens column
    assert f.attrs["unknown"] == ["cache_write_tokens", "cache_write_1h_tokens", "reasoning_tokens",
                                  "web_search_requests", "region"]


def test_anthropic_usage_report() -> None:
    f = ex.read_anthropic_usage(DATA / "anthropic_usage_report.json")
    check_frame(f, buckets=True)
    # ending_at "2026-11-11T00:00:00Z" for the three results of the first bucket, "2026-11-12T00:00:00Z" for the last
    assert list(f["timestamp_end"]) == [pd.Timestamp("2026-11-11T00:00Z")] * 3 + [pd.Timestamp("2026-11-12T00:00Z")]
    # input = (uncached 1200 + cache read 300 + 5m write 100 + 1h write 0) + 40000 + (5000 + 20000 + 0 + 3000)
    #       + (2000 + 0 + 500 + 0) = 1600 + 40000 + 28000 + 2500 = 72100
    # cached = 300 + 20000; 5m writes = 100 + 500; 1h writes = 3000; output = 900 + 8000 + 1500 + 600; searches = 2
    assert totals(f) == usage(72100, 20300, 600, 3000, 11000, 0, 2)
    assert f["requests"].isna().all()  # the report does not count requests: missing, never zero
    assert list(f["service_tier"]) == ["standard", "batch", "standard", "fast"]  # speed "fast" -> fast
    assert list(f["region"]) == ["", "", "us", ""]  # inference_geo "global" -> "", "us" -> "us"
    assert {"workspace_id", "api_key_id", "context_window"} <= set(f.columns)
    assert f.attrs["unknown"] == ["requests", "reasoning_tokens"]


def test_anthropic_usage_without_speed_grouping_marks_the_tier_unknown() -> None:
    page = json.loads(fixture("anthropic_usage_report.json"))
    for bucket in page["data"]:
        for r in bucket["results"]:
            del r["speed"], r["inference_geo"]
    f = ex.read_anthropic_usage(io.BytesIO(json.dumps(page).encode()))
    assert list(f["service_tier"]) == ["standard", "batch", "standard", "standard"]
    assert {"service_tier", "region"} <= set(f.attrs["unknown"])


def test_deepseek_amount_pivots_meters() -> None:
    f = ex.read_deepseek_amount(DATA / "deepseek_amount.csv")
    check_frame(f, buckets=True)
    assert len(f) == 3  # (2026-11-14, flash), (2026-11-14, v4-pro), (2026-11-15, flash)
    # input = (hit 120000 + miss 80000) + (40000 + 60000) + (50000 + 25000) = 375000; cached = 120000 + 40000 + 50000
    # output = 40000 + 90000 + 12000 = 142000
    assert totals(f) == usage(375000, 210000, 0, 0, 142000, 0, 0)
    assert list(f["requests"]) == [150, 40, 60]
    # the day starts at +08:00: 2026-11-14T00:00+08:00 is 2026-11-13T16:00Z
    assert f["timestamp"][0] == pd.Timestamp("2026-11-13T16:00:00Z")
    # end_time_iso 2026-11-15T00:00+08:00 (the 11-14 groups) and 2026-11-16T00:00+08:00: 16:00 UTC the day before
    assert list(f["timestamp_end"]) == [pd.Timestamp("2026-11-14T16:00Z")] * 2 + [pd.Timestamp("2026-11-15T16:00Z")]
    assert {"user_id", "api_key_name", "api_key"} <= set(f.columns)
    assert "price" not in f.columns
    assert "reasoning_tokens" in f.attrs["unknown"]


def test_deepseek_amount_prices() -> None:
    p = ex.deepseek_amount_prices(DATA / "deepseek_amount.csv")
    assert len(p) == 6  # flash and v4-pro: hit, miss, output (both days are weekends: off-peak all day)
    hit = p[(p["model"] == "deepseek-flash") & (p["type"] == "input_cache_hit_tokens")].iloc[0]
    assert hit["meter"] == "cached_input" and hit["price"] == 0.000000003
    assert hit["first"] == pd.Timestamp("2026-11-13T16:00Z") and hit["last"] == pd.Timestamp("2026-11-14T16:00Z")


def test_deepseek_amount_sums_a_meter_billed_at_two_prices() -> None:
    # a weekday bucket bills the peak hours' output at twice the off-peak price, on a line of its own
    text = fixture("deepseek_amount.csv").replace("2026-11-15T00:00:00+08:00,2026-11-16",
                                                  "2026-11-16T00:00:00+08:00,2026-11-17")  # Sunday to Monday
    peak = ("u-7f3a2c,2026-11-16T00:00:00+08:00,2026-11-17T00:00:00+08:00,deepseek-flash,batch-jobs,"
            "sk-1a2b***********************9z8y,output_tokens,0.0000012,3000\n")
    f = ex.read_deepseek_amount(io.BytesIO((text + peak).encode()))
    assert list(f["output_tokens"]) == [40000, 90000, 12000 + 3000]
    p = ex.deepseek_amount_prices(io.BytesIO((text + peak).encode()))
    flash_out = p[(p["model"] == "deepseek-flash") & (p["meter"] == "output")]
    assert sorted(flash_out["price"]) == [0.0000006, 0.0000012]


def test_litellm_spendlogs_csv() -> None:
    f = ex.read_litellm_spendlogs(DATA / "litellm_spendlogs.csv")
    check_frame(f)
    assert len(f) == 4
    # input = OpenAI 2500 (prompt includes cached) + Anthropic 2026 1600 (1200 + reads 300 + writes 100, all in
    #         prompt_tokens) + Anthropic 2025 31 + 1253 (writes outside prompt_tokens) + DeepSeek 5000 = 10384
    # cached = 1024 + 300 + 0 + 4000; writes = 100 + 1253; output = 700 + 900 + 467 + 800; reasoning = 200; search 1
    assert totals(f) == usage(10384, 5324, 1353, 0, 2867, 200, 1)
    assert int(f["requests"].sum()) == 4
    # recorded spend = 0.009064 + 0.027565 + 0.00393225 + 0.000728
    assert float(f["recorded_cost"].sum()) == pytest.approx(0.04128925, abs=1e-12)
    assert f.attrs["dropped"] == {"litellm cache hits": 1, "failures without tokens": 1}
    assert {"api_key", "user", "team_id", "end_user", "request_tags", "model_group", "custom_llm_provider",
            "call_type", "api_key_alias", "team_alias"} <= set(f.columns)
    assert f["team_alias"][2] == "research" and f["request_tags"][0] == '["prod","search"]'
    assert f.attrs["unknown"] == ["cache_write_tokens", "cache_write_1h_tokens", "reasoning_tokens",
                                  "service_tier", "region"]


def test_litellm_cache_writes_option_and_json_export() -> None:
    # said for every row: the 2026 Anthropic row gains its 100 writes a second time, 10384 + 100
    f = ex.read_litellm_spendlogs(DATA / "litellm_spendlogs.csv", cache_writes_in_prompt=False)
    assert int(f["input_tokens"].sum()) == 10484
    # the 2025 row's prompt_tokens (31) cannot hold its 1253 writes
    e = refused(ex.read_litellm_spendlogs, fixture("litellm_spendlogs.csv"), cache_writes_in_prompt=True)
    assert (e.line, e.field) == (4, "prompt_tokens") and "1253" in e.reason
    rows = list(csv.DictReader(io.StringIO(fixture("litellm_spendlogs.csv"))))
    as_json = "\n".join(json.dumps(dict(r, metadata=json.loads(r["metadata"]))) for r in rows)
    assert ex.detect_format(io.BytesIO(as_json.encode())) == "litellm-spendlogs"
    assert totals(ex.read_litellm_spendlogs(io.BytesIO(as_json.encode()))) == usage(10384, 5324, 1353, 0, 2867, 200, 1)


def test_openrouter_generations() -> None:
    f = ex.read_openrouter_generations(DATA / "openrouter_generations.jsonl")
    check_frame(f)
    # native prompt (includes cached) = 3000 + 10000 + 8000 + 1500; cached = 2000 + 6000 + 5000 + 0
    # native completion (includes reasoning) = 500 + 1200 + 2000 + 300; reasoning = 800
    assert totals(f) == usage(22500, 13000, 0, 0, 4000, 800, 0)
    assert float(f["recorded_cost"].sum()) == pytest.approx(0.00071 + 0.0066 + 0.073 + 0.000504, abs=1e-12)
    assert list(f["service_tier"]) == ["standard"] * 4  # null, standard, standard, default
    assert list(f["model"]) == ["deepseek/deepseek-v3.2", "moonshotai/kimi-k2.5", "anthropic/claude-opus-5.5",
                                "deepseek/deepseek-v3.2"]
    assert list(f["provider_name"]) == ["DeepInfra", "Moonshot AI", "Anthropic", "DeepInfra"]
    assert {"generation_id", "app_id", "external_user", "data_region"} <= set(f.columns)
    # num_search_results counts results (billed per 1,000 results), not searches
    assert {"web_search_requests", "cache_write_tokens", "service_tier"} <= set(f.attrs["unknown"])
    flex = fixture("openrouter_generations.jsonl").replace('"service_tier": "default"', '"service_tier": "flex"')
    assert list(ex.read_openrouter_generations(io.BytesIO(flex.encode()))["service_tier"])[3] == "flex"


def test_openrouter_activity_csv() -> None:
    f = ex.read_openrouter_activity(DATA / "openrouter_activity.csv")
    check_frame(f)
    # prompt = 3000 + 8000 + 1500; cached = 2000 + 5000; completion (includes reasoning 800) = 500 + 2000 + 300
    assert totals(f) == usage(12500, 7000, 0, 0, 2800, 800, 0)
    assert float(f["recorded_cost"].sum()) == pytest.approx(0.00071 + 0.0283 + 0.000504, abs=1e-12)
    assert f["timestamp"][1] == pd.Timestamp("2026-11-16T10:03:00.455Z")  # written without a zone, in UTC
    assert list(f["model"])[1] == "moonshotai/kimi-k2.5-0127"  # the permanent slug, not the model's slug
    assert {"generation_id", "provider_name"} <= set(f.columns)


def test_langfuse_observations() -> None:
    f = ex.read_langfuse(DATA / "langfuse_observations.jsonl")
    check_frame(f)
    assert f.attrs["dropped"] == {"SPAN observations": 1}
    # usage types are disjoint parts: input = (1476 + cached 1024) + (1200 + cache read 300 + 5m write 100)
    #   + (40 + cached 20000 + 1h write 3000) + (2000 + cached 8000) = 2500 + 1600 + 23040 + 10000 = 37140
    # output = 700 + 900 + 1500 + (400 + reasoning 1600) = 5100
    assert totals(f) == usage(37140, 29324, 100, 3000, 5100, 1600, 0)
    # total_cost, else the sum of cost_details: 0.009064 + 0.017565 + 0.01554 + (0.00132 + 0.000176 + 0.000792
    # + 0.003168)
    assert float(f["recorded_cost"].sum()) == pytest.approx(0.047625, abs=1e-12)
    assert {"project_id", "environment", "trace_name", "user_id", "session_id", "tags"} <= set(f.columns)
    assert list(f["user_id"]) == ["user-ana", "user-ben", "", "user-cai"]
    assert f.attrs["unknown"] == ["service_tier", "region"]


def test_langfuse_csv_and_parquet(tmp_path: Path) -> None:
    records = [json.loads(line) for line in fixture("langfuse_observations.jsonl").splitlines()]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(records[0]))
    w.writeheader()
    for r in records:  # the export writes objects and arrays as JSON, null as an empty field
        w.writerow({k: json.dumps(v) if isinstance(v, (dict, list)) else "" if v is None else v for k, v in r.items()})
    (tmp_path / "obs.csv").write_text(buf.getvalue())
    assert ex.detect_format(tmp_path / "obs.csv") == "langfuse"
    assert totals(ex.read_langfuse(tmp_path / "obs.csv")) == usage(37140, 29324, 100, 3000, 5100, 1600, 0)

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    columns = ["id", "type", "start_time", "provided_model_name", "usage_details", "total_cost", "user_id"]
    rows = [{k: r[k] for k in columns} for r in records]
    for r in rows:
        r["start_time"] = pd.Timestamp(r["start_time"]).to_pydatetime()
        r["usage_details"] = list(r["usage_details"].items())
    schema = pa.schema([("id", pa.string()), ("type", pa.string()), ("start_time", pa.timestamp("us")),
                        ("provided_model_name", pa.string()), ("usage_details", pa.map_(pa.string(), pa.int64())),
                        ("total_cost", pa.float64()), ("user_id", pa.string())])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp_path / "obs.parquet")
    assert ex.detect_format(tmp_path / "obs.parquet") == "langfuse"
    f = ex.read_langfuse(tmp_path / "obs.parquet")
    assert totals(f) == usage(37140, 29324, 100, 3000, 5100, 1600, 0)
    assert f["timestamp"][0] == pd.Timestamp("2026-11-17T09:00Z")


def test_jsonl_usage_recognises_each_api() -> None:
    f = ex.read_jsonl_usage(DATA / "jsonl_usage.jsonl")
    check_frame(f)
    assert "timestamp_end" not in f.columns  # a per-request record has an instant, not a bucket
    assert f.attrs["dropped"] == {"errors without usage": 1}  # the expired batch request
    # input = chat 1200 + responses 5000 + Anthropic (1200 + read 300 + write 100) + Gemini (prompt 4000 + tool use
    #         prompt 200) + batch 800 + DeepSeek 3000 = 15800
    # cached = 1024 + 2000 + 300 + 1000 + 0 + 2048 = 6372
    # output = 300 + 800 + 900 + Gemini (candidates 600 + thoughts 900) + 200 + 1500 = 5200
    # reasoning = Gemini thoughts 900 + DeepSeek 1100; searches = 1 web_search_call + 2 Anthropic searches
    assert totals(f) == usage(15800, 6372, 100, 0, 5200, 2000, 3)
    assert list(f["model"]) == ["gpt-4o-2024-08-06", "gpt-6.1-terra", "claude-sonnet-4-6",
                                "gemini-2.5-flash", "gpt-4o-mini-2024-07-18", "deepseek-flash"]
    assert list(f["service_tier"]) == ["standard", "flex", "standard", "standard", "batch", "standard"]
    assert list(f["region"]) == ["", "", "us", "", "", ""]
    # record timestamp, Responses created_at and Batch body created (epoch seconds)
    assert list(f["timestamp"].dt.strftime("%H:%M")) == ["10:00", "10:01", "10:05", "10:06", "10:07", "10:08"]
    assert list(f["feature"]) == ["search", "research", "", "search", "", ""]
    assert list(f["customer"]) == ["acme", "", "globex", "", "", "acme"]


# --- cost reports ------------------------------------------------------------------------------------

def test_anthropic_cost_report() -> None:
    c = ex.read_anthropic_cost_report(DATA / "anthropic_cost_report.json")
    assert list(c.columns[: len(ex.COST_COLUMNS)]) == ex.COST_COLUMNS
    assert str(c["date"].dtype) == "datetime64[ns, UTC]"
    # amounts in cents: day 1 0.36 + 1.35 + 0.009 + 0.0375 + 2.0 + 6.0 + 6.0 + 2.75 + 1.1 + 3.3 + 4.125 = 27.0315,
    # day 2 1.6 + 0.5 + 52.4 = 54.5: 81.5315 cents
    assert float(c["amount"].sum()) == pytest.approx(0.815315, abs=1e-12)
    assert c["amount"][3] == 0.000375  # "0.0375" USD cents is $0.000375, exactly
    assert list(c["meter"].fillna("-")) == ["input", "output", "cached_input", "cache_write", "web_search", "input",
                                            "output", "input", "cached_input", "cache_write_long", "output", "input",
                                            "cache_write", "output"]
    assert list(c["service_tier"].fillna("-")) == ["standard"] * 4 + ["-", "batch", "batch"] + ["standard"] * 4 + \
        ["fast"] * 3  # speed "fast" -> fast
    assert list(c["region"].fillna("-")) == ["", "", "", "", "-", "", "", "us", "us", "us", "us", "", "", ""]
    assert c["model"].isna()[4] and c["description"][0] == "Claude Sonnet 4.5 Usage - Input Tokens"
    assert {"workspace_id", "cost_type", "context_window"} <= set(c.columns)


def test_anthropic_cost_report_code_execution_has_no_meter() -> None:
    page = json.loads(fixture("anthropic_cost_report.json"))
    page["data"][1]["results"].append({"amount": "5.0", "currency": "USD", "workspace_id": None,
                                       "description": "Code Execution", "cost_type": "code_execution",
                                       "context_window": None, "model": None, "service_tier": None,
                                       "token_type": None, "inference_geo": None})
    c = ex.read_anthropic_cost_report(io.BytesIO(json.dumps(page).encode()))
    last = c.iloc[-1]
    assert last["amount"] == 0.05 and pd.isna(last["meter"]) and last["cost_type"] == "code_execution"
    assert pd.isna(last["service_tier"]) and pd.isna(last["region"])


def test_openai_costs_pages_and_csv() -> None:
    c = ex.read_openai_costs(DATA / "openai_costs.json")
    # 2026-11-03: 0.016 + 0.002 + 0.012 + 0.0625 + 0.045; 2026-11-04: 0.009 + 0.00025 + 0.00125 + 0.01 + 0.028 + 0.0198
    assert float(c["amount"].sum()) == pytest.approx(0.1375 + 0.0683, abs=1e-12)
    assert set(c["currency"]) == {"USD"}
    assert c["model"].isna().all() and c["meter"].isna().all()  # line_item strings are not documented
    assert list(c["line_item"])[0] == "gpt-4.1-2025-04-14, input"
    assert list(c["quantity"]) == [8000, 4000, 1500, 50000, 9000, 18000, 10000, 2000, 4000, 8000, 700]
    d = ex.read_openai_costs(DATA / "openai_costs.csv")
    assert len(d) == 3  # the bucket without costs is skipped
    assert float(d["amount"].sum()) == pytest.approx(0.24726 + 0.12824 + 0.012183, abs=1e-12)
    assert d["date"][2] == pd.Timestamp("2026-11-08", tz="UTC")


def test_deepseek_cost() -> None:
    c = ex.read_deepseek_cost(DATA / "deepseek_cost.csv")
    # flash 0.03636 + v4-pro 0.02 (granted) + 0.19868 (paid) + flash 0.0161
    assert float(c["amount"].sum()) == pytest.approx(0.27114, abs=1e-12)
    assert list(c["wallet_type"]) == ["Paid", "Granted", "Paid", "Paid"]
    assert c["meter"].isna().all() and c["date"][0] == pd.Timestamp("2026-11-13T16:00Z")


# --- formats, inputs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, fmt", [
    ("openai_usage_completions.json", "openai-usage"), ("openai_usage_completions.csv", "openai-usage-csv"),
    ("anthropic_usage_report.json", "anthropic-usage"), ("deepseek_amount.csv", "deepseek-amount"),
    ("litellm_spendlogs.csv", "litellm-spendlogs"), ("openrouter_generations.jsonl", "openrouter-generations"),
    ("openrouter_activity.csv", "openrouter-activity"), ("langfuse_observations.jsonl", "langfuse"),
    ("jsonl_usage.jsonl", "jsonl-usage"), ("anthropic_cost_report.json", "anthropic-cost-report"),
    ("openai_costs.json", "openai-costs"), ("openai_costs.csv", "openai-costs"), ("deepseek_cost.csv", "deepseek-cost"),
])
def test_detect_format(name: str, fmt: str) -> None:
    assert ex.detect_format(DATA / name) == fmt
    assert fmt in ex.USAGE_FORMATS or fmt in ex.COST_FORMATS


def test_unknown_format_is_refused() -> None:
    e = refused(ex.detect_format, "date,tokens\n2026-11-01,5\n")
    assert e.line == 1 and "cannot tell" in e.reason and "openai-usage" in e.reason
    e = refused(ex.detect_format, '{"tokens": 5}\n')
    assert "keys: tokens" in e.reason


def test_file_objects_and_gzip(tmp_path: Path) -> None:
    gz = tmp_path / "usage.csv.gz"
    gz.write_bytes(gzip.compress((DATA / "openai_usage_completions.csv").read_bytes()))
    base = ex.read_openai_usage_csv(DATA / "openai_usage_completions.csv")
    pd.testing.assert_frame_equal(ex.read_openai_usage_csv(gz), base)
    with open(DATA / "openai_usage_completions.csv") as text:
        assert ex.detect_format(text) == "openai-usage-csv"  # a seekable file is put back
        pd.testing.assert_frame_equal(ex.read_openai_usage_csv(text), base)


# --- refusals ----------------------------------------------------------------------------------------

def test_missing_column_names_it_and_the_header() -> None:
    e = refused(ex.read_openai_usage_csv, fixture("openai_usage_completions.csv").replace("num_model_requests", "n"))
    assert (e.line, e.column, e.field) == (1, 1, "num_model_requests")
    assert "missing column" in e.reason and "input_tokens" in e.reason  # what the header does have
    assert str(e).startswith("<stream>:1:1: num_model_requests: ")


def test_negative_count() -> None:
    e = refused(ex.read_openai_usage_csv, fixture("openai_usage_completions.csv").replace(",46264.0,", ",-46264.0,"))
    assert (e.line, e.column, e.field) == (3, 12, "input_tokens") and "negative" in e.reason
    e = refused(ex.read_openai_usage, fixture("openai_usage_completions.json").replace('"output_tokens": 4000',
                                                                                      '"output_tokens": -4000'))
    assert (e.line, e.column, e.field) == (58, 28, "data[1].results[0].output_tokens")


def test_non_integer_count() -> None:
    e = refused(ex.read_openai_usage_csv, fixture("openai_usage_completions.csv").replace(",10646.0,", ",10646.5,"))
    assert (e.line, e.field) == (2, "output_tokens") and "whole" in e.reason
    e = refused(ex.read_deepseek_amount, fixture("deepseek_amount.csv").replace("90000", "ninety"))
    assert (e.line, e.field) == (8, "amount")


def test_parts_above_their_whole() -> None:
    # cached above input: the usage API's own split contradicts input_tokens
    e = refused(ex.read_openai_usage, fixture("openai_usage_completions.json").replace(
        '"input_uncached_tokens": 18000', '"input_uncached_tokens": 17000'))
    assert (e.line, e.field) == (54, "data[1].results[0].input_tokens")
    e = refused(ex.read_openrouter_generations, fixture("openrouter_generations.jsonl").replace(
        '"native_tokens_cached": 6000', '"native_tokens_cached": 60000'))
    assert (e.line, e.field) == (2, "data.native_tokens_cached") and "exceeds native_tokens_prompt 10000" in e.reason
    # reasoning above output
    e = refused(ex.read_jsonl_usage, fixture("jsonl_usage.jsonl").replace('"reasoning_tokens": 1100',
                                                                          '"reasoning_tokens": 1600'))
    assert (e.line, e.field) == (6, "response.usage.completion_tokens_details.reasoning_tokens")
    e = refused(ex.read_litellm_spendlogs, fixture("litellm_spendlogs.csv").replace('""reasoning_tokens"":200',
                                                                                    '""reasoning_tokens"":2000'))
    assert (e.line, e.column) == (3, 17)  # the metadata cell of the row
    assert e.field == "metadata.additional_usage_values.completion_tokens_details.reasoning_tokens"


def test_bad_timestamps() -> None:
    e = refused(ex.read_anthropic_usage, fixture("anthropic_usage_report.json").replace(
        '"starting_at": "2026-11-11T00:00:00Z"', '"starting_at": "yesterday"'))
    assert (e.line, e.field) == (52, "data[1].starting_at") and "ISO 8601" in e.reason
    e = refused(ex.read_openai_usage_csv, fixture("openai_usage_completions.csv").replace(
        "2026-11-06T00:00:00+00:00,2026-11-07", "2026-13-06T00:00:00+00:00,2026-11-07"))
    assert (e.line, e.column, e.field) == (3, 3, "start_time_iso")
    # a log line's time without a zone is ambiguous
    e = refused(ex.read_jsonl_usage, fixture("jsonl_usage.jsonl").replace("2026-11-18T10:05:00+00:00",
                                                                          "2026-11-18 10:05:00"))
    assert (e.line, e.field) == (3, "timestamp") and "no time zone" in e.reason


def test_a_bucket_end_not_after_its_start_is_refused() -> None:
    # Anthropic: the first bucket starts 2026-11-10 and is made to end the day before
    e = refused(ex.read_anthropic_usage, fixture("anthropic_usage_report.json").replace(
        '"ending_at": "2026-11-11T00:00:00Z"', '"ending_at": "2026-11-09T00:00:00Z"'))
    assert (e.line, e.column, e.field) == (5, 20, "data[0].ending_at")
    assert e.reason == "the bucket ends at 2026-11-09T00:00:00Z, not after its start 2026-11-10T00:00:00Z (starting_at)"
    # OpenAI's API: an end equal to the start (1793664000, 2026-11-03T00:00Z) is an empty bucket, not after it either
    e = refused(ex.read_openai_usage, fixture("openai_usage_completions.json").replace(
        '"end_time": 1793750400', '"end_time": 1793664000'))
    assert (e.line, e.column, e.field) == (7, 19, "data[0].end_time") and "not after its start" in e.reason
    # the dashboard CSV: the 2026-11-05 row (line 2) ending 2026-11-04; the end is the 4th column
    e = refused(ex.read_openai_usage_csv, fixture("openai_usage_completions.csv").replace(
        "2026-11-05T00:00:00+00:00,2026-11-06", "2026-11-05T00:00:00+00:00,2026-11-04"))
    assert (e.line, e.column, e.field) == (2, 4, "end_time_iso") and "2026-11-04T00:00:00Z" in e.reason
    # DeepSeek: the 2026-11-15 group (lines 10-13) ending where it starts, 16:00 UTC the day before; the first line of
    # the group is named
    e = refused(ex.read_deepseek_amount, fixture("deepseek_amount.csv").replace(
        "2026-11-15T00:00:00+08:00,2026-11-16T00:00:00+08:00", "2026-11-15T00:00:00+08:00,2026-11-15T00:00:00+08:00"))
    assert (e.line, e.column, e.field) == (10, 3, "end_time_iso")
    assert e.reason == ("the bucket ends at 2026-11-14T16:00:00Z, not after its start 2026-11-14T16:00:00Z "
                        "(start_time_iso)")


def test_a_missing_or_contradicted_bucket_end_is_refused_never_guessed() -> None:
    e = refused(ex.read_anthropic_usage, fixture("anthropic_usage_report.json").replace(
        '"ending_at": "2026-11-12T00:00:00Z",', ""))
    assert (e.field, e.reason) == ("data[1].ending_at", "missing")
    page = json.loads(fixture("openai_usage_completions.json"))
    del page["data"][1]["end_time"]
    e = refused(ex.read_openai_usage, json.dumps(page))
    assert (e.field, e.reason) == ("data[1].end_time", "missing")
    # the dashboard CSV: an empty end_time_iso in a row with usage (line 3), and a header without either end column
    e = refused(ex.read_openai_usage_csv, fixture("openai_usage_completions.csv").replace(
        "2026-11-06T00:00:00+00:00,2026-11-07T00:00:00+00:00", "2026-11-06T00:00:00+00:00,"))
    assert (e.line, e.column, e.field, e.reason) == (3, 4, "end_time_iso", "missing")
    rows = list(csv.reader(io.StringIO(fixture("openai_usage_completions.csv"))))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([r[:1] + r[2:3] + r[4:] for r in rows])  # no end_time, _iso
    e = refused(ex.read_openai_usage_csv, buf.getvalue())
    assert (e.line, e.field) == (1, "end_time_iso") and "missing column" in e.reason
    # end_time alone (epoch seconds, as text) is read where the header has no end_time_iso
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([r[:3] + r[4:] for r in rows])
    f = ex.read_openai_usage_csv(io.BytesIO(buf.getvalue().encode()))
    # 1793923200, 1794009600, 1794182400: 2026-11-06, 2026-11-07 and 2026-11-09 at 00:00 UTC
    assert list(f["timestamp_end"]) == list(ex.read_openai_usage_csv(DATA / "openai_usage_completions.csv")
                                            ["timestamp_end"])
    # DeepSeek: a meter row of the 2026-11-14 flash group (its request_count, line 5) giving another end
    e = refused(ex.read_deepseek_amount, fixture("deepseek_amount.csv").replace(
        "2026-11-15T00:00:00+08:00,deepseek-flash,batch-jobs,sk-1a2b***********************9z8y,request_count",
        "2026-11-16T00:00:00+08:00,deepseek-flash,batch-jobs,sk-1a2b***********************9z8y,request_count"))
    assert (e.line, e.field) == (5, "end_time_iso") and "of line 2" in e.reason
    e = refused(ex.read_deepseek_amount, fixture("deepseek_amount.csv").replace("end_time_iso", "finish"))
    assert (e.line, e.field) == (1, "end_time_iso") and "missing column" in e.reason


def test_timestamp_end_is_a_canonical_column_never_an_attribution() -> None:
    assert ex.CORE_COLUMNS.index("timestamp_end") == ex.CORE_COLUMNS.index("timestamp") + 1
    # a log record's metadata key cannot pass for it
    e = refused(ex.read_jsonl_usage, fixture("jsonl_usage.jsonl").replace('"metadata": {"customer": "globex"}',
                                                                          '"metadata": {"timestamp_end": "x"}'))
    assert (e.line, e.field) == (3, "metadata.timestamp_end") and "canonical column" in e.reason


def test_unknown_service_tiers_are_refused_not_mapped() -> None:
    e = refused(ex.read_openai_usage_csv, fixture("openai_usage_completions.csv").replace("FALSE,default,46264",
                                                                                          "FALSE,scale,46264"))
    assert (e.line, e.field) == (3, "service_tier") and "'scale'" in e.reason and "known: default" in e.reason
    e = refused(ex.read_anthropic_usage, fixture("anthropic_usage_report.json").replace(
        '"service_tier": "batch"', '"service_tier": "priority_on_demand"'))
    assert (e.line, e.field) == (25, "data[0].results[1].service_tier")
    e = refused(ex.read_anthropic_usage, fixture("anthropic_usage_report.json").replace('"speed": "fast"',
                                                                                        '"speed": "turbo"'))
    assert e.field == "data[1].results[0].speed"


def test_other_contradictions_and_unknown_values() -> None:
    e = refused(ex.read_langfuse, fixture("langfuse_observations.jsonl").replace('"total": 24540', '"total": 24541'))
    assert (e.line, e.field) == (4, "usage_details.total")
    overlapping = fixture("langfuse_observations.jsonl").replace('"total": 2500',
                                                                 '"promptTokenCount": 1600, "total": 2500')
    e = refused(ex.read_langfuse, overlapping)
    assert e.field == "usage_details.promptTokenCount"  # Gemini's raw counts overlap: not disjoint parts
    e = refused(ex.read_deepseek_amount, fixture("deepseek_amount.csv").replace("request_count,,40", "requests,,40"))
    assert (e.line, e.field) == (9, "type") and "request_count" in e.reason
    e = refused(ex.read_anthropic_usage, fixture("anthropic_usage_report.json").replace('"inference_geo": "us"',
                                                                                        '"inference_geo": "eu"'))
    assert e.field == "data[0].results[2].inference_geo"
    cut = '{"object": "page", "data": [{"start_time": 1793664000, "results": [{'
    e = refused(ex.read_openai_usage, cut)
    assert (e.line, e.column) == (1, len(cut) + 1) and "malformed JSON" in e.reason  # where the text stops
