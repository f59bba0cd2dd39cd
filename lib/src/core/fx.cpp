#include "infercost/core/fx.hpp"

#include "infercost/core/error.hpp"

#include <algorithm>
#include <cmath>

namespace infercost {

FxTable::FxTable(std::vector<Currency> currencies, std::vector<FxRate> rates)
    : currencies_(std::move(currencies)), rates_(std::move(rates)) {
    for (const auto& r : rates_) {
        for (const Currency* c : {&r.base, &r.quote})
            if (!knows(*c))
                throw InputError("exchange rate on " + format_date(r.date) + " uses currency " + c->code() +
                                 ", which is not in the table's currency list");
        if (!std::isfinite(r.rate) || r.rate <= 0)
            throw InputError("exchange rate " + r.base.code() + "/" + r.quote.code() + " on " + format_date(r.date) +
                             " must be a positive number");
        if (r.base == r.quote) throw InputError("exchange rate on " + format_date(r.date) + " converts a currency to itself");
    }
    std::stable_sort(rates_.begin(), rates_.end(), [](const FxRate& a, const FxRate& b) { return a.date < b.date; });
    for (std::size_t i = 1; i < rates_.size(); ++i) {
        const auto& a = rates_[i - 1];
        const auto& b = rates_[i];
        const bool same_pair = (a.base == b.base && a.quote == b.quote) || (a.base == b.quote && a.quote == b.base);
        if (a.date == b.date && same_pair)
            throw InputError("two exchange rates for " + a.base.code() + "/" + a.quote.code() + " on " +
                             format_date(a.date) + "; keep one");
    }
}

bool FxTable::knows(const Currency& c) const {
    return std::find(currencies_.begin(), currencies_.end(), c) != currencies_.end();
}

FxConversion FxTable::conversion(const Currency& from, const Currency& to, Date on) const {
    if (from == to) return FxConversion{from, to, 1.0, on, ""};
    for (const Currency* c : {&from, &to})
        if (!knows(*c)) throw CurrencyError("currency " + c->code() + " is not in the exchange-rate table");
    for (auto it = rates_.rbegin(); it != rates_.rend(); ++it) {
        if (it->date > on) continue;
        if (it->base == from && it->quote == to) return FxConversion{from, to, it->rate, it->date, it->source};
        if (it->base == to && it->quote == from) return FxConversion{from, to, 1.0 / it->rate, it->date, it->source};
    }
    throw CurrencyError("no exchange rate between " + from.code() + " and " + to.code() + " dated on or before " +
                        format_date(on) + "; add one to the FX table (pricing/fx.yaml)");
}

Money FxTable::convert(const Money& m, const Currency& to, Date on) const {
    const FxConversion c = conversion(m.currency(), to, on);
    return Money(m.amount() * c.rate, to);
}

}  // namespace infercost
