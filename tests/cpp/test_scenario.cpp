#include "infercost/io.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

using namespace infercost;

namespace {

const char* kScenario = R"(name: test
currency: USD
horizon: {start: 2027-01-01, months: 12}
workload:
  requests_per_day: 10000
  utc_offset: "+00:00"
  input_tokens: {fixed: 1000}
  output_tokens: {fixed: 500}
baseline: acme/base
candidates:
  - acme/cand
claim:
  saving_per_year: 400000
  candidate: acme/cand
)";

const char* kProvider = R"(provider: {id: acme, name: Acme}
offerings:
  - id: acme/base
    model: base
    versions:
      - {effective_from: 2025-01-01, currency: USD, source: https://acme.example, checked: 2026-11-28,
         prices: {input: 2.0, output: 8.0}}
  - id: acme/cand
    model: cand
    versions:
      - {effective_from: 2025-01-01, currency: CNY, source: https://acme.example, checked: 2026-11-28,
         prices: {input: 2.88, output: 8.64}}
)";

std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto pos = s.find(from);
    REQUIRE(pos != std::string::npos);
    return s.replace(pos, from.size(), to);
}

InputError scenario_error(const std::string& text, const Catalog* cat) {
    try {
        parse_scenario(text, "scenario.yaml", cat);
    } catch (const InputError& e) {
        return e;
    }
    FAIL("the scenario was accepted");
    return InputError("unreachable");
}

}  // namespace

TEST_CASE("a scenario runs end to end, a CNY candidate converted at the dated rate") {
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kProvider}});
    const Catalog cat = Catalog::load(dir.path());
    const Scenario s = parse_scenario(kScenario, "scenario.yaml", &cat);
    const Comparison c = run_scenario(s, cat);
    // Baseline: 1,000 x 2 + 500 x 8 = 0.006 USD a request; 10,000 a day over 365 days: 21,900 USD.
    CHECK(c.options[0].per_year.amount() == doctest::Approx(21900));
    // Candidate: 1,000 x 2.88 + 500 x 8.64 = 0.00288 + 0.00432 = 0.0072 CNY = 0.001 USD at 7.2: 3,650 USD.
    CHECK(c.options[1].per_year.amount() == doctest::Approx(3650));
    REQUIRE(c.options[1].conversions.size() == 1);
    CHECK(c.options[1].conversions[0].from == cny());
    // The claim: saving 0.005 a request, 1.825 a year per request a day: 400,000 / 1.825 = 219,178 a day.
    const ClaimCheck k = check_scenario_claim(s, cat);
    CHECK(k.implied_requests_per_day == doctest::Approx(219178.08));
}

TEST_CASE("scenario errors name the line, column and field") {
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kProvider}});
    const Catalog cat = Catalog::load(dir.path());
    const InputError unknown = scenario_error(replace(kScenario, "  - acme/cand", "  - acme/cnad"), &cat);
    CHECK(unknown.line() == 11);
    CHECK(unknown.column() == 5);
    CHECK(unknown.field() == "candidates[0]");
    CHECK(unknown.reason().find("did you mean 'acme/cand'") != std::string::npos);
    const InputError neg = scenario_error(replace(kScenario, "requests_per_day: 10000", "requests_per_day: -5"), &cat);
    CHECK(neg.line() == 5);
    CHECK(neg.field() == "workload.requests_per_day");
    const InputError share = scenario_error(replace(kScenario, "  output_tokens: {fixed: 500}",
                                                    "  output_tokens: {fixed: 500}\n  cached_share: 1.5"),
                                            &cat);
    CHECK(share.field() == "workload.cached_share");
    const InputError dist = scenario_error(replace(kScenario, "{fixed: 1000}", "{lognormal: {mean: 1000, p90: 5000}}"), &cat);
    CHECK(dist.field() == "workload.input_tokens.lognormal");
    CHECK(dist.reason().find("2.27") != std::string::npos);
    const InputError hours = scenario_error(replace(kScenario, "  output_tokens: {fixed: 500}",
                                                    "  output_tokens: {fixed: 500}\n  hourly_profile: [1, 2, 3]"),
                                            &cat);
    CHECK(hours.reason().find("24 values") != std::string::npos);
    const InputError tier = scenario_error(
        replace(kScenario, "  - acme/cand", "  - {offering: acme/cand, service_tier: batch}"), &cat);
    CHECK(tier.reason().find("no 'batch' service tier") != std::string::npos);
    const InputError key = scenario_error(replace(kScenario, "currency: USD", "currency: USD\nhorizn: 3"), &cat);
    CHECK(key.line() == 3);
    CHECK(key.reason().find("unknown field 'horizn'") != std::string::npos);
    CHECK_THROWS_WITH_AS(load_scenario("/nonexistent/scenario.yaml"), doctest::Contains("cannot open"), InputError);
}

TEST_CASE("a weekday profile spreads a year's requests over the calendar") {
    // The weekday profile of examples/scenarios/qwen_switch.yaml, on the fixture provider (the example itself
    // runs on the bundled data in the data audit and in the example_qwen_switch test).
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kProvider}});
    const Catalog cat = Catalog::load(dir.path());
    const Scenario s = parse_scenario(replace(replace(kScenario, "requests_per_day: 10000", "requests_per_day: 150000"),
                                              "  output_tokens: {fixed: 500}",
                                              "  output_tokens: {fixed: 500}\n  weekday_profile: [1, 1, 1, 1, 1, 0.4, 0.3]"),
                                      "scenario.yaml", &cat);
    const Comparison c = run_scenario(s, cat);
    REQUIRE(c.options.size() == 2);
    // Weekday profile Mon..Sun = 1,1,1,1,1,0.4,0.3 (sum 5.7): a weekday gets 150,000 x 7/5.7 requests.
    // 2027 starts on a Friday: 53 Fridays, 52 of every other day. Weighted days:
    // 52 x 4 + 53 + 52 x 0.4 + 52 x 0.3 = 297.4; requests = 150,000 x 7/5.7 x 297.4.
    const double requests = 150000.0 * 7 / 5.7 * 297.4;
    CHECK(c.options[0].requests == doctest::Approx(requests));
    // Every request is 1,000 in and 500 out: 0.006 USD on the baseline, 0.001 USD on the candidate (see above).
    CHECK(c.options[0].per_year.amount() == doctest::Approx(requests * 0.006));
    CHECK(c.options[1].per_year.amount() == doctest::Approx(requests * 0.001));
}
