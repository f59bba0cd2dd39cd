// JSON for results: one writer for every table and for the command line's versioned documents.
//
// Rows become objects keyed by column name; a missing cell is null (never zero); dates are "YYYY-MM-DD" and
// instants "YYYY-MM-DDTHH:MM:SSZ"; numbers keep ten significant digits (and at least two decimals, so amounts
// keep their cents), which drops the noise of binary arithmetic (0.10200000000000005 is written 0.102).
#pragma once

#include "infercost/export.hpp"

#include "infercost/table.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace infercost {

// A JSON value: null, a flag, a whole number, a real number, text, an array or an object (keys in order).
struct INFERCOST_API JsonValue {
    using Array = std::vector<JsonValue>;
    using Object = std::vector<std::pair<std::string, JsonValue>>;
    std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object> value;

    JsonValue() = default;
    JsonValue(std::nullptr_t) {}
    JsonValue(bool b) : value(b) {}
    JsonValue(std::int64_t n) : value(n) {}
    JsonValue(double x) : value(x) {}
    JsonValue(std::string s) : value(std::move(s)) {}
    JsonValue(const char* s) : value(std::string(s)) {}
    JsonValue(Array a) : value(std::move(a)) {}
    JsonValue(Object o) : value(std::move(o)) {}
};

// One cell as JSON.
INFERCOST_API JsonValue json_cell(const Cell& cell);
// The rows of a table, each an object keyed by column name.
INFERCOST_API JsonValue json_records(const Table& t);
// The one row of a table (a claim check, a plan summary) as an object; InputError when it has another count.
INFERCOST_API JsonValue json_record(const Table& t);
// The columns of a table: name, kind, heading, and for money the currency (or currency_column) and unit.
INFERCOST_API JsonValue json_columns(const Table& t);

// The text of a value, indented by `indent` spaces per level (no line breaks with a negative indent).
INFERCOST_API std::string write_json(const JsonValue& v, int indent = 2);

// A number as JSON writes it: ten significant digits, at least two decimals.
INFERCOST_API double clean_number(double x);

}  // namespace infercost
