// Finance outputs of a comparison over time: savings against the baseline month by month, payback, NPV and IRR.
#pragma once

#include "infercost/export.hpp"

#include "infercost/scenario/comparison.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace infercost {

// Cash flows are monthly, month 0 first, each dated on its month's first day: the first is not discounted, month m
// is discounted by (1 + yearly_rate)^(m / 12).
INFERCOST_API double npv(double yearly_rate, const std::vector<double>& monthly_flows);
// The yearly rate at which the flows' NPV is zero. Empty unless the flows change sign exactly once (then the rate is
// unique): an IRR is meaningful for an outlay followed by returns (or the reverse), not for every stream.
INFERCOST_API std::optional<double> irr(const std::vector<double>& monthly_flows);
// The first month from which the cumulated flows stay at zero or above through the last month; empty when they end
// below zero.
INFERCOST_API std::optional<std::size_t> payback_month(const std::vector<double>& monthly_flows);

// Option i against the comparison's baseline, month by month, in the reporting currency.
struct INFERCOST_API Savings {
    std::string option;
    std::string baseline;
    std::vector<Date> months;
    std::vector<double> saving;       // cost view: the baseline's cost minus the option's
    std::vector<double> cash_saving;  // cash view: what the baseline pays minus what the option pays
    std::vector<double> cumulative;   // of the cash saving
    double total = 0;                 // saving over the horizon (cost view)
    double cash_total = 0;
    std::optional<std::size_t> payback;  // index into months (cash view)
    std::optional<double> npv;           // of the cash savings at the settings' discount rate, when it states one
    std::optional<double> irr;           // yearly, of the cash savings
};
INFERCOST_API Savings savings(const Comparison& c, std::size_t option);

}  // namespace infercost
