"""The report pack: the HTML page (opened in a real headless browser), the workbook and the FOCUS rows."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import infercost as ic
from conftest import ROOT

GROWTH = ROOT / "examples" / "scenarios" / "growth_price_change.yaml"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("report")
    scenario = ic.Scenario.load(GROWTH)
    comparison = scenario.run()
    return {"paths": scenario.write_report(out, comparison=comparison), "comparison": comparison, "out": out}


def test_the_pack_has_its_three_files_and_they_agree(pack: dict) -> None:
    paths, c = pack["paths"], pack["comparison"]
    assert {p.name for p in paths.values()} == {"report.html", "report.xlsx", "focus.csv"}
    assert not list(Path(pack["out"]).glob(".*.part"))  # no temporary file left behind
    sheets = pd.read_excel(paths["excel"], sheet_name=None)
    assert list(sheets) == ["Options", "Projection", "Savings", "Finance", "FOCUS", "Assumptions"]
    # Units in the headings: money columns name the currency.
    assert "cost/year USD" in sheets["Options"].columns and "cost USD" in sheets["Projection"].columns
    # The FOCUS rows of each option add up to its projected cost (to the cent each row was rounded to).
    focus = pd.read_csv(paths["focus"])
    for r in c.options:
        rows = focus[focus["x_Option"] == r.label]
        assert rows["BilledCost"].sum() == pytest.approx(r.total.amount, abs=0.01 * len(rows))
    assert set(focus["BillingCurrency"]) == {"USD"}
    assert focus["ChargePeriodStart"].iloc[0] == "2027-01-01T00:00:00Z"
    # Dates in the workbook are plain dates, not time-zone-aware stamps Excel cannot hold.
    assert str(sheets["Projection"]["month"].iloc[0])[:10] == "2027-01-01"


def test_the_page_reads_as_money_with_its_sources(pack: dict) -> None:
    page = Path(pack["paths"]["html"]).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "</html>" in page
    assert "data:image/png;base64," in page and "<script" not in page  # self-contained, nothing to fetch
    assert "Savings against the baseline" in page and "pays back in" in page
    assert "https://developers.openai.com/api/docs/pricing" in page  # every figure with its source
    assert "656,089" in page or "USD a year" in page


def _browser() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.environ.get("INFERCOST_REQUIRE_BROWSER") == "1":
        pytest.fail("Chromium is not installed; scripts/setup-system.sh --browser installs it")
    return found


def test_the_page_renders_in_a_headless_browser(pack: dict, tmp_path: Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip("no Chromium here (the test run installs it)")
    url = Path(pack["paths"]["html"]).resolve().as_uri()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    dom = subprocess.run([browser, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert "Cost over the horizon" in dom and "Assumptions" in dom
    shot = tmp_path / "page.png"
    subprocess.run([browser, *flags, "--window-size=1200,2400", f"--screenshot={shot}", url], capture_output=True,
                   timeout=120, check=True)
    import matplotlib.image as mpimg

    pixels = mpimg.imread(shot)
    assert pixels.shape[0] == 2400 and pixels.shape[1] == 1200
    # Not a blank page: text and charts put dark pixels on a good part of it.
    dark = (pixels[:, :, :3].mean(axis=2) < 0.5).mean()
    assert dark > 0.01


def test_report_command_and_its_errors(tmp_path: Path) -> None:
    from test_cli_matrix import _run

    code, out, err = _run(["report", str(GROWTH), "--out", str(tmp_path / "pack"), "--format", "json"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "infercost.report/1" and Path(doc["html"]).exists()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    code, out, err = _run(["report", str(GROWTH), "--out", str(blocked / "pack")])
    assert code == 2 and "cannot write the report" in err and "Traceback" not in err


def test_claim_variants_and_catalog_to_excel(tmp_path: Path) -> None:
    scenario = ic.Scenario.load(ROOT / "examples" / "scenarios" / "qwen_switch.yaml")
    v = scenario.claim_variants()
    assert v.index[0] == "as stated" and "on alibaba-cn/qwen3.7-max" in v.index
    # The stated row is the claim check itself.
    assert v.loc["as stated", "implied_requests_per_day"] == pytest.approx(scenario.check_claim().implied_requests_per_day)
    # More cache hits shrink the saving per request, so the claim takes more requests.
    assert v.loc["80% of the prompt cached", "implied_requests_per_day"] > v.loc["as stated", "implied_requests_per_day"]
    # The catalog frame goes into Excel (its dates carry no time zone).
    ic.Catalog.default().to_frame().to_excel(tmp_path / "catalog.xlsx")
    assert (tmp_path / "catalog.xlsx").stat().st_size > 0


def test_selfhost_cost_of_a_hybrid_fleet_says_where_its_overflow_goes() -> None:
    from test_cli_matrix import _run

    code, out, err = _run(["selfhost", "cost", str(ROOT / "examples" / "scenarios" / "hybrid_burst.yaml"), "--format", "json"])
    assert code == 0, err
    capped, free = json.loads(out)["options"]
    assert 0 < capped["overflow_share"] < 1 and capped["break_even"] is None
    assert free["overflow_share"] == 0 and free["break_even"] is not None
    # The hybrid's own hours: the overflow is the load above one replica's capacity, never negative.
    assert min(capped["hours"]["overflow_requests_per_second"]) >= 0
    assert max(capped["hours"]["replicas"]) == 1
