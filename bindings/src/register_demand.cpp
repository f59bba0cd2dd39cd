// Python bindings of the demand layer: token distributions and workloads.
#include "convert.hpp"
#include "register.hpp"

#include "infercost/io.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <tuple>

namespace py = pybind11;

namespace infercost::py_convert {

void register_demand(py::module_& m) {
    m.attr("DAYS_PER_MONTH") = kDaysPerMonth;  // the mean month self-hosted plans are costed over
    py::class_<TokenDistribution>(m, "TokenDistribution",
                                  "A distribution of token counts per request. Build one with fixed(), lognormal() "
                                  "or histogram().")
        .def_static("fixed", [](const py::handle& n) { return TokenDistribution::fixed(to_number(n, "tokens")); },
                    py::arg("tokens"), "Every request has this many tokens.")
        .def_static(
            "lognormal",
            [](const py::object& mean, const py::object& median, const py::handle& p90) {
                if (mean.is_none() == median.is_none())
                    throw InputError("lognormal needs either mean= or median= (and p90=)");
                const double p = to_number(p90, "p90");
                return mean.is_none() ? TokenDistribution::lognormal_median_p90(to_number(median, "median"), p)
                                      : TokenDistribution::lognormal_mean_p90(to_number(mean, "mean"), p);
            },
            py::kw_only(), py::arg("mean") = py::none(), py::arg("median") = py::none(), py::arg("p90"),
            "A lognormal given its mean (or median) and 90th percentile.")
        .def_static("histogram", &TokenDistribution::histogram, py::arg("edges"), py::arg("weights"),
                    "Bins [edges[i], edges[i+1]) holding weights[i], uniform within each bin.")
        .def_property_readonly("mean", &TokenDistribution::mean)
        .def("prob_above", &TokenDistribution::prob_above, py::arg("tokens"), "P(X > tokens).")
        .def("quantile", &TokenDistribution::quantile, py::arg("p"))
        .def("describe", &TokenDistribution::describe)
        .def("__repr__", [](const TokenDistribution& d) { return "TokenDistribution(" + d.describe() + ")"; });
    py::class_<Workload>(m, "Workload", "How many requests, of what shape, at which hours.")
        .def(py::init([](const py::handle& rpd, const py::handle& in, const py::handle& out, const py::handle& cached,
                         const py::handle& write, const py::handle& reasoning, const py::handle& offset,
                         const py::object& hourly, const py::object& weekday, const std::string& overflow,
                         const py::handle& write_long, const py::handle& searches, const py::handle& stored,
                         const py::handle& rpm, const py::handle& rpy, const py::handle& growth) {
                 Workload w;
                 const auto rule = context_overflow_from_name(overflow);
                 if (!rule) throw InputError("context_overflow must be 'refuse' or 'truncate', not '" + overflow + "'");
                 w.context_overflow = *rule;
                 int stated = 0;
                 for (const auto& [v, unit, name] : {std::tuple{rpd, VolumeUnit::day, "requests_per_day"},
                                                     std::tuple{rpm, VolumeUnit::month, "requests_per_month"},
                                                     std::tuple{rpy, VolumeUnit::year, "requests_per_year"}}) {
                     if (v.is_none()) continue;
                     if (stated++) throw InputError("give the volume once: requests_per_day, requests_per_month or requests_per_year");
                     w.set_volume(to_number(v, name), unit);
                 }
                 if (!stated) throw InputError("a workload needs its volume: requests_per_day, requests_per_month or requests_per_year");
                 if (!growth.is_none()) w.growth = to_growth(growth);
                 w.input_tokens = to_distribution(in, "input_tokens");
                 w.output_tokens = to_distribution(out, "output_tokens");
                 w.cached_share = to_number(cached, "cached_share");
                 w.cache_write_share = to_number(write, "cache_write_share");
                 w.reasoning_share = to_number(reasoning, "reasoning_share");
                 w.cache_write_long_share = to_number(write_long, "cache_write_long_share");
                 w.web_searches_per_request = to_number(searches, "web_searches_per_request");
                 w.cache_storage_tokens = to_number(stored, "cache_storage_tokens");
                 w.utc_offset = parse_utc_offset(py::str(offset).cast<std::string>());
                 if (!hourly.is_none()) {
                     const auto v = hourly.cast<std::vector<py::object>>();
                     if (v.size() != 24) throw InputError("hourly_profile needs 24 values (got " + std::to_string(v.size()) + ")");
                     for (std::size_t i = 0; i < 24; ++i) w.hourly_profile[i] = to_number(v[i], "hourly_profile value");
                 }
                 if (!weekday.is_none()) {
                     const auto v = weekday.cast<std::vector<py::object>>();
                     if (v.size() != 7) throw InputError("weekday_profile needs 7 values, Monday to Sunday (got " + std::to_string(v.size()) + ")");
                     for (std::size_t i = 0; i < 7; ++i) w.weekday_profile[i] = to_number(v[i], "weekday_profile value");
                 }
                 w.validate();
                 return w;
             }),
             py::kw_only(), py::arg("requests_per_day") = py::none(), py::arg("input_tokens"), py::arg("output_tokens"),
             py::arg("cached_share") = 0.0, py::arg("cache_write_share") = 0.0, py::arg("reasoning_share") = 0.0,
             py::arg("utc_offset") = "+00:00", py::arg("hourly_profile") = py::none(),
             py::arg("weekday_profile") = py::none(), py::arg("context_overflow") = "refuse",
             py::arg("cache_write_long_share") = 0.0, py::arg("web_searches_per_request") = 0.0,
             py::arg("cache_storage_tokens") = 0.0, py::arg("requests_per_month") = py::none(),
             py::arg("requests_per_year") = py::none(), py::arg("growth") = py::none(),
             "A workload. Give the volume once: ``requests_per_day`` (averaged over the week), ``requests_per_month`` "
             "(each calendar month carries exactly that many) or ``requests_per_year`` (a twelfth a month); ``growth`` "
             "is a dict with one of ``monthly`` or ``yearly`` (a compound rate) or ``series`` (a multiplier per month "
             "of the horizon).")
        .def_readonly("requests_per_day", &Workload::requests_per_day)
        .def_property_readonly("volume_unit", [](const Workload& w) { return std::string(volume_unit_name(w.volume_unit)); },
                               "How the volume was stated: day, month or year.")
        .def_property_readonly("stated_volume", &Workload::stated_volume, "The volume in the unit it was stated in.")
        .def_property_readonly("growth", [](const Workload& w) -> py::object {
            if (w.growth.none()) return py::none();
            py::dict d;
            if (!w.growth.series.empty()) d["series"] = w.growth.series;
            else if (w.growth.monthly_rate != 0) d["monthly"] = w.growth.monthly_rate;
            else d["yearly"] = w.growth.yearly_rate;
            return d;
        }, "The volume's growth over a horizon as given (None: none).")
        .def_property_readonly("context_overflow", [](const Workload& w) { return std::string(context_overflow_name(w.context_overflow)); })
        .def_readonly("input_tokens", &Workload::input_tokens)
        .def_readonly("output_tokens", &Workload::output_tokens)
        .def_readonly("cached_share", &Workload::cached_share)
        .def_readonly("cache_write_share", &Workload::cache_write_share)
        .def_readonly("reasoning_share", &Workload::reasoning_share)
        .def_readonly("cache_write_long_share", &Workload::cache_write_long_share)
        .def_readonly("web_searches_per_request", &Workload::web_searches_per_request)
        .def_readonly("cache_storage_tokens", &Workload::cache_storage_tokens)
        .def_property_readonly("utc_offset", [](const Workload& w) { return format_utc_offset(w.utc_offset); })
        .def_readonly("hourly_profile", &Workload::hourly_profile)
        .def_readonly("weekday_profile", &Workload::weekday_profile)
        .def("with_volume", [](const Workload& w, const py::handle& rpd) {
            Workload c = w;
            c.set_volume(to_number(rpd, "requests_per_day"), VolumeUnit::day);
            c.validate();
            return c;
        }, py::arg("requests_per_day"), "A copy with another request volume.")
        .def("__repr__", [](const Workload& w) {
            return "Workload(requests_per_" + std::string(volume_unit_name(w.volume_unit)) + "=" +
                   py::repr(py::float_(clean_number(w.stated_volume()))).cast<std::string>() +
                   ", input_tokens=" + w.input_tokens.describe() + ", output_tokens=" + w.output_tokens.describe() + ")";
        });
}

}  // namespace infercost::py_convert
