// Bad catalog input: each case names the file, line, column and field, and says what to fix.
#include "helpers.hpp"

#include <doctest/doctest.h>

using namespace infercost;

namespace {

// Line numbers of the fields below are used by the tests.
const std::string kGood = R"(provider:
  id: acme
  name: Acme AI
  homepage: https://acme.example
offerings:
  - id: acme/model-a
    model: model-a
    versions:
      - effective_from: 2025-01-01
        currency: USD
        source: https://acme.example/pricing
        checked: 2026-11-28
        prices:
          input: 1.0
          output: 2.0
)";

std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto pos = s.find(from);
    REQUIRE(pos != std::string::npos);
    return s.replace(pos, from.size(), to);
}

// Loads a catalog with the given provider file (and fx.yaml); returns the error it raises.
InputError load_error(const std::string& provider_yaml, const std::string& fx_yaml = test::kFxYaml) {
    test::ScratchDir dir({{"fx.yaml", fx_yaml}, {"api/acme.yaml", provider_yaml}});
    try {
        Catalog::load(dir.path());
    } catch (const InputError& e) {
        return e;
    }
    FAIL("the catalog loaded, but it should have been refused");
    return InputError("unreachable");
}

}  // namespace

TEST_CASE("the good file loads") {
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kGood}});
    const Catalog c = Catalog::load(dir.path());
    REQUIRE(c.offerings().size() == 1);
    CHECK(c.offering("acme/model-a").versions[0].prices.get(Meter::input) == 1.0);
}

TEST_CASE("a negative price") {
    const InputError e = load_error(replace(kGood, "input: 1.0", "input: -1.0"));
    CHECK(e.file().find("acme.yaml") != std::string::npos);
    CHECK(e.line() == 14);
    CHECK(e.column() == 18);
    CHECK(e.field() == "offerings[0].versions[0].prices.input");
    CHECK(e.reason().find("negative") != std::string::npos);
    CHECK(std::string(e.what()).find("acme.yaml:14:18: offerings[0].versions[0].prices.input") != std::string::npos);
}

TEST_CASE("an unknown key") {
    const InputError e = load_error(replace(kGood, "input: 1.0", "inptu: 1.0"));
    CHECK(e.line() == 14);
    CHECK(e.column() == 11);
    CHECK(e.field() == "offerings[0].versions[0].prices.inptu");
    CHECK(e.reason().find("unknown field 'inptu'") != std::string::npos);
}

TEST_CASE("a price that is not a number") {
    const InputError e = load_error(replace(kGood, "output: 2.0", "output: two"));
    CHECK(e.line() == 15);
    CHECK(e.field() == "offerings[0].versions[0].prices.output");
    CHECK(e.reason().find("expected a number") != std::string::npos);
}

TEST_CASE("a quoted number is refused rather than guessed") {
    const InputError e = load_error(replace(kGood, "output: 2.0", "output: \"2.0\""));
    CHECK(e.line() == 15);
    CHECK(e.reason().find("quoted") != std::string::npos);
}

TEST_CASE("NaN and infinity are refused") {
    CHECK(load_error(replace(kGood, "output: 2.0", "output: .nan")).reason().find("number") != std::string::npos);
    const InputError e = load_error(replace(kGood, "output: 2.0", "output: nan"));
    CHECK(e.line() == 15);
    CHECK(e.reason().find("finite") != std::string::npos);
    CHECK(load_error(replace(kGood, "output: 2.0", "output: inf")).reason().find("finite") != std::string::npos);
}

TEST_CASE("a missing output price") {
    const InputError e = load_error(replace(kGood, "          output: 2.0\n", ""));
    CHECK(e.field() == "offerings[0].versions[0].prices");
    CHECK(e.reason().find("missing required field 'output'") != std::string::npos);
}

TEST_CASE("a bad date") {
    const InputError e = load_error(replace(kGood, "checked: 2026-11-28", "checked: 2026-13-01"));
    CHECK(e.line() == 12);
    CHECK(e.column() == 18);
    CHECK(e.field() == "offerings[0].versions[0].checked");
}

TEST_CASE("an unknown currency") {
    const InputError e = load_error(replace(kGood, "currency: USD", "currency: XYZ"));
    CHECK(e.line() == 10);
    CHECK(e.field() == "offerings[0].versions[0].currency");
    CHECK(e.reason().find("unknown currency 'XYZ'") != std::string::npos);
    CHECK(load_error(replace(kGood, "currency: USD", "currency: usd")).reason().find("upper-case") != std::string::npos);
}

TEST_CASE("a missing source and a source that is not a URL") {
    const InputError e = load_error(replace(kGood, "        source: https://acme.example/pricing\n", ""));
    CHECK(e.field() == "offerings[0].versions[0].source");
    CHECK(e.reason().find("missing required field 'source'") != std::string::npos);
    const InputError f = load_error(replace(kGood, "source: https://acme.example/pricing", "source: the website"));
    CHECK(f.line() == 11);
    CHECK(f.reason().find("URL") != std::string::npos);
}

TEST_CASE("duplicate offering ids across files") {
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml},
                          {"api/acme.yaml", kGood},
                          {"api/acme2.yaml", replace(replace(kGood, "id: acme\n", "id: acme2\n"), "acme/model-a",
                                                     "acme2/model-a\n    aliases: [acme/model-a]")}});
    try {
        Catalog::load(dir.path());
        FAIL("duplicate ids were accepted");
    } catch (const InputError& e) {
        CHECK(e.file().find("acme2.yaml") != std::string::npos);
        CHECK(e.line() == 6);
        CHECK(e.reason().find("duplicate id 'acme/model-a'") != std::string::npos);
    }
}

TEST_CASE("a duplicated key inside a mapping") {
    const InputError e = load_error(replace(kGood, "output: 2.0", "output: 2.0\n          input: 3.0"));
    CHECK(e.line() == 16);
    CHECK(e.reason().find("given twice") != std::string::npos);
}

TEST_CASE("a YAML syntax error") {
    const InputError e = load_error(replace(kGood, "input: 1.0", "input: [1.0"));
    CHECK(e.line() > 0);
    CHECK(e.reason().find("YAML syntax error") != std::string::npos);
}

TEST_CASE("versions out of order") {
    const std::string two = replace(kGood, "          output: 2.0\n",
                                    "          output: 2.0\n"
                                    "      - effective_from: 2024-06-01\n"
                                    "        currency: USD\n"
                                    "        source: https://acme.example/pricing\n"
                                    "        checked: 2026-11-28\n"
                                    "        prices: {input: 1.0, output: 2.0}\n");
    const InputError e = load_error(two);
    CHECK(e.line() == 16);
    CHECK(e.field() == "offerings[0].versions[1].effective_from");
    CHECK(e.reason().find("oldest first") != std::string::npos);
}

TEST_CASE("context tiers: thresholds out of order and an unknown basis") {
    const std::string tiers = replace(kGood, "          output: 2.0\n",
                                      "          output: 2.0\n"
                                      "        tiers:\n"
                                      "          basis: whole_request\n"
                                      "          boundary: gt\n"
                                      "          counts_cached: true\n"
                                      "          missing_meter: base\n"
                                      "          levels:\n"
                                      "            - above: 128000\n"
                                      "              prices: {input: 2.0, output: 4.0}\n"
                                      "            - above: 32000\n"
                                      "              prices: {input: 3.0, output: 6.0}\n");
    const InputError e = load_error(tiers);
    CHECK(e.line() == 24);
    CHECK(e.field() == "offerings[0].versions[0].tiers.levels[1].above");
    CHECK(e.reason().find("ascending") != std::string::npos);
    const InputError b = load_error(replace(tiers, "basis: whole_request", "basis: per_token"));
    CHECK(b.line() == 17);
    CHECK(b.reason().find("whole_request or graduated") != std::string::npos);
    CHECK(load_error(replace(tiers, "boundary: gt", "boundary: greater")).reason().find("gt") != std::string::npos);
}

TEST_CASE("a time rule with an impossible window") {
    const std::string rule = replace(kGood, "          output: 2.0\n",
                                     "          output: 2.0\n"
                                     "        time_rules:\n"
                                     "          - name: off-peak\n"
                                     "            utc_offset: \"+08:00\"\n"
                                     "            windows: [\"25:00-08:30\"]\n"
                                     "            multiplier: 0.5\n");
    const InputError e = load_error(rule);
    CHECK(e.line() == 19);
    CHECK(e.field() == "offerings[0].versions[0].time_rules[0].windows[0]");
    CHECK(e.reason().find("00:00 and 24:00") != std::string::npos);
    const InputError z = load_error(replace(rule, "\"+08:00\"", "Asia/Shanghai"));
    CHECK(z.field() == "offerings[0].versions[0].time_rules[0].utc_offset");
    const InputError both = load_error(
        replace(replace(rule, "25:00", "00:30"), "multiplier: 0.5", "multiplier: 0.5\n            prices: {input: 1}"));
    CHECK(both.reason().find("either `multiplier` or override `prices`") != std::string::npos);
}

TEST_CASE("an unknown service tier and a bad fallback") {
    const InputError e = load_error(replace(kGood, "          output: 2.0\n",
                                            "          output: 2.0\n"
                                            "        service_tiers:\n"
                                            "          turbo: {multiplier: 2}\n"));
    CHECK(e.line() == 17);
    CHECK(e.reason().find("unknown service tier 'turbo'") != std::string::npos);
    const InputError f = load_error(replace(kGood, "          output: 2.0\n",
                                            "          output: 2.0\n"
                                            "        fallbacks: {reasoning: cached_input}\n"));
    CHECK(f.field() == "offerings[0].versions[0].fallbacks.reasoning");
    CHECK(f.reason().find("input or output") != std::string::npos);
}

TEST_CASE("an offering id outside its provider, and an empty versions list") {
    const InputError e = load_error(replace(kGood, "id: acme/model-a", "id: other/model-a"));
    CHECK(e.line() == 6);
    CHECK(e.reason().find("must start with the provider id 'acme/'") != std::string::npos);
    const std::string cut = kGood.substr(0, kGood.find("      - effective_from"));
    const InputError v = load_error(replace(cut, "versions:\n", "versions: []\n"));
    CHECK(v.field() == "offerings[0].versions");
}

TEST_CASE("a bad FX file") {
    const InputError e = load_error(kGood, replace(test::kFxYaml, "rate: 7.2", "rate: -7.2"));
    CHECK(e.file().find("fx.yaml") != std::string::npos);
    CHECK(e.line() == 6);
    CHECK(e.field() == "rates[0].rate");
    const InputError u = load_error(kGood, replace(test::kFxYaml, "quote: CNY", "quote: EUR"));
    CHECK(u.reason().find("unknown currency 'EUR'") != std::string::npos);
}

TEST_CASE("an empty file and a missing directory") {
    const InputError e = load_error("");
    CHECK(e.reason().find("empty") != std::string::npos);
    CHECK_THROWS_WITH_AS(Catalog::load("/nonexistent/infercost/pricing"), doctest::Contains("does not exist"), InputError);
}

TEST_CASE("unknown ids are NotFoundError with close matches") {
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kGood}});
    const Catalog c = Catalog::load(dir.path());
    try {
        c.offering("acme/model-b");
        FAIL("an unknown id was found");
    } catch (const NotFoundError& e) {
        CHECK(e.id() == "acme/model-b");
        REQUIRE_FALSE(e.suggestions().empty());
        CHECK(e.suggestions()[0] == "acme/model-a");
    }
}
