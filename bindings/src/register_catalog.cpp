// Python bindings of the catalog layer: providers and the catalog.
#include "convert.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace py = pybind11;

namespace infercost::py_convert {

void register_catalog(py::module_& m) {
    py::class_<Provider>(m, "Provider")
        .def_readonly("id", &Provider::id)
        .def_readonly("name", &Provider::name)
        .def_readonly("homepage", &Provider::homepage)
        .def_property_readonly("file", [](const Provider& p) { return p.loaded_from.file; }, "The file it was loaded from.")
        .def_readonly("source_ids", &Provider::source_ids)
        .def("__repr__", [](const Provider& p) { return "<Provider " + p.id + ">"; });
    py::class_<Catalog>(m, "Catalog", "Every API offering and the FX table; immutable once loaded.")
        .def("offering_at", [](const Catalog& c, const std::string& id, const py::handle& at) -> const Offering& {
            return c.offering_at(id, to_timestamp(at, "at"));
        }, py::arg("id"), py::arg("at"), py::return_value_policy::reference_internal,
            "Looks an offering up, resolving aliases that named different offerings over time at `at`.")
        .def_static("load", [](const std::filesystem::path& p) { return Catalog::load(p); }, py::arg("directory"),
                    "Loads a catalog directory (api/*.yaml and fx.yaml) with strict validation.")
        .def_static("load_default", &Catalog::load_default,
                    "Loads the bundled catalog afresh (see bundled_directory); Catalog.default() keeps one.")
        .def_static("bundled_directory", &Catalog::default_data_dir,
                    "The bundled data directory: $INFERCOST_DATA_DIR if set, else the pricing/ folder beside the "
                    "compiled module (or <prefix>/share/infercost/pricing).")
        .def("offering", &Catalog::offering, py::arg("id"), py::return_value_policy::reference_internal,
             "Looks an offering up by id or alias; NotFoundError (a KeyError) with close matches otherwise.")
        .def("__contains__", [](const Catalog& c, const std::string& id) { return c.contains(id); })
        .def("__len__", [](const Catalog& c) { return c.offerings().size(); })
        .def("__getitem__", &Catalog::offering, py::return_value_policy::reference_internal)
        .def_property_readonly("offerings", [](const Catalog& c) {
            py::list l;
            py::object self = py::cast(c);
            for (const auto& o : c.offerings()) l.append(py::cast(&o, py::return_value_policy::reference_internal, self));
            return l;
        })
        .def("by_provider", [](const Catalog& c, const std::string& provider) {
            py::list l;
            py::object self = py::cast(c);
            for (const Offering* o : c.by_provider(provider))
                l.append(py::cast(o, py::return_value_policy::reference_internal, self));
            return l;
        }, py::arg("provider"), "The offerings of one provider; NotFoundError with close matches for an unknown one.")
        .def_property_readonly("providers", &Catalog::providers)
        .def_property_readonly("fx", &Catalog::fx, py::return_value_policy::reference_internal)
        .def_property_readonly("directory", &Catalog::directory)
        .def_property_readonly("calendars", [](const Catalog& c) {
            py::dict out;
            for (const auto& [id, cal] : c.calendars()) {
                py::list years;
                for (const HolidayYear& y : cal.years) {
                    py::dict d;
                    d["year"] = y.year;
                    d["status"] = y.provisional ? "provisional" : "official";
                    py::list h, w;
                    for (Date x : y.holidays) h.append(from_date(x));
                    for (Date x : y.workdays) w.append(from_date(x));
                    d["holidays"] = h;
                    d["workdays"] = w;
                    d["source"] = y.source;
                    d["checked"] = from_date(y.checked);
                    d["note"] = y.note;
                    years.append(d);
                }
                py::dict d;
                d["name"] = cal.name;
                d["years"] = years;
                out[py::str(id)] = d;
            }
            return out;
        }, "The holiday calendars time rules exclude (calendars/*.yaml), by id.")
        .def_property_readonly("hardware", &Catalog::hardware, py::return_value_policy::reference_internal,
                               "The self-hosting data: GPUs, cloud offers, owned-hardware profiles, models.")
        .def("__repr__", [](const Catalog& c) {
            return "<Catalog " + std::to_string(c.offerings().size()) + " offerings from " + c.directory().string() + ">";
        });
}

}  // namespace infercost::py_convert
