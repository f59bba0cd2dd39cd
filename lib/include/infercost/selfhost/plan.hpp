// Capacity and cost of self-hosting a workload: replicas hour by hour under latency targets, a provisioning
// policy, GPU-hours priced from a cloud offer or an owned-hardware profile, utilisation, effective cost per
// million tokens, and the volume at which self-hosting breaks even with an API offering.
#pragma once

#include "infercost/export.hpp"

#include "infercost/api/costing.hpp"
#include "infercost/demand/calendar.hpp"
#include "infercost/governance/policy.hpp"
#include "infercost/selfhost/throughput.hpp"
#include "infercost/demand/workload.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace infercost {

enum class Provisioning {
    fixed,      // a fleet sized for the week's peak hour, running every hour
    autoscale,  // each hour, the instances that hour needs (at least min_replicas' worth)
};
INFERCOST_API std::string_view provisioning_name(Provisioning p);
INFERCOST_API std::optional<Provisioning> provisioning_from_name(std::string_view name);

struct INFERCOST_API SelfHosted {
    std::string label;
    Deployment deployment;
    // Disaggregated serving: a pool of these prefill replicas (same model and GPU) beside the decode replicas that
    // `deployment` then describes. The plan's replica becomes a unit of one decode replica and the whole prefill
    // replicas that keep it fed (at least one).
    std::optional<Deployment> prefill;
    // Exactly one of the two: a cloud offer id (pricing/clouds) or an owned-hardware profile id (owned.yaml).
    std::string cloud_offer;
    std::string owned_profile;
    Purchase purchase = Purchase::on_demand;  // cloud only
    int committed_months = 0;                 // with Purchase::committed
    Provisioning provisioning = Provisioning::autoscale;
    int min_replicas = 1;
    // At most this many replicas run (none: as many as the load needs). The load above their capacity is not served
    // by the plan; a hybrid option (Option::overflow) sends it to an API.
    std::optional<int> max_replicas;
    double spot_share = 0;         // share of instance-hours on spot (cloud on-demand only)
    double spot_interruption = 0;  // share of those spot hours lost to interruptions and refilled at on-demand
    double max_utilisation = 0.8;  // load per replica as a share of its capacity at the latency target
    std::optional<double> tpot_ms;  // latency targets; none: the highest throughput that fits
    std::optional<double> ttft_ms;
    std::vector<std::string> jurisdictions;  // owned: where the servers are; cloud: optional narrowing
    // A what-if on the modelled replica throughput (0.8: a replica serves 80% of what the model says), for the
    // calibration's spread in a sensitivity; latency figures are not rescaled. 1: as modelled.
    double throughput_scale = 1;
    std::string display_label() const;
    // The provisioning an option gets when it states none: owned and committed capacity is paid for every hour,
    // so it runs a fixed fleet; anything else autoscales.
    Provisioning default_provisioning() const;
    // InputError naming the field for an inconsistent option (both or neither price source, a spot share
    // without a spot price, committed or owned capacity with autoscaling...).
    void validate() const;
};

// One hour of the period on the workload's clock.
struct INFERCOST_API HourPlan {
    Date date{};   // local date
    int hour = 0;  // local hour, 0..23
    double requests_per_second = 0;
    int replicas = 0;    // replicas the load needs
    int instances = 0;   // instances (or servers) running, after granularity, minimum and policy
    double utilisation = 0;  // load served / capacity of the running replicas
    double cost = 0;         // this hour, in the price currency
    double overflow_requests_per_second = 0;  // load above the capacity of max_replicas, not served by the plan
};

// A replica's throughput for one bucket of the workload's length mix, at the latency targets.
struct INFERCOST_API BucketCapacity {
    LengthBucket bucket;
    ThroughputEstimate estimate;
};

// A replica's capacity for a length mix: each bucket takes weight / requests_per_second seconds of replica time
// per request of the mix, so the mix runs at 1 / sum(weight / requests_per_second) requests a second; the prefill
// share is the time-weighted share of its buckets.
struct INFERCOST_API MixCapacity {
    double requests_per_second = 0;
    double input_time_share = 0;
};
INFERCOST_API MixCapacity combine_buckets(const std::vector<BucketCapacity>& buckets);

struct INFERCOST_API SelfHostReport {
    std::string label;
    SelfHosted option;
    Calendar calendar;                  // the demand the plan serves
    std::vector<BucketCapacity> buckets;  // one estimate per length bucket (prefix-cache hits skip prefill)
    ThroughputEstimate replica;         // one replica at the mix's mean lengths, for reference
    // Requests of the mix one replica serves per second: the buckets combined by the GPU time each takes,
    // 1 / sum(weight / requests_per_second).
    double replica_requests_per_second = 0;
    double input_time_share = 0;        // share of the mix's GPU time spent on prefill
    int gpus_per_instance = 0;
    double replicas_per_instance = 0;  // may be below 1 for a replica spanning several instances
    int prefill_replicas_per_unit = 0; // disaggregated: prefill replicas in each replica unit (0: co-located)
    int gpus_per_replica = 0;          // GPUs of one replica (unit), prefill pool included
    std::string price_basis;           // e.g. "runpod/... on demand, 31.92 USD per instance-hour"
    Currency currency{"USD"};
    double price_per_gpu_hour = 0;     // blended over spot share
    std::optional<OwnedCost> owned_cost;
    CostLines line_shares{};           // how an hour's cost splits into cost lines (sums to 1)
    std::vector<HourPlan> hours;       // every hour of the period
    int peak_instances = 0;
    int peak_gpus = 0;
    // Per month: the period's figures scaled to a mean month (365.25 / 12 days).
    double gpu_hours_per_month = 0;
    double cost_per_month = 0;
    double requests_per_month = 0;
    double input_tokens_per_month = 0;
    double output_tokens_per_month = 0;
    double utilisation = 0;            // served load / provisioned capacity over the period
    double overflow_share = 0;         // share of the period's requests above the capacity of max_replicas
    // Latency at the busiest minute of the busiest hour, per replica: the hour's Poisson arrivals spread over its
    // running replicas, and the busiest of its 60 minutes (mean count m per minute: m + 2.128 sqrt(m), the 59/60
    // quantile of the normal approximation). peak_latency holds TTFT and TPOT quantiles at that rate; when the
    // minute exceeds a replica's capacity it is empty and peak_latency_note says so.
    double peak_minute_requests_per_second = 0;
    std::optional<ThroughputEstimate> peak_latency;
    std::string peak_latency_note;
    double cost_per_million_input = 0;   // cost split by the GPU time each phase takes
    double cost_per_million_output = 0;
    double cost_per_request = 0;
    // What one more million tokens (input and output, the mix's ratio) costs once the fleet is sized: a replica-hour's
    // variable cost over the tokens it serves at max_utilisation. A cloud GPU-hour is all variable; of owned servers
    // only the power varies with load (capital, hosting and staff are paid whether or not they run).
    double marginal_cost_per_million_tokens = 0;
    GovernanceFacts governance;
};

constexpr double kDaysPerMonth = kDaysPerYear / 12.0;

// Checks an option against the hardware data before any workload: the deployment fits its GPUs, the cloud offer
// or owned profile exists, runs the deployment's GPU, publishes the purchase's price (spot, the committed term)
// and holds whole replicas. InputError or NotFoundError otherwise; plan_self_hosted runs the same checks.
INFERCOST_API void check_self_hosted(const HardwareCatalog& hw, const SelfHosted& option);
// InputError for a jurisdiction of the option that is not one of `codes` (a catalog's jurisdictions.yaml), the
// same for an option from a scenario file, the command line or code; nothing when the table is empty.
INFERCOST_API void check_jurisdictions(const Jurisdictions& codes, const SelfHosted& option);
// Plans and prices the workload on the option over the period: a replica's capacity for each bucket of the
// workload's length mix at the latency targets, combined by GPU time; every request of the 99th-percentile
// input and output lengths must fit in one replica's memory; then replicas and instances for every calendar hour.
INFERCOST_API SelfHostReport plan_self_hosted(const HardwareCatalog& hw, const SelfHosted& option, const Workload& w, const Period& period);
// The same over given hours (a log's own arrivals, Calendar's observed form); `w` gives the lengths and shares.
INFERCOST_API SelfHostReport plan_self_hosted(const HardwareCatalog& hw, const SelfHosted& option, const Workload& w,
                                             const Calendar& calendar);

// The same plan at another volume (requests per day), reusing the capacity estimates: cost per mean month.
INFERCOST_API double self_hosted_cost_per_month(const SelfHostReport& plan, double requests_per_day);

// Where self-hosting and an API cost the same, for the workload's shape.
struct INFERCOST_API BreakEven {
    bool reached = false;
    double requests_per_day = 0;
    double requests_per_month = 0;
    double input_tokens_per_month = 0;
    double output_tokens_per_month = 0;
    double cost_per_month = 0;  // both options, at that volume
    double api_cost_per_request = 0;
    double self_hosted_marginal_cost_per_request = 0;  // at volume, once the fleet scales
    // Past the break-even an added replica can make self-hosting dearer again for a while; from this volume
    // on it stays cheaper (equal to requests_per_day when it never turns dearer again).
    double stays_cheaper_from = 0;
    int replicas = 0;  // replicas the busiest hour runs at the break-even volume (the fleet grows in whole replicas)
    std::string summary;
};
// `api_cost_per_request` in the plan's currency. Self-hosted cost is a step function of volume; the break-even
// is the lowest volume at which the API bill reaches the self-hosted bill, so both are equal there. The plan's
// calendar gives the shape of the load, whatever its own volume (zero included).
INFERCOST_API BreakEven break_even(const SelfHostReport& plan, double api_cost_per_request);

// How the break-even moves with the load a replica is allowed (max_utilisation): the same plan at each utilisation.
struct INFERCOST_API BreakEvenAt {
    double utilisation = 0;
    BreakEven break_even;
};
INFERCOST_API std::vector<BreakEvenAt> break_even_by_utilisation(const SelfHostReport& plan, double api_cost_per_request,
                                                                 const std::vector<double>& utilisations);

// Monthly cost of the API and of self-hosting against volume, for a chart.
struct INFERCOST_API BreakEvenPoint {
    double requests_per_day = 0;
    double requests_per_month = 0;
    double tokens_per_month = 0;  // input plus output
    double api_cost_per_month = 0;
    double self_hosted_cost_per_month = 0;
};
// Points of requests per day = `volumes`; with none, kBreakEvenCurvePoints evenly spaced up to three times the
// largest of the plan's volume, the volume from which self-hosting stays cheaper, and one request a day.
inline constexpr int kBreakEvenCurvePoints = 200;
INFERCOST_API std::vector<BreakEvenPoint> break_even_curve(const SelfHostReport& plan, double api_cost_per_request,
                                             std::vector<double> volumes = {});

// The plan as a cost report over its period, converted to `currency` at the rate in force on `fx_date`; by_meter
// holds the GPU-hours of a cloud offer, or the owned servers' capital, power, hosting and operations.
// With `fx_by_month`, each month converts at the rate in force on its first day.
INFERCOST_API CostReport cost_self_hosted(const SelfHostReport& plan, const FxTable& fx, const Currency& currency, Date fx_date,
                                          bool fx_by_month = false);

// Governance facts of a self-hosted option: your deployment, in the cloud region's or your own country.
INFERCOST_API GovernanceFacts self_hosted_governance(const HardwareCatalog& hw, const SelfHosted& option);

}  // namespace infercost
