#include "infercost/logs/profile.hpp"

#include "infercost/core/error.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <cmath>
#include <numeric>
#include <utility>

namespace infercost {

namespace {

constexpr std::int64_t kDay = 86400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Weighted samples of a length per request, sorted, with the quantile the log shows at p.
struct Sample {
    std::vector<std::pair<double, double>> v;  // value, weight
    double weight = 0;
    void sort() {
        std::sort(v.begin(), v.end());
        weight = 0;
        for (const auto& [x, w] : v) weight += w;
    }
    double quantile(double p) const {
        double cum = 0;
        for (const auto& [x, w] : v) {
            cum += w;
            if (cum >= p * weight) return x;
        }
        return v.back().first;
    }
    double mean() const {
        double s = 0;
        for (const auto& [x, w] : v) s += x * w;
        return s / weight;
    }
};

// A histogram whose edges sit at the sample's quantiles, each bin holding the sample's own weight in it.
TokenDistribution fit_lengths(const Sample& s) {
    if (s.v.front().first == s.v.back().first) return TokenDistribution::fixed(s.v.front().first);
    static constexpr double kProbs[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7,
                                        0.8,  0.9,  0.95, 0.98, 0.99, 0.995, 0.999};
    std::vector<double> edges{s.v.front().first};
    for (const double p : kProbs) {
        const double q = s.quantile(p);
        if (q > edges.back()) edges.push_back(q);
    }
    const double top = s.v.back().first + 1;  // bins are [lo, hi): the largest length falls in the last one
    if (top > edges.back()) edges.push_back(top);
    std::vector<double> weights(edges.size() - 1, 0.0);
    std::size_t k = 0;
    for (const auto& [x, w] : s.v) {
        while (k + 2 < edges.size() && x >= edges[k + 1]) ++k;
        weights[k] += w;
    }
    return TokenDistribution::histogram(std::move(edges), std::move(weights));
}

LengthFit compare(const Sample& s, const TokenDistribution& d) {
    LengthFit f;
    f.observed_mean = s.mean();
    f.fitted_mean = d.mean();
    f.observed_p50 = s.quantile(0.5);
    f.observed_p90 = s.quantile(0.9);
    f.observed_p99 = s.quantile(0.99);
    f.fitted_p50 = d.quantile(0.5);
    f.fitted_p90 = d.quantile(0.9);
    f.fitted_p99 = d.quantile(0.99);
    return f;
}

}  // namespace

LogProfile profile_log(const UsageLog& log, UtcOffset clock) {
    log.validate();
    const std::size_t n = log.rows();
    if (n == 0) throw InputError("an empty log has no profile");
    LogProfile p;
    std::int64_t first = std::numeric_limits<std::int64_t>::max(), last = std::numeric_limits<std::int64_t>::min();
    std::vector<std::int64_t> local(n);
    for (std::size_t i = 0; i < n; ++i) {
        local[i] = log.unix_seconds[i] + std::int64_t{clock.minutes} * 60;
        first = std::min(first, floor_div(local[i], kDay));
        // A bucket's hours run to its end: the day of its last second is the log's last day if it is the latest.
        const std::int64_t end = log.unix_seconds_end.empty() ? local[i] : log.unix_seconds_end[i] - 1 + std::int64_t{clock.minutes} * 60;
        last = std::max(last, floor_div(end, kDay));
    }
    if (last - first >= 366 * 50) throw InputError("the log spans more than fifty years; check its timestamps");
    p.days = static_cast<int>(last - first + 1);
    p.first_day = Date(std::chrono::days(first));
    p.last_day = Date(std::chrono::days(last));
    p.hourly_requests.assign(static_cast<std::size_t>(p.days) * 24, 0.0);
    long double input = 0, cached = 0, write = 0, write_long = 0, output = 0, reasoning = 0, searches = 0;
    Sample in_len, out_len;
    in_len.v.reserve(n);
    out_len.v.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t r = log.requests.empty() ? 1 : log.requests[i];
        if (r == 0)
            throw InputError("usage row " + std::to_string(i) +
                             " does not say how many requests it holds; a profile needs the volume of every row");
        const Usage u = log.usage_at(i);
        try {
            u.validate();
        } catch (const InputError& e) {
            throw InputError("usage row " + std::to_string(i) + ": " + e.what());
        }
        const double w = static_cast<double>(r);
        const std::int64_t rel = local[i] - first * kDay;
        // A bucket longer than an hour is spread evenly over the hours it covers: the log says nothing finer.
        const std::int64_t last_hour = log.unix_seconds_end.empty() ? rel / 3600 : (rel + log.unix_seconds_end[i] - log.unix_seconds[i] - 1) / 3600;
        for (std::int64_t h = rel / 3600; h <= last_hour; ++h)
            p.hourly_requests[static_cast<std::size_t>(h)] += w / static_cast<double>(last_hour - rel / 3600 + 1);
        p.rows += 1;
        p.requests += w;
        if (r > 1) p.aggregated_requests += w;
        input += u.input.value();
        cached += u.cached_input.value();
        write += u.cache_write.value();
        write_long += u.cache_write_long.value();
        output += u.output.value();
        reasoning += u.reasoning.value();
        searches += u.web_searches;
        in_len.v.emplace_back(static_cast<double>(u.input.value()) / w, w);
        out_len.v.emplace_back(static_cast<double>(u.output.value()) / w, w);
    }
    in_len.sort();
    out_len.sort();

    Workload& wl = p.workload;
    wl.utc_offset = clock;
    wl.requests_per_day = p.requests / p.days;
    wl.input_tokens = fit_lengths(in_len);
    wl.output_tokens = fit_lengths(out_len);
    wl.cached_share = input > 0 ? static_cast<double>(cached / input) : 0.0;
    wl.cache_write_share = input > 0 ? static_cast<double>(write / input) : 0.0;
    wl.cache_write_long_share = input > 0 ? static_cast<double>(write_long / input) : 0.0;
    wl.reasoning_share = output > 0 ? static_cast<double>(reasoning / output) : 0.0;
    wl.web_searches_per_request = static_cast<double>(searches) / p.requests;
    p.input = compare(in_len, wl.input_tokens);
    p.output = compare(out_len, wl.output_tokens);

    // The shape: hour shares over the whole log, and the mean day of each weekday (Monday first).
    std::array<double, 24> hours{};
    std::array<double, 7> weekday_total{}, weekday_days{};
    std::vector<double> day_total(static_cast<std::size_t>(p.days), 0.0);
    for (std::size_t h = 0; h < p.hourly_requests.size(); ++h) {
        hours[h % 24] += p.hourly_requests[h];
        day_total[h / 24] += p.hourly_requests[h];
    }
    auto weekday_index = [&](int d) {
        return (std::chrono::weekday(p.first_day + std::chrono::days(d)).iso_encoding() + 6) % 7;  // Mon = 0
    };
    for (int d = 0; d < p.days; ++d) {
        weekday_total[weekday_index(d)] += day_total[static_cast<std::size_t>(d)];
        weekday_days[weekday_index(d)] += 1;
    }
    const double mean_day = p.requests / p.days;
    for (std::size_t k = 0; k < 7; ++k) wl.weekday_profile[k] = weekday_days[k] > 0 ? weekday_total[k] / weekday_days[k] : mean_day;
    for (std::size_t h = 0; h < 24; ++h) wl.hourly_profile[h] = hours[h];
    if (std::all_of(hours.begin(), hours.end(), [](double x) { return x == 0; })) wl.hourly_profile.fill(1.0);
    wl.validate();

    // How well the shape explains the hours.
    const double mean_hour = p.requests / static_cast<double>(p.hourly_requests.size());
    double sse = 0, sst = 0, abs_err = 0;
    for (std::size_t h = 0; h < p.hourly_requests.size(); ++h) {
        const int d = static_cast<int>(h / 24);
        const double fitted = wl.requests_per_day * wl.day_factor(std::chrono::weekday(p.first_day + std::chrono::days(d))) *
                              wl.hour_share(static_cast<int>(h % 24));
        const double e = p.hourly_requests[h] - fitted;
        sse += e * e;
        sst += (p.hourly_requests[h] - mean_hour) * (p.hourly_requests[h] - mean_hour);
        abs_err += std::abs(e);
    }
    p.shape_r2 = sst > 0 ? 1 - sse / sst : 1.0;
    p.shape_mae_share = mean_hour > 0 ? abs_err / static_cast<double>(p.hourly_requests.size()) / mean_hour : 0.0;

    // Growth: least squares of log(day / weekday factor) on the day.
    if (p.days >= 14) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0, k = 0;
        std::vector<std::pair<double, double>> pts;
        for (int d = 0; d < p.days; ++d) {
            const double f = wl.day_factor(std::chrono::weekday(p.first_day + std::chrono::days(d)));
            if (day_total[static_cast<std::size_t>(d)] <= 0 || f <= 0) continue;
            const double y = std::log(day_total[static_cast<std::size_t>(d)] / f);
            pts.emplace_back(d, y);
            sx += d; sy += y; sxx += double(d) * d; sxy += d * y; k += 1;
        }
        if (k >= 3 && k * sxx - sx * sx > 0) {
            const double slope = (k * sxy - sx * sy) / (k * sxx - sx * sx);
            const double icept = (sy - slope * sx) / k;
            double rss = 0;
            for (const auto& [x, y] : pts) rss += (y - icept - slope * x) * (y - icept - slope * x);
            const double se_slope = std::sqrt(rss / (k - 2) / (sxx - sx * sx / k));
            const double month = kDaysPerYear / 12.0;
            p.growth_per_month = std::exp(slope * month) - 1;
            p.growth_standard_error = std::exp(slope * month) * month * se_slope;
            p.growth_fitted = true;
        }
    }
    return p;
}

}  // namespace infercost
