// Comparing options for one workload, and checking a claimed saving.
#pragma once

#include "infercost/export.hpp"

#include "infercost/catalog.hpp"
#include "infercost/api/costing.hpp"
#include "infercost/governance/policy.hpp"
#include "infercost/scenario/tasks.hpp"
#include "infercost/scenario/terms.hpp"
#include "infercost/selfhost/plan.hpp"

#include <optional>
#include <string>
#include <vector>

namespace infercost {

// An option: an API offering at a service tier, or a self-hosted deployment, with a label for tables.
struct INFERCOST_API Option {
    Option() = default;
    Option(std::string id, ServiceTier tier = ServiceTier::standard, std::string label_ = {})
        : offering_id(std::move(id)), service_tier(tier), label(std::move(label_)) {}
    explicit Option(SelfHosted s) : label(s.label), self_hosted(std::move(s)) {}

    std::string offering_id;  // empty for a self-hosted option
    ServiceTier service_tier = ServiceTier::standard;
    std::string label;  // defaults to the offering id, with ":<tier>" for a non-standard tier and "@<scope>"
    std::string scope;  // a serving scope of the offering (PriceVersion::scopes); empty: the list's default
    std::optional<SelfHosted> self_hosted;
    // An API option's assumed price change per year after its last known price version (-0.2: 20% cheaper a year),
    // compounded month by month from the first month that starts after that version took effect.
    double price_trend_per_year = 0;
    std::vector<OneOff> one_offs;
    // A hybrid option: a self-hosted option with max_replicas whose load above their capacity goes, hour by hour,
    // to this API offering at this tier.
    std::string overflow_offering;
    ServiceTier overflow_tier = ServiceTier::standard;
    // A routed option: the traffic split among these options (API, self-hosted or hybrid), by share of requests
    // (route_shares, one per route, summing to 1) or by prompt length (route_prompt_edges, ascending, one fewer than
    // the routes: route k takes the prompts above edge k-1 and up to edge k).
    std::vector<Option> routes;
    std::vector<double> route_shares;
    std::vector<double> route_prompt_edges;
    static Option routed_by_share(std::string label, std::vector<Option> routes, std::vector<double> shares);
    static Option routed_by_prompt(std::string label, std::vector<Option> routes, std::vector<double> edges);

    enum class Kind { api, self_hosted, hybrid, routed };
    Kind kind() const;
    std::string display_label() const;
    // InputError naming what to fix: a routed option with an offering of its own, shares that do not sum to one,
    // edges that do not ascend, a hybrid without max_replicas or an overflow without a self-hosted option...
    void validate() const;
};
INFERCOST_API std::string_view option_kind_name(Option::Kind k);

// What happens when an API offering retires inside the horizon: the comparison is refused (the default), or the
// successor the provider names is priced from the retirement on (and the report says so).
enum class OnRetirement { refuse, successor };
INFERCOST_API std::string_view on_retirement_name(OnRetirement r);
INFERCOST_API std::optional<OnRetirement> on_retirement_from_name(std::string_view name);

// The offering priced as `o` until its retirement and as its successor (and theirs, down the chain) from then,
// over [.., until). InputError when a retirement before `until` names no successor, or the successor has no price
// at the retirement.
INFERCOST_API Offering with_successors(const Catalog& catalog, const Offering& o, Timestamp until);

struct INFERCOST_API ComparisonSettings {
    Period period;
    Currency currency{"USD"};      // reporting currency
    std::optional<Date> fx_date;   // rate date for conversions; default: the period's start
    // An FX path: rates for dates inside the horizon, beside the catalog's. With a path each month converts at the
    // rate in force on its first day (and fx_date must not be given); without one every amount converts at fx_date.
    std::vector<FxRate> fx_path;
    OnRetirement on_retirement = OnRetirement::refuse;
    std::vector<Agreement> agreements;  // at most one per provider
    std::optional<double> discount_rate;  // yearly, for the NPV of savings
    // Tasks: options compared per successful task, each with its own requests per task, tokenizer, thinking and
    // success rate (the workload's volume then counts requests at the task's requests_per_task).
    std::optional<Tasks> tasks;
    Date effective_fx_date() const { return fx_date.value_or(period.start); }
    // InputError for a period out of range, an FX path with fx_date, two agreements with one provider, a discount
    // rate at or below -100%, or an invalid agreement.
    void validate() const;
};

struct INFERCOST_API Comparison {
    std::vector<Option> specs;  // the options as given
    std::vector<CostReport> options;
    // One per option: the plan behind a self-hosted or hybrid option (for a routed option, its first self-hosted route's).
    std::vector<std::optional<SelfHostReport>> self_hosted;
    std::size_t baseline = 0;
    ComparisonSettings settings;
    std::vector<std::optional<TaskCost>> task_costs;  // one per option, with settings.tasks

    // Baseline's yearly cost minus option i's (positive: option i saves money).
    Money saving_per_year(std::size_t i) const;
    // saving_per_year(i) / baseline's yearly cost.
    double saving_share(std::size_t i) const;
    // Index of the cheapest option.
    std::size_t cheapest() const;
};

INFERCOST_API Comparison compare(const Catalog& catalog, const Workload& workload, const std::vector<Option>& options,
                   std::size_t baseline, const ComparisonSettings& settings);

// A comparison judged by a data-governance policy: which options pass, why the others fail, the cheapest
// compliant option and what the policy costs a year (the cheapest compliant option's yearly cost minus the
// cheapest option's). An option whose offering has no governance facts fails: compliance is not assumed.
struct INFERCOST_API PolicyCheck {
    std::string policy;
    std::string data_class;
    std::vector<std::string> labels;      // the comparison's options ...
    std::vector<Money> per_year;          // ... their yearly costs ...
    std::vector<PolicyVerdict> verdicts;  // ... and their verdicts
    std::size_t cheapest = 0;
    std::optional<std::size_t> cheapest_compliant;
    std::optional<Money> cost_of_policy_per_year;  // empty when no option complies
};
INFERCOST_API PolicyCheck check_policy(const Comparison& comparison, const Catalog& catalog, const Policy& policy,
                         const std::string& data_class = "");

// What request volume makes a claimed yearly saving (between API options: a self-hosted bill is not linear in
// volume, so it has a break-even volume instead; see break_even) between a baseline and a candidate true, for a
// workload of the given shape. With no volume discounts the yearly cost of each option is linear in the
// request volume, so the answer is the claim divided by the saving per (request per day) per year.
struct INFERCOST_API ClaimCheck {
    std::string baseline;
    std::string candidate;
    Money claimed_saving_per_year{0.0, Currency("USD")};
    Money baseline_cost_per_request{0.0, Currency("USD")};   // averaged over the period
    Money candidate_cost_per_request{0.0, Currency("USD")};
    bool achievable = false;  // false when the candidate is not cheaper than the baseline
    double implied_requests_per_day = 0;
    double implied_input_tokens_per_day = 0;
    double implied_output_tokens_per_day = 0;
    Money implied_baseline_per_year{0.0, Currency("USD")};
    Money implied_candidate_per_year{0.0, Currency("USD")};
    double saving_share = 0;  // the saving as a share of the baseline's cost
    // The same for the workload's own volume, for reference.
    double workload_requests_per_day = 0;
    Money workload_saving_per_year{0.0, Currency("USD")};
    std::string summary;  // one plain sentence
};

INFERCOST_API ClaimCheck check_claim(const Catalog& catalog, const Workload& shape, const Option& baseline, const Option& candidate,
                       const Money& claimed_saving_per_year, const ComparisonSettings& settings);

// The claim under other plausible workload shapes: how the volume it takes moves with the cache share, a reasoning
// model's hidden output, a share of long-context requests, traffic in peak or night hours, and other lists of the
// candidate (a mainland list beside an international one). One row each; a shape an offering refuses (a prompt beyond
// its context window) says why instead of a volume.
struct INFERCOST_API ClaimVariant {
    std::string name;     // "as stated", "no cache hits", ...
    std::string change;   // what differs from the stated workload
    std::string candidate;
    std::optional<Money> baseline_cost_per_request;
    std::optional<Money> candidate_cost_per_request;
    std::optional<double> saving_share;
    std::optional<double> implied_requests_per_day;  // empty when not achievable or refused
    std::optional<double> implied_requests_per_month;
    std::optional<double> implied_tokens_per_month;  // input plus output
    std::string note;     // why there is no volume
};
INFERCOST_API std::vector<ClaimVariant> claim_variants(const Catalog& catalog, const Workload& shape, const Option& baseline,
                                                       const Option& candidate, const Money& claimed_saving_per_year,
                                                       const ComparisonSettings& settings,
                                                       const std::vector<Option>& other_candidates = {});

// The expected cost of one request of the workload's shape on an API option, averaged over the settings' period,
// in their currency.
INFERCOST_API Money api_cost_per_request(const Catalog& catalog, const Workload& shape, const Option& api, const ComparisonSettings& settings);
// Break-even and its curve against an API option, costed over the plan's own period (so the answer never depends on
// the day it is computed) in the plan's currency.
INFERCOST_API BreakEven break_even(const Catalog& catalog, const SelfHostReport& plan, const Workload& shape, const Option& api);
INFERCOST_API std::vector<BreakEvenPoint> break_even_curve(const Catalog& catalog, const SelfHostReport& plan, const Workload& shape,
                                             const Option& api, std::vector<double> volumes = {});

}  // namespace infercost
