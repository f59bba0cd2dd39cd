// What we do not know: the distributions of a scenario's uncertain inputs, and how they move together.
// These are distinct from a workload's token-length distributions, which describe how requests vary inside the
// traffic; an uncertain input is one number (the cache-hit share, next year's growth) whose value is not known.
#pragma once

#include "infercost/export.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace infercost {

// Draws are taken at probabilities between this and 1 minus this: an unbounded distribution is cut at about six
// standard deviations, so a stated range can be checked against every value a run can draw.
inline constexpr double kTailProbability = 1e-9;

class INFERCOST_API Distribution {
public:
    enum class Kind { fixed, uniform, triangular, normal, lognormal, pert, empirical };

    // Each factory throws InputError saying what to fix: a high below the low, a mode outside the range, a negative
    // scale, a p90 at or below the median, an empty or non-finite sample.
    static Distribution fixed(double value);
    static Distribution uniform(double low, double high);
    static Distribution triangular(double low, double mode, double high);
    static Distribution normal(double mean, double sd);
    static Distribution lognormal_median_p90(double median, double p90);
    // p90 / mean can be at most exp(z90^2 / 2) ~ 2.27 for a lognormal; heavier tails are stated by median and p90.
    static Distribution lognormal_mean_p90(double mean, double p90);
    // PERT: a beta distribution on [low, high] with its mode at `mode` and shape weight 4 (the classic PERT).
    static Distribution pert(double low, double mode, double high);
    // An empirical sample: draws interpolate its order statistics (numpy's default quantile rule).
    static Distribution empirical(std::vector<double> values);

    Kind kind() const noexcept { return kind_; }
    // The value at probability u in (0, 1).
    double quantile(double u) const;
    // The value at standard normal score z: quantile(Phi(z)), without the round trip for a normal or a lognormal.
    // The score is held to the draw range (|z| at most the score of kTailProbability).
    double at_score(double z) const;
    double median() const { return quantile(0.5); }
    double mean() const;
    // The smallest and largest values a run can draw (quantiles at kTailProbability and 1 - kTailProbability).
    double lowest() const { return quantile(kTailProbability); }
    double highest() const { return quantile(1 - kTailProbability); }
    // The stated parameters in the order of the factory (empirical: the sorted sample).
    const std::vector<double>& parameters() const noexcept { return params_; }
    std::string describe() const;  // "triangular(low 0.1, mode 0.3, high 0.5)"

private:
    Distribution(Kind k, std::vector<double> params) : kind_(k), params_(std::move(params)) {}
    void build_pert_table();
    Kind kind_ = Kind::fixed;
    std::vector<double> params_;
    double mu_ = 0, sigma_ = 0;   // lognormal
    std::vector<double> table_;   // PERT: the quantile at the nodes of a Chebyshev grid on (0, 1)
};

INFERCOST_API std::string_view distribution_kind_name(Distribution::Kind k);

// The standard normal quantile and distribution function (full double precision).
INFERCOST_API double normal_quantile(double u);
// The normal quantile to a relative error below 1.2e-9 (Acklam's approximation without its refinement step), which
// is what a draw needs, at a fraction of the cost.
INFERCOST_API double normal_quantile_fast(double u);
INFERCOST_API double normal_cdf(double z);

// One uncertain input of a scenario: the path of the scalar it stands for (docs/uncertainty.md lists them) and
// what is known of its value.
struct INFERCOST_API UncertainInput {
    std::string path;
    Distribution distribution = Distribution::fixed(0);
};

// The uncertain inputs and their rank correlations (Spearman), as a full symmetric matrix over `inputs`, row-major;
// empty: independent.
struct INFERCOST_API Uncertainty {
    std::vector<UncertainInput> inputs;
    std::vector<double> rank_correlation;
    bool empty() const { return inputs.empty(); }
    // InputError for two inputs with one path, or a matrix of the wrong size, not symmetric, without a unit diagonal,
    // with an entry outside -1..1, or not positive semi-definite (with its smallest eigenvalue).
    void validate() const;
};

}  // namespace infercost
