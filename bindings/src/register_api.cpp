// Python bindings of the api layer: cost reports of a workload on a price list.
#include "convert.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace py = pybind11;

namespace infercost::py_convert {

void register_api(py::module_& m) {
    m.attr("COST_LINES") = [] {
        py::list l;
        for (CostLine x : kAllCostLines) l.append(std::string(cost_line_name(x)));
        return l;
    }();
    py::class_<CostReport>(m, "CostReport", "The cost of a workload on one option, month by month.")
        .def_readonly("label", &CostReport::label)
        .def_readonly("offering_id", &CostReport::offering_id)
        .def_property_readonly("service_tier", [](const CostReport& r) { return std::string(service_tier_name(r.service_tier)); })
        .def_property_readonly("currency", [](const CostReport& r) { return r.currency.code(); })
        .def_readonly("requests", &CostReport::requests)
        .def_readonly("input_tokens", &CostReport::input_tokens)
        .def_readonly("output_tokens", &CostReport::output_tokens)
        .def_readonly("total", &CostReport::total)
        .def_readonly("per_year", &CostReport::per_year)
        .def_property_readonly("cost_per_request", &CostReport::cost_per_request)
        .def_property_readonly("by_meter", [](const CostReport& r) { return lines_dict(r.by_meter, r.currency); },
                               "Amounts by cost line (COST_LINES): the meters, then GPU-hours, capital, power, hosting and operations.")
        .def_property_readonly("months", [](const CostReport& r) {
            py::list l;
            for (const auto& mc : r.months) {
                py::dict d = lines_dict(mc.by_meter, r.currency);
                d["month"] = from_date(mc.month);
                d["requests"] = mc.requests;
                d["total"] = Money(mc.total, r.currency);
                l.append(d);
            }
            return l;
        })
        .def_property_readonly("versions", [](const CostReport& r) {
            py::list l;
            for (const auto& v : r.versions) {
                py::dict d;
                d["index"] = v.index;
                d["effective_from"] = from_timestamp(v.from);
                d["currency"] = v.currency.code();
                d["source"] = v.source;
                d["checked"] = from_date(v.checked);
                d["request_share"] = v.request_share;
                l.append(d);
            }
            return l;
        })
        .def_property_readonly("time_rules", [](const CostReport& r) {
            py::dict d;
            for (const auto& t : r.time_rules) d[py::str(t.name)] = t.request_share;
            return d;
        })
        .def_readonly("notes", &CostReport::notes,
                      "What a reader should know about the figures: stale exchange rates, unknown or provisional "
                      "holidays, deprecations, retirements after which the successor is priced.")
        .def_property_readonly("conversions", [](const CostReport& r) {
            py::list l;
            for (const auto& c : r.conversions) l.append(conversion_dict(c));
            return l;
        });
}

}  // namespace infercost::py_convert
