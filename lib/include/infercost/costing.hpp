// The cost of a workload on an API offering over a period, month by month.
#pragma once

#include "infercost/fx.hpp"
#include "infercost/pricing.hpp"
#include "infercost/workload.hpp"

#include <array>
#include <string>
#include <vector>

namespace infercost {

// A span of calendar time on the workload's clock: from `start` for `months` calendar months.
struct Period {
    Date start{};
    int months = 12;
    Date end() const;  // start + months (the day is clamped to the month's length)
};

// Expected cost of one request of the workload's shape, per meter, in the version's currency, for a
// version, service tier and time rule (nullptr: none). Integrates over the prompt-length distribution:
// context tiers make cost non-linear in the prompt size, so the mean request's cost is not the mean cost.
std::array<double, kMeterCount> expected_request_cost(const Offering& o, const PriceVersion& v, ServiceTier tier,
                                                      const TimeRule* rule, const Workload& w);

struct MonthCost {
    Date month;  // first day of the month (or of the period, for a period starting mid-month)
    double requests = 0;
    std::array<double, kMeterCount> by_meter{};  // in the report's currency
    double total = 0;
};

struct VersionUse {
    std::size_t index = 0;
    Timestamp from{};
    Currency currency{"USD"};
    std::string source;
    Date checked{};
    double request_share = 0;  // share of the period's requests priced by this version
};

struct RuleUse {
    std::string name;  // time rule name
    double request_share = 0;
};

struct CostReport {
    std::string label;
    std::string offering_id;
    ServiceTier service_tier = ServiceTier::standard;
    Currency currency{"USD"};  // reporting currency
    Period period;
    std::vector<MonthCost> months;
    double requests = 0;
    double input_tokens = 0;   // expected totals over the period
    double output_tokens = 0;
    std::array<double, kMeterCount> by_meter{};
    Money total{0.0, Currency("USD")};
    Money per_year{0.0, Currency("USD")};  // total scaled to 12 months
    std::vector<VersionUse> versions;
    std::vector<RuleUse> time_rules;
    std::vector<FxConversion> conversions;  // one per version currency that differs from the report's

    Money cost_per_request() const;
};

// Spreads the workload's requests over every minute of the period (by its hourly and weekday profiles),
// prices each minute with the version and time rule in force then, converts to `currency` with the FX
// rate in force on `fx_date`, and sums by calendar month.
CostReport cost_workload(const Offering& o, const Workload& w, const Period& period, ServiceTier tier,
                         const FxTable& fx, const Currency& currency, Date fx_date);

}  // namespace infercost
