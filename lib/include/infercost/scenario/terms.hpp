// What a scenario adds to the price lists over its horizon: one-off costs, an assumed price trend, and the terms
// negotiated with a provider (a discount, a committed spend, credits).
#pragma once

#include "infercost/export.hpp"

#include "infercost/core/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace infercost {

// A cost outside the price lists on one option: migration work, hardware bought, a contract fee.
struct INFERCOST_API OneOff {
    std::string label;
    Date date{};        // when it is paid; it falls in the month holding this date
    double amount = 0;  // in the reporting currency
    // 0: expensed in its month; else depreciated straight-line over this many months from it (the cost view
    // spreads it, the cash view pays it at `date`; months past the horizon are not counted).
    int depreciation_months = 0;
    // InputError naming the field for an empty label, a negative or non-finite amount, or a negative life.
    void validate() const;
};

// A minimum spend per block of `months` consecutive months from the horizon's start, in the reporting currency:
// where the provider's bill in a block (after the discount) falls short of it, the shortfall is billed in the
// block's last month. A part block at the horizon's end owes its share by months.
struct INFERCOST_API Commitment {
    double amount = 0;
    int months = 12;
};

// The terms with one provider: they apply to every API offering of that provider and every cloud offer it sells.
struct INFERCOST_API Agreement {
    std::string provider;
    double discount = 0;  // share off list prices, 0 to 1
    double credits = 0;   // an amount in the reporting currency, spent on the provider's bill from the first month on
    std::optional<Commitment> commitment;
    // InputError for an empty provider, a discount outside 0..1 (a discount above 100% would pay the customer), or a
    // negative or non-finite amount.
    void validate() const;
};

}  // namespace infercost
