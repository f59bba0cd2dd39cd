// Python bindings of the self-hosting layer: hardware data, the throughput model, capacity plans.
#pragma once

#include <pybind11/pybind11.h>

namespace infercost::py_convert {
// The classes; bound before the core classes that return them.
void bind_selfhost(pybind11::module_& m);
// What takes a Catalog or a Workload; bound after those.
void bind_selfhost_functions(pybind11::module_& m);
}
