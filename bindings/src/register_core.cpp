// Python bindings of the core layer: money, dates, FX and the errors.
#include "convert.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace py = pybind11;

namespace infercost::py_convert {

namespace {

// The exception classes, made here so that the library's error hierarchy has one definition; infercost.errors
// re-exports them. InputError is also a ValueError, NotFoundError a KeyError (printed unquoted).
struct ErrorClasses {
    py::object error, input, not_found, currency;
};
ErrorClasses& error_classes() {
    static ErrorClasses c;  // set once at import; the interpreter keeps the module (and so the classes) alive
    return c;
}

py::object make_class(const char* name, py::tuple bases, const char* doc, py::dict attrs = py::dict()) {
    attrs["__doc__"] = doc;
    attrs["__module__"] = "infercost.errors";
    return py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(&PyType_Type))(name, bases, attrs);
}

void raise(const py::object& cls, const std::string& message, const py::dict& attrs) {
    py::object e = cls(message);
    for (auto item : attrs) py::setattr(e, item.first, item.second);
    PyErr_SetObject(cls.ptr(), e.ptr());
}

void translate(std::exception_ptr p) {
    const ErrorClasses& c = error_classes();
    try {
        if (p) std::rethrow_exception(p);
    } catch (const NotFoundError& e) {
        py::dict a;
        a["kind"] = e.kind();
        a["id"] = e.id();
        a["suggestions"] = e.suggestions();
        raise(c.not_found, e.what(), a);
    } catch (const InputError& e) {
        py::dict a;
        a["file"] = e.file().empty() ? py::object(py::none()) : py::object(py::str(e.file()));
        a["line"] = e.line() ? py::object(py::int_(e.line())) : py::object(py::none());
        a["column"] = e.column() ? py::object(py::int_(e.column())) : py::object(py::none());
        a["field"] = e.field().empty() ? py::object(py::none()) : py::object(py::str(e.field()));
        a["reason"] = e.reason();
        raise(c.input, e.what(), a);
    } catch (const CurrencyError& e) {
        raise(c.currency, e.what(), py::dict());
    } catch (const Error& e) {
        raise(c.error, e.what(), py::dict());
    }
}

void register_errors(py::module_& m) {
    ErrorClasses& c = error_classes();
    const py::object value_error = py::reinterpret_borrow<py::object>(PyExc_ValueError);
    const py::object key_error = py::reinterpret_borrow<py::object>(PyExc_KeyError);
    c.error = make_class("Error", py::make_tuple(py::reinterpret_borrow<py::object>(PyExc_Exception)),
                         "Base of every infercost error.");
    py::dict input_attrs;
    input_attrs["file"] = py::none();
    input_attrs["line"] = py::none();
    input_attrs["column"] = py::none();
    input_attrs["field"] = py::none();
    input_attrs["reason"] = "";
    c.input = make_class("InputError", py::make_tuple(c.error, value_error),
                         "Bad input: a file, an argument, or a request that cannot be priced as given.\n\n"
                         "When the input came from a file, ``file``, ``line`` and ``column`` (1-based) say where and "
                         "``field`` names the offending field (e.g. ``offerings[2].versions[0].prices.input``).",
                         input_attrs);
    py::dict nf_attrs;
    nf_attrs["kind"] = "";
    nf_attrs["id"] = "";
    nf_attrs["suggestions"] = py::list();
    // KeyError would print the message quoted; Exception's __str__ prints it as it is.
    nf_attrs["__str__"] = py::module_::import("builtins").attr("Exception").attr("__str__");
    c.not_found = make_class("NotFoundError", py::make_tuple(c.error, key_error),
                             "An unknown id. ``suggestions`` holds the closest known ids.", nf_attrs);
    c.currency = make_class("CurrencyError", py::make_tuple(c.error, value_error),
                            "Money in two currencies combined without a dated exchange rate, or a rate that is missing.");
    m.attr("Error") = c.error;
    m.attr("InputError") = c.input;
    m.attr("NotFoundError") = c.not_found;
    m.attr("CurrencyError") = c.currency;
    py::register_exception_translator(&translate);
}

}  // namespace

void register_core(py::module_& m) {
    register_errors(m);
    // Money is infercost.Money (bindings/infercost/_money.py), a float that keeps its currency; its currency
    // rules are these, the library's own.
    m.def("_money", [](const py::handle& amount, const py::handle& currency) {
        return Money(to_number(amount, "amount"), to_currency(currency));
    }, py::arg("amount"), py::arg("currency"));
    m.def("_money_add", [](const Money& a, const Money& b) { return a + b; });
    m.def("_money_subtract", [](const Money& a, const Money& b) { return a - b; });
    m.def("_money_ratio", [](const Money& a, const Money& b) { return a / b; });
    m.def("_money_compare", [](const Money& a, const Money& b) { return a < b ? -1 : (b < a ? 1 : 0); });
    m.def("_money_str", [](const Money& a) { return a.str(); });
    py::class_<FxTable>(m, "FxTable", "Dated exchange rates.")
        .def_property_readonly("currencies", [](const FxTable& f) {
            std::vector<std::string> out;
            for (const auto& c : f.currencies()) out.push_back(c.code());
            return out;
        })
        .def_property_readonly("rates", [](const FxTable& f) {
            py::list l;
            for (const auto& r : f.rates()) {
                py::dict d;
                d["date"] = from_date(r.date);
                d["base"] = r.base.code();
                d["quote"] = r.quote.code();
                d["rate"] = r.rate;
                d["source"] = r.source;
                d["checked"] = from_date(r.checked);
                l.append(d);
            }
            return l;
        })
        .def("conversion", [](const FxTable& f, const py::handle& from, const py::handle& to, const py::handle& on) {
            return conversion_dict(f.conversion(to_currency(from), to_currency(to), to_date(on, "on")));
        }, py::arg("from_currency"), py::arg("to_currency"), py::arg("on"),
            "The rate from one currency to another in force on a date, with its date and source.")
        .def("convert", [](const FxTable& f, const py::handle& amount, const py::handle& from, const py::handle& to,
                           const py::handle& on) {
            const Currency source = to_currency(from);
            const Money given = to_money(amount, source, "amount");
            if (given.currency() != source)
                throw CurrencyError("the amount is " + given.str() + " but from_currency is " + source.code() +
                                    "; give the amount's own currency");
            return f.convert(given, to_currency(to), to_date(on, "on"));
        }, py::arg("amount"), py::arg("from_currency"), py::arg("to_currency"), py::arg("on"),
            "The amount (Money, or a number in from_currency) in to_currency at the rate in force on a date.");
    m.def("_parse_timestamp", [](const std::string& s) { return parse_timestamp(s).time_since_epoch().count(); });
}

}  // namespace infercost::py_convert
