#include "helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace infercost;

TEST_CASE("lognormal from mean and p90") {
    // mean 3000, p90 6000: d = ln 2 = 0.693147, z = 1.281552, sigma = z - sqrt(z^2 - 2d)
    // = 1.281552 - sqrt(1.642375 - 1.386294) = 1.281552 - 0.506045 = 0.775507.
    const auto d = TokenDistribution::lognormal_mean_p90(3000, 6000);
    const auto& s = std::get<TokenDistribution::LogNormal>(d.shape());
    CHECK(s.sigma == doctest::Approx(0.775507).epsilon(1e-5));
    CHECK(d.mean() == doctest::Approx(3000));
    CHECK(d.quantile(0.9) == doctest::Approx(6000).epsilon(1e-6));
    CHECK(d.prob_above(6000) == doctest::Approx(0.1).epsilon(1e-6));
    // Partial means add up to the mean.
    CHECK(d.partial_mean(-1, 2000) + d.partial_mean(2000, INFINITY) == doctest::Approx(3000));
}

TEST_CASE("lognormal limits are explained, not clamped") {
    CHECK_THROWS_WITH_AS(TokenDistribution::lognormal_mean_p90(1000, 3000), doctest::Contains("2.27"), InputError);
    CHECK_THROWS_AS(TokenDistribution::lognormal_mean_p90(1000, 900), InputError);
    CHECK_THROWS_AS(TokenDistribution::lognormal_mean_p90(std::nan(""), 900), InputError);
    // Heavy tails go through the median form: median 1000, p90 3000 -> sigma = ln 3 / z = 0.857252.
    const auto d = TokenDistribution::lognormal_median_p90(1000, 3000);
    CHECK(std::get<TokenDistribution::LogNormal>(d.shape()).sigma == doctest::Approx(0.857252).epsilon(1e-5));
    CHECK(d.quantile(0.5) == doctest::Approx(1000).epsilon(1e-6));
}

TEST_CASE("histogram: uniform within bins") {
    // Bins [0,200) weight 1 and [200,400) weight 1: uniform on [0,400), mean 200.
    const auto d = TokenDistribution::histogram({0, 200, 400}, {1, 1});
    CHECK(d.mean() == doctest::Approx(200));
    CHECK(d.prob_above(100) == doctest::Approx(0.75));
    // E[X 1{X <= 100}] = P(X <= 100) x 50 = 0.25 x 50 = 12.5.
    CHECK(d.partial_mean(-1, 100) == doctest::Approx(12.5));
    // E[min(X, 100)] = 12.5 + 100 x 0.75 = 87.5.
    CHECK(d.limited_mean(100) == doctest::Approx(87.5));
    CHECK(d.quantile(0.5) == doctest::Approx(200));
    CHECK_THROWS_AS(TokenDistribution::histogram({0, 200, 100}, {1, 1}), InputError);
    CHECK_THROWS_AS(TokenDistribution::histogram({0, 200}, {1, 1}), InputError);
    CHECK_THROWS_AS(TokenDistribution::histogram({0, 200}, {0}), InputError);
}

TEST_CASE("fixed lengths and workload validation") {
    const auto d = TokenDistribution::fixed(500);
    CHECK(d.prob_above(499) == 1.0);
    CHECK(d.prob_above(500) == 0.0);
    CHECK(d.limited_mean(200) == 200);
    CHECK_THROWS_AS(TokenDistribution::fixed(-1), InputError);

    Workload w;
    w.requests_per_day = 100;
    w.cached_share = 0.7;
    w.cache_write_share = 0.4;
    CHECK_THROWS_WITH_AS(w.validate(), doctest::Contains("must not exceed 1"), InputError);
    w.cache_write_share = 0;
    w.requests_per_day = std::nan("");
    CHECK_THROWS_AS(w.validate(), InputError);
    w.requests_per_day = 100;
    w.hourly_profile.fill(0);
    CHECK_THROWS_AS(w.validate(), InputError);
    w.hourly_profile.fill(1);
    // Weekday profile: weekdays 2, weekends 1 -> week sum 12; Monday gets 100 x 2 x 7 / 12 = 116.67.
    w.weekday_profile = {2, 2, 2, 2, 2, 1, 1};
    CHECK(w.requests_on(std::chrono::Monday) == doctest::Approx(100.0 * 14 / 12));
    CHECK(w.requests_on(std::chrono::Sunday) == doctest::Approx(100.0 * 7 / 12));
}
