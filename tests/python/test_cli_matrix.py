"""Every command and subcommand of `infercost`, in every --format, on the bundled data and the example scenarios.

Run in-process (``infercost.cli.main`` with stdout and stderr captured), so the whole matrix stays fast. Each
case asserts what every output must get right: exit status 0, no traceback, JSON that parses and names its
schema, CSV that parses with the header the case states, money columns that say their currency, missing values
shown as missing (not NaN or NaT), and no binary rounding noise such as 0.010999999999999998."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

import pytest

from infercost import cli

from conftest import ROOT

SCENARIOS = ROOT / "examples" / "scenarios"
POLICIES = ROOT / "examples" / "policies"
DATA = ROOT / "tests" / "data"
QWEN = str(SCENARIOS / "qwen_switch.yaml")
SELFHOST = str(SCENARIOS / "selfhost_qwen.yaml")
OVERLAY = """\
overlay:
  name: Negotiated list price
offerings:
  - id: anthropic/claude-sonnet-5-5
    versions:
      - {effective_from: 2027-01-01, currency: USD, source: https://wiki.example/contract, checked: 2026-11-20,
         prices: {input: 2.4, cached_input: 0.24, output: 12.0}}
"""


class Case(NamedTuple):
    name: str
    argv: List[str]
    schema: str
    header: List[str]         # the CSV header: the command's main table
    money: Tuple[str, ...]    # its money columns: each names its currency, or the table has a currency column


CUR = "USD"
COMPARE_HEADER = ["option", "baseline", f"cost/year {CUR}", f"saving/year {CUR}", "saving %", f"cost/request {CUR}"]
COMPARE_MONEY = (f"cost/year {CUR}", f"saving/year {CUR}", f"cost/request {CUR}")
RANGES_MONEY = (f"as stated/year {CUR}", f"mean/year {CUR}", *(f"p{q}/year {CUR}" for q in (5, 10, 25, 50, 75, 90, 95)),
                f"p50 s.e. {CUR}", f"saving mean/year {CUR}", f"saving p5/year {CUR}", f"saving p50/year {CUR}",
                f"saving p95/year {CUR}")
RANGES_HEADER = ["option", "baseline", *RANGES_MONEY, "P(cheaper) %", "P s.e. %"]
CATALOG_HEADER = ["id", "currency", "input", "cached_input", "cache_write", "output", "reasoning", "context_tiers",
                  "time_rules", "service_tiers", "checked", "verified", "retired"]
CATALOG_MONEY = ("input", "cached_input", "cache_write", "output", "reasoning")  # per million, in `currency`
CLAIM_HEADER = ["quantity", "value"]
SELFHOST_COST_HEADER = ["option", f"cost/month {CUR}", "peak GPUs", "GPU-hours/month", "utilisation %",
                        f"{CUR}/M input", f"{CUR}/M output", "replica tok/s", "TPOT ms", "calibrated"]
CLAIM_ARGS = ["claim", "--baseline", "anthropic/claude-sonnet-5-5", "--candidate", "alibaba/qwen3-max", "--saving", "400000"]
REPLAY_HEADER = ["offering", "rows", "requests", "input tokens", "output tokens", "currency", "cost", f"cost {CUR}",
                 f"change {CUR}", "rows left out"]
IMPORT_HEADER = ["provider", "priced", "priced_flagged", "rejected", "unpriced", "not_text", "entries"]
DIFF_HEADER = ["offering", "source_id", "meter", "ours", "theirs", "relative_difference", "ours_effective_from",
               "ours_checked", "theirs_date", "at"]


def cases(tmp: Path) -> List[Case]:
    """The matrix; files a case writes or reads (the overlay, an import's output) are under `tmp`."""
    overlay = tmp / "overlay.yaml"
    litellm = str(DATA / "litellm_small.json")
    openrouter = str(DATA / "openrouter_models.json")
    return [
        Case("compare", ["compare", QWEN], "infercost.compare/2", COMPARE_HEADER, COMPARE_MONEY),
        Case("compare-selfhost", ["compare", SELFHOST], "infercost.compare/2", COMPARE_HEADER, COMPARE_MONEY),
        Case("compare-by-quarter", ["compare", QWEN, "--by", "quarter"], "infercost.compare/2",
             ["quarter from", "option", "requests", f"input {CUR}", f"cached input {CUR}", f"output {CUR}", f"cost {CUR}",
              f"cash {CUR}"], (f"input {CUR}", f"cost {CUR}", f"cash {CUR}")),
        Case("compare-hardware-by-year", ["compare", str(SCENARIOS / "hardware_purchase.yaml"), "--by", "year"],
             "infercost.compare/2",
             ["year from", "option", "requests", f"input {CUR}", f"cached input {CUR}", f"output {CUR}",
              f"gpu hours {CUR}", f"capital {CUR}", f"power {CUR}", f"hosting {CUR}", f"operations {CUR}",
              f"one off {CUR}", f"cost {CUR}", f"cash {CUR}"], (f"capital {CUR}", f"cash {CUR}")),
        Case("compare-policy", ["compare", QWEN, "--policy", str(POLICIES / "keep-data-out-of-china.yaml")],
             "infercost.compare/2", [*COMPARE_HEADER, "policy"], COMPARE_MONEY),
        Case("compare-samples", ["compare", QWEN, "--samples", "2000", "--seed", "3"], "infercost.compare/2",
             RANGES_HEADER, RANGES_MONEY),
        Case("compare-overlay", ["compare", QWEN, "--overlay", str(overlay)], "infercost.compare/2",
             COMPARE_HEADER, COMPARE_MONEY),
        Case("price", ["price", "alibaba/qwen3-max", "--input", "40000", "--cached", "10000", "--output", "800",
                       "--at", "2026-11-28T09:00:00Z"], "infercost.price/1",
             ["meter", "quantity", "unit", f"rate {CUR}/unit", "level", f"cost {CUR}"], (f"rate {CUR}/unit", f"cost {CUR}")),
        Case("price-cny", ["price", "alibaba-cn/qwen3.7-max", "--input", "1000", "--output", "100", "--at", "2026-11-28"],
             "infercost.price/1", ["meter", "quantity", "unit", "rate CNY/unit", "level", "cost CNY"], ("rate CNY/unit", "cost CNY")),
        Case("catalog-list", ["catalog", "list"], "infercost.catalog.list/1", CATALOG_HEADER, CATALOG_MONEY),
        Case("catalog-list-provider", ["catalog", "list", "--provider", "deepseek"], "infercost.catalog.list/1",
             CATALOG_HEADER, CATALOG_MONEY),
        Case("catalog-list-policy", ["catalog", "list", "--policy", str(POLICIES / "us-eea-only.yaml")],
             "infercost.catalog.list/1", CATALOG_HEADER, CATALOG_MONEY),
        Case("catalog-show", ["catalog", "show", "deepseek/deepseek-chat"], "infercost.catalog.show/1",
             ["field", "value"], ()),
        Case("catalog-import-litellm", ["catalog", "import", litellm, "--from", "litellm", "--source-date",
                                        "2026-07-24", "--out", str(tmp / "imported")],
             "infercost.catalog.import/1", IMPORT_HEADER, ()),
        Case("catalog-import-openrouter", ["catalog", "import", openrouter, "--from", "openrouter", "--source-date",
                                           "2026-11-20"], "infercost.catalog.import/1", IMPORT_HEADER, ()),
        Case("catalog-diff", ["catalog", "diff", litellm, "--from", "litellm", "--source-date", "2026-07-24"],
             "infercost.catalog.diff/1", DIFF_HEADER, ()),
        Case("catalog-audit", ["catalog", "audit", "--on", "2026-12-01", "--from", "litellm", litellm, "--source-date",
                               "2026-07-24"], "infercost.catalog.audit/1", ["offering", "finding", "detail", "date"], ()),
        Case("catalog-refresh", ["catalog", "refresh", "--on", "2026-12-01", "--from", "litellm", litellm,
                                 "--from", "genai-prices", str(DATA / "genai_prices_small.json"), "--source-date", "2026-11-28"],
             "infercost.catalog.refresh/1", ["source", "source date", "finding", "offering", "source_id", "meter", "ours",
                                             "theirs", "difference %", "detail"], ()),
        Case("claim-workload", [*CLAIM_ARGS, "--workload", QWEN], "infercost.claim/1", CLAIM_HEADER, ()),
        Case("replay", ["replay", str(DATA / "usage" / "canonical.csv"), "--offerings", "openai/gpt-4o", "--over-limits",
                        "exclude", "--by", "team"], "infercost.replay/1", REPLAY_HEADER, ("cost", f"cost {CUR}", f"change {CUR}")),
        Case("replay-profile", ["replay", str(ROOT / "examples" / "logs" / "support-2026-11.csv.gz"), "--profile=-05:00",
                                "--by", "day"], "infercost.replay/1", REPLAY_HEADER, ("cost", f"cost {CUR}", f"change {CUR}")),
        Case("report", ["report", QWEN, "--out", str(tmp / "pack")], "infercost.report/1", ["file", "what"], ()),
        Case("claim-shape", [*CLAIM_ARGS, "--input-tokens", "3000", "--input-p90", "6000", "--output-tokens", "400",
                             "--start", "2027-01-01"], "infercost.claim/1", CLAIM_HEADER, ()),
        Case("selfhost-throughput", ["selfhost", "throughput", "--model", "llama-3.1-8b", "--gpu", "h100-sxm",
                                     "--isl", "1000", "--osl", "200"], "infercost.selfhost.throughput/2",
             ["quantity", "value"], ()),
        Case("selfhost-cost", ["selfhost", "cost", SELFHOST], "infercost.selfhost.cost/2", SELFHOST_COST_HEADER,
             (f"cost/month {CUR}", f"{CUR}/M input", f"{CUR}/M output")),
        Case("selfhost-gpus", ["selfhost", "gpus"], "infercost.selfhost.gpus/1",
             ["id", "name", "vendor", "memory_gb", "memory_bandwidth_tbps", "bf16_tflops", "fp8_tflops", "fp4_tflops",
              "interconnect_gbps", "tdp_w", "source", "checked", "verified"], ()),
        Case("selfhost-offers", ["selfhost", "offers", "--gpu", "h200"], "infercost.selfhost.offers/1",
             ["id", "gpu", "gpus", "region", "jurisdictions", "currency", "on_demand_per_hour", "on_demand_per_gpu_hour",
              "spot_per_gpu_hour", "committed_per_hour", "source", "checked", "verified"],
             ("on_demand_per_hour", "on_demand_per_gpu_hour", "spot_per_gpu_hour")),
        Case("selfhost-models", ["selfhost", "models"], "infercost.selfhost.models/1",
             ["id", "name", "origin", "license", "total_params_b", "active_params_b", "attention", "layers", "experts",
              "experts_per_token", "kv_kib_per_token_bf16", "served_by", "source"], ()),
        Case("selfhost-owned", ["selfhost", "owned"], "infercost.selfhost.owned/1",
             ["id", "gpu", "currency", "life_years", "capital_per_gpu_hour", "power_per_gpu_hour",
              "colocation_per_gpu_hour", "operations_per_gpu_hour", "total_per_gpu_hour"],
             ("capital_per_gpu_hour", "power_per_gpu_hour", "colocation_per_gpu_hour", "operations_per_gpu_hour",
              "total_per_gpu_hour")),
        Case("selfhost-calibration", ["selfhost", "calibration"], "infercost.selfhost.calibration/2",
             ["engine", "settings", "regime", "model", "gpu", "gpus", "tp", "ep", "weights", "expert_weights", "kv",
              "kv_memory_fraction", "max_num_tokens", "isl", "osl", "published", "predicted", "error", "limit"],
             ()),
    ]


def test_every_command_and_subcommand_is_covered(tmp_path: Path) -> None:
    """The matrix below lists every (sub)command the parser knows: a new command without a case fails here."""
    parser = cli.build_parser()
    commands = set()
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        for name, sub in action.choices.items():
            nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
            if nested:
                commands |= {f"{name} {n}" for n in nested[0].choices}
            else:
                commands.add(name)
    covered = {" ".join(c.argv[:2]) if c.argv[0] in ("catalog", "selfhost") else c.argv[0] for c in cases(tmp_path)}
    assert commands == covered


# Noise of binary arithmetic: a long run of 0s or 9s after the point, then a few stray digits.
NOISE = re.compile(r"\d\.\d*(?:0{6,}|9{6,})\d{1,5}(?!\d)")
CURRENCY = re.compile(r"\b[A-Z]{3}\b")


def _run(argv: List[str]) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code: Optional[int] = cli.main(argv)
        except SystemExit as e:  # argparse
            code = e.code if isinstance(e.code, int) else 2
    return int(code or 0), out.getvalue(), err.getvalue()


_CASES: Dict[str, Case] = {c.name: c for c in cases(Path("/nonexistent"))}


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
@pytest.mark.parametrize("name", list(_CASES))
def test_command_output(name: str, fmt: str, tmp_path: Path) -> None:
    case = next(c for c in cases(tmp_path) if c.name == name)
    (tmp_path / "overlay.yaml").write_text(OVERLAY)
    code, out, err = _run([*case.argv, "--format", fmt])
    assert code == 0, err
    assert "Traceback" not in err and err == ""
    assert out.strip(), "no output"
    assert not NOISE.search(out), NOISE.search(out).group(0)  # type: ignore[union-attr]
    if fmt == "json":
        doc = json.loads(out)
        assert doc["schema"] == case.schema
        assert re.fullmatch(r"infercost\.[a-z.]+/\d+", doc["schema"])
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == case.header
        assert all(len(r) == len(case.header) for r in rows[1:])
        for col in case.money:
            assert col in case.header
            assert CURRENCY.search(col) or "currency" in case.header, f"money column '{col}' names no currency"
        for cell in (c for r in rows[1:] for c in r):
            assert cell not in ("nan", "NaN", "NaT", "None"), "a missing value is empty, not a marker"
    else:
        assert not re.search(r"(?<![\w/.-])(nan|NaN|NaT)(?![\w/.-])", out), "a missing value is empty, not a marker"
        if fmt == "markdown":
            assert "|---" in out
