// Demand: what both cost paths consume. A workload becomes a calendar (requests per local date and hour over a
// period) and a length mix (weighted buckets of request lengths). API costing walks the calendar's hours with the
// exact tier integral over the length distributions; self-hosted capacity walks the same hours with throughput per
// length bucket. One workload is never costed at two fidelities.
#pragma once

#include "infercost/export.hpp"

#include "infercost/time.hpp"
#include "infercost/workload.hpp"

#include <cstddef>
#include <vector>

namespace infercost {

// A span of calendar time on the workload's clock: from `start` for `months` calendar months.
inline constexpr int kMaxPeriodMonths = 600;  // fifty years: beyond it a horizon is a typo, not a plan

struct INFERCOST_API Period {
    Date start{};
    int months = 12;
    Date end() const;  // start + months (the day is clamped to the month's length)
    int days() const;
    // InputError unless 1 <= months <= kMaxPeriodMonths.
    void validate() const;
};

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

// Requests per local hour over a period, on the workload's clock. The shape (requests per hour for one request a
// day of volume) is kept apart from the volume, so a zero-volume workload still has a shape and plans at another
// volume reuse it.
class INFERCOST_API Calendar {
public:
    Calendar() = default;  // no hours
    // Every local hour from the period's first day to the day before its end. InputError for an empty period.
    Calendar(const Workload& w, const Period& period);

    const Period& period() const { return period_; }
    // The length mix of the workload the calendar was made from, and its mean lengths.
    const LengthMix& mix() const { return mix_; }
    UtcOffset utc_offset() const { return offset_; }
    double requests_per_day() const { return requests_per_day_; }
    std::size_t hours() const { return shape_.size(); }
    int days() const { return static_cast<int>(shape_.size() / 24); }
    // Requests in hour i for one request a day of volume.
    double shape(std::size_t i) const { return shape_[i]; }
    double requests(std::size_t i) const { return shape_[i] * requests_per_day_; }
    double total_requests() const;
    // The local date and hour of cell i, and its first instant (UTC).
    Date date(std::size_t i) const { return period_.start + std::chrono::days(static_cast<int>(i / 24)); }
    int hour(std::size_t i) const { return static_cast<int>(i % 24); }
    Timestamp start(std::size_t i) const;

    // Calendar months of the period: the first cell of each and its first day (the period's start for the first).
    struct Month {
        Date first;
        std::size_t first_hour;
        std::size_t end_hour;  // one past the last
    };
    const std::vector<Month>& months() const { return months_; }

private:
    Period period_{};
    UtcOffset offset_{};
    double requests_per_day_ = 0;
    std::vector<double> shape_;
    std::vector<Month> months_;
    LengthMix mix_;
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
