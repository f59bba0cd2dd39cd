// Real price lists, frozen as fixtures (tests/data/catalog, copied from the bundled catalog with their rules
// unchanged): time rules, history, tiers, currencies and cache meters priced as the providers' pages say.
// Hand-worked values below cite the list they come from. The bundled data itself is checked by the data
// audit (tests/data_audit).
#include "helpers.hpp"

#include <doctest/doctest.h>

using namespace infercost;

namespace {
const Catalog& lists() { return test::fixture_catalog(); }
}  // namespace

// Hand-worked prices of real requests on the frozen lists. The working cites each list's figures.
TEST_CASE("DeepSeek history: the 2025-02-08 price change and the 2025 off-peak window") {
    const Offering& o = lists().offering("deepseek/deepseek-chat");
    const Usage u = test::usage(1000000, 0, 0, 1000000, 0);
    // Launch promotion until 2025-02-08 16:00 UTC: 0.14 in + 0.28 out = 0.42 USD.
    CHECK(price_request(o, u, test::at("2025-02-08T15:59:00Z")).total.amount() == doctest::Approx(0.42));
    // Then 0.27 + 1.10 = 1.37.
    CHECK(price_request(o, u, test::at("2025-02-08T16:00:00Z")).total.amount() == doctest::Approx(1.37));
    // Off-peak from 2025-02-26 16:30 UTC, nightly 16:30-00:30 UTC: 0.135 + 0.55 = 0.685.
    CHECK(price_request(o, u, test::at("2025-03-03T16:29:00Z")).total.amount() == doctest::Approx(1.37));
    CHECK(price_request(o, u, test::at("2025-03-03T16:30:00Z")).total.amount() == doctest::Approx(0.685));
    // V3.2 from 2025-09-29, with 200,000 of the prompt cached: 800,000 x 0.28 + 200,000 x 0.028 + 1e6 x 0.42
    // = 0.224 + 0.0056 + 0.42 = 0.6496.
    CHECK(price_request(o, test::usage(1000000, 200000, 0, 1000000, 0), test::at("2025-11-01")).total.amount() ==
          doctest::Approx(0.6496));
    // The name was retired on 2026-07-24 15:59 UTC.
    CHECK_THROWS_WITH_AS(price_request(o, u, test::at("2026-08-01")), doctest::Contains("retired"), InputError);
}

TEST_CASE("DeepSeek 2026 peak pricing: weekday windows in Beijing time, holidays off-peak") {
    const Offering& o = lists().offering("deepseek/deepseek-v4-flash");
    // Version from 2026-08-22 16:00 UTC: off-peak in 0.22 / cached 0.007 / out 0.66; peak x2.
    // 1,000,000 prompt (200,000 cached) and 100,000 output:
    //   off-peak: 800,000 x 0.22 + 200,000 x 0.007 + 100,000 x 0.66 = 0.176 + 0.0014 + 0.066 = 0.2434
    //   peak:     twice that = 0.4868
    const Usage u = test::usage(1000000, 200000, 0, 100000, 0);
    // Monday 2026-09-07 02:00 UTC = 10:00 Beijing: peak.
    const PriceBreakdown peak = price_request(o, u, test::at("2026-09-07T02:00:00Z"));
    CHECK(peak.total.amount() == doctest::Approx(0.4868));
    CHECK(peak.time_rule == "peak");
    // 12:00 Beijing, the lunch gap: off-peak.
    CHECK(price_request(o, u, test::at("2026-09-07T04:00:00Z")).total.amount() == doctest::Approx(0.2434));
    // Sunday 2026-09-06 10:00 Beijing: off-peak.
    CHECK(price_request(o, u, test::at("2026-09-06T02:00:00Z")).total.amount() == doctest::Approx(0.2434));
    // From 2026-09-10 04:00 UTC the name bills at V4.1-Flash: off-peak in 0.15 / cached 0.003 / out 0.60.
    // Thursday 2026-10-01 (National Day) 10:00 Beijing is off-peak:
    //   800,000 x 0.15 + 200,000 x 0.003 + 100,000 x 0.60 = 0.12 + 0.0006 + 0.06 = 0.1806.
    CHECK(price_request(o, u, test::at("2026-10-01T02:00:00Z")).total.amount() == doctest::Approx(0.1806));
    // Thursday 2026-10-08, a working day, 10:00 Beijing: peak, 0.3612.
    CHECK(price_request(o, u, test::at("2026-10-08T02:00:00Z")).total.amount() == doctest::Approx(0.3612));
}

TEST_CASE("Qwen3-Max mainland list: input-length tiers at the boundary, converted with a dated rate") {
    const Offering& o = lists().offering("alibaba-cn/qwen3-max");
    // 32,000 prompt tokens is not above 32K: 32,000 x 2.5 + 1,000 x 10 = 0.08 + 0.01 = 0.09 CNY.
    const PriceBreakdown at_edge = price_request(o, test::usage(32000, 0, 0, 1000, 0), test::at("2026-10-01"));
    CHECK(at_edge.total.currency() == cny());
    CHECK(at_edge.total.amount() == doctest::Approx(0.09));
    // 32,001: the whole request at 4 / 16: 32,001 x 4 + 1,000 x 16 = 0.128004 + 0.016 = 0.144004 CNY.
    const PriceBreakdown above = price_request(o, test::usage(32001, 0, 0, 1000, 0), test::at("2026-10-01"));
    CHECK(above.total.amount() == doctest::Approx(0.144004));
    // In USD at the CFETS central parity of 2026-09-08 (6.7804 CNY per USD): 0.144004 / 6.7804 = 0.0212383.
    const Money usd_cost = lists().fx().convert(above.total, usd(), parse_date("2026-10-01"));
    CHECK(usd_cost.amount() == doctest::Approx(0.144004 / 6.7804));
    // Batch halves it: 0.072002 CNY.
    CHECK(price_request(o, test::usage(32001, 0, 0, 1000, 0), test::at("2026-10-01", ServiceTier::batch)).total.amount() ==
          doctest::Approx(0.072002));
}

TEST_CASE("Gemini 2.5 Pro above 200k and Claude's cache write") {
    const Offering& g = lists().offering("google/gemini-2.5-pro");
    // 250,000 prompt with 50,000 cached, 2,000 output, above 200K: 200,000 x 2.5 + 50,000 x 0.25 + 2,000 x 15
    // = 0.5 + 0.0125 + 0.03 = 0.5425 USD.
    CHECK(price_request(g, test::usage(250000, 50000, 0, 2000, 0), test::at("2026-10-01")).total.amount() ==
          doctest::Approx(0.5425));
    const Offering& h = lists().offering("anthropic/claude-haiku-4-5");
    // Haiku 4.5: in 1, cache read 0.1, 5-minute cache write 1.25, out 5. Anthropic usage: 2,000 uncached,
    // 8,000 read, 1,000 written, 500 out: 0.002 + 0.0008 + 0.00125 + 0.0025 = 0.00655 USD.
    const Usage u = from_anthropic(AnthropicUsage{2000, 8000, 1000, 500, 0});
    CHECK(price_request(h, u, test::at("2026-10-01")).total.amount() == doctest::Approx(0.00655));
}
