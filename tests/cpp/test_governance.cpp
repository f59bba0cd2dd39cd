#include "infercost/io.hpp"
// Data-governance facts and policies: verdicts, reasons and the yearly cost of a policy, worked by hand.
#include "helpers.hpp"

#include <doctest/doctest.h>

using namespace infercost;

namespace {

const std::string kRoot = INFERCOST_TEST_SOURCE_DIR;

const Jurisdictions& jur() { return test::fixture_catalog().jurisdictions(); }

Policy policy(const char* file) { return load_policy(kRoot + "/examples/policies/" + file, jur()); }

// The same open weights (DeepSeek-R1: MIT, from a Chinese lab) at three places.
GovernanceFacts deepseek_api() {
    GovernanceFacts f;
    f.deployment_class = DeploymentClass::first_party_mainland_china;
    f.inference_jurisdictions = {"CN"};
    f.may_route_to_mainland_china = true;
    f.provider_home = "CN";
    f.model_origin = "CN";
    f.open_weights = true;
    f.license = "MIT";
    f.zero_data_retention = ZeroRetention::not_available;
    f.trains_on_customer_data = TrainingUse::unknown;
    return f;
}
GovernanceFacts us_host() {
    GovernanceFacts f = deepseek_api();
    f.deployment_class = DeploymentClass::third_party_host;
    f.inference_jurisdictions = {"US"};
    f.may_route_to_mainland_china = false;
    f.provider_home = "US";
    f.zero_data_retention = ZeroRetention::available;
    f.trains_on_customer_data = TrainingUse::no;
    return f;
}
GovernanceFacts self_hosted() {
    GovernanceFacts f = us_host();
    f.deployment_class = DeploymentClass::self_hosted_cloud;
    f.zero_data_retention = ZeroRetention::unknown;  // nothing leaves the company's account: not required
    f.trains_on_customer_data = TrainingUse::unknown;
    return f;
}

}  // namespace

TEST_CASE("the same open-weight model at a mainland API, a US host and self-hosted, under the example policies") {
    const Policy out_of_china = policy("keep-data-out-of-china.yaml");
    const PolicyVerdict api = evaluate(out_of_china, deepseek_api());
    CHECK_FALSE(api.passes);
    // Three rules fail: deployment class, routing, training.
    REQUIRE(api.reasons.size() == 3);
    CHECK(api.reasons[0].find("deployment class first_party_mainland_china is not allowed") != std::string::npos);
    CHECK(api.reasons[1].find("mainland China") != std::string::npos);
    CHECK(api.reasons[2].find("unknown, not 'no'") != std::string::npos);
    CHECK(evaluate(out_of_china, us_host()).passes);
    CHECK(evaluate(out_of_china, self_hosted()).passes);

    // Inference only in the US or the EEA: the mainland API fails on where it runs, the US host passes, and a
    // provider that does not publish every country it may use cannot show compliance.
    const Policy us_eea = policy("us-eea-only.yaml");
    CHECK(evaluate(us_eea, deepseek_api()).reasons.front().find("CN, outside the allowed jurisdictions") != std::string::npos);
    CHECK(evaluate(us_eea, us_host()).passes);
    GovernanceFacts global = us_host();
    global.jurisdictions_complete = false;
    const PolicyVerdict g = evaluate(us_eea, global);
    CHECK_FALSE(g.passes);
    CHECK(g.reasons.front().find("does not publish every country") != std::string::npos);

    // Refusing Chinese-origin weights fails all three: the origin does not depend on the host.
    const Policy no_cn = policy("no-chinese-weights.yaml");
    for (const auto& f : {deepseek_api(), us_host(), self_hosted()}) {
        const PolicyVerdict v = evaluate(no_cn, f);
        CHECK_FALSE(v.passes);
        CHECK(v.reasons.front().find("trained by a lab from CN") != std::string::npos);
    }

    // Personal data must be self-hosted; internal data may go to the US host.
    const Policy pd = policy("self-host-personal-data.yaml");
    CHECK_FALSE(evaluate(pd, us_host(), "personal_data").passes);
    CHECK(evaluate(pd, self_hosted(), "personal_data").passes);
    CHECK(evaluate(pd, us_host(), "internal").passes);
    CHECK_FALSE(evaluate(pd, deepseek_api(), "internal").passes);
    CHECK_THROWS_WITH_AS(evaluate(pd, us_host(), "secrets"), doctest::Contains("no data class 'secrets'"), InputError);
}

TEST_CASE("the cost of a policy is the cheapest compliant option's yearly cost minus the cheapest's") {
    // Three lists for one workload of 10,000 requests a day of 1,000 in / 500 out over 2027 (365 days):
    //   cn-api:  0.28 / 0.42 -> 0.00028 + 0.00021 = 0.00049 USD a request -> 1,788.50 USD a year
    //   us-host: 3.00 / 7.00 -> 0.003 + 0.0035    = 0.0065  USD a request -> 23,725.00 USD a year
    //   frontier: 2.00 / 8.00 -> 0.002 + 0.004    = 0.006   USD a request -> 21,900.00 USD a year (no facts)
    // Under "keep data out of China", cn-api fails, frontier has no facts: the cheapest compliant option is
    // us-host, and the policy costs 23,725 - 1,788.50 = 21,936.50 USD a year.
    Offering cn = test::offering("cnlab/r1", {test::version("2025-01-01", test::prices({{Meter::input, 0.28}, {Meter::output, 0.42}}))});
    cn.governance = deepseek_api();
    Offering us = test::offering("ushost/r1", {test::version("2025-01-01", test::prices({{Meter::input, 3.0}, {Meter::output, 7.0}}))});
    us.governance = us_host();
    const Offering fr = test::offering("frontier/x", {test::version("2025-01-01", test::prices({{Meter::input, 2.0}, {Meter::output, 8.0}}))});
    const Catalog cat({}, {cn, us, fr}, test::usd_cny_table(), {}, jur());
    Workload w;
    w.requests_per_day = 10000;
    w.input_tokens = TokenDistribution::fixed(1000);
    w.output_tokens = TokenDistribution::fixed(500);
    ComparisonSettings s;
    s.period = Period{parse_date("2027-01-01"), 12};
    const Comparison c = compare(cat, w, {Option("frontier/x"), Option("cnlab/r1"), Option("ushost/r1")}, 0, s);
    CHECK(c.options[1].per_year.amount() == doctest::Approx(1788.5));
    const PolicyCheck pc = check_policy(c, cat, policy("keep-data-out-of-china.yaml"));
    CHECK(pc.cheapest == 1);
    REQUIRE(pc.cheapest_compliant.has_value());
    CHECK(*pc.cheapest_compliant == 2);
    CHECK(pc.cost_of_policy_per_year->amount() == doctest::Approx(21936.5));
    CHECK_FALSE(pc.verdicts[0].passes);
    CHECK(pc.verdicts[0].reasons[0].find("no governance facts") != std::string::npos);
    // No compliant option: no cost of policy, and every option says why.
    const PolicyCheck none = check_policy(c, cat, policy("no-chinese-weights.yaml"));
    CHECK_FALSE(none.cheapest_compliant.has_value());
    CHECK_FALSE(none.cost_of_policy_per_year.has_value());
}

TEST_CASE("policy files with an unknown class or jurisdiction are refused with the location") {
    test::ScratchDir dir({{"class.yaml", "policy: {name: x}\nallowed_deployment_classes: [first_party, third_party_host]\n"},
                          {"code.yaml", "policy: {name: x}\nallowed_jurisdictions: [US, XX]\n"},
                          {"origin.yaml", "policy: {name: x}\nrefused_model_origins: [China]\n"},
                          {"key.yaml", "policy: {name: x}\nrequire_zero_retention: true\n"}});
    try {
        load_policy(dir.file("class.yaml"), jur());
        FAIL("an unknown class was accepted");
    } catch (const InputError& e) {
        CHECK(e.line() == 2);
        CHECK(e.column() == 30);
        CHECK(e.reason().find("unknown deployment class 'first_party'") != std::string::npos);
    }
    try {
        load_policy(dir.file("code.yaml"), jur());
        FAIL("an unknown jurisdiction was accepted");
    } catch (const InputError& e) {
        CHECK(e.line() == 2);
        CHECK(e.field() == "allowed_jurisdictions[1]");
        CHECK(e.reason().find("unknown jurisdiction 'XX'") != std::string::npos);
    }
    CHECK_THROWS_WITH_AS(load_policy(dir.file("origin.yaml"), jur()), doctest::Contains("unknown jurisdiction code 'China'"),
                         InputError);
    CHECK_THROWS_WITH_AS(load_policy(dir.file("key.yaml"), jur()), doctest::Contains("unknown field 'require_zero_retention'"),
                         InputError);
    // Groups expand: EEA is the EU and IS, LI, NO.
    const Policy q = policy("us-eea-only.yaml");
    CHECK(q.allowed_jurisdictions->count("NO") == 1);
    CHECK(q.allowed_jurisdictions->count("DE") == 1);
    CHECK(q.allowed_jurisdictions->count("SG") == 0);
}

TEST_CASE("facts as listed: DeepSeek-R1 at DeepSeek's API, at Together, and self-hosted") {
    const Catalog& c = test::fixture_catalog();
    for (const auto& o : c.offerings()) {
        REQUIRE_MESSAGE(o.governance.has_value(), o.id << " has no governance facts");
        CHECK_MESSAGE(o.governance->source.rfind("https://", 0) == 0, o.id << " has no source for its facts");
    }
    const GovernanceFacts& api = *c.offering("deepseek/deepseek-reasoner").governance;
    const GovernanceFacts& together = *c.offering("together/deepseek-r1").governance;
    CHECK(api.deployment_class == DeploymentClass::first_party_mainland_china);
    CHECK(together.deployment_class == DeploymentClass::third_party_host);
    CHECK(api.model_origin == "CN");
    CHECK(together.model_origin == "CN");
    CHECK(together.open_weights);
    GovernanceFacts own = together;  // the same weights on our own cloud account in the US
    own.deployment_class = DeploymentClass::self_hosted_cloud;
    own.inference_jurisdictions = {"US"};
    own.jurisdictions_complete = true;

    const Policy out_of_china = policy("keep-data-out-of-china.yaml");
    CHECK_FALSE(evaluate(out_of_china, api).passes);
    CHECK(evaluate(out_of_china, own).passes);
    const Policy no_cn = policy("no-chinese-weights.yaml");
    CHECK_FALSE(evaluate(no_cn, api).passes);
    CHECK_FALSE(evaluate(no_cn, together).passes);
    CHECK_FALSE(evaluate(no_cn, own).passes);
    const Policy pd = policy("self-host-personal-data.yaml");
    CHECK_FALSE(evaluate(pd, together, "personal_data").passes);
    CHECK(evaluate(pd, own, "personal_data").passes);
}
