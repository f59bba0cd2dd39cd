// Workloads: how many requests, of what shape, at which hours.
#pragma once

#include "infercost/export.hpp"

#include "infercost/core/time.hpp"

#include <array>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace infercost {

// A distribution of token counts per request. Costs are non-linear in the prompt size (context tiers),
// so costing integrates over the distribution instead of pricing the mean request.
class INFERCOST_API TokenDistribution {
public:
    static TokenDistribution fixed(double tokens);
    // Lognormal given its mean and 90th percentile. For a lognormal p90/mean can be at most
    // exp(z90^2 / 2) ~ 2.27; heavier tails are written with median and p90 or as a histogram.
    static TokenDistribution lognormal_mean_p90(double mean, double p90);
    static TokenDistribution lognormal_median_p90(double median, double p90);
    // Bins [edges[i], edges[i+1]) holding weights[i]; uniform within a bin.
    static TokenDistribution histogram(std::vector<double> edges, std::vector<double> weights);
    // This distribution given lo < X <= hi (hi may be +infinity): the requests a route by prompt length takes.
    // InputError when the range holds no probability.
    TokenDistribution truncated(double lo, double hi) const;
    // The token counts of the same text on a tokenizer that writes `k` tokens for each of this one's (k > 0).
    TokenDistribution scaled(double k) const;
    // P(lo < X <= hi).
    double prob_between(double lo, double hi) const { return prob_above(lo) - prob_above(hi); }

    double mean() const;
    // P(X > x).
    double prob_above(double x) const;
    // E[X * 1{a < X <= b}]; b may be +infinity.
    double partial_mean(double a, double b) const;
    // E[min(X, c)].
    double limited_mean(double c) const;
    // Quantile (inverse CDF) at probability p in (0, 1).
    double quantile(double p) const;

    std::string describe() const;  // e.g. "lognormal(mean 3000, p90 6000)"

    struct Fixed { double value; };
    struct LogNormal { double mu; double sigma; double mean; double p90; bool from_median; };
    struct Histogram { std::vector<double> edges; std::vector<double> probs; };
    struct Truncated { std::shared_ptr<const TokenDistribution> base; double lo; double hi; double mass; };
    using Shape = std::variant<Fixed, LogNormal, Histogram, Truncated>;
    const Shape& shape() const noexcept { return shape_; }

private:
    explicit TokenDistribution(Shape s) : shape_(std::move(s)) {}
    Shape shape_;
};

// What happens to a prompt that does not fit in an offering's context window beside its output.
enum class ContextOverflow {
    refuse,    // the workload is refused: its long requests would fail at the provider
    truncate,  // prompts are cut to the window (less the 99th-percentile output) and billed as cut
};
INFERCOST_API std::string_view context_overflow_name(ContextOverflow c);
INFERCOST_API std::optional<ContextOverflow> context_overflow_from_name(std::string_view name);

// How a workload's volume was stated: requests per day (averaged over the week), per calendar month (each month
// carries exactly that many, a part month its share by days) or per year (a twelfth of it per month).
enum class VolumeUnit { day, month, year };
INFERCOST_API std::string_view volume_unit_name(VolumeUnit u);
INFERCOST_API std::optional<VolumeUnit> volume_unit_from_name(std::string_view name);
inline constexpr double kDaysPerYear = 365.25;

// How the volume grows over a horizon, month by month from its first calendar month (month 0 carries the stated
// volume): a compound monthly rate, a compound yearly rate (applied pro rata each month), or a multiplier per month.
struct INFERCOST_API Growth {
    double monthly_rate = 0;
    double yearly_rate = 0;
    std::vector<double> series;  // one multiplier per month of the horizon, the first for month 0
    bool none() const { return monthly_rate == 0 && yearly_rate == 0 && series.empty(); }
    // The volume multiplier of month k (0-based).
    double factor(std::size_t k) const;
    // InputError for more than one way at once, a rate of -100% or less, a series shorter than `months` or with a
    // negative or non-finite entry.
    void validate(int months) const;
};

// A workload: a volume, a request shape and when the requests arrive.
struct INFERCOST_API Workload {
    // Average requests a day over the week; with a volume stated per month or year (set_volume), the average day
    // at that volume (kDaysPerYear days a year).
    double requests_per_day = 0;
    VolumeUnit volume_unit = VolumeUnit::day;
    Growth growth;  // over a horizon; none: the same volume every month
    TokenDistribution input_tokens = TokenDistribution::fixed(0);   // whole prompt
    TokenDistribution output_tokens = TokenDistribution::fixed(0);  // everything generated
    double cached_share = 0;       // share of prompt tokens read from cache
    double cache_write_share = 0;  // share of prompt tokens written to cache (the default retention)
    double cache_write_long_share = 0;  // share of prompt tokens written to cache with the longer retention
    double reasoning_share = 0;    // share of output tokens that are reasoning
    double web_searches_per_request = 0;  // web search or fetch calls per request, on average
    double cache_storage_tokens = 0;  // prompt tokens kept in a paid cache around the clock, on average
    UtcOffset utc_offset;          // the clock of the profiles below
    std::array<double, 24> hourly_profile;   // relative load per local hour (any scale)
    std::array<double, 7> weekday_profile;   // relative load Mon..Sun (any scale)
    ContextOverflow context_overflow = ContextOverflow::refuse;

    Workload();
    // Sets the volume as `requests` per day, per calendar month or per year.
    void set_volume(double requests, VolumeUnit per);
    // The volume in the unit it was stated in (requests per day, month or year).
    double stated_volume() const;
    // Throws InputError naming the field and what to fix (negative or NaN values, shares above 1...).
    void validate() const;
    // Share of a day's requests arriving in local hour h (sums to 1 over the day).
    double hour_share(int h) const;
    // A day with this weekday carries day_factor(wd) days' worth of the average day's requests (a week sums to 7).
    double day_factor(std::chrono::weekday wd) const;
    // Requests on a local day with this weekday, so that a week averages requests_per_day.
    double requests_on(std::chrono::weekday wd) const { return requests_per_day * day_factor(wd); }
};

}  // namespace infercost
