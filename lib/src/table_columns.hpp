// The column makers of the result tables (results.cpp and the files beside it that lay out one topic's results).
#pragma once

#include "infercost/core/table.hpp"

#include <string>

namespace infercost::table_columns {

inline Column text(std::string name, std::string heading = {}) {
    Column c{std::move(name), ColumnKind::text, std::move(heading), std::nullopt, {}, {}};
    if (c.heading.empty()) c.heading = c.name;
    return c;
}
inline Column of_kind(std::string name, ColumnKind kind, std::string heading, std::string unit = {}) {
    return Column{std::move(name), kind, std::move(heading), std::nullopt, {}, std::move(unit)};
}
// An amount in one currency; the heading names it.
inline Column money(std::string name, const std::string& heading, const Currency& cur, std::string unit = {}) {
    return Column{std::move(name), ColumnKind::money, heading + " " + cur.code(), cur, {}, std::move(unit)};
}
// A price per million tokens in the currency of each row's list.
inline Column row_price(std::string name) {
    Column c{name, ColumnKind::money, name, std::nullopt, "currency", "per million tokens"};
    return c;
}
inline Cell opt_text(const std::string& s) { return s.empty() ? Cell{} : Cell{s}; }

}  // namespace infercost::table_columns
