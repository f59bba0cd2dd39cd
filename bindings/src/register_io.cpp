// Python bindings of the io layer: loaders, importers, overlays and the catalog diff.
#include "convert.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace py = pybind11;

namespace infercost::py_convert {

void register_io(py::module_& m) {
    py::class_<Workload>(m.attr("Workload"))
        .def("to_yaml", &workload_yaml,
             "The workload as the `workload:` block of a scenario file (no growth; a fitted log profile, for instance).");
    py::class_<ImportedCatalog>(m, "ImportedCatalog", "A catalog imported from another price source, with its report.")
        .def_readonly("catalog", &ImportedCatalog::catalog)
        .def_property_readonly("source", [](const ImportedCatalog& c) { return c.report.source; })
        .def_property_readonly("file", [](const ImportedCatalog& c) { return c.report.file; })
        .def_property_readonly("source_date", [](const ImportedCatalog& c) { return from_date(c.report.source_date); })
        .def_property_readonly("source_date_basis", [](const ImportedCatalog& c) { return c.report.source_date_basis; })
        .def_property_readonly("commit", [](const ImportedCatalog& c) { return c.report.commit; })
        .def_property_readonly("entries", [](const ImportedCatalog& c) {
            py::list l;
            for (const auto& e : c.report.entries) {
                py::dict d;
                d["key"] = e.key;
                d["provider"] = e.provider;
                d["status"] = std::string(import_status_name(e.status));
                d["flags"] = e.flags;
                d["unmapped_keys"] = e.unmapped_keys;
                l.append(d);
            }
            return l;
        }, "One dict per entry of the source: key, provider, status, flags (reasons), unmapped_keys.")
        .def("write", [](const ImportedCatalog& c, const std::filesystem::path& dir, bool replace) {
                 write_catalog(c.catalog, dir, replace);
             },
             py::arg("directory"), py::kw_only(), py::arg("replace") = false,
             "Writes the imported offerings as pricing/ YAML that Catalog.load reads: whole, beside the folder and then "
             "swapped in; a folder that already holds files is replaced only with replace=True.");
    auto import_options = [](const py::handle& date, const std::string& commit) {
        ImportOptions o;
        if (!date.is_none()) o.source_date = to_date(date, "source_date");
        o.commit = commit;
        return o;
    };
    m.def("_import_litellm", [import_options](const std::filesystem::path& p, const Catalog& fx_from, const py::handle& date,
                                              const std::string& commit) {
        return import_litellm(p, fx_from.fx(), import_options(date, commit));
    });
    m.def("_import_openrouter", [import_options](const std::filesystem::path& p, const Catalog& fx_from,
                                                 const py::handle& date, const std::string& commit) {
        return import_openrouter(p, fx_from.fx(), import_options(date, commit));
    });
    m.def("_import_genai_prices", [import_options](const std::filesystem::path& p, const Catalog& fx_from,
                                                   const py::handle& date, const std::string& commit) {
        return import_genai_prices(p, fx_from.fx(), import_options(date, commit));
    });
    m.def("_diff", [](const Catalog& ours, const ImportedCatalog& theirs, const py::handle& threshold) {
        const CatalogDiff d = diff_catalogs(ours, theirs, to_number(threshold, "threshold"));
        py::list rows;
        for (const auto& x : d.differences) {
            py::dict r;
            r["offering"] = x.offering_id;
            r["source_id"] = x.source_id;
            r["meter"] = x.meter;
            r["ours"] = x.ours ? py::object(py::float_(*x.ours)) : py::object(py::none());
            r["theirs"] = x.theirs ? py::object(py::float_(*x.theirs)) : py::object(py::none());
            r["relative_difference"] = x.relative;
            r["ours_effective_from"] = from_timestamp(x.ours_from);
            r["ours_checked"] = from_date(x.ours_checked);
            r["theirs_date"] = from_date(x.theirs_date);
            r["at"] = x.at ? from_timestamp(*x.at) : py::object(py::none());
            rows.append(r);
        }
        return py::make_tuple(d.source, d.matched, d.unmatched, rows);
    });
    m.def("_apply_overlay", [](const Catalog& base, const std::filesystem::path& p) {
        OverlayResult r = apply_overlay(base, p);
        py::list changes;
        for (const auto& c : r.changes) {
            py::dict d;
            d["offering"] = c.offering_id;
            d["action"] = c.action;
            d["detail"] = c.detail;
            changes.append(d);
        }
        return py::make_tuple(r.catalog, r.name, changes);
    });
    m.def("_load_policy", [](const std::filesystem::path& p, const Catalog& c) {
        return load_policy(p.string(), c.jurisdictions());
    });
    m.def("_load_scenario", [](const std::filesystem::path& p, const Catalog& c) { return load_scenario(p, &c); });
    m.def("_parse_scenario", [](const std::string& text, const std::string& name, const Catalog& c) {
        return parse_scenario(text, name, &c);
    });
}

}  // namespace infercost::py_convert
