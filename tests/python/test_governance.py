"""Governance facts and policies from Python and the command line, on a small catalog worked by hand."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

import infercost as ic

from conftest import FX_YAML, ROOT, infercost_command

POLICIES = ROOT / "examples" / "policies"

API = textwrap.dedent("""\
    provider: {id: lab, name: Lab}
    offerings:
      - id: lab/r1-cn
        model: r1
        versions:
          - {effective_from: 2025-01-01, currency: USD, source: https://lab.example, checked: 2026-11-28,
             prices: {input: 0.28, output: 0.42}}
      - id: lab/r1-us
        model: r1-us
        versions:
          - {effective_from: 2025-01-01, currency: USD, source: https://lab.example, checked: 2026-11-28,
             prices: {input: 3.0, output: 7.0}}
      - id: lab/frontier
        model: frontier
        versions:
          - {effective_from: 2025-01-01, currency: USD, source: https://lab.example, checked: 2026-11-28,
             prices: {input: 2.0, output: 8.0}}
""")

GOVERNANCE = textwrap.dedent("""\
    provider: lab
    provider_home: CN
    sources:
      - {url: https://lab.example/privacy, checked: 2026-11-20, about: where data is processed}
    defaults:
      deployment_class: first_party_mainland_china
      inference_jurisdictions: [CN]
      may_route_to_mainland_china: true
      zero_data_retention: not_available
      trains_on_customer_data: unknown
      source: https://lab.example/privacy
    offerings:
      lab/r1-cn: {model_origin: CN, open_weights: true, license: MIT}
      lab/r1-us:
        model_origin: CN
        open_weights: true
        license: MIT
        deployment_class: third_party_host
        inference_jurisdictions: [US]
        may_route_to_mainland_china: false
        zero_data_retention: available
        trains_on_customer_data: "no"
      lab/frontier: {model_origin: US, open_weights: false, license: proprietary,
                     deployment_class: first_party_foreign, inference_jurisdictions: [US],
                     may_route_to_mainland_china: false, zero_data_retention: available, trains_on_customer_data: "no"}
""")


@pytest.fixture()
def lab(write_catalog) -> ic.Catalog:  # type: ignore[no-untyped-def]
    return ic.Catalog.load(write_catalog({
        "fx.yaml": FX_YAML, "api/lab.yaml": API, "governance/lab.yaml": GOVERNANCE,
        "jurisdictions.yaml": (ROOT / "pricing" / "jurisdictions.yaml").read_text()}))


def test_facts_and_verdicts(lab: ic.Catalog) -> None:
    g = lab["lab/r1-us"].governance
    assert g["deployment_class"] == "third_party_host" and g["inference_jurisdictions"] == ["US"]
    assert str(g["checked"]) == "2026-11-20" and g["source"] == "https://lab.example/privacy"
    policy = ic.Policy.load(POLICIES / "keep-data-out-of-china.yaml", lab)
    passes, reasons = policy.evaluate(lab["lab/r1-cn"])
    assert not passes and len(reasons) == 3
    assert policy.evaluate(lab["lab/r1-us"]) == (True, [])
    frame = lab.governance_frame()
    assert frame.loc["lab/r1-cn", "deployment_class"] == "first_party_mainland_china"


def test_cost_of_policy_by_hand(lab: ic.Catalog) -> None:
    # 10,000 requests a day of 1,000 in / 500 out over 2027 (365 days):
    # r1-cn 0.00049 USD a request -> 1,788.50 a year; r1-us 0.0065 -> 23,725; frontier 0.006 -> 21,900.
    # Keeping data out of China rules out r1-cn: the cheapest compliant is frontier, 21,900 - 1,788.50 = 20,111.50.
    w = ic.Workload(requests_per_day=10_000, input_tokens=1_000, output_tokens=500)
    c = ic.compare(w, ["lab/frontier", "lab/r1-cn", "lab/r1-us"], start="2027-01-01", catalog=lab)
    pc = c.check_policy(POLICIES / "keep-data-out-of-china.yaml", catalog=lab)
    assert pc.cost_of_policy_per_year == pytest.approx(ic.Money(20_111.5, "USD"))
    frame = pc.to_frame()
    assert list(frame["passes"]) == [True, False, True]
    assert frame.attrs["cheapest_compliant"] == "lab/frontier"
    assert "deployment class first_party_mainland_china is not allowed" in frame.loc["lab/r1-cn", "reasons"]
    # Refusing Chinese weights as well leaves frontier: the same cost here.
    pc2 = ic.check_policy(c, POLICIES / "no-chinese-weights.yaml", catalog=lab)
    assert list(pc2.to_frame()["passes"]) == [True, False, False]
    # Personal data must be self-hosted: no option complies, and no cost is invented.
    pc3 = ic.check_policy(c, POLICIES / "self-host-personal-data.yaml", data_class="personal_data", catalog=lab)
    assert pc3.cheapest_compliant is None and pc3.cost_of_policy_per_year is None
    assert "no option complies" in pc3.summary
    with pytest.raises(ic.InputError, match="no data class 'secret'"):
        ic.check_policy(c, POLICIES / "self-host-personal-data.yaml", data_class="secret", catalog=lab)


def test_bad_policy_files(tmp_path: Path, lab: ic.Catalog) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("policy: {name: x}\nallowed_deployment_classes: [self_hosted]\n")
    with pytest.raises(ic.InputError) as e:
        ic.Policy.load(bad, lab)
    assert e.value.line == 2 and "unknown deployment class 'self_hosted'" in str(e.value)
    bad.write_text("policy: {name: x}\nallowed_jurisdictions: [EUROPE]\n")
    with pytest.raises(ic.InputError, match="unknown jurisdiction 'EUROPE'"):
        ic.Policy.load(bad, lab)


def test_cli_policy(tmp_path: Path, write_catalog) -> None:  # type: ignore[no-untyped-def]
    cat = write_catalog({"fx.yaml": FX_YAML, "api/lab.yaml": API, "governance/lab.yaml": GOVERNANCE,
                         "jurisdictions.yaml": (ROOT / "pricing" / "jurisdictions.yaml").read_text()})
    scenario = tmp_path / "s.yaml"
    scenario.write_text(textwrap.dedent(f"""\
        name: policy test
        horizon: {{start: 2027-01-01}}
        workload: {{requests_per_day: 10000, utc_offset: "+00:00", input_tokens: {{fixed: 1000}},
                   output_tokens: {{fixed: 500}}}}
        baseline: lab/frontier
        candidates: [lab/r1-cn, lab/r1-us]
        policy: {{file: {POLICIES / 'keep-data-out-of-china.yaml'}}}
        """))
    exe = infercost_command()
    p = subprocess.run([exe, "compare", str(scenario), "--catalog", str(cat), "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)["policy"]
    assert doc["cheapest_compliant"] == "lab/frontier"
    assert doc["cost_of_policy_per_year"] == pytest.approx(20_111.5)
    listed = subprocess.run([exe, "catalog", "list", "--catalog", str(cat), "--policy",
                             str(POLICIES / "no-chinese-weights.yaml"), "--format", "json"],
                            capture_output=True, text=True, timeout=120)
    ids = [o["id"] for o in json.loads(listed.stdout)["offerings"]]
    assert ids == ["lab/frontier"]
    show = json.loads(subprocess.run([exe, "catalog", "show", "lab/r1-us", "--catalog", str(cat), "--format", "json"],
                                     capture_output=True, text=True, timeout=120).stdout)
    assert show["governance"]["inference_jurisdictions"] == ["US"]
