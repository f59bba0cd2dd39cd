// The demand layer both cost paths consume: the calendar of local hours, the split of an hour by time rules and
// price versions, the length mix, and how self-hosted capacity and cost lines read them. Worked by hand; the
// time-rule split is also checked against an independent walk over every minute.
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

using namespace infercost;
using test::fixed_workload;
using test::prices;
using M = Meter;

namespace {

const Catalog& bundled() {
    static const Catalog c = Catalog::load(std::string(INFERCOST_TEST_SOURCE_DIR) + "/pricing");
    return c;
}

const FxTable& fx() {
    static const FxTable t = test::usd_cny_table();
    return t;
}

Deployment deployment(const char* model, const char* gpu, int gpus) {
    Deployment d;
    d.model = model;
    d.gpu = gpu;
    d.gpus = gpus;
    return d;
}

}  // namespace

TEST_CASE("the calendar holds every local hour of the period, months and weekday weights included") {
    // 2027-01-01 (a Friday) for two months: 31 + 28 = 59 days, 1,416 hours; February starts at hour 31 x 24 = 744.
    Workload w = fixed_workload(700, 100, 10);
    w.utc_offset = UtcOffset{-300};
    // Weekdays 1, weekend 0.5: a week of 6 units carries 7 days' volume, so a weekday holds 7/6 of the average day.
    w.weekday_profile = {1, 1, 1, 1, 1, 0.5, 0.5};
    const Calendar cal(w, Period{parse_date("2027-01-01"), 2});
    REQUIRE(cal.hours() == 59 * 24);
    REQUIRE(cal.months().size() == 2);
    CHECK(cal.months()[1].first_hour == 744);
    CHECK(format_date(cal.months()[1].first) == "2027-02-01");
    CHECK(cal.months()[1].end_hour == cal.hours());
    double friday = 0, saturday = 0;
    for (int h = 0; h < 24; ++h) {
        friday += cal.requests(static_cast<std::size_t>(h));
        saturday += cal.requests(static_cast<std::size_t>(24 + h));
    }
    CHECK(friday == doctest::Approx(700.0 * 7 / 6));
    CHECK(saturday == doctest::Approx(700.0 * 3.5 / 6));
    // Hour 0 of the first day starts at local midnight, 05:00 UTC.
    CHECK(format_timestamp(cal.start(0)) == "2027-01-01T05:00:00Z");
    // A zero-volume workload keeps its shape.
    w.requests_per_day = 0;
    const Calendar none(w, Period{parse_date("2027-01-01"), 1});
    CHECK(none.total_requests() == 0);
    CHECK(none.shape(0) == doctest::Approx(7.0 / 6 / 24));
    // Horizons outside 1..600 months are refused.
    CHECK_THROWS_AS(Calendar(w, Period{parse_date("2027-01-01"), 0}), InputError);
    CHECK_THROWS_WITH_AS(Calendar(w, Period{parse_date("2027-01-01"), 601}), doctest::Contains("1 to 600 months"), InputError);
}

TEST_CASE("an hour is split where a rule's window opens or closes, on the rule's own clock") {
    // A rule at UTC+08:00 open 16:30-00:30 on weekdays but not on 2026-06-02 (a Tuesday). The UTC hour 2026-06-01
    // 08:00-09:00 is 16:00-17:00 on Monday in Beijing: the last 30 minutes are in the window.
    TimeRule r;
    r.name = "off-peak";
    r.utc_offset = UtcOffset{480};
    r.windows.push_back(TimeWindow{16 * 60 + 30, 30});
    r.weekdays = {false, true, true, true, true, true, false};
    r.excluded_dates.push_back(parse_date("2026-06-02"));
    std::vector<RulePiece> pieces;
    const Timestamp t = parse_timestamp("2026-06-01T08:00:00Z");
    split_by_time_rules(t, t + std::chrono::hours(1), {r}, pieces);
    REQUIRE(pieces.size() == 2);
    CHECK(pieces[0].rule == -1);
    CHECK(pieces[0].seconds == 1800);
    CHECK(pieces[1].rule == 0);
    CHECK(pieces[1].seconds == 1800);
    // 16:00-17:00 UTC is 00:00-01:00 on Tuesday 2 June in Beijing, an excluded date. Monday's window would reach
    // to 00:30, but an exclusion goes by the local date of the instant, so the whole hour is outside the rule.
    const Timestamp u = parse_timestamp("2026-06-01T16:00:00Z");
    split_by_time_rules(u, u + std::chrono::hours(1), {r}, pieces);
    REQUIRE(!pieces.empty());
    double in_rule = 0;
    for (const auto& p : pieces) in_rule += p.rule == 0 ? p.seconds : 0;
    CHECK(in_rule == 0);
}

TEST_CASE("the interval split matches a walk over every minute") {
    // Two rules on two clocks, a wrap-around window, weekday limits, an excluded and an included date, a price
    // change at 12:30 UTC, and a workload on a third clock with an uneven profile. The engine's expected cost must
    // equal the sum over every minute of the period of (requests that minute) x (cost under the version and first
    // rule in force at that minute), which is how it was computed before the calendar.
    Offering o = test::offering("example/rules", {test::version("2026-06-01", prices({{M::input, 1.0}, {M::output, 2.0}}))});
    o.versions.push_back(test::version("2026-06-10", prices({{M::input, 3.0}, {M::output, 4.0}})));
    o.versions[1].effective_from = parse_timestamp("2026-06-10T12:30:00Z");
    for (auto& v : o.versions) {
        TimeRule night;
        night.name = "night";
        night.utc_offset = UtcOffset{480};
        night.windows.push_back(TimeWindow{22 * 60 + 15, 7 * 60 + 45});
        night.weekdays = {true, true, true, true, true, false, true};  // not Fridays
        night.excluded_dates.push_back(parse_date("2026-06-05"));
        night.adjustment.multiplier = 0.5;
        TimeRule holiday;
        holiday.name = "holiday";
        holiday.utc_offset = UtcOffset{-330};
        holiday.windows.push_back(TimeWindow{9 * 60, 17 * 60});
        holiday.weekdays.fill(false);
        holiday.included_dates.push_back(parse_date("2026-06-12"));
        holiday.adjustment.multiplier = 3.0;
        v.time_rules = {night, holiday};
    }
    Workload w = fixed_workload(1440, 1000, 500);
    w.utc_offset = UtcOffset{-300};
    for (int h = 0; h < 24; ++h) w.hourly_profile[static_cast<std::size_t>(h)] = 1 + h % 5;
    w.weekday_profile = {3, 1, 1, 2, 1, 0.5, 0.25};
    const Period june{parse_date("2026-06-01"), 1};
    const CostReport rep = cost_workload(o, w, june, ServiceTier::standard, fx(), usd(), june.start);

    double expected = 0, requests = 0;
    const Timestamp t0 = start_of_day(june.start, w.utc_offset), t1 = start_of_day(june.end(), w.utc_offset);
    for (Timestamp t = t0; t < t1; t += std::chrono::minutes(1)) {
        const LocalTime lt = to_local(t, w.utc_offset);
        const double n = w.requests_on(lt.weekday()) * w.hour_share(lt.minute_of_day / 60) / 60.0;
        const PriceVersion& v = o.version_at(t);
        const TimeRule* rule = nullptr;
        for (const auto& r : v.time_rules)
            if (r.applies_at(t)) {
                rule = &r;
                break;
            }
        const auto c = expected_request_cost(o, v, ServiceTier::standard, rule, w);
        expected += n * std::accumulate(c.begin(), c.end(), 0.0);
        requests += n;
    }
    CHECK(rep.requests == doctest::Approx(requests).epsilon(1e-12));
    CHECK(rep.total.amount() == doctest::Approx(expected).epsilon(1e-12));
    REQUIRE(rep.time_rules.size() == 2);
    CHECK(rep.versions.size() == 2);
}

TEST_CASE("the length mix keeps the distribution's mean in quantile bands") {
    // Uniform prompts on [0, 400): the bands [0, .25), [.25, .5), [.5, .75), [.75, .9), [.9, .99), [.99, 1) are
    // [0, 100), [100, 200), [200, 300), [300, 360), [360, 396), [396, 400), with midpoints as conditional means.
    const auto bands = length_bands(TokenDistribution::histogram({0, 400}, {1}));
    REQUIRE(bands.size() == 6);
    const double weights[] = {0.25, 0.25, 0.25, 0.15, 0.09, 0.01};
    const double means[] = {50, 150, 250, 330, 378, 398};
    for (std::size_t i = 0; i < 6; ++i) {
        CHECK(bands[i].weight == doctest::Approx(weights[i]));
        CHECK(bands[i].mean == doctest::Approx(means[i]));
    }
    // A lognormal keeps its mean exactly; a fixed length is one bucket.
    Workload w = fixed_workload(1, 1000, 200);
    w.input_tokens = TokenDistribution::lognormal_mean_p90(3000, 6000);
    const LengthMix mix = length_mix(w);
    CHECK(mix.buckets.size() == 6);
    CHECK(mix.mean_input() == doctest::Approx(3000).epsilon(1e-9));
    CHECK(mix.mean_output() == doctest::Approx(200));
    double total = 0;
    for (const auto& b : mix.buckets) total += b.weight;
    CHECK(total == doctest::Approx(1.0));
}

TEST_CASE("a two-bucket mix runs at the time-weighted capacity of its buckets") {
    // 80% short requests a replica serves at 10/s with 10% of its time in prefill, 20% long ones at 2/s with 50%:
    // per request of the mix 0.8/10 + 0.2/2 = 0.08 + 0.1 = 0.18 s, so 1/0.18 = 5.5556 requests/s; prefill takes
    // 0.08 x 0.1 + 0.1 x 0.5 = 0.058 s of the 0.18, a share of 0.32222.
    BucketCapacity short_ones, long_ones;
    short_ones.bucket = LengthBucket{0.8, 500, 100};
    short_ones.estimate.requests_per_second = 10;
    short_ones.estimate.input_time_share = 0.1;
    long_ones.bucket = LengthBucket{0.2, 8000, 1000};
    long_ones.estimate.requests_per_second = 2;
    long_ones.estimate.input_time_share = 0.5;
    const MixCapacity m = combine_buckets({short_ones, long_ones});
    CHECK(m.requests_per_second == doctest::Approx(1 / 0.18));
    CHECK(m.input_time_share == doctest::Approx(0.058 / 0.18));
    // A plan of a workload with two lengths per dimension uses exactly this combination of its buckets' estimates.
    Workload w = fixed_workload(100000, 1000, 200);
    w.input_tokens = TokenDistribution::lognormal_mean_p90(2000, 4000);
    SelfHosted o;
    o.deployment = deployment("llama-3.3-70b", "h100-sxm", 2);
    o.deployment.chunked_prefill = true;  // the p99 prompt (about 12,000 tokens) is longer than one step's budget
    o.cloud_offer = "lambda/gpu_8x_h100_sxm5/global";
    o.tpot_ms = 40;
    const SelfHostReport plan = plan_self_hosted(bundled().hardware(), o, w, Period{parse_date("2027-02-01"), 1});
    REQUIRE(plan.buckets.size() == 6);
    const Replica replica(bundled().hardware(), o.deployment);
    double seconds = 0;
    for (const auto& b : plan.buckets)
        seconds += b.bucket.weight / replica.best(b.bucket.input_tokens, b.bucket.output_tokens, 40.0).requests_per_second;
    CHECK(plan.replica_requests_per_second == doctest::Approx(1 / seconds));
    // Long prompts cost more GPU time than the mean prompt suggests (prefill grows faster than linearly).
    CHECK(plan.replica_requests_per_second < replica.best(2000, 200, 40.0).requests_per_second);
}

TEST_CASE("prefix-cache hits skip prefill work") {
    // On one GPU there are no collectives, so prefill time is matmul over the fresh tokens plus attention over
    // their causal pairs: prefill(isl, cached) = prefill(isl) - prefill(cached) exactly.
    const Replica r(bundled().hardware(), deployment("llama-3.1-8b", "h100-sxm", 1));
    CHECK(r.prefill_seconds(6000, 2000) == doctest::Approx(r.prefill_seconds(6000) - r.prefill_seconds(2000)).epsilon(1e-12));
    CHECK(r.prefill_seconds(6000, 6000) == doctest::Approx(0.0));
    CHECK_THROWS_AS(r.prefill_seconds(1000, 1200), InputError);
    // A workload whose prompts are 60% cached needs fewer replicas' worth of GPU time.
    Workload w = fixed_workload(100000, 4000, 200);
    SelfHosted o;
    o.deployment = deployment("llama-3.1-8b", "h100-sxm", 1);
    o.cloud_offer = "lambda/gpu_8x_h100_sxm5/global";
    o.tpot_ms = 30;
    const Period feb{parse_date("2027-02-01"), 1};
    const SelfHostReport cold = plan_self_hosted(bundled().hardware(), o, w, feb);
    w.cached_share = 0.6;
    const SelfHostReport warm = plan_self_hosted(bundled().hardware(), o, w, feb);
    CHECK(warm.replica_requests_per_second > cold.replica_requests_per_second);
    CHECK(warm.input_time_share < cold.input_time_share);
}

TEST_CASE("cost lines add up to the total for every kind of option") {
    Workload w = fixed_workload(150000, 3000, 400);
    w.cached_share = 0.3;
    SelfHosted cloud;
    cloud.deployment = deployment("qwen3-235b-a22b", "h200", 8);
    cloud.deployment.ep = 8;
    cloud.cloud_offer = "coreweave/8x-hgx-h200/us";
    cloud.tpot_ms = 50;
    SelfHosted owned = cloud;
    owned.cloud_offer.clear();
    owned.owned_profile = "h200-8x-colo-us";
    owned.provisioning = Provisioning::fixed;
    owned.jurisdictions = {"US"};
    ComparisonSettings s;
    s.period = Period{parse_date("2026-01-01"), 12};  // gpt-4.1 is served through 2027-01-14
    const Comparison c = compare(bundled(), w, {Option{"openai/gpt-4.1"}, Option{cloud}, Option{owned}}, 0, s);
    for (const CostReport& r : c.options) {
        CHECK(std::accumulate(r.by_meter.begin(), r.by_meter.end(), 0.0) == doctest::Approx(r.total.amount()));
        for (const MonthCost& m : r.months) CHECK(std::accumulate(m.by_meter.begin(), m.by_meter.end(), 0.0) == doctest::Approx(m.total));
    }
    auto line = [](const CostReport& r, CostLine l) { return r.by_meter[static_cast<std::size_t>(l)]; };
    CHECK(line(c.options[0], CostLine::gpu_hours) == 0);
    CHECK(line(c.options[1], CostLine::gpu_hours) == doctest::Approx(c.options[1].total.amount()));
    // Owned servers: each line in the proportion of its part of the cost per GPU-hour.
    const OwnedCost oc = *c.self_hosted[2]->owned_cost;
    CHECK(line(c.options[2], CostLine::capital) == doctest::Approx(c.options[2].total.amount() * oc.capital / oc.total));
    CHECK(line(c.options[2], CostLine::power) == doctest::Approx(c.options[2].total.amount() * oc.power / oc.total));
    CHECK(line(c.options[2], CostLine::hosting) == doctest::Approx(c.options[2].total.amount() * oc.colocation / oc.total));
    CHECK(line(c.options[2], CostLine::operations) == doctest::Approx(c.options[2].total.amount() * oc.operations / oc.total));
    CHECK(cost_line_from_name("gpu_hours") == CostLine::gpu_hours);
    CHECK(cost_line_name(CostLine::operations) == "operations");
}

TEST_CASE("a zero-volume workload still has a break-even") {
    // The break-even depends on the shape of the load, not on the plan's own volume: a plan made at zero volume
    // finds the same break-even as one made at 100,000 requests a day.
    Workload w = fixed_workload(100000, 2000, 300);
    w.hourly_profile = {1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 10, 9, 10, 10, 9, 8, 6, 4, 3, 2, 2, 1, 1};
    SelfHosted o;
    o.deployment = deployment("llama-3.3-70b", "h100-sxm", 2);
    o.deployment.chunked_prefill = true;  // the p99 prompt (about 12,000 tokens) is longer than one step's budget
    o.cloud_offer = "lambda/gpu_8x_h100_sxm5/global";
    o.tpot_ms = 40;
    const Period feb{parse_date("2027-02-01"), 1};
    const BreakEven busy = break_even(plan_self_hosted(bundled().hardware(), o, w, feb), 0.004);
    w.requests_per_day = 0;
    const SelfHostReport idle = plan_self_hosted(bundled().hardware(), o, w, feb);
    CHECK(idle.requests_per_month == 0);
    const BreakEven b = break_even(idle, 0.004);
    REQUIRE(b.reached);
    CHECK(b.requests_per_day == doctest::Approx(busy.requests_per_day));
    CHECK(b.self_hosted_marginal_cost_per_request == doctest::Approx(busy.self_hosted_marginal_cost_per_request));
    CHECK(b.self_hosted_marginal_cost_per_request > 0);
    // The curve rises with volume on both sides.
    const auto curve = break_even_curve(idle, 0.004);
    REQUIRE(curve.size() == static_cast<std::size_t>(kBreakEvenCurvePoints));
    CHECK(curve.back().self_hosted_cost_per_month > curve.front().self_hosted_cost_per_month);
    CHECK(curve.back().api_cost_per_month == doctest::Approx(0.004 * curve.back().requests_per_month));
    // 28 days of a flat week: requests a month per request a day = 28 x 365.25 / 12 / 28 = 30.4375.
    CHECK(curve.back().requests_per_month == doctest::Approx(curve.back().requests_per_day * 365.25 / 12));
}

TEST_CASE("context windows and output limits are enforced") {
    // A 128,000-token window and a 16,384-token output limit: in 2 / out 8 per million.
    Offering o = test::offering("example/windowed", {test::version("2026-01-01", prices({{M::input, 2.0}, {M::output, 8.0}}))});
    o.context_window = 128000;
    o.max_output = 16384;
    const Timestamp at = test::at("2026-06-01").at;
    CHECK_NOTHROW(price_request(o, test::usage(120000, 0, 0, 8000, 0), RequestOptions{at, ServiceTier::standard, {}}));
    CHECK_THROWS_WITH_AS(price_request(o, test::usage(5000000, 0, 0, 1000, 0), RequestOptions{at, ServiceTier::standard, {}}),
                         doctest::Contains("context window of 128000 tokens"), InputError);
    CHECK_THROWS_WITH_AS(price_request(o, test::usage(1000, 0, 0, 20000, 0), RequestOptions{at, ServiceTier::standard, {}}),
                         doctest::Contains("maximum output of 16384"), InputError);
    // A workload of 150,000-token prompts does not fit beside 1,000 output tokens...
    Workload w = fixed_workload(1000, 150000, 1000);
    const Period june{parse_date("2026-06-01"), 1};
    CHECK_THROWS_WITH_AS(cost_workload(o, w, june, ServiceTier::standard, fx(), usd(), june.start),
                         doctest::Contains("context_overflow: truncate"), InputError);
    // ... unless the scenario truncates prompts to the window: 128,000 - 1,000 = 127,000 prompt tokens billed,
    // 127,000 x 2 / 1e6 + 1,000 x 8 / 1e6 = 0.254 + 0.008 = 0.262 USD a request; June: 30,000 x 0.262 = 7,860 USD.
    w.context_overflow = ContextOverflow::truncate;
    const CostReport r = cost_workload(o, w, june, ServiceTier::standard, fx(), usd(), june.start);
    CHECK(r.total.amount() == doctest::Approx(7860));
    CHECK(r.input_tokens == doctest::Approx(30000.0 * 127000));
    // Truncation of a lognormal: the prompts above the cap are billed at the cap, E[min(X, c)].
    w.input_tokens = TokenDistribution::lognormal_median_p90(60000, 150000);
    const CostReport t = cost_workload(o, w, june, ServiceTier::standard, fx(), usd(), june.start);
    const double billed = w.input_tokens.limited_mean(127000);
    CHECK(t.by_meter[static_cast<std::size_t>(M::input)] == doctest::Approx(30000 * billed * 2 / 1e6));
    // A 99th-percentile output beyond the output limit is refused even when prompts are truncated.
    w.output_tokens = TokenDistribution::fixed(20000);
    CHECK_THROWS_WITH_AS(cost_workload(o, w, june, ServiceTier::standard, fx(), usd(), june.start),
                         doctest::Contains("maximum output"), InputError);
}

TEST_CASE("a plan and its break-even lay themselves out as tables, missing where there is no value") {
    Workload w = fixed_workload(20000, 2000, 300);
    SelfHosted o;
    o.deployment = deployment("llama-3.3-70b", "h100-sxm", 2);
    o.deployment.chunked_prefill = true;  // the p99 prompt (about 12,000 tokens) is longer than one step's budget
    o.cloud_offer = "lambda/gpu_8x_h100_sxm5/global";
    o.tpot_ms = 40;
    const SelfHostReport plan = plan_self_hosted(bundled().hardware(), o, w, Period{parse_date("2027-02-01"), 1});
    const Table t = plans_table({&plan});
    REQUIRE(t.size() == 1);
    const auto cell = [&](const char* name) { return t.rows()[0][t.column_index(name)]; };
    CHECK(std::get<double>(cell("cost_per_month")) == plan.cost_per_month);
    CHECK(std::get<std::int64_t>(cell("peak_gpus")) == plan.peak_gpus);
    CHECK(std::get<double>(cell("utilisation")) == plan.utilisation);
    CHECK(t.columns()[t.column_index("cost_per_month")].heading == "cost/month USD");
    CHECK(t.columns()[t.column_index("cost_per_million_input")].heading == "USD/M input");
    // An API at a billionth of a dollar per request is never matched: no volume, no cost, but the marginal costs
    // are still stated.
    const Table never = break_even_table(break_even(plan, 1e-9), "cheap/api", plan.currency);
    CHECK(std::get<bool>(never.rows()[0][never.column_index("reached")]) == false);
    CHECK(std::holds_alternative<std::monostate>(never.rows()[0][never.column_index("requests_per_day")]));
    CHECK(std::holds_alternative<double>(never.rows()[0][never.column_index("self_hosted_marginal_cost_per_request")]));
    SelfHostReport other = plan;
    other.currency = cny();
    CHECK_THROWS_AS(plans_table({&plan, &other}), CurrencyError);
}
