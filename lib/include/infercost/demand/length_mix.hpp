// The length mix: a workload's input and output distributions as weighted quantile buckets with their
// conditional means, and the cached, cache-write and reasoning shares. Self-hosted capacity is evaluated per bucket.
#pragma once

#include "infercost/export.hpp"

#include "infercost/demand/workload.hpp"

#include <vector>

namespace infercost {

// A length bucket: a share of requests and the mean lengths of the requests in it.
struct INFERCOST_API LengthBucket {
    double weight = 0;
    double input_tokens = 0;   // whole prompt
    double output_tokens = 0;  // everything generated
};

// The workload's lengths as weighted buckets: input and output are independent, so each pair of an input
// bucket and an output bucket is one bucket with the product of their shares. A bucket's length is the
// conditional mean inside its quantile band, so the mix keeps the distribution's mean exactly.
struct INFERCOST_API LengthMix {
    std::vector<LengthBucket> buckets;
    double cached_share = 0;       // share of prompt tokens read from cache (prefix hits)
    double cache_write_share = 0;
    double reasoning_share = 0;
    double mean_input() const;
    double mean_output() const;
};

// Quantile bands of the length buckets: [0, 0.25), [0.25, 0.5), [0.5, 0.75), [0.75, 0.9), [0.9, 0.99), [0.99, 1).
// The narrow upper bands keep the long requests that set latency and memory from vanishing into an average.
inline constexpr double kLengthBandEdges[] = {0.0, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0};

// A distribution's share and conditional mean in each band above (a fixed length is one band of weight 1).
struct INFERCOST_API LengthBand {
    double weight = 0;
    double mean = 0;
};
INFERCOST_API std::vector<LengthBand> length_bands(const TokenDistribution& d);
INFERCOST_API LengthMix length_mix(const Workload& w);

}  // namespace infercost
