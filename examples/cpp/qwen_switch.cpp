// Loads a scenario, prints each option's yearly cost, the savings against the baseline over the horizon (payback,
// NPV, IRR), and the request volume a claimed saving implies.
//
//   qwen_switch [SCENARIO.yaml] [--catalog DIR]
#include <infercost/infercost.hpp>

#include <cstdio>
#include <exception>
#include <string>

namespace ic = infercost;

int main(int argc, char** argv) {
    std::string scenario_file = "examples/scenarios/qwen_switch.yaml";
    std::string catalog_dir;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--catalog" && i + 1 < argc) catalog_dir = argv[++i];
        else if (a == "-h" || a == "--help") {
            std::puts("usage: qwen_switch [SCENARIO.yaml] [--catalog DIR]");
            return 0;
        } else scenario_file = a;
    }
    try {
        const ic::Catalog catalog = catalog_dir.empty() ? ic::Catalog::load_default() : ic::Catalog::load(catalog_dir);
        const ic::Scenario s = ic::load_scenario(scenario_file, &catalog);
        const ic::Comparison c = ic::run_scenario(s, catalog);
        const std::string cur = s.settings.currency.code();

        std::printf("%s\n", s.name.c_str());
        std::printf("Horizon: %d months from %s; %.0f requests/day; prompt %s, output %s tokens\n\n",
                    s.settings.period.months, ic::format_date(s.settings.period.start).c_str(),
                    s.workload.requests_per_day, s.workload.input_tokens.describe().c_str(),
                    s.workload.output_tokens.describe().c_str());
        std::printf("%-40s %16s %16s %9s\n", "option", ("cost/year " + cur).c_str(), ("saving/year " + cur).c_str(),
                    "saving");
        for (std::size_t i = 0; i < c.options.size(); ++i) {
            const auto& r = c.options[i];
            std::printf("%-40s %16.0f %16.0f %8.1f%%%s\n", r.label.c_str(), r.per_year.amount(),
                        c.saving_per_year(i).amount(), 100 * c.saving_share(i), i == c.baseline ? "  (baseline)" : "");
        }

        std::printf("\nAssumptions\n");
        for (const auto& r : c.options) {
            for (const auto& v : r.versions)
                std::printf("  %s: prices from %s (%s, checked %s) for %.0f%% of requests\n", r.label.c_str(),
                            ic::format_timestamp(v.from).c_str(), v.source.c_str(), ic::format_date(v.checked).c_str(),
                            100 * v.request_share);
            for (const auto& t : r.time_rules)
                std::printf("  %s: time rule '%s' applies to %.1f%% of requests\n", r.label.c_str(), t.name.c_str(),
                            100 * t.request_share);
            for (const auto& f : r.conversions)
                std::printf("  %s: 1 %s = %.6g %s (rate of %s, %s)\n", r.label.c_str(), f.from.code().c_str(), f.rate,
                            f.to.code().c_str(), ic::format_date(f.rate_date).c_str(), f.source.c_str());
        }

        // Month by month against the baseline: the payback month, the NPV (with a discount rate) and the IRR.
        std::printf("\nOver the horizon\n");
        for (std::size_t i = 0; i < c.options.size(); ++i) {
            if (i == c.baseline) continue;
            const ic::Savings sv = ic::savings(c, i);
            std::printf("  %-40s saves %14.0f %s; payback %s", sv.option.c_str(), sv.cash_total, cur.c_str(),
                        sv.payback ? ic::format_date(sv.months[*sv.payback]).c_str() : "never");
            if (sv.npv) std::printf("; NPV %.0f %s", *sv.npv, cur.c_str());
            if (sv.irr) std::printf("; IRR %.1f%% a year", 100 * *sv.irr);
            std::printf("\n");
        }

        if (s.claim) {
            const ic::ClaimCheck k = ic::check_scenario_claim(s, catalog);
            std::printf("\nClaim: %s a year saved moving from %s to %s\n", k.claimed_saving_per_year.str().c_str(),
                        k.baseline.c_str(), k.candidate.c_str());
            std::printf("  %s\n", k.summary.c_str());
            if (k.achievable)
                std::printf("  This scenario's volume (%.0f requests/day) saves %s a year, %.2fx the claim's volume.\n",
                            k.workload_requests_per_day, k.workload_saving_per_year.str().c_str(),
                            k.workload_requests_per_day / k.implied_requests_per_day);
        }

        // Three logged requests of the support assistant, priced again under the baseline and the claim's candidate:
        // columns the program owns, read in place by the replay kernel.
        const std::vector<std::int64_t> at = {ic::parse_timestamp("2026-11-24T14:00:00Z").time_since_epoch().count(),
                                              ic::parse_timestamp("2026-11-24T15:30:00Z").time_since_epoch().count(),
                                              ic::parse_timestamp("2026-11-25T16:10:00Z").time_since_epoch().count()};
        const std::vector<std::int64_t> input = {3200, 2800, 5400}, cached = {1024, 0, 2048}, output = {410, 380, 620};
        ic::UsageLog log;
        log.unix_seconds = at;
        log.usage[0] = input;  // kUsageColumnNames order: input, cached_input, cache_write, output, reasoning
        log.usage[1] = cached;
        log.usage[3] = output;
        ic::ReplayOptions replay_options;
        replay_options.own = false;
        replay_options.reporting_currency = ic::Currency(cur);
        replay_options.fx = &catalog.fx();
        std::vector<const ic::Offering*> offerings = {&catalog.offering(s.options[s.baseline].offering_id)};
        if (s.claim) offerings.push_back(&catalog.offering(s.claim->candidate.offering_id));
        const ic::ReplayResult replayed = ic::replay(log, offerings, replay_options);
        std::vector<double> per_offering(offerings.size(), 0.0);
        for (const ic::ReplayCell& cell : replayed.cells) per_offering[static_cast<std::size_t>(cell.column)] += cell.reporting_total;
        std::printf("\nThree logged requests, priced again\n");
        for (std::size_t i = 0; i < offerings.size(); ++i)
            std::printf("  %-40s %10.6f %s\n", offerings[i]->id.c_str(), per_offering[i], cur.c_str());

        // What is not known: the scenario's uncertain inputs drawn 20,000 times (seeded), every option priced per draw.
        if (!s.uncertainty.empty()) {
            ic::MonteCarloOptions mc_options;
            mc_options.samples = 20'000;
            mc_options.seed = 7;
            mc_options.monthly = false;
            const ic::MonteCarloResult mc = ic::monte_carlo(s, catalog, mc_options);
            std::printf("\nCost per year over %llu draws of the uncertain inputs: p5, median, p95 (%s)\n",
                        static_cast<unsigned long long>(mc.samples), cur.c_str());
            for (std::size_t i = 0; i < mc.options.size(); ++i)
                std::printf("  %-40s %12.0f %12.0f %12.0f\n", mc.options[i].c_str(), mc.per_year[i].quantiles[0].value,
                            mc.per_year[i].quantiles[3].value, mc.per_year[i].quantiles[6].value);
            if (mc.claim_option)
                std::printf("  the claimed saving holds in %.1f%% of draws\n", 100 * mc.probability_claim.value);
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
