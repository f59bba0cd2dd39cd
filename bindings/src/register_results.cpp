// Python bindings of the result tables: infercost._core.Table and the table methods of every result.
#include "register.hpp"

#include "convert.hpp"

#include <infercost/io.hpp>
#include <infercost/results.hpp>

#include <pybind11/stl.h>

#include <cmath>
#include <limits>

namespace infercost::py_convert {

namespace {

py::dict column_dict(const Column& c) {
    py::dict d;
    d["name"] = c.name;
    d["kind"] = std::string(column_kind_name(c.kind));
    d["heading"] = c.heading;
    d["currency"] = c.currency ? py::object(py::str(c.currency->code())) : py::object(py::none());
    d["currency_column"] = c.currency_column.empty() ? py::object(py::none()) : py::object(py::str(c.currency_column));
    d["unit"] = c.unit;
    return d;
}

// One column of the table as a numpy array: float64 (NaN where missing) for numbers, amounts and shares,
// int64 for whole numbers (float64 with NaN when one is missing), datetime64 (NaT where missing) for dates and
// instants, bool for flags (object with None when one is missing), object (str or None) for text.
py::object column_array(const Table& t, std::size_t i) {
    const py::module_ np = py::module_::import("numpy");
    const ColumnKind kind = t.columns()[i].kind;
    bool missing = false;
    for (const auto& row : t.rows()) missing = missing || std::holds_alternative<std::monostate>(row[i]);
    py::list values;
    constexpr std::int64_t nat = std::numeric_limits<std::int64_t>::min();
    for (const auto& row : t.rows()) {
        const Cell& c = row[i];
        const bool none = std::holds_alternative<std::monostate>(c);
        switch (kind) {
            case ColumnKind::number:
            case ColumnKind::money:
            case ColumnKind::share:
                values.append(none ? std::nan("") : std::get<double>(c));
                break;
            case ColumnKind::integer:
                if (none) values.append(std::nan(""));
                else values.append(std::get<std::int64_t>(c));
                break;
            case ColumnKind::date:
                values.append(none ? nat : std::get<Date>(c).time_since_epoch().count());
                break;
            case ColumnKind::timestamp:
                values.append(none ? nat : static_cast<std::int64_t>(std::get<Timestamp>(c).time_since_epoch().count()));
                break;
            case ColumnKind::boolean:
                if (none) values.append(py::none());
                else values.append(std::get<bool>(c));
                break;
            case ColumnKind::text:
                if (none) values.append(py::none());
                else values.append(std::get<std::string>(c));
                break;
        }
    }
    switch (kind) {
        case ColumnKind::number:
        case ColumnKind::money:
        case ColumnKind::share: return np.attr("array")(values, "float64");
        case ColumnKind::integer: return np.attr("array")(values, missing ? "float64" : "int64");
        case ColumnKind::date: return np.attr("array")(values, "int64").attr("astype")("datetime64[D]");
        case ColumnKind::timestamp: return np.attr("array")(values, "int64").attr("astype")("datetime64[s]");
        case ColumnKind::boolean: return np.attr("array")(values, missing ? "object" : "bool");
        case ColumnKind::text: break;
    }
    py::object a = np.attr("empty")(values.size(), "object");
    for (std::size_t r = 0; r < values.size(); ++r) a[py::int_(r)] = values[r];
    return a;
}

py::object to_records(const Table& t) {
    const py::module_ np = py::module_::import("numpy");
    py::list arrays, fields;
    for (std::size_t i = 0; i < t.columns().size(); ++i) {
        py::object a = column_array(t, i);
        arrays.append(a);
        fields.append(py::make_tuple(t.columns()[i].name, a.attr("dtype")));
    }
    py::object out = np.attr("empty")(t.size(), np.attr("dtype")(fields));
    for (std::size_t i = 0; i < t.columns().size(); ++i) out[py::str(t.columns()[i].name)] = arrays[i];
    return out;
}

// A Python value as JSON: None, bool, int, float (Money included), str, date and datetime (aware), dicts, lists
// and tuples, numpy scalars, result tables (their records), and pandas' missing markers (NaN, NaT: null).
JsonValue from_python(const py::handle& v) {
    if (v.is_none()) return {};
    if (py::isinstance<py::bool_>(v)) return v.cast<bool>();
    if (py::isinstance<py::int_>(v)) return v.cast<std::int64_t>();
    if (py::isinstance<py::float_>(v)) return v.cast<double>();
    if (py::isinstance<py::str>(v)) return v.cast<std::string>();
    if (py::isinstance<Table>(v)) return json_records(v.cast<const Table&>());
    if (py::isinstance<py::dict>(v)) {
        JsonValue::Object o;
        for (auto item : v.cast<py::dict>()) o.emplace_back(py::str(item.first).cast<std::string>(), from_python(item.second));
        return o;
    }
    if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
        JsonValue::Array a;
        for (auto x : v) a.push_back(from_python(x));
        return a;
    }
    const py::module_ dt = py::module_::import("datetime");
    if (py::isinstance(v, dt.attr("datetime"))) {
        if (py::module_::import("pandas").attr("isna")(v).cast<bool>()) return {};
        // A frame holds instants as datetime64 without a zone, in UTC (Table.to_records): read those as UTC.
        if (v.attr("tzinfo").is_none())
            return format_timestamp(to_timestamp(v.attr("replace")(py::arg("tzinfo") = dt.attr("timezone").attr("utc")), "a date-time"));
        return format_timestamp(to_timestamp(v, "a date-time"));
    }
    if (py::isinstance(v, dt.attr("date"))) return format_date(to_date(v, "a date"));
    if (py::hasattr(v, "item") && py::hasattr(v, "dtype")) {  // a numpy scalar
        if (py::module_::import("pandas").attr("isna")(v).cast<bool>()) return {};
        return from_python(v.attr("item")());
    }
    if (py::module_::import("pandas").attr("isna")(v).cast<bool>()) return {};
    throw InputError("cannot write a " + py::str(py::type::handle_of(v).attr("__name__")).cast<std::string>() +
                     " as JSON");
}

}  // namespace

static Grouping to_grouping(const std::string& by) {
    const auto g = grouping_from_name(by);
    if (!g) throw InputError("by must be 'month', 'quarter' or 'year', not '" + by + "'");
    return *g;
}

void register_results(py::module_& m) {
    py::class_<Table>(m, "Table",
                      "A result as a table: named columns of a kind (text, boolean, integer, number, money, share, date, "
                      "timestamp), money in a stated currency. The one definition of a result's columns.")
        .def_property_readonly("name", &Table::name)
        .def_readonly("title", &Table::title)
        .def_readonly("notes", &Table::notes)
        .def_property_readonly("columns", [](const Table& t) {
            py::list l;
            for (const Column& c : t.columns()) l.append(column_dict(c));
            return l;
        }, "One dict per column: name, kind, heading, currency (or currency_column, for money), unit.")
        .def("__len__", &Table::size)
        .def("to_records", &to_records,
             "The rows as a numpy structured array, one field per column (float64 with NaN for missing numbers and "
             "amounts, datetime64 with NaT for missing dates).")
        .def("to_json", [](const Table& t, int indent) { return write_json(json_records(t), indent); },
             py::arg("indent") = 2, "The rows as a JSON array of objects.")
        .def("__repr__", [](const Table& t) {
            return "<Table " + t.name() + ": " + std::to_string(t.size()) + " rows, " + std::to_string(t.columns().size()) +
                   " columns>";
        });

    py::class_<Comparison>(m.attr("Comparison"))
        .def("table", &comparison_table, "Per option: cost and saving per year, saving share, cost per request.")
        .def("by_meter_table", &by_meter_table, py::arg("every_line") = false,
             "Yearly cost per option and cost line: every line, or (the default) the lines some option has.")
        .def("monthly_table", &monthly_table, "Cost per month and option.")
        .def("projection_table", [](const Comparison& c, const std::string& by) { return projection_table(c, to_grouping(by)); },
             py::arg("by") = "month",
             "Per period (month, quarter or year) and option: requests, cost lines, cost and cash, in long form.")
        .def("savings_table", [](const Comparison& c, const std::string& by) { return savings_table(c, to_grouping(by)); },
             py::arg("by") = "month", "Per period and option against the baseline: cost, saving, cash saving, cumulated.")
        .def("finance_table", &finance_table, "Per option against the baseline: saving, payback, NPV and IRR.")
        .def("task_table", &task_table, "With tasks, per option: requests and tokens per task, success rate, cost per "
             "task and per successful task.")
        .def("assumptions_table", &assumptions_table, "What each option's cost rests on.");
    py::class_<CostReport>(m.attr("CostReport")).def("table", &report_table, "Month by month, by cost line.");
    py::class_<SelfHostReport>(m.attr("SelfHostReport"))
        .def("table", [](const SelfHostReport& p) { return plans_table({&p}); }, "The plan's figures as one row.");
    py::class_<BreakEven>(m.attr("BreakEven"))
        .def("table", [](const BreakEven& b, const std::string& against, const py::handle& currency) {
            return break_even_table(b, against, to_currency(currency));
        }, py::arg("against"), py::arg("currency"), "The break-even as one row, amounts in the plan's currency.");
    m.def("focus_table", &focus_table, py::arg("comparison"), py::arg("catalog"),
          "The projection as FOCUS 1.3 cost rows: one per option, part, month and cost line; their BilledCost adds up to "
          "each option's projected cost.");
    m.def("plans_table", [](const py::list& plans) {
        std::vector<const SelfHostReport*> ps;
        for (auto p : plans) ps.push_back(&p.cast<const SelfHostReport&>());
        return plans_table(ps);
    }, py::arg("plans"), "Self-hosted plans side by side, one row each (one currency).");
    py::class_<PriceBreakdown>(m.attr("PriceBreakdown")).def("table", &breakdown_table, "One row per charge.");
    py::class_<ClaimCheck>(m.attr("ClaimCheck")).def("table", &claim_table, "The claim check as one row.");
    py::class_<PolicyCheck>(m.attr("PolicyCheck")).def("table", &policy_table, "Per option: cost, verdict, reasons.");
    py::class_<ThroughputEstimate>(m.attr("ThroughputEstimate"))
        .def("step_table", &step_table,
             "What the decode step spends its time on, part by part, with what bounds it in the title and what slows "
             "the layout in the notes (`selfhost throughput --explain`).");
    py::class_<Catalog>(m.attr("Catalog"))
        .def("table", [](const Catalog& c, const py::handle& at, const std::string& provider) {
            std::optional<Timestamp> when;
            if (!at.is_none()) when = to_timestamp(at, "at");
            return catalog_table(c, provider, when);
        }, py::arg("at") = py::none(), py::arg("provider") = "",
           "One row per offering with the prices in force at `at` (default: each offering's latest version).")
        .def("audit_table", [](const Catalog& c, const py::handle& on, const py::list& sources, const py::handle& threshold,
                               int stale_days, int retiring_days) {
            std::vector<CatalogDiff> diffs;
            for (auto s : sources) diffs.push_back(diff_catalogs(c, s.cast<const ImportedCatalog&>(), to_number(threshold, "threshold")));
            const Date day = to_date(on, "on");
            return audit_table(audit_catalog(c, day, diffs, stale_days, retiring_days), day);
        }, py::arg("on"), py::kw_only(), py::arg("sources") = py::list(), py::arg("threshold") = kDiffThreshold,
           py::arg("stale_days") = kAuditStaleDays, py::arg("retiring_days") = kAuditRetiringDays,
           "What `catalog audit` reports as of `on`: stale checks, prices not read on the provider's page, offerings "
           "retiring soon or without a successor, and prices that differ from each imported source.")
        .def("refresh_table", [](const Catalog& c, const py::handle& on, const py::list& sources, const py::handle& threshold) {
            std::vector<CatalogDiff> diffs;
            for (auto s : sources) diffs.push_back(diff_catalogs(c, s.cast<const ImportedCatalog&>(), to_number(threshold, "threshold")));
            return refresh_table(diffs, to_date(on, "on"));
        }, py::arg("on"), py::kw_only(), py::arg("sources"), py::arg("threshold") = kDiffThreshold,
           "What `catalog refresh` reports: per imported source, the offerings it prices that the catalog lacks (of "
           "the providers the catalog covers), prices that differ by more than `threshold`, and ends of life the "
           "source knows and the catalog does not.");

    m.def("_json_dumps", [](const py::handle& value, int indent) { return write_json(from_python(value), indent); },
          py::arg("value"), py::arg("indent") = 2,
          "The JSON text of a document: the library's one JSON writer, with its rules for missing values, dates and "
          "numbers.");
    m.def("_clean_number", &clean_number, py::arg("x"), "A number as the JSON writer writes it (eight significant digits).");
    m.def("_json_record", [](const Table& t) {
        // Round-trips through the writer's own value, so a record keeps its cells' JSON meaning.
        return py::module_::import("json").attr("loads")(write_json(json_record(t), -1));
    }, "The one row of a table as a dict, as JSON writes it.");
}

}  // namespace infercost::py_convert
