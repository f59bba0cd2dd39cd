// Methods of the compiled classes that the Python package implements: presentation (frames, HTML, text, plots)
// and conveniences over Python objects (numpy arrays, usage dicts, paths). They are part of the classes from the
// moment the module is imported; each forwards to a plain function of the package, imported when first called
// (the package imports this module, so it cannot be imported while this module is being made).
#include "register.hpp"

#include <pybind11/pybind11.h>

#include <string>

namespace py = pybind11;

namespace infercost::py_convert {

namespace {

enum class Kind { method, static_method, property };

struct Forward {
    const char* cls;
    const char* name;
    const char* module;
    const char* function;
    Kind kind;
    const char* doc;
};

constexpr Forward kForwards[] = {
    {"Catalog", "default", "infercost._api", "_default", Kind::static_method, "The bundled catalog, loaded once from :meth:`Catalog.bundled_directory` ($INFERCOST_DATA_DIR, else the data shipped beside the compiled module)."},
    {"Usage", "from_openai", "infercost._api", "_from_openai", Kind::static_method, "Usage from an OpenAI-style usage object or dict: ``prompt_tokens`` includes ``prompt_tokens_details.cached_tokens``; ``completion_tokens`` includes ``completion_tokens_details.reasoning_tokens``."},
    {"Usage", "from_anthropic", "infercost._api", "_from_anthropic", Kind::static_method, "Usage from an Anthropic-style usage object or dict: ``input_tokens`` excludes ``cache_read_input_tokens`` and ``cache_creation_input_tokens``; ``output_tokens`` includes thinking (pass ``thinking_tokens`` if you know them)."},
    {"Offering", "price_batch", "infercost._api", "_price_batch", Kind::method, "Prices many requests at once. ``usage`` is an (N, 5) integer array with the columns input, cached_input, cache_write, output, reasoning (``Usage`` semantics), or a DataFrame with those columns. ``at`` is one instant or one per row (numpy datetime64 values are read as UTC). An int64 array is read in place, without a copy, whatever its memory layout."},
    {"Scenario", "load", "infercost._api", "_scenario_load", Kind::static_method, "Loads a scenario file; offering ids are checked against the catalog (default: the bundled one)."},
    {"Scenario", "parse", "infercost._api", "_scenario_parse", Kind::static_method, ""},
    {"Scenario", "run", "infercost._api", "_scenario_run", Kind::method, "Costs every option of the scenario."},
    {"Scenario", "check_claim", "infercost._api", "_scenario_check_claim", Kind::method, "Checks the scenario's claim."},
    {"Scenario", "claim_variants", "infercost._api", "_scenario_claim_variants", Kind::method, "The claim under other workload shapes (cache share, reasoning, long-context requests, peak or night hours) and on the other lists the claim names (``claim.also``): the volume it takes in each, as a frame."},
    {"ImportedCatalog", "report_frame", "infercost._api", "_import_report", Kind::method, "Counts per provider and status, with totals."},
    {"ImportedCatalog", "flags_frame", "infercost._api", "_import_flags", Kind::method, "Every data-quality finding, one row per flag."},
    {"Catalog", "diff", "infercost._api", "_diff", Kind::method, "Prices of this catalog's offerings that differ from an imported source's by more than ``threshold`` (relative), with both values and dates, largest difference first. ``frame.attrs`` holds the number of offerings matched and the ids not found in the source."},
    {"Catalog", "with_overlay", "infercost._api", "_with_overlay", Kind::method, "A new catalog with an overlay file applied; use :func:`apply_overlay` to see what it changed."},
    {"Policy", "load", "infercost._api", "_policy_load", Kind::static_method, "Loads a policy file; jurisdiction codes are checked against the catalog's list."},
    {"Comparison", "check_policy", "infercost._api", "_comparison_check_policy", Kind::method, ""},
    {"Scenario", "monte_carlo", "infercost.uncertainty", "_scenario_monte_carlo", Kind::method, "Draws the scenario's uncertain inputs (its `uncertainty:` section) ``samples`` times and prices every option for every draw: a :class:`infercost.uncertainty.MonteCarlo` with ranges per option, P(cheaper) and the claim's odds. The same seed gives the same result on any number of threads."},
    {"Scenario", "tornado", "infercost.uncertainty", "_scenario_tornado", Kind::method, "Each uncertain input from its p10 to its p90, the others at their medians: what moves the saving of ``candidate`` (default: the claim's candidate)."},
    {"Scenario", "sweep", "infercost.uncertainty", "_scenario_sweep", Kind::method, "One uncertain input across values (default: 21 from its p1 to its p99), the others at their medians: every option's saving per year."},
    {"Scenario", "uncertainty_frame", "infercost.uncertainty", "_scenario_uncertainty_frame", Kind::method, "One row per uncertain input: its distribution as stated, p10, median, p90 and mean."},
    {"Scenario", "check_policy", "infercost._api", "_scenario_check_policy", Kind::method, "Judges the scenario's comparison by the policy the scenario names (InputError when it names none)."},
    {"PriceBreakdown", "to_frame", "infercost._frames", "_breakdown_frame", Kind::method, "One row per charge: meter, quantity, unit, rate (per unit), level, cost."},
    {"PriceBreakdown", "__repr__", "infercost._frames", "_breakdown_repr", Kind::method, ""},
    {"PriceBreakdown", "_repr_html_", "infercost._frames", "_price_breakdown_repr_html", Kind::method, ""},
    {"CostReport", "to_frame", "infercost._frames", "_report_frame", Kind::method, "Month by month: requests, cost per cost line (the lines this option has) and total, in the report's currency."},
    {"CostReport", "__repr__", "infercost._frames", "_cost_report_repr", Kind::method, ""},
    {"CostReport", "_repr_html_", "infercost._frames", "_cost_report_repr_html", Kind::method, ""},
    {"Comparison", "to_frame", "infercost._frames", "_comparison_frame", Kind::method, "One row per option: kind, offering (missing for a self-hosted option), service tier, baseline, yearly cost, saving against the baseline and its share, cost per request and volume."},
    {"Comparison", "by_meter_frame", "infercost._frames", "_by_meter_frame", Kind::method, "Yearly cost per option (rows) and cost line (columns: the meters, then GPU-hours, capital, power, hosting and operations for self-hosted options; lines no option has are left out). Each row sums to the option's yearly cost."},
    {"Comparison", "monthly_frame", "infercost._frames", "_monthly_frame", Kind::method, "Cost per month (rows) and option (columns)."},
    {"Comparison", "projection_frame", "infercost._frames", "_projection_frame", Kind::method, "Per period (``by``: month, quarter or year) and option, in long form: requests, the cost lines some option has, cost and cash (one-off costs when paid, owned servers bought outright)."},
    {"Comparison", "savings_frame", "infercost._frames", "_savings_frame", Kind::method, "Per period and option against the baseline: cost, saving, cash saving and the cumulated cash saving."},
    {"Comparison", "finance_frame", "infercost._frames", "_finance_frame", Kind::method, "Per option against the baseline: saving and cash saving over the horizon, payback month, NPV (at the scenario's discount rate) and IRR."},
    {"Comparison", "focus_frame", "infercost._frames", "_focus_frame", Kind::method, "The projection as FOCUS 1.3 cost rows (column names as FOCUS spells them), to join a FinOps data set; the BilledCost of an option's rows adds up to its projected cost."},
    {"Comparison", "to_excel", "infercost._frames", "_to_excel", Kind::method, "Writes the comparison as an Excel workbook (options, projection, savings, finance, tasks, FOCUS rows, assumptions), units in the column headings, dates without time zones; returns the path."},
    {"Scenario", "write_report", "infercost.report", "write_report", Kind::method, "Writes report.html, report.xlsx and focus.csv for the scenario into a folder (created if needed)."},
    {"Comparison", "task_frame", "infercost._frames", "_task_frame", Kind::method, "With tasks, per option: requests and tokens per task, token ratio, thinking, success rate, cost per task and per successful task."},
    {"Comparison", "assumptions_frame", "infercost._frames", "_assumptions_frame", Kind::method, "What each option's cost rests on: price versions (with source and checked date), time-of-day rules and exchange rates, and for a self-hosted option its GPU price and replica."},
    {"Comparison", "__repr__", "infercost._frames", "_comparison_repr", Kind::method, ""},
    {"Comparison", "_repr_html_", "infercost._frames", "_comparison_html", Kind::method, ""},
    {"ClaimCheck", "to_frame", "infercost._frames", "_claim_frame", Kind::method, "The claim check as a two-column table of quantities (the claim table's headings) and values; the share as a percentage, as its heading says."},
    {"ClaimCheck", "__repr__", "infercost._frames", "_claim_check_repr", Kind::method, ""},
    {"ClaimCheck", "_repr_html_", "infercost._frames", "_claim_check_repr_html", Kind::method, ""},
    {"Catalog", "to_frame", "infercost._frames", "_catalog_frame", Kind::method, "One row per offering with the prices in force at ``at`` (default: each offering's latest version), per million tokens in the list's currency (missing where the list has no price)."},
    {"Catalog", "_repr_html_", "infercost._frames", "_catalog_repr_html", Kind::method, ""},
    {"Offering", "history_frame", "infercost._frames", "_history_frame", Kind::method, "The offering's price versions, oldest first."},
    {"Offering", "_repr_html_", "infercost._frames", "_offering_repr_html", Kind::method, ""},
    {"Scenario", "__repr__", "infercost._frames", "_scenario_repr", Kind::method, ""},
    {"PolicyCheck", "to_frame", "infercost._frames", "_policy_frame", Kind::method, "One row per option: yearly cost, whether it passes, and every reason it fails."},
    {"PolicyCheck", "summary", "infercost._frames", "_policy_summary", Kind::property, ""},
    {"PolicyCheck", "__repr__", "infercost._frames", "_policy_check_repr", Kind::method, ""},
    {"PolicyCheck", "_repr_html_", "infercost._frames", "_policy_check_repr_html", Kind::method, ""},
    {"Catalog", "governance_frame", "infercost._frames", "_governance_frame", Kind::method, "Governance facts per offering: deployment class, jurisdictions, origin, licence, retention, source."},
    {"ThroughputEstimate", "to_dict", "infercost._selfhost", "_estimate_dict", Kind::method, "The estimate's measures and memory plan as one flat dict."},
    {"ThroughputEstimate", "to_frame", "infercost._selfhost", "_estimate_frame", Kind::method, "The estimate as a one-column frame, one row per measure."},
    {"ThroughputEstimate", "__repr__", "infercost._selfhost", "_estimate_repr", Kind::method, ""},
    {"SelfHostReport", "to_frame", "infercost._selfhost", "_plan_frame", Kind::method, "Every hour of the plan's period, one row each: load, replicas needed, instances running, utilisation, cost."},
    {"SelfHostReport", "buckets_frame", "infercost._selfhost", "_buckets_frame", Kind::method, "A replica's throughput for each bucket of the workload's length mix, at the latency targets."},
    {"SelfHostReport", "summary_frame", "infercost._selfhost", "_plan_summary_frame", Kind::method, "The plan's headline figures as one column."},
    {"SelfHostReport", "__repr__", "infercost._selfhost", "_plan_repr", Kind::method, ""},
    {"SelfHostReport", "_repr_html_", "infercost._selfhost", "_plan_html", Kind::method, ""},
    {"Catalog", "gpus_frame", "infercost._selfhost", "_gpus_frame", Kind::method, "GPU specifications with their sources."},
    {"Catalog", "cloud_offers_frame", "infercost._selfhost", "_offers_frame", Kind::method, "Cloud GPU offers, with the price per GPU-hour worked out from the instance price; ``jurisdictions`` is a list, ``committed_per_hour`` maps a term in months to its price per instance-hour."},
    {"Catalog", "models_frame", "infercost._selfhost", "_models_frame", Kind::method, "Model architectures: size, attention, experts, KV bytes per token, and the API offerings serving them (``served_by``, a list)."},
    {"Catalog", "owned_frame", "infercost._selfhost", "_owned_frame", Kind::method, "Owned-hardware profiles with their cost per GPU-hour by component."},
    {"Comparison", "plot", "infercost.plots", "plot_costs", Kind::method, "Yearly cost per option as horizontal bars stacked by cost line; the baseline is marked."},
    {"Comparison", "plot_cumulative_savings", "infercost.plots", "plot_cumulative_savings", Kind::method, "Cumulated cash saving of each option against the baseline, month by month; each option's payback month is marked."},
    {"Comparison", "plot_cost_per_task", "infercost.plots", "plot_cost_per_task", Kind::method, "Cost per task and per successful task of each option, as paired horizontal bars."},
    {"Comparison", "plot_projection", "infercost.plots", "plot_projection", Kind::method, "Cost per period (``by``: month, quarter or year) of each option over the horizon; the baseline is drawn thicker."},
};

}  // namespace

void register_python_methods(py::module_& m) {
    for (const Forward& f : kForwards) {
        py::object cls = m.attr(f.cls);
        const std::string module = f.module, function = f.function;
        auto call = [module, function](py::args args, py::kwargs kwargs) {
            return py::module_::import(module.c_str()).attr(function.c_str())(*args, **kwargs);
        };
        if (f.kind == Kind::static_method) {
            py::setattr(cls, f.name, py::staticmethod(py::cpp_function(call, py::name(f.name), py::doc(f.doc))));
        } else {
            py::cpp_function fn(call, py::name(f.name), py::is_method(cls), py::doc(f.doc));
            if (f.kind == Kind::property)
                py::setattr(cls, f.name, py::module_::import("builtins").attr("property")(fn, py::none(), py::none(), f.doc));
            else
                py::setattr(cls, f.name, fn);
        }
    }
}

}  // namespace infercost::py_convert
