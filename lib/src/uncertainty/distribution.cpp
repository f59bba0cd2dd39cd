#include "infercost/uncertainty/distribution.hpp"

#include "infercost/core/error.hpp"
#include "infercost/demand/workload.hpp"
#include "infercost/detail/format.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

namespace infercost {

namespace {

std::string num(double v) { return format_number(v, 6); }

void require_finite(double v, const char* what) {
    if (!std::isfinite(v)) throw InputError(std::string(what) + " must be a finite number");
}

void require_range(double low, double high, const char* kind) {
    require_finite(low, "low");
    require_finite(high, "high");
    if (!(high > low))
        throw InputError(std::string(kind) + " high (" + num(high) + ") must be above its low (" + num(low) +
                         "); for a known value use `fixed`");
}

void require_mode(double low, double mode, double high, const char* kind) {
    require_range(low, high, kind);
    require_finite(mode, "mode");
    if (mode < low || mode > high)
        throw InputError(std::string(kind) + " mode (" + num(mode) + ") must lie between its low (" + num(low) +
                         ") and high (" + num(high) + ")");
}

// Regularised incomplete beta function I_x(a, b), by its continued fraction (modified Lentz), for PERT's table.
double beta_fraction(double a, double b, double x) {
    constexpr double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    d = 1 / (std::abs(d) < tiny ? tiny : d);
    double f = d;
    for (int m = 1; m <= 500; ++m) {
        const double dm = m;
        const double even = dm * (b - dm) * x / ((a + 2 * dm - 1) * (a + 2 * dm));
        for (double coef : {even, -(a + dm) * (a + b + dm) * x / ((a + 2 * dm) * (a + 2 * dm + 1))}) {
            d = 1 + coef * d;
            d = 1 / (std::abs(d) < tiny ? tiny : d);
            c = 1 + coef / c;
            if (std::abs(c) < tiny) c = tiny;
            f *= c * d;
            if (coef != even && std::abs(c * d - 1) < 1e-16) return f;
        }
    }
    return f;
}

double incomplete_beta(double a, double b, double x) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
    if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * beta_fraction(a, b, x) / a;
    return 1 - std::exp(log_front) * beta_fraction(b, a, 1 - x) / b;
}

double beta_density(double a, double b, double x) {
    if (x <= 0 || x >= 1) return 0;
    return std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + (a - 1) * std::log(x) + (b - 1) * std::log1p(-x));
}

// The x in [0, 1] with I_x(a, b) = u: Newton steps kept inside a shrinking bracket, bisection where they leave it.
double beta_quantile(double a, double b, double u) {
    double lo = 0, hi = 1, x = a / (a + b);
    for (int i = 0; i < 200; ++i) {
        const double f = incomplete_beta(a, b, x) - u;
        if (f < 0) lo = x; else hi = x;
        const double p = beta_density(a, b, x);
        double next = p > 0 ? x - f / p : (lo + hi) / 2;
        if (!(next > lo && next < hi)) next = (lo + hi) / 2;
        if (std::abs(next - x) < 1e-15 || hi - lo < 1e-15) return next;
        x = next;
    }
    return x;
}

// PERT's quantile is tabulated at kPertNodes + 1 nodes equally spaced in t = acos(1 - 2u) / pi, which crowds them
// into both tails, and interpolated linearly in t.
constexpr int kPertNodes = 16384;
constexpr std::size_t kPertExactNodes = 256;
double pert_alpha(const std::vector<double>& p) { return 1 + 4 * (p[1] - p[0]) / (p[2] - p[0]); }
double pert_beta(const std::vector<double>& p) { return 1 + 4 * (p[2] - p[1]) / (p[2] - p[0]); }

}  // namespace

std::string_view distribution_kind_name(Distribution::Kind k) {
    switch (k) {
        case Distribution::Kind::fixed: return "fixed";
        case Distribution::Kind::uniform: return "uniform";
        case Distribution::Kind::triangular: return "triangular";
        case Distribution::Kind::normal: return "normal";
        case Distribution::Kind::lognormal: return "lognormal";
        case Distribution::Kind::pert: return "pert";
        case Distribution::Kind::empirical: return "empirical";
    }
    return "?";
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

// Acklam's rational approximation (relative error 1.15e-9).
double normal_quantile_fast(double u) {
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                   1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                   6.680131188771972e+01,  -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                   -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                   3.754408661907416e+00};
    constexpr double low = 0.02425;
    double x;
    if (u < low || u > 1 - low) {
        const double q = std::sqrt(-2 * std::log(u < low ? u : 1 - u));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        if (u > 1 - low) x = -x;
    } else {
        const double q = u - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    return x;
}

// The approximation, then one Halley step on the exact distribution function, which brings it to full precision.
double normal_quantile(double u) {
    if (!(u > 0 && u < 1)) throw InputError("a normal quantile needs a probability strictly between 0 and 1, not " + num(u));
    const double x = normal_quantile_fast(u);
    // Halley: e = F(x) - u, computed on the side of the median where it loses no digits.
    const double e = u < 0.5 ? normal_cdf(x) - u : (1 - u) - 0.5 * std::erfc(x / std::numbers::sqrt2);
    const double g = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
    return x - g / (1 + x * g / 2);
}

double Distribution::at_score(double z) const {
    static const double limit = -normal_quantile(kTailProbability);
    z = std::clamp(z, -limit, limit);
    switch (kind_) {
        case Kind::fixed: return params_[0];
        case Kind::normal: return params_[0] + params_[1] * z;
        case Kind::lognormal: return std::exp(mu_ + sigma_ * z);
        default: return quantile(std::clamp(normal_cdf(z), kTailProbability, 1 - kTailProbability));
    }
}

Distribution Distribution::fixed(double value) {
    require_finite(value, "a fixed value");
    return Distribution(Kind::fixed, {value});
}

Distribution Distribution::uniform(double low, double high) {
    require_range(low, high, "uniform");
    return Distribution(Kind::uniform, {low, high});
}

Distribution Distribution::triangular(double low, double mode, double high) {
    require_mode(low, mode, high, "triangular");
    return Distribution(Kind::triangular, {low, mode, high});
}

Distribution Distribution::normal(double mean, double sd) {
    require_finite(mean, "normal mean");
    require_finite(sd, "normal sd");
    if (sd < 0) throw InputError("normal sd (" + num(sd) + ") is a scale and cannot be negative");
    if (sd == 0) throw InputError("normal sd is 0; for a known value use `fixed`");
    return Distribution(Kind::normal, {mean, sd});
}

Distribution Distribution::lognormal_median_p90(double median, double p90) {
    const auto t = TokenDistribution::lognormal_median_p90(median, p90);
    const auto& ln = std::get<TokenDistribution::LogNormal>(t.shape());
    Distribution d(Kind::lognormal, {median, p90});
    d.mu_ = ln.mu;
    d.sigma_ = ln.sigma;
    return d;
}

Distribution Distribution::lognormal_mean_p90(double mean, double p90) {
    const auto t = TokenDistribution::lognormal_mean_p90(mean, p90);
    const auto& ln = std::get<TokenDistribution::LogNormal>(t.shape());
    // Kept as median and p90, the parameters every lognormal has.
    Distribution d(Kind::lognormal, {std::exp(ln.mu), p90});
    d.mu_ = ln.mu;
    d.sigma_ = ln.sigma;
    return d;
}

Distribution Distribution::pert(double low, double mode, double high) {
    require_mode(low, mode, high, "pert");
    Distribution d(Kind::pert, {low, mode, high});
    d.build_pert_table();
    return d;
}

Distribution Distribution::empirical(std::vector<double> values) {
    if (values.empty()) throw InputError("an empirical distribution needs at least one value");
    for (double v : values) require_finite(v, "every empirical value");
    std::sort(values.begin(), values.end());
    return Distribution(Kind::empirical, std::move(values));
}

void Distribution::build_pert_table() {
    const double low = params_[0], high = params_[2];
    const double alpha = pert_alpha(params_), beta = pert_beta(params_);
    table_.resize(kPertNodes + 1);
    table_.front() = low;
    table_.back() = high;
    for (int i = 1; i < kPertNodes; ++i) {
        const double u = (1 - std::cos(std::numbers::pi * i / kPertNodes)) / 2;
        table_[static_cast<std::size_t>(i)] = low + (high - low) * beta_quantile(alpha, beta, u);
    }
}

double Distribution::quantile(double u) const {
    const auto& p = params_;
    switch (kind_) {
        case Kind::fixed: return p[0];
        case Kind::uniform: return p[0] + u * (p[1] - p[0]);
        case Kind::triangular: {
            const double low = p[0], mode = p[1], high = p[2], split = (mode - low) / (high - low);
            return u < split ? low + std::sqrt(u * (high - low) * (mode - low))
                             : high - std::sqrt((1 - u) * (high - low) * (high - mode));
        }
        case Kind::normal: return p[0] + p[1] * normal_quantile(u);
        case Kind::lognormal: return std::exp(mu_ + sigma_ * normal_quantile(u));
        case Kind::pert: {
            const double t = std::acos(1 - 2 * u) / std::numbers::pi * kPertNodes;
            const auto i = std::min<std::size_t>(static_cast<std::size_t>(t), kPertNodes - 1);
            // In the outer nodes (the 0.1% of draws in the tails) the quantile bends too fast for a straight line:
            // solve there.
            if (i < kPertExactNodes || i >= kPertNodes - kPertExactNodes)
                return p[0] + (p[2] - p[0]) * beta_quantile(pert_alpha(p), pert_beta(p), u);
            const double f = t - static_cast<double>(i);
            return table_[i] + f * (table_[i + 1] - table_[i]);
        }
        case Kind::empirical: {
            const double h = u * static_cast<double>(p.size() - 1);
            const auto i = std::min(static_cast<std::size_t>(h), p.size() - 1);
            return i + 1 < p.size() ? p[i] + (h - static_cast<double>(i)) * (p[i + 1] - p[i]) : p[i];
        }
    }
    return p[0];
}

double Distribution::mean() const {
    const auto& p = params_;
    switch (kind_) {
        case Kind::fixed: return p[0];
        case Kind::uniform: return (p[0] + p[1]) / 2;
        case Kind::triangular: return (p[0] + p[1] + p[2]) / 3;
        case Kind::normal: return p[0];
        case Kind::lognormal: return std::exp(mu_ + sigma_ * sigma_ / 2);
        case Kind::pert: return (p[0] + 4 * p[1] + p[2]) / 6;
        case Kind::empirical: {
            double s = 0;
            for (double v : p) s += v;
            return s / static_cast<double>(p.size());
        }
    }
    return p[0];
}

std::string Distribution::describe() const {
    const auto& p = params_;
    switch (kind_) {
        case Kind::fixed: return "fixed(" + num(p[0]) + ")";
        case Kind::uniform: return "uniform(low " + num(p[0]) + ", high " + num(p[1]) + ")";
        case Kind::triangular: return "triangular(low " + num(p[0]) + ", mode " + num(p[1]) + ", high " + num(p[2]) + ")";
        case Kind::normal: return "normal(mean " + num(p[0]) + ", sd " + num(p[1]) + ")";
        case Kind::lognormal: return "lognormal(median " + num(p[0]) + ", p90 " + num(p[1]) + ")";
        case Kind::pert: return "pert(low " + num(p[0]) + ", mode " + num(p[1]) + ", high " + num(p[2]) + ")";
        case Kind::empirical:
            return "empirical(" + std::to_string(p.size()) + " values, " + num(p.front()) + " to " + num(p.back()) + ")";
    }
    return "?";
}

void Uncertainty::validate() const {
    std::set<std::string> seen;
    for (const auto& in : inputs)
        if (!seen.insert(in.path).second) throw InputError("uncertain input '" + in.path + "' is stated twice");
    if (rank_correlation.empty()) return;
    const std::size_t k = inputs.size();
    if (rank_correlation.size() != k * k)
        throw InputError("the rank-correlation matrix must be " + std::to_string(k) + " x " + std::to_string(k) +
                         " (one row and column per uncertain input)");
    Eigen::MatrixXd m(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k));
    for (std::size_t i = 0; i < k; ++i)
        for (std::size_t j = 0; j < k; ++j) {
            const double r = rank_correlation[i * k + j];
            const std::string pair = "'" + inputs[i].path + "' and '" + inputs[j].path + "'";
            if (!std::isfinite(r) || r < -1 || r > 1)
                throw InputError("the rank correlation of " + pair + " (" + num(r) + ") must lie between -1 and 1");
            if (i == j && r != 1) throw InputError("the rank correlation of '" + inputs[i].path + "' with itself must be 1");
            if (r != rank_correlation[j * k + i]) throw InputError("the rank correlation of " + pair + " is not symmetric");
            m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = r;
        }
    const double smallest = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(m, Eigen::EigenvaluesOnly).eigenvalues().minCoeff();
    if (smallest < -1e-10)
        throw InputError("the rank correlations are not consistent (the matrix is not positive semi-definite: its smallest "
                         "eigenvalue is " + num(smallest) + "); loosen the strongest correlations");
}

}  // namespace infercost
