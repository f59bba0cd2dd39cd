"""Audit of the bundled data under pricing/: provenance, ordering and plausibility of every record.

These tests check the data, not the engine (the engine tests run on the frozen fixtures in tests/data).
A failure here means a data file needs fixing; each message names the file and the record.

The files are read twice on purpose: as written (PyYAML), so that a field the loader would drop or default
cannot hide a missing source; and through the library (infercost.Catalog.load), whose strict loader must
accept them and whose architecture code computes the parameter counts.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple
from urllib.parse import urlparse

import pytest
import yaml

import infercost as ic

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "pricing"
TODAY = dt.date.today()

# Offerings whose notes give a retirement date that `retired` does not carry yet, with the reason. The test
# below fails when this list and the data disagree in either direction, so fixing the data means removing the
# entry here.
KNOWN_UNRECORDED_RETIREMENTS: set = set()


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def files(pattern: str) -> List[Path]:
    found = sorted(DATA.glob(pattern))
    assert found, f"no files match pricing/{pattern}"
    return found


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    u = urlparse(value)
    return u.scheme in ("http", "https") and bool(u.netloc)


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def as_instant(value: Any) -> dt.datetime | None:
    """A date or a date-time as a UTC instant (a bare date is its midnight UTC, as the loader reads it)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    return None


def provenance(where: str, record: Dict[str, Any], *, url_key: str = "source", note: bool = True) -> List[str]:
    """Problems with a record's source URL, checked date and (where the format has one) verification note."""
    problems = []
    if not is_url(record.get(url_key)):
        problems.append(f"{where}: `{url_key}` is not a URL ({record.get(url_key)!r})")
    checked = as_date(record.get("checked"))
    if checked is None:
        problems.append(f"{where}: `checked` is not a date ({record.get('checked')!r})")
    elif checked > TODAY:
        problems.append(f"{where}: `checked` {checked} is in the future")
    if note and not str(record.get("note") or "").strip():
        problems.append(f"{where}: no verification `note`")
    return problems


def api_offerings() -> Iterator[Tuple[Path, Dict[str, Any]]]:
    for path in files("api/*.yaml"):
        for o in load(path)["offerings"]:
            yield path, o


def report(problems: List[str]) -> str:
    return f"{len(problems)} problem(s):\n  " + "\n  ".join(problems)


# --- the library accepts the data -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def catalog() -> ic.Catalog:
    return ic.Catalog.load(DATA)


def test_the_strict_loader_accepts_the_bundled_data_and_it_covers_what_the_readme_promises(catalog: ic.Catalog) -> None:
    providers = {o.provider for o in catalog.offerings}
    for p in ("deepseek", "alibaba", "alibaba-cn", "zai", "minimax", "moonshot", "openai", "anthropic", "google"):
        assert p in providers, f"no offering from {p}"
    assert len(providers & {"together", "fireworks", "bedrock"}) >= 2, "fewer than two third-party hosts"
    assert len(catalog.offerings) >= 40


def test_every_price_version_prices_a_plain_request_at_its_start(catalog: ic.Catalog) -> None:
    problems = []
    for o in catalog.offerings:
        for v in o.versions:
            total = float(o.price(at=v["effective_from"], input=10_000, output=1_000).total)
            # A model the provider gives away says so; every other list charges for a plain request.
            free = "free" in (o.notes + " " + v["note"]).lower() and all(p == 0 for p in v["prices"].values())
            if not (total > 0 or (free and total == 0)):
                problems.append(f"{o.id} from {v['effective_from']}: 10,000 in + 1,000 out costs {total}")
    assert not problems, report(problems)


def test_every_offering_has_governance_facts(catalog: ic.Catalog) -> None:
    problems = [o.id for o in catalog.offerings if o.governance is None]
    assert not problems, "offerings without governance facts: " + ", ".join(problems)


@pytest.mark.parametrize("scenario", sorted((ROOT / "examples" / "scenarios").glob("*.yaml")), ids=lambda p: p.name)
def test_the_example_scenarios_run_on_the_bundled_data(scenario: Path, catalog: ic.Catalog) -> None:
    s = ic.Scenario.load(scenario, catalog)
    c = s.run(catalog)
    assert len(c.options) == len(s.options)
    for r in c.options:
        assert float(r.per_year) > 0, f"{scenario.name}: {r.label} costs nothing"


# --- provenance -----------------------------------------------------------------------------------------

def test_every_price_version_has_a_source_a_checked_date_and_a_note() -> None:
    problems = []
    for path, o in api_offerings():
        for v in o["versions"]:
            problems += provenance(f"{rel(path)} {o['id']} from {v.get('effective_from')}", v)
    assert not problems, report(problems)


def test_every_gpu_cloud_offer_and_efficiency_profile_has_a_source_a_checked_date_and_a_note() -> None:
    problems = []
    for g in load(DATA / "gpus.yaml")["gpus"]:
        problems += provenance(f"gpus.yaml {g['id']}", g)
    for path in files("clouds/*.yaml"):
        for offer in load(path)["offers"]:
            problems += provenance(f"{rel(path)} {offer['id']}", offer)
    for e in load(DATA / "efficiency.yaml")["profiles"]:
        problems += provenance(f"efficiency.yaml {e['engine']}/{e['gpu']}", e)
    assert not problems, report(problems)


def test_every_engine_says_where_its_overlap_scheduler_setting_was_read() -> None:
    # overlap_scheduler decides whether host work adds to a step or hides under it: a stated fact, so each engine's
    # note must say where it comes from (the engine's own option name) or which entry it follows.
    problems = []
    for e in load(DATA / "engines.yaml")["engines"]:
        if not isinstance(e.get("overlap_scheduler"), bool):
            problems.append(f"engines.yaml {e['id']}: overlap_scheduler must be true or false")
        note = e.get("note", "")
        if not re.search(r"overlap_schedule|async_scheduling|overlap scheduler|async scheduling", note, re.I):
            problems.append(f"engines.yaml {e['id']}: the note does not say where overlap_scheduler was read")
    assert not problems, report(problems)


def test_every_gpu_and_cloud_offer_says_how_it_was_verified() -> None:
    # As for prices: official (the vendor's or provider's own page), secondary (a copy, named in read_url or the
    # note), derived (worked out; the note says how).
    problems = []
    entries = [(f"gpus.yaml {g['id']}", g) for g in load(DATA / "gpus.yaml")["gpus"]]
    entries += [(f"{rel(path)} {o['id']}", o) for path in files("clouds/*.yaml") for o in load(path)["offers"]]
    for where, e in entries:
        level = e.get("verified")
        if level not in ("official", "secondary", "derived"):
            problems.append(f"{where}: verified is {level!r}")
        elif level == "secondary" and not (e.get("read_url") or "copy" in e.get("note", "").lower()
                                            or "secondary" in e.get("note", "").lower() or "via" in e.get("note", "").lower()):
            problems.append(f"{where}: secondary, but neither read_url nor the note names the copy read")
    assert not problems, report(problems)


def test_every_owned_profile_figure_has_its_own_source_and_checked_date() -> None:
    problems = []
    numeric = {"server_capex", "network_capex_per_server", "life_years", "residual_value_share", "power_per_gpu_kw",
               "pue", "electricity_per_kwh", "colocation_per_kw_month", "operations_per_gpu_year", "cost_of_capital"}
    for p in load(DATA / "owned.yaml")["profiles"]:
        sources = p.get("sources") or []
        for s in sources:
            problems += provenance(f"owned.yaml {p['id']} source for {s.get('field')}", s, url_key="url", note=False)
        covered = {s.get("field") for s in sources}
        for field in sorted(numeric & set(p) - covered):
            problems.append(f"owned.yaml {p['id']}: `{field}` has no entry under `sources`")
    assert not problems, report(problems)


def test_every_model_config_and_its_published_figures_have_a_source() -> None:
    problems = []
    for path in files("models/*.yaml"):
        m = load(path)
        problems += provenance(f"{rel(path)} config", m, note=False)
        published = m.get("published_parameters")
        if not isinstance(published, dict):
            problems.append(f"{rel(path)}: no `published_parameters`")
            continue
        problems += provenance(f"{rel(path)} published_parameters", published)
    assert not problems, report(problems)


def test_every_calibration_file_names_its_source_and_checked_date() -> None:
    problems = []
    for path in files("calibration/*.yaml"):
        c = load(path)
        problems += provenance(rel(path), c, note=False)
        if not c.get("rows"):
            problems.append(f"{rel(path)}: no rows")
    assert not problems, report(problems)


def test_fx_rates_are_dated_positive_sourced_and_ordered() -> None:
    problems = []
    last: Dict[Tuple[str, str], dt.date] = {}
    for i, r in enumerate(load(DATA / "fx.yaml")["rates"]):
        where = f"fx.yaml rates[{i}] {r.get('base')}/{r.get('quote')}"
        problems += provenance(where, r, note=False)
        date = as_date(r.get("date"))
        if date is None:
            problems.append(f"{where}: `date` is not a date")
            continue
        if date > TODAY:
            problems.append(f"{where}: dated {date}, in the future")
        if not (isinstance(r.get("rate"), (int, float)) and r["rate"] > 0):
            problems.append(f"{where}: rate {r.get('rate')!r} is not a positive number")
        pair = (r.get("base"), r.get("quote"))
        if pair in last and date <= last[pair]:
            problems.append(f"{where}: {date} does not come after the previous {pair[0]}/{pair[1]} rate of {last[pair]}")
        last[pair] = date
    assert not problems, report(problems)


def test_governance_facts_and_jurisdictions_have_dated_sources() -> None:
    problems = []
    for path in files("governance/*.yaml"):
        g = load(path)
        for i, s in enumerate(g.get("sources") or []):
            problems += provenance(f"{rel(path)} sources[{i}]", s, url_key="url", note=False)
        default = (g.get("defaults") or {}).get("source")
        for oid, facts in (g.get("offerings") or {}).items():
            source = (facts or {}).get("source", default)
            if not is_url(source):
                problems.append(f"{rel(path)} {oid}: the facts have no source URL ({source!r})")
    problems += provenance("jurisdictions.yaml", load(DATA / "jurisdictions.yaml"), note=False)
    assert not problems, report(problems)


# --- history and lifecycle ------------------------------------------------------------------------------

def test_versions_are_in_ascending_effective_order_without_duplicates() -> None:
    problems = []
    for path, o in api_offerings():
        starts = [as_instant(v.get("effective_from")) for v in o["versions"]]
        if any(s is None for s in starts):
            problems.append(f"{rel(path)} {o['id']}: a version has no effective_from date")
            continue
        for a, b in zip(starts, starts[1:]):
            if not a < b:
                problems.append(f"{rel(path)} {o['id']}: version from {b} does not come after the one from {a}")
    assert not problems, report(problems)


def test_every_price_version_says_how_it_was_verified() -> None:
    # official: the provider's page was read; secondary: a copy (read_url names it); derived: worked out (the
    # note says how). A copy read in place of the page is named, not passed off as the page.
    problems = []
    for path, o in api_offerings():
        for v in o["versions"]:
            where = f"{rel(path)} {o['id']} from {v.get('effective_from')}"
            level = v.get("verified")
            if level not in ("official", "secondary", "derived"):
                problems.append(f"{where}: verified is {level!r}")
            elif level == "secondary" and not (v.get("read_url") or "secondary" in v.get("note", "").lower()
                                                or "copy" in v.get("note", "").lower()):
                problems.append(f"{where}: secondary, but neither read_url nor the note names the copy read")
    assert not problems, report(problems)


def test_every_deprecation_and_retirement_names_a_successor_that_is_served_after_it(catalog: ic.Catalog) -> None:
    problems, checked = [], 0
    for o in catalog.offerings:
        if o.retired is None and o.deprecated is None:
            continue
        checked += 1
        if o.successor is None:
            problems.append(f"{o.id}: deprecated or retired without a successor")
            continue
        s = catalog[o.successor]
        end = o.retired or o.deprecated
        if s.retired is not None and s.retired <= end:
            problems.append(f"{o.id}: its successor {s.id} retires at {s.retired}, no later than it")
    assert not problems, report(problems)
    assert checked > 0


def test_retired_offerings_have_a_retirement_instant_after_their_last_version() -> None:
    problems, checked = [], 0
    for path, o in api_offerings():
        if "retired" not in o:
            continue
        checked += 1
        retired = o["retired"]
        if not isinstance(retired, dt.datetime):
            problems.append(f"{rel(path)} {o['id']}: `retired` {retired!r} is not a date and time")
            continue
        last = max(as_instant(v["effective_from"]) for v in o["versions"])
        if not as_instant(retired) > last:
            problems.append(f"{rel(path)} {o['id']}: retired {retired} before its last version from {last}")
    assert not problems, report(problems)
    assert checked > 0, "no offering records a retirement; the check above checked nothing"


RETIREMENT_DATE = re.compile(r"retire(?:d|ment)[^.;]*?\b(20\d\d-\d\d-\d\d)", re.IGNORECASE)


def test_a_retirement_date_given_in_the_notes_is_recorded_in_retired() -> None:
    unrecorded = {o["id"] for _, o in api_offerings()
                  if "retired" not in o and RETIREMENT_DATE.search(str(o.get("notes") or ""))}
    assert unrecorded == KNOWN_UNRECORDED_RETIREMENTS, (
        f"notes give a retirement date that `retired` lacks: {sorted(unrecorded - KNOWN_UNRECORDED_RETIREMENTS)}; "
        f"recorded since (remove from KNOWN_UNRECORDED_RETIREMENTS): {sorted(KNOWN_UNRECORDED_RETIREMENTS - unrecorded)}")


# --- model architectures --------------------------------------------------------------------------------

def test_every_model_file_is_loaded_by_the_library(catalog: ic.Catalog) -> None:
    in_files = {load(p)["id"] for p in files("models/*.yaml")}
    assert {m.id for m in catalog.hardware.models} == in_files


@pytest.mark.parametrize("path", sorted(DATA.glob("models/*.yaml")), ids=lambda p: p.stem)
def test_parameter_count_from_the_config_is_within_5_percent_of_the_published_figure(path: Path, catalog: ic.Catalog) -> None:
    m = load(path)
    published_b = float(m["published_parameters"]["total_b"])
    computed_b = catalog.hardware.model(m["id"]).total_params / 1e9
    assert computed_b == pytest.approx(published_b, rel=0.05), (
        f"{rel(path)}: the config gives {computed_b:.2f}B parameters, the model card {published_b}B")


def test_the_readme_catalog_summary_is_the_one_the_data_gives(catalog: ic.Catalog) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("catalog_summary", ROOT / "scripts" / "catalog_summary.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    text = (ROOT / "README.md").read_text()
    assert mod.rewritten(text, mod.summary(catalog)) == text, "run python3 scripts/catalog_summary.py"


def test_tokenizer_table_is_complete_and_sourced() -> None:
    """pricing/tokenizers.yaml: every family counts every kind of text, names the vocabulary file it was counted with
    (with its checksum), and the counts are plausible (a tokenizer writes between 100 and 1,000 tokens per 1,000
    characters of these texts); the library's loader takes it, through a scenario that looks a family up."""
    doc = yaml.safe_load((DATA / "tokenizers.yaml").read_text(encoding="utf-8"))
    assert doc["text_set"].strip()
    kinds = {"english", "chinese", "code", "other"}
    ids = set()
    for f in doc["families"]:
        assert f["id"] not in ids, f"tokenizers.yaml: family {f['id']} twice"
        ids.add(f["id"])
        assert set(f["tokens_per_1000_chars"]) == kinds, f"tokenizers.yaml: {f['id']} lacks a kind of text"
        for kind, n in f["tokens_per_1000_chars"].items():
            assert 100 <= n <= 1000, f"tokenizers.yaml: {f['id']} {kind} {n} tokens per 1,000 characters"
        assert re.search(r"sha256 [0-9a-f]{8}", f["source"]), f"tokenizers.yaml: {f['id']} names no checksum"
    # Through the library: a task measured on o200k and priced for a Qwen3 option gets Qwen3's English ratio.
    catalog = ic.Catalog.default()
    w = ic.Workload(requests_per_day=100, input_tokens=ic.fixed(1000), output_tokens=ic.fixed(100))
    c = ic.compare(w, ["alibaba/qwen3-max"], start="2027-01-01", catalog=catalog,
                   tasks={"tokenizer": "o200k", "models": [{"option": "alibaba/qwen3-max", "tokenizer": "qwen3"}]})
    qwen = next(f for f in doc["families"] if f["id"] == "qwen3")["tokens_per_1000_chars"]["english"]
    o200k = next(f for f in doc["families"] if f["id"] == "o200k")["tokens_per_1000_chars"]["english"]
    assert c.task_frame().loc["alibaba/qwen3-max", "token_ratio"] == pytest.approx(qwen / o200k)
