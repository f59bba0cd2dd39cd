#include "infercost/io.hpp"

#include "infercost/core/error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace infercost {

double clean_number(double x) {
    if (x == 0 || !std::isfinite(x)) return x;
    const int decimals = std::max(2, 7 - static_cast<int>(std::floor(std::log10(std::fabs(x)))));
    // Round in decimal text, not by scaling: x * 10^decimals can itself carry binary error.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    return std::strtod(buf, nullptr);
}

JsonValue json_cell(const Cell& cell) {
    struct Visit {
        JsonValue operator()(std::monostate) const { return {}; }
        JsonValue operator()(const std::string& s) const { return s; }
        JsonValue operator()(bool b) const { return b; }
        JsonValue operator()(std::int64_t n) const { return n; }
        JsonValue operator()(double x) const { return std::isfinite(x) ? JsonValue(x) : JsonValue(); }
        JsonValue operator()(Date d) const { return format_date(d); }
        JsonValue operator()(Timestamp t) const { return format_timestamp(t); }
    };
    return std::visit(Visit{}, cell);
}

namespace {
JsonValue::Object row_object(const Table& t, const std::vector<Cell>& row) {
    JsonValue::Object o;
    for (std::size_t i = 0; i < row.size(); ++i) o.emplace_back(t.columns()[i].name, json_cell(row[i]));
    return o;
}

// The shortest text that reads back as the same double (std::to_chars), after clean_number.
std::string number_text(double x) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, clean_number(x));
    return std::string(buf, r.ptr);
}

void write(const JsonValue& v, int indent, int depth, std::string& out) {
    const auto newline = [&](int d) {
        if (indent < 0) return;
        out += '\n';
        out.append(static_cast<std::size_t>(indent * d), ' ');
    };
    struct Visit {
        const int indent, depth;
        std::string& out;
        const decltype(newline)& nl;
        void operator()(std::monostate) const { out += "null"; }
        void operator()(bool b) const { out += b ? "true" : "false"; }
        void operator()(std::int64_t n) const { out += std::to_string(n); }
        // JSON has no NaN or infinity: a missing number is null.
        void operator()(double x) const { out += std::isfinite(x) ? number_text(x) : "null"; }
        // nlohmann-json escapes text (quotes, control characters, UTF-8 checked).
        void operator()(const std::string& s) const { out += nlohmann::json(s).dump(); }
        void operator()(const JsonValue::Array& a) const {
            if (a.empty()) { out += "[]"; return; }
            out += '[';
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (i) out += ',';
                nl(depth + 1);
                write(a[i], indent, depth + 1, out);
            }
            nl(depth);
            out += ']';
        }
        void operator()(const JsonValue::Object& o) const {
            if (o.empty()) { out += "{}"; return; }
            out += '{';
            for (std::size_t i = 0; i < o.size(); ++i) {
                if (i) out += ',';
                nl(depth + 1);
                out += nlohmann::json(o[i].first).dump();
                out += indent < 0 ? ":" : ": ";
                write(o[i].second, indent, depth + 1, out);
            }
            nl(depth);
            out += '}';
        }
    };
    std::visit(Visit{indent, depth, out, newline}, v.value);
}
}  // namespace

JsonValue json_records(const Table& t) {
    JsonValue::Array a;
    for (const auto& row : t.rows()) a.emplace_back(row_object(t, row));
    return a;
}

JsonValue json_record(const Table& t) {
    if (t.size() != 1)
        throw InputError("table " + t.name() + " has " + std::to_string(t.size()) + " rows; one was expected");
    return row_object(t, t.rows().front());
}

JsonValue json_columns(const Table& t) {
    JsonValue::Array a;
    for (const Column& c : t.columns()) {
        JsonValue::Object o{{"name", c.name}, {"kind", std::string(column_kind_name(c.kind))}, {"heading", c.heading}};
        if (c.kind == ColumnKind::money) {
            if (c.currency) o.emplace_back("currency", c.currency->code());
            else o.emplace_back("currency_column", c.currency_column);
        }
        if (!c.unit.empty()) o.emplace_back("unit", c.unit);
        a.emplace_back(std::move(o));
    }
    return a;
}

std::string write_json(const JsonValue& v, int indent) {
    std::string out;
    write(v, indent, 0, out);
    return out;
}

}  // namespace infercost
