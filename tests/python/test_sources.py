"""Imports, diffs and overlays from Python and from the command line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import infercost as ic

from conftest import ROOT, infercost_command

DATA = ROOT / "tests" / "data"
# Frozen copies of a few bundled lists (tests/data/catalog/README.md): values asserted on them stay put when
# the bundled prices change.
FIXTURES = DATA / "catalog"
SNAPSHOT = ROOT.parent / "shared" / "data" / "litellm" / "model_prices_and_context_window.json"

OVERLAY = """\
overlay:
  name: ACME negotiated prices
providers:
  - {id: acme-private, name: ACME private deployments}
offerings:
  - id: openai/gpt-4.1
    versions:
      - {effective_from: 2026-07-01, currency: USD, source: https://wiki.acme.example/contract, checked: 2026-11-20,
         prices: {input: 1.6, cached_input: 0.4, output: 6.4}}
  - id: acme-private/llama-3.3-70b
    new: true
    model: llama-3.3-70b
    versions:
      - {effective_from: 2026-01-01, currency: USD, source: https://wiki.acme.example/cluster, checked: 2026-11-20,
         prices: {input: 0.3, output: 0.3}}
"""


def cli(*args: str, ok: bool = True) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    p = subprocess.run([infercost_command(), *args], capture_output=True, text=True, timeout=300)
    if ok:
        assert p.returncode == 0, p.stderr
    return p


def test_import_litellm_prices_like_litellm() -> None:
    imported = ic.import_litellm(DATA / "litellm_small.json", source_date="2026-07-24", commit="abc123")
    cat = imported.catalog
    # dashscope/qwen3-max, 40,000 prompt tokens in the (32000, 128000] tier: 40,000 x 2.4 + 1,000 x 12 = 0.108 USD.
    assert cat["dashscope/qwen3-max"].price(at="2026-08-01", input=40_000, output=1_000).total.amount == pytest.approx(0.108)
    # gpt-4o batch: every prompt token at 1.25, no cache discount: 10,000 x 1.25 + 1,000 x 5 = 0.0175 USD.
    b = cat["gpt-4o"].price(at="2026-08-01", input=10_000, cached_input=4_000, output=1_000, service_tier="batch")
    assert b.total.amount == pytest.approx(0.0175)
    report = imported.report_frame()
    assert report.loc["wandb", "rejected"] == 1 and report.loc["dashscope", "priced"] == 2
    assert report["entries"].sum() == 14
    flags = imported.flags_frame()
    assert flags[flags["key"] == "wandb/deepseek-ai/DeepSeek-R1-0528"]["flag"].str.contains("per-token").all()


def test_import_openrouter_and_write(tmp_path: Path) -> None:
    imported = ic.import_openrouter(DATA / "openrouter_models.json", source_date="2026-11-20")
    assert len(imported.catalog) == 3
    imported.write(tmp_path / "cat")
    back = ic.Catalog.load(tmp_path / "cat")
    # 8,000 x 0.4 + 2,000 x 0.2 + 1,000 x 2 = 0.0056 USD, before and after the round trip.
    for c in (imported.catalog, back):
        assert c["openrouter/deepseek/deepseek-r1"].price(
            at="2026-11-21", input=10_000, cached_input=2_000, output=1_000).total.amount == pytest.approx(0.0056)


def test_diff_and_overlay_from_python(tmp_path: Path) -> None:
    cat = ic.Catalog.load(FIXTURES)
    imported = ic.import_litellm(DATA / "litellm_small.json", source_date="2026-07-24")
    diff = cat.diff(imported)
    row = diff[(diff["offering"] == "deepseek/deepseek-chat") & (diff["meter"] == "input")].iloc[0]
    assert row["ours"] == pytest.approx(0.14) and row["theirs"] == pytest.approx(0.28)
    assert diff.attrs["matched"] >= 4
    path = tmp_path / "overlay.yaml"
    path.write_text(OVERLAY)
    result = ic.apply_overlay(path, cat)
    assert list(result.changes_frame()["action"]) == ["replaced", "added"]
    # 1M in + 1M out on the negotiated list: 1.6 + 6.4 = 8 USD.
    # 100,000 in + 100,000 out at 1.6 + 6.4 per million.
    assert result.catalog["openai/gpt-4.1"].price(at="2026-08-01", input=10**5, output=10**5).total.amount == pytest.approx(0.8)
    assert cat.with_overlay(path)["acme-private/llama-3.3-70b"].provider == "acme-private"
    bad = tmp_path / "bad.yaml"
    bad.write_text(OVERLAY.replace("    model: llama", "    modle: llama"))
    with pytest.raises(ic.InputError) as err:
        ic.apply_overlay(bad, cat)
    assert err.value.line == 12 and "unknown field 'modle'" in str(err.value)


def test_cli_import_diff_and_overlay(tmp_path: Path) -> None:
    out = tmp_path / "imported"
    doc = json.loads(cli("catalog", "import", str(DATA / "litellm_small.json"), "--from", "litellm",
                         "--source-date", "2026-07-24", "--out", str(out), "--format", "json").stdout)
    assert doc["schema"] == "infercost.catalog.import/1"
    # Rejected: the per-million price typed as per-token, and the cache read dearer than the prompt.
    assert doc["totals"]["entries"] == 14 and doc["totals"]["rejected"] == 2
    assert (out / "fx.yaml").exists()
    # The written catalog prices through --catalog.
    price = json.loads(cli("price", "dashscope/qwen3-max", "--input", "40000", "--output", "1000", "--at", "2026-08-01",
                           "--catalog", str(out), "--format", "json").stdout)
    assert price["total"] == pytest.approx(0.108)
    diff = json.loads(cli("catalog", "diff", str(DATA / "litellm_small.json"), "--from", "litellm",
                          "--source-date", "2026-07-24", "--format", "json").stdout)
    assert diff["schema"] == "infercost.catalog.diff/1"
    assert any(d["offering"] == "deepseek/deepseek-chat" and d["meter"] == "input" for d in diff["differences"])
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(OVERLAY)
    # 100,000 in + 100,000 out at the negotiated 1.6 + 6.4 per million: 0.16 + 0.64 = 0.8 USD.
    p = json.loads(cli("price", "openai/gpt-4.1", "--input", "100000", "--output", "100000", "--at", "2026-08-01",
                       "--overlay", str(overlay), "--format", "json").stdout)
    assert p["total"] == pytest.approx(0.8)
    assert p["overlays"][0]["name"] == "ACME negotiated prices"
    assert [c["action"] for c in p["overlays"][0]["changes"]] == ["replaced", "added"]
    broken = tmp_path / "broken.json"
    broken.write_text('{"gpt-4o": {"input_cost_per_token": \n')
    e = cli("catalog", "import", str(broken), "--from", "litellm", ok=False)
    assert e.returncode == 2 and "broken.json:" in e.stderr and "malformed JSON" in e.stderr


@pytest.mark.skipif(not SNAPSHOT.exists(), reason="the LiteLLM snapshot is not beside this checkout")
def test_snapshot_import_counts() -> None:
    imported = ic.import_litellm(SNAPSHOT)
    assert str(imported.source_date) == "2026-07-24"
    report = imported.report_frame()
    assert report["entries"].sum() == 2983
    assert report.loc["wandb", "rejected"] >= 10


def test_ids_resolve_by_alias_date_and_provider_prefix() -> None:
    catalog = ic.Catalog.load(FIXTURES)
    # deepseek-v3.2 named deepseek-chat from 2025-09-29 to 2026-04-24.
    assert catalog.offering_at("deepseek-v3.2", "2025-10-01").id == "deepseek/deepseek-chat"
    with pytest.raises(KeyError):
        catalog.offering_at("deepseek-v3.2", "2026-06-01")
    assert catalog.offering("anthropic/claude-sonnet-4-5-20250929").id == "anthropic/claude-sonnet-4-5"
    with pytest.raises(ic.NotFoundError) as e:
        catalog.offering("qwen3-max")
    assert sorted(e.value.suggestions) == ["alibaba-cn/qwen3-max", "alibaba/qwen3-max"]


def test_cli_refresh_writes_a_dated_report_whole(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "data" / "catalog"
    report = tmp_path / "refresh.json"
    run = cli("catalog", "refresh", "--catalog", str(fixture), "--from", "litellm", str(DATA / "litellm_2026.json"),
              "--from", "genai-prices", str(DATA / "genai_prices_small.json"), "--source-date", "2026-11-28",
              "--on", "2026-12-01", "--format", "json", "--out", str(report))
    assert "catalog refresh report of 2026-12-01" in run.stdout and str(report) in run.stdout
    doc = json.loads(report.read_text())
    assert doc["schema"] == "infercost.catalog.refresh/1" and doc["on"] == "2026-12-01"
    assert [s["source"] for s in doc["sources"]] == ["litellm", "genai-prices"]
    found = {(f["source"], f["finding"], f["offering"] or f["source_id"]) for f in doc["findings"]}
    # genai-prices prices o3; the fixture catalog has only gpt-4.1 and gpt-4o of OpenAI's.
    assert ("genai-prices", "missing", "openai/o3") in found
    # LiteLLM dates claude-sonnet-4-5's end (2026-11-30); the fixture catalog records none.
    assert ("litellm", "lifecycle", "anthropic/claude-sonnet-4-5") in found
    assert doc["counts"]["lifecycle"] == 1
    # An undated genai-prices file without --source-date is refused with what to do, and no report is left behind.
    bad = tmp_path / "none.json"
    e = cli("catalog", "refresh", "--from", "genai-prices", str(DATA / "genai_prices_small.json"), "--out", str(bad), ok=False)
    assert e.returncode == 2 and "--source-date" in e.stderr and "Traceback" not in e.stderr
    assert not bad.exists()
    e = cli("catalog", "refresh", "--from", "yaml", str(DATA / "genai_prices_small.json"), ok=False)
    assert e.returncode == 2 and "litellm, openrouter, genai-prices" in e.stderr
