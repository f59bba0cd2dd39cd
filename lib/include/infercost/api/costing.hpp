// The cost of a workload on an API offering over a period, month by month.
#pragma once

#include "infercost/export.hpp"

#include "infercost/demand/calendar.hpp"
#include "infercost/detail/format.hpp"
#include "infercost/core/fx.hpp"
#include "infercost/pricing/offering.hpp"
#include "infercost/demand/workload.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infercost {

// What a cost report's amounts are split by, so that the lines add up to the total for every kind of option:
// the price list's meters for an API option (in Meter order), and for a self-hosted option the GPU-hours of a
// cloud offer or the owned servers' capital, power, hosting and operations; then the scenario's terms: one-off
// costs, a negotiated discount and credits (negative amounts), and what a committed spend adds where the spend
// falls short of it.
enum class CostLine {
    input, cached_input, cache_write, cache_write_long, output, reasoning, request, web_search, cache_storage,
    gpu_hours, capital, power, hosting, operations, one_off, discount, commitment, credit
};
inline constexpr std::size_t kCostLineCount = 18;
inline constexpr std::array<CostLine, kCostLineCount> kAllCostLines = {
    CostLine::input,      CostLine::cached_input,  CostLine::cache_write, CostLine::cache_write_long,
    CostLine::output,     CostLine::reasoning,     CostLine::request,     CostLine::web_search,
    CostLine::cache_storage, CostLine::gpu_hours,  CostLine::capital,     CostLine::power,
    CostLine::hosting,    CostLine::operations,    CostLine::one_off,     CostLine::discount,
    CostLine::commitment, CostLine::credit};
INFERCOST_API std::string_view cost_line_name(CostLine c);
INFERCOST_API std::optional<CostLine> cost_line_from_name(std::string_view name);
constexpr CostLine cost_line(Meter m) { return static_cast<CostLine>(m); }
using CostLines = std::array<double, kCostLineCount>;

// Expected cost of one request of the workload's shape, per meter, in the version's currency, for a
// version, service tier and time rule (nullptr: none). Cache storage is not a cost of a request (it accrues by
// the hour); cost_workload adds it. Integrates over the prompt-length distribution:
// context tiers make cost non-linear in the prompt size, so the mean request's cost is not the mean cost.
INFERCOST_API std::array<double, kMeterCount> expected_request_cost(const Offering& o, const PriceVersion& v, ServiceTier tier,
                                                      const TimeRule* rule, const Workload& w, std::string_view scope = {});

struct INFERCOST_API MonthCost {
    Date month;  // first day of the month (or of the period, for a period starting mid-month)
    double requests = 0;
    CostLines by_meter{};  // in the report's currency; sums to total
    double total = 0;
    // How much of each meter the month used (tokens; requests and searches for the request and web-search meters;
    // token-hours for cache storage) and the GPU-hours of a self-hosted option: the quantities a FinOps export prices.
    std::array<double, kMeterCount> quantity{};
    double gpu_hours = 0;
    // What is paid in the month: the total, with one-off costs when they are paid rather than as they depreciate,
    // and owned servers bought outright (their price when bought, their book value back at the horizon's end)
    // instead of their capital charge.
    double cash = 0;
};

// What a negotiated discount applies to in a month: the price list's meters and a cloud offer's GPU-hours (not owned
// servers' costs, nor the scenario's own terms).
inline double discountable(const MonthCost& m) {
    double list = m.by_meter[static_cast<std::size_t>(CostLine::gpu_hours)];
    for (std::size_t k = 0; k < kMeterCount; ++k) list += m.by_meter[k];
    return list;
}

struct INFERCOST_API VersionUse {
    std::size_t index = 0;
    Timestamp from{};
    Currency currency{"USD"};
    std::string source;
    Date checked{};
    double request_share = 0;  // share of the period's requests priced by this version
    std::string offering;      // the offering the version belongs to (a routed option prices several)
};

struct INFERCOST_API RuleUse {
    std::string name;  // time rule name
    double request_share = 0;
};

struct INFERCOST_API CostReport {
    std::string label;
    std::string offering_id;
    // Who bills it and for what: the API provider and offering id, or the cloud provider and offer id (an owned
    // profile id, and no provider, for owned servers); the model as the provider names it.
    std::string provider;
    std::string sku;
    std::string model;
    // A hybrid or routed option's parts as costed (their lines add up to this report's, before the option's own
    // one-off costs, committed spend and credits); empty for a plain option.
    std::vector<CostReport> parts;
    ServiceTier service_tier = ServiceTier::standard;
    Currency currency{"USD"};  // reporting currency
    Period period;
    std::vector<MonthCost> months;
    double requests = 0;
    double input_tokens = 0;   // expected totals over the period
    double output_tokens = 0;
    CostLines by_meter{};  // sums to total
    Money total{0.0, Currency("USD")};
    Money per_year{0.0, Currency("USD")};  // total scaled to 12 months
    std::vector<VersionUse> versions;
    std::vector<RuleUse> time_rules;
    std::vector<FxConversion> conversions;  // one per version currency that differs from the report's
    // What a reader should know about the figures: an exchange rate older than kStaleRateDays before the FX
    // date, holidays of a time rule's calendar unknown or provisional for a year of the period, a deprecation
    // announced for the offering, a retirement after which its successor is priced.
    std::vector<std::string> notes;

    Money cost_per_request() const;
};

// An exchange rate older than this many days before the date it is used for gets a note.
inline constexpr int kStaleRateDays = 30;

// Context limits are checked on the workload's long requests: this quantile of the prompt and of the output.
inline constexpr double kContextQuantile = 0.99;
// InputError naming the limit when the workload's 99th-percentile prompt plus output exceeds the offering's context
// window (unless the workload truncates prompts to the window), or its 99th-percentile output exceeds the maximum
// output.
INFERCOST_API void check_context_limits(const Offering& o, const Workload& w);

// Takes the workload's calendar hour by hour; splits each hour where a price version starts or a time rule's
// window opens or closes (requests are spread evenly within an hour), prices each piece with the expected request
// cost of the version and rule in force, converts to `currency` at the FX rate in force on `fx_date`, and sums by
// calendar month. Refused when the offering retires inside the period or the workload's long requests exceed its
// context window (see check_context_limits).
// `scope` names a serving scope of the offering's versions (PriceVersion::scopes); empty: the default.
// With `fx_by_month`, each month converts at the rate in force on its first day instead of at `fx_date`.
INFERCOST_API CostReport cost_workload(const Offering& o, const Workload& w, const Calendar& calendar, ServiceTier tier,
                         const FxTable& fx, const Currency& currency, Date fx_date, std::string_view scope = {},
                         bool fx_by_month = false);
INFERCOST_API CostReport cost_workload(const Offering& o, const Workload& w, const Period& period, ServiceTier tier,
                         const FxTable& fx, const Currency& currency, Date fx_date, std::string_view scope = {});

// The pieces of [from, to) in which each time rule (the first that applies wins) or none (-1) is in force, as
// (seconds, rule index). Pieces end where a rule's window opens or closes or its local date changes.
struct INFERCOST_API RulePiece {
    double seconds;
    int rule;
};
INFERCOST_API void split_by_time_rules(Timestamp from, Timestamp to, const std::vector<TimeRule>& rules, std::vector<RulePiece>& out);

}  // namespace infercost
