#include "infercost/core/table.hpp"

#include "infercost/detail/format.hpp"
#include "infercost/core/error.hpp"
#include "infercost/results.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace infercost {

std::string_view column_kind_name(ColumnKind k) {
    switch (k) {
        case ColumnKind::text: return "text";
        case ColumnKind::boolean: return "boolean";
        case ColumnKind::integer: return "integer";
        case ColumnKind::number: return "number";
        case ColumnKind::money: return "money";
        case ColumnKind::share: return "share";
        case ColumnKind::date: return "date";
        case ColumnKind::timestamp: return "timestamp";
    }
    return "text";
}

Table::Table(std::string name, std::vector<Column> columns) : name_(std::move(name)), columns_(std::move(columns)) {
    for (const Column& c : columns_) {
        if (c.kind != ColumnKind::money) continue;
        if (c.currency.has_value() == !c.currency_column.empty())
            throw InputError("table " + name_ + ": money column '" + c.name +
                             "' needs exactly one of a currency and a currency column");
        if (!c.currency_column.empty()) {
            const auto it = std::find_if(columns_.begin(), columns_.end(),
                                         [&](const Column& o) { return o.name == c.currency_column; });
            if (it == columns_.end() || it->kind != ColumnKind::text)
                throw InputError("table " + name_ + ": money column '" + c.name + "' names currency column '" +
                                 c.currency_column + "', which is not a text column of the table");
        }
    }
}

namespace {
// The variant index each kind of column holds (missing, index 0, fits every column).
std::size_t cell_index(ColumnKind k) {
    switch (k) {
        case ColumnKind::text: return 1;
        case ColumnKind::boolean: return 2;
        case ColumnKind::integer: return 3;
        case ColumnKind::number:
        case ColumnKind::money:
        case ColumnKind::share: return 4;
        case ColumnKind::date: return 5;
        case ColumnKind::timestamp: return 6;
    }
    return 1;
}
}  // namespace

void Table::add_row(std::vector<Cell> cells) {
    if (cells.size() != columns_.size())
        throw InputError("table " + name_ + ": a row has " + std::to_string(cells.size()) + " cells for " +
                         std::to_string(columns_.size()) + " columns");
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i].index() != 0 && cells[i].index() != cell_index(columns_[i].kind))
            throw InputError("table " + name_ + ": column '" + columns_[i].name + "' holds " +
                             std::string(column_kind_name(columns_[i].kind)) + " values");
    rows_.push_back(std::move(cells));
}

std::size_t Table::column_index(std::string_view name) const {
    for (std::size_t i = 0; i < columns_.size(); ++i)
        if (columns_[i].name == name) return i;
    std::vector<std::string> names;
    for (const Column& c : columns_) names.push_back(c.name);
    throw NotFoundError("column", std::string(name), close_matches(std::string(name), names));
}

const Cell& Table::at(std::size_t row, std::string_view column) const { return rows_.at(row).at(column_index(column)); }

// --- the results --------------------------------------------------------------------------------------------

}  // namespace infercost
