// Python bindings of the scenario layer: options, comparisons, claims and scenarios.
#include "convert.hpp"
#include "register.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace py = pybind11;

namespace infercost::py_convert {

void register_scenario(py::module_& m) {
    m.def(
        "_usage_from_openai",
        [](const py::handle& prompt, const py::handle& cached, const py::handle& completion, const py::handle& reasoning) {
            return from_openai(OpenAIUsage{to_count(prompt, "prompt_tokens"), to_count(cached, "cached_tokens"),
                                           to_count(completion, "completion_tokens"),
                                           to_count(reasoning, "reasoning_tokens")});
        });
    py::class_<Option>(m, "Option", "An offering at a service tier and serving scope, with a label for tables.")
        .def(py::init([](const std::string& id, const py::handle& tier, const std::string& label, const std::string& scope,
                         const py::handle& trend, const py::handle& one_offs) {
                 Option o(id, to_service_tier(tier), label);
                 o.scope = scope;
                 o.price_trend_per_year = to_number(trend, "price_trend_per_year");
                 if (!(o.price_trend_per_year > -1)) throw InputError("price_trend_per_year must be a yearly share above -1");
                 o.one_offs = to_one_offs(one_offs);
                 return o;
             }),
             py::arg("offering_id"), py::kw_only(), py::arg("service_tier") = "standard", py::arg("label") = "",
             py::arg("scope") = "", py::arg("price_trend_per_year") = 0.0, py::arg("one_offs") = py::none(),
             "An API option. ``price_trend_per_year`` assumes a price change after the offering's last known version "
             "(-0.2: 20% cheaper a year); ``one_offs`` lists costs outside the price list as dicts {label, date, amount, "
             "depreciation_months}.")
        .def(py::init([](const SelfHosted& sh, const py::handle& one_offs, const py::handle& overflow, const py::handle& tier) {
                 Option o(sh);
                 o.one_offs = to_one_offs(one_offs);
                 if (!overflow.is_none()) o.overflow_offering = py::str(overflow);
                 o.overflow_tier = to_service_tier(tier);
                 o.validate();
                 return o;
             }),
             py::arg("self_hosted"), py::kw_only(), py::arg("one_offs") = py::none(), py::arg("overflow") = py::none(),
             py::arg("overflow_tier") = "standard",
             "A self-hosted option with one-off costs (migration work, hardware set-up); with ``overflow`` (an API "
             "offering id) and a SelfHosted with ``max_replicas``, a hybrid option: the load above the replicas' "
             "capacity goes to the API, hour by hour.")
        .def_static("routed", [](const std::string& label, const py::list& routes, const py::handle& shares,
                                 const py::handle& prompt_edges, const py::handle& one_offs) {
            std::vector<Option> rs;
            for (auto r : routes) rs.push_back(to_option(r));
            if (shares.is_none() == prompt_edges.is_none())
                throw InputError("route by shares or by prompt_edges, one of the two");
            std::vector<double> v;
            for (auto x : shares.is_none() ? prompt_edges : shares) v.push_back(to_number(x, "a share or edge"));
            Option o = shares.is_none() ? Option::routed_by_prompt(label, std::move(rs), std::move(v))
                                        : Option::routed_by_share(label, std::move(rs), std::move(v));
            o.one_offs = to_one_offs(one_offs);
            return o;
        }, py::arg("label"), py::arg("routes"), py::kw_only(), py::arg("shares") = py::none(), py::arg("prompt_edges") = py::none(),
           py::arg("one_offs") = py::none(),
           "A routed option: traffic split among ``routes`` (offering ids, Options or SelfHosted) by ``shares`` of "
           "requests (summing to 1) or by prompt length (``prompt_edges``, ascending, one fewer than the routes: route k "
           "takes the prompts above edge k-1 and up to edge k).")
        .def_property_readonly("kind", [](const Option& o) { return std::string(option_kind_name(o.kind())); },
                               "api, self_hosted, hybrid or routed.")
        .def_readonly("overflow_offering", &Option::overflow_offering)
        .def_readonly("routes", &Option::routes)
        .def_readonly("route_shares", &Option::route_shares)
        .def_readonly("route_prompt_edges", &Option::route_prompt_edges)
        .def_readonly("price_trend_per_year", &Option::price_trend_per_year)
        .def_property_readonly("one_offs", [](const Option& o) {
            py::list l;
            for (const OneOff& x : o.one_offs) {
                py::dict d;
                d["label"] = x.label;
                d["date"] = from_date(x.date);
                d["amount"] = x.amount;
                d["depreciation_months"] = x.depreciation_months;
                l.append(d);
            }
            return l;
        })
        .def_readonly("offering_id", &Option::offering_id)
        .def_readonly("scope", &Option::scope, "A serving scope of the offering (regional processing, data residency); "
                      "empty for the list's default.")
        .def_property_readonly("service_tier", [](const Option& o) { return std::string(service_tier_name(o.service_tier)); })
        .def_property_readonly("label", &Option::display_label)
        .def_readonly("self_hosted", &Option::self_hosted)
        .def("__repr__", [](const Option& o) { return "Option('" + o.display_label() + "')"; });
    py::class_<Comparison>(m, "Comparison", "Options costed for one workload, against a baseline.")
        .def_readonly("options", &Comparison::options)
        .def_readonly("baseline", &Comparison::baseline)
        .def_property_readonly("currency", [](const Comparison& c) { return c.settings.currency.code(); })
        .def_property_readonly("start", [](const Comparison& c) { return from_date(c.settings.period.start); })
        .def_property_readonly("months", [](const Comparison& c) { return c.settings.period.months; })
        .def_property_readonly("fx_date", [](const Comparison& c) { return from_date(c.settings.effective_fx_date()); })
        .def("saving_per_year", &Comparison::saving_per_year, py::arg("i"))
        .def("saving_share", &Comparison::saving_share, py::arg("i"))
        .def("cheapest", &Comparison::cheapest)
        .def_readonly("self_hosted", &Comparison::self_hosted,
                      "One entry per option: the capacity plan behind a self-hosted option, None for an API option.")
        .def_property_readonly("discount_rate", [](const Comparison& c) -> py::object {
            return c.settings.discount_rate ? py::object(py::float_(*c.settings.discount_rate)) : py::object(py::none());
        }, "The yearly rate the NPV of savings is discounted at (None: not stated).")
        .def_property_readonly("has_tasks", [](const Comparison& c) { return c.settings.tasks.has_value(); },
                               "Whether the options were compared per task (a tasks section or compare(tasks=...)).")
        .def("savings", [](const Comparison& c, std::size_t i) { return savings(c, i); }, py::arg("i"),
             "Option i against the baseline, month by month: saving (cost view), cash saving, cumulated cash saving, "
             "payback month, NPV and IRR.");
    py::class_<Savings>(m, "Savings", "An option against the baseline over the horizon, in the reporting currency.")
        .def_readonly("option", &Savings::option)
        .def_readonly("baseline", &Savings::baseline)
        .def_property_readonly("months", [](const Savings& s) {
            py::list l;
            for (Date d : s.months) l.append(from_date(d));
            return l;
        })
        .def_readonly("saving", &Savings::saving)
        .def_readonly("cash_saving", &Savings::cash_saving)
        .def_readonly("cumulative", &Savings::cumulative)
        .def_readonly("total", &Savings::total)
        .def_readonly("cash_total", &Savings::cash_total)
        .def_property_readonly("payback", [](const Savings& s) -> py::object {
            return s.payback ? from_date(s.months[*s.payback]) : py::object(py::none());
        }, "The first month from which the cumulated cash saving stays at zero or above (None: it never does).")
        .def_readonly("npv", &Savings::npv)
        .def_readonly("irr", &Savings::irr, "Yearly; None unless the cash savings change sign once.");
    m.def("npv", &npv, py::arg("yearly_rate"), py::arg("monthly_flows"),
          "NPV of monthly cash flows, month 0 first, each dated on its month's first day (the first not discounted).");
    m.def("irr", &irr, py::arg("monthly_flows"),
          "The yearly rate at which the flows' NPV is zero; None unless the flows change sign exactly once.");
    m.def("payback_month", &payback_month, py::arg("monthly_flows"),
          "The first month (index) from which the cumulated flows stay at zero or above; None when they end below.");
    py::class_<ClaimCheck>(m, "ClaimCheck", "The request volume that makes a claimed yearly saving true.")
        .def_readonly("baseline", &ClaimCheck::baseline)
        .def_readonly("candidate", &ClaimCheck::candidate)
        .def_property_readonly("currency", [](const ClaimCheck& k) { return k.claimed_saving_per_year.currency().code(); })
        .def_readonly("claimed_saving_per_year", &ClaimCheck::claimed_saving_per_year)
        .def_readonly("baseline_cost_per_request", &ClaimCheck::baseline_cost_per_request)
        .def_readonly("candidate_cost_per_request", &ClaimCheck::candidate_cost_per_request)
        .def_readonly("achievable", &ClaimCheck::achievable)
        .def_readonly("implied_requests_per_day", &ClaimCheck::implied_requests_per_day)
        .def_readonly("implied_input_tokens_per_day", &ClaimCheck::implied_input_tokens_per_day)
        .def_readonly("implied_output_tokens_per_day", &ClaimCheck::implied_output_tokens_per_day)
        .def_readonly("implied_baseline_per_year", &ClaimCheck::implied_baseline_per_year)
        .def_readonly("implied_candidate_per_year", &ClaimCheck::implied_candidate_per_year)
        .def_readonly("saving_share", &ClaimCheck::saving_share)
        .def_readonly("workload_requests_per_day", &ClaimCheck::workload_requests_per_day)
        .def_readonly("workload_saving_per_year", &ClaimCheck::workload_saving_per_year)
        .def_readonly("summary", &ClaimCheck::summary);
    py::class_<Scenario>(m, "Scenario", "A scenario file: workload, horizon, options and an optional claim.")
        .def_readonly("name", &Scenario::name)
        .def_readonly("description", &Scenario::description)
        .def_property_readonly("file", [](const Scenario& s) { return std::filesystem::path(s.loaded_from.file); })
        .def_readonly("workload", &Scenario::workload)
        .def_readonly("options", &Scenario::options)
        .def_readonly("baseline", &Scenario::baseline)
        .def_property_readonly("currency", [](const Scenario& s) { return s.settings.currency.code(); })
        .def_property_readonly("start", [](const Scenario& s) { return from_date(s.settings.period.start); })
        .def_property_readonly("months", [](const Scenario& s) { return s.settings.period.months; })
        .def_property_readonly("fx_date", [](const Scenario& s) -> py::object {
            return s.settings.fx_date ? from_date(*s.settings.fx_date) : py::object(py::none());
        })
        .def_property_readonly("policy_file", [](const Scenario& s) -> py::object {
            return s.policy_file ? py::cast(*s.policy_file) : py::object(py::none());
        })
        .def_readonly("data_class", &Scenario::data_class)
        .def_property_readonly("claim", [](const Scenario& s) -> py::object {
            if (!s.claim) return py::none();
            py::dict d;
            d["saving_per_year"] = s.claim->saving_per_year;
            d["baseline"] = s.claim->baseline;
            d["candidate"] = s.claim->candidate;
            return d;
        });
    m.def("_run_scenario", &run_scenario, py::call_guard<py::gil_scoped_release>());
    m.def("_check_scenario_policy", &check_scenario_policy);
    m.def("_check_scenario_claim", &check_scenario_claim, py::call_guard<py::gil_scoped_release>());
    m.def("_scenario_claim_variants", [](const Scenario& s, const Catalog& cat) {
        return claim_variants_table(scenario_claim_variants(s, cat), s.settings.currency);
    });
    m.def(
        "_compare",
        [](const Catalog& cat, const Workload& w, const py::list& options, std::size_t baseline, const py::handle& start,
           int months, const py::handle& currency, const py::handle& fx_date, const std::string& on_retirement,
           const py::handle& agreements, const py::handle& fx_path, const py::handle& discount_rate, const py::handle& tasks) {
            std::vector<Option> opts;
            for (auto o : options) opts.push_back(to_option(o));
            ComparisonSettings settings = make_settings(start, months, currency, fx_date, on_retirement);
            add_terms(settings, agreements, fx_path, discount_rate);
            if (!tasks.is_none()) settings.tasks = to_tasks(tasks, cat);
            py::gil_scoped_release release;
            return compare(cat, w, opts, baseline, settings);
        });
    m.def("_check_claim", [](const Catalog& cat, const Workload& w, const py::handle& baseline, const py::handle& candidate,
                             const py::handle& saving, const py::handle& start, int months, const py::handle& currency,
                             const py::handle& fx_date, const std::string& on_retirement) {
        const ComparisonSettings s = make_settings(start, months, currency, fx_date, on_retirement);
        return check_claim(cat, w, to_option(baseline), to_option(candidate), to_money(saving, s.currency, "saving_per_year"),
                           s);
    });
}

}  // namespace infercost::py_convert
