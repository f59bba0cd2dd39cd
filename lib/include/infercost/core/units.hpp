// Strong unit types: money with a currency, token counts, prices per million tokens, hours.
// Mixing them wrongly does not compile; mixing currencies throws CurrencyError.
#pragma once

#include "infercost/export.hpp"

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace infercost {

// An ISO 4217 style code: three upper-case letters. Whether a code is known is the FX table's business.
class INFERCOST_API Currency {
public:
    explicit Currency(std::string_view code);
    std::string code() const { return std::string(code_.data(), code_.size()); }
    friend bool operator==(const Currency&, const Currency&) = default;
    friend auto operator<=>(const Currency&, const Currency&) = default;

private:
    std::array<char, 3> code_{};
};

inline const Currency& usd() { static const Currency c("USD"); return c; }
inline const Currency& cny() { static const Currency c("CNY"); return c; }

// An amount of money in one currency.
class INFERCOST_API Money {
public:
    Money(double amount, Currency currency);
    static Money zero(Currency currency) { return Money(0.0, currency); }

    double amount() const noexcept { return amount_; }
    const Currency& currency() const noexcept { return currency_; }

    Money operator+(const Money& other) const;
    Money operator-(const Money& other) const;
    Money& operator+=(const Money& other);
    Money& operator-=(const Money& other);
    Money operator-() const { return Money(-amount_, currency_); }
    Money operator*(double factor) const { return Money(amount_ * factor, currency_); }
    Money operator/(double divisor) const { return Money(amount_ / divisor, currency_); }
    // Ratio of two amounts in the same currency.
    double operator/(const Money& other) const;
    friend Money operator*(double factor, const Money& m) { return m * factor; }

    bool operator==(const Money& other) const;
    std::partial_ordering operator<=>(const Money& other) const;

    std::string str() const;  // e.g. "1234.50 USD"

private:
    double amount_;
    Currency currency_;
};

// A whole number of tokens.
class INFERCOST_API TokenCount {
public:
    constexpr TokenCount() = default;
    constexpr explicit TokenCount(std::int64_t n) : n_(n) {}
    constexpr std::int64_t value() const noexcept { return n_; }
    constexpr TokenCount operator+(TokenCount o) const { return TokenCount(n_ + o.n_); }
    constexpr TokenCount operator-(TokenCount o) const { return TokenCount(n_ - o.n_); }
    constexpr TokenCount& operator+=(TokenCount o) { n_ += o.n_; return *this; }
    friend constexpr auto operator<=>(TokenCount, TokenCount) = default;

private:
    std::int64_t n_ = 0;
};

// A price per one million tokens, in a currency.
class INFERCOST_API PricePerMillion {
public:
    PricePerMillion(double amount, Currency currency);
    double amount() const noexcept { return amount_; }
    const Currency& currency() const noexcept { return currency_; }
    PricePerMillion operator*(double factor) const { return PricePerMillion(amount_ * factor, currency_); }
    bool operator==(const PricePerMillion&) const = default;
    // The cost of a (possibly fractional, e.g. expected) number of tokens.
    Money cost_of(double tokens) const { return Money(amount_ * tokens / 1e6, currency_); }

private:
    double amount_;
    Currency currency_;
};

inline Money operator*(TokenCount tokens, const PricePerMillion& price) {
    return price.cost_of(static_cast<double>(tokens.value()));
}
inline Money operator*(const PricePerMillion& price, TokenCount tokens) { return tokens * price; }

// A duration in hours (GPU-hours, hours of a horizon).
class INFERCOST_API Hours {
public:
    constexpr explicit Hours(double h) : h_(h) {}
    constexpr double value() const noexcept { return h_; }
    constexpr Hours operator+(Hours o) const { return Hours(h_ + o.h_); }
    friend constexpr auto operator<=>(Hours, Hours) = default;

private:
    double h_;
};

}  // namespace infercost
