#include "infercost/core/units.hpp"

#include "infercost/detail/format.hpp"

#include "infercost/core/error.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace infercost {

Currency::Currency(std::string_view code) {
    if (code.size() != 3)
        throw InputError("currency code '" + std::string(code) + "' must be three letters, such as USD or CNY");
    for (std::size_t i = 0; i < 3; ++i) {
        const char c = code[i];
        if (c < 'A' || c > 'Z')
            throw InputError("currency code '" + std::string(code) +
                             "' must be three upper-case letters, such as USD or CNY");
        code_[i] = c;
    }
}

namespace {
void require_same(const Currency& a, const Currency& b, const char* op) {
    if (a != b)
        throw CurrencyError(std::string("cannot ") + op + " " + a.code() + " and " + b.code() +
                            " without a dated exchange rate; convert one side with FxTable::convert first");
}
}  // namespace

Money::Money(double amount, Currency currency) : amount_(amount), currency_(currency) {
    if (!std::isfinite(amount)) throw InputError("an amount of money must be a finite number");
}

Money Money::operator+(const Money& o) const {
    require_same(currency_, o.currency_, "add");
    return Money(amount_ + o.amount_, currency_);
}
Money Money::operator-(const Money& o) const {
    require_same(currency_, o.currency_, "subtract");
    return Money(amount_ - o.amount_, currency_);
}
Money& Money::operator+=(const Money& o) { return *this = *this + o; }
Money& Money::operator-=(const Money& o) { return *this = *this - o; }
double Money::operator/(const Money& o) const {
    require_same(currency_, o.currency_, "divide");
    return amount_ / o.amount_;
}
bool Money::operator==(const Money& o) const {
    require_same(currency_, o.currency_, "compare");
    return amount_ == o.amount_;
}
std::partial_ordering Money::operator<=>(const Money& o) const {
    require_same(currency_, o.currency_, "compare");
    return amount_ <=> o.amount_;
}
std::string Money::str() const {
    // Cents for amounts of a unit or more; significant digits below, so a cost per request of 0.006 stays 0.006.
    const double a = std::fabs(amount_);
    const std::string n = a >= 1 || a == 0 ? format_fixed(amount_, 2) : format_number(amount_, 4);
    return n + " " + currency_.code();
}

PricePerMillion::PricePerMillion(double amount, Currency currency) : amount_(amount), currency_(currency) {
    if (!std::isfinite(amount) || amount < 0)
        throw InputError("a price per million tokens must be a finite, non-negative number");
}

}  // namespace infercost
