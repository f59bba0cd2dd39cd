"""Pricing invariants over random usage (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infercost as ic
from conftest import ROOT

# The frozen copies of real lists in tests/data/catalog, so a routine price update changes none of these.
CATALOG = ic.Catalog.load(ROOT / "tests" / "data" / "catalog")

AT = "2026-10-01T02:00:00Z"
# Lists with different rules: context tiers with cached prices (Qwen mainland, CNY), a >200k tier
# (Gemini), cache reads and writes (Claude), a time-of-day surcharge (DeepSeek at 10:00 Beijing).
OFFERINGS = ["alibaba-cn/qwen3-max", "google/gemini-2.5-pro", "anthropic/claude-sonnet-4-5",
             "deepseek/deepseek-v4-flash", "openai/gpt-4.1"]


@st.composite
def usages(draw, max_input: int = 400_000):  # type: ignore[no-untyped-def]
    inp = draw(st.integers(0, max_input))
    cached = draw(st.integers(0, inp))
    write = draw(st.integers(0, inp - cached))
    out = draw(st.integers(0, 50_000))
    reasoning = draw(st.integers(0, out))
    return ic.Usage(input=inp, cached_input=cached, cache_write=write, output=out, reasoning=reasoning)


def _supports(o: ic.Offering, u: ic.Usage) -> bool:
    """The list prices cache writes if the usage has them, and the request fits the context window (a request
    that does not is refused, not priced)."""
    prices = o.version_at(AT)["prices"]
    fits = o.context_window is None or u.input + u.output <= o.context_window
    return fits and (u.cache_write == 0 or "cache_write" in prices)


GROWTH = {
    # Adding tokens of one kind: cached and written tokens are part of the prompt, reasoning part of the output.
    "input": lambda u, k: dict(input=u.input + k),
    "cached_input": lambda u, k: dict(input=u.input + k, cached_input=u.cached_input + k),
    "cache_write": lambda u, k: dict(input=u.input + k, cache_write=u.cache_write + k),
    "output": lambda u, k: dict(output=u.output + k),
    "reasoning": lambda u, k: dict(output=u.output + k, reasoning=u.reasoning + k),
}


def _grow(u: ic.Usage, kind: str, k: int) -> ic.Usage:
    fields = dict(input=u.input, cached_input=u.cached_input, cache_write=u.cache_write, output=u.output,
                  reasoning=u.reasoning)
    fields.update(GROWTH[kind](u, k))
    return ic.Usage(**fields)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(OFFERINGS), usages(), st.sampled_from(sorted(GROWTH)), st.integers(1, 20_000))
def test_cost_never_decreases_when_a_count_grows_within_a_tier(offering_id, u, kind, k):  # type: ignore[no-untyped-def]
    o = CATALOG[offering_id]
    grown = _grow(u, kind, k)
    if not (_supports(o, u) and _supports(o, grown)):
        return
    before = o.price_usage(u, at=AT)
    after = o.price_usage(grown, at=AT)
    if before.level == after.level:
        assert after.total.amount >= before.total.amount - 1e-12


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(OFFERINGS), usages())
def test_breakdown_sums_to_total(offering_id, u):  # type: ignore[no-untyped-def]
    o = CATALOG[offering_id]
    if not _supports(o, u):
        return
    b = o.price_usage(u, at=AT)
    assert float(sum(c.cost for c in b.charges)) == pytest.approx(b.total.amount, rel=1e-12, abs=1e-15)
    assert b.to_frame()["cost"].sum() == pytest.approx(b.total.amount, rel=1e-12, abs=1e-15)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(OFFERINGS), usages())
def test_openai_and_anthropic_usage_cost_the_same(offering_id, u):  # type: ignore[no-untyped-def]
    o = CATALOG[offering_id]
    if u.cache_write or not _supports(o, u):
        return  # OpenAI-style usage has no cache-write count
    openai = ic.Usage.from_openai({
        "prompt_tokens": u.input, "prompt_tokens_details": {"cached_tokens": u.cached_input},
        "completion_tokens": u.output, "completion_tokens_details": {"reasoning_tokens": u.reasoning}})
    anthropic = ic.Usage.from_anthropic({
        "input_tokens": u.input - u.cached_input, "cache_read_input_tokens": u.cached_input,
        "output_tokens": u.output}, thinking_tokens=u.reasoning)
    assert o.price_usage(openai, at=AT).total == o.price_usage(anthropic, at=AT).total


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 300_000), st.integers(0, 20_000), st.sampled_from(["2026-01-15", "2026-10-01"]))
def test_cny_cost_converted_equals_the_cny_list_costed_in_usd(prompt, output, day):  # type: ignore[no-untyped-def]
    cat = CATALOG
    o = cat["alibaba-cn/qwen3-max"]
    if prompt + output > o.context_window:
        with pytest.raises(ic.InputError, match="context window"):
            o.price(at=day, input=prompt, output=output)
        return
    cny = o.price(at=day, input=prompt, output=output)
    assert cny.currency == "CNY"
    rate = cat.fx.conversion("CNY", "USD", day)
    # One request a day of exactly this shape, for the one day `day`... costed by the engine in USD with the
    # exchange rate of `day`, over a one-month horizon starting that day.
    w = ic.Workload(requests_per_day=1, input_tokens=prompt, output_tokens=output)
    c = ic.compare(w, ["alibaba-cn/qwen3-max"], start=day, months=1, fx_date=day, catalog=CATALOG)
    report = c.options[0]
    assert report.conversions[0]["rate"] == pytest.approx(rate["rate"])
    assert report.total.amount == pytest.approx(cny.total.amount * rate["rate"] * report.requests, rel=1e-9)
    assert cat.fx.convert(cny.total, "CNY", "USD", day) == pytest.approx(ic.Money(cny.total.amount * rate["rate"], "USD"))
