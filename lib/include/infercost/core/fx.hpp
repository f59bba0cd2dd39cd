// Dated exchange rates. Every conversion says which rate it used, from when and from where.
#pragma once

#include "infercost/export.hpp"
#include "infercost/core/time.hpp"
#include "infercost/core/units.hpp"

#include <string>
#include <vector>

namespace infercost {

struct INFERCOST_API FxRate {
    Date date{};
    Currency base{"USD"};
    Currency quote{"CNY"};
    double rate = 0;  // units of quote per unit of base
    std::string source;
    Date checked{};
};

// The record of one conversion: `to = from * rate`.
struct INFERCOST_API FxConversion {
    Currency from{"USD"};
    Currency to{"USD"};
    double rate = 1.0;
    Date rate_date{};   // date of the rate used (the requested date for an identity conversion)
    std::string source; // empty for an identity conversion
};

class INFERCOST_API FxTable {
public:
    FxTable() = default;
    // Throws InputError for an unknown currency, a non-positive rate or two rates for one pair and date.
    FxTable(std::vector<Currency> currencies, std::vector<FxRate> rates);

    const std::vector<Currency>& currencies() const noexcept { return currencies_; }
    const std::vector<FxRate>& rates() const noexcept { return rates_; }
    bool knows(const Currency& c) const;

    // The conversion from one currency to another with the latest rate dated on or before `on`
    // (a direct rate or the inverse of one). Throws CurrencyError when there is none.
    FxConversion conversion(const Currency& from, const Currency& to, Date on) const;
    Money convert(const Money& m, const Currency& to, Date on) const;

private:
    std::vector<Currency> currencies_;
    std::vector<FxRate> rates_;  // sorted by date
};

}  // namespace infercost
