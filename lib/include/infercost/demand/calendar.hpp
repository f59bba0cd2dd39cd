// Demand: what both cost paths consume. A workload becomes a calendar (requests per local date and hour over a
// period) and a length mix (weighted buckets of request lengths, demand/length_mix.hpp). API costing walks the calendar's hours with the
// exact tier integral over the length distributions; self-hosted capacity walks the same hours with throughput per
// length bucket. One workload is never costed at two fidelities.
#pragma once

#include "infercost/export.hpp"

#include "infercost/core/time.hpp"
#include "infercost/demand/length_mix.hpp"
#include "infercost/demand/workload.hpp"

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

// Requests per local hour over a period, on the workload's clock. The shape (requests per hour for one request a
// day of volume) is kept apart from the volume, so a zero-volume workload still has a shape and plans at another
// volume reuse it.
class INFERCOST_API Calendar {
public:
    Calendar() = default;  // no hours
    // Every local hour from the period's first day to the day before its end. InputError for an empty period.
    Calendar(const Workload& w, const Period& period);
    // The hours a log observed: `hourly_requests[i]` requests in local hour i from `first_day` 00:00, whole days,
    // with the workload's lengths and clock (logs/profile.hpp). The period is the calendar months the days touch.
    Calendar(const Workload& w, Date first_day, const std::vector<double>& hourly_requests);

    const Period& period() const { return period_; }
    // The length mix of the workload the calendar was made from, and its mean lengths.
    const LengthMix& mix() const { return mix_; }
    UtcOffset utc_offset() const { return offset_; }
    double requests_per_day() const { return requests_per_day_; }
    std::size_t hours() const { return shape_.size(); }
    int days() const { return static_cast<int>(shape_.size() / 24); }
    // Requests in hour i for one request a day of volume, with the workload's growth and, for a volume stated per
    // month or year, each month scaled to an average month (kDaysPerYear / 12 days' worth).
    double shape(std::size_t i) const { return shape_[i]; }
    double requests(std::size_t i) const { return shape_[i] * requests_per_day_; }
    double total_requests() const;
    // The local date and hour of cell i, and its first instant (UTC).
    Date date(std::size_t i) const { return period_.start + std::chrono::days(static_cast<int>(i / 24)); }
    int hour(std::size_t i) const { return static_cast<int>(i % 24); }
    Timestamp start(std::size_t i) const;

    // The same calendar carrying share[i] of hour i's requests (one share per hour, each 0 to 1): the part of the
    // demand a route or an overflow takes. InputError for a share vector of the wrong size or out of range.
    Calendar part(const std::vector<double>& share) const;

    // Calendar months of the period: the first cell of each and its first day (the period's start for the first).
    struct Month {
        Date first;
        std::size_t first_hour;
        std::size_t end_hour;  // one past the last
    };
    const std::vector<Month>& months() const { return months_; }

private:
    void index_months();  // months_ from period_.start over the hours of shape_

    Period period_{};
    UtcOffset offset_{};
    double requests_per_day_ = 0;
    std::vector<double> shape_;
    std::vector<Month> months_;
    LengthMix mix_;
};

}  // namespace infercost
