// Log replay: the batch kernel against the single-request path, thread counts, aggregated rows, bad rows.
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

using namespace infercost;
using test::prices;
using test::version;

namespace {

// A list that uses every rule the kernel must follow: three versions (one in CNY), a 32K whole-request tier,
// an off-peak window on UTC+8, a batch tier, a fee per request in the last version and a us scope.
Offering rich_offering() {
    PriceVersion v1 = version("2026-01-01T00:00:00Z", prices({{Meter::input, 1.0}, {Meter::cached_input, 0.1},
                                                               {Meter::cache_write, 1.25}, {Meter::output, 4.0}}));
    ContextTiers tiers;
    tiers.levels.push_back(TierLevel{32000, prices({{Meter::input, 2.0}, {Meter::cached_input, 0.2},
                                                    {Meter::cache_write, 2.5}, {Meter::output, 8.0}})});
    v1.tiers = tiers;
    v1.fallbacks[static_cast<std::size_t>(Meter::reasoning)] = Meter::output;
    TimeRule night;
    night.name = "off-peak";
    night.utc_offset = UtcOffset{480};
    night.windows.push_back(TimeWindow{30, 8 * 60 + 30});  // 00:30-08:30 Beijing time
    night.adjustment.multiplier = 0.5;
    v1.time_rules.push_back(night);
    PriceAdjustment batch;
    batch.multiplier = 0.5;
    v1.service_tiers[ServiceTier::batch] = batch;
    PriceAdjustment us;
    us.multiplier = 1.1;
    v1.scopes["us"] = us;
    PriceVersion v2 = v1;
    v2.effective_from = parse_timestamp("2026-11-10T12:00:00Z");
    v2.currency = cny();
    for (Meter m : {Meter::input, Meter::cached_input, Meter::cache_write, Meter::output})
        v2.prices.set(m, *v1.prices.get(m) * 7);
    for (Meter m : {Meter::input, Meter::cached_input, Meter::cache_write, Meter::output})
        v2.tiers->levels[0].prices.set(m, *v1.tiers->levels[0].prices.get(m) * 7);
    PriceVersion v3 = v2;
    v3.effective_from = parse_timestamp("2026-11-20T00:00:00Z");
    v3.prices.set(Meter::request, 0.01);
    v3.tiers->basis = TierBasis::graduated;
    Offering o = test::offering("acme/rich", {v1, v2, v3});
    o.context_window = 200000;
    return o;
}

Offering flat_offering() {
    PriceVersion v = version("2026-01-01T00:00:00Z", prices({{Meter::input, 0.3}, {Meter::cached_input, 0.03},
                                                             {Meter::cache_write, 0.3}, {Meter::output, 1.2}, {Meter::reasoning, 1.2}}));
    PriceAdjustment batch;
    batch.multiplier = 0.5;
    v.service_tiers[ServiceTier::batch] = batch;
    PriceAdjustment us;
    us.multiplier = 1.1;
    v.scopes["us"] = us;
    return test::offering("acme/flat", {v});
}

struct RandomLog {
    std::vector<std::int64_t> seconds, input, cached, write, output, reasoning, requests;
    std::vector<std::int32_t> own, scope, group;
    std::vector<std::uint8_t> tier;
    UsageLog log(const std::vector<const Offering*>& offerings) const {
        UsageLog l;
        l.unix_seconds = seconds;
        l.usage[0] = input;
        l.usage[1] = cached;
        l.usage[2] = write;
        l.usage[3] = output;
        l.usage[4] = reasoning;
        l.offering = own;
        l.offerings = offerings;
        l.tier = tier;
        l.scope = scope;
        l.scopes = {"us"};
        l.group = group;
        l.groups = 3;
        if (!requests.empty()) l.requests = requests;
        return l;
    }
};

// November 2026, prompts from 10 to 60,000 tokens (the tier at 32K is crossed both ways), three groups.
RandomLog random_log(std::size_t n, unsigned seed) {
    std::mt19937_64 g(seed);
    RandomLog r;
    const std::int64_t start = parse_timestamp("2026-11-01T00:00:00Z").time_since_epoch().count();
    std::uniform_int_distribution<std::int64_t> when(0, 30 * 86400 - 1), prompt(10, 60000), out(1, 4000);
    std::uniform_real_distribution<double> share(0, 1);
    for (std::size_t i = 0; i < n; ++i) {
        r.seconds.push_back(start + when(g));
        const std::int64_t in = prompt(g);
        r.input.push_back(in);
        r.cached.push_back(static_cast<std::int64_t>(static_cast<double>(in) * share(g) * 0.5));
        r.write.push_back(static_cast<std::int64_t>(static_cast<double>(in) * share(g) * 0.3));
        r.output.push_back(out(g));
        r.reasoning.push_back(static_cast<std::int64_t>(static_cast<double>(r.output.back()) * share(g)));
        r.own.push_back(static_cast<std::int32_t>(g() % 2));
        r.tier.push_back(g() % 3 == 0 ? static_cast<std::uint8_t>(ServiceTier::batch) : 0);
        r.scope.push_back(g() % 4 == 0 ? 0 : -1);
        r.group.push_back(static_cast<std::int32_t>(g() % 3));
    }
    return r;
}

}  // namespace

TEST_CASE("replay: every row priced by the kernel costs what the single-request path says, to the cent") {
    const Offering rich = rich_offering(), flat = flat_offering();
    const std::vector<const Offering*> own{&rich, &flat};
    for (unsigned seed : {1u, 2u, 3u}) {
        const RandomLog r = random_log(70000, seed);  // three blocks, the last one partial
        const UsageLog log = r.log(own);
        ReplayOptions opt;
        opt.threads = 2;
        const ReplayResult res = replay(log, {&rich, &flat}, opt);
        REQUIRE(res.columns.size() == 3);
        // Expected: each row through price_request, summed per column and currency.
        std::map<std::pair<int, std::string>, double> expected, got;
        for (std::size_t i = 0; i < log.rows(); ++i) {
            RequestOptions ro{Timestamp(std::chrono::seconds(r.seconds[i])), static_cast<ServiceTier>(r.tier[i]),
                              r.scope[i] < 0 ? "" : "us"};
            const Usage u = log.usage_at(i);
            const PriceBreakdown mine = price_request(*own[static_cast<std::size_t>(r.own[i])], u, ro);
            expected[{0, mine.currency.code()}] += mine.total.amount();
            for (int c = 1; c <= 2; ++c) {
                const PriceBreakdown b = price_request(c == 1 ? rich : flat, u, ro);
                expected[{c, b.currency.code()}] += b.total.amount();
            }
        }
        for (const ReplayCell& c : res.cells) got[{c.column, c.currency.code()}] += c.total;
        REQUIRE(got.size() == expected.size());
        for (const auto& [k, v] : expected) {
            CAPTURE(k.first);
            CAPTURE(k.second);
            CHECK(std::abs(got[k] - v) < 0.005);
            CHECK(v > 0);
        }
    }
}

TEST_CASE("replay: the same cells, bit for bit, on one thread and on four") {
    const Offering rich = rich_offering(), flat = flat_offering();
    RandomLog r = random_log(140000, 7);
    // Rows beyond rich's 200,000-token window in two blocks, left out: the path a block takes must not depend on
    // which blocks a thread priced before it.
    for (const std::size_t i : {std::size_t{40000}, std::size_t{100000}}) {
        r.input[i] = 199000;
        r.output[i] = 3000;
        r.cached[i] = r.write[i] = r.reasoning[i] = 0;
    }
    const UsageLog log = r.log({&rich, &flat});
    ReplayOptions one, four;
    one.threads = 1;
    four.threads = 4;
    one.over_limits = four.over_limits = OverLimits::exclude;
    const ReplayResult a = replay(log, {&rich, &flat}, one), b = replay(log, {&rich, &flat}, four);
    CHECK(b.threads == 4);
    REQUIRE(a.cells.size() == b.cells.size());
    for (std::size_t i = 0; i < a.cells.size(); ++i) {
        CHECK(a.cells[i].total == b.cells[i].total);  // exact: blocks are summed in one order
        CHECK(a.cells[i].day == b.cells[i].day);
        CHECK(a.cells[i].group == b.cells[i].group);
    }
}

TEST_CASE("replay: per-row costs, days on a stated clock, and dated conversion to a reporting currency") {
    const Offering flat = flat_offering();
    RandomLog r;
    // 2026-11-03T23:30Z is 2026-11-04 07:30 on UTC+8: the day is counted on the replay's clock.
    r.seconds = {parse_timestamp("2026-11-03T23:30:00Z").time_since_epoch().count()};
    r.input = {1'000'000};
    r.cached = {400'000};
    r.write = {0};
    r.output = {100'000};
    r.reasoning = {0};
    UsageLog log;
    log.unix_seconds = r.seconds;
    log.usage[0] = r.input;
    log.usage[1] = r.cached;
    log.usage[3] = r.output;
    std::vector<double> per_row(1);
    ReplayOptions opt;
    opt.own = false;
    opt.day_offset = UtcOffset{480};
    const FxTable fx = test::usd_cny_table();
    opt.reporting_currency = cny();
    opt.fx = &fx;
    opt.row_costs = per_row;
    const ReplayResult res = replay(log, {&flat}, opt);
    REQUIRE(res.cells.size() == 1);
    // 600,000 uncached x 0.30 + 400,000 cached x 0.03 + 100,000 output x 1.20 per million
    // = 0.18 + 0.012 + 0.12 = 0.312 USD; at 7.2 CNY per USD = 2.2464 CNY.
    CHECK(res.cells[0].total == doctest::Approx(0.312).epsilon(1e-12));
    CHECK(per_row[0] == doctest::Approx(0.312).epsilon(1e-12));
    CHECK(res.cells[0].reporting_total == doctest::Approx(2.2464).epsilon(1e-12));
    CHECK(Date(std::chrono::days(res.cells[0].day)) == parse_date("2026-11-04"));
    CHECK(res.cells[0].quantity[static_cast<std::size_t>(Meter::input)] == 600000);
}

TEST_CASE("replay: an aggregated row is priced exactly below the first tier, refused or tiered at its mean above it") {
    const Offering rich = rich_offering();
    std::vector<std::int64_t> at{parse_timestamp("2026-11-02T12:00:00Z").time_since_epoch().count()};
    std::vector<std::int64_t> in{30000}, zero{0}, out{1000}, n{3};
    UsageLog log;
    log.unix_seconds = at;
    log.usage[0] = in;
    log.usage[1] = zero;
    log.usage[3] = out;
    log.requests = n;
    ReplayOptions opt;
    opt.own = false;
    // Three requests summing 30,000 prompt tokens: each is below 32,000, so the base level holds for all:
    // 30,000 x 1.00 + 1,000 x 4.00 per million = 0.034 USD (2026-11-02 12:00Z is 20:00 in Beijing: peak).
    ReplayResult res = replay(log, {&rich}, opt);
    CHECK(res.cells.at(0).total == doctest::Approx(0.034));
    CHECK(res.cells.at(0).requests == 3);
    // 90,000 over three requests: the sizes are unknown, so the tier cannot be chosen.
    in[0] = 90000;
    CHECK_THROWS_WITH_AS(replay(log, {&rich}, opt), doctest::Contains("usage row 0 (acme/rich): the row sums 3 requests"), InputError);
    // At the mean: 30,000 each, the base level again: 90,000 x 1.00 + 1,000 x 4.00 per million = 0.094 USD.
    opt.aggregate_tiers = AggregateTiers::mean;
    res = replay(log, {&rich}, opt);
    CHECK(res.cells.at(0).total == doctest::Approx(0.094));
    CHECK(res.rows_tiered_at_mean.at(0) == 1);
    // A row that does not say how many requests it holds, under a list with a fee per request (from 2026-11-20).
    at[0] = parse_timestamp("2026-11-25T12:00:00Z").time_since_epoch().count();
    in[0] = 1000;
    n[0] = 0;
    CHECK_THROWS_WITH_AS(replay(log, {&rich}, opt), doctest::Contains("charges a fee per request"), InputError);
}

TEST_CASE("replay: bad rows are refused with their row, and rows beyond a limit are refused or left out") {
    const Offering rich = rich_offering(), flat = flat_offering();
    RandomLog r = random_log(40000, 11);
    r.cached[33000] = r.input[33000] + 1;
    UsageLog log = r.log({&rich, &flat});
    CHECK_THROWS_WITH_AS(replay(log, {&flat}), doctest::Contains("usage row 33000: cached_input + cache_write"), InputError);
    r = random_log(40000, 11);
    r.input[5] = 199000;  // with 4,000 output at most, beyond the 200,000-token window for some outputs
    r.output[5] = 2000;
    r.reasoning[5] = 0;
    r.cached[5] = r.write[5] = 0;
    log = r.log({&rich, &flat});
    CHECK_THROWS_WITH_AS(replay(log, {&rich}), doctest::Contains("usage row 5"), InputError);
    ReplayOptions opt;
    opt.over_limits = OverLimits::exclude;
    const ReplayResult res = replay(log, {&rich}, opt);
    CHECK(res.rows_over_limits.at(1) == 1);                             // the candidate column
    CHECK(res.rows_over_limits.at(0) == (r.own[5] == 0 ? 1 : 0));       // as logged: only if its own list is rich
    std::int64_t rows = 0;
    for (const ReplayCell& c : res.cells)
        if (c.column == 1) rows += c.rows;
    CHECK(rows == 39999);
    // Before the first version: no price in force.
    r.seconds[9] = parse_timestamp("2025-06-01T00:00:00Z").time_since_epoch().count();
    log = r.log({&rich, &flat});
    CHECK_THROWS_WITH_AS(replay(log, {&flat}, opt), doctest::Contains("usage row 9"), InputError);
    // Columns of the wrong length.
    r = random_log(10, 1);
    log = r.log({&rich, &flat});
    log.group = std::span<const std::int32_t>(r.group.data(), 9);
    CHECK_THROWS_WITH_AS(replay(log, {&flat}), doctest::Contains("group column has 9 entries for 10 rows"), InputError);
}

TEST_CASE("profile_log: volume, shape, shares and lengths of a log") {
    // Two weeks: every day 100 requests at 09:00 and 300 at 15:00 (UTC), prompts 1,000 with 250 cached,
    // outputs 200 of which 50 reasoning.
    std::vector<std::int64_t> at, in, cached, out, reasoning, n;
    const std::int64_t start = parse_timestamp("2026-11-02T00:00:00Z").time_since_epoch().count();
    for (int d = 0; d < 14; ++d)
        for (const auto& [hour, count] : {std::pair{9, 100}, std::pair{15, 300}}) {
            at.push_back(start + d * 86400 + hour * 3600);
            n.push_back(count);
            in.push_back(1000 * count);
            cached.push_back(250 * count);
            out.push_back(200 * count);
            reasoning.push_back(50 * count);
        }
    UsageLog log;
    log.unix_seconds = at;
    log.usage[0] = in;
    log.usage[1] = cached;
    log.usage[3] = out;
    log.usage[4] = reasoning;
    log.requests = n;
    const LogProfile p = profile_log(log);
    CHECK(p.days == 14);
    CHECK(p.requests == 5600);  // 14 x 400
    CHECK(p.workload.requests_per_day == doctest::Approx(400));
    CHECK(p.workload.cached_share == doctest::Approx(0.25));
    CHECK(p.workload.reasoning_share == doctest::Approx(0.25));
    CHECK(p.workload.hour_share(9) == doctest::Approx(0.25));  // 100 of 400
    CHECK(p.workload.hour_share(15) == doctest::Approx(0.75));
    CHECK(p.workload.hour_share(3) == 0);
    CHECK(p.shape_r2 == doctest::Approx(1.0));  // the shape is exact
    CHECK(p.input.observed_mean == doctest::Approx(1000));
    CHECK(p.workload.input_tokens.mean() == doctest::Approx(1000));
    CHECK(p.growth_fitted);
    CHECK(std::abs(p.growth_per_month) < 1e-9);  // the same every day
}

TEST_CASE("replay: blocks priced from their sums (one segment) agree with the single-request path") {
    // Three hours of one peak afternoon in Beijing (06:00-09:00Z = 14:00-17:00 +08:00), sorted: each block falls in
    // one price segment, so flat is priced from class sums and rich (its 32K tier crossed) level by level.
    const Offering rich = rich_offering(), flat = flat_offering();
    RandomLog r = random_log(80000, 5);
    const std::int64_t start = parse_timestamp("2026-11-05T06:00:00Z").time_since_epoch().count();
    for (std::size_t i = 0; i < r.seconds.size(); ++i) r.seconds[i] = start + static_cast<std::int64_t>(i * 10800 / r.seconds.size());
    r.input[17] = 198000;  // beyond rich's 200,000-token window with its output: left out
    r.output[17] = 3000;
    r.reasoning[17] = r.cached[17] = r.write[17] = 0;
    const UsageLog log = r.log({&rich, &flat});
    ReplayOptions opt;
    opt.own = false;
    opt.over_limits = OverLimits::exclude;
    const ReplayResult res = replay(log, {&rich, &flat}, opt);
    CHECK(res.rows_over_limits.at(0) == 1);
    std::array<double, 2> expected{}, got{};
    for (std::size_t i = 0; i < log.rows(); ++i) {
        const RequestOptions ro{Timestamp(std::chrono::seconds(r.seconds[i])), static_cast<ServiceTier>(r.tier[i]),
                                r.scope[i] < 0 ? "" : "us"};
        if (i != 17) expected[0] += price_request(rich, log.usage_at(i), ro).total.amount();
        expected[1] += price_request(flat, log.usage_at(i), ro).total.amount();
    }
    for (const ReplayCell& c : res.cells) got[static_cast<std::size_t>(c.column)] += c.total;
    CHECK(std::abs(got[0] - expected[0]) < 0.005);
    CHECK(std::abs(got[1] - expected[1]) < 0.005);
    CHECK(expected[0] > expected[1]);
}

TEST_CASE("replay: a bucket is priced only where the offering's price holds over all of it") {
    const Offering rich = rich_offering();
    // 2026-11-02: peak in Beijing is outside 00:30-08:30 (+08:00), i.e. outside 16:30-00:30 UTC.
    std::vector<std::int64_t> start{parse_timestamp("2026-11-02T01:00:00Z").time_since_epoch().count()};
    std::vector<std::int64_t> end{parse_timestamp("2026-11-02T02:00:00Z").time_since_epoch().count()};
    std::vector<std::int64_t> in{10000}, out{1000}, n{4};
    UsageLog log;
    log.unix_seconds = start;
    log.unix_seconds_end = end;
    log.usage[0] = in;
    log.usage[3] = out;
    log.requests = n;
    ReplayOptions opt;
    opt.own = false;
    // An hour inside the peak: 10,000 x 1.00 + 1,000 x 4.00 per million = 0.014 USD.
    CHECK(replay(log, {&rich}, opt).cells.at(0).total == doctest::Approx(0.014));
    // A whole day crosses the off-peak window at 16:30 UTC: the price changes inside the bucket.
    end[0] = parse_timestamp("2026-11-03T01:00:00Z").time_since_epoch().count();
    CHECK_THROWS_WITH_AS(replay(log, {&rich}, opt), doctest::Contains("price changes within it at 2026-11-02T16:30:00Z (a time-of-day rule)"),
                         InputError);
    end[0] = start[0];
    CHECK_THROWS_WITH_AS(replay(log, {&rich}, opt), doctest::Contains("ends (") , InputError);
}

TEST_CASE("profile_log: a bucket longer than an hour is spread evenly over its hours") {
    std::vector<std::int64_t> at{parse_timestamp("2026-11-02T10:00:00Z").time_since_epoch().count()};
    std::vector<std::int64_t> end{parse_timestamp("2026-11-02T12:00:00Z").time_since_epoch().count()};
    std::vector<std::int64_t> in{10000}, out{1000}, n{10};
    UsageLog log;
    log.unix_seconds = at;
    log.unix_seconds_end = end;
    log.usage[0] = in;
    log.usage[3] = out;
    log.requests = n;
    const LogProfile p = profile_log(log);
    REQUIRE(p.hourly_requests.size() == 24);
    CHECK(p.hourly_requests[10] == doctest::Approx(5));  // 10 requests over 10:00-12:00
    CHECK(p.hourly_requests[11] == doctest::Approx(5));
    CHECK(p.hourly_requests[12] == 0);
    CHECK(p.workload.input_tokens.mean() == doctest::Approx(1000));  // 10,000 over 10 requests
}

// A log of prompt and output tokens only (no cache, no reasoning), priced under the candidates alone.
struct PlainLog {
    std::vector<std::int64_t> at, in, zero, out, requests;
    UsageLog log() const {
        UsageLog l;
        l.unix_seconds = at;
        l.usage[0] = in;
        l.usage[1] = zero;
        l.usage[2] = zero;
        l.usage[3] = out;
        l.usage[4] = zero;
        if (!requests.empty()) l.requests = requests;
        return l;
    }
};
ReplayOptions candidates_only() {
    ReplayOptions opt;
    opt.own = false;
    opt.threads = 1;
    return opt;
}

TEST_CASE("replay: a whole block of rows at the count limit sums without overflow; one token more is refused") {
    // 2^15 rows of 2^47 prompt and 2^47 output tokens: a block's sums reach 2^62 per meter, within int64.
    // Expected, on flat's list (0.3 input, 1.2 output per million): 2^62 x (0.3 + 1.2) / 1e6
    //   = 4,611,686,018,427,387,904 x 1.5e-6 = 6,917,529,027,641.08 USD.
    const Offering flat = flat_offering();
    const std::size_t rows = kReplayBlockRows;
    PlainLog p{std::vector<std::int64_t>(rows, 1'780'000'000), std::vector<std::int64_t>(rows, kMaxTokenCount),
               std::vector<std::int64_t>(rows, 0), std::vector<std::int64_t>(rows, kMaxTokenCount), {}};
    const ReplayResult r = replay(p.log(), {&flat}, candidates_only());
    double total = 0;
    for (const ReplayCell& c : r.cells) total += c.total;
    CHECK(total == doctest::Approx(6'917'529'027'641.08).epsilon(1e-12));
    p.in[rows - 1] = kMaxTokenCount + 1;
    CHECK_THROWS_WITH_AS(replay(p.log(), {&flat}, candidates_only()), doctest::Contains("above"), InputError);
}

TEST_CASE("replay: an instant far outside the covered years is refused, not overflowed (found by fuzzing)") {
    // -106,751,991,167,301 days x 86,400 s overflowed int64 when the day's start was worked out.
    const Offering flat = flat_offering();
    for (const std::int64_t t : {std::numeric_limits<std::int64_t>::min() + 1000, std::int64_t{-9'223'372'036'854'000},
                                 std::numeric_limits<std::int64_t>::max() - 5}) {
        CAPTURE(t);
        const PlainLog p{{1'780'000'000, t}, {1000, 1000}, {0, 0}, {10, 10}, {}};
        CHECK_THROWS_WITH_AS(replay(p.log(), {&flat}, candidates_only()), doctest::Contains("outside the years 1970 to 2687"), InputError);
    }
}

TEST_CASE("replay: a row's request count above the count limit is refused, not overflowed (found by fuzzing)") {
    // Two rows of one class whose request counts summed past int64 (3.4e15 + 9.2e18).
    const Offering flat = flat_offering();
    const PlainLog p{{1'780'000'000, 1'780'000'001}, {1000, 1000}, {0, 0}, {10, 10},
                     {3'377'789'914'841'088, std::numeric_limits<std::int64_t>::max() - 11}};
    CHECK_THROWS_WITH_AS(replay(p.log(), {&flat}, candidates_only()), doctest::Contains("requests is above 140,737,488,355,328"), InputError);
}
