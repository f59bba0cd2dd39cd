#include "convert.hpp"

#include <cmath>

#include <pybind11/stl.h>

namespace infercost::py_convert {

namespace {
std::string type_name(const py::handle& v) { return py::str(py::type::handle_of(v).attr("__name__")); }
py::module_ datetime_module() { return py::module_::import("datetime"); }
}  // namespace

Timestamp to_timestamp(const py::handle& value, const char* what) {
    if (py::isinstance<py::str>(value)) return parse_timestamp(value.cast<std::string>());
    const py::module_ dt = datetime_module();
    if (py::isinstance(value, dt.attr("datetime"))) {
        if (value.attr("tzinfo").is_none() || value.attr("utcoffset")().is_none())
            throw InputError(std::string(what) + " is a naive datetime; give it a time zone (e.g. tzinfo=timezone.utc) "
                             "or pass a string such as '2026-11-28T09:00:00Z'");
        const double secs = value.attr("timestamp")().cast<double>();
        return Timestamp(std::chrono::seconds(static_cast<std::int64_t>(std::floor(secs))));
    }
    if (py::isinstance(value, dt.attr("date"))) return std::chrono::sys_seconds(to_date(value, what));
    throw InputError(std::string(what) + " must be a date-time string, an aware datetime or a date, not " +
                     type_name(value));
}

py::object from_timestamp(Timestamp t) {
    const py::module_ dt = datetime_module();
    return dt.attr("datetime").attr("fromtimestamp")(t.time_since_epoch().count(), dt.attr("timezone").attr("utc"));
}

Date to_date(const py::handle& value, const char* what) {
    if (py::isinstance<py::str>(value)) return parse_date(value.cast<std::string>());
    const py::module_ dt = datetime_module();
    if (py::isinstance(value, dt.attr("datetime")))
        throw InputError(std::string(what) + " must be a date, not a datetime; pass value.date() or 'YYYY-MM-DD'");
    if (py::isinstance(value, dt.attr("date"))) {
        using namespace std::chrono;
        const year_month_day ymd{year(value.attr("year").cast<int>()), month(value.attr("month").cast<unsigned>()),
                                 day(value.attr("day").cast<unsigned>())};
        return sys_days(ymd);
    }
    throw InputError(std::string(what) + " must be a 'YYYY-MM-DD' string or a datetime.date, not " + type_name(value));
}

py::object from_date(Date d) {
    using namespace std::chrono;
    const year_month_day ymd(d);
    return datetime_module().attr("date")(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                                          static_cast<unsigned>(ymd.day()));
}

std::int64_t to_count(const py::handle& value, const char* what) {
    if (py::isinstance<py::bool_>(value))
        throw InputError(std::string(what) + " must be a whole number of tokens, not a bool");
    if (py::isinstance<py::float_>(value)) {
        const double v = value.cast<double>();
        throw InputError(std::string(what) + " must be a whole number of tokens, not the float " + py::str(value).cast<std::string>() +
                         (std::isnan(v) ? "" : "; round it first if that is meant"));
    }
    if (!py::hasattr(value, "__index__"))
        throw InputError(std::string(what) + " must be a whole number of tokens, not " + type_name(value));
    const std::int64_t n = value.attr("__index__")().cast<std::int64_t>();
    if (n < 0) throw InputError(std::string(what) + " is negative (" + std::to_string(n) + "); token counts are zero or more");
    return n;
}

double to_number(const py::handle& value, const char* what) {
    if (py::isinstance<py::bool_>(value) || !(py::isinstance<py::float_>(value) || py::hasattr(value, "__index__") ||
                                               py::hasattr(value, "__float__")))
        throw InputError(std::string(what) + " must be a number, not " + type_name(value));
    const double v = value.attr("__float__")().cast<double>();
    if (!std::isfinite(v)) throw InputError(std::string(what) + " must be a finite number, not " + py::str(value).cast<std::string>());
    return v;
}

Currency to_currency(const py::handle& value) {
    if (!py::isinstance<py::str>(value)) throw InputError("a currency is a code such as 'USD', not " + type_name(value));
    return Currency(value.cast<std::string>());
}

ServiceTier to_service_tier(const py::handle& value) {
    if (value.is_none()) return ServiceTier::standard;
    if (!py::isinstance<py::str>(value))
        throw InputError("service_tier must be one of 'standard', 'batch', 'flex', 'priority', not " + type_name(value));
    const std::string s = value.cast<std::string>();
    if (auto t = service_tier_from_name(s)) return *t;
    throw InputError("unknown service tier '" + s + "'; use 'standard', 'batch', 'flex' or 'priority'");
}

TokenDistribution to_distribution(const py::handle& value, const char* what) {
    if (py::isinstance<TokenDistribution>(value)) return value.cast<TokenDistribution>();
    if (py::isinstance<py::bool_>(value) || !(py::isinstance<py::int_>(value) || py::isinstance<py::float_>(value) ||
                                               py::hasattr(value, "__index__")))
        throw InputError(std::string(what) + " must be a number of tokens or a distribution (fixed, lognormal, "
                         "histogram), not " + type_name(value));
    return TokenDistribution::fixed(to_number(value, what));
}

py::object governance_dict(const std::optional<GovernanceFacts>& g) {
    if (!g) return py::none();
    py::dict d;
    d["deployment_class"] = std::string(deployment_class_name(g->deployment_class));
    d["deployment_mode"] = g->deployment_mode;
    d["inference_jurisdictions"] = g->inference_jurisdictions;
    d["jurisdictions_complete"] = g->jurisdictions_complete;
    d["may_route_to_mainland_china"] = g->may_route_to_mainland_china;
    d["provider_home"] = g->provider_home;
    d["model_origin"] = g->model_origin;
    d["open_weights"] = g->open_weights;
    d["license"] = g->license;
    d["zero_data_retention"] = std::string(zero_retention_name(g->zero_data_retention));
    d["trains_on_customer_data"] = std::string(training_use_name(g->trains_on_customer_data));
    d["source"] = g->source;
    d["checked"] = from_date(g->checked);
    return d;
}

namespace {
py::object money_class() { return py::module_::import("infercost._money").attr("Money"); }
}  // namespace

Money to_money(const py::handle& value, const Currency& currency, const char* what) {
    if (py::isinstance(value, money_class())) return value.cast<Money>();
    return Money(to_number(value, what), currency);
}

}  // namespace infercost::py_convert

namespace pybind11::detail {

bool type_caster<infercost::Money>::load(handle src, bool) {
    if (!isinstance(src, infercost::py_convert::money_class())) return false;
    value = infercost::Money(src.cast<double>(), infercost::Currency(src.attr("_currency").cast<std::string>()));
    return true;
}

handle type_caster<infercost::Money>::cast(const infercost::Money& m, return_value_policy, handle) {
    return infercost::py_convert::money_class().attr("_make")(m.amount(), m.currency().code()).release();
}

}  // namespace pybind11::detail
