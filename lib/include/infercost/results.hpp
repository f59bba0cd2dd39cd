// One function per result that lays it out as a table: the one definition of its columns.
#pragma once

#include "infercost/export.hpp"

#include "infercost/catalog.hpp"
#include "infercost/io.hpp"
#include "infercost/scenario/comparison.hpp"
#include "infercost/scenario/finance.hpp"
#include "infercost/core/table.hpp"
#include "infercost/uncertainty/monte_carlo.hpp"

#include <optional>
#include <string>

namespace infercost {

// Per option: option, kind (api, self_hosted, hybrid or routed), offering (empty but for an API option), service_tier,
// baseline, cost_per_year, saving_per_year (the baseline's cost minus the option's), saving_share,
// cost_per_request (empty without requests), requests (over the horizon).
INFERCOST_API Table comparison_table(const Comparison& c);
// Per option: the yearly cost by cost line (the meters, then GPU-hours, capital, power, hosting, operations):
// every line, or only the lines some option has; each row sums to the option's yearly cost.
INFERCOST_API Table by_meter_table(const Comparison& c, bool every_line = false);
// Per month of the horizon: the cost of every option (one column per option, named by its label).
INFERCOST_API Table monthly_table(const Comparison& c);
// How a projection's months are summed: each month, or by calendar quarter or year (a part quarter or year at either
// end of the horizon holds the months the horizon has of it).
enum class Grouping { month, quarter, year };
INFERCOST_API std::string_view grouping_name(Grouping g);
INFERCOST_API std::optional<Grouping> grouping_from_name(std::string_view name);
// Per period and option (long form, for a FinOps join or a pivot): period (its first day in the horizon), option,
// requests, the cost lines some option has, cost (the lines' sum) and cash (what is paid: one-off costs when paid,
// owned servers bought outright).
INFERCOST_API Table projection_table(const Comparison& c, Grouping by = Grouping::month);
// Per period and option other than the baseline: period, option, cost, saving (the baseline's cost minus the
// option's), cash_saving, cumulative_saving (of the cash saving, from the horizon's start).
INFERCOST_API Table savings_table(const Comparison& c, Grouping by = Grouping::month);
// Per option other than the baseline, over the horizon: saving, cash_saving, payback (the first month from which the
// cumulated cash saving stays at zero or above; empty if it never does), payback_months (months from the horizon's
// start to the end of that month), npv (of the cash savings at the scenario's discount rate; empty without one),
// irr (yearly; empty unless the cash savings change sign once).
INFERCOST_API Table finance_table(const Comparison& c);
// With tasks, per option: option, requests_per_task, token_ratio, reasoning_tokens_per_request, input and output
// tokens per task, success_rate, cost_per_task, cost_per_successful_task; the task's name in the title.
INFERCOST_API Table task_table(const Comparison& c);
// The projection as FinOps FOCUS 1.3 cost rows, one per option, part, month and cost line, so it joins a FOCUS data
// set: BilledCost, EffectiveCost, ContractedCost, ListCost, ListUnitPrice, ContractedUnitPrice, PricingQuantity,
// PricingUnit ("1000000 Tokens", "GPU-Hours"...), ConsumedQuantity, ConsumedUnit, ChargePeriodStart/End (the month, as
// UTC midnights of its first day and the next month's), BillingPeriodStart/End, BillingCurrency, ChargeCategory
// (Usage, Purchase for one-off costs and committed-spend shortfalls, Credit), ChargeDescription, PricingCategory,
// ServiceProviderName, HostProviderName, InvoiceIssuerName, ServiceCategory ("AI and Machine Learning"),
// ServiceSubcategory ("Generative AI"), ServiceName, SkuId and SkuMeter (one per meter), SkuPriceDetails (JSON:
// TokenDirection, TokenCacheAction, ModelId, and ModelDeveloper where the catalog knows it), then x_Option and x_Part.
// A negotiated discount lowers the usage rows' EffectiveCost below ListCost. The BilledCost of an option's rows adds up
// to its projected cost. `catalog` gives providers' names (ids are written where it has none).
INFERCOST_API Table focus_table(const Comparison& c, const Catalog& catalog);
// What each option's cost rests on: option, kind (price version, time rule, exchange rate, GPU price, replica),
// detail, share_of_requests, source, date.
INFERCOST_API Table assumptions_table(const Comparison& c);
// Month by month: month, requests, the cost lines the report has, total.
INFERCOST_API Table report_table(const CostReport& r);
// Per charge: meter, quantity, rate (per million tokens; per request for the request meter), level, cost.
INFERCOST_API Table breakdown_table(const PriceBreakdown& b);
// One row: the claim, both costs per request, the implied volume (empty when not achievable) and the saving.
INFERCOST_API Table claim_table(const ClaimCheck& k);
// The claim under other shapes, one row each: variant, change, candidate, both costs per request, saving_share,
// implied requests per day and per month and tokens per month (empty when not achievable), note.
INFERCOST_API Table claim_variants_table(const std::vector<ClaimVariant>& variants, const Currency& currency);
// Per option: option, cost_per_year, passes, reasons (joined by "; ").
INFERCOST_API Table policy_table(const PolicyCheck& p);
// Per offering: id, provider, model, currency, the six meter prices per million tokens (empty where the list
// has none), context_tiers, time_rules, service_tiers, effective_from, source, checked, retired; the version in
// force at `at`, or each offering's latest.
INFERCOST_API Table catalog_table(const Catalog& catalog, const std::string& provider = "", std::optional<Timestamp> at = {});

// Per self-hosted plan (all in one currency): option, model, gpu, gpus_per_replica, provisioning, price_basis,
// price_per_gpu_hour, cost_per_month, peak_gpus, gpu_hours_per_month, utilisation, cost_per_million_input,
// cost_per_million_output, cost_per_request, replica_output_tokens_per_second, tpot_ms, ttft_ms, calibrated.
INFERCOST_API Table plans_table(const std::vector<const SelfHostReport*>& plans);
// What one decode step of an estimate spends its time on, part by part (ms and share of the step), with what
// bounds it and by how much in the title and what slows the layout in the notes (`selfhost throughput --explain`).
INFERCOST_API Table step_table(const ThroughputEstimate& e);
// One row: against, reached, requests_per_day, input and output tokens per month, cost_per_month (empty when the
// break-even is never reached), stays_cheaper_from, api_cost_per_request, self_hosted_marginal_cost_per_request,
// summary; amounts in `currency` (the plan's).
INFERCOST_API Table break_even_table(const BreakEven& b, const std::string& against, const Currency& currency);

// The uncertain inputs of a scenario: input, distribution (as stated), p10, median, p90, mean.
INFERCOST_API Table uncertain_inputs_table(const Scenario& s);
// Per option: option, baseline, stated (the comparison at the stated values), mean, p5 .. p95 of the cost per year,
// p50_se (the median's standard error), then saving_mean, saving_p5, saving_p50, saving_p95 and p_cheaper (the share
// of samples in which it costs less than the baseline) with p_cheaper_se; the claim's odds in the notes.
INFERCOST_API Table ranges_table(const MonteCarloResult& r);
// With tasks, per option: option, stated, mean, p5, p50, p95 and p50_se of the cost per successful task; else empty.
INFERCOST_API Table task_ranges_table(const MonteCarloResult& r);
// Per month and option (long form): month, option, mean, p5, p25, p50, p75, p95 of the month's cost (the projection's
// fan); empty without the monthly ranges.
INFERCOST_API Table monthly_ranges_table(const MonteCarloResult& r);
// Per input, widest swing first: input, low (its p10), high (its p90), saving_at_low, saving_at_high, swing.
INFERCOST_API Table tornado_table(const Tornado& t);
// Per value of the input: value, then each option's saving per year (one column per option but the baseline).
INFERCOST_API Table sweep_table(const Sweep& w);

// Per finding of `catalog audit`: offering, finding (stale_check, not_official, retiring, no_successor,
// disagreement), detail, date.
INFERCOST_API Table audit_table(const std::vector<AuditFinding>& findings, Date on);
// `catalog refresh`: per source, the offerings the catalog lacks, the prices that differ, and the ends of models the
// source knows and the catalog does not; one row per finding (finding: missing, price or lifecycle).
INFERCOST_API Table refresh_table(const std::vector<CatalogDiff>& diffs, Date on);

}  // namespace infercost
