// The result tables of the uncertainty layer (declared in infercost/results.hpp with the others).
#include "infercost/results.hpp"

#include "infercost/detail/format.hpp"

#include "../table_columns.hpp"

#include <cmath>

namespace infercost {

using namespace table_columns;

Table uncertain_inputs_table(const Scenario& s) {
    Table t("uncertain_inputs", {text("input"), text("distribution"), of_kind("p10", ColumnKind::number, "p10"),
                                 of_kind("median", ColumnKind::number, "median"), of_kind("p90", ColumnKind::number, "p90"),
                                 of_kind("mean", ColumnKind::number, "mean")});
    for (const UncertainInput& in : s.uncertainty.inputs) {
        const Distribution& d = in.distribution;
        t.add_row({in.path, d.describe(), d.quantile(0.1), d.median(), d.quantile(0.9), d.mean()});
    }
    t.title = "What is not known: the scenario's uncertain inputs";
    if (!s.uncertainty.rank_correlation.empty()) {
        const std::size_t k = s.uncertainty.inputs.size();
        for (std::size_t i = 0; i < k; ++i)
            for (std::size_t j = i + 1; j < k; ++j)
                if (const double r = s.uncertainty.rank_correlation[i * k + j]; r != 0)
                    t.notes.push_back("rank correlation " + format_number(r, 3) + " between " + s.uncertainty.inputs[i].path +
                                      " and " + s.uncertainty.inputs[j].path);
    }
    return t;
}

namespace {
std::string percent_label(double p) {
    std::string s = "p";
    s += std::to_string(static_cast<int>(std::lround(p * 100)));
    return s;
}
}  // namespace

Table ranges_table(const MonteCarloResult& r) {
    const Currency& cur = r.currency;
    std::vector<Column> cols = {text("option"), of_kind("baseline", ColumnKind::boolean, "baseline"),
                                money("stated", "as stated/year", cur, "per year"),
                                money("mean", "mean/year", cur, "per year")};
    for (double p : kRangeQuantiles) {
        const std::string name = percent_label(p);
        cols.push_back(money(name, name + "/year", cur, "per year"));
    }
    cols.push_back(money("p50_se", "p50 s.e.", cur, "per year"));
    cols.push_back(money("saving_mean", "saving mean/year", cur, "per year"));
    cols.push_back(money("saving_p5", "saving p5/year", cur, "per year"));
    cols.push_back(money("saving_p50", "saving p50/year", cur, "per year"));
    cols.push_back(money("saving_p95", "saving p95/year", cur, "per year"));
    cols.push_back(of_kind("p_cheaper", ColumnKind::share, "P(cheaper) %"));
    cols.push_back(of_kind("p_cheaper_se", ColumnKind::share, "P s.e. %"));
    Table t("ranges", std::move(cols));
    for (std::size_t o = 0; o < r.options.size(); ++o) {
        const Range& c = r.per_year[o];
        const Range& sv = r.saving_per_year[o];
        const bool base = o == r.baseline;
        std::vector<Cell> row;
        row.emplace_back(r.options[o]);
        row.emplace_back(base);
        row.emplace_back(r.nominal_per_year[o]);
        row.emplace_back(c.mean.value);
        for (const Estimate& e : c.quantiles) row.emplace_back(e.value);
        row.push_back(c.quantiles[3].standard_error);
        auto saving = [&](Cell v) { return base ? Cell{} : v; };
        row.push_back(saving(sv.mean.value));
        row.push_back(saving(sv.quantiles[0].value));
        row.push_back(saving(sv.quantiles[3].value));
        row.push_back(saving(sv.quantiles[6].value));
        row.push_back(saving(r.probability_cheaper[o].value));
        row.push_back(saving(r.probability_cheaper[o].standard_error));
        t.add_row(std::move(row));
    }
    t.title = "Cost per year over " + format_count(static_cast<double>(r.samples)) + " samples of the uncertain inputs (seed " +
              std::to_string(r.seed) + "), " + cur.code();
    t.notes.push_back("saving: the baseline's cost minus the option's, sample by sample; P(cheaper): the share of samples "
                      "in which the option costs less than the baseline");
    if (r.claim_option)
        t.notes.push_back("the claim of " + format_count(r.claimed_saving) + " " + cur.code() + " a year with " +
                          r.options[*r.claim_option] + " holds in " + format_fixed(100 * r.probability_claim.value, 1) +
                          "% of samples (standard error " + format_fixed(100 * r.probability_claim.standard_error, 1) + " points)");
    for (const auto& n : r.notes) t.notes.push_back(n);
    return t;
}

Table task_ranges_table(const MonteCarloResult& r) {
    const Currency& cur = r.currency;
    Table t("task_ranges", {text("option"), money("stated", "as stated/successful task", cur, "per successful task"),
                            money("mean", "mean/successful task", cur, "per successful task"),
                            money("p5", "p5/successful task", cur, "per successful task"),
                            money("p50", "p50/successful task", cur, "per successful task"),
                            money("p95", "p95/successful task", cur, "per successful task"),
                            money("p50_se", "p50 s.e.", cur, "per successful task")});
    for (std::size_t o = 0; o < r.per_successful_task.size(); ++o) {
        const Range& c = r.per_successful_task[o];
        t.add_row({r.options[o], r.nominal_per_successful_task[o], c.mean.value, c.quantiles[0].value, c.quantiles[3].value,
                   c.quantiles[6].value, c.quantiles[3].standard_error});
    }
    t.title = "Cost per successful task over the samples, " + cur.code();
    return t;
}

Table monthly_ranges_table(const MonteCarloResult& r) {
    const Currency& cur = r.currency;
    Table t("monthly_ranges", {of_kind("month", ColumnKind::date, "month"), text("option"),
                               money("mean", "mean", cur, "per month"),
                               money("p5", "p5", cur, "per month"), money("p25", "p25", cur, "per month"),
                               money("p50", "p50", cur, "per month"), money("p75", "p75", cur, "per month"),
                               money("p95", "p95", cur, "per month")});
    for (std::size_t m = 0; m < r.months.size() && !r.monthly_quantiles.empty(); ++m)
        for (std::size_t o = 0; o < r.options.size(); ++o) {
            const auto& q = r.monthly_quantiles[o][m];  // at kRangeQuantiles: 5, 10, 25, 50, 75, 90, 95
            t.add_row({r.months[m], r.options[o], r.monthly_mean[o][m], q[0], q[2], q[3], q[4], q[6]});
        }
    t.title = "Cost per month over the samples (the projection's ranges), " + cur.code();
    return t;
}

Table tornado_table(const Tornado& tn) {
    const Currency& cur = tn.currency;
    const bool task = tn.measure != "per year";
    const std::string per = task ? "/successful task" : "/year";
    Table t("tornado", {text("input"), of_kind("low", ColumnKind::number, "low (p10)"), of_kind("high", ColumnKind::number, "high (p90)"),
                        money("saving_at_low", "saving at low" + per, cur, tn.measure),
                        money("saving_at_high", "saving at high" + per, cur, tn.measure),
                        money("swing", "swing" + per, cur, tn.measure)});
    for (const TornadoBar& b : tn.bars) t.add_row({b.input, b.low_value, b.high_value, b.saving_at_low, b.saving_at_high, b.swing});
    t.title = "What moves the saving of " + tn.candidate + " against " + tn.baseline + " (" +
              (task ? format_number(tn.base_saving, 4) + " " + cur.code() + " per successful task"
                    : format_count(tn.base_saving) + " " + cur.code() + " a year") +
              " with every input at its median)";
    t.notes.push_back("each input from its p10 to its p90 with the others at their medians; correlations are not applied");
    return t;
}

Table sweep_table(const Sweep& w) {
    std::vector<Column> cols = {of_kind("value", ColumnKind::number, w.input)};
    for (std::size_t o = 0; o < w.options.size(); ++o)
        if (o != w.baseline) cols.push_back(money(w.options[o], w.options[o] + " saving/year", w.currency, "per year"));
    Table t("sweep", std::move(cols));
    for (std::size_t i = 0; i < w.values.size(); ++i) {
        std::vector<Cell> row;
        row.emplace_back(w.values[i]);
        for (std::size_t o = 0; o < w.options.size(); ++o)
            if (o != w.baseline) row.push_back(w.saving_per_year[o][i]);
        t.add_row(std::move(row));
    }
    t.title = "Saving per year against " + w.options[w.baseline] + " as " + w.input + " moves, the other inputs at their medians (" +
              w.currency.code() + ")";
    return t;
}

}  // namespace infercost
