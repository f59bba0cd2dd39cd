// Python bindings of the governance layer: policies and policy checks.
#include "convert.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace py = pybind11;

namespace infercost::py_convert {

void register_governance(py::module_& m) {
    py::class_<Policy>(m, "Policy", "A data-governance policy (docs/policies.md).")
        .def_readonly("name", &Policy::name)
        .def_readonly("note", &Policy::note)
        .def_property_readonly("data_classes", [](const Policy& p) { return p.data_classes; },
                               "Data class -> whether it must be processed on a self-hosted deployment.")
        .def("evaluate", [](const Policy& p, const Offering& o, const std::string& data_class) -> py::tuple {
            if (!o.governance)
                return py::make_tuple(false, std::vector<std::string>{"no governance facts are known for " + o.id +
                                                                     ", so compliance cannot be shown"});
            const PolicyVerdict v = evaluate(p, *o.governance, data_class);
            return py::make_tuple(v.passes, v.reasons);
        }, py::arg("offering"), py::arg("data_class") = "",
            "(passes, reasons) for an offering; every rule it fails is a reason.")
        .def("__repr__", [](const Policy& p) { return "<Policy " + p.name + ">"; });
    py::class_<PolicyCheck>(m, "PolicyCheck", "A comparison judged by a policy, with the yearly cost of the policy.")
        .def_readonly("policy", &PolicyCheck::policy)
        .def_readonly("data_class", &PolicyCheck::data_class)
        .def_readonly("labels", &PolicyCheck::labels)
        .def_readonly("cost_per_year", &PolicyCheck::per_year)
        .def_property_readonly("passes", [](const PolicyCheck& c) {
            std::vector<bool> v;
            for (const auto& x : c.verdicts) v.push_back(x.passes);
            return v;
        })
        .def_property_readonly("reasons", [](const PolicyCheck& c) {
            std::vector<std::vector<std::string>> v;
            for (const auto& x : c.verdicts) v.push_back(x.reasons);
            return v;
        })
        .def_readonly("cheapest", &PolicyCheck::cheapest)
        .def_readonly("cheapest_compliant", &PolicyCheck::cheapest_compliant)
        .def_property_readonly("cost_of_policy_per_year", [](const PolicyCheck& c) -> py::object {
            return c.cost_of_policy_per_year ? py::cast(*c.cost_of_policy_per_year) : py::object(py::none());
        });
    m.def("_check_policy", [](const Comparison& c, const Catalog& cat, const Policy& p, const std::string& dc) {
        return check_policy(c, cat, p, dc);
    });
}

}  // namespace infercost::py_convert
