#include "infercost/demand/calendar.hpp"

#include "infercost/core/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace infercost {

Date Period::end() const {
    using namespace std::chrono;
    const year_month_day ymd(start);
    const year_month ym = year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
    const day last = year_month_day_last(ym.year(), month_day_last(ym.month())).day();
    return sys_days(ym / std::min(ymd.day(), last));
}

int Period::days() const { return static_cast<int>((end() - start).count()); }

void Period::validate() const {
    if (months < 1 || months > kMaxPeriodMonths)
        throw InputError("a period runs from 1 to " + std::to_string(kMaxPeriodMonths) + " months (got " +
                         std::to_string(months) + ")");
}

Calendar::Calendar(const Workload& w, const Period& period) : period_(period), offset_(w.utc_offset), mix_(length_mix(w)) {
    using namespace std::chrono;
    period.validate();
    requests_per_day_ = w.requests_per_day;
    const int n = period.days();
    shape_.resize(static_cast<std::size_t>(n) * 24);
    std::array<double, 24> hour{};
    for (int h = 0; h < 24; ++h) hour[static_cast<std::size_t>(h)] = w.hour_share(h);
    for (int d = 0; d < n; ++d) {
        const Date date = period.start + std::chrono::days(d);
        const double day = w.day_factor(weekday(date));
        for (std::size_t h = 0; h < 24; ++h) shape_[static_cast<std::size_t>(d) * 24 + h] = day * hour[h];
    }
    index_months();
    w.growth.validate(period.months);
    for (std::size_t m = 0; m < months_.size(); ++m) {
        double f = w.growth.factor(m);
        const Month& mo = months_[m];
        if (w.volume_unit != VolumeUnit::day) {
            // A volume per month or year: the month carries an average month's requests (a part month its share by
            // days), whatever its weekdays, so it ties to a budget line.
            double unit = 0;
            for (std::size_t i = mo.first_hour; i < mo.end_hour; ++i) unit += shape_[i];
            const year_month_day ymd(mo.first);
            const double month_days = static_cast<double>(unsigned(year_month_day_last(ymd.year(), month_day_last(ymd.month())).day()));
            const double span = static_cast<double>(mo.end_hour - mo.first_hour) / 24.0;
            f *= unit > 0 ? kDaysPerYear / 12.0 * span / month_days / unit : 0.0;
        }
        if (f != 1.0)
            for (std::size_t i = mo.first_hour; i < mo.end_hour; ++i) shape_[i] *= f;
    }
}

Calendar::Calendar(const Workload& w, Date first_day, const std::vector<double>& hourly)
    : offset_(w.utc_offset), mix_(length_mix(w)) {
    using namespace std::chrono;
    if (hourly.empty() || hourly.size() % 24 != 0)
        throw InputError("observed hours come in whole days (a multiple of 24), not " + std::to_string(hourly.size()));
    const int n = static_cast<int>(hourly.size() / 24);
    const Date last = first_day + std::chrono::days(n - 1);
    const year_month_day a(first_day), b(last);
    period_ = Period{first_day, (int(b.year()) - int(a.year())) * 12 + int(unsigned(b.month())) - int(unsigned(a.month())) + 1};
    period_.validate();
    double total = 0;
    for (const double x : hourly) {
        if (!(x >= 0) || !std::isfinite(x)) throw InputError("observed requests per hour must be finite and not negative");
        total += x;
    }
    requests_per_day_ = total / n;
    shape_.resize(hourly.size());
    for (std::size_t i = 0; i < hourly.size(); ++i) shape_[i] = requests_per_day_ > 0 ? hourly[i] / requests_per_day_ : 0.0;
    index_months();
}

void Calendar::index_months() {
    months_.clear();
    for (std::size_t d = 0; d < shape_.size() / 24; ++d) {
        const Date date = period_.start + std::chrono::days(static_cast<int>(d));
        if (months_.empty() || std::chrono::year_month_day(date).day() == std::chrono::day(1))
            months_.push_back(Month{date, d * 24, 0});
    }
    for (std::size_t m = 0; m < months_.size(); ++m)
        months_[m].end_hour = m + 1 < months_.size() ? months_[m + 1].first_hour : shape_.size();
}

double Calendar::total_requests() const {
    return std::accumulate(shape_.begin(), shape_.end(), 0.0) * requests_per_day_;
}

Calendar Calendar::part(const std::vector<double>& share) const {
    if (share.size() != shape_.size())
        throw InputError("a part of a calendar needs one share per hour (" + std::to_string(shape_.size()) + "), got " +
                         std::to_string(share.size()));
    Calendar c = *this;
    for (std::size_t i = 0; i < shape_.size(); ++i) {
        if (!(share[i] >= 0 && share[i] <= 1 + 1e-12)) throw InputError("a share of an hour's requests must be between 0 and 1");
        c.shape_[i] *= std::min(share[i], 1.0);
    }
    return c;
}

Timestamp Calendar::start(std::size_t i) const {
    return start_of_day(date(i), offset_) + std::chrono::hours(hour(i));
}

}  // namespace infercost
