#include "helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <type_traits>

using namespace infercost;

// Compile-time: wrong mixes of units do not compile.
template <class A, class B>
concept Addable = requires(A a, B b) { a + b; };
template <class A, class B>
concept Multipliable = requires(A a, B b) { a * b; };

static_assert(Addable<Money, Money>);
static_assert(!Addable<Money, TokenCount>, "money plus tokens must not compile");
static_assert(!Addable<Money, double>, "money plus a bare number must not compile");
static_assert(!Addable<TokenCount, double>, "tokens plus a bare number must not compile");
static_assert(!Addable<PricePerMillion, Money>, "a price plus money must not compile");
static_assert(!Addable<Hours, TokenCount>, "hours plus tokens must not compile");
static_assert(Multipliable<TokenCount, PricePerMillion>);
static_assert(std::is_same_v<decltype(TokenCount(1) * PricePerMillion(1.0, usd())), Money>);
static_assert(!Multipliable<TokenCount, Money>, "tokens times money is not a unit we have");
static_assert(!Multipliable<Money, Money>, "money times money must not compile");
static_assert(!std::is_convertible_v<double, Money>, "a bare number is not money: it needs a currency");
static_assert(!std::is_convertible_v<std::int64_t, TokenCount>, "token counts are explicit");
static_assert(!std::is_convertible_v<TokenCount, std::int64_t>);
static_assert(!std::is_convertible_v<Hours, double>);

TEST_CASE("tokens times a price per million is money in the price's currency") {
    // 250,000 tokens at 2.00 USD per million = 0.50 USD
    const Money m = TokenCount(250000) * PricePerMillion(2.0, usd());
    CHECK(m.currency() == usd());
    CHECK(m.amount() == doctest::Approx(0.5));
}

TEST_CASE("money adds in one currency and refuses two") {
    const Money a(1.25, usd());
    const Money b(0.75, usd());
    CHECK((a + b).amount() == doctest::Approx(2.0));
    CHECK((a - b).amount() == doctest::Approx(0.5));
    CHECK(a / b == doctest::Approx(1.25 / 0.75));
    CHECK(a > b);
    const Money c(7.2, cny());
    CHECK_THROWS_AS(a + c, CurrencyError);
    CHECK_THROWS_AS((void)(a < c), CurrencyError);
    CHECK_THROWS_WITH_AS(a - c, doctest::Contains("dated exchange rate"), CurrencyError);
}

TEST_CASE("currency codes and prices are validated") {
    CHECK_THROWS_AS(Currency("usd"), InputError);
    CHECK_THROWS_AS(Currency("US"), InputError);
    CHECK_THROWS_AS(PricePerMillion(-1.0, usd()), InputError);
    CHECK_THROWS_AS(PricePerMillion(std::nan(""), usd()), InputError);
    CHECK_THROWS_AS(Money(std::nan(""), usd()), InputError);
    CHECK(Money(1234.5, usd()).str() == "1,234.50 USD");
    // Below one unit, significant digits: a per-request cost is not rounded away to 0.01 or 0.00.
    CHECK(Money(0.006, usd()).str() == "0.006 USD");
    CHECK(Money(0.000913, usd()).str() == "0.000913 USD");
    CHECK(Money(0, usd()).str() == "0.00 USD");
    CHECK(Money(-2500, usd()).str() == "-2,500.00 USD");
}

TEST_CASE("close matches suggest ids with or without the provider prefix") {
    const std::vector<std::string> ids = {"alibaba/qwen3-max", "alibaba/qwen-plus", "openai/gpt-4.1"};
    const auto m = close_matches("qwen3-max", ids);
    REQUIRE_FALSE(m.empty());
    CHECK(m.front() == "alibaba/qwen3-max");
    CHECK(close_matches("gpt-4.l", ids).front() == "openai/gpt-4.1");
    CHECK(close_matches("something-else-entirely", ids).empty());
}
