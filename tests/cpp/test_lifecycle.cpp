// Lifecycles, provenance and holiday calendars: what the catalog records about an offering's end and about how
// its prices were checked, and what a cost report then says. Every figure is worked by hand in the comments.
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace infercost;

namespace {

// Two offerings of one provider: model-a (1 USD input / 2 USD output per million) retires at 2027-01-16 and names
// model-b (0.5 / 1) as its successor.
const std::string kLifecycle = R"(provider:
  id: acme
  name: Acme AI
offerings:
  - id: acme/model-a
    model: model-a
    deprecated: 2026-10-01T00:00:00Z
    retired: 2027-01-16T00:00:00Z
    successor: acme/model-b
    versions:
      - effective_from: 2025-01-01
        currency: USD
        source: https://acme.example/pricing
        read_url: https://copy.example/acme
        checked: 2026-11-28
        verified: secondary
        prices: {input: 1.0, output: 2.0}
  - id: acme/model-b
    model: model-b
    versions:
      - effective_from: 2026-06-01
        currency: USD
        source: https://acme.example/pricing
        checked: 2026-12-01
        verified: official
        prices: {input: 0.5, output: 1.0}
)";

// A peak rule that doubles every meter on weekdays, all day, except on the days of the calendar cn-test.
const std::string kPeak = R"(provider:
  id: acme
  name: Acme AI
offerings:
  - id: acme/peaky
    model: peaky
    versions:
      - effective_from: 2026-01-01
        currency: USD
        source: https://acme.example/pricing
        checked: 2026-12-01
        prices: {input: 1.0, output: 1.0}
        time_rules:
          - name: peak
            utc_offset: "+00:00"
            weekdays: [mon, tue, wed, thu, fri]
            excluded_calendars: [cn-test]
            multiplier: 2.0
)";

// 2026 as published; 2027 provisional with the four Spring Festival days 2027-02-05 (Fri) to 02-08 (Mon).
const std::string kCalendar = R"(calendar: cn-test
name: Test holidays
years:
  - year: 2026
    status: official
    source: https://example.com/2026
    checked: 2026-12-01
    verified: secondary
    holidays: [2026-10-01, 2026-10-02]
    workdays: [2026-10-10]
  - year: 2027
    status: provisional
    source: https://example.com/law
    checked: 2026-12-01
    verified: derived
    holidays: [2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08]
)";

std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto pos = s.find(from);
    REQUIRE(pos != std::string::npos);
    return s.replace(pos, from.size(), to);
}

InputError load_error(const std::map<std::string, std::string>& files) {
    test::ScratchDir dir(files);
    try {
        Catalog::load(dir.path());
    } catch (const InputError& e) {
        return e;
    }
    FAIL("the catalog loaded, but it should have been refused");
    return InputError("unreachable");
}

bool has_note(const CostReport& r, const std::string& part) {
    return std::any_of(r.notes.begin(), r.notes.end(), [&](const std::string& n) { return n.find(part) != std::string::npos; });
}

ComparisonSettings settings(const char* start, int months) {
    ComparisonSettings s;
    s.period = Period{parse_date(start), months};
    return s;
}

}  // namespace

TEST_CASE("provenance and lifecycle fields load, and pricing after retirement names the successor") {
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kLifecycle}});
    const Catalog c = Catalog::load(dir.path());
    const Offering& a = c.offering("acme/model-a");
    CHECK(a.versions[0].verified == Verification::secondary);
    CHECK(a.versions[0].read_url == "https://copy.example/acme");
    CHECK(c.offering("acme/model-b").versions[0].verified == Verification::official);
    CHECK(a.successor == "acme/model-b");
    REQUIRE(a.deprecated);
    CHECK(format_timestamp(*a.deprecated) == "2026-10-01T00:00:00Z");
    // 1,000 input tokens at 1 USD per million on the day before retirement: 0.001 USD.
    CHECK(price_request(a, test::usage(1000, 0, 0, 0, 0), test::at("2027-01-15T12:00:00Z")).total.amount() ==
          doctest::Approx(0.001));
    try {
        price_request(a, test::usage(1000, 0, 0, 0, 0), test::at("2027-01-16T00:00:00Z"));
        FAIL("a retired offering was priced");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("its successor is 'acme/model-b'") != std::string::npos);
    }
}

TEST_CASE("lifecycle and provenance mistakes are refused with the field") {
    const auto successor_missing = load_error(
        {{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", replace(kLifecycle, "successor: acme/model-b", "successor: acme/nope")}});
    CHECK(std::string(successor_missing.what()).find("names the successor 'acme/nope'") != std::string::npos);

    const auto bad_level = load_error(
        {{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", replace(kLifecycle, "verified: secondary", "verified: checked")}});
    CHECK(bad_level.field() == "offerings[0].versions[0].verified");
    CHECK(bad_level.reason().find("use official") != std::string::npos);

    // A successor without a deprecation or retirement date says nothing true.
    std::string no_date = replace(kLifecycle, "    deprecated: 2026-10-01T00:00:00Z\n", "");
    no_date = replace(no_date, "    retired: 2027-01-16T00:00:00Z\n", "");
    const auto undated = load_error({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", no_date}});
    CHECK(undated.field() == "offerings[0].successor");
}

TEST_CASE("a horizon across a retirement is refused, or priced on the successor from the retirement on") {
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kLifecycle}});
    const Catalog c = Catalog::load(dir.path());
    // 100 requests a day of 1,000 input and 100 output tokens, flat, over January 2027 (31 days).
    const Workload w = test::fixed_workload(100, 1000, 100);
    ComparisonSettings s = settings("2027-01-01", 1);
    CHECK_THROWS_WITH_AS(compare(c, w, {Option("acme/model-a")}, 0, s), doctest::Contains("choose its successor"), InputError);

    s.on_retirement = OnRetirement::successor;
    const Comparison k = compare(c, w, {Option("acme/model-a")}, 0, s);
    const CostReport& r = k.options[0];
    // model-a per request: 1000 x 1e-6 x 1 + 100 x 1e-6 x 2 = 0.0012 USD; model-b: 0.0005 + 0.0001 = 0.0006 USD.
    // 1-15 January on model-a: 15 x 100 x 0.0012 = 1.80; 16-31 January (16 days) on model-b: 16 x 100 x 0.0006 = 0.96.
    CHECK(r.total.amount() == doctest::Approx(2.76));
    CHECK(r.requests == doctest::Approx(3100));
    CHECK(has_note(r, "acme/model-a retires at 2027-01-16T00:00:00Z; from then on its successor acme/model-b is priced"));
    // The deprecation is said too (model-b has none).
    CHECK(has_note(r, "acme/model-a is deprecated"));
}

TEST_CASE("a time rule excludes the days of a holiday calendar, and says when a year is provisional or unknown") {
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kPeak}, {"calendars/cn-test.yaml", kCalendar}});
    const Catalog c = Catalog::load(dir.path());
    const Offering& o = c.offering("acme/peaky");
    REQUIRE(o.versions[0].time_rules[0].excluded_calendars.size() == 1);
    CHECK(o.versions[0].time_rules[0].excluded_dates.size() == 6);  // 2 days of 2026 and 4 of 2027

    // 1,000 + 1,000 tokens at 1 USD per million: 0.002 USD off peak, 0.004 USD at peak.
    CHECK(price_request(o, test::usage(1000, 0, 0, 1000, 0), test::at("2026-10-01T12:00:00Z")).total.amount() ==
          doctest::Approx(0.002));  // a Thursday, but a holiday
    CHECK(price_request(o, test::usage(1000, 0, 0, 1000, 0), test::at("2026-10-05T12:00:00Z")).total.amount() ==
          doctest::Approx(0.004));  // a Monday

    // February 2027: 28 days from Monday 1 February, so 20 weekdays, of which 5 and 8 February are holidays.
    // 18 peak days x 100 x 0.004 + 10 other days x 100 x 0.002 = 7.2 + 2.0 = 9.2 USD.
    const Workload w = test::fixed_workload(100, 1000, 1000);
    const Comparison feb = compare(c, w, {Option("acme/peaky")}, 0, settings("2027-02-01", 1));
    CHECK(feb.options[0].total.amount() == doctest::Approx(9.2));
    CHECK(has_note(feb.options[0], "Test holidays for 2027 are provisional"));

    // 2028 is not in the calendar: its holidays are billed as ordinary days, and the report says so.
    const Comparison later = compare(c, w, {Option("acme/peaky")}, 0, settings("2028-01-01", 1));
    CHECK(has_note(later.options[0], "Test holidays are not known for 2028"));

    const auto unknown = load_error({{"fx.yaml", test::kFxYaml},
                                     {"api/acme.yaml", replace(kPeak, "[cn-test]", "[cn-typo]")},
                                     {"calendars/cn-test.yaml", kCalendar}});
    CHECK(unknown.reason().find("unknown holiday calendar 'cn-typo'; calendars/ holds: cn-test") != std::string::npos);
    const auto gap = load_error({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kPeak},
                                 {"calendars/cn-test.yaml", replace(kCalendar, "year: 2027", "year: 2028")}});
    CHECK(gap.field() == "years[1].year");
}

TEST_CASE("an exchange rate older than 30 days before the FX date gets a note") {
    // A CNY list costed in USD with the only USD/CNY rate, of 2026-01-02, on 2026-03-01: 29 + 28 + 1 = 58 days.
    std::string cny = replace(kLifecycle, "currency: USD\n        source: https://acme.example/pricing\n        read_url",
                              "currency: CNY\n        source: https://acme.example/pricing\n        read_url");
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", cny}});
    const Catalog c = Catalog::load(dir.path());
    const Workload w = test::fixed_workload(100, 1000, 100);
    ComparisonSettings s = settings("2026-03-01", 1);
    const Comparison k = compare(c, w, {Option("acme/model-a")}, 0, s);
    CHECK(has_note(k.options[0], "the CNY to USD rate of 2026-01-02 is 58 days older than the FX date 2026-03-01"));
    // Used on 2026-01-20 (18 days after the fixing) it is not stale.
    const Comparison fresh = compare(c, w, {Option("acme/model-a")}, 0, settings("2026-01-20", 1));
    CHECK_FALSE(has_note(fresh.options[0], "days older"));
}

TEST_CASE("the catalog audit lists stale checks, unofficial prices and retirements ahead") {
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", kLifecycle}});
    const Catalog c = Catalog::load(dir.path());
    // On 2026-12-01: model-a was read in a copy (secondary) and retires on 2027-01-16, 46 days later (within 90);
    // model-b was read on its own page that day. Neither check is older than 90 days.
    const auto now = audit_catalog(c, parse_date("2026-12-01"));
    REQUIRE(now.size() == 2);
    CHECK(now[0].offering_id == "acme/model-a");
    CHECK(now[0].kind == AuditKind::not_official);
    CHECK(now[0].detail == "latest version is secondary (read at https://copy.example/acme)");
    CHECK(now[1].kind == AuditKind::retiring);
    CHECK(now[1].detail == "retires at 2027-01-16T00:00:00Z, successor acme/model-b");
    // On 2027-06-01 model-a is history (retired, with a successor); model-b's check is 182 days old
    // (30 + 31 + 28 + 31 + 30 + 31 + 1 days from 2026-12-01).
    const auto later = audit_catalog(c, parse_date("2027-06-01"));
    REQUIRE(later.size() == 1);
    CHECK(later[0].offering_id == "acme/model-b");
    CHECK(later[0].kind == AuditKind::stale_check);
    CHECK(later[0].detail == "latest version last checked 182 days before 2027-06-01");
    const Table t = audit_table(later, parse_date("2027-06-01"));
    CHECK(t.title == "1 findings as of 2027-06-01");
}

TEST_CASE("names as APIs and logs write them resolve to one offering, or to an error listing every fit") {
    // acme serves model-a (with the snapshot alias acme/model-a-2026-01-01) and model-b; router resells them as
    // acme/model-a and model-b and serves its own accounts/router/models/x.
    const std::string router = R"(provider:
  id: router
  name: Router
offerings:
  - id: router/model-a
    model: acme/model-a
    versions:
      - {effective_from: 2025-01-01, currency: USD, source: https://router.example, checked: 2026-11-28,
         prices: {input: 1.1, output: 2.2}}
  - id: router/model-b
    model: model-b
    versions:
      - {effective_from: 2025-01-01, currency: USD, source: https://router.example, checked: 2026-11-28,
         prices: {input: 0.6, output: 1.1}}
  - id: router/x
    model: accounts/router/models/x
    versions:
      - {effective_from: 2025-01-01, currency: USD, source: https://router.example, checked: 2026-11-28,
         prices: {input: 1, output: 1}}
)";
    const std::string acme = replace(kLifecycle, "    deprecated: 2026-10-01T00:00:00Z\n",
                                     "    aliases: [acme/model-a-2026-01-01]\n    deprecated: 2026-10-01T00:00:00Z\n");
    test::ScratchDir dir({{"fx.yaml", test::kFxYaml}, {"api/acme.yaml", acme}, {"api/router.yaml", router}});
    const Catalog c = Catalog::load(dir.path());
    CHECK(c.offering("model-a-2026-01-01").id == "acme/model-a");       // a dated snapshot as a log writes it
    CHECK(c.offering("accounts/router/models/x").id == "router/x");      // the provider's own name, slashes and all
    CHECK(c.offering("model-a").id == "acme/model-a");                   // a model name one offering serves
    try {
        c.offering("acme/model-a-typo");
        FAIL("a typo resolved");
    } catch (const NotFoundError& e) {
        CHECK(e.suggestions().front() == "acme/model-a");
    }
    // An id is that offering, even where a router's model name is the same text.
    CHECK(c.offering("acme/model-a").id == "acme/model-a");
    // "model-b" is the model name of two offerings: an error that lists both, not a pick.
    try {
        c.offering("model-b");
        FAIL("an ambiguous name resolved");
    } catch (const NotFoundError& e) {
        CHECK(e.suggestions() == std::vector<std::string>{"acme/model-b", "router/model-b"});
        CHECK(std::string(e.what()).find("several offerings") != std::string::npos);
    }
}
