// Pricing one request: every rule, with hand-worked values. Prices are per million tokens.
#include "helpers.hpp"

#include <infercost/pricing/batch.hpp>

#include <doctest/doctest.h>

using namespace infercost;
using test::at;
using test::prices;
using test::usage;
using M = Meter;

namespace {

// A GPT-4.1-like list: input 2, cached 0.5, output 8; reasoning billed as output.
Offering flat_list() {
    PriceVersion v = test::version("2025-04-14", prices({{M::input, 2.0}, {M::cached_input, 0.5}, {M::output, 8.0}}));
    v.fallbacks[static_cast<std::size_t>(M::reasoning)] = M::output;
    return test::offering("openai/gpt-4.1", {v});
}

// A Gemini-2.5-Pro-like list: base in 1.25 / cached 0.125 / out 10; above 200k in 2.5 / cached 0.25 / out 15.
Offering tiered_list(Boundary boundary, TierBasis basis = TierBasis::whole_request) {
    PriceVersion v =
        test::version("2025-06-17", prices({{M::input, 1.25}, {M::cached_input, 0.125}, {M::output, 10.0}}));
    ContextTiers t;
    t.basis = basis;
    t.boundary = boundary;
    t.levels.push_back(TierLevel{200000, prices({{M::input, 2.5}, {M::cached_input, 0.25}, {M::output, 15.0}})});
    v.tiers = t;
    return test::offering("google/gemini-2.5-pro", {v});
}

}  // namespace

TEST_CASE("flat list: cached input and reasoning are parts of their wholes, never counted twice") {
    const Offering o = flat_list();
    // input 10,000 of which 4,000 cached; output 1,000 of which 300 reasoning.
    // uncached 6,000 x 2 = 0.012; cached 4,000 x 0.5 = 0.002; output text 700 x 8 = 0.0056;
    // reasoning 300 x 8 (fallback to output) = 0.0024; total 0.022 USD.
    const PriceBreakdown b = price_request(o, usage(10000, 4000, 0, 1000, 300), at("2026-01-01"));
    CHECK(b.total.amount() == doctest::Approx(0.022));
    CHECK(b.cost_of(M::input).amount() == doctest::Approx(0.012));
    CHECK(b.cost_of(M::cached_input).amount() == doctest::Approx(0.002));
    CHECK(b.cost_of(M::output).amount() == doctest::Approx(0.0056));
    CHECK(b.cost_of(M::reasoning).amount() == doctest::Approx(0.0024));
    CHECK(b.currency == usd());
    CHECK(b.source == "https://example.com/pricing");
    double sum = 0;
    for (const auto& c : b.charges) sum += c.cost.amount();
    CHECK(sum == doctest::Approx(b.total.amount()));
}

TEST_CASE("OpenAI-style and Anthropic-style usage of the same request cost the same") {
    const Offering o = flat_list();
    // OpenAI: prompt_tokens 10,000 including 4,000 cached; completion 1,000 including 300 reasoning.
    const Usage a = from_openai(OpenAIUsage{10000, 4000, 1000, 300});
    // Anthropic: input_tokens 6,000 excluding the 4,000 cache reads; output 1,000 including 300 thinking.
    const Usage b = from_anthropic(AnthropicUsage{6000, 4000, 0, 1000, 300});
    CHECK(a.input == b.input);
    CHECK(a.cached_input == b.cached_input);
    const double ca = price_request(o, a, at("2026-01-01")).total.amount();
    const double cb = price_request(o, b, at("2026-01-01")).total.amount();
    CHECK(ca == doctest::Approx(0.022));
    CHECK(cb == doctest::Approx(ca));
    // A reasoning count above the completion count is a converter error, not a silent clamp.
    CHECK_THROWS_AS(from_openai(OpenAIUsage{100, 0, 10, 20}), InputError);
    CHECK_THROWS_AS(from_openai(OpenAIUsage{100, 200, 10, 0}), InputError);
}

TEST_CASE("a meter with no price and no fallback is an error, never zero") {
    const Offering o = flat_list();  // no cache_write price, no cache_write fallback
    // Usage without cache writes prices fine: 1,000 x 2 + 100 x 8 = 0.0028.
    CHECK(price_request(o, usage(1000, 0, 0, 100, 0), at("2026-01-01")).total.amount() == doctest::Approx(0.0028));
    CHECK_THROWS_WITH_AS(price_request(o, usage(1000, 0, 500, 100, 0), at("2026-01-01")),
                         doctest::Contains("no cache_write price"), InputError);
}

TEST_CASE("bad usage is refused") {
    const Offering o = flat_list();
    CHECK_THROWS_WITH_AS(price_request(o, usage(-1, 0, 0, 0, 0), at("2026-01-01")), doctest::Contains("negative"),
                         InputError);
    CHECK_THROWS_WITH_AS(price_request(o, usage(100, 80, 40, 0, 0), at("2026-01-01")),
                         doctest::Contains("exceeds input"), InputError);
    CHECK_THROWS_WITH_AS(price_request(o, usage(100, 0, 0, 10, 11), at("2026-01-01")),
                         doctest::Contains("exceeds output"), InputError);
}

TEST_CASE("whole-request tier with a '>' boundary") {
    const Offering o = tiered_list(Boundary::greater);
    // Prompt exactly 200,000 is not > 200,000: base level. 200,000 x 1.25 = 0.25; 1,000 out x 10 = 0.01.
    const PriceBreakdown at_edge = price_request(o, usage(200000, 0, 0, 1000, 0), at("2026-01-01"));
    CHECK(at_edge.level == 0);
    CHECK(at_edge.total.amount() == doctest::Approx(0.26));
    // One more token: the whole request moves up. 200,001 x 2.5 = 0.5000025; 1,000 x 15 = 0.015.
    const PriceBreakdown above = price_request(o, usage(200001, 0, 0, 1000, 0), at("2026-01-01"));
    CHECK(above.level == 1);
    CHECK(above.total.amount() == doctest::Approx(0.5150025));
}

TEST_CASE("whole-request tier with a '>=' boundary") {
    const Offering o = tiered_list(Boundary::greater_equal);
    // 200,000 >= 200,000: upper level. 200,000 x 2.5 = 0.5; 1,000 x 15 = 0.015.
    CHECK(price_request(o, usage(200000, 0, 0, 1000, 0), at("2026-01-01")).total.amount() == doctest::Approx(0.515));
    // 199,999: base. 199,999 x 1.25 = 0.24999875; + 0.01.
    CHECK(price_request(o, usage(199999, 0, 0, 1000, 0), at("2026-01-01")).total.amount() ==
          doctest::Approx(0.25999875));
}

TEST_CASE("whether cached tokens count toward the tier threshold is data") {
    Offering counts = tiered_list(Boundary::greater);
    Offering excludes = counts;
    excludes.versions[0].tiers->counts_cached = false;
    // Prompt 250,000 with 100,000 cached.
    // Counting cached: key 250,000 > 200,000 -> upper: 150,000 x 2.5 + 100,000 x 0.25 = 0.375 + 0.025 = 0.4.
    CHECK(price_request(counts, usage(250000, 100000, 0, 0, 0), at("2026-01-01")).total.amount() ==
          doctest::Approx(0.4));
    // Not counting: key 150,000 -> base: 150,000 x 1.25 + 100,000 x 0.125 = 0.1875 + 0.0125 = 0.2.
    CHECK(price_request(excludes, usage(250000, 100000, 0, 0, 0), at("2026-01-01")).total.amount() ==
          doctest::Approx(0.2));
}

TEST_CASE("graduated tiers price each band of the prompt at its own rate") {
    const Offering o = tiered_list(Boundary::greater, TierBasis::graduated);
    // Prompt 300,000 uncached: first 200,000 x 1.25 = 0.25, next 100,000 x 2.5 = 0.25;
    // output at the level of the whole prompt: 1,000 x 15 = 0.015. Total 0.515.
    const PriceBreakdown b = price_request(o, usage(300000, 0, 0, 1000, 0), at("2026-01-01"));
    CHECK(b.total.amount() == doctest::Approx(0.515));
    CHECK(b.cost_of(M::input).amount() == doctest::Approx(0.5));
    // With 60,000 cached (a fifth of the prompt), each band holds a fifth cached:
    // band 0: 160,000 x 1.25 + 40,000 x 0.125 = 0.2 + 0.005; band 1: 80,000 x 2.5 + 20,000 x 0.25 = 0.2 + 0.005.
    CHECK(price_request(o, usage(300000, 60000, 0, 0, 0), at("2026-01-01")).total.amount() == doctest::Approx(0.41));
}

TEST_CASE("a meter missing from a tier level falls back by the stated rule") {
    PriceVersion v = test::version("2025-01-01", prices({{M::input, 1.0}, {M::cached_input, 0.2}, {M::output, 4.0}}));
    ContextTiers t;
    t.missing_meter = MissingMeter::base;
    t.levels.push_back(TierLevel{32768, prices({{M::input, 2.0}, {M::output, 8.0}})});  // no cached price
    v.tiers = t;
    const Offering o = test::offering("alibaba/qwen-like", {v});
    // Prompt 40,000 with 10,000 cached, at the upper level: 30,000 x 2 + 10,000 x 0.2 (base cached) = 0.062.
    CHECK(price_request(o, usage(40000, 10000, 0, 0, 0), at("2026-01-01")).total.amount() == doctest::Approx(0.062));
    // With missing_meter: error, the same list is refused when validated.
    Offering strict = o;
    strict.versions[0].tiers->missing_meter = MissingMeter::error;
    CHECK_THROWS_WITH_AS(validate_offering(strict), doctest::Contains("no cached_input price"), InputError);
}

TEST_CASE("a time-of-day discount across its window edges (DeepSeek 2025 off-peak)") {
    // Off-peak 16:30-00:30 UTC at half price on a list of input 0.27, output 1.10.
    PriceVersion v = test::version("2025-02-08", prices({{M::input, 0.27}, {M::output, 1.10}}));
    TimeRule r;
    r.name = "off-peak";
    r.windows.push_back(TimeWindow{16 * 60 + 30, 30});
    r.adjustment.multiplier = 0.5;
    v.time_rules.push_back(r);
    const Offering o = test::offering("deepseek/deepseek-chat", {v});
    const Usage u = usage(1000000, 0, 0, 1000000, 0);
    // Full price: 0.27 + 1.10 = 1.37; off-peak: 0.685.
    CHECK(price_request(o, u, at("2025-03-01T16:29:59Z")).total.amount() == doctest::Approx(1.37));
    const PriceBreakdown in = price_request(o, u, at("2025-03-01T16:30:00Z"));
    CHECK(in.total.amount() == doctest::Approx(0.685));
    CHECK(in.time_rule == "off-peak");
    CHECK(price_request(o, u, at("2025-03-02T00:29:59Z")).total.amount() == doctest::Approx(0.685));
    CHECK(price_request(o, u, at("2025-03-02T00:30:00Z")).total.amount() == doctest::Approx(1.37));
}

TEST_CASE("a weekday surcharge with holidays (DeepSeek 2026 peak)") {
    // Off-peak list in 0.22 / out 0.66; peak x2 at 09:00-12:00 and 14:00-18:00 Beijing, Monday to Friday,
    // not on 2026-10-01 (a holiday); and, to test included dates, all day on Saturday 2026-09-26 (a
    // make-up working day).
    PriceVersion v = test::version("2026-08-16T16:00:00Z", prices({{M::input, 0.22}, {M::output, 0.66}}));
    TimeRule peak;
    peak.name = "peak";
    peak.utc_offset = UtcOffset{480};
    peak.windows = {TimeWindow{9 * 60, 12 * 60}, TimeWindow{14 * 60, 18 * 60}};
    peak.weekdays = {false, true, true, true, true, true, false};
    peak.excluded_dates = {parse_date("2026-10-01")};
    peak.included_dates = {parse_date("2026-09-26")};
    peak.adjustment.multiplier = 2.0;
    v.time_rules.push_back(peak);
    const Offering o = test::offering("deepseek/deepseek-flash", {v});
    const Usage u = usage(1000000, 0, 0, 1000000, 0);  // off-peak 0.88, peak 1.76
    // Monday 2026-09-07 02:00 UTC = 10:00 Beijing: peak.
    CHECK(price_request(o, u, at("2026-09-07T02:00:00Z")).total.amount() == doctest::Approx(1.76));
    // 04:00 UTC = 12:00 Beijing: the window has ended.
    CHECK(price_request(o, u, at("2026-09-07T04:00:00Z")).total.amount() == doctest::Approx(0.88));
    // Saturday 2026-09-05 10:00 Beijing: weekend, off-peak.
    CHECK(price_request(o, u, at("2026-09-05T02:00:00Z")).total.amount() == doctest::Approx(0.88));
    // Thursday 2026-10-01 10:00 Beijing: excluded holiday.
    CHECK(price_request(o, u, at("2026-10-01T02:00:00Z")).total.amount() == doctest::Approx(0.88));
    // Saturday 2026-09-26 20:00 Beijing: included date, peak all day.
    CHECK(price_request(o, u, at("2026-09-26T12:00:00Z")).total.amount() == doctest::Approx(1.76));
}

TEST_CASE("service tiers as multiplier or override") {
    Offering o = flat_list();
    o.versions[0].service_tiers[ServiceTier::batch] = PriceAdjustment{false, 0.5, {}, {}, {}};
    PriceAdjustment priority;
    priority.is_override = true;
    priority.prices = prices({{M::input, 3.5}, {M::cached_input, 0.875}, {M::output, 14.0}});
    o.versions[0].service_tiers[ServiceTier::priority] = priority;
    const Usage u = usage(10000, 4000, 0, 1000, 0);
    // Standard: 6,000 x 2 + 4,000 x 0.5 + 1,000 x 8 = 0.012 + 0.002 + 0.008 = 0.022.
    CHECK(price_request(o, u, at("2026-01-01")).total.amount() == doctest::Approx(0.022));
    // Batch halves every token meter: 0.011.
    CHECK(price_request(o, u, at("2026-01-01", ServiceTier::batch)).total.amount() == doctest::Approx(0.011));
    // Priority: 6,000 x 3.5 + 4,000 x 0.875 + 1,000 x 14 = 0.021 + 0.0035 + 0.014 = 0.0385.
    CHECK(price_request(o, u, at("2026-01-01", ServiceTier::priority)).total.amount() == doctest::Approx(0.0385));
    CHECK_THROWS_WITH_AS(price_request(o, u, at("2026-01-01", ServiceTier::flex)), doctest::Contains("no 'flex'"),
                         InputError);
}

TEST_CASE("the price version in force at the request's time is used") {
    // deepseek-chat: 0.14 / 0.28 until 2025-02-08T16:00Z, then 0.27 / 1.10.
    const Offering o = test::offering(
        "deepseek/deepseek-chat", {test::version("2024-12-26", prices({{M::input, 0.14}, {M::output, 0.28}})),
                                   test::version("2025-02-08T16:00:00Z", prices({{M::input, 0.27}, {M::output, 1.10}}))});
    const Usage u = usage(1000000, 0, 0, 1000000, 0);
    const PriceBreakdown before = price_request(o, u, at("2025-02-08T15:59:59Z"));
    CHECK(before.total.amount() == doctest::Approx(0.42));
    CHECK(before.version_index == 0);
    const PriceBreakdown after = price_request(o, u, at("2025-02-08T16:00:00Z"));
    CHECK(after.total.amount() == doctest::Approx(1.37));
    CHECK(after.version_index == 1);
    CHECK_THROWS_WITH_AS(price_request(o, u, at("2024-12-01")), doctest::Contains("no price in force"), InputError);
}

TEST_CASE("a per-request fee is charged once per request") {
    const Offering o = test::offering(
        "example/with-fee", {test::version("2025-01-01", prices({{M::input, 1.0}, {M::output, 2.0}, {M::request, 0.005}}))});
    // 1,000 x 1 + 1,000 x 2 = 0.003, plus 0.005 per request = 0.008.
    const PriceBreakdown b = price_request(o, usage(1000, 0, 0, 1000, 0), at("2026-01-01"));
    CHECK(b.total.amount() == doctest::Approx(0.008));
    CHECK(b.cost_of(M::request).amount() == doctest::Approx(0.005));
}

TEST_CASE("cost never decreases as a token count grows within a tier") {
    const Offering o = tiered_list(Boundary::greater);
    double prev = -1;
    for (std::int64_t n = 0; n <= 200000; n += 12500) {
        const double c = price_request(o, usage(n, 0, 0, 500, 0), at("2026-01-01")).total.amount();
        CHECK(c >= prev);
        prev = c;
    }
}

TEST_CASE("batch pricing matches request-by-request pricing, across a version change") {
    Offering o = tiered_list(Boundary::greater);
    o.versions.push_back(o.versions[0]);
    o.versions[1].effective_from = parse_timestamp("2026-01-01");
    o.versions[1].prices.set(M::input, 2.0);  // base input doubles from 2026
    UsageMatrix u(4, 5);
    u << 1000, 0, 0, 100, 0,  //
        200001, 50000, 0, 1000, 0,  //
        300000, 0, 0, 2000, 500,  //
        1000, 0, 0, 100, 0;
    Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> at(4);
    const auto t2025 = parse_timestamp("2025-12-31T23:59:59Z").time_since_epoch().count();
    const auto t2026 = parse_timestamp("2026-01-01").time_since_epoch().count();
    at << t2025, t2025, t2025, t2026;
    o.versions[0].fallbacks[static_cast<std::size_t>(M::reasoning)] = M::output;
    o.versions[1].fallbacks[static_cast<std::size_t>(M::reasoning)] = M::output;
    const BatchResult b = price_batch(o, u, at);
    // Row 0: 1,000 x 1.25 + 100 x 10 = 0.00125 + 0.001 = 0.00225. Row 3, same usage in 2026: 1,000 x 2 + 100 x 10
    // = 0.003.
    CHECK(b.total(0) == doctest::Approx(0.00225));
    CHECK(b.total(3) == doctest::Approx(0.003));
    for (Eigen::Index i = 0; i < 4; ++i) {
        const Usage ui = test::usage(u(i, 0), u(i, 1), u(i, 2), u(i, 3), u(i, 4));
        const RequestOptions opt{Timestamp(std::chrono::seconds(at(i))), ServiceTier::standard, {}};
        CHECK(b.total(i) == doctest::Approx(price_request(o, ui, opt).total.amount()));
    }
    UsageMatrix bad(1, 5);
    bad << 100, 200, 0, 0, 0;
    CHECK_THROWS_WITH_AS(price_batch(o, bad, at.head(1)), doctest::Contains("usage row 0"), InputError);
}

TEST_CASE("a service tier without a cache discount bills cached tokens at the tier's input rate") {
    // Alibaba's mainland qwen-flash (0-128K level): input 0.15, cached 0.03, output 1.5 CNY per million; a batch call
    // is 50% of real time and "not combinable with cache discounts".
    PriceVersion v = test::version("2026-01-01", test::prices({{Meter::input, 0.15},
                                                                   {Meter::cached_input, 0.03},
                                                                   {Meter::output, 1.5}}), "CNY");
    PriceAdjustment batch;
    batch.multiplier = 0.5;
    batch.cached_as_input = true;
    v.service_tiers[ServiceTier::batch] = batch;
    const Offering o = test::offering("alibaba-cn/qwen-flash", {v});
    const Usage cached = test::usage(100'000, 100'000, 0, 0, 0);
    // Real time, all cached: 100,000 x 0.03 / 1e6 = 0.003 CNY.
    CHECK(price_request(o, cached, test::at("2026-06-01T00:00:00Z")).total.amount() == doctest::Approx(0.003));
    // Batch: every cached token at the batch input rate, 100,000 x 0.15 x 0.5 / 1e6 = 0.0075 CNY (halving the cached
    // price instead would give 0.0015).
    const auto b = price_request(o, cached, test::at("2026-06-01T00:00:00Z", ServiceTier::batch));
    CHECK(b.total.amount() == doctest::Approx(0.0075));
    // Output keeps the batch discount: 1,000 x 1.5 x 0.5 / 1e6 = 0.00075 CNY.
    CHECK(price_request(o, test::usage(0, 0, 0, 1000, 0), test::at("2026-06-01T00:00:00Z", ServiceTier::batch))
              .total.amount() == doctest::Approx(0.00075));
}

TEST_CASE("a serving scope prices regional processing on top of the service tier") {
    // OpenAI's data-residency endpoints cost 10% more for models released from 2026-03-05 (gpt-5.4: input 2.50,
    // cached 0.25, output 15 USD per million; Batch 50%).
    PriceVersion v = test::version("2026-03-05", prices({{M::input, 2.5}, {M::cached_input, 0.25}, {M::output, 15}}));
    v.service_tiers[ServiceTier::batch] = PriceAdjustment{false, 0.5, {}, {}, {}, false};
    v.scopes["data_residency"] = PriceAdjustment{false, 1.1, {}, {}, {}, false};
    const Offering o = test::offering("openai/gpt-5.4", {v});
    const Usage u = usage(1'000'000, 0, 0, 100'000, 0);
    RequestOptions opt{parse_timestamp("2026-06-01T00:00:00Z"), ServiceTier::standard, {}};
    // Default endpoint: 1M x 2.50 / 1e6 + 100K x 15 / 1e6 = 2.50 + 1.50 = 4.00 USD.
    CHECK(price_request(o, u, opt).total.amount() == doctest::Approx(4.0));
    // Data residency: 4.00 x 1.1 = 4.40 USD.
    opt.scope = "data_residency";
    CHECK(price_request(o, u, opt).total.amount() == doctest::Approx(4.4));
    // Batch at a residency endpoint: 4.00 x 0.5 x 1.1 = 2.20 USD.
    opt.service_tier = ServiceTier::batch;
    CHECK(price_request(o, u, opt).total.amount() == doctest::Approx(2.2));
    // A workload costed at the scope: 10 requests a day of 1M in / 100K out over 30 days of June = 300 x 4.40.
    const Workload w = test::fixed_workload(10, 1'000'000, 100'000);
    const FxTable fx = test::usd_cny_table();
    const CostReport r = cost_workload(o, w, Period{parse_date("2026-06-01"), 1}, ServiceTier::standard, fx, usd(),
                                       parse_date("2026-06-01"), "data_residency");
    CHECK(r.total.amount() == doctest::Approx(300 * 4.4));
    // A scope the list does not have is refused with the scopes it does have.
    opt.scope = "eu";
    CHECK_THROWS_WITH_AS(price_request(o, u, opt), doctest::Contains("has no serving scope 'eu'; it offers: default, data_residency"),
                         InputError);
}
