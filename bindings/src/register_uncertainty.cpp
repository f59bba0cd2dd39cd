// Uncertainty: Monte Carlo ranges, tornado and sweeps of a scenario, as plain dicts of numbers and numpy arrays
// that infercost.uncertainty turns into frames and charts.
#include "convert.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

namespace infercost::py_convert {

namespace {

py::dict range_dict(const Range& r) {
    py::dict d;
    d["mean"] = r.mean.value;
    d["mean_se"] = r.mean.standard_error;
    d["sd"] = r.sd;
    d["min"] = r.min;
    d["max"] = r.max;
    py::list q, se;
    for (const Estimate& e : r.quantiles) {
        q.append(e.value);
        se.append(e.standard_error);
    }
    d["quantiles"] = q;
    d["quantile_se"] = se;
    return d;
}

// A row-major matrix that takes over the vector's memory (a million samples are not copied).
py::object matrix(std::vector<double>&& v, std::size_t rows, std::size_t cols) {
    if (v.empty()) return py::none();
    auto* held = new std::vector<double>(std::move(v));
    py::capsule owner(held, [](void* p) { delete static_cast<std::vector<double>*>(p); });
    const auto r = static_cast<py::ssize_t>(rows), c = static_cast<py::ssize_t>(cols);
    return py::array_t<double>({r, c}, {c * static_cast<py::ssize_t>(sizeof(double)), static_cast<py::ssize_t>(sizeof(double))},
                               held->data(), owner);
}

Distribution make_distribution(const std::string& kind, const std::vector<double>& p) {
    auto need = [&](std::size_t n) {
        if (p.size() != n) throw InputError(kind + " takes " + std::to_string(n) + " parameters, not " + std::to_string(p.size()));
    };
    if (kind == "fixed") return need(1), Distribution::fixed(p[0]);
    if (kind == "uniform") return need(2), Distribution::uniform(p[0], p[1]);
    if (kind == "triangular") return need(3), Distribution::triangular(p[0], p[1], p[2]);
    if (kind == "pert") return need(3), Distribution::pert(p[0], p[1], p[2]);
    if (kind == "normal") return need(2), Distribution::normal(p[0], p[1]);
    if (kind == "lognormal") return need(2), Distribution::lognormal_median_p90(p[0], p[1]);
    if (kind == "lognormal_mean") return need(2), Distribution::lognormal_mean_p90(p[0], p[1]);
    if (kind == "empirical") return Distribution::empirical(p);
    throw InputError("unknown distribution '" + kind + "'; use fixed, uniform, triangular, pert, normal, lognormal, "
                     "lognormal_mean or empirical");
}

}  // namespace

void register_uncertainty(py::module_& m) {
    m.attr("RANGE_QUANTILES") = std::vector<double>(std::begin(kRangeQuantiles), std::end(kRangeQuantiles));
    m.attr("MAX_SAMPLES") = kMaxSamples;
    m.attr("UNCERTAIN_INPUT_PATHS") = [] {
        py::list l;
        for (const InputPath& p : uncertain_input_paths()) l.append(py::make_tuple(p.pattern, p.meaning));
        return l;
    }();
    m.def("_distribution_quantiles", [](const std::string& kind, const std::vector<double>& params, const py::array_t<double>& u) {
        const Distribution d = make_distribution(kind, params);
        py::array_t<double> out(u.size());
        const double* in = u.data();
        for (py::ssize_t i = 0; i < u.size(); ++i) {
            if (!(in[i] > 0 && in[i] < 1)) throw InputError("probabilities must lie strictly between 0 and 1");
            out.mutable_at(i) = d.quantile(in[i]);
        }
        return out;
    }, py::arg("kind"), py::arg("parameters"), py::arg("probabilities"));
    m.def("_uncertain_inputs", [](const Scenario& s) {
        py::list l;
        for (const UncertainInput& in : s.uncertainty.inputs) {
            py::dict d;
            const Distribution& x = in.distribution;
            d["input"] = in.path;
            d["distribution"] = std::string(distribution_kind_name(x.kind()));
            d["stated"] = x.describe();
            d["p10"] = x.quantile(0.1);
            d["median"] = x.median();
            d["p90"] = x.quantile(0.9);
            d["mean"] = x.mean();
            d["parameters"] = x.parameters();
            l.append(d);
        }
        py::list c;
        for (double r : s.uncertainty.rank_correlation) c.append(r);
        return py::make_tuple(l, c, uncertain_inputs_table(s));
    }, py::arg("scenario"));
    m.def(
        "_monte_carlo",
        [](const Scenario& s, const Catalog& catalog, std::uint64_t samples, std::uint64_t seed, unsigned threads,
           bool monthly, bool keep_samples) {
            MonteCarloOptions o;
            o.samples = samples;
            o.seed = seed;
            o.threads = threads;
            o.monthly = monthly;
            o.keep_samples = keep_samples;
            MonteCarloResult r;
            {
                py::gil_scoped_release unlocked;
                r = monte_carlo(s, catalog, o);
            }
            py::dict d;
            d["scenario"] = r.scenario;
            d["inputs"] = r.inputs;
            d["distributions"] = r.distributions;
            d["options"] = r.options;
            d["baseline"] = r.baseline;
            d["currency"] = r.currency.code();
            d["samples"] = r.samples;
            d["seed"] = r.seed;
            d["nominal_per_year"] = r.nominal_per_year;
            py::list per_year, saving;
            for (const Range& x : r.per_year) per_year.append(range_dict(x));
            for (const Range& x : r.saving_per_year) saving.append(range_dict(x));
            d["per_year"] = per_year;
            d["saving_per_year"] = saving;
            py::list cheaper;
            for (const Estimate& e : r.probability_cheaper) cheaper.append(py::make_tuple(e.value, e.standard_error));
            d["probability_cheaper"] = cheaper;
            d["claim_option"] = r.claim_option ? py::cast(*r.claim_option) : py::none();
            d["claimed_saving"] = r.claimed_saving;
            d["probability_claim"] = py::make_tuple(r.probability_claim.value, r.probability_claim.standard_error);
            py::list months;
            for (Date month : r.months) months.append(from_date(month));
            d["months"] = months;
            d["monthly_quantiles"] = r.monthly_quantiles;
            d["monthly_mean"] = r.monthly_mean;
            const std::size_t k = r.inputs.size(), n = static_cast<std::size_t>(r.samples), opts = r.options.size();
            d["notes"] = r.notes;
            Table ranges = ranges_table(r), by_month = monthly_ranges_table(r), per_task = task_ranges_table(r);
            d["input_samples"] = matrix(std::move(r.input_samples), n, k);
            d["per_year_samples"] = matrix(std::move(r.per_year_samples), opts, n);
            return py::make_tuple(d, ranges, by_month, per_task);
        },
        py::arg("scenario"), py::arg("catalog"), py::arg("samples"), py::arg("seed"), py::arg("threads"),
        py::arg("monthly"), py::arg("keep_samples"));
    m.def("_decompose", [](const Scenario& s, const Catalog& catalog) {
        Decomposition x = decompose(s, catalog);
        const std::size_t O = x.options.size(), F = x.feature_input.size(), M = x.months;
        py::dict d;
        d["inputs"] = x.inputs;
        d["roles"] = x.roles;
        d["stated"] = x.stated;
        d["feature_input"] = x.feature_input;
        d["options"] = x.options;
        d["months"] = M;
        py::array_t<double> coef({static_cast<py::ssize_t>(O), static_cast<py::ssize_t>(F), static_cast<py::ssize_t>(M)});
        std::copy(x.coefficients.begin(), x.coefficients.end(), coef.mutable_data());
        d["coefficients"] = coef;
        d["storage"] = matrix(std::move(x.storage), O, M);
        d["one_off"] = matrix(std::move(x.one_off), O, M);
        d["factor_inputs"] = x.factor_inputs;
        d["growth_stated"] = x.growth_stated;
        d["per_year"] = x.per_year;
        return d;
    }, py::arg("scenario"), py::arg("catalog"));
    m.def("_tornado", [](const Scenario& s, const Catalog& catalog, const std::string& candidate) {
        const Tornado t = tornado(s, catalog, candidate);
        py::dict d;
        d["candidate"] = t.candidate;
        d["measure"] = t.measure;
        d["baseline"] = t.baseline;
        d["currency"] = t.currency.code();
        d["base_saving"] = t.base_saving;
        py::list bars;
        for (const TornadoBar& b : t.bars) {
            py::dict x;
            x["input"] = b.input;
            x["low_value"] = b.low_value;
            x["high_value"] = b.high_value;
            x["saving_at_low"] = b.saving_at_low;
            x["saving_at_high"] = b.saving_at_high;
            x["swing"] = b.swing;
            bars.append(x);
        }
        d["bars"] = bars;
        return py::make_tuple(d, tornado_table(t));
    }, py::arg("scenario"), py::arg("catalog"), py::arg("candidate"));
    m.def("_sweep", [](const Scenario& s, const Catalog& catalog, const std::string& input, std::vector<double> values, int points) {
        const Sweep w = sweep(s, catalog, input, std::move(values), points);
        py::dict d;
        d["input"] = w.input;
        d["values"] = w.values;
        d["options"] = w.options;
        d["baseline"] = w.baseline;
        d["currency"] = w.currency.code();
        d["saving_per_year"] = w.saving_per_year;
        return py::make_tuple(d, sweep_table(w));
    }, py::arg("scenario"), py::arg("catalog"), py::arg("input"), py::arg("values"), py::arg("points"));
}

}  // namespace infercost::py_convert
