// Uncertainty: distributions, the Monte Carlo against analytic answers and against the comparison engine, seeds and
// threads, the tornado, sweeps and every refusal.
#include "infercost/io.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <numeric>

using namespace infercost;

namespace {

// acme/base: 2 USD in, 0.2 USD cached, 8 USD out per million tokens. acme/cand: 2.88 CNY in, 0.288 CNY cached, 8.64
// CNY out (0.4, 0.04 and 1.2 USD at the fixture's 7.2 CNY a dollar).
const char* kProvider = R"(provider: {id: acme, name: Acme}
offerings:
  - id: acme/base
    model: base
    versions:
      - {effective_from: 2025-01-01, currency: USD, source: https://acme.example, checked: 2026-11-28,
         prices: {input: 2.0, cached_input: 0.2, output: 8.0}}
  - id: acme/cand
    model: cand
    versions:
      - {effective_from: 2025-01-01, currency: CNY, source: https://acme.example, checked: 2026-11-28,
         prices: {input: 2.88, cached_input: 0.288, output: 8.64}}
)";

const char* kHead = R"(name: test
currency: USD
horizon: {start: 2027-01-01, months: 12}
workload:
  requests_per_day: 10000
  utc_offset: "+00:00"
  input_tokens: {fixed: 1000}
  output_tokens: {fixed: 500}
baseline: acme/base
candidates:
  - acme/cand
claim:
  saving_per_year: 20000
  candidate: acme/cand
)";

std::string scenario_text(const std::string& uncertainty) { return std::string(kHead) + uncertainty; }

struct Fixture {
    test::ScratchDir dir{{{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kProvider}}};
    Catalog cat = Catalog::load(dir.path());
    Scenario parse(const std::string& uncertainty) const { return parse_scenario(scenario_text(uncertainty), "s.yaml", &cat); }
};

InputError error_of(auto&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e;
    }
    FAIL("accepted");
    return InputError("unreachable");
}

double spearman(const std::vector<double>& x, std::size_t k, std::size_t a, std::size_t b) {
    const std::size_t n = x.size() / k;
    auto ranks = [&](std::size_t col) {
        std::vector<std::size_t> idx(n);
        std::iota(idx.begin(), idx.end(), 0);
        std::sort(idx.begin(), idx.end(), [&](std::size_t i, std::size_t j) { return x[i * k + col] < x[j * k + col]; });
        std::vector<double> r(n);
        for (std::size_t i = 0; i < n; ++i) r[idx[i]] = static_cast<double>(i);
        return r;
    };
    const auto ra = ranks(a), rb = ranks(b);
    const double mean = (static_cast<double>(n) - 1) / 2;
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sab += (ra[i] - mean) * (rb[i] - mean);
        saa += (ra[i] - mean) * (ra[i] - mean);
        sbb += (rb[i] - mean) * (rb[i] - mean);
    }
    return sab / std::sqrt(saa * sbb);
}

}  // namespace

TEST_CASE("distributions: quantiles worked by hand") {
    // The standard normal's 97.5% point is 1.959963984540054; Phi(-1) = 0.15865525393145707.
    CHECK(normal_quantile(0.975) == doctest::Approx(1.959963984540054).epsilon(1e-14));
    CHECK(normal_cdf(-1) == doctest::Approx(0.15865525393145707).epsilon(1e-14));
    CHECK(normal_quantile_fast(0.975) == doctest::Approx(1.959963984540054).epsilon(2e-9));
    for (double u : {1e-9, 1e-4, 0.02, 0.3, 0.5, 0.8, 0.99, 1 - 1e-7}) CHECK(normal_cdf(normal_quantile(u)) == doctest::Approx(u).epsilon(1e-12));

    CHECK(Distribution::uniform(2, 6).quantile(0.25) == doctest::Approx(3));
    // Triangular(0, 1, 4): F(x) = x^2 / 4 up to the mode (F(1) = 1/4), so the median lies above it:
    // 1 - (4 - x)^2 / 12 = 1/2 => x = 4 - sqrt(6).
    const auto tri = Distribution::triangular(0, 1, 4);
    CHECK(tri.quantile(0.125) == doctest::Approx(std::sqrt(0.5)));
    CHECK(tri.median() == doctest::Approx(4 - std::sqrt(6.0)));
    CHECK(tri.mean() == doctest::Approx(5.0 / 3));
    // Normal(10, 2): p90 = 10 + 2 x 1.2815515655446004.
    CHECK(Distribution::normal(10, 2).quantile(0.9) == doctest::Approx(12.563103131089201));
    // Lognormal by median and p90 keeps both; by mean and p90 its mean is the stated one.
    const auto ln = Distribution::lognormal_median_p90(100, 200);
    CHECK(ln.median() == doctest::Approx(100));
    CHECK(ln.quantile(0.9) == doctest::Approx(200));
    CHECK(Distribution::lognormal_mean_p90(100, 180).mean() == doctest::Approx(100));
    // PERT(0, 0.5, 1) is Beta(3, 3), whose distribution function is 10x^3 - 15x^4 + 6x^5.
    const auto pert = Distribution::pert(0, 0.5, 1);
    for (double u : {1e-6, 0.01, 0.25, 0.5, 0.9, 0.999}) {
        const double x = pert.quantile(u);
        CHECK(10 * std::pow(x, 3) - 15 * std::pow(x, 4) + 6 * std::pow(x, 5) == doctest::Approx(u).epsilon(1e-7));
    }
    // PERT(10, 20, 60): Beta(1.8, 4.2) on [10, 60], mean (10 + 4 x 20 + 60) / 6 = 25.
    CHECK(Distribution::pert(10, 20, 60).mean() == doctest::Approx(25));
    // Empirical: numpy's default rule, h = (n - 1) u.
    const auto emp = Distribution::empirical({5, 1, 3, 2, 4});
    CHECK(emp.quantile(0.5) == doctest::Approx(3));
    CHECK(emp.quantile(0.1) == doctest::Approx(1.4));
}

TEST_CASE("distributions: what cannot be is refused with what to fix") {
    CHECK(std::string(error_of([] { Distribution::lognormal_median_p90(100, 90); }).what()).find("above the median") != std::string::npos);
    CHECK(std::string(error_of([] { Distribution::normal(1, -2); }).what()).find("cannot be negative") != std::string::npos);
    CHECK(std::string(error_of([] { Distribution::triangular(0, 5, 4); }).what()).find("between its low") != std::string::npos);
    CHECK(std::string(error_of([] { Distribution::uniform(3, 3); }).what()).find("above its low") != std::string::npos);
    CHECK(std::string(error_of([] { Distribution::empirical({}); }).what()).find("at least one") != std::string::npos);
    CHECK(std::string(error_of([] { Distribution::fixed(std::nan("")); }).what()).find("finite") != std::string::npos);
    Uncertainty u;
    u.inputs = {{"a", Distribution::uniform(0, 1)}, {"b", Distribution::uniform(0, 1)}, {"c", Distribution::uniform(0, 1)}};
    // 0.9, 0.9 and -0.9 cannot hold together: the matrix has eigenvalue 1 - 1.8 < 0 along (1, -1, 1)... refused.
    u.rank_correlation = {1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1};
    CHECK(std::string(error_of([&] { u.validate(); }).what()).find("positive semi-definite") != std::string::npos);
    u.rank_correlation = {1, 0.5, 0, 0.4, 1, 0, 0, 0, 1};
    CHECK(std::string(error_of([&] { u.validate(); }).what()).find("not symmetric") != std::string::npos);
}

TEST_CASE("Monte Carlo: a cost linear in one normal input matches the analytic quantiles") {
    Fixture f;
    const Scenario s = f.parse(R"(uncertainty:
  inputs:
    workload.requests_per_day: {normal: {mean: 10000, sd: 1000}}
)");
    MonteCarloOptions o;
    o.samples = 200'000;
    o.seed = 11;
    const MonteCarloResult r = monte_carlo(s, f.cat, o);
    // Baseline: 1,000 x 2 + 500 x 8 per million = 0.006 USD a request, 365 days: 2,190 USD a year per request a day,
    // so its cost is Normal(21,900, 2,190). The candidate: 0.0072 CNY = 0.001 USD a request, 365 USD per request a
    // day; the saving is 0.005 x 365 = 1.825 per request a day: Normal(18,250, 1,825).
    CHECK(r.nominal_per_year[0] == doctest::Approx(21900));
    CHECK(r.nominal_per_year[1] == doctest::Approx(3650));
    for (std::size_t q = 0; q < kRangeQuantileCount; ++q) {
        const double z = normal_quantile(kRangeQuantiles[q]);
        const Estimate& cost = r.per_year[0].quantiles[q];
        const Estimate& saving = r.saving_per_year[1].quantiles[q];
        CHECK(cost.standard_error > 0);
        CHECK(std::abs(cost.value - (21900 + 2190 * z)) < 4 * cost.standard_error);
        CHECK(std::abs(saving.value - (18250 + 1825 * z)) < 4 * saving.standard_error);
    }
    CHECK(std::abs(r.per_year[0].mean.value - 21900) < 4 * r.per_year[0].mean.standard_error);
    CHECK(r.per_year[0].sd == doctest::Approx(2190).epsilon(0.01));
    // The claim (20,000 a year) holds when 1.825 V >= 20,000: P = 1 - Phi((20,000 - 18,250) / 1,825) = Phi(-0.9589).
    REQUIRE(r.claim_option == std::size_t{1});
    const double p = normal_cdf(-1750.0 / 1825.0);
    CHECK(std::abs(r.probability_claim.value - p) < 4 * r.probability_claim.standard_error);
    CHECK(r.probability_cheaper[1].value == 1.0);
    // Monthly: January is 31 days of 0.006 x V: mean 1,860.
    REQUIRE(r.monthly_mean.size() == 2);
    CHECK(r.monthly_mean[0][0] == doctest::Approx(1860).epsilon(0.005));
}

TEST_CASE("Monte Carlo: each draw costs what the comparison engine says for it") {
    Fixture f;
    const Scenario s = f.parse(R"(uncertainty:
  inputs:
    workload.requests_per_day: {lognormal: {median: 10000, p90: 15000}}
    workload.cached_share: {triangular: {low: 0.1, mode: 0.3, high: 0.6}}
    workload.output_tokens.mean: {pert: {low: 300, mode: 500, high: 900}}
    workload.growth.yearly: {uniform: {low: -0.2, high: 0.8}}
  rank_correlation:
    - [workload.requests_per_day, workload.growth.yearly, 0.5]
)");
    MonteCarloOptions o;
    o.samples = 40;
    o.seed = 5;
    const MonteCarloResult r = monte_carlo(s, f.cat, o);
    REQUIRE(r.input_samples.size() == 40 * 4);
    for (std::size_t i = 0; i < 40; i += 7) {
        Scenario t = s;
        const double* x = &r.input_samples[i * 4];
        t.workload.set_volume(x[0], VolumeUnit::day);
        t.workload.cached_share = x[1];
        t.workload.output_tokens = TokenDistribution::fixed(x[2]);
        t.workload.growth.yearly_rate = x[3];
        const Comparison c = run_scenario(t, f.cat);
        for (std::size_t opt = 0; opt < 2; ++opt)
            CHECK(r.per_year_samples[opt * 40 + i] == doctest::Approx(c.options[opt].per_year.amount()).epsilon(1e-10));
    }
}

TEST_CASE("Monte Carlo: the same seed gives the same result on any number of threads") {
    Fixture f;
    const Scenario s = f.parse(R"(uncertainty:
  inputs:
    workload.requests_per_day: {lognormal: {median: 10000, p90: 15000}}
    workload.cached_share: {pert: {low: 0.1, mode: 0.3, high: 0.6}}
    fx.CNY: {normal: {mean: 7.2, sd: 0.3}}
  rank_correlation:
    - [workload.requests_per_day, workload.cached_share, -0.4]
)");
    MonteCarloOptions o;
    o.samples = 70'000;  // more than four blocks of draws
    o.seed = 99;
    o.threads = 1;
    const MonteCarloResult one = monte_carlo(s, f.cat, o);
    o.threads = 3;
    const MonteCarloResult three = monte_carlo(s, f.cat, o);
    const MonteCarloResult again = monte_carlo(s, f.cat, o);
    CHECK(one.per_year_samples == three.per_year_samples);
    CHECK(one.input_samples == three.input_samples);
    CHECK(three.per_year_samples == again.per_year_samples);
    CHECK(one.saving_per_year[1].quantiles[3].value == three.saving_per_year[1].quantiles[3].value);
    o.seed = 100;
    CHECK(monte_carlo(s, f.cat, o).per_year_samples != one.per_year_samples);
    // The stated rank correlation is what the draws show (standard error about 1/sqrt(n) = 0.004).
    CHECK(spearman(one.input_samples, 3, 0, 1) == doctest::Approx(-0.4).epsilon(0.05));
    CHECK(std::abs(spearman(one.input_samples, 3, 0, 2)) < 0.02);
}

TEST_CASE("Monte Carlo: an exchange rate scales the options billed in its currency") {
    Fixture f;
    const Scenario s = f.parse(R"(uncertainty:
  inputs:
    fx.CNY: {uniform: {low: 6.0, high: 9.0}}
)");
    // The candidate costs 0.0072 CNY a request, 10,000 a day over 365 days: 26,280 CNY a year; at 8 CNY a dollar
    // 3,285 USD, so the saving is 21,900 - 3,285 = 18,615.
    const Sweep w = sweep(s, f.cat, "fx.CNY", {6.0, 8.0});
    CHECK(w.saving_per_year[1][1] == doctest::Approx(18615));
    CHECK(w.saving_per_year[1][0] == doctest::Approx(21900 - 26280.0 / 6));
    CHECK(w.saving_per_year[0][0] == 0);
}

TEST_CASE("tornado: the dominant input comes first") {
    Fixture f;
    const Scenario s = f.parse(R"(uncertainty:
  inputs:
    workload.cached_share: {uniform: {low: 0.2, high: 0.3}}
    workload.requests_per_day: {uniform: {low: 5000, high: 15000}}
)");
    const Tornado t = tornado(s, f.cat);
    CHECK(t.candidate == "acme/cand");
    REQUIRE(t.bars.size() == 2);
    CHECK(t.bars[0].input == "workload.requests_per_day");
    // Volume p10 = 6,000 and p90 = 14,000 with the cache share at its median 0.25. Baseline a request: 750 x 2 +
    // 250 x 0.2 + 500 x 8 per million = 0.00555 USD; candidate 750 x 2.88 + 250 x 0.288 + 500 x 8.64 = 6,552 CNY per
    // million = 0.00091 USD: the saving is 0.00464 x 365 a year per request a day.
    CHECK(t.bars[0].saving_at_low == doctest::Approx(0.00464 * 365 * 6000));
    CHECK(t.bars[0].saving_at_high == doctest::Approx(0.00464 * 365 * 14000));
    // Cache share p10 0.21 and p90 0.29 at 10,000 a day: a cached token saves 1.8 USD per million on the baseline
    // and 0.36 on the candidate, so the saving falls by 1.44e-6 x 1,000 x 0.08 per request: 420.48 a year.
    CHECK(t.bars[1].swing == doctest::Approx(420.48));
    CHECK(t.bars[1].saving_at_high < t.bars[1].saving_at_low);
    CHECK(t.base_saving == doctest::Approx(0.00464 * 365 * 10000));
}

TEST_CASE("uncertainty refusals: before any memory is taken, with what to fix") {
    Fixture f;
    const Scenario s = f.parse(R"(uncertainty:
  inputs:
    workload.requests_per_day: {normal: {mean: 10000, sd: 1000}}
)");
    MonteCarloOptions o;
    o.samples = 0;
    CHECK(std::string(error_of([&] { monte_carlo(s, f.cat, o); }).what()).find("between 1 and") != std::string::npos);
    o.samples = kMaxSamples + 1;
    CHECK(std::string(error_of([&] { monte_carlo(s, f.cat, o); }).what()).find("between 1 and") != std::string::npos);
    // 50 million samples of a ten-year horizon's months: 50e6 x 8 x (1 + 4 + 3 + 120) bytes, about 48 GiB.
    Scenario longer = s;
    longer.settings.period.months = 120;
    o.samples = kMaxSamples;
    CHECK(std::string(error_of([&] { monte_carlo(longer, f.cat, o); }).what()).find("GiB, above the limit") != std::string::npos);

    // A share that can pass 1; a volume named in another unit; a normal volume that can go negative.
    CHECK(std::string(error_of([&] { monte_carlo(f.parse("uncertainty:\n  inputs:\n    workload.cached_share: {normal: {mean: 0.5, sd: 0.2}}\n"), f.cat); }).what())
              .find("outside 0..1") != std::string::npos);
    CHECK(std::string(error_of([&] { monte_carlo(f.parse("uncertainty:\n  inputs:\n    workload.requests_per_month: {uniform: {low: 1, high: 2}}\n"), f.cat); }).what())
              .find("requests_per_day") != std::string::npos);
    CHECK(std::string(error_of([&] { monte_carlo(f.parse("uncertainty:\n  inputs:\n    workload.requests_per_day: {normal: {mean: 1000, sd: 500}}\n"), f.cat); }).what())
              .find("0 and above") != std::string::npos);
    CHECK(std::string(error_of([&] { monte_carlo(f.parse("uncertainty:\n  inputs:\n    fx.EUR: {uniform: {low: 1, high: 2}}\n"), f.cat); }).what())
              .find("no option is billed in EUR") != std::string::npos);
    // A scenario without uncertain inputs.
    const Scenario plain = parse_scenario(kHead, "s.yaml", &f.cat);
    CHECK(std::string(error_of([&] { monte_carlo(plain, f.cat); }).what()).find("no uncertain inputs") != std::string::npos);

    // File errors name line, column and field.
    const InputError bad = error_of([&] { f.parse("uncertainty:\n  inputs:\n    workload.cached_share: {lognormal: {median: 0.3, p90: 0.2}}\n"); });
    CHECK(bad.line() == 17);
    CHECK(bad.field() == "uncertainty.inputs.workload.cached_share.lognormal");
    CHECK(std::string(bad.what()).find("above the median") != std::string::npos);
    const InputError unknown = error_of([&] { f.parse("uncertainty:\n  inputs:\n    workload.cache_share: 0.3\n"); });
    CHECK(unknown.line() == 17);
    CHECK(std::string(unknown.what()).find("not an input that can be uncertain") != std::string::npos);
    const InputError corr = error_of([&] {
        f.parse("uncertainty:\n  inputs:\n    workload.cached_share: {uniform: {low: 0.1, high: 0.2}}\n  rank_correlation:\n"
                "    - [workload.cached_share, workload.volume, 0.5]\n");
    });
    CHECK(std::string(corr.what()).find("not one of the uncertain inputs") != std::string::npos);
}

TEST_CASE("self-hosted options: draws, tornado and sweeps through the engine, with the calibration's spread") {
    // The bundled hardware data: a self-hosted plan needs GPUs, a model and an engine profile.
    const std::string root = INFERCOST_TEST_SOURCE_DIR;
    const Catalog cat = Catalog::load(root + "/pricing");
    std::ifstream in(root + "/examples/scenarios/selfhost_qwen.yaml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text += "uncertainty:\n  inputs:\n    workload.requests_per_day: {uniform: {low: 100000, high: 200000}}\n"
            "    price_change.8x H200 on CoreWeave, autoscaled: {uniform: {low: -0.2, high: 0.2}}\n";
    const Scenario s = parse_scenario(text, "selfhost.yaml", &cat);
    const std::string h200 = "8x H200 on CoreWeave, autoscaled";
    // A Monte Carlo run prices the self-hosted options with a comparison at each draw: each draw costs what the engine
    // says at its values, the price change a factor on the candidate's cost; thread counts do not matter.
    MonteCarloOptions mo;
    mo.samples = 24;
    mo.seed = 3;
    mo.threads = 1;
    const MonteCarloResult one = monte_carlo(s, cat, mo);
    mo.threads = 2;
    const MonteCarloResult two = monte_carlo(s, cat, mo);
    CHECK(one.per_year_samples == two.per_year_samples);
    for (std::size_t i = 0; i < 24; i += 5) {
        Scenario at = s;
        at.workload.set_volume(one.input_samples[i * 2], VolumeUnit::day);
        const Comparison ci = run_scenario(at, cat);
        for (std::size_t opt = 0; opt < ci.options.size(); ++opt) {
            const double f = opt == 1 ? 1 + one.input_samples[i * 2 + 1] : 1.0;
            CHECK(one.per_year_samples[opt * 24 + i] == doctest::Approx(f * ci.options[opt].per_year.amount()).epsilon(1e-10));
        }
    }
    mo.samples = kMaxReplannedSamples + 1;
    CHECK_THROWS_WITH_AS(monte_carlo(s, cat, mo), doctest::Contains("draw at most 100,000"), InputError);

    const Tornado t = tornado(s, cat, h200);
    REQUIRE(t.bars.size() == 3);
    // Independently: the engine at the medians (150,000 a day, no price change), the candidate's cost scaled by
    // (1 + change) at the price change's p10 (-0.16) and p90 (+0.16).
    Scenario mid = s;
    mid.workload.set_volume(150000, VolumeUnit::day);
    const Comparison c = run_scenario(mid, cat);
    const double base = c.options[0].per_year.amount(), cand = c.options[1].per_year.amount();
    CHECK(t.base_saving == doctest::Approx(base - cand));
    const auto bar = [&](const std::string& name) {
        const auto it = std::find_if(t.bars.begin(), t.bars.end(), [&](const TornadoBar& b) { return b.input.rfind(name, 0) == 0; });
        REQUIRE(it != t.bars.end());
        return *it;
    };
    const TornadoBar price = bar("price_change.");
    CHECK(price.saving_at_low == doctest::Approx(base - 0.84 * cand));
    CHECK(price.saving_at_high == doctest::Approx(base - 1.16 * cand));
    // The throughput bar: one calibration error either way, the error of the replica's efficiency profile.
    const TornadoBar spread = bar("throughput." + h200 + " (calibration spread)");
    const double e = Replica(cat.hardware(), s.options[1].self_hosted->deployment).efficiency().spread;
    REQUIRE(e > 0);
    CHECK(spread.low_value == doctest::Approx(1 - e));
    CHECK(spread.high_value == doctest::Approx(1 + e));
    Scenario slow = mid;
    slow.options[1].self_hosted->throughput_scale = 1 - e;
    const Comparison cs = run_scenario(slow, cat);
    CHECK(spread.saving_at_low == doctest::Approx(cs.options[0].per_year.amount() - cs.options[1].per_year.amount()));

    // A sweep of the volume: each point is the engine's comparison at that volume.
    const Sweep w = sweep(s, cat, "workload.requests_per_day", {120000, 180000});
    Scenario high = s;
    high.workload.set_volume(180000, VolumeUnit::day);
    const Comparison ch = run_scenario(high, cat);
    for (std::size_t o = 1; o < ch.options.size(); ++o)
        CHECK(w.saving_per_year[o][1] == doctest::Approx(ch.options[0].per_year.amount() - ch.options[o].per_year.amount()));
    // Utilisation: the load a replica is given; each point is the engine's comparison with that max_utilisation.
    const std::string util = text + "    utilisation.8x H200 on CoreWeave, autoscaled: {uniform: {low: 0.5, high: 0.9}}\n";
    const Sweep u = sweep(parse_scenario(util, "s.yaml", &cat), cat, "utilisation.8x H200 on CoreWeave, autoscaled", {0.5});
    Scenario half = mid;
    half.options[1].self_hosted->max_utilisation = 0.5;
    const Comparison c5 = run_scenario(half, cat);
    CHECK(u.saving_per_year[1][0] == doctest::Approx(c5.options[0].per_year.amount() - c5.options[1].per_year.amount()));
    // A throughput input must name a self-hosted option.
    const std::string wrong = text + "    throughput.fireworks/qwen3-235b-a22b-instruct-2507: {uniform: {low: 0.5, high: 1.5}}\n";
    CHECK_THROWS_WITH_AS(tornado(parse_scenario(wrong, "s.yaml", &cat), cat), doctest::Contains("no self-hosted or hybrid option"), InputError);
}

TEST_CASE("an uncertain prompt length: every option priced by the engine at each draw") {
    Fixture f;
    const Scenario s = f.parse(R"(uncertainty:
  inputs:
    workload.input_tokens.mean: {triangular: {low: 500, mode: 1000, high: 3000}}
)");
    MonteCarloOptions o;
    o.samples = 20;
    o.seed = 2;
    const MonteCarloResult r = monte_carlo(s, f.cat, o);
    for (std::size_t i = 0; i < 20; i += 4) {
        // A fixed 1,000-token prompt scaled to the draw: the baseline costs (x x 2 + 500 x 8) per million a request,
        // 10,000 a day over 365 days.
        const double x = r.input_samples[i];
        CHECK(r.per_year_samples[i] == doctest::Approx((x * 2 + 500 * 8) / 1e6 * 10000 * 365));
    }
    CHECK(decompose(s, f.cat).roles == std::vector<std::string>{"input_mean"});
}

TEST_CASE("a comparison per task: an uncertain success rate gives ranges per successful task and moves the tornado") {
    const std::string root = INFERCOST_TEST_SOURCE_DIR;
    const Catalog cat = Catalog::load(root + "/pricing");
    std::ifstream in(root + "/examples/scenarios/cost_per_task.yaml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text += "uncertainty:\n  inputs:\n    success_rate.alibaba/qwen3-max: {triangular: {low: 0.4, mode: 0.55, high: 0.7}}\n";
    // The scenario's tokenizer table is found beside the catalog it is parsed with.
    const Scenario s = parse_scenario(text, root + "/examples/scenarios/test.yaml", &cat);
    MonteCarloOptions mo;
    mo.samples = 12;
    mo.seed = 8;
    const MonteCarloResult r = monte_carlo(s, cat, mo);
    REQUIRE(r.per_successful_task.size() == 3);
    const Comparison stated = run_scenario(s, cat);
    // The cost per year does not move with the success rate; the cost per successful task is the cost per task over it.
    const double per_task = stated.task_costs[2]->cost_per_task;
    for (std::size_t o = 0; o < 3; ++o)
        CHECK(r.per_year[o].quantiles[0].value == doctest::Approx(stated.options[o].per_year.amount()));
    CHECK(r.per_successful_task[2].min == doctest::Approx(per_task / std::ranges::max(r.input_samples)));
    CHECK(r.per_successful_task[2].max == doctest::Approx(per_task / std::ranges::min(r.input_samples)));
    CHECK(r.nominal_per_successful_task[2] == doctest::Approx(stated.task_costs[2]->cost_per_successful_task));
    // The tornado measures the saving per successful task: at the rate's p90 qwen3-max saves more than at its p10.
    const Tornado t = tornado(s, cat, "alibaba/qwen3-max");
    CHECK(t.measure == "per successful task");
    REQUIRE(t.bars.size() == 1);
    const double base = stated.task_costs[0]->cost_per_successful_task;
    CHECK(t.bars[0].saving_at_low == doctest::Approx(base - per_task / t.bars[0].low_value));
    CHECK(t.bars[0].saving_at_high == doctest::Approx(base - per_task / t.bars[0].high_value));
    CHECK(t.bars[0].saving_at_low < t.bars[0].saving_at_high);
}
