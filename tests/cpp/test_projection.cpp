// Scenarios over time: volume per month with growth, dated price changes, terms with a provider, one-off costs,
// an FX path, and the finance outputs (savings, payback, NPV, IRR). Every expected value is worked by hand.
#include "infercost/io.hpp"
#include "infercost/results.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <set>

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
         prices: {input: 7.2, output: 28.8}, fallbacks: {reasoning: output}}
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

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
    const auto pos = s.find(from);
    REQUIRE(pos != std::string::npos);
    return s.replace(pos, from.size(), to);
}

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

namespace {

// The acme lists beside the bundled hardware data (GPUs, engines, efficiency, models, cloud offers), so a hybrid
// option's overflow is priced on a list whose prices are written here.
const std::filesystem::path& with_hardware(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    const fs::path bundled = fs::path(INFERCOST_TEST_SOURCE_DIR) / "pricing";
    for (const char* f : {"gpus.yaml", "engines.yaml", "efficiency.yaml", "owned.yaml", "jurisdictions.yaml"})
        fs::copy_file(bundled / f, dir / f);
    fs::copy(bundled / "clouds", dir / "clouds");
    fs::create_directory(dir / "models");  // one model that names no API offering (the others list bundled ones)
    fs::copy_file(bundled / "models" / "llama-3.1-8b.yaml", dir / "models" / "llama-3.1-8b.yaml");
    return dir;
}

struct HardwareFixture {
    test::ScratchDir dir{{{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kProvider}}};
    Catalog cat = Catalog::load(with_hardware(dir.path()));
};

Workload peaky(double requests_per_day) {
    Workload w;
    w.requests_per_day = requests_per_day;
    w.input_tokens = TokenDistribution::fixed(1000);
    w.output_tokens = TokenDistribution::fixed(500);
    w.hourly_profile.fill(1.0);
    w.hourly_profile[12] = 10.0;  // noon carries ten times an ordinary hour: 10 of 33 parts of the day
    return w;
}

}  // namespace

TEST_CASE("a hybrid option: one self-hosted replica, the noon peak above its capacity overflows to the API") {
    HardwareFixture f;
    SelfHosted sh;
    sh.label = "1x H200";
    sh.deployment.model = "llama-3.1-8b";
    sh.deployment.gpu = "h200";
    sh.deployment.gpus = 1;
    sh.cloud_offer = "nebius/1x-h200-sxm/global";
    sh.provisioning = Provisioning::fixed;
    sh.max_replicas = 1;
    ComparisonSettings s;
    s.period = Period{parse_date("2027-02-01"), 1};  // 28 days
    // The replica's capacity C (requests a second at max_utilisation) comes from the throughput model; the
    // volume is set from it so an ordinary hour carries C/2 and the noon hour 5 C.
    const SelfHostReport probe = plan_self_hosted(f.cat.hardware(), sh, peaky(1000), s.period);
    const double C = probe.replica_requests_per_second * sh.max_utilisation;
    REQUIRE(C > 0);
    const double per_day = 0.5 * C * 3600 * 33;
    Option hybrid(sh);
    hybrid.overflow_offering = "acme/flat";
    const Comparison c = compare(f.cat, peaky(per_day), {Option("acme/flat"), hybrid}, 0, s);
    const CostReport& r = c.options[1];
    const SelfHostReport& plan = *c.self_hosted[1];
    // Noon: 5 C arrive, the replica takes C, 4 C overflow; every other hour fits.
    for (const HourPlan& h : plan.hours) {
        if (h.hour == 12) CHECK(h.overflow_requests_per_second == doctest::Approx(4 * C).epsilon(1e-9));
        else CHECK(h.overflow_requests_per_second == 0);
        CHECK(h.instances == 1);
    }
    // The overflow: 28 noons x 4 C x 3,600 requests at 0.006 USD each on acme/flat.
    const double overflow = 28 * 4 * C * 3600;
    const auto& m = r.months[0].by_meter;
    CHECK(m[static_cast<std::size_t>(CostLine::input)] + m[static_cast<std::size_t>(CostLine::output)] ==
          doctest::Approx(overflow * 0.006).epsilon(1e-9));
    // The replica runs every hour: 28 x 24 instance-hours at the offer's price.
    CHECK(m[static_cast<std::size_t>(CostLine::gpu_hours)] == doctest::Approx(28 * 24 * plan.price_per_gpu_hour).epsilon(1e-9));
    // All requests are served by one or the other: 28 days x the volume.
    CHECK(r.requests == doctest::Approx(28 * per_day).epsilon(1e-9));
    CHECK(plan.overflow_share == doctest::Approx(overflow / (28 * per_day)).epsilon(1e-9));
    CHECK(c.specs[1].kind() == Option::Kind::hybrid);
    // A cap without an overflow, or an overflow without a cap, is refused.
    Option no_overflow(sh);
    CHECK_THROWS_WITH_AS(compare(f.cat, peaky(per_day), {no_overflow}, 0, s), doctest::Contains("name the overflow API offering"),
                         InputError);
}

TEST_CASE("routed options: by share of requests, and by prompt length") {
    Fixture f;
    const std::string head = std::string(kHead) + R"(workload:
  requests_per_day: 1000
  utc_offset: "+00:00"
  input_tokens: {histogram: {edges: [0, 2000, 10000], weights: [0.5, 0.5]}}
  output_tokens: {fixed: 500}
baseline: acme/flat
candidates:
)";
    // 70% on acme/flat, 30% on acme/cny. A request's mean prompt is 0.5 x 1,000 + 0.5 x 6,000 = 3,500 tokens:
    // acme/flat 3,500 x 2 + 500 x 8 per million = 0.011 USD; acme/cny (7.2 and 28.8 CNY, 1 and 4 USD at 7.2)
    // 3,500 x 1 + 500 x 4 per million = 0.0055 USD. Mixed: 0.7 x 0.011 + 0.3 x 0.0055 = 0.00935 USD a request.
    const Comparison share = f.run(head + R"(  - routed:
      label: 70/30
      routes:
        - {share: 0.7, option: acme/flat}
        - {share: 0.3, option: acme/cny}
)");
    const double requests = 1000 * 365;
    CHECK(share.options[1].total.amount() == doctest::Approx(requests * 0.00935).epsilon(1e-9));
    CHECK(share.options[1].requests == doctest::Approx(requests).epsilon(1e-12));
    CHECK(share.specs[1].kind() == Option::Kind::routed);
    // By prompt length: prompts up to 2,000 tokens (half, mean 1,000) to acme/cny at 1,000 x 1 + 500 x 4 = 0.003
    // USD; the rest (mean 6,000) to acme/flat at 6,000 x 2 + 500 x 8 = 0.016 USD. Mixed: 0.0095 USD a request.
    const Comparison by_prompt = f.run(head + R"(  - routed:
      label: short prompts to the cheap list
      by: prompt_tokens
      routes:
        - {up_to: 2000, option: acme/cny}
        - {option: acme/flat}
)");
    CHECK(by_prompt.options[1].total.amount() == doctest::Approx(requests * 0.0095).epsilon(1e-9));
    // Both lists priced their part: versions of both offerings, each with its share of requests.
    REQUIRE(by_prompt.options[1].versions.size() == 2);
    CHECK(by_prompt.options[1].versions[0].request_share == doctest::Approx(0.5));
    CHECK(by_prompt.options[1].versions[0].offering == "acme/cny");
    // Shares that do not sum to one, and edges that do not ascend, are refused.
    CHECK(f.error(head + R"(  - routed:
      label: bad
      routes:
        - {share: 0.7, option: acme/flat}
        - {share: 0.2, option: acme/cny}
)").find("sum to 0.9; they must sum to 1") != std::string::npos);
    CHECK(f.error(head + R"(  - routed:
      label: bad
      by: prompt_tokens
      routes:
        - {up_to: 5000, option: acme/cny}
        - {up_to: 2000, option: acme/flat}
        - {option: acme/flat}
)").find("ascend") != std::string::npos);
}

TEST_CASE("a truncated distribution: the requests of a prompt-length route") {
    // Lognormal prompts, median 3,000 and p90 6,000: the part above 4,000 tokens.
    const TokenDistribution d = TokenDistribution::lognormal_median_p90(3000, 6000);
    const TokenDistribution t = d.truncated(4000, std::numeric_limits<double>::infinity());
    const double mass = d.prob_above(4000);
    // Its mean is E[X; X > 4,000] / P(X > 4,000), and its quantiles sit above the edge.
    CHECK(t.mean() == doctest::Approx(d.partial_mean(4000, std::numeric_limits<double>::infinity()) / mass));
    CHECK(t.prob_above(4000) == doctest::Approx(1.0));
    CHECK(t.prob_above(6000) == doctest::Approx(d.prob_above(6000) / mass));
    CHECK(t.quantile(0.5) > 4000);
    CHECK(t.quantile(0.5) == doctest::Approx(d.quantile(1 - mass / 2)).epsilon(1e-9));
    // The two parts of a split add back to the whole: probability-weighted means.
    const TokenDistribution low = d.truncated(-1, 4000);
    CHECK((1 - mass) * low.mean() + mass * t.mean() == doctest::Approx(d.mean()).epsilon(1e-9));
    CHECK_THROWS_AS(d.truncated(5000, 4000), InputError);
}

TEST_CASE("cost per successful task: more requests, another tokenizer, thinking and a lower success rate") {
    Fixture f;
    const std::string text = std::string(kHead) + R"(workload:
  requests_per_day: 1000
  utc_offset: "+00:00"
  input_tokens: {fixed: 1000}
  output_tokens: {fixed: 500}
tasks:
  name: a resolved ticket
  requests_per_task: 2
  models:
    - {option: acme/flat, success_rate: 0.9}
    - {option: acme/cny, success_rate: 0.45, requests_per_task: 3, token_ratio: 1.2, reasoning_tokens_per_request: 1000}
baseline: acme/flat
candidates: [acme/cny]
)";
    const Comparison c = f.run(text);
    // 1,000 requests a day at 2 a task: 500 tasks a day, 182,500 over 2027.
    REQUIRE(c.task_costs[0].has_value());
    CHECK(c.task_costs[0]->tasks == doctest::Approx(182500));
    // acme/flat: 0.006 USD a request, 0.012 a task, 0.012 / 0.9 = 0.013333 a successful task.
    CHECK(c.task_costs[0]->cost_per_task == doctest::Approx(0.012));
    CHECK(c.task_costs[0]->cost_per_successful_task == doctest::Approx(0.012 / 0.9));
    // acme/cny: its tokenizer writes 1.2 tokens for each, so 1,200 input and 600 output, plus 1,000 thinking: 1,600
    // output tokens at 4 USD a million (28.8 CNY at 7.2) and 1,200 input at 1: 0.0012 + 0.0064 = 0.0076 USD a request;
    // 3 requests a task: 0.0228 USD; at 45% success 0.050667 USD a successful task, dearer than acme/flat although
    // its tokens cost half as much.
    CHECK(c.task_costs[1]->cost_per_task == doctest::Approx(0.0228));
    CHECK(c.task_costs[1]->cost_per_successful_task == doctest::Approx(0.0228 / 0.45));
    CHECK(c.options[1].requests == doctest::Approx(1500 * 365));  // 3 requests for each of the 500 tasks a day
    CHECK(c.task_costs[1]->output_tokens_per_task == doctest::Approx(3 * 1600));
    const Table t = task_table(c);
    CHECK(t.title.find("a resolved ticket") != std::string::npos);
    // An entry for no option, and a success rate of zero, are refused.
    CHECK(f.error(replace_once(text, "option: acme/cny,", "option: acme/nothing,")).find("none of the scenario's options") != std::string::npos);
    CHECK(f.error(replace_once(text, "success_rate: 0.9", "success_rate: 0")).find("above 0 and at most 1") != std::string::npos);
}

TEST_CASE("FOCUS rows: one per option, part, month and meter, whose billed costs add up to the projection") {
    Fixture f;
    const std::string text = std::string(kHead) + R"(agreements:
  - {provider: acme, discount: 0.1, credits: 100}
workload:
  requests_per_day: 1000
  utc_offset: "+00:00"
  input_tokens: {fixed: 1000}
  output_tokens: {fixed: 500}
baseline: acme/flat
candidates:
  - routed:
      label: half and half
      routes:
        - {share: 0.5, option: acme/flat}
        - {share: 0.5, option: acme/cny}
    one_off:
      - {label: migration, date: 2027-02-01, amount: 300}
)";
    const Comparison c = f.run(text);
    const Table t = focus_table(c, f.cat);
    std::vector<double> billed(c.options.size(), 0.0);
    for (std::size_t r = 0; r < t.size(); ++r) {
        const std::string option = std::get<std::string>(t.at(r, "x_Option"));
        const double b = std::get<double>(t.at(r, "BilledCost"));
        billed[option == c.options[0].label ? 0 : 1] += b;
    }
    CHECK(billed[0] == doctest::Approx(c.options[0].total.amount()).epsilon(1e-12));
    CHECK(billed[1] == doctest::Approx(c.options[1].total.amount()).epsilon(1e-12));
    // The baseline's January input row: 31 x 1,000 requests x 1,000 tokens = 31M tokens at 2 USD per million = 62 USD
    // list, 10% off: 55.80 billed.
    bool seen = false;
    for (std::size_t r = 0; r < t.size(); ++r) {
        if (std::get<std::string>(t.at(r, "x_Option")) != "acme/flat" || std::get<std::string>(t.at(r, "SkuMeter")) != "Input Tokens") continue;
        if (std::get<Timestamp>(t.at(r, "ChargePeriodStart")) != parse_timestamp("2027-01-01T00:00:00Z")) continue;
        seen = true;
        CHECK(std::get<double>(t.at(r, "ConsumedQuantity")) == doctest::Approx(31e6));
        CHECK(std::get<double>(t.at(r, "PricingQuantity")) == doctest::Approx(31));
        CHECK(std::get<std::string>(t.at(r, "PricingUnit")) == "1000000 Tokens");
        CHECK(std::get<double>(t.at(r, "ListUnitPrice")) == doctest::Approx(2.0));
        CHECK(std::get<double>(t.at(r, "ListCost")) == doctest::Approx(62));
        CHECK(std::get<double>(t.at(r, "BilledCost")) == doctest::Approx(55.8));
        CHECK(std::get<Timestamp>(t.at(r, "ChargePeriodEnd")) == parse_timestamp("2027-02-01T00:00:00Z"));
        CHECK(std::get<std::string>(t.at(r, "SkuPriceDetails")) == R"({"TokenDirection":"Input","TokenCacheAction":"Uncached","ModelId":"flat"})");
        CHECK(std::get<std::string>(t.at(r, "ServiceCategory")) == "AI and Machine Learning");
    }
    CHECK(seen);
    // The routed option's one-off is a purchase, its credits a credit; its parts are named.
    std::set<std::string> categories, parts;
    for (std::size_t r = 0; r < t.size(); ++r) {
        if (std::get<std::string>(t.at(r, "x_Option")) != "half and half") continue;
        categories.insert(std::get<std::string>(t.at(r, "ChargeCategory")));
        if (const auto* p = std::get_if<std::string>(&t.at(r, "x_Part"))) parts.insert(*p);
    }
    CHECK(categories == std::set<std::string>{"Usage", "Purchase", "Credit"});
    CHECK(parts == std::set<std::string>{"acme/flat", "acme/cny"});
}

TEST_CASE("the claim under other shapes: long-context requests, refusals, another list of the candidate") {
    Fixture f;
    Workload w;
    w.requests_per_day = 100;
    w.input_tokens = TokenDistribution::fixed(1000);
    w.output_tokens = TokenDistribution::fixed(500);
    ComparisonSettings s;
    s.period = Period{parse_date("2027-01-01"), 12};
    const auto v = claim_variants(f.cat, w, Option("acme/flat"), Option("acme/cny"), Money(1000, Currency("USD")), s,
                                  {Option("acme/base")});
    auto row = [&](const std::string& name) -> const ClaimVariant& {
        for (const auto& x : v)
            if (x.name == name) return x;
        FAIL("no variant " << name);
        return v.front();
    };
    // As stated: acme/flat 0.006 USD a request; acme/cny 1,000 x 1 + 500 x 4 USD per million (7.2 and 28.8 CNY at 7.2)
    // = 0.003. Saving 0.003 x 365 = 1.095 USD a year per request a day, so 1,000 USD a year takes 913.24 requests a
    // day, 27,797 a month (x 30.4375) and 41.7M tokens a month (x 1,500).
    const ClaimVariant& stated = row("as stated");
    CHECK(*stated.implied_requests_per_day == doctest::Approx(1000 / 1.095));
    CHECK(*stated.implied_requests_per_month == doctest::Approx(1000 / 1.095 * 30.4375));
    CHECK(*stated.implied_tokens_per_month == doctest::Approx(1000 / 1.095 * 30.4375 * 1500));
    // One request in ten with 8,000 prompt tokens: acme/flat 0.9 x 0.006 + 0.1 x (0.016 + 0.004) = 0.0074; acme/cny
    // 0.9 x 0.003 + 0.1 x (0.008 + 0.002) = 0.0037. Saving 0.0037 x 365 = 1.3505 a year: 740.47 requests a day.
    const ClaimVariant& longer = row("10% long-context requests");
    CHECK(longer.baseline_cost_per_request->amount() == doctest::Approx(0.0074));
    CHECK(longer.candidate_cost_per_request->amount() == doctest::Approx(0.0037));
    CHECK(*longer.implied_requests_per_day == doctest::Approx(1000 / 1.3505));
    // acme/flat publishes no cached-input price, so a cached share is refused for it, with the reason.
    const ClaimVariant& cached = row("50% of the prompt cached");
    CHECK_FALSE(cached.implied_requests_per_day.has_value());
    CHECK(cached.note.find("refused") == 0);
    // The candidate's other list: acme/base costs as much as acme/flat until July and half from then on, so it is
    // cheaper over the year: 0.006 - (181 x 0.006 + 184 x 0.003) / 365 = 0.0015123 a request.
    const ClaimVariant& other = row("on acme/base");
    CHECK(other.candidate == "acme/base");
    CHECK(other.candidate_cost_per_request->amount() == doctest::Approx((181 * 0.006 + 184 * 0.003) / 365));
    const Table t = claim_variants_table(v, Currency("USD"));
    CHECK(t.size() == v.size());
}
