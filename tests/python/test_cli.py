"""The infercost command, run as a user runs it: a subprocess of the installed entry point."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
from typing import List

import pytest

import infercost as ic
from conftest import ROOT, infercost_command

SCENARIO = str(ROOT / "examples" / "scenarios" / "qwen_switch.yaml")


def run(args: List[str], ok: bool = True) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    exe = infercost_command()
    assert exe, "the infercost command is not installed"
    p = subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)
    if ok:
        assert p.returncode == 0, p.stderr
    return p


def test_compare_table_lists_options_and_assumptions() -> None:
    out = run(["compare", SCENARIO]).stdout
    assert "openai/gpt-6.2-sol  (baseline)" in out
    assert "alibaba/qwen3-max" in out
    # The rate's source is named (whichever fixing the bundled FX table holds for the scenario's start).
    rate = ic.Catalog.default().fx.conversion("CNY", "USD", "2027-01-01")
    assert "Assumptions" in out and "exchange rate" in out and rate["source"].split("/")[2] in out
    assert "Claim:" in out


def test_compare_json_is_stable() -> None:
    doc = json.loads(run(["compare", SCENARIO, "--format", "json"]).stdout)
    assert doc["schema"] == "infercost.compare/2"
    assert doc["currency"] == "USD" and doc["start"] == "2027-01-01" and doc["months"] == 12
    opts = {o["label"]: o for o in doc["options"]}
    base = opts["openai/gpt-6.2-sol"]
    assert base["baseline"] is True and base["saving_per_year"] == 0
    q = opts["alibaba/qwen3-max"]
    assert q["saving_per_year"] == pytest.approx(base["cost_per_year"] - q["cost_per_year"])
    assert sum(q["cost_per_year_by_meter"].values()) == pytest.approx(q["cost_per_year"])
    assert q["price_versions"][0]["source"].startswith("https://")
    cn = opts["alibaba-cn/qwen3.7-max"]
    assert cn["exchange_rates"][0]["from"] == "CNY" and cn["exchange_rates"][0]["rate_date"] == str(
        ic.Catalog.default().fx.conversion("CNY", "USD", "2027-01-01")["rate_date"])
    assert doc["claim"]["achievable"] is True


def test_compare_csv_and_markdown() -> None:
    rows = list(csv.DictReader(io.StringIO(run(["compare", SCENARIO, "--format", "csv"]).stdout)))
    assert rows[0]["option"].startswith("openai/gpt-6.2-sol")
    assert float(rows[0]["saving %"]) == 0
    md = run(["compare", SCENARIO, "--format", "markdown"]).stdout
    assert "| option |" in md and "|---|" in md


def test_price_breakdown() -> None:
    # qwen3-max international, 40,000 prompt (10,000 cached) above 32K: 30,000 x 2.4 + 10,000 x 0.48 + 800 x 12
    # = 0.072 + 0.0048 + 0.0096 = 0.0864 USD.
    doc = json.loads(run(["price", "alibaba/qwen3-max", "--input", "40000", "--cached", "10000", "--output", "800",
                          "--at", "2026-11-28T09:00:00Z", "--format", "json"]).stdout)
    assert doc["schema"] == "infercost.price/1"
    assert doc["total"] == pytest.approx(0.0864)
    assert doc["level"] == 1
    assert {c["meter"] for c in doc["charges"]} == {"input", "cached_input", "output"}
    table = run(["price", "deepseek/deepseek-v4-pro", "--input", "1000000", "--output", "1000000",
                 "--at", "2026-10-08T02:00:00Z"]).stdout
    # Peak (10:00 Beijing on a working day): (0.66 + 1.98) x 2 = 5.28 USD.
    assert "5.28 USD" in table and "time rule peak" in table
    batch = json.loads(run(["price", "openai/gpt-4.1", "--input", "1000000", "--tier", "batch", "--at", "2026-10-01",
                            "--format", "json"]).stdout)
    assert batch["total"] == pytest.approx(1.0)  # 2.00 per million, halved


def test_catalog_list_and_show() -> None:
    doc = json.loads(run(["catalog", "list", "--provider", "alibaba-cn", "--format", "json"]).stdout)
    assert doc["schema"] == "infercost.catalog.list/1"
    assert {o["id"] for o in doc["offerings"]} >= {"alibaba-cn/qwen3.7-max"}
    assert all(o["currency"] == "CNY" for o in doc["offerings"])
    show = json.loads(run(["catalog", "show", "deepseek/deepseek-chat", "--format", "json"]).stdout)
    assert show["schema"] == "infercost.catalog.show/1"
    assert show["retired"] == "2026-07-24T15:59:00Z"
    assert show["versions"][1]["prices"]["input"] == 0.27
    assert "Price versions" in run(["catalog", "show", "openai/o3"]).stdout


def test_claim() -> None:
    doc = json.loads(run(["claim", "--baseline", "openai/gpt-6.2-sol", "--candidate", "alibaba/qwen3-max", "--saving",
                          "400000", "--workload", SCENARIO, "--format", "json"]).stdout)
    assert doc["schema"] == "infercost.claim/1" and doc["achievable"] is True
    # The same as the scenario's own claim check.
    scenario_claim = json.loads(run(["compare", SCENARIO, "--format", "json"]).stdout)["claim"]
    assert doc["implied_requests_per_day"] == pytest.approx(scenario_claim["implied_requests_per_day"])
    # Without a file: fixed 1,000 in / 500 out on gpt-6.2-sol ($2 / $10 per million: 0.002 + 0.005) vs qwen3-max
    # (0.0012 + 0.003) per request: saving 0.0028 x 365 a year per request a day; 400,000 / 1.022 = 391,389 a day.
    doc2 = json.loads(run(["claim", "--baseline", "openai/gpt-6.2-sol", "--candidate", "alibaba/qwen3-max", "--saving",
                           "400000", "--input-tokens", "1000", "--output-tokens", "500", "--start", "2027-01-01",
                           "--format", "json"]).stdout)
    # (JSON carries eight significant digits.)
    assert doc2["implied_requests_per_day"] == pytest.approx(400_000 / (0.0028 * 365), rel=1e-8)
    assert doc2["workload_requests_per_day"] is None  # no workload volume was given


@pytest.mark.parametrize("args, message", [
    (["price", "openai/gpt-4.l", "--input", "10"], "did you mean 'openai/gpt-4.1'"),
    (["price", "openai/gpt-4.1", "--input", "-10"], "negative"),
    (["price", "openai/gpt-4.1", "--input", "1.5"], "whole number"),
    (["price", "openai/gpt-4.1", "--input", "10", "--cached", "20", "--at", "2026-01-01"], "exceeds input"),
    (["price", "openai/gpt-4.1", "--input", "10", "--at", "yesterday"], "date-time"),
    (["price", "openai/gpt-4.1", "--input", "10", "--tier", "turbo", "--at", "2026-01-01"], "service tier"),
    (["compare", "/nonexistent.yaml"], "cannot open"),
    (["claim", "--baseline", "openai/gpt-4.1", "--candidate", "alibaba/qwen3-max", "--saving", "nan",
      "--input-tokens", "10", "--output-tokens", "10"], "finite"),
    (["claim", "--baseline", "openai/gpt-4.1", "--candidate", "alibaba/qwen3-max", "--saving", "1000"], "--workload"),
    (["compare", SCENARIO, "--format", "xml"], "invalid choice"),
])
def test_bad_input_exits_non_zero_with_one_line(args: List[str], message: str) -> None:
    p = run(args, ok=False)
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert message in lines[0]
    assert p.stdout == ""


def test_bad_scenario_names_file_line_and_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(open(SCENARIO).read().replace("  - alibaba/qwen3-max\n", "  - alibaba/qwen3-mx\n"))
    p = run(["compare", str(bad)], ok=False)
    assert p.returncode == 2
    assert "bad.yaml:" in p.stderr and "candidates[1]" in p.stderr and "did you mean 'alibaba/qwen3-max'" in p.stderr


def test_claim_costs_the_stated_shape_not_its_mean(write_catalog) -> None:  # type: ignore[no-untyped-def]
    from conftest import ACME_YAML, FX_YAML

    cat = str(write_catalog({"fx.yaml": FX_YAML, "api/acme.yaml": ACME_YAML}))
    base = ["claim", "--catalog", cat, "--baseline", "acme/tiered", "--candidate", "acme/base", "--start", "2027-01-01",
            "--format", "json"]
    # Every request 250,000 in / 1,000 out. acme/tiered is above its 200,000 tier, priced whole: 250,000 x 2.5
    # + 1,000 x 15 = 0.64 USD; acme/base: 250,000 x 2 + 1,000 x 8 = 0.508 USD. Saving 0.132 x 365 = 48.18 USD a
    # year per request a day, so 48,180 a year takes 1,000 requests a day.
    fixed = json.loads(run([*base, "--saving", "48180", "--input-tokens", "250000", "--output-tokens", "1000"]).stdout)
    assert fixed["input_tokens"] == "fixed 250000"
    assert fixed["baseline_cost_per_request"] == pytest.approx(0.64)
    assert fixed["implied_requests_per_day"] == pytest.approx(1_000)
    # Prompts of mean 150,000 and p90 250,000, lognormal: the mean request (150,000 tokens, below the tier) would
    # cost 150,000 x 1.25 + 1,000 x 10 = 0.1975, but the share of prompts above 200,000 is priced at the upper
    # level on the whole request. With sigma solving ln(p90 / mean) = 1.28155 sigma - sigma^2 / 2 and
    # mu = ln(mean) - sigma^2 / 2, the expected cost is 0.1975 + 1.25e-6 x E[X; X > t] + 5e-6 x 1,000 x P(X > t),
    # E[X; X > t] = mean x Phi((mu + sigma^2 - ln t) / sigma) and P(X > t) = Phi((mu - ln t) / sigma), t = 200,000.
    z90 = 1.2815515655446004
    sigma = z90 - math.sqrt(z90 ** 2 - 2 * math.log(250_000 / 150_000))
    mu = math.log(150_000) - sigma ** 2 / 2

    def phi(x: float) -> float:
        return 0.5 * (1 + math.erf(x / math.sqrt(2)))

    t = math.log(200_000)
    expected = 0.1975 + 1.25e-6 * 150_000 * phi((mu + sigma ** 2 - t) / sigma) + 5e-6 * 1_000 * phi((mu - t) / sigma)
    spread = json.loads(run([*base, "--saving", "1000", "--input-tokens", "150000", "--input-p90", "250000",
                             "--output-tokens", "1000"]).stdout)
    assert spread["input_tokens"].startswith("lognormal")
    assert spread["baseline_cost_per_request"] == pytest.approx(expected, rel=1e-6)
    assert spread["baseline_cost_per_request"] > 0.1975 + 0.01  # well above the mean request's price
    p = run([*base, "--saving", "1000", "--workload", SCENARIO, "--input-p90", "5"], ok=False)
    assert p.returncode == 2 and "--input-p90" in p.stderr


def test_catalog_list_json_writes_missing_dates_as_null() -> None:
    # Most offerings are not retired: their `retired` is null, not a crash on pandas' NaT; a retired one keeps
    # its instant. On the frozen fixture copy of the real lists.
    fixture = ["--catalog", str(ROOT / "tests" / "data" / "catalog")]
    doc = json.loads(run(["catalog", "list", *fixture, "--format", "json"]).stdout)
    retired = {o["id"]: o["retired"] for o in doc["offerings"]}
    assert retired["openai/gpt-4.1"] is None
    assert retired["deepseek/deepseek-chat"] == "2026-07-24T15:59:00Z"
    policy = str(ROOT / "examples" / "policies" / "keep-data-out-of-china.yaml")
    passed = json.loads(run(["catalog", "list", *fixture, "--policy", policy, "--format", "json"]).stdout)
    assert passed["policy"]["refused"] and all(o["retired"] is None or o["retired"].endswith("Z")
                                               for o in passed["offerings"])
    assert "NaT" not in run(["catalog", "list", *fixture]).stdout


def test_catalog_audit_counts_what_the_table_lists() -> None:
    # On the frozen fixture catalog, as of 2026-12-01: every finding the JSON counts is a row of the table, and an
    # offering checked on 2026-11-28 (3 days before) is never reported stale.
    fixture = ["--catalog", str(ROOT / "tests" / "data" / "catalog")]
    doc = json.loads(run(["catalog", "audit", *fixture, "--on", "2026-12-01", "--format", "json"]).stdout)
    assert doc["schema"] == "infercost.catalog.audit/1" and doc["on"] == "2026-12-01"
    assert sum(doc["counts"].values()) == len(doc["findings"]) > 0
    fixture_catalog = ic.Catalog.load(ROOT / "tests" / "data" / "catalog")
    fresh = {o.id for o in fixture_catalog.offerings if o.versions[-1]["checked"].isoformat() >= "2026-09-02"}
    assert not any(f["finding"] == "stale_check" and f["offering"] in fresh for f in doc["findings"])
    # Versions without a verified level are reported as not read on the provider's page.
    assert doc["counts"].get("not_official", 0) >= 1
