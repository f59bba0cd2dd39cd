// One register function per library layer; module.cpp calls them in this order. Classes come before the
// functions and methods that take or return them, so that signatures (and the stubs) name Python types.
#pragma once

#include <pybind11/pybind11.h>

namespace infercost::py_convert {
void register_core(pybind11::module_& m);        // errors, Money, dates, FX
void register_selfhost_classes(pybind11::module_& m);  // hardware, architectures, replicas, plans
void register_demand(pybind11::module_& m);      // token distributions, workloads
void register_pricing(pybind11::module_& m);     // usage, offerings, one request's price
void register_catalog(pybind11::module_& m);     // providers, the catalog
void register_api(pybind11::module_& m);         // cost reports
void register_scenario(pybind11::module_& m);    // options, comparisons, claims, scenarios
void register_io(pybind11::module_& m);          // loaders, importers, overlays, diffs
void register_governance(pybind11::module_& m);  // policies and their checks
void register_selfhost(pybind11::module_& m);    // what takes a catalog or a workload
void register_logs(pybind11::module_& m);        // log replay and log profiles
void register_uncertainty(pybind11::module_& m); // Monte Carlo ranges, tornado, sweeps
void register_results(pybind11::module_& m);     // result tables and the table methods of every result
void register_python_methods(pybind11::module_& m);  // methods the Python package implements (frames, HTML, plots)
}  // namespace infercost::py_convert
