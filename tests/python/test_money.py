"""Amounts keep their currency at the Python boundary: totals are Money, currencies do not mix, bare numbers
are not amounts."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest

import infercost as ic


def test_price_total_is_money_usable_as_a_float(acme: ic.Catalog) -> None:
    # acme/cny: 1,000,000 prompt tokens at 2.88 CNY per million = 2.88 CNY.
    total = acme["acme/cny"].price(at="2026-01-01", input=1_000_000).total
    assert isinstance(total, ic.Money) and isinstance(total, float)
    assert total.currency == "CNY" and total.amount == pytest.approx(2.88)
    assert float(total) == pytest.approx(2.88)
    assert 2.8 < total < 2.9 and total != 0  # comparisons with plain numbers read the amount
    assert f"{total:.3f}" == "2.880"  # a format spec formats the amount, as for a float
    assert str(total) == "2.88 CNY" and repr(total) == "Money(2.88, 'CNY')"
    assert np.array([total, total]).dtype == np.float64
    assert json.loads(json.dumps({"total": total})) == {"total": pytest.approx(2.88)}
    assert pickle.loads(pickle.dumps(total)) == total
    assert total == pytest.approx(ic.Money(2.88, "CNY"))


def test_amounts_in_two_currencies_do_not_add(acme: ic.Catalog) -> None:
    # acme/base: 1,000,000 prompt tokens at 2.00 USD per million.
    usd = acme["acme/base"].price(at="2026-01-01", input=1_000_000).total
    cny = acme["acme/cny"].price(at="2026-01-01", input=1_000_000).total
    assert usd == ic.Money(2.0, "USD")
    with pytest.raises(ic.CurrencyError, match="USD and CNY"):
        usd + cny
    with pytest.raises(ic.CurrencyError, match="CNY and USD"):
        cny - usd
    with pytest.raises(ic.CurrencyError):
        usd < cny
    assert usd != cny  # equality never raises: 2 USD is not 2.88 CNY
    # The same currency adds, scales and divides: 2 + 2 = 4 USD; 2 x 3 = 6 USD; 2 / 2 = 1 (a ratio, no currency).
    assert usd + usd == ic.Money(4.0, "USD")
    assert usd * 3 == ic.Money(6.0, "USD") and 3 * usd == ic.Money(6.0, "USD")
    ratio = usd / usd
    assert ratio == 1.0 and not isinstance(ratio, ic.Money)
    assert (usd / 4).currency == "USD" and -usd == ic.Money(-2.0, "USD")


def test_a_bare_number_is_not_an_amount(acme: ic.Catalog) -> None:
    usd = acme["acme/base"].price(at="2026-01-01", input=1_000_000).total
    with pytest.raises(ic.CurrencyError, match="bare number"):
        usd + 1.5
    with pytest.raises(ic.CurrencyError, match="bare number"):
        10 - usd
    # Zero is the same amount in every currency, so sum() (which starts from 0) works: 2 + 2 + 2 = 6 USD.
    assert sum([usd, usd, usd]) == ic.Money(6.0, "USD")
    with pytest.raises(ic.CurrencyError):
        sum([usd, acme["acme/cny"].price(at="2026-01-01", input=1).total])
    with pytest.raises(TypeError):
        usd * usd
    with pytest.raises(ic.InputError, match="finite"):
        ic.Money(float("nan"), "USD")
    with pytest.raises(ic.InputError, match="three"):
        ic.Money(1.0, "US")


def test_results_return_money_in_their_currency(acme: ic.Catalog) -> None:
    w = ic.Workload(requests_per_day=10_000, input_tokens=1_000, output_tokens=500)
    c = ic.compare(w, ["acme/base", "acme/cny"], start="2027-01-01", currency="CNY", catalog=acme)
    # In CNY at 7.2 per USD: acme/base 0.006 USD x 7.2 = 0.0432 CNY a request, x 10,000 x 365 = 157,680 CNY a year;
    # acme/cny 0.0072 CNY a request = 26,280 CNY a year; saving 131,400 CNY.
    base, cny = c.options
    assert base.per_year == pytest.approx(ic.Money(157_680, "CNY"))
    assert cny.cost_per_request == pytest.approx(ic.Money(0.0072, "CNY"))
    assert c.saving_per_year(1) == pytest.approx(ic.Money(131_400, "CNY"))
    assert all(v.currency == "CNY" for v in base.by_meter.values())
    assert base.months[0]["total"].currency == "CNY"
    b = acme["acme/base"].price(at="2026-01-01", input=1_000, output=500)
    assert all(ch.cost.currency == "USD" for ch in b.charges) and b.cost_of("output").currency == "USD"


def test_claim_in_another_currency_is_refused_not_misread(acme: ic.Catalog) -> None:
    w = ic.Workload(requests_per_day=10_000, input_tokens=1_000, output_tokens=500)
    # The comparison reports in USD (the default): 400,000 CNY is not 400,000 USD. The C++ check refuses it.
    with pytest.raises(ic.CurrencyError, match="CNY"):
        ic.check_claim(w, baseline="acme/base", candidate="acme/cny", saving_per_year=ic.Money(4e5, "CNY"),
                       start="2027-01-01", catalog=acme)
    # Stated in CNY, the claim is checked in CNY. Saving per request a day over a year: (0.0432 - 0.0072) x 365
    # = 13.14 CNY, so 400,000 CNY takes 400,000 / 13.14 = 30,441.4 requests a day, the same volume as
    # 400,000 / 7.2 = 55,555.6 USD against the USD saving of 0.005 x 365 = 1.825 USD.
    k = ic.check_claim(w, baseline="acme/base", candidate="acme/cny", saving_per_year=ic.Money(4e5, "CNY"),
                       start="2027-01-01", currency="CNY", catalog=acme)
    assert k.implied_requests_per_day == pytest.approx(400_000 / 13.14)
    assert k.claimed_saving_per_year == ic.Money(4e5, "CNY")
    usd = ic.check_claim(w, baseline="acme/base", candidate="acme/cny", saving_per_year=4e5 / 7.2,
                         start="2027-01-01", catalog=acme)
    assert usd.implied_requests_per_day == pytest.approx(k.implied_requests_per_day)
    assert usd.implied_baseline_per_year.currency == "USD"


def test_fx_convert_keeps_and_checks_currency(acme: ic.Catalog) -> None:
    # 7.2 CNY at 7.2 CNY per USD is 1 USD.
    one = acme.fx.convert(ic.Money(7.2, "CNY"), "CNY", "USD", "2027-01-01")
    assert one == pytest.approx(ic.Money(1.0, "USD"))
    assert acme.fx.convert(7.2, "CNY", "USD", "2027-01-01") == pytest.approx(ic.Money(1.0, "USD"))
    with pytest.raises(ic.CurrencyError, match="from_currency is USD"):
        acme.fx.convert(ic.Money(7.2, "CNY"), "USD", "CNY", "2027-01-01")


def test_frames_read_money_as_numbers(acme: ic.Catalog) -> None:
    w = ic.Workload(requests_per_day=10_000, input_tokens=1_000, output_tokens=500)
    frame = ic.compare(w, ["acme/base", "acme/cny"], start="2027-01-01", catalog=acme).to_frame()
    assert pd.api.types.is_float_dtype(frame["cost_per_year"])
