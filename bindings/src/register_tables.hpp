// Python bindings of the result tables: infercost._core.Table and the results' table methods.
#pragma once

#include <pybind11/pybind11.h>

namespace infercost::py_convert {
// After the result classes it adds methods to.
void register_tables(pybind11::module_& m);
}
