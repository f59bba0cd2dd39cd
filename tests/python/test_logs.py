"""Log replay through Python: canonical files and frames, attribution, candidates, errors, Dask, the command."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infercost as ic
from infercost import logs

from conftest import ROOT, infercost_command

DATA = Path(__file__).resolve().parents[1] / "data"
CANONICAL = DATA / "usage" / "canonical.csv"


@pytest.fixture(scope="module")
def cat() -> ic.Catalog:
    return ic.Catalog.load(DATA / "catalog")


# Under openai/gpt-4.1 (input 2, cached 0.5, output 8 USD per million; batch x0.5):
#   row 1: 6,000 x 2 + 4,000 x 0.5 + 500 x 8 = 18,000 per million = 0.018
#   row 2 (batch): (20,000 x 2 + 1,000 x 8) x 0.5 = 24,000 per million = 0.024
#   row 3: 500,000 x 2 + 500,000 x 0.5 + 10,000 x 8 = 1,330,000 per million = 1.33
# Under openai/gpt-4o (2.5, 1.25, 10; batch x0.5; a 128,000-token window: row 3 does not fit):
#   row 1: 6,000 x 2.5 + 4,000 x 1.25 + 500 x 10 = 25,000 per million = 0.025
#   row 2: (20,000 x 2.5 + 1,000 x 10) x 0.5 = 30,000 per million = 0.030
def test_canonical_csv_priced_as_logged_and_under_a_candidate(cat: ic.Catalog) -> None:
    log = logs.read_log(CANONICAL, catalog=cat)
    assert log.rows == 3 and log.dimensions == ["team"]
    assert [o.id for o in log.offerings] == ["openai/gpt-4.1"]  # the dated name is an alias of the same offering
    r = log.replay(["openai/gpt-4o"], by="team", over_limits="exclude")
    t = r.totals().set_index("offering")
    assert t.loc["as logged", "cost"] == pytest.approx(1.372, abs=1e-12)
    assert t.loc["openai/gpt-4o", "cost"] == pytest.approx(0.055, abs=1e-12)
    assert t.loc["openai/gpt-4o", "rows_over_limits"] == 1
    assert t.loc["as logged", "input_tokens"] == 1_030_000
    assert (t["currency"] == "USD").all()
    daily = r.daily()
    assert daily.loc[pd.Timestamp("2026-11-03").date(), "as logged"] == pytest.approx(0.042)
    assert daily.loc[pd.Timestamp("2026-11-04").date(), "as logged"] == pytest.approx(1.33)
    teams = r.by_group()
    assert teams.loc["search", "as logged"] == pytest.approx(0.042)
    assert teams.loc["support", "as logged"] == pytest.approx(1.33)
    assert any("gpt-4o: 1 rows beyond" in n for n in r.notes())
    with pytest.raises(ic.InputError, match="beyond what openai/gpt-4o serves|context window"):
        log.replay(["openai/gpt-4o"])  # refused by default: nothing is priced half


def test_frames_with_any_datetime_column_and_arrow_tables(cat: ic.Catalog) -> None:
    frame = pd.read_csv(CANONICAL)
    berlin = pd.to_datetime(frame["timestamp"], utc=True).dt.tz_convert("Europe/Berlin")
    naive = berlin.dt.tz_localize(None)  # 11:00 Berlin = 10:00 UTC
    totals = []
    for ts, tz in ((berlin, None), (naive, "Europe/Berlin"), ((pd.to_datetime(frame["timestamp"]) - pd.Timestamp("1970-01-01", tz="UTC")) // pd.Timedelta("1s"), None)):
        r = logs.replay(frame.assign(timestamp=ts), [], catalog=cat, timezone=tz)
        totals.append(r.totals()["cost"].sum())
    assert totals == pytest.approx([1.372] * 3)
    with pytest.raises(ic.InputError, match="no time zone"):
        logs.replay(frame.assign(timestamp=naive), [], catalog=cat)
    pa = pytest.importorskip("pyarrow")
    r = logs.replay(pa.Table.from_pandas(frame), [], catalog=cat)
    assert r.totals()["cost"].sum() == pytest.approx(1.372)


def test_parquet_and_renamed_columns(cat: ic.Catalog, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    frame = pd.read_csv(CANONICAL).rename(columns={"timestamp": "ts", "input_tokens": "prompt"})
    frame.to_parquet(tmp_path / "log.parquet", index=False)
    log = logs.read_log(tmp_path / "log.parquet", catalog=cat, columns={"ts": "timestamp", "prompt": "input_tokens"})
    assert log.frame.attrs["format"] == "parquet"
    assert log.replay([]).totals()["cost"].sum() == pytest.approx(1.372)
    with pytest.raises(ic.InputError, match=r"--columns names \['stamp'\]"):
        logs.read_log(tmp_path / "log.parquet", catalog=cat, columns={"stamp": "timestamp"})


def test_per_row_costs_match_single_requests(cat: ic.Catalog) -> None:
    r = logs.read_log(CANONICAL, catalog=cat).replay([], row_costs=True)
    assert r.row_costs()["as logged"].tolist() == pytest.approx([0.018, 0.024, 1.33])
    one = cat["openai/gpt-4.1"].price(input=10_000, cached_input=4_000, output=500, at="2026-11-03T10:00:00Z")
    assert r.row_costs()["as logged"].iloc[0] == pytest.approx(float(one.total), abs=1e-15)


def test_reporting_currency_is_dated_and_lists_keep_their_own(cat: ic.Catalog) -> None:
    r = logs.read_log(CANONICAL, catalog=cat).replay([], currency="CNY")
    c = r.cells
    assert (c["currency"] == "USD").all()
    rate = cat.fx.convert(1, "USD", "CNY", "2026-11-03")
    assert c["cost_CNY"].sum() == pytest.approx(1.372 * float(rate), rel=1e-12)


@pytest.mark.parametrize("edit, message", [
    (lambda f: f.drop(columns=["output_tokens"]), r"lacks the columns \['output_tokens'\]"),
    (lambda f: f.assign(model=["gpt-4.1", "no-such-model", "gpt-4.1"]), r"canonical.csv:3:2: model: unknown offering 'no-such-model'"),
    (lambda f: f.assign(input_tokens=[10_000, -5, 1]), r"canonical.csv:3:3: input_tokens: count is negative"),
    (lambda f: f.assign(cached_input_tokens=[4_000, 30_000, 0]), r"canonical.csv:3:0: cached_input \+ cache_write"),
    (lambda f: f.assign(timestamp=["2026-11-03T10:00:00Z", "yesterday", "2026-11-04T09:00:00Z"]),
     r"canonical.csv:3:1: timestamp: cannot read 'yesterday'"),
    (lambda f: f.assign(service_tier=["standard", "turbo", "standard"]), r"canonical.csv:3:7: service_tier: unknown service tier 'turbo'"),
])
def test_bad_logs_are_refused_with_the_row(cat: ic.Catalog, tmp_path: Path, edit, message) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "canonical.csv"
    edit(pd.read_csv(CANONICAL)).to_csv(path, index=False)
    with pytest.raises(ic.InputError, match=message):
        logs.read_log(path, catalog=cat).replay([])


def test_profile_of_a_log(cat: ic.Catalog) -> None:
    p = logs.read_log(CANONICAL, catalog=cat).profile()
    assert p.days == 2 and p.requests == 3
    # cached share: (4,000 + 0 + 500,000) / (10,000 + 20,000 + 1,000,000) = 504,000 / 1,030,000
    assert p.workload.cached_share == pytest.approx(504_000 / 1_030_000)
    assert p.fit_frame().set_index(["length", "statistic"]).loc[("input", "mean"), "observed"] == pytest.approx(1_030_000 / 3)


def _synthetic(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-11-01", tz="UTC").value // 10**9
    prompt = rng.lognormal(np.log(3000), 1.0, n).astype(np.int64) + 10
    return pd.DataFrame({
        "timestamp": np.sort(start + rng.integers(0, 29 * 86400, n)),
        "model": rng.choice(["gpt-4.1", "gpt-4o"], n),
        "input_tokens": prompt,
        "cached_input_tokens": (prompt * rng.random(n) * 0.5).astype(np.int64),
        "output_tokens": rng.integers(1, 2000, n),
        "team": rng.choice(["a", "b", "c"], n),
    })


def test_dask_on_two_worker_processes_gives_the_single_process_totals(cat: ic.Catalog, tmp_path: Path) -> None:
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    import infercost.dask as icd

    frame = _synthetic(120_000, 3)
    for k in range(4):
        frame.iloc[k * 30_000:(k + 1) * 30_000].to_parquet(tmp_path / f"part-{k}.parquet", index=False)
    single = logs.replay(frame, ["openai/gpt-4.1"], catalog=cat, by="team", over_limits="exclude")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ddf = dd.read_parquet(str(tmp_path / "part-*.parquet"))
        assert ddf.npartitions == 4
        multi = icd.replay(ddf, ["openai/gpt-4.1"], catalog=cat, by="team", over_limits="exclude", scheduler=client)
    a = single.totals().set_index("offering")
    b = multi.totals().set_index("offering")
    for col in ("as logged", "openai/gpt-4.1"):
        assert round(a.loc[col, "cost"], 2) == round(b.loc[col, "cost"], 2)
        assert a.loc[col, "rows"] == b.loc[col, "rows"] == 120_000 - a.loc[col, "rows_over_limits"]
    assert (single.by_group() - multi.by_group()).abs().max().max() < 0.005


def test_replay_command(cat: ic.Catalog) -> None:
    cmd = [infercost_command(), "replay", str(CANONICAL), "--catalog", str(DATA / "catalog"),
           "--offerings", "openai/gpt-4o", "--over-limits", "exclude", "--by", "team"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    assert "1.37 USD" in out and "0.055 USD" in out or "0.06 USD" in out
    assert "search" in out and "support" in out
    csv = subprocess.run(cmd + ["--format", "csv"], capture_output=True, text=True, check=True).stdout
    assert csv.splitlines()[0].startswith("offering,")
    bad = subprocess.run([infercost_command(), "replay", str(DATA / "nope.csv")], capture_output=True, text=True)
    assert bad.returncode == 2 and "no such file" in bad.stderr and "Traceback" not in bad.stderr


def test_self_hosted_replay_serves_the_logs_own_hours() -> None:
    # The capacity model over the log's own arrivals: every UTC hour the log spans (New York's November: 31 UTC days),
    # each with the requests the log has in it.
    log = logs.read_log(ROOT / "examples" / "logs" / "support-2026-11.csv.gz", catalog=ic.Catalog.default())
    opt = ic.self_hosted(model="llama-3.3-70b", gpu="h100-sxm", gpus=2, cloud_offer="lambda/gpu_8x_h100_sxm5/global",
                         chunked_prefill=True)
    plan, cost = logs.replay_self_hosted(log, opt)
    hours = plan.hours
    assert len(hours["hour"]) == 31 * 24
    served = hours["requests_per_second"] * 3600
    per_hour = np.bincount(((log.seconds - log.seconds.min() // 86400 * 86400) // 3600).astype(np.int64), minlength=744)
    assert served.sum() == pytest.approx(log.rows)
    assert served == pytest.approx(per_hour)  # the log's hours, not a fitted shape
    assert cost.total.currency == "USD" and float(cost.total) > 0


NOV = pd.Timestamp("2026-11-01", tz="UTC").value // 10**9
_rows = st.lists(st.tuples(st.integers(0, 30 * 86400 - 1), st.integers(1, 120_000), st.floats(0, 1), st.integers(0, 8000),
                           st.floats(0, 1)), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(rows=_rows)
def test_every_row_costs_what_the_single_request_path_says(rows) -> None:  # type: ignore[no-untyped-def]
    # DeepSeek's list has peak hours on Beijing time and holidays; GPT-4o has versions and a 128K window.
    cat = ic.Catalog.load(DATA / "catalog")
    frame = pd.DataFrame({
        "timestamp": [NOV + r[0] for r in rows],
        "offering": "openai/gpt-4.1",
        "input_tokens": [r[1] for r in rows],
        "cached_input_tokens": [int(r[1] * r[2]) for r in rows],
        "output_tokens": [r[3] for r in rows],
        "reasoning_tokens": [int(r[3] * r[4]) for r in rows],
    })
    names = ["deepseek/deepseek-v4-flash", "openai/gpt-4o"]
    r = logs.replay(frame, names, catalog=cat, over_limits="exclude", row_costs=True)
    per_row = r.row_costs()
    for i, row in frame.iterrows():
        for name in ["openai/gpt-4.1"] + names:
            o = cat[name]
            at = pd.Timestamp(int(row["timestamp"]), unit="s", tz="UTC").to_pydatetime()
            try:
                expected = float(o.price(input=int(row["input_tokens"]), cached_input=int(row["cached_input_tokens"]),
                                         output=int(row["output_tokens"]), reasoning=int(row["reasoning_tokens"]), at=at).total)
            except ic.InputError:
                assert np.isnan(per_row.loc[i, name])  # beyond the window: left out, no price
                continue
            column = "as logged" if name == "openai/gpt-4.1" else name
            assert per_row.loc[i, column] == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_price_batch_takes_a_pandas_timestamp_column(cat: ic.Catalog) -> None:
    # 1,000 x 2 + 100 x 8 = 2,800 per million = 0.0028 USD; 2,000 x 2 + 100 x 8 = 0.0048 USD (openai/gpt-4.1).
    usage = np.array([[1000, 0, 0, 100, 0], [2000, 0, 0, 100, 0]], dtype=np.int64)
    at = pd.Series(pd.to_datetime(["2026-11-03T10:00:00Z", "2026-11-03T11:00:00Z"]))
    for column in (at, at.dt.tz_convert("Asia/Shanghai"), pd.DatetimeIndex(at)):
        assert cat["openai/gpt-4.1"].price_batch(usage, at=column).total.tolist() == pytest.approx([0.0028, 0.0048])


def test_a_fitted_profile_round_trips_through_a_scenario_file() -> None:
    log = logs.read_log(ROOT / "examples" / "logs" / "support-2026-11.csv.gz", catalog=ic.Catalog.default())
    w = log.profile(clock="-05:00").workload
    text = "name: from the log\nhorizon: {start: 2027-01-01, months: 12}\nbaseline: openai/gpt-4.1\nworkload:\n" + \
        "".join(f"  {line}\n" for line in w.to_yaml().splitlines())
    back = ic.Scenario.parse(text).workload
    assert back.requests_per_day == pytest.approx(15_000 / 31)  # the log's requests over its 31 days on -05:00
    assert back.input_tokens.mean == pytest.approx(w.input_tokens.mean, rel=1e-7)
    assert back.output_tokens.quantile(0.9) == pytest.approx(w.output_tokens.quantile(0.9), rel=1e-7)
    assert back.cached_share == pytest.approx(w.cached_share, rel=1e-7)
    assert list(back.hourly_profile) == pytest.approx(list(w.hourly_profile), rel=1e-7)


def test_replay_command_serves_the_log_on_self_hosted_options_and_prints_its_profile() -> None:
    cmd = [infercost_command(), "replay", str(ROOT / "examples" / "logs" / "support-2026-11.csv.gz"),
           "--self-hosted", str(ROOT / "examples" / "scenarios" / "selfhost_qwen.yaml"), "--profile=-05:00"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    assert "Self-hosted, serving the log's own hours" in out and "owned 8x H200, US colocation" in out
    assert "workload:\n  requests_per_day: 483.870967742" in out  # 15,000 requests over 31 days
    doc = subprocess.run(cmd + ["--format", "json"], capture_output=True, text=True, check=True).stdout
    import json

    parsed = json.loads(doc)
    assert len(parsed["self_hosted"]) == 3 and parsed["profile"]["days"] == 31


def test_dask_names_candidates_as_the_single_process_does(cat: ic.Catalog, tmp_path: Path) -> None:
    dd = pytest.importorskip("dask.dataframe")
    import infercost.dask as icd

    frame = _synthetic(5_000, 4)
    ddf = dd.from_pandas(frame, npartitions=2)
    # A model name, resolved once to its offering id: the partitions' columns and the combined result agree.
    r = icd.replay(ddf, ["gpt-4.1"], catalog=cat, scheduler="synchronous")
    assert list(r.totals()["offering"]) == ["as logged", "openai/gpt-4.1"]


def test_duplicate_candidates_and_self_hosting_aggregated_logs_are_refused(cat: ic.Catalog) -> None:
    log = logs.read_log(CANONICAL, catalog=cat)
    with pytest.raises(ic.InputError, match="named twice"):
        log.replay(["openai/gpt-4o", "gpt-4o"], over_limits="exclude")
    bucketed = logs.read_log(DATA / "usage" / "openai_usage_completions.json", catalog=ic.Catalog.load(DATA / "usage" / "catalog"))
    opt = ic.self_hosted(model="llama-3.3-70b", gpu="h100-sxm", gpus=2, cloud_offer="lambda/gpu_8x_h100_sxm5/global")
    with pytest.raises(ic.InputError, match="sums requests into buckets"):
        logs.replay_self_hosted(bucketed, opt)
