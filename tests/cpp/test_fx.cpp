#include "helpers.hpp"

#include <doctest/doctest.h>

using namespace infercost;

namespace {
FxRate rate(const char* date, double r) {
    FxRate x;
    x.date = parse_date(date);
    x.base = usd();
    x.quote = cny();
    x.rate = r;
    x.source = std::string("https://example.com/fx/") + date;
    x.checked = x.date;
    return x;
}
}  // namespace

TEST_CASE("conversion uses the latest rate dated on or before the date, and says which") {
    const FxTable fx({usd(), cny()}, {rate("2025-06-30", 7.17), rate("2026-06-30", 7.1)});
    // 71 CNY on 2026-07-01 at 7.1 CNY/USD = 10 USD.
    const FxConversion c = fx.conversion(cny(), usd(), parse_date("2026-07-01"));
    CHECK(c.rate == doctest::Approx(1 / 7.1));
    CHECK(format_date(c.rate_date) == "2026-06-30");
    CHECK(c.source == "https://example.com/fx/2026-06-30");
    CHECK(fx.convert(Money(71, cny()), usd(), parse_date("2026-07-01")).amount() == doctest::Approx(10.0));
    // On 2026-01-15 the 2025-06-30 rate is the one in force: 10 USD = 71.7 CNY.
    CHECK(fx.convert(Money(10, usd()), cny(), parse_date("2026-01-15")).amount() == doctest::Approx(71.7));
    // Before the first rate there is none: an error, not a guess.
    CHECK_THROWS_WITH_AS(fx.conversion(usd(), cny(), parse_date("2025-01-01")), doctest::Contains("no exchange rate"),
                         CurrencyError);
    CHECK_THROWS_AS(fx.conversion(usd(), Currency("EUR"), parse_date("2026-07-01")), CurrencyError);
    // Identity needs no rate.
    CHECK(fx.conversion(usd(), usd(), parse_date("2000-01-01")).rate == 1.0);
}

TEST_CASE("a bad FX table is refused") {
    CHECK_THROWS_AS(FxTable({usd()}, {rate("2026-01-01", 7.1)}), InputError);  // CNY not listed
    CHECK_THROWS_AS(FxTable({usd(), cny()}, {rate("2026-01-01", -7.1)}), InputError);
    CHECK_THROWS_AS(FxTable({usd(), cny()}, {rate("2026-01-01", 7.1), rate("2026-01-01", 7.2)}), InputError);
}

TEST_CASE("a CNY list priced and converted equals the same request priced at the converted rates") {
    // qwen3-max mainland base tier: 2.5 CNY in / 10 CNY out per million.
    const Offering cn = test::offering(
        "alibaba-cn/qwen3-max",
        {test::version("2025-09-24", test::prices({{Meter::input, 2.5}, {Meter::output, 10.0}}), "CNY")});
    const FxTable fx = test::usd_cny_table();  // 7.2 CNY per USD from 2026-01-02
    const PriceBreakdown b = price_request(cn, test::usage(20000, 0, 0, 2000, 0), test::at("2026-03-01"));
    // 20,000 x 2.5 + 2,000 x 10 = 0.05 + 0.02 = 0.07 CNY; / 7.2 = 0.0097222 USD.
    CHECK(b.total.currency() == cny());
    CHECK(b.total.amount() == doctest::Approx(0.07));
    const Money usd_cost = fx.convert(b.total, usd(), parse_date("2026-03-01"));
    CHECK(usd_cost.amount() == doctest::Approx(0.07 / 7.2));
}
