#include "infercost/demand/workload.hpp"

#include "infercost/core/error.hpp"
#include "infercost/core/limits.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace infercost {

namespace {
constexpr double kZ90 = 1.2815515655446004;  // standard normal quantile at 0.9
constexpr double kInf = std::numeric_limits<double>::infinity();

double phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Inverse of the standard normal CDF by bisection on phi; accurate to ~1e-12, used off the hot path.
double phi_inv(double p) {
    double lo = -40, hi = 40;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (phi(mid) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

void require_finite_positive(double v, const char* what) {
    if (!std::isfinite(v) || v <= 0)
        throw InputError(std::string(what) + " must be a finite number above 0 (got " + std::to_string(v) + ")");
}

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%g", v);
    return b;
}
}  // namespace

TokenDistribution TokenDistribution::fixed(double tokens) {
    if (!std::isfinite(tokens) || tokens < 0)
        throw InputError("a fixed token count must be a finite number, zero or more (got " + num(tokens) + ")");
    return TokenDistribution(Fixed{tokens});
}

TokenDistribution TokenDistribution::lognormal_mean_p90(double mean, double p90) {
    require_finite_positive(mean, "lognormal mean");
    require_finite_positive(p90, "lognormal p90");
    if (p90 <= mean)
        throw InputError("lognormal p90 (" + num(p90) + ") must be above the mean (" + num(mean) +
                         "); for a fixed length use `fixed`, for a heavy tail give `median` and `p90`");
    // mean = exp(mu + s^2/2), p90 = exp(mu + z s)  =>  s^2/2 - z s + ln(p90/mean) = 0; take the smaller root.
    const double d = std::log(p90 / mean);
    const double disc = kZ90 * kZ90 - 2 * d;
    if (disc < 0)
        throw InputError("lognormal p90/mean ratio " + num(p90 / mean) + " is above 2.27, the most a lognormal allows; "
                         "give `median` and `p90` instead of `mean`, or a histogram");
    const double sigma = kZ90 - std::sqrt(disc);
    const double mu = std::log(mean) - sigma * sigma / 2;
    return TokenDistribution(LogNormal{mu, sigma, mean, p90, false});
}

TokenDistribution TokenDistribution::lognormal_median_p90(double median, double p90) {
    require_finite_positive(median, "lognormal median");
    require_finite_positive(p90, "lognormal p90");
    if (p90 <= median)
        throw InputError("lognormal p90 (" + num(p90) + ") must be above the median (" + num(median) + ")");
    const double mu = std::log(median);
    const double sigma = std::log(p90 / median) / kZ90;
    return TokenDistribution(LogNormal{mu, sigma, std::exp(mu + sigma * sigma / 2), p90, true});
}

TokenDistribution TokenDistribution::histogram(std::vector<double> edges, std::vector<double> weights) {
    if (edges.size() < 2 || weights.size() + 1 != edges.size())
        throw InputError("a histogram needs n+1 bin edges for n weights (got " + std::to_string(edges.size()) +
                         " edges and " + std::to_string(weights.size()) + " weights)");
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (!std::isfinite(edges[i]) || edges[i] < 0)
            throw InputError("histogram edge " + std::to_string(i) + " must be a finite number, zero or more");
        if (i > 0 && edges[i] <= edges[i - 1])
            throw InputError("histogram edges must increase strictly (edge " + std::to_string(i) + " is " +
                             num(edges[i]) + " after " + num(edges[i - 1]) + ")");
    }
    double total = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (!std::isfinite(weights[i]) || weights[i] < 0)
            throw InputError("histogram weight " + std::to_string(i) + " must be a finite number, zero or more");
        total += weights[i];
    }
    if (total <= 0) throw InputError("histogram weights must not all be zero");
    for (auto& w : weights) w /= total;
    return TokenDistribution(Histogram{std::move(edges), std::move(weights)});
}

TokenDistribution TokenDistribution::truncated(double lo, double hi) const {
    if (std::isnan(lo) || std::isnan(hi) || !(hi > lo))
        throw InputError("a range of prompt lengths needs its upper end above its lower end (got " + num(lo) + " to " + num(hi) + ")");
    const double mass = prob_between(lo, hi);
    if (!(mass > 1e-12))
        throw InputError("no request of " + describe() + " falls between " + num(lo) + " and " + num(hi) +
                         " tokens; move the route's edge");
    if (const auto* t = std::get_if<Truncated>(&shape_))  // of a truncated one: the base on the narrower range
        return t->base->truncated(std::max(lo, t->lo), std::min(hi, t->hi));
    return TokenDistribution(Truncated{std::make_shared<const TokenDistribution>(*this), lo, hi, mass});
}

TokenDistribution TokenDistribution::scaled(double k) const {
    if (!(k > 0) || !std::isfinite(k)) throw InputError("a token-count ratio must be a finite number above 0 (got " + num(k) + ")");
    return std::visit(
        [k](const auto& s) -> TokenDistribution {
            using T = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<T, Fixed>) return TokenDistribution(Fixed{s.value * k});
            else if constexpr (std::is_same_v<T, LogNormal>)
                return TokenDistribution(LogNormal{s.mu + std::log(k), s.sigma, s.mean * k, s.p90 * k, s.from_median});
            else if constexpr (std::is_same_v<T, Truncated>)
                return TokenDistribution(Truncated{std::make_shared<const TokenDistribution>(s.base->scaled(k)), s.lo * k, s.hi * k, s.mass});
            else {
                Histogram h = s;
                for (double& e : h.edges) e *= k;
                return TokenDistribution(std::move(h));
            }
        },
        shape_);
}

double TokenDistribution::mean() const {
    return std::visit(
        [](const auto& s) -> double {
            using T = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<T, Fixed>) return s.value;
            else if constexpr (std::is_same_v<T, LogNormal>) return std::exp(s.mu + s.sigma * s.sigma / 2);
            else if constexpr (std::is_same_v<T, Truncated>) return s.base->partial_mean(s.lo, s.hi) / s.mass;
            else {
                double m = 0;
                for (std::size_t i = 0; i < s.probs.size(); ++i) m += s.probs[i] * (s.edges[i] + s.edges[i + 1]) / 2;
                return m;
            }
        },
        shape_);
}

double TokenDistribution::prob_above(double x) const {
    return std::visit(
        [x](const auto& s) -> double {
            using T = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<T, Fixed>) return s.value > x ? 1.0 : 0.0;
            else if constexpr (std::is_same_v<T, Truncated>) {
                if (x >= s.hi) return 0.0;
                if (x <= s.lo) return 1.0;
                return std::clamp(s.base->prob_between(x, s.hi) / s.mass, 0.0, 1.0);
            } else if constexpr (std::is_same_v<T, LogNormal>) {
                if (x <= 0) return 1.0;
                return 1.0 - phi((std::log(x) - s.mu) / s.sigma);
            } else {
                double p = 0;
                for (std::size_t i = 0; i < s.probs.size(); ++i) {
                    const double lo = s.edges[i], hi = s.edges[i + 1];
                    if (x <= lo) p += s.probs[i];
                    else if (x < hi) p += s.probs[i] * (hi - x) / (hi - lo);
                }
                return p;
            }
        },
        shape_);
}

double TokenDistribution::partial_mean(double a, double b) const {
    if (!(b > a)) return 0.0;
    return std::visit(
        [a, b](const auto& s) -> double {
            using T = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<T, Fixed>) return (s.value > a && s.value <= b) ? s.value : 0.0;
            else if constexpr (std::is_same_v<T, Truncated>) {
                const double lo = std::max(a, s.lo), hi = std::min(b, s.hi);
                return hi > lo ? s.base->partial_mean(lo, hi) / s.mass : 0.0;
            } else if constexpr (std::is_same_v<T, LogNormal>) {
                // E[X 1{a<X<=b}] = exp(mu + s^2/2) [Phi((ln b - mu - s^2)/s) - Phi((ln a - mu - s^2)/s)]
                const double m = std::exp(s.mu + s.sigma * s.sigma / 2);
                auto cdf_shift = [&](double x) {
                    if (x <= 0) return 0.0;
                    if (x == kInf) return 1.0;
                    return phi((std::log(x) - s.mu - s.sigma * s.sigma) / s.sigma);
                };
                return m * (cdf_shift(b) - cdf_shift(a));
            } else {
                double pm = 0;
                for (std::size_t i = 0; i < s.probs.size(); ++i) {
                    const double lo = std::max(a, s.edges[i]), hi = std::min(b, s.edges[i + 1]);
                    if (hi <= lo) continue;
                    const double p = s.probs[i] * (hi - lo) / (s.edges[i + 1] - s.edges[i]);
                    pm += p * (lo + hi) / 2;
                }
                return pm;
            }
        },
        shape_);
}

double TokenDistribution::limited_mean(double c) const {
    if (c == kInf) return mean();
    return partial_mean(-1.0, c) + c * prob_above(c);
}

double TokenDistribution::quantile(double p) const {
    if (!(p > 0 && p < 1)) throw InputError("a quantile needs a probability strictly between 0 and 1");
    return std::visit(
        [p](const auto& s) -> double {
            using T = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<T, Fixed>) return s.value;
            else if constexpr (std::is_same_v<T, LogNormal>) return std::exp(s.mu + s.sigma * phi_inv(p));
            else if constexpr (std::is_same_v<T, Truncated>) {
                // The base's quantile at the same share of the range's mass: F(lo) + p (F(hi) - F(lo)).
                const double below_lo = 1 - s.base->prob_above(s.lo);
                const double q = below_lo + p * s.mass;
                if (q <= 0) return s.lo;
                if (q >= 1) return s.hi;
                return std::clamp(s.base->quantile(q), s.lo, s.hi);
            }
            else {
                double acc = 0;
                for (std::size_t i = 0; i < s.probs.size(); ++i) {
                    if (acc + s.probs[i] >= p && s.probs[i] > 0)
                        return s.edges[i] + (p - acc) / s.probs[i] * (s.edges[i + 1] - s.edges[i]);
                    acc += s.probs[i];
                }
                return s.edges.back();
            }
        },
        shape_);
}

std::string TokenDistribution::describe() const {
    return std::visit(
        [](const auto& s) -> std::string {
            using T = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<T, Fixed>) return "fixed " + num(s.value);
            else if constexpr (std::is_same_v<T, Truncated>)
                return s.base->describe() + " in (" + num(s.lo) + ", " + (s.hi == kInf ? std::string("inf") : num(s.hi)) + "]";
            else if constexpr (std::is_same_v<T, LogNormal>)
                return s.from_median ? "lognormal(median " + num(std::exp(s.mu)) + ", p90 " + num(s.p90) + ")"
                                     : "lognormal(mean " + num(s.mean) + ", p90 " + num(s.p90) + ")";
            else return "histogram(" + std::to_string(s.probs.size()) + " bins, " + num(s.edges.front()) + "-" +
                        num(s.edges.back()) + ")";
        },
        shape_);
}

std::string_view context_overflow_name(ContextOverflow c) { return c == ContextOverflow::truncate ? "truncate" : "refuse"; }

std::optional<ContextOverflow> context_overflow_from_name(std::string_view name) {
    if (name == "refuse") return ContextOverflow::refuse;
    if (name == "truncate") return ContextOverflow::truncate;
    return std::nullopt;
}

std::string_view volume_unit_name(VolumeUnit u) {
    switch (u) {
        case VolumeUnit::day: return "day";
        case VolumeUnit::month: return "month";
        case VolumeUnit::year: return "year";
    }
    return "day";
}

std::optional<VolumeUnit> volume_unit_from_name(std::string_view name) {
    for (VolumeUnit u : {VolumeUnit::day, VolumeUnit::month, VolumeUnit::year})
        if (volume_unit_name(u) == name) return u;
    return std::nullopt;
}

namespace {
double days_per(VolumeUnit u) {
    switch (u) {
        case VolumeUnit::day: return 1.0;
        case VolumeUnit::month: return kDaysPerYear / 12.0;
        case VolumeUnit::year: return kDaysPerYear;
    }
    return 1.0;
}
}  // namespace

double Growth::factor(std::size_t k) const {
    if (!series.empty()) return k < series.size() ? series[k] : series.back();
    const double m = static_cast<double>(k);
    return std::pow(1 + monthly_rate, m) * std::pow(1 + yearly_rate, m / 12.0);
}

void Growth::validate(int months) const {
    const int ways = (monthly_rate != 0) + (yearly_rate != 0) + !series.empty();
    if (ways > 1) throw InputError("growth takes one of a monthly rate, a yearly rate or a series, not several");
    for (const auto& [name, r] : {std::pair{"monthly growth rate", monthly_rate}, std::pair{"yearly growth rate", yearly_rate}})
        if (!std::isfinite(r) || r <= -1)
            throw InputError(std::string(name) + " must be a finite share above -1, e.g. 0.05 for 5% (got " + num(r) + ")");
    if (series.empty()) return;
    if (series.size() < static_cast<std::size_t>(months))
        throw InputError("the growth series has " + std::to_string(series.size()) + " values but the horizon has " +
                         std::to_string(months) + " months; give one multiplier per month");
    for (std::size_t i = 0; i < series.size(); ++i)
        if (!std::isfinite(series[i]) || series[i] < 0)
            throw InputError("growth series value " + std::to_string(i + 1) + " must be a finite multiplier, zero or more (got " +
                             num(series[i]) + ")");
}

void Workload::set_volume(double requests, VolumeUnit per) {
    if (!std::isfinite(requests) || requests < 0)
        throw InputError("the request volume must be a finite number, zero or more (got " + num(requests) + ")");
    if (requests / days_per(per) > kMaxRequestsPerDay)
        throw InputError("the request volume " + num(requests) + " is above the limit of " + num(kMaxRequestsPerDay) +
                         " requests a day; check the figure and its unit");
    requests_per_day = requests / days_per(per);
    volume_unit = per;
}

double Workload::stated_volume() const { return requests_per_day * days_per(volume_unit); }

Workload::Workload() {
    hourly_profile.fill(1.0);
    weekday_profile.fill(1.0);
}

void Workload::validate() const {
    if (!std::isfinite(requests_per_day) || requests_per_day < 0)
        throw InputError("requests_per_day must be a finite number, zero or more (got " + num(requests_per_day) + ")");
    if (requests_per_day > kMaxRequestsPerDay)
        throw InputError("requests_per_day " + num(requests_per_day) + " is above the limit of " + num(kMaxRequestsPerDay) +
                         "; check the figure and its unit");
    const std::pair<const char*, double> shares[] = {{"cached_share", cached_share},
                                                     {"cache_write_share", cache_write_share},
                                                     {"cache_write_long_share", cache_write_long_share},
                                                     {"reasoning_share", reasoning_share}};
    for (const auto& [name, v] : shares)
        if (!std::isfinite(v) || v < 0 || v > 1)
            throw InputError(std::string(name) + " must be a number between 0 and 1 (got " + num(v) + ")");
    if (cached_share + cache_write_share + cache_write_long_share > 1)
        throw InputError("cached_share + cache_write_share + cache_write_long_share must not exceed 1: all are parts of the prompt");
    const std::pair<const char*, double> amounts[] = {{"web_searches_per_request", web_searches_per_request},
                                                      {"cache_storage_tokens", cache_storage_tokens}};
    for (const auto& [name, v] : amounts)
        if (!std::isfinite(v) || v < 0)
            throw InputError(std::string(name) + " must be a finite number, zero or more (got " + num(v) + ")");
    double hsum = 0, wsum = 0;
    for (double h : hourly_profile) {
        if (!std::isfinite(h) || h < 0) throw InputError("hourly_profile values must be finite numbers, zero or more");
        hsum += h;
    }
    for (double w : weekday_profile) {
        if (!std::isfinite(w) || w < 0) throw InputError("weekday_profile values must be finite numbers, zero or more");
        wsum += w;
    }
    growth.validate(0);
    if (hsum <= 0) throw InputError("hourly_profile must not be all zeros");
    if (wsum <= 0) throw InputError("weekday_profile must not be all zeros");
}

double Workload::hour_share(int h) const {
    const double sum = std::accumulate(hourly_profile.begin(), hourly_profile.end(), 0.0);
    return hourly_profile[static_cast<std::size_t>(h)] / sum;
}

double Workload::day_factor(std::chrono::weekday wd) const {
    const double sum = std::accumulate(weekday_profile.begin(), weekday_profile.end(), 0.0);
    const unsigned mon0 = wd.iso_encoding() - 1;  // the profile runs Monday to Sunday
    return weekday_profile[mon0] * 7.0 / sum;
}

}  // namespace infercost
