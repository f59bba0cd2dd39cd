#include "infercost/demand/length_mix.hpp"

#include "infercost/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace infercost {

double LengthMix::mean_input() const {
    double s = 0;
    for (const auto& b : buckets) s += b.weight * b.input_tokens;
    return s;
}

double LengthMix::mean_output() const {
    double s = 0;
    for (const auto& b : buckets) s += b.weight * b.output_tokens;
    return s;
}

std::vector<LengthBand> length_bands(const TokenDistribution& d) {
    if (const auto* f = std::get_if<TokenDistribution::Fixed>(&d.shape())) return {LengthBand{1.0, f->value}};
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<LengthBand> out;
    const std::size_t n = std::size(kLengthBandEdges) - 1;
    for (std::size_t k = 0; k < n; ++k) {
        const double qa = kLengthBandEdges[k], qb = kLengthBandEdges[k + 1];
        const double a = qa > 0 ? d.quantile(qa) : -1.0;
        const double b = qb < 1 ? d.quantile(qb) : inf;
        // Shares from the distribution itself (a histogram may put no mass between two quantiles).
        const double weight = (qa > 0 ? d.prob_above(a) : 1.0) - (qb < 1 ? d.prob_above(b) : 0.0);
        if (!(weight > 0)) continue;
        out.push_back(LengthBand{weight, d.partial_mean(a, b) / weight});
    }
    return out;
}

LengthMix length_mix(const Workload& w) {
    w.validate();
    LengthMix m;
    m.cached_share = w.cached_share;
    m.cache_write_share = w.cache_write_share;
    m.reasoning_share = w.reasoning_share;
    const auto in = length_bands(w.input_tokens), out = length_bands(w.output_tokens);
    for (const auto& i : in)
        for (const auto& o : out) m.buckets.push_back(LengthBucket{i.weight * o.weight, i.mean, o.mean});
    return m;
}

}  // namespace infercost
