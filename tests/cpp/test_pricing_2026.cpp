// The 2026 pricing rules: long-retention cache writes, fast and ultrafast modes, per-call tool fees, cache storage
// by the token-hour, and serving scopes on top of them. Values worked by hand from the providers' pages.
#include "helpers.hpp"

#include <infercost/pricing/batch.hpp>

#include <doctest/doctest.h>

using namespace infercost;
using test::prices;
using M = Meter;

namespace {

// Claude Opus 5.5 on the Claude API (platform.claude.com model overview, 2026-09-22): input 4, 5-minute cache write
// 5, 1-hour cache write 8, cache hit 0.20, output 20 USD per million. Batch 50% on every token meter; fast mode
// (speed "fast") 2x on every token meter; inference_geo "us" 1.1x on top of everything.
Offering opus_5_5() {
    PriceVersion v = test::version("2026-09-22", prices({{M::input, 4}, {M::cache_write, 5}, {M::cache_write_long, 8},
                                                         {M::cached_input, 0.2}, {M::output, 20}}));
    v.fallbacks[static_cast<std::size_t>(M::reasoning)] = M::output;
    v.service_tiers[ServiceTier::batch] = PriceAdjustment{false, 0.5, {}, {}, {}, false};
    v.service_tiers[ServiceTier::fast] = PriceAdjustment{false, 2.0, {}, {}, {}, false};
    v.scopes["us"] = PriceAdjustment{false, 1.1, {}, {}, {}, false};
    return test::offering("anthropic/claude-opus-5-5", {v});
}

RequestOptions when(const char* t, ServiceTier tier = ServiceTier::standard, std::string scope = {}) {
    return RequestOptions{parse_timestamp(t), tier, std::move(scope)};
}

}  // namespace

TEST_CASE("a cache write with the longer retention is its own meter") {
    const Offering o = opus_5_5();
    // Writing 1M prompt tokens to a 1-hour cache: 1M x 8 / 1e6 = 8.00 USD (the 5-minute write would be 5.00).
    Usage u{TokenCount(1'000'000), TokenCount(0), TokenCount(0), TokenCount(0), TokenCount(0), TokenCount(1'000'000), 0};
    const auto b = price_request(o, u, when("2026-10-01T00:00:00Z"));
    CHECK(b.total.amount() == doctest::Approx(8.0));
    CHECK(b.cost_of(M::cache_write_long).amount() == doctest::Approx(8.0));
    CHECK(b.cost_of(M::input).amount() == 0.0);

    // Anthropic's usage object: input_tokens 10,000 (uncached), cache_read 50,000, cache_creation 30,000 of which
    // ephemeral_1h 20,000, output 2,000. Prompt = 90,000; 5-minute writes 10,000.
    // 10,000 x 4 + 50,000 x 0.20 + 10,000 x 5 + 20,000 x 8 + 2,000 x 20 = 40,000 + 10,000 + 50,000 + 160,000
    // + 40,000 = 300,000 per million = 0.30 USD.
    const Usage a = from_anthropic(AnthropicUsage{10'000, 50'000, 30'000, 2'000, 0, 20'000, 0});
    CHECK(a.input.value() == 90'000);
    CHECK(a.cache_write.value() == 10'000);
    CHECK(a.cache_write_long.value() == 20'000);
    CHECK(price_request(o, a, when("2026-10-01T00:00:00Z")).total.amount() == doctest::Approx(0.30));
    // Batch halves the long write too: 0.15.
    CHECK(price_request(o, a, when("2026-10-01T00:00:00Z", ServiceTier::batch)).total.amount() == doctest::Approx(0.15));

    // The whole prompt bounds all its parts together.
    Usage too_many{TokenCount(100), TokenCount(60), TokenCount(0), TokenCount(0), TokenCount(0), TokenCount(50), 0};
    CHECK_THROWS_WITH_AS(price_request(o, too_many, when("2026-10-01T00:00:00Z")),
                         doctest::Contains("cached_input + cache_write + cache_write_long (110) exceeds input (100)"), InputError);
    CHECK_THROWS_WITH_AS(from_anthropic(AnthropicUsage{0, 0, 10, 0, 0, 20, 0}),
                         doctest::Contains("exceeds cache_creation_input_tokens"), InputError);

    // A list without a long-write price refuses such a usage instead of billing it as something else.
    const Offering plain = test::offering("x/plain", {test::version("2026-01-01", prices({{M::input, 1}, {M::output, 2}}))});
    CHECK_THROWS_WITH_AS(price_request(plain, u, when("2026-10-01T00:00:00Z")),
                         doctest::Contains("has no cache_write_long price"), InputError);
}

TEST_CASE("fast mode multiplies the token meters, with the cache multipliers and the US scope on top") {
    const Offering o = opus_5_5();
    // 1M prompt (800K read from cache) + 100K output, fast: 0.2M x 8 + 0.8M x 0.40 + 0.1M x 40 = 1.60 + 0.32 + 4.00
    // = 5.92 USD; standard is half, 2.96.
    const Usage u = test::usage(1'000'000, 800'000, 0, 100'000, 0);
    CHECK(price_request(o, u, when("2026-10-01T00:00:00Z")).total.amount() == doctest::Approx(2.96));
    const auto fast = price_request(o, u, when("2026-10-01T00:00:00Z", ServiceTier::fast));
    CHECK(fast.total.amount() == doctest::Approx(5.92));
    CHECK(fast.service_tier == ServiceTier::fast);
    // With inference_geo "us": 5.92 x 1.1 = 6.512 USD.
    CHECK(price_request(o, u, when("2026-10-01T00:00:00Z", ServiceTier::fast, "us")).total.amount() == doctest::Approx(6.512));
    // Ultrafast is not offered on this list: refused with the tiers it has.
    CHECK_THROWS_WITH_AS(price_request(o, u, when("2026-10-01T00:00:00Z", ServiceTier::ultrafast)),
                         doctest::Contains("has no 'ultrafast' service tier; it offers: standard, batch, fast"), InputError);
    CHECK(service_tier_from_name("ultrafast") == ServiceTier::ultrafast);
    CHECK(service_tier_name(ServiceTier::fast) == "fast");
}

TEST_CASE("an ultrafast multiplier that steps up on a known date is a new price version") {
    // gpt-6.2-sol (developers.openai.com model page, 2026-11-17): input 2, cached 0.10, output 10 USD per million;
    // Ultrafast 3x Standard through 2027-02-28, 6x from 2027-03-01.
    PriceVersion a = test::version("2026-11-17T00:00:00Z", prices({{M::input, 2}, {M::cached_input, 0.1}, {M::output, 10}}));
    a.service_tiers[ServiceTier::ultrafast] = PriceAdjustment{false, 3.0, {}, {}, {}, false};
    PriceVersion b = a;
    b.effective_from = parse_timestamp("2027-03-01T00:00:00Z");
    b.service_tiers[ServiceTier::ultrafast] = PriceAdjustment{false, 6.0, {}, {}, {}, false};
    const Offering o = test::offering("openai/gpt-6.2-sol", {a, b});
    // 100K input + 10K output: standard 0.20 + 0.10 = 0.30; ultrafast 3 x 0.30 = 0.90, then 6 x 0.30 = 1.80 USD.
    const Usage u = test::usage(100'000, 0, 0, 10'000, 0);
    CHECK(price_request(o, u, when("2027-02-28T23:59:59Z")).total.amount() == doctest::Approx(0.30));
    CHECK(price_request(o, u, when("2027-02-28T23:59:59Z", ServiceTier::ultrafast)).total.amount() == doctest::Approx(0.90));
    CHECK(price_request(o, u, when("2027-03-01T00:00:00Z", ServiceTier::ultrafast)).total.amount() == doctest::Approx(1.80));
}

TEST_CASE("web searches are billed per call, untouched by token discounts") {
    // DeepSeek (api-docs.deepseek.com pricing, from 2026-11-01): Search and Fetch at 5 CNY per 1,000 successful
    // calls = 0.005 CNY a call, from midnight Beijing time. Token prices of this test list: input 2, cached 0.2, output 3 CNY per million, with
    // an off-peak window at half price (token meters only).
    PriceVersion v = test::version("2026-10-31T16:00:00Z", prices({{M::input, 2}, {M::cached_input, 0.2}, {M::output, 3},
                                                                   {M::web_search, 0.005}}), "CNY");
    TimeRule off;
    off.name = "off-peak";
    off.utc_offset = parse_utc_offset("+08:00");
    off.windows = {TimeWindow{0, 8 * 60}};
    off.adjustment.multiplier = 0.5;
    v.time_rules.push_back(off);
    const Offering o = test::offering("deepseek-cn/test-chat", {v});
    // 10K prompt (8K cached) + 1K output + 20 searches at 12:00 Beijing time:
    // tokens 2K x 2 + 8K x 0.2 + 1K x 3 = 4,000 + 1,600 + 3,000 = 8,600 per million = 0.0086 CNY;
    // searches 20 x 0.005 = 0.10 CNY; total 0.1086 CNY.
    Usage u = test::usage(10'000, 8'000, 0, 1'000, 0);
    u.web_searches = 20;
    const auto day = price_request(o, u, when("2026-11-02T04:00:00Z"));
    CHECK(day.cost_of(M::web_search).amount() == doctest::Approx(0.10));
    CHECK(day.total.amount() == doctest::Approx(0.1086));
    // Off-peak (03:00 Beijing) halves the tokens only: 0.0043 + 0.10 = 0.1043 CNY.
    CHECK(price_request(o, u, when("2026-11-01T19:00:00Z")).total.amount() == doctest::Approx(0.1043));
    // A search on a list that states no search fee has no price.
    u = test::usage(10'000, 0, 0, 1'000, 0);
    u.web_searches = 1;
    const Offering plain = test::offering("x/plain", {test::version("2026-01-01", prices({{M::input, 1}, {M::output, 2}}))});
    CHECK_THROWS_WITH_AS(price_request(plain, u, when("2026-11-02T04:00:00Z")), doctest::Contains("has no web_search price"),
                         InputError);

    // A workload with 1.5 searches per request: 1,000 requests a day over November (30 days) at 12:00 Beijing only
    // (all peak): 30,000 x (10K x 2 / 1e6 + 1.5 x 0.005) = 30,000 x (0.02 + 0.0075) = 825 CNY.
    Workload w = test::fixed_workload(1000, 10'000, 0);
    w.utc_offset = parse_utc_offset("+08:00");
    w.hourly_profile.fill(0);
    w.hourly_profile[12] = 1;
    w.web_searches_per_request = 1.5;
    const CostReport r = cost_workload(o, w, Period{parse_date("2026-11-01"), 1}, ServiceTier::standard,
                                       test::usd_cny_table(), cny(), parse_date("2026-11-01"));
    CHECK(r.total.amount() == doctest::Approx(825.0));
    CHECK(r.by_meter[static_cast<std::size_t>(CostLine::web_search)] == doctest::Approx(225.0));
}

TEST_CASE("cache storage accrues by the token-hour, whatever the traffic") {
    // Gemini 3.8 Flash (ai.google.dev pricing via genai-prices): input 0.75, cached 0.075, output 3.75 USD per
    // million; storage 0.50 USD per million tokens per hour. Keeping 1M tokens for 2 hours costs 1.00 USD.
    PriceVersion v = test::version("2026-10-01", prices({{M::input, 0.75}, {M::cached_input, 0.075}, {M::output, 3.75},
                                                        {M::cache_storage, 0.5}}));
    v.service_tiers[ServiceTier::batch] = PriceAdjustment{false, 0.5, {}, {}, {}, false};
    const Offering o = test::offering("google/gemini-3.8-flash", {v});
    CHECK(meter_unit(M::cache_storage) == 1e6);
    CHECK(meter_unit_name(M::cache_storage) == "1M token-hours");
    // 200K tokens kept all through November (720 hours): 0.2 x 720 x 0.50 = 72 USD; 100 requests a day of 200K,
    // all read from cache: 3,000 x 200K x 0.075 / 1e6 = 45 USD. Total 117 USD.
    Workload w = test::fixed_workload(100, 200'000, 0);
    w.cached_share = 1.0;
    w.cache_storage_tokens = 200'000;
    const CostReport r = cost_workload(o, w, Period{parse_date("2026-11-01"), 1}, ServiceTier::standard,
                                       test::usd_cny_table(), usd(), parse_date("2026-11-01"));
    CHECK(r.by_meter[static_cast<std::size_t>(CostLine::cache_storage)] == doctest::Approx(72.0));
    CHECK(r.total.amount() == doctest::Approx(117.0));
    // Storage is no token meter: the batch discount leaves it alone (72 + 22.5).
    const CostReport b = cost_workload(o, w, Period{parse_date("2026-11-01"), 1}, ServiceTier::batch,
                                       test::usd_cny_table(), usd(), parse_date("2026-11-01"));
    CHECK(b.total.amount() == doctest::Approx(94.5));
    // Storage with no traffic at all still costs 72 USD a month.
    w.requests_per_day = 0;
    CHECK(cost_workload(o, w, Period{parse_date("2026-11-01"), 1}, ServiceTier::standard, test::usd_cny_table(), usd(),
                        parse_date("2026-11-01")).total.amount() == doctest::Approx(72.0));
    // A list without a storage price refuses a workload that stores tokens.
    const Offering plain = test::offering("x/plain", {test::version("2026-01-01", prices({{M::input, 1}, {M::output, 2}}))});
    CHECK_THROWS_WITH_AS(cost_workload(plain, w, Period{parse_date("2026-11-01"), 1}, ServiceTier::standard,
                                       test::usd_cny_table(), usd(), parse_date("2026-11-01")),
                         doctest::Contains("has no cache_storage price"), InputError);
}

TEST_CASE("batch pricing reads the long-write and search columns where a log has them") {
    const Offering o = opus_5_5();
    // Row 0: 1M prompt all written for 1 hour -> 8.00 USD. Row 1: 10K uncached + 1K output = 0.04 + 0.02 = 0.06 USD.
    UsageMatrix full(2, 7);
    full << 1'000'000, 0, 0, 0, 0, 1'000'000, 0,  //
        10'000, 0, 0, 1'000, 0, 0, 0;
    UnixSeconds t(1);
    t << std::chrono::duration_cast<std::chrono::seconds>(parse_timestamp("2026-10-01T00:00:00Z").time_since_epoch()).count();
    const BatchResult r = price_batch(o, full, t);
    CHECK(r.total(0) == doctest::Approx(8.0));
    CHECK(r.by_meter(0, static_cast<Eigen::Index>(M::cache_write_long)) == doctest::Approx(8.0));
    CHECK(r.total(1) == doctest::Approx(0.06));
    // Five columns: no long writes and no searches, so row 1 prices the same.
    UsageMatrix basic = full.leftCols(5);
    CHECK(price_batch(o, basic, t).total(1) == doctest::Approx(0.06));
    UsageMatrix odd(1, 6);
    odd.setZero();
    CHECK_THROWS_WITH_AS(price_batch(o, odd, t), doctest::Contains("not 6"), InputError);
}

TEST_CASE("a scenario's workload states long cache writes, web searches and cache storage") {
    const Scenario s = parse_scenario(R"(name: t
horizon: {start: 2027-01-01, months: 12}
workload:
  requests_per_day: 100
  utc_offset: "+00:00"
  input_tokens: {fixed: 1000}
  output_tokens: {fixed: 100}
  cache_write_share: 0.2
  cache_write_long_share: 0.3
  web_searches_per_request: 1.5
  cache_storage_tokens: 50000
baseline: x/y
)", "t.yaml");
    CHECK(s.workload.cache_write_long_share == 0.3);
    CHECK(s.workload.web_searches_per_request == 1.5);
    CHECK(s.workload.cache_storage_tokens == 50000);
    // The parts of the prompt together may not exceed it: 0.6 cached + 0.2 + 0.3 written = 1.1.
    CHECK_THROWS_WITH_AS(parse_scenario(R"(name: t
horizon: {start: 2027-01-01, months: 12}
workload:
  requests_per_day: 100
  utc_offset: "+00:00"
  input_tokens: {fixed: 1000}
  output_tokens: {fixed: 100}
  cached_share: 0.6
  cache_write_share: 0.2
  cache_write_long_share: 0.3
baseline: x/y
)", "t.yaml"),
                         doctest::Contains("t.yaml:10:27"), InputError);
}
