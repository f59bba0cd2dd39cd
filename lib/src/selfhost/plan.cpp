#include "infercost/selfhost/plan.hpp"

#include "infercost/detail/format.hpp"
#include "infercost/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <map>
#include <queue>

namespace infercost {

std::string_view provisioning_name(Provisioning p) { return p == Provisioning::fixed ? "fixed" : "autoscale"; }

std::optional<Provisioning> provisioning_from_name(std::string_view name) {
    if (name == "fixed") return Provisioning::fixed;
    if (name == "autoscale") return Provisioning::autoscale;
    return std::nullopt;
}

std::string SelfHosted::display_label() const {
    if (!label.empty()) return label;
    const std::string where = !cloud_offer.empty() ? cloud_offer : "owned " + owned_profile;
    return deployment.model + " on " + std::to_string(deployment.gpus) + "x " + deployment.gpu + " (" + where + ")";
}

Provisioning SelfHosted::default_provisioning() const {
    return !owned_profile.empty() || purchase == Purchase::committed ? Provisioning::fixed : Provisioning::autoscale;
}

void SelfHosted::validate() const {
    const std::string what = "self-hosted option '" + display_label() + "'";
    if (cloud_offer.empty() == owned_profile.empty())
        throw InputError(what + ": name exactly one price source, a cloud offer or an owned-hardware profile");
    if (!(spot_share >= 0 && spot_share <= 1)) throw InputError(what + ": spot_share must be between 0 and 1");
    if (!(spot_interruption >= 0 && spot_interruption <= 1)) throw InputError(what + ": spot_interruption must be between 0 and 1");
    if (spot_interruption > 0 && spot_share == 0)
        throw InputError(what + ": spot_interruption is the share of spot hours lost; give a spot_share too");
    if (!(max_utilisation > 0 && max_utilisation <= 1)) throw InputError(what + ": max_utilisation must be above 0 and at most 1");
    if (!(throughput_scale > 0 && throughput_scale <= 100))
        throw InputError(what + ": throughput_scale must be above 0 and at most 100 (1: the modelled throughput)");
    if (min_replicas < 0) throw InputError(what + ": min_replicas cannot be negative");
    if (max_replicas && (*max_replicas < 1 || *max_replicas < min_replicas))
        throw InputError(what + ": max_replicas must be at least 1 and at least min_replicas");
    if (prefill && (prefill->model != deployment.model || prefill->gpu != deployment.gpu))
        throw InputError(what + ": the prefill pool must serve the same model on the same GPU as the decode pool (" +
                         deployment.model + " on " + deployment.gpu + ")");
    if (!owned_profile.empty()) {
        if (provisioning == Provisioning::autoscale)
            throw InputError(what + ": owned servers cost the same whether busy or idle; use provisioning: fixed");
        if (purchase != Purchase::on_demand || spot_share > 0)
            throw InputError(what + ": purchase terms and spot shares apply to cloud offers, not owned hardware");
        if (jurisdictions.empty())
            throw InputError(what + ": say where the owned servers are, e.g. jurisdictions: [US]");
    }
    if (purchase == Purchase::committed && provisioning == Provisioning::autoscale)
        throw InputError(what + ": a committed term pays for every hour of the term; use provisioning: fixed");
    if (purchase != Purchase::committed && committed_months != 0)
        throw InputError(what + ": committed_months needs purchase: committed");
    if (purchase == Purchase::committed && committed_months <= 0)
        throw InputError(what + ": a committed purchase needs committed_months (the term)");
    if (purchase != Purchase::on_demand && spot_share > 0)
        throw InputError(what + ": spot_share mixes spot into on-demand capacity; use it with purchase: on_demand");
    if (tpot_ms && !(*tpot_ms > 0)) throw InputError(what + ": tpot_ms must be positive");
    if (ttft_ms && !(*ttft_ms > 0)) throw InputError(what + ": ttft_ms must be positive");
}

namespace {

std::string fmt(double v, int digits = 4) { return format_number(v, digits); }
std::string grouped(double v) { return format_count(v); }

// A period's figures scaled to a mean month: the factor from the calendar's hours to kDaysPerMonth days.
double per_mean_month(const Calendar& c) { return c.hours() > 0 ? kDaysPerMonth * 24.0 / static_cast<double>(c.hours()) : 0.0; }
// Requests of the calendar for one request a day of volume, summed over the period.
double unit_requests(const Calendar& c) {
    double s = 0;
    for (std::size_t i = 0; i < c.hours(); ++i) s += c.shape(i);
    return s;
}

// Instances (or servers) that run `replicas` replicas.
int instances_for(const SelfHostReport& r, int replicas) {
    if (r.replicas_per_instance >= 1) return static_cast<int>(std::ceil(replicas / r.replicas_per_instance - 1e-9));
    return static_cast<int>(std::lround(replicas / r.replicas_per_instance));
}

int replicas_needed(double rps, double capacity) {
    if (rps <= 0) return 0;
    return static_cast<int>(std::ceil(rps / capacity - 1e-9));
}

double price_per_instance_hour(const SelfHostReport& r) { return r.price_per_gpu_hour * r.gpus_per_instance; }

// Fills r.hours and the totals for `requests_per_day` on the plan's calendar.
void plan_hours(SelfHostReport& r, double requests_per_day) {
    const Calendar& cal = r.calendar;
    const double capacity = r.replica_requests_per_second * r.option.max_utilisation;
    const double price = price_per_instance_hour(r);
    r.hours.resize(cal.hours());
    int peak_replicas = 0;
    for (std::size_t i = 0; i < cal.hours(); ++i) {
        HourPlan& hp = r.hours[i];
        hp.date = cal.date(i);
        hp.hour = cal.hour(i);
        hp.requests_per_second = cal.shape(i) * requests_per_day / 3600.0;
        hp.replicas = std::max(r.option.min_replicas, replicas_needed(hp.requests_per_second, capacity));
        if (r.option.max_replicas) hp.replicas = std::min(hp.replicas, *r.option.max_replicas);
        peak_replicas = std::max(peak_replicas, hp.replicas);
    }
    double served = 0, offered = 0, instance_hours = 0, cost = 0, overflow = 0, load = 0;
    r.peak_instances = 0;
    for (auto& hp : r.hours) {
        const int replicas = r.option.provisioning == Provisioning::fixed ? peak_replicas : hp.replicas;
        hp.instances = instances_for(r, replicas);
        const double running = hp.instances * r.replicas_per_instance;
        // Past max_replicas the running replicas take what their capacity allows; the rest overflows.
        hp.overflow_requests_per_second =
            r.option.max_replicas ? std::max(0.0, hp.requests_per_second - std::min<double>(running, *r.option.max_replicas) * capacity) : 0.0;
        const double taken = hp.requests_per_second - hp.overflow_requests_per_second;
        hp.utilisation = running > 0 ? taken / (running * r.replica_requests_per_second) : 0;
        hp.cost = hp.instances * price;
        load += hp.requests_per_second;
        overflow += hp.overflow_requests_per_second;
        served += taken;
        offered += running * r.replica_requests_per_second;
        instance_hours += hp.instances;
        cost += hp.cost;
        r.peak_instances = std::max(r.peak_instances, hp.instances);
    }
    const double month = per_mean_month(cal);
    r.peak_gpus = r.peak_instances * r.gpus_per_instance;
    r.cost_per_month = cost * month;
    r.gpu_hours_per_month = instance_hours * r.gpus_per_instance * month;
    r.overflow_share = load > 0 ? overflow / load : 0;
    r.requests_per_month = unit_requests(cal) * requests_per_day * month * (1 - r.overflow_share);
    r.input_tokens_per_month = r.requests_per_month * cal.mix().mean_input();
    r.output_tokens_per_month = r.requests_per_month * cal.mix().mean_output();
    r.utilisation = offered > 0 ? served / offered : 0;
    const double in_share = r.input_time_share;
    r.cost_per_million_input = r.input_tokens_per_month > 0 ? r.cost_per_month * in_share / r.input_tokens_per_month * 1e6 : 0;
    r.cost_per_million_output = r.output_tokens_per_month > 0 ? r.cost_per_month * (1 - in_share) / r.output_tokens_per_month * 1e6 : 0;
    r.cost_per_request = r.requests_per_month > 0 ? r.cost_per_month / r.requests_per_month : 0;
}

// What an option's price source says: instance size, currency, price per instance-hour and how replicas tile
// instances; refused when the source does not exist, runs other GPUs, lacks the purchase's price or cannot hold
// the replica.
struct PriceSource {
    int gpus_per_instance = 0;
    Currency currency{"USD"};
    double per_instance = 0;
    std::string basis;
    std::optional<OwnedCost> owned_cost;
    double replicas_per_instance = 0;
    CostLines line_shares{};
};

PriceSource price_source(const HardwareCatalog& hw, const SelfHosted& o, int replica_gpus) {
    const std::string what = "self-hosted option '" + o.display_label() + "'";
    PriceSource r;
    if (!o.cloud_offer.empty()) {
        const CloudOffer& offer = hw.cloud_offer(o.cloud_offer);
        if (offer.gpu != o.deployment.gpu)
            throw InputError(what + ": cloud offer '" + offer.id + "' has " + offer.gpu + " GPUs but the deployment runs on " + o.deployment.gpu);
        r.gpus_per_instance = offer.gpus;
        r.currency = offer.currency;
        const double base = offer.per_hour(o.purchase, o.committed_months);
        r.per_instance = base;
        std::string basis = offer.id + ", " + std::string(purchase_name(o.purchase));
        if (o.purchase == Purchase::committed) {
            // Appended piece by piece: g++ 12 at -O3 warns falsely (-Wrestrict) on " " + std::to_string(...).
            basis += ' ';
            basis += std::to_string(o.committed_months);
            basis += " months";
        }
        if (o.spot_share > 0) {
            // Interrupted spot hours fall back to on-demand capacity.
            const double spot = (1 - o.spot_interruption) * offer.per_hour(Purchase::spot) + o.spot_interruption * base;
            r.per_instance = (1 - o.spot_share) * base + o.spot_share * spot;
            basis += " with " + fmt(100 * o.spot_share, 3) + "% spot";
            if (o.spot_interruption > 0) basis += " (" + fmt(100 * o.spot_interruption, 3) + "% of it interrupted, refilled on demand)";
        }
        r.line_shares[static_cast<std::size_t>(CostLine::gpu_hours)] = 1.0;
        r.basis = basis + ": " + fmt(r.per_instance, 6) + " " + offer.currency.code() + " per instance-hour (checked " +
                  format_date(offer.checked) + ")";
    } else {
        const OwnedProfile& p = hw.owned_profile(o.owned_profile);
        if (p.gpu != o.deployment.gpu)
            throw InputError(what + ": owned profile '" + p.id + "' has " + p.gpu + " GPUs but the deployment runs on " + o.deployment.gpu);
        r.gpus_per_instance = p.gpus_per_server;
        r.currency = p.currency;
        r.owned_cost = owned_cost_per_gpu_hour(p);
        r.per_instance = r.owned_cost->total * p.gpus_per_server;
        const OwnedCost& oc = *r.owned_cost;
        if (oc.total > 0)
            for (const auto& [line, part] : {std::pair{CostLine::capital, oc.capital}, std::pair{CostLine::power, oc.power},
                                             std::pair{CostLine::hosting, oc.colocation}, std::pair{CostLine::operations, oc.operations}})
                r.line_shares[static_cast<std::size_t>(line)] = part / oc.total;
        r.basis = "owned " + p.id + ": " + fmt(r.owned_cost->total, 4) + " " + p.currency.code() + " per GPU-hour over a " +
                  fmt(p.life_years, 3) + "-year life";
    }
    const int g = r.gpus_per_instance, n = replica_gpus;
    if (n <= g) {
        if (g % n != 0)
            throw InputError(what + ": a replica of " + std::to_string(n) + " GPUs does not tile a " + std::to_string(g) +
                             "-GPU instance; use a divisor or a multiple of " + std::to_string(g));
        r.replicas_per_instance = g / n;
    } else {
        // Only whole 8-GPU servers are modelled as joined by NVLink; smaller instances are separate machines.
        if (g < 8)
            throw InputError(what + ": a replica of " + std::to_string(n) + " GPUs cannot be spread over " + std::to_string(g) +
                             "-GPU instances, which are not joined by NVLink; choose an offer with at least " +
                             std::to_string(std::min(n, 8)) + " GPUs per instance");
        if (n % g != 0)
            throw InputError(what + ": a replica of " + std::to_string(n) + " GPUs is not a whole number of " + std::to_string(g) +
                             "-GPU instances");
        r.replicas_per_instance = double(g) / n;
    }
    return r;
}

}  // namespace

void check_jurisdictions(const Jurisdictions& codes, const SelfHosted& o) {
    if (codes.codes().empty()) return;
    for (const auto& j : o.jurisdictions)
        if (!codes.is_code(j))
            throw InputError("self-hosted option '" + o.display_label() + "': unknown jurisdiction '" + j +
                             "'; use an ISO 3166-1 alpha-2 code (US, DE...)");
}

void check_self_hosted(const HardwareCatalog& hw, const SelfHosted& o) {
    o.validate();
    const Replica replica(hw, o.deployment);
    if (o.prefill) (void)Replica(hw, *o.prefill);
    price_source(hw, o, o.deployment.gpus + (o.prefill ? o.prefill->gpus : 0));
    self_hosted_governance(hw, o);
}

GovernanceFacts self_hosted_governance(const HardwareCatalog& hw, const SelfHosted& o) {
    const ModelArchitecture& m = hw.model(o.deployment.model);
    GovernanceFacts f;
    f.model_origin = m.origin;
    f.open_weights = m.open_weights;
    f.license = m.license;
    // The deployment is the user's own: no third party keeps prompts or trains on them.
    f.zero_data_retention = ZeroRetention::default_on;
    f.trains_on_customer_data = TrainingUse::no;
    if (!o.cloud_offer.empty()) {
        const CloudOffer& offer = hw.cloud_offer(o.cloud_offer);
        const CloudProvider& p = hw.cloud_provider(offer.provider);
        f.deployment_class = DeploymentClass::self_hosted_cloud;
        f.provider_home = p.home;
        f.source = offer.source;
        f.checked = offer.checked;
        if (!o.jurisdictions.empty()) {
            for (const auto& j : o.jurisdictions)
                if (std::find(offer.jurisdictions.begin(), offer.jurisdictions.end(), j) == offer.jurisdictions.end())
                    throw InputError("self-hosted option '" + o.display_label() + "': cloud offer '" + offer.id + "' is not offered in " + j);
            f.inference_jurisdictions = o.jurisdictions;
            f.jurisdictions_complete = true;
        } else {
            f.inference_jurisdictions = offer.jurisdictions;
            f.jurisdictions_complete = offer.jurisdictions_complete;
        }
        f.deployment_mode = "your deployment on " + p.name + " " + offer.instance + " (" + offer.region + ")";
    } else {
        const OwnedProfile& p = hw.owned_profile(o.owned_profile);
        f.deployment_class = DeploymentClass::self_hosted_on_premises;
        f.inference_jurisdictions = o.jurisdictions;
        f.jurisdictions_complete = true;
        f.provider_home = o.jurisdictions.front();
        f.deployment_mode = "your servers (" + p.id + ")";
        // The profile's figures each carry their own source; point at them, not at a path on this machine.
        f.source = std::filesystem::path(p.loaded_from.file).filename().string() + ", profile " + p.id + " (a source per figure)";
        f.checked = p.checked;
    }
    f.may_route_to_mainland_china =
        std::find(f.inference_jurisdictions.begin(), f.inference_jurisdictions.end(), "CN") != f.inference_jurisdictions.end();
    return f;
}

MixCapacity combine_buckets(const std::vector<BucketCapacity>& buckets) {
    double seconds = 0, prefill = 0;
    for (const BucketCapacity& b : buckets) {
        if (!(b.estimate.requests_per_second > 0)) throw InputError("a length bucket has no throughput");
        const double t = b.bucket.weight / b.estimate.requests_per_second;
        seconds += t;
        prefill += t * b.estimate.input_time_share;
    }
    if (!(seconds > 0)) throw InputError("a length mix needs at least one bucket with weight");
    return MixCapacity{1.0 / seconds, prefill / seconds};
}

namespace {
// TTFT and TPOT quantiles at the busiest minute of the busiest hour (SelfHostReport::peak_latency).
void peak_minute_latency(SelfHostReport& r, const Replica& replica) {
    const HourPlan* peak = nullptr;
    for (const HourPlan& h : r.hours)
        if (h.replicas > 0 && (!peak || h.requests_per_second / h.replicas > peak->requests_per_second / peak->replicas)) peak = &h;
    if (!peak || !(peak->requests_per_second > 0)) {
        r.peak_latency_note = "no hour has load";
        return;
    }
    const double per_replica = peak->requests_per_second / peak->replicas;
    const double per_minute = per_replica * 60;
    constexpr double kBusiestOf60 = 2.128;  // z with 1 - Phi(z) = 1/60
    r.peak_minute_requests_per_second = (per_minute + kBusiestOf60 * std::sqrt(per_minute)) / 60;
    try {
        r.peak_latency = replica.at_rate(Traffic::of(r.calendar.mix()), r.peak_minute_requests_per_second);
    } catch (const InputError& e) {
        r.peak_latency_note = "at the busiest minute (" + format_number(r.peak_minute_requests_per_second, 3) +
                              " requests a second a replica): " + e.reason();
    }
}
}  // namespace

SelfHostReport plan_self_hosted(const HardwareCatalog& hw, const SelfHosted& o, const Workload& w, const Period& period) {
    w.validate();
    return plan_self_hosted(hw, o, w, Calendar(w, period));
}

SelfHostReport plan_self_hosted(const HardwareCatalog& hw, const SelfHosted& o, const Workload& w, const Calendar& calendar) {
    o.validate();
    w.validate();
    const std::string what = "self-hosted option '" + o.display_label() + "'";
    SelfHostReport r;
    r.label = o.display_label();
    r.option = o;
    r.calendar = calendar;
    const LengthMix& mix = r.calendar.mix();
    const Replica replica(hw, o.deployment);
    const double isl = mix.mean_input(), osl = mix.mean_output();
    if (!(isl >= 1) || !(osl >= 1)) throw InputError(what + ": the workload needs at least one input and one output token per request");
    // Every request must fit, not only the mean one: check the 99th percentile of both lengths together.
    replica.max_concurrency(w.input_tokens.quantile(0.99), w.output_tokens.quantile(0.99));
    int replica_gpus = o.deployment.gpus;
    if (!o.prefill) {
        r.replica = replica.best(isl, osl, o.tpot_ms, o.ttft_ms, mix.cached_share * isl);
        // Each bucket at its own best concurrency under the targets.
        for (const LengthBucket& b : mix.buckets) {
            const double in = std::max(b.input_tokens, 1.0), out = std::max(b.output_tokens, 1.0);
            r.buckets.push_back(BucketCapacity{b, replica.best(in, out, o.tpot_ms, o.ttft_ms, mix.cached_share * in)});
        }
    } else {
        // Disaggregated: each bucket's decode replica at the targets and the prefill replicas it needs; the unit holds
        // the whole prefill replicas that feed one decode replica over the mix.
        const Replica pre(hw, *o.prefill);
        std::vector<BucketCapacity> prefill_buckets;
        r.replica = disaggregate(pre, replica, Traffic::fixed(isl, osl, mix.cached_share * isl), o.tpot_ms, o.ttft_ms).decode;
        for (const LengthBucket& b : mix.buckets) {
            const double in = std::max(b.input_tokens, 1.0), out = std::max(b.output_tokens, 1.0);
            const DisaggregatedEstimate d = disaggregate(pre, replica, Traffic::fixed(in, out, mix.cached_share * in), o.tpot_ms, o.ttft_ms);
            r.buckets.push_back(BucketCapacity{b, d.decode});
            prefill_buckets.push_back(BucketCapacity{b, d.prefill});
        }
        const double decode_rps = combine_buckets(r.buckets).requests_per_second;
        const double prefill_rps = combine_buckets(prefill_buckets).requests_per_second;
        r.prefill_replicas_per_unit = std::max(1, static_cast<int>(std::ceil(decode_rps / prefill_rps - 1e-9)));
        replica_gpus += r.prefill_replicas_per_unit * o.prefill->gpus;
        const double share = double(r.prefill_replicas_per_unit * o.prefill->gpus) / replica_gpus;
        for (auto& b : r.buckets) b.estimate.input_time_share = share;  // the cost split: the prefill pool's GPUs
    }
    r.gpus_per_replica = replica_gpus;
    const MixCapacity cap = combine_buckets(r.buckets);
    r.replica_requests_per_second = cap.requests_per_second * o.throughput_scale;
    r.input_time_share = cap.input_time_share;

    const PriceSource src = price_source(hw, o, replica_gpus);
    r.gpus_per_instance = src.gpus_per_instance;
    r.currency = src.currency;
    r.price_basis = src.basis;
    r.owned_cost = src.owned_cost;
    r.replicas_per_instance = src.replicas_per_instance;
    r.line_shares = src.line_shares;
    r.price_per_gpu_hour = src.per_instance / src.gpus_per_instance;
    r.governance = self_hosted_governance(hw, o);
    plan_hours(r, w.requests_per_day);
    if (o.prefill) r.peak_latency_note = "disaggregated pools: latency under load is not modelled for them yet";
    else peak_minute_latency(r, replica);
    const double variable_share = r.owned_cost ? r.line_shares[static_cast<std::size_t>(CostLine::power)] : 1.0;
    const double replica_hour = src.per_instance / r.replicas_per_instance * variable_share;
    const double tokens_per_hour = r.replica_requests_per_second * o.max_utilisation * 3600 * (isl + osl);
    r.marginal_cost_per_million_tokens = replica_hour / tokens_per_hour * 1e6;
    return r;
}

std::vector<BreakEvenAt> break_even_by_utilisation(const SelfHostReport& plan, double api_cost_per_request,
                                                   const std::vector<double>& utilisations) {
    if (utilisations.empty() || utilisations.size() > 100) throw InputError("give between 1 and 100 utilisations");
    std::vector<BreakEvenAt> out;
    for (double u : utilisations) {
        if (!(u > 0 && u <= 1)) throw InputError("a utilisation must be above 0 and at most 1, got " + fmt(u, 6));
        SelfHostReport p = plan;
        p.option.max_utilisation = u;
        out.push_back(BreakEvenAt{u, break_even(p, api_cost_per_request)});
    }
    return out;
}

double self_hosted_cost_per_month(const SelfHostReport& plan, double requests_per_day) {
    if (!(requests_per_day >= 0) || !std::isfinite(requests_per_day)) throw InputError("requests per day must be a number >= 0");
    SelfHostReport r = plan;
    plan_hours(r, requests_per_day);
    return r.cost_per_month;
}

BreakEven break_even(const SelfHostReport& plan, double api_cost_per_request) {
    if (!(api_cost_per_request > 0) || !std::isfinite(api_cost_per_request))
        throw InputError("the API cost per request must be a positive number");
    const Calendar& cal = plan.calendar;
    if (cal.hours() == 0) throw InputError("the plan has no calendar to find a break-even on");
    BreakEven b;
    b.api_cost_per_request = api_cost_per_request;
    const double month = per_mean_month(cal);
    const double price = price_per_instance_hour(plan);
    const double capacity = plan.replica_requests_per_second * plan.option.max_utilisation;
    const double api_per_rpd = api_cost_per_request * unit_requests(cal) * month;  // monthly API bill per request a day

    // Slots that set the fleet: hours of equal load (the calendar repeats its days, so few distinct loads) when
    // autoscaling, only the busiest hour (paid every hour) when fixed.
    struct Slot {
        double unit;  // requests a day at which this slot needs one more replica, per replica
        double hours; // hours of the period it is paid for
        int replicas;
    };
    std::vector<Slot> slots;
    const int start = std::max(plan.option.min_replicas, 1);
    if (plan.option.provisioning == Provisioning::fixed) {
        double peak = 0;
        for (std::size_t i = 0; i < cal.hours(); ++i) peak = std::max(peak, cal.shape(i));
        if (peak > 0) slots.push_back({capacity * 3600.0 / peak, static_cast<double>(cal.hours()), start});
    } else {
        std::map<double, double> loads;  // requests per hour per request a day -> hours
        for (std::size_t i = 0; i < cal.hours(); ++i) loads[cal.shape(i)] += 1.0;
        for (const auto& [x, n] : loads) slots.push_back({x > 0 ? capacity * 3600.0 / x : 0, n, x > 0 ? start : plan.option.min_replicas});
    }
    auto month_cost = [&] {
        double c = 0;
        for (const auto& s : slots) c += s.hours * instances_for(plan, s.replicas) * price;
        return c * month;
    };
    // Marginal self-hosted cost per request a day, once the fleet scales smoothly.
    double marginal = 0;
    const double per_replica_hour = price / plan.replicas_per_instance;
    for (const auto& s : slots)
        if (s.unit > 0) marginal += s.hours * per_replica_hour / s.unit;
    marginal *= month;
    b.self_hosted_marginal_cost_per_request = marginal / (unit_requests(cal) * month);

    using Next = std::pair<double, std::size_t>;  // volume at which slot i needs another replica
    std::priority_queue<Next, std::vector<Next>, std::greater<>> next;
    for (std::size_t i = 0; i < slots.size(); ++i)
        if (slots[i].unit > 0) next.push({slots[i].replicas * slots[i].unit, i});
    double cost = month_cost();
    // The bill is at least the marginal cost times the volume, so a cheaper API is never caught up with.
    if (api_per_rpd <= marginal) next = {};
    // Past the first crossing, a step (one more replica or instance) can make self-hosting dearer again for a
    // while. The bill never exceeds the marginal cost times the volume plus `excess` (the starting fleet and one
    // more instance in every slot), so beyond `excess / (api - marginal)` the API is dearer for good.
    double excess = 0;
    for (const auto& s : slots)
        excess += s.hours * (instances_for(plan, std::max(s.replicas, 0)) + 1 + 1 / plan.replicas_per_instance) * price;
    excess *= month;
    const double settled = api_per_rpd > marginal ? excess / (api_per_rpd - marginal) : 0;
    double lo = 0;  // the self-hosted bill is `cost` on (lo, next edge]
    for (long step = 0; step < 5'000'000 && !next.empty(); ++step) {
        const auto [edge, i] = next.top();
        // On (lo, edge] the API bill reaches the self-hosted bill at cost / api_per_rpd.
        const double volume = cost / api_per_rpd;
        if (volume <= edge) {
            if (!b.reached) {
                b.reached = true;
                b.requests_per_day = volume;
            }
            if (volume > lo * (1 + 1e-9)) b.stays_cheaper_from = volume;  // self-hosting was dearer just after lo
        }
        if (b.reached && edge >= settled) break;
        next.pop();
        const int before = instances_for(plan, slots[i].replicas);
        slots[i].replicas += 1;
        next.push({slots[i].replicas * slots[i].unit, i});
        cost += slots[i].hours * (instances_for(plan, slots[i].replicas) - before) * price * month;
        lo = edge;
    }
    // Should the step limit be hit first, the bound is still true.
    if (b.reached && !next.empty() && next.top().first < settled) b.stays_cheaper_from = std::max(b.stays_cheaper_from, settled);
    if (b.reached) {
        SelfHostReport at = plan;
        plan_hours(at, b.requests_per_day);
        for (const auto& h : at.hours) b.replicas = std::max(b.replicas, h.replicas);
        b.requests_per_month = b.requests_per_day * unit_requests(cal) * month;
        b.input_tokens_per_month = b.requests_per_month * cal.mix().mean_input();
        b.output_tokens_per_month = b.requests_per_month * cal.mix().mean_output();
        b.cost_per_month = b.requests_per_day * api_per_rpd;
        b.summary = plan.label + " costs the same as the API at " + grouped(b.requests_per_day) + " requests a day (" +
                    grouped(b.input_tokens_per_month / 1e6) + "M input and " + grouped(b.output_tokens_per_month / 1e6) +
                    "M output tokens a month), " + grouped(b.cost_per_month) + " " + plan.currency.code() + " a month each";
        if (b.stays_cheaper_from > b.requests_per_day * (1 + 1e-9))
            b.summary += "; above it self-hosting is cheaper except just after some added replicas, and for good from " +
                         grouped(b.stays_cheaper_from) + " requests a day.";
        else
            b.summary += "; above that volume self-hosting is cheaper.";
    } else {
        b.summary = plan.label + " never costs less than the API for this workload: each extra request costs about " +
                    fmt(b.self_hosted_marginal_cost_per_request, 3) + " " + plan.currency.code() + " self-hosted against " +
                    fmt(api_cost_per_request, 3) + " through the API.";
    }
    return b;
}

std::vector<BreakEvenPoint> break_even_curve(const SelfHostReport& plan, double api_cost_per_request, std::vector<double> volumes) {
    const BreakEven be = break_even(plan, api_cost_per_request);
    if (volumes.empty()) {
        // Past the point from which self-hosting stays cheaper, so any stretch where it turns dearer shows.
        const double top = 3 * std::max({plan.calendar.requests_per_day(), be.reached ? be.stays_cheaper_from : 0.0, 1.0});
        for (int k = 1; k <= kBreakEvenCurvePoints; ++k) volumes.push_back(top * k / kBreakEvenCurvePoints);
    }
    const Calendar& cal = plan.calendar;
    const double per_rpd_month = unit_requests(cal) * per_mean_month(cal);  // requests a month per request a day
    const double tokens = cal.mix().mean_input() + cal.mix().mean_output();
    std::vector<BreakEvenPoint> out;
    out.reserve(volumes.size());
    for (const double v : volumes) {
        BreakEvenPoint p;
        p.requests_per_day = v;
        p.requests_per_month = v * per_rpd_month;
        p.tokens_per_month = p.requests_per_month * tokens;
        p.api_cost_per_month = api_cost_per_request * p.requests_per_month;
        p.self_hosted_cost_per_month = self_hosted_cost_per_month(plan, v);
        out.push_back(p);
    }
    return out;
}

CostReport cost_self_hosted(const SelfHostReport& plan, const FxTable& fx, const Currency& currency, Date fx_date,
                            bool fx_by_month) {
    const Calendar& cal = plan.calendar;
    CostReport rep;
    rep.label = plan.label;
    rep.currency = currency;
    rep.period = cal.period();
    rep.model = plan.option.deployment.model;
    rep.sku = plan.option.cloud_offer.empty() ? plan.option.owned_profile : plan.option.cloud_offer;
    double total = 0;
    for (const auto& m : cal.months()) {
        const FxConversion conv = fx.conversion(plan.currency, currency, fx_by_month ? m.first : fx_date);
        if (plan.currency != currency && std::none_of(rep.conversions.begin(), rep.conversions.end(), [&](const FxConversion& f) {
                return f.rate_date == conv.rate_date;
            }))
            rep.conversions.push_back(conv);
        MonthCost mc{};
        mc.month = m.first;
        for (std::size_t i = m.first_hour; i < m.end_hour; ++i) {
            mc.requests += cal.requests(i) - plan.hours[i].overflow_requests_per_second * 3600.0;
            mc.total += plan.hours[i].cost * conv.rate;
            mc.gpu_hours += plan.hours[i].instances * plan.gpus_per_instance;
        }
        mc.cash = mc.total;
        for (std::size_t k = 0; k < kCostLineCount; ++k) mc.by_meter[k] = mc.total * plan.line_shares[k];
        for (std::size_t k = 0; k < kCostLineCount; ++k) rep.by_meter[k] += mc.by_meter[k];
        rep.requests += mc.requests;
        total += mc.total;
        rep.months.push_back(mc);
    }
    rep.input_tokens = rep.requests * cal.mix().mean_input();
    rep.output_tokens = rep.requests * cal.mix().mean_output();
    rep.total = Money(total, currency);
    rep.per_year = Money(total * 12.0 / rep.period.months, currency);
    return rep;
}

}  // namespace infercost
