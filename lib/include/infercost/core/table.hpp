// Result tables: the columns of every result, defined once. Frames, HTML, CSV and the command line's JSON read
// these tables instead of keeping their own field lists. A column says what kind of value it holds, and a money
// column says its currency (one for the column, or a text column naming each row's).
#pragma once

#include "infercost/export.hpp"

#include "infercost/core/time.hpp"
#include "infercost/core/units.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace infercost {

enum class ColumnKind {
    text,
    boolean,
    integer,    // a whole number
    number,     // a real number (token counts averaged over a period, throughputs...)
    money,      // an amount, or a price per unit (see Column::unit), in the column's currency
    share,      // a fraction, 0.25 for 25%
    date,       // a calendar day
    timestamp,  // an instant, UTC
};
INFERCOST_API std::string_view column_kind_name(ColumnKind k);

struct INFERCOST_API Column {
    std::string name;     // key in JSON, records and frames: snake_case, or an option's label
    ColumnKind kind = ColumnKind::text;
    std::string heading;  // for people: money headings name their currency ("cost/year USD"); share headings
                          // end in "%" (a share is shown as a percentage)
    std::optional<Currency> currency;  // money: the currency of every cell, or ...
    std::string currency_column;       // ... the name of the text column holding each row's currency
    std::string unit;                  // optional: "per million tokens", "per year", ...
};

// One cell: empty (missing: null in JSON, blank in a table, never zero), text, a flag, a whole number, a real
// number (number, money and share columns), a date or an instant.
using Cell = std::variant<std::monostate, std::string, bool, std::int64_t, double, Date, Timestamp>;

class INFERCOST_API Table {
public:
    // InputError for a money column without exactly one of currency and currency_column, or a currency_column
    // that is not a text column of the table.
    Table(std::string name, std::vector<Column> columns);

    const std::string& name() const noexcept { return name_; }
    const std::vector<Column>& columns() const noexcept { return columns_; }
    const std::vector<std::vector<Cell>>& rows() const noexcept { return rows_; }
    std::size_t size() const noexcept { return rows_.size(); }

    // Adds a row; InputError naming the column for a wrong number of cells or a cell of the wrong kind.
    void add_row(std::vector<Cell> cells);
    // NotFoundError, with close matches, for an unknown column.
    std::size_t column_index(std::string_view name) const;
    const Cell& at(std::size_t row, std::string_view column) const;

    std::string title;               // one sentence saying what the table shows
    std::vector<std::string> notes;  // what the numbers rest on, for a reader

private:
    std::string name_;
    std::vector<Column> columns_;
    std::vector<std::vector<Cell>> rows_;
};

// A money cell of an amount (its currency is the column's).
inline Cell money_cell(const Money& m) { return m.amount(); }

}  // namespace infercost
