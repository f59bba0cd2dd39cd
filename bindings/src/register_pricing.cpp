// Python bindings of the pricing layer: usage, offerings and the price of one request.
#include "convert.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace py = pybind11;

namespace infercost::py_convert {

void register_pricing(py::module_& m) {
    m.attr("METERS") = [] {
        py::list l;
        for (Meter x : kAllMeters) l.append(std::string(meter_name(x)));
        return l;
    }();
    m.attr("METER_UNITS") = [] {
        py::dict d;
        for (Meter x : kAllMeters) d[py::str(std::string(meter_name(x)))] = std::string(meter_unit_name(x));
        return d;
    }();
    m.attr("USAGE_COLUMNS") = [] {
        py::list l;
        for (auto c : kUsageColumnNames) l.append(std::string(c));
        return l;
    }();
    py::class_<Usage>(m, "Usage",
                      "Usage of one request. input counts the whole prompt (cached_input, cache_write and "
                      "cache_write_long are parts of it); output counts everything generated (reasoning is a part "
                      "of it); web_searches counts the web search or fetch calls the request made.")
        .def(py::init(&make_usage), py::kw_only(), py::arg("input") = 0, py::arg("cached_input") = 0,
             py::arg("cache_write") = 0, py::arg("output") = 0, py::arg("reasoning") = 0,
             py::arg("cache_write_long") = 0, py::arg("web_searches") = 0)
        .def_property_readonly("input", [](const Usage& u) { return u.input.value(); })
        .def_property_readonly("cached_input", [](const Usage& u) { return u.cached_input.value(); })
        .def_property_readonly("cache_write", [](const Usage& u) { return u.cache_write.value(); })
        .def_property_readonly("output", [](const Usage& u) { return u.output.value(); })
        .def_property_readonly("reasoning", [](const Usage& u) { return u.reasoning.value(); })
        .def_property_readonly("cache_write_long", [](const Usage& u) { return u.cache_write_long.value(); })
        .def_readonly("web_searches", &Usage::web_searches)
        .def("__eq__", [](const Usage& a, const py::object& other) -> py::object {
            if (!py::isinstance<Usage>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            const Usage& b = other.cast<const Usage&>();
            return py::bool_(a.input == b.input && a.cached_input == b.cached_input && a.cache_write == b.cache_write &&
                             a.output == b.output && a.reasoning == b.reasoning &&
                             a.cache_write_long == b.cache_write_long && a.web_searches == b.web_searches);
        })
        .def("__repr__", [](const Usage& u) {
            std::string s = "Usage(input=" + std::to_string(u.input.value()) + ", cached_input=" +
                            std::to_string(u.cached_input.value()) + ", cache_write=" + std::to_string(u.cache_write.value()) +
                            ", output=" + std::to_string(u.output.value()) + ", reasoning=" + std::to_string(u.reasoning.value());
            if (u.cache_write_long.value()) s.append(", cache_write_long=").append(std::to_string(u.cache_write_long.value()));
            if (u.web_searches) s.append(", web_searches=").append(std::to_string(u.web_searches));
            return s + ")";
        });
    m.def("_usage_from_anthropic", [](const py::handle& input, const py::handle& read, const py::handle& write,
                                      const py::handle& output, const py::handle& thinking, const py::handle& write_1h,
                                      const py::handle& searches) {
        return from_anthropic(AnthropicUsage{to_count(input, "input_tokens"), to_count(read, "cache_read_input_tokens"),
                                             to_count(write, "cache_creation_input_tokens"),
                                             to_count(output, "output_tokens"), to_count(thinking, "thinking_tokens"),
                                             to_count(write_1h, "ephemeral_1h_input_tokens"),
                                             to_count(searches, "web_search_requests")});
    });
    py::class_<MeterCharge>(m, "MeterCharge")
        .def_property_readonly("meter", [](const MeterCharge& c) { return std::string(meter_name(c.meter)); })
        .def_readonly("quantity", &MeterCharge::quantity)
        .def_readonly("rate", &MeterCharge::rate, "Per million tokens (per call for request and web_search, per "
                      "million token-hours for cache_storage).")
        .def_readonly("level", &MeterCharge::level)
        .def_readonly("cost", &MeterCharge::cost);
    py::class_<PriceBreakdown>(m, "PriceBreakdown", "The price of one request, meter by meter.")
        .def_readonly("offering_id", &PriceBreakdown::offering_id)
        .def_readonly("total", &PriceBreakdown::total)
        .def_property_readonly("currency", [](const PriceBreakdown& b) { return b.currency.code(); })
        .def_readonly("level", &PriceBreakdown::level, "Context tier chosen by the prompt size (0 = base).")
        .def_property_readonly("time_rule", [](const PriceBreakdown& b) -> py::object {
            return b.time_rule.empty() ? py::object(py::none()) : py::object(py::str(b.time_rule));
        })
        .def_property_readonly("service_tier", [](const PriceBreakdown& b) { return std::string(service_tier_name(b.service_tier)); })
        .def_readonly("scope", &PriceBreakdown::scope, "The serving scope priced; empty for the list's default.")
        .def_readonly("version_index", &PriceBreakdown::version_index)
        .def_property_readonly("version_from", [](const PriceBreakdown& b) { return from_timestamp(b.version_from); })
        .def_readonly("source", &PriceBreakdown::source)
        .def_property_readonly("checked", [](const PriceBreakdown& b) { return from_date(b.checked); })
        .def_readonly("charges", &PriceBreakdown::charges)
        .def("cost_of", [](const PriceBreakdown& b, const std::string& meter) {
            const auto mm = meter_from_name(meter);
            if (!mm) throw InputError("unknown meter '" + meter + "'");
            return b.cost_of(*mm);
        }, py::arg("meter"));
    py::class_<Offering>(m, "Offering", "A model at a provider at a price list, with the list's history.")
        .def_readonly("id", &Offering::id)
        .def_readonly("provider", &Offering::provider)
        .def_readonly("model", &Offering::model)
        .def_readonly("display_name", &Offering::display_name)
        .def_readonly("context_window", &Offering::context_window)
        .def_readonly("max_output", &Offering::max_output)
        .def_readonly("aliases", &Offering::aliases)
        .def_readonly("notes", &Offering::notes)
        .def_property_readonly("deprecated", [](const Offering& o) -> py::object {
            return o.deprecated ? from_timestamp(*o.deprecated) : py::object(py::none());
        })
        .def_property_readonly("retired", [](const Offering& o) -> py::object {
            return o.retired ? from_timestamp(*o.retired) : py::object(py::none());
        })
        .def_property_readonly("successor", [](const Offering& o) -> py::object {
            return o.successor.empty() ? py::object(py::none()) : py::object(py::str(o.successor));
        }, "The offering the provider names as replacement, once deprecated or retired; None otherwise.")
        .def_property_readonly("versions", [](const Offering& o) {
            py::list l;
            for (const auto& v : o.versions) l.append(version_dict(v));
            return l;
        }, "Price versions as dicts, oldest first.")
        .def_property_readonly("governance", [](const Offering& o) { return governance_dict(o.governance); },
                               "Who hosts it and where the data goes, with the source; None when not known.")
        .def("version_at", [](const Offering& o, const py::handle& at) {
            return version_dict(o.version_at(to_timestamp(at, "at")));
        }, py::arg("at"))
        .def(
            "price",
            [](const Offering& o, const py::handle& at, const py::handle& tier, const py::handle& input,
               const py::handle& cached, const py::handle& write, const py::handle& output, const py::handle& reasoning,
               const std::string& scope, const py::handle& write_long, const py::handle& searches) {
                const Usage u = make_usage(input, cached, write, output, reasoning, write_long, searches);
                return price_request(o, u, RequestOptions{to_timestamp(at, "at"), to_service_tier(tier), scope});
            },
            py::kw_only(), py::arg("at"), py::arg("service_tier") = "standard", py::arg("input") = 0,
            py::arg("cached_input") = 0, py::arg("cache_write") = 0, py::arg("output") = 0, py::arg("reasoning") = 0,
            py::arg("scope") = "", py::arg("cache_write_long") = 0, py::arg("web_searches") = 0,
            "Prices one request; `at` selects the price version and the time-of-day rules, `scope` a serving scope "
            "(regional processing, data residency) of the list.")
        .def(
            "price_usage",
            [](const Offering& o, const Usage& u, const py::handle& at, const py::handle& tier, const std::string& scope) {
                return price_request(o, u, RequestOptions{to_timestamp(at, "at"), to_service_tier(tier), scope});
            },
            py::arg("usage"), py::kw_only(), py::arg("at"), py::arg("service_tier") = "standard", py::arg("scope") = "")
        .def(
            "_price_batch",
            [](const Offering& o, const py::array_t<std::int64_t>& usage, const py::array_t<std::int64_t>& seconds,
               const py::handle& tier, const std::string& scope) {
                // Reads the arrays in place, whatever their strides, and writes into arrays made here.
                if (usage.ndim() != 2 || (usage.shape(1) != static_cast<py::ssize_t>(kUsageColumns) &&
                                          usage.shape(1) != static_cast<py::ssize_t>(kBasicUsageColumns)))
                    throw InputError("usage must have shape (N, " + std::to_string(kBasicUsageColumns) + ") or (N, " +
                                     std::to_string(kUsageColumns) + ")");
                if (seconds.ndim() != 1 || seconds.strides(0) != static_cast<py::ssize_t>(sizeof(std::int64_t)))
                    throw InputError("unix_seconds must be a contiguous one-dimensional array");
                const auto step = static_cast<py::ssize_t>(sizeof(std::int64_t));
                if (usage.strides(0) % step || usage.strides(1) % step)
                    throw InputError("usage must have strides that are whole multiples of 8 bytes");
                const UsageRows rows{usage.data(), static_cast<std::size_t>(usage.shape(0)), usage.strides(0) / step,
                                     usage.strides(1) / step, static_cast<std::size_t>(usage.shape(1))};
                const auto n = usage.shape(0);
                py::array_t<double> total(n);
                py::array_t<double> by_meter({n, static_cast<py::ssize_t>(kMeterCount)});
                const ServiceTier t = to_service_tier(tier);
                const std::span<const std::int64_t> at(seconds.data(), static_cast<std::size_t>(seconds.size()));
                const std::span<double> total_out(total.mutable_data(), static_cast<std::size_t>(n));
                const std::span<double> meters_out(by_meter.mutable_data(), static_cast<std::size_t>(n) * kMeterCount);
                Currency currency = usd();
                {
                    py::gil_scoped_release unlocked;
                    currency = price_batch_into(o, rows, at, t, total_out, meters_out, scope);
                }
                return py::make_tuple(std::move(total), std::move(by_meter), currency.code());
            },
            py::arg("usage"), py::arg("unix_seconds"), py::arg("service_tier"), py::arg("scope") = "")
        .def("__repr__", [](const Offering& o) { return "<Offering " + o.id + ">"; });
}

}  // namespace infercost::py_convert
