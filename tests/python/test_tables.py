"""Result tables: their columns come from C++, frames and the command line read them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import infercost as ic


def _comparison(acme: ic.Catalog) -> ic.Comparison:
    w = ic.Workload(requests_per_day=10_000, input_tokens=1_000, output_tokens=500)
    return ic.compare(w, ["acme/base", "acme/cny"], start="2027-01-01", catalog=acme)


def test_comparison_table_columns_and_records(acme: ic.Catalog) -> None:
    t = _comparison(acme).table()
    cols = {c["name"]: c for c in t.columns}
    assert list(cols) == ["option", "kind", "offering", "service_tier", "baseline", "cost_per_year",
                          "saving_per_year", "saving_share", "cost_per_request", "requests"]
    assert cols["cost_per_year"]["kind"] == "money" and cols["cost_per_year"]["currency"] == "USD"
    assert cols["cost_per_year"]["heading"] == "cost/year USD"
    assert cols["saving_share"]["kind"] == "share" and cols["saving_share"]["heading"].endswith("%")
    r = t.to_records()
    assert r.dtype["cost_per_year"] == np.float64 and r.dtype["baseline"] == np.bool_
    # acme/base: 0.006 USD a request x 10,000 x 365 = 21,900; acme/cny: 0.001 USD = 3,650; saving 18,250 = 83.33%.
    assert r["cost_per_year"].tolist() == pytest.approx([21_900, 3_650])
    assert r["saving_share"][1] == pytest.approx(18_250 / 21_900)
    assert r["kind"].tolist() == ["api", "api"] and r["baseline"].tolist() == [True, False]


def test_by_meter_and_monthly_tables(acme: ic.Catalog) -> None:
    c = _comparison(acme)
    by_meter = c.by_meter_table()
    # Only the lines some option has: input and output (no cache, reasoning or request charges here).
    assert [col["name"] for col in by_meter.columns] == ["option", "input", "output"]
    rec = by_meter.to_records()
    # acme/base: 1,000 x 2 = 0.002 and 500 x 8 = 0.004 USD a request, x 3,650,000 requests = 7,300 and 14,600.
    assert rec["input"][0] == pytest.approx(7_300) and rec["output"][0] == pytest.approx(14_600)
    monthly = c.monthly_table().to_records()
    assert monthly.dtype["month"] == np.dtype("datetime64[D]")
    assert str(monthly["month"][0]) == "2027-01-01"
    assert monthly["acme/base"][0] == pytest.approx(31 * 10_000 * 0.006)  # January: 31 days


def test_missing_cells_are_missing_not_zero(acme: ic.Catalog) -> None:
    frame = acme.to_frame()
    # acme/cny has no cached-input price: NaN in the frame (null in JSON), never 0.
    assert np.isnan(frame.loc["acme/cny", "cached_input"])
    assert frame.loc["acme/base", "cached_input"] == 0.5
    assert pd.isna(frame.loc["acme/base", "retired"])
    cols = {c["name"]: c for c in acme.table().columns}
    assert cols["input"]["currency_column"] == "currency" and cols["input"]["unit"] == "per million tokens"


def test_claim_table_is_one_row_and_empty_when_not_achievable(acme: ic.Catalog) -> None:
    w = ic.Workload(requests_per_day=10_000, input_tokens=1_000, output_tokens=500)
    # acme/cny is cheaper than acme/base, so the reverse move saves nothing: no implied volume.
    k = ic.check_claim(w, baseline="acme/cny", candidate="acme/base", saving_per_year=1_000, start="2027-01-01",
                       catalog=acme)
    t = k.table()
    assert len(t) == 1 and not k.achievable
    r = t.to_records()[0]
    assert np.isnan(r["implied_requests_per_day"]) and np.isnan(r["implied_baseline_per_year"])
    assert r["baseline_cost_per_request"] == pytest.approx(0.001)
    frame = k.to_frame()
    assert frame.loc["implied requests per day", "value"] is None
