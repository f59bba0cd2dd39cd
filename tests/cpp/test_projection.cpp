// Scenarios over time: volume per month with growth, dated price changes, terms with a provider, one-off costs,
// an FX path, and the finance outputs (savings, payback, NPV, IRR). Every expected value is worked by hand.
#include "infercost/io.hpp"
#include "infercost/results.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace infercost;

namespace {

// acme/base: 2 USD per million input and 8 per million output until 2027-07-01, then 1 and 4: a request of 1,000
// input and 500 output tokens costs 0.002 + 0.004 = 0.006 USD, then 0.003 USD.
const char* kProvider = R"(provider: {id: acme, name: Acme}
offerings:
  - id: acme/base
    model: base
    versions:
      - {effective_from: 2025-01-01, currency: USD, source: https://acme.example, checked: 2026-11-28,
         prices: {input: 2.0, output: 8.0}}
      - {effective_from: 2027-07-01, currency: USD, source: https://acme.example, checked: 2026-11-28,
         prices: {input: 1.0, output: 4.0}}
  - id: acme/flat
    model: flat
    versions:
      - {effective_from: 2025-01-01, currency: USD, source: https://acme.example, checked: 2026-11-28,
         prices: {input: 2.0, output: 8.0}}
  - id: acme/cny
    model: cny
    versions:
      - {effective_from: 2025-01-01, currency: CNY, source: https://acme.example, checked: 2026-11-28,
         prices: {input: 7.2, output: 28.8}}
)";

const char* kHead = R"(name: projection
currency: USD
horizon: {start: 2027-01-01, months: 12}
)";

const char* kWorkload = R"(workload:
  requests_per_month: 300000
  growth: {monthly: 0.05}
  utc_offset: "+00:00"
  input_tokens: {fixed: 1000}
  output_tokens: {fixed: 500}
)";

struct Fixture {
    test::ScratchDir dir{{{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kProvider}}};
    Catalog cat = Catalog::load(dir.path());
    Comparison run(const std::string& text) { return run_scenario(parse_scenario(text, "scenario.yaml", &cat), cat); }
    std::string error(const std::string& text) {
        try {
            run(text);
        } catch (const InputError& e) {
            return e.what();
        }
        FAIL("the scenario was accepted");
        return {};
    }
};

}  // namespace

TEST_CASE("a 12-month projection with 5% monthly growth across a dated price cut") {
    Fixture f;
    const Comparison c = f.run(std::string(kHead) + kWorkload + "baseline: acme/base\ncandidates: [acme/flat]\n");
    const CostReport& r = c.options[0];
    REQUIRE(r.months.size() == 12);
    double expected_total = 0;
    for (std::size_t k = 0; k < 12; ++k) {
        // Month k carries 300,000 x 1.05^k requests, whatever its length; 0.006 USD each before July, 0.003 after.
        const double requests = 300000 * std::pow(1.05, static_cast<double>(k));
        CHECK(r.months[k].requests == doctest::Approx(requests).epsilon(1e-12));
        const double cost = requests * (k < 6 ? 0.006 : 0.003);
        CHECK(r.months[k].total == doctest::Approx(cost).epsilon(1e-12));
        expected_total += cost;
    }
    // 1,800 x (1.05^6 - 1) / 0.05 + 900 x 1.05^6 x (1.05^6 - 1) / 0.05 = 1,800 x 6.80191 + 900 x 1.34010 x 6.80191
    // = 12,243.44 + 8,203.69 = 20,447.14 USD.
    CHECK(expected_total == doctest::Approx(20447.14).epsilon(1e-6));
    CHECK(r.total.amount() == doctest::Approx(expected_total).epsilon(1e-12));
    // Both versions priced part of the traffic: requests before July are 300,000 x 6.80191 of 300,000 x 15.91713.
    REQUIRE(r.versions.size() == 2);
    CHECK(r.versions[0].request_share == doctest::Approx(6.8019128 / 15.9171265).epsilon(1e-6));

    // The candidate keeps the old price: it costs 0.006 a request all year, so the saving is negative from July.
    const Savings s = savings(c, 1);
    CHECK(s.saving[0] == doctest::Approx(0));
    CHECK(s.saving[6] == doctest::Approx(-300000 * std::pow(1.05, 6) * 0.003).epsilon(1e-12));
    CHECK_FALSE(s.payback.has_value());  // zero until June, then negative: the cumulated saving ends below zero
}

TEST_CASE("volume given per month ties to each month's total, whatever its weekdays and length") {
    Fixture f;
    const std::string text = std::string(R"(name: per month
currency: USD
horizon: {start: 2027-01-15, end: 2027-04-14}
workload:
  requests_per_month: 2000000
  utc_offset: "-05:00"
  input_tokens: {fixed: 1000}
  output_tokens: {fixed: 500}
  weekday_profile: [1, 1, 1, 1, 1, 0.2, 0.1]
  hourly_profile: [1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 10, 9, 10, 10, 9, 8, 6, 4, 3, 2, 2, 1, 1]
baseline: acme/flat
)");
    const Comparison c = f.run(text);
    const CostReport& r = c.options[0];
    REQUIRE(r.months.size() == 4);  // 15 Jan to 14 Apr: part January, February, March, part April
    CHECK(c.settings.period.months == 3);
    // January from the 15th: 17 of 31 days, so 2,000,000 x 17 / 31 = 1,096,774.19 requests.
    CHECK(r.months[0].requests == doctest::Approx(2000000.0 * 17 / 31).epsilon(1e-12));
    CHECK(r.months[1].requests == doctest::Approx(2000000.0).epsilon(1e-12));  // February: 28 days, the same 2M
    CHECK(r.months[2].requests == doctest::Approx(2000000.0).epsilon(1e-12));  // March: 31 days
    CHECK(r.months[3].requests == doctest::Approx(2000000.0 * 14 / 30).epsilon(1e-12));
    CHECK(r.months[1].total == doctest::Approx(2000000.0 * 0.006).epsilon(1e-12));
}

TEST_CASE("a provider's discount, committed spend and credits, month by month") {
    Fixture f;
    // 1,000 requests a day at 0.006 USD: 186 USD in January (31 days), 168 in February, 186 in March.
    const std::string text = std::string(R"(name: terms
currency: USD
horizon: {start: 2027-01-01, months: 3}
agreements:
  - provider: acme
    discount: 0.1
    credits: 250
    commitment: {amount: 200, months: 1}
workload:
  requests_per_day: 1000
  utc_offset: "+00:00"
  input_tokens: {fixed: 1000}
  output_tokens: {fixed: 500}
baseline: acme/flat
)");
    const Comparison c = f.run(text);
    const auto& m = c.options[0].months;
    auto line = [&](std::size_t i, CostLine l) { return m[i].by_meter[static_cast<std::size_t>(l)]; };
    // January: list 186, discount -18.6 -> 167.4, short of the 200 committed by 32.6; credits pay all 200 of it.
    CHECK(line(0, CostLine::discount) == doctest::Approx(-18.6));
    CHECK(line(0, CostLine::commitment) == doctest::Approx(32.6));
    CHECK(line(0, CostLine::credit) == doctest::Approx(-200));
    CHECK(m[0].total == doctest::Approx(0));
    // February: list 168, -16.8 -> 151.2, shortfall 48.8 -> 200; the last 50 of credits -> 150.
    CHECK(line(1, CostLine::commitment) == doctest::Approx(48.8));
    CHECK(line(1, CostLine::credit) == doctest::Approx(-50));
    CHECK(m[1].total == doctest::Approx(150));
    // March: 186 - 18.6 = 167.4 -> 200 committed, no credits left.
    CHECK(m[2].total == doctest::Approx(200));
    CHECK(c.options[0].total.amount() == doctest::Approx(350));
}

TEST_CASE("one-off costs: expensed, or depreciated in the cost view and paid at once in the cash view") {
    Fixture f;
    const std::string text = std::string(kHead) + R"(discount_rate: 0.12
workload:
  requests_per_day: 1000
  utc_offset: "+00:00"
  input_tokens: {fixed: 1000}
  output_tokens: {fixed: 500}
baseline: acme/flat
candidates:
  - offering: acme/flat
    label: migrated
    one_off:
      - {label: migration work, date: 2027-01-10, amount: 1200, depreciation_months: 12}
      - {label: contract fee, date: 2027-03-01, amount: 50}
)";
    const Comparison c = f.run(text);
    const CostReport& r = c.options[1];
    auto one_off = [&](std::size_t i) { return r.months[i].by_meter[static_cast<std::size_t>(CostLine::one_off)]; };
    CHECK(one_off(0) == doctest::Approx(100));       // 1,200 over 12 months
    CHECK(one_off(2) == doctest::Approx(150));       // 100 + the 50 fee, expensed
    CHECK(r.months[0].cash - r.months[0].total == doctest::Approx(1100));  // paid 1,200, expensed 100
    CHECK(r.months[5].cash - r.months[5].total == doctest::Approx(-100));
    const Savings s = savings(c, 1);
    CHECK(s.total == doctest::Approx(-1250));
    CHECK(s.cash_total == doctest::Approx(-1250));
    CHECK_FALSE(s.payback.has_value());  // the same prices: the migration never pays back
    // NPV at 12% a year: -1,200 at month 0 and -50 at month 2 (discounted by 1.12^(2/12) = 1.019068).
    CHECK(*s.npv == doctest::Approx(-1200 - 50 / std::pow(1.12, 2.0 / 12)).epsilon(1e-12));
    CHECK(-1200 - 50 / 1.019068 == doctest::Approx(*s.npv).epsilon(1e-6));
}

TEST_CASE("NPV, payback and IRR of a stated cash flow") {
    // -1,000 then 600 and 600 a month.
    const std::vector<double> flows{-1000, 600, 600};
    // NPV at 12% a year: the monthly factor is 1.12^(1/12) = 1.0094888;
    // -1,000 + 600 / 1.0094888 + 600 / 1.0094888^2 = -1,000 + 594.3601 + 588.7737 = 183.1337.
    CHECK(npv(0.12, flows) == doctest::Approx(183.1337).epsilon(1e-6));
    // IRR: 600 x^2 + 600 x - 1,000 = 0 with x = 1 / (1 + i): x = (-600 + sqrt(600^2 + 4 x 600 x 1,000)) / 1,200
    // = 0.8844373, i = 0.1306624 a month, (1.1306624)^12 - 1 = 3.3651 a year.
    REQUIRE(irr(flows).has_value());
    CHECK(*irr(flows) == doctest::Approx(3.3651115).epsilon(1e-6));
    CHECK(npv(*irr(flows), flows) == doctest::Approx(0).epsilon(1e-6));
    // Cumulated: -1,000, -400, +200: paid back in month 2 (the third).
    CHECK(payback_month(flows) == std::optional<std::size_t>(2));
    // Cumulated 100, -200, 50, 60: above zero, below again, then above for good from month 2.
    CHECK(payback_month({100, -300, 250, 10}) == std::optional<std::size_t>(2));
    CHECK(payback_month({-5, 1, 1}) == std::nullopt);
    CHECK(payback_month({5, 1}) == std::optional<std::size_t>(0));
    // Two sign changes: the IRR is not unique, so none is given; no sign change: none either.
    CHECK_FALSE(irr({-100, 230, -132}).has_value());
    CHECK_FALSE(irr({100, 50}).has_value());
    CHECK_THROWS_AS(npv(-1.0, flows), InputError);
}

TEST_CASE("a price trend after the last known version, and an FX path converting each month at its rate") {
    Fixture f;
    const std::string text = std::string(kHead) + R"(fx_path:
  - {date: 2027-07-01, quote: CNY, rate: 8.0}
workload:
  requests_per_day: 1000
  utc_offset: "+00:00"
  input_tokens: {fixed: 1000}
  output_tokens: {fixed: 500}
baseline:
  offering: acme/flat
  price_trend_per_year: -0.2
candidates: [acme/cny]
)";
    const Comparison c = f.run(text);
    // The last version of acme/flat took effect in 2025, before the horizon: the trend runs from 2027-01-01.
    // February starts 31 days later: 0.8^(31 / 365.25) = 0.98124; February's list cost is 28 x 6 = 168 USD.
    CHECK(c.options[0].months[0].total == doctest::Approx(186));
    CHECK(c.options[0].months[1].total == doctest::Approx(168 * std::pow(0.8, 31 / 365.25)).epsilon(1e-12));
    CHECK(168 * 0.98124 == doctest::Approx(c.options[0].months[1].total).epsilon(1e-4));
    // acme/cny: 1,000 x 7.2 + 500 x 28.8 per million = 0.0216 CNY a request, 21.6 CNY a day: 3 USD at 7.2 until
    // June, 2.7 USD at the path's 8.0 from July.
    CHECK(c.options[1].months[5].total == doctest::Approx(30 * 3.0));
    CHECK(c.options[1].months[6].total == doctest::Approx(31 * 2.7));
    CHECK(c.options[1].conversions.size() == 2);  // the catalog's rate and the path's
}

TEST_CASE("a scenario that contradicts itself is refused with what to fix") {
    Fixture f;
    const std::string base = std::string(kHead) + kWorkload + "baseline: acme/flat\n";
    auto with = [&](const std::string& from, const std::string& to) {
        std::string s = base;
        const auto pos = s.find(from);
        REQUIRE(pos != std::string::npos);
        return s.replace(pos, from.size(), to);
    };
    CHECK(f.error(with("growth: {monthly: 0.05}", "growth: {series: [1, 1.1, 1.2]}")).find("3 values but the horizon has 12 months") !=
          std::string::npos);
    CHECK(f.error(with("growth: {monthly: 0.05}", "growth: {monthly: -1.5}")).find("above -1") != std::string::npos);
    CHECK(f.error(with("growth: {monthly: 0.05}", "growth: {monthly: 0.05, yearly: 0.1}")).find("exactly one") != std::string::npos);
    CHECK(f.error(with("months: 12}", "end: 2026-06-30}")).find("before it starts") != std::string::npos);
    CHECK(f.error(with("months: 12}", "end: 2027-06-20}")).find("whole months") != std::string::npos);
    CHECK(f.error(with("requests_per_month: 300000", "requests_per_month: 300000\n  requests_per_day: 5")).find("the volume once") !=
          std::string::npos);
    const std::string agreement = "agreements:\n  - {provider: acme, discount: 1.5}\n";
    CHECK(f.error(agreement + base).find("between 0 and 1") != std::string::npos);
    CHECK(f.error("agreements:\n  - {provider: acme}\n  - {provider: acme, credits: 5}\n" + base).find("one per provider") !=
          std::string::npos);
    CHECK(f.error("agreements:\n  - {provider: nobody, credits: 5}\n" + base).find("provider 'nobody'") != std::string::npos);
    CHECK(f.error("fx_date: 2027-01-01\nfx_path:\n  - {date: 2027-07-01, quote: CNY, rate: 8}\n" + base).find("remove fx_date") !=
          std::string::npos);
    CHECK(f.error(with("baseline: acme/flat", "baseline:\n  offering: acme/flat\n  one_off: [{label: x, date: 2029-01-01, amount: 5}]"))
              .find("outside the horizon") != std::string::npos);
    // Errors point at the line of the field.
    const std::string e = f.error(agreement + base);
    CHECK(e.find("scenario.yaml:2:") != std::string::npos);
}
