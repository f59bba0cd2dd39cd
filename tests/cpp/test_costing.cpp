// Costing workloads over time: hand-worked values.
#include "helpers.hpp"

#include <doctest/doctest.h>

using namespace infercost;
using test::fixed_workload;
using test::prices;
using M = Meter;

namespace {

// in 1 / out 2 USD per million.
Offering simple(const char* id = "example/simple") {
    return test::offering(id, {test::version("2026-01-01", prices({{M::input, 1.0}, {M::output, 2.0}}))});
}

const FxTable& fx() {
    static const FxTable t = test::usd_cny_table();
    return t;
}

Period june_2026() { return Period{parse_date("2026-06-01"), 1}; }

}  // namespace

TEST_CASE("a flat list over a month is volume times cost per request") {
    // 1,000 requests a day of 1,000 in + 1,000 out: 0.001 + 0.002 = 0.003 USD each.
    // June has 30 days: 30,000 requests, 90 USD.
    const CostReport r = cost_workload(simple(), fixed_workload(1000, 1000, 1000), june_2026(), ServiceTier::standard,
                                       fx(), usd(), parse_date("2026-06-01"));
    CHECK(r.requests == doctest::Approx(30000));
    CHECK(r.total.amount() == doctest::Approx(90.0));
    CHECK(r.per_year.amount() == doctest::Approx(1080.0));  // 90 x 12 / 1
    CHECK(r.by_meter[static_cast<std::size_t>(M::input)] == doctest::Approx(30.0));
    CHECK(r.months.size() == 1);
    CHECK(r.cost_per_request().amount() == doctest::Approx(0.003));
}

TEST_CASE("a year is costed month by month") {
    // 2027 has 365 days; January 31 days: 31,000 requests x 0.003 = 93 USD; the year 365 x 3 = 1,095 USD.
    const CostReport r = cost_workload(simple(), fixed_workload(1000, 1000, 1000), Period{parse_date("2027-01-01"), 12},
                                       ServiceTier::standard, fx(), usd(), parse_date("2027-01-01"));
    REQUIRE(r.months.size() == 12);
    CHECK(r.months[0].total == doctest::Approx(93.0));
    CHECK(r.months[1].total == doctest::Approx(84.0));  // February 2027: 28 days
    CHECK(r.total.amount() == doctest::Approx(1095.0));
}

TEST_CASE("a time rule applies to the share of requests in its window") {
    // Off-peak 16:30-00:30 UTC at half price: 8 of 24 hours. With flat traffic on a UTC clock, a third of
    // the requests cost half: 0.003 x 2/3 + 0.0015 x 1/3 = 0.0025 each; June: 30,000 x 0.0025 = 75 USD.
    Offering o = simple();
    TimeRule r;
    r.name = "off-peak";
    r.windows.push_back(TimeWindow{16 * 60 + 30, 30});
    r.adjustment.multiplier = 0.5;
    o.versions[0].time_rules.push_back(r);
    const CostReport rep = cost_workload(o, fixed_workload(1000, 1000, 1000), june_2026(), ServiceTier::standard, fx(),
                                         usd(), parse_date("2026-06-01"));
    CHECK(rep.total.amount() == doctest::Approx(75.0));
    REQUIRE(rep.time_rules.size() == 1);
    CHECK(rep.time_rules[0].request_share == doctest::Approx(1.0 / 3));
}

TEST_CASE("the hourly profile on the workload's clock meets the rule's clock") {
    // All traffic in local hour 09 at UTC+08:00, i.e. 01:00-02:00 UTC. A x2 surcharge at 01:00-04:00 UTC
    // catches all of it: June costs 2 x 90 = 180 USD. Moving the traffic to local 13:00 (05:00 UTC) misses it.
    Offering o = simple();
    TimeRule peak;
    peak.name = "peak";
    peak.windows.push_back(TimeWindow{60, 240});
    peak.adjustment.multiplier = 2.0;
    o.versions[0].time_rules.push_back(peak);
    Workload w = fixed_workload(1000, 1000, 1000);
    w.utc_offset = UtcOffset{480};
    w.hourly_profile.fill(0);
    w.hourly_profile[9] = 1;
    CHECK(cost_workload(o, w, june_2026(), ServiceTier::standard, fx(), usd(), parse_date("2026-06-01")).total.amount() ==
          doctest::Approx(180.0));
    w.hourly_profile[9] = 0;
    w.hourly_profile[13] = 1;
    CHECK(cost_workload(o, w, june_2026(), ServiceTier::standard, fx(), usd(), parse_date("2026-06-01")).total.amount() ==
          doctest::Approx(90.0));
}

TEST_CASE("a price change inside the period splits it") {
    // 0.003 per request until 2026-06-16, then in 2 / out 4: 0.006. June: 15 days x 1,000 x 0.003 = 45
    // plus 15 days x 1,000 x 0.006 = 90; 135 USD.
    Offering o = simple();
    o.versions.push_back(test::version("2026-06-16", prices({{M::input, 2.0}, {M::output, 4.0}})));
    const CostReport r = cost_workload(o, fixed_workload(1000, 1000, 1000), june_2026(), ServiceTier::standard, fx(),
                                       usd(), parse_date("2026-06-01"));
    CHECK(r.total.amount() == doctest::Approx(135.0));
    REQUIRE(r.versions.size() == 2);
    CHECK(r.versions[0].request_share == doctest::Approx(0.5));
}

TEST_CASE("a CNY list is converted with the dated rate and the conversion is reported") {
    // in 7.2 / out 14.4 CNY per million: 0.0072 + 0.0144 = 0.0216 CNY a request; at 7.2 CNY/USD, 0.003 USD.
    const Offering o = test::offering(
        "alibaba-cn/example", {test::version("2026-01-01", prices({{M::input, 7.2}, {M::output, 14.4}}), "CNY")});
    const CostReport r = cost_workload(o, fixed_workload(1000, 1000, 1000), june_2026(), ServiceTier::standard, fx(),
                                       usd(), parse_date("2026-06-01"));
    CHECK(r.total.amount() == doctest::Approx(90.0));
    REQUIRE(r.conversions.size() == 1);
    CHECK(r.conversions[0].rate == doctest::Approx(1 / 7.2));
    CHECK(format_date(r.conversions[0].rate_date) == "2026-01-02");
    // Before any rate: refused.
    CHECK_THROWS_AS(cost_workload(o, fixed_workload(1000, 1000, 1000), june_2026(), ServiceTier::standard, fx(), usd(),
                                  parse_date("2025-06-01")),
                    CurrencyError);
}

TEST_CASE("expected cost integrates over the prompt distribution: the mean request is not the mean cost") {
    // Gemini-2.5-Pro-like: in 1.25 / out 10; prompts above 200,000 pay in 2.5 / out 15 for the whole request.
    PriceVersion v = test::version("2025-06-17", prices({{M::input, 1.25}, {M::output, 10.0}}));
    ContextTiers t;
    t.levels.push_back(TierLevel{200000, prices({{M::input, 2.5}, {M::output, 15.0}})});
    v.tiers = t;
    const Offering o = test::offering("google/gemini-2.5-pro", {v});
    Workload w;
    w.requests_per_day = 1;
    // Prompt lognormal with median 100,000 and p90 300,000: sigma = ln 3 / 1.281552 = 0.857252,
    // mean = 1e5 exp(sigma^2/2) = 144,403.
    w.input_tokens = TokenDistribution::lognormal_median_p90(100000, 300000);
    w.output_tokens = TokenDistribution::fixed(1000);
    // P(X > 2e5) = 1 - Phi(ln 2 / sigma) = 1 - Phi(0.808571) = 1 - 0.790620 = 0.209380.
    // E[X 1{X > 2e5}] = mean x Phi(sigma - 0.808571) = 144,403 x Phi(0.048681) = 144,403 x 0.519413 = 75,004.8;
    // the rest, 69,398.2, is below the threshold.
    // Cost = (69,398.2 x 1.25 + 75,004.8 x 2.5) / 1e6 + 1,000 x (0.790620 x 10 + 0.209380 x 15) / 1e6
    //      = 0.0867478 + 0.1875120 + 0.0110469 = 0.2853067 USD.
    const auto c = expected_request_cost(o, o.versions[0], ServiceTier::standard, nullptr, w);
    double total = 0;
    for (double x : c) total += x;
    CHECK(total == doctest::Approx(0.2853067).epsilon(1e-4));
    // The mean request (144,403 tokens) sits below the threshold: 144,403 x 1.25 / 1e6 + 0.01 = 0.1905.
    const double mean_request = price_request(o, test::usage(144403, 0, 0, 1000, 0), test::at("2026-01-01")).total.amount();
    CHECK(mean_request == doctest::Approx(0.1905).epsilon(1e-4));
    CHECK(total > mean_request * 1.4);
}

TEST_CASE("expected cost with graduated tiers") {
    // Graduated: first 100 prompt tokens at 1, the rest at 2 (per million). Prompts uniform on [0, 400):
    // E[min(X,100)] = 87.5 tokens in band 0, 200 - 87.5 = 112.5 in band 1: (87.5 + 225) / 1e6 = 312.5e-6.
    PriceVersion v = test::version("2025-01-01", prices({{M::input, 1.0}, {M::output, 1.0}}));
    ContextTiers t;
    t.basis = TierBasis::graduated;
    t.levels.push_back(TierLevel{100, prices({{M::input, 2.0}})});
    v.tiers = t;
    const Offering o = test::offering("example/graduated", {v});
    Workload w;
    w.input_tokens = TokenDistribution::histogram({0, 200, 400}, {1, 1});
    w.output_tokens = TokenDistribution::fixed(0);
    const auto c = expected_request_cost(o, o.versions[0], ServiceTier::standard, nullptr, w);
    CHECK(c[static_cast<std::size_t>(M::input)] == doctest::Approx(312.5e-6));
}

TEST_CASE("for fixed lengths, expected cost equals the priced request, tiers and cache included") {
    PriceVersion v = test::version(
        "2025-01-01", prices({{M::input, 1.2}, {M::cached_input, 0.24}, {M::cache_write, 1.5}, {M::output, 6.0}}));
    ContextTiers t;
    t.counts_cached = false;
    t.levels.push_back(TierLevel{32768, prices({{M::input, 2.4}, {M::cached_input, 0.48}, {M::output, 12.0}})});
    v.tiers = t;
    v.fallbacks[static_cast<std::size_t>(M::reasoning)] = M::output;
    const Offering o = test::offering("alibaba/example", {v});
    for (double in : {1000.0, 32768.0, 40000.0, 50000.0, 100000.0}) {
        Workload w;
        w.input_tokens = TokenDistribution::fixed(in);
        w.output_tokens = TokenDistribution::fixed(2000);
        w.cached_share = 0.25;
        w.cache_write_share = 0.125;
        w.reasoning_share = 0.5;
        const auto c = expected_request_cost(o, o.versions[0], ServiceTier::standard, nullptr, w);
        double e = 0;
        for (double x : c) e += x;
        const auto in_n = static_cast<std::int64_t>(in);
        const double p =
            price_request(o, test::usage(in_n, in_n / 4, in_n / 8, 2000, 1000), test::at("2026-01-01")).total.amount();
        CHECK(e == doctest::Approx(p));
    }
}

TEST_CASE("comparison and the claim check, worked by hand") {
    // Baseline: 1,000 in x 2 + 500 out x 8 = 0.002 + 0.004 = 0.006 USD a request.
    // Candidate: 1,000 x 0.4 + 500 x 1.2 = 0.0004 + 0.0006 = 0.001 USD a request.
    const Offering base = test::offering(
        "openai/base", {test::version("2025-01-01", prices({{M::input, 2.0}, {M::output, 8.0}}))});
    const Offering cand = test::offering(
        "alibaba/cand", {test::version("2025-01-01", prices({{M::input, 0.4}, {M::output, 1.2}}))});
    const Catalog cat({Provider{"openai", "OpenAI", "", "", {}, {}, {}}, Provider{"alibaba", "Alibaba", "", "", {}, {}, {}}}, {base, cand},
                      test::usd_cny_table());
    const Workload w = fixed_workload(10000, 1000, 500);
    ComparisonSettings s;
    s.period = Period{parse_date("2027-01-01"), 12};  // 365 days
    const Comparison c = compare(cat, w, {Option{"openai/base"}, Option{"alibaba/cand"}}, 0, s);
    // Baseline per year: 10,000 x 365 x 0.006 = 21,900; candidate 3,650; saving 18,250 (83.3%).
    CHECK(c.options[0].per_year.amount() == doctest::Approx(21900));
    CHECK(c.options[1].per_year.amount() == doctest::Approx(3650));
    CHECK(c.saving_per_year(1).amount() == doctest::Approx(18250));
    CHECK(c.saving_share(1) == doctest::Approx(18250.0 / 21900));
    CHECK(c.cheapest() == 1);

    // Claim: 400,000 USD a year. Saving per (request a day) per year = 365 x 0.005 = 1.825;
    // implied volume = 400,000 / 1.825 = 219,178.08 requests a day; baseline bill 400,000 x 0.006/0.005 = 480,000.
    const ClaimCheck k = check_claim(cat, w, Option{"openai/base"}, Option{"alibaba/cand"}, Money(400000, usd()), s);
    CHECK(k.achievable);
    CHECK(k.implied_requests_per_day == doctest::Approx(219178.08));
    CHECK(k.implied_baseline_per_year.amount() == doctest::Approx(480000));
    CHECK(k.implied_candidate_per_year.amount() == doctest::Approx(80000));
    CHECK(k.implied_input_tokens_per_day == doctest::Approx(219178.08 * 1000));
    CHECK(k.workload_saving_per_year.amount() == doctest::Approx(18250));
    // The sentence in whole numbers: 219,178.08 x 1,000 = 219,178,082 input and x 500 = 109,589,041 output tokens a
    // day; the saving is 18,250 / 21,900 = 83.3% of the baseline.
    CHECK(k.summary == "Saving 400,000 USD a year by moving from openai/base to alibaba/cand takes about 219,178 requests a "
                       "day (219,178,082 input and 109,589,041 output tokens a day): a baseline bill of 480,000 USD a year, "
                       "cut by 83.3%.");
    // The other way round no volume makes it true.
    const ClaimCheck no = check_claim(cat, w, Option{"alibaba/cand"}, Option{"openai/base"}, Money(400000, usd()), s);
    CHECK_FALSE(no.achievable);
    CHECK(no.summary.find("not cheaper") != std::string::npos);
    // Unknown ids are NotFoundError with suggestions.
    CHECK_THROWS_WITH_AS(compare(cat, w, {Option{"openai/bsae"}}, 0, s), doctest::Contains("did you mean 'openai/base'"),
                         NotFoundError);
}
