// Result tables and the JSON writer: columns defined once, kinds checked, money with its currency, missing as
// null, numbers without binary noise.
#include "helpers.hpp"

#include <doctest/doctest.h>

using namespace infercost;

TEST_CASE("a price breakdown lays out as a table whose money columns name the list's currency") {
    // 10,000 prompt (4,000 cached) and 1,000 output at 2 / 0.5 / 8 per million, CNY:
    // 6,000 x 2 = 0.012, 4,000 x 0.5 = 0.002, 1,000 x 8 = 0.008; total 0.022 CNY.
    const Offering o = test::offering("acme/cny", {test::version("2025-01-01", test::prices({{Meter::input, 2.0},
        {Meter::cached_input, 0.5}, {Meter::output, 8.0}}), "CNY")});
    const PriceBreakdown b = price_request(o, test::usage(10'000, 4'000, 0, 1'000, 0), test::at("2026-01-01T00:00:00Z"));
    const Table t = breakdown_table(b);
    REQUIRE(t.size() == 3);
    const Column& cost = t.columns()[t.column_index("cost")];
    CHECK(cost.kind == ColumnKind::money);
    CHECK(cost.currency == Currency("CNY"));
    CHECK(cost.heading == "cost CNY");
    CHECK(t.columns()[t.column_index("rate")].heading == "rate CNY/unit");
    CHECK(std::get<double>(t.at(1, "cost")) == doctest::Approx(0.002));
    CHECK(std::get<std::string>(t.at(2, "meter")) == "output");
    CHECK(t.title == "acme/cny: 0.022000 CNY");
    CHECK_THROWS_AS(t.column_index("costs"), NotFoundError);
}

TEST_CASE("a table refuses cells of the wrong kind and money without a currency") {
    Table t("t", {Column{"n", ColumnKind::integer, "n", std::nullopt, {}, {}},
                  Column{"when", ColumnKind::date, "when", std::nullopt, {}, {}}});
    t.add_row({std::int64_t{3}, Cell{}});  // a missing date is allowed: it is written null
    CHECK_THROWS_AS(t.add_row({2.5, Cell{}}), InputError);
    CHECK_THROWS_AS(t.add_row({std::int64_t{1}}), InputError);
    CHECK_THROWS_AS(Table("m", {Column{"cost", ColumnKind::money, "cost", std::nullopt, {}, {}}}), InputError);
    CHECK_THROWS_AS(Table("m", {Column{"cost", ColumnKind::money, "cost", std::nullopt, "currency", {}}}), InputError);
}

TEST_CASE("the JSON writer: missing is null, dates as text, numbers without binary noise") {
    Table t("t", {Column{"id", ColumnKind::text, "id", std::nullopt, {}, {}},
                  Column{"cost", ColumnKind::money, "cost USD", usd(), {}, {}},
                  Column{"checked", ColumnKind::date, "checked", std::nullopt, {}, {}},
                  Column{"retired", ColumnKind::timestamp, "retired", std::nullopt, {}, {}}});
    // 0.1 + 0.002 is 0.10200000000000001 in binary; eight significant digits write it 0.102.
    t.add_row({std::string("a"), 0.1 + 0.002, parse_date("2026-11-28"), Cell{}});
    t.add_row({std::string("b"), Cell{}, Cell{}, parse_timestamp("2026-07-24T15:59:00Z")});
    CHECK(write_json(json_records(t), -1) ==
          R"([{"id":"a","cost":0.102,"checked":"2026-11-28","retired":null},)"
          R"({"id":"b","cost":null,"checked":null,"retired":"2026-07-24T15:59:00Z"}])");
    // Eight significant digits: 15010.874820000001 (binary noise) is 15010.875; large amounts keep their cents.
    CHECK(clean_number(15010.874820000001) == 15010.875);
    CHECK(clean_number(2266666666.6666665) == 2266666666.67);
    CHECK(write_json(JsonValue(JsonValue::Object{{"x", JsonValue::Array{}}, {"s", "a\"b"}}), -1) == R"({"x":[],"s":"a\"b"})");
    CHECK_THROWS_AS(json_record(t), InputError);  // two rows, not one
}
