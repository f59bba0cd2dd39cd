// The Python module infercost._core: it only wires the layers together (register.hpp). Presentation (frames,
// HTML, plots, the command line) lives in the infercost package beside it.
#include "register.hpp"

#include <infercost/version.hpp>

#include <string>

PYBIND11_MODULE(_core, m) {
    using namespace infercost::py_convert;
    m.doc() = "infercost's C++ core. Use the `infercost` package rather than this module directly.";
    m.attr("__version__") = std::string(infercost::version());  // infercost/version.hpp, via the compiled library
    register_core(m);
    register_selfhost_classes(m);
    register_demand(m);
    register_pricing(m);
    register_catalog(m);
    register_api(m);
    register_scenario(m);
    register_io(m);
    register_governance(m);
    register_selfhost(m);
    register_logs(m);
    register_uncertainty(m);
    register_results(m);
    register_python_methods(m);
}
