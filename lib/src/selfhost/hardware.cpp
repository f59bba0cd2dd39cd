#include "infercost/selfhost/hardware.hpp"

#include "infercost/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace infercost {

std::string_view precision_name(Precision p) {
    switch (p) {
        case Precision::bf16: return "bf16";
        case Precision::fp8: return "fp8";
        case Precision::fp4: return "fp4";
    }
    return "?";
}

std::optional<Precision> precision_from_name(std::string_view name) {
    if (name == "bf16" || name == "fp16") return Precision::bf16;
    if (name == "fp8") return Precision::fp8;
    if (name == "fp4") return Precision::fp4;
    return std::nullopt;
}

double bytes_per_element(Precision p) {
    switch (p) {
        case Precision::bf16: return 2.0;
        case Precision::fp8: return 1.0;
        case Precision::fp4: return 0.5;
    }
    return 2.0;
}

double Gpu::peak_tflops(Precision p) const {
    switch (p) {
        case Precision::bf16: return bf16_tflops;
        case Precision::fp8:
            if (!fp8_tflops) throw InputError("GPU '" + id + "' has no FP8 tensor cores; use bf16 weights");
            return *fp8_tflops;
        case Precision::fp4:
            if (!fp4_tflops) throw InputError("GPU '" + id + "' has no FP4 tensor cores; use fp8 or bf16 weights");
            return *fp4_tflops;
    }
    return bf16_tflops;
}

std::string_view purchase_name(Purchase p) {
    switch (p) {
        case Purchase::on_demand: return "on_demand";
        case Purchase::spot: return "spot";
        case Purchase::committed: return "committed";
    }
    return "?";
}

std::optional<Purchase> purchase_from_name(std::string_view name) {
    for (Purchase p : {Purchase::on_demand, Purchase::spot, Purchase::committed})
        if (purchase_name(p) == name) return p;
    return std::nullopt;
}

double CloudOffer::per_hour(Purchase p, int term_months) const {
    switch (p) {
        case Purchase::on_demand: return on_demand_per_hour;
        case Purchase::spot:
            if (!spot_per_hour) throw InputError("cloud offer '" + id + "' publishes no spot price; use on_demand or another offer");
            return *spot_per_hour;
        case Purchase::committed: {
            for (const auto& c : committed)
                if (c.term_months == term_months) return c.per_hour;
            std::string terms;
            for (const auto& c : committed) terms += (terms.empty() ? "" : ", ") + std::to_string(c.term_months);
            throw InputError("cloud offer '" + id + "' has no " + std::to_string(term_months) + "-month committed price" +
                             (terms.empty() ? std::string("; it publishes none") : "; its terms are " + terms + " months"));
        }
    }
    return on_demand_per_hour;
}

OwnedCost owned_cost_per_gpu_hour(const OwnedProfile& p) {
    if (p.gpus_per_server < 1 || !(p.life_years > 0)) throw InputError("owned profile '" + p.id + "' needs GPUs per server and a life");
    const double capex_per_gpu = (p.server_capex + p.network_capex_per_server) / p.gpus_per_server;
    const double r = p.cost_of_capital;
    const double n = p.life_years;
    // Level yearly payment that repays the capex with interest over the life, less the present value of
    // what the hardware sells for at the end.
    const double residual_pv = p.residual_value_share * capex_per_gpu / std::pow(1 + r, n);
    const double annuity = r > 0 ? r / (1 - std::pow(1 + r, -n)) : 1 / n;
    OwnedCost c;
    c.capital = (capex_per_gpu - residual_pv) * annuity / kHoursPerYear;
    c.power = p.power_per_gpu_kw * p.pue * p.electricity_per_kwh;
    c.colocation = p.power_per_gpu_kw * p.colocation_per_kw_month * 12 / kHoursPerYear;
    c.operations = p.operations_per_gpu_year / kHoursPerYear;
    c.total = c.capital + c.power + c.colocation + c.operations;
    return c;
}

namespace {
template <class T, class Key>
const T& find_by(const std::vector<T>& items, std::string_view id, Key key, const char* kind) {
    for (const auto& x : items)
        if (key(x) == id) return x;
    std::vector<std::string> ids, suggestions;
    for (const auto& x : items) ids.push_back(key(x));
    // "h100" should suggest "h100-sxm" before "h200": ids that extend what was typed come first.
    for (const auto& x : ids)
        if (!id.empty() && x.rfind(id, 0) == 0) suggestions.push_back(x);
    for (const auto& x : close_matches(std::string(id), ids))
        if (std::find(suggestions.begin(), suggestions.end(), x) == suggestions.end()) suggestions.push_back(x);
    if (suggestions.size() > 3) suggestions.resize(3);
    throw NotFoundError(kind, std::string(id), std::move(suggestions));
}
}  // namespace

const Gpu& HardwareCatalog::gpu(std::string_view id) const {
    return find_by(gpus, id, [](const Gpu& g) { return g.id; }, "GPU");
}
const CloudOffer& HardwareCatalog::cloud_offer(std::string_view id) const {
    return find_by(cloud_offers, id, [](const CloudOffer& o) { return o.id; }, "cloud offer");
}
const CloudProvider& HardwareCatalog::cloud_provider(std::string_view id) const {
    return find_by(cloud_providers, id, [](const CloudProvider& p) { return p.id; }, "cloud provider");
}
const OwnedProfile& HardwareCatalog::owned_profile(std::string_view id) const {
    return find_by(owned, id, [](const OwnedProfile& p) { return p.id; }, "owned-hardware profile");
}
const ModelArchitecture& HardwareCatalog::model(std::string_view id) const {
    return find_by(models, id, [](const ModelArchitecture& m) { return m.id; }, "model");
}
const EfficiencyProfile& HardwareCatalog::efficiency_for(std::string_view engine, std::string_view gpu_id) const {
    for (const auto& e : efficiency)
        if (e.engine == engine && e.gpu == gpu_id) return e;
    // The GPU is what the user chose; an engine that has a profile for it is the useful suggestion.
    std::vector<std::string> ids, suggestions;
    for (const auto& e : efficiency) {
        ids.push_back(e.engine + "/" + e.gpu);
        if (e.gpu == gpu_id) suggestions.push_back(ids.back());
    }
    const std::string key = std::string(engine) + "/" + std::string(gpu_id);
    for (const auto& x : close_matches(key, ids))
        if (std::find(suggestions.begin(), suggestions.end(), x) == suggestions.end()) suggestions.push_back(x);
    if (suggestions.size() > 3) suggestions.resize(3);
    throw NotFoundError("efficiency profile (engine/GPU) in efficiency.yaml", key, std::move(suggestions));
}
const EngineSettings& HardwareCatalog::engine_settings(std::string_view id) const {
    return find_by(engines, id, [](const EngineSettings& e) { return e.id; }, "engine settings (engines.yaml)");
}

namespace {
// Finds the value whose name is `name` among `values`.
template <class E, class Name>
std::optional<E> from_name(std::initializer_list<E> values, Name name_of, std::string_view name) {
    for (E v : values)
        if (name_of(v) == name) return v;
    return std::nullopt;
}
}  // namespace

std::string_view kv_reservation_name(KvReservation r) { return r == KvReservation::full ? "full" : "on_demand"; }
std::optional<KvReservation> kv_reservation_from_name(std::string_view name) {
    return from_name({KvReservation::full, KvReservation::on_demand}, kv_reservation_name, name);
}
std::string_view kv_memory_name(KvMemoryBasis b) { return b == KvMemoryBasis::free ? "free" : "total"; }
std::optional<KvMemoryBasis> kv_memory_from_name(std::string_view name) {
    return from_name({KvMemoryBasis::free, KvMemoryBasis::total}, kv_memory_name, name);
}
std::string_view heuristic_name(BatchHeuristic h) { return h == BatchHeuristic::trtllm_bench ? "trtllm-bench" : "none"; }
std::optional<BatchHeuristic> heuristic_from_name(std::string_view name) {
    return from_name({BatchHeuristic::none, BatchHeuristic::trtllm_bench}, heuristic_name, name);
}

std::string_view expert_exchange_name(ExpertExchange x) {
    switch (x) {
        case ExpertExchange::all_to_all: return "all_to_all";
        case ExpertExchange::all_gather: return "all_gather";
        case ExpertExchange::all_gather_up_to_top_k: return "all_gather_up_to_top_k";
    }
    return "all_to_all";
}
std::optional<ExpertExchange> expert_exchange_from_name(std::string_view name) {
    return from_name({ExpertExchange::all_to_all, ExpertExchange::all_gather, ExpertExchange::all_gather_up_to_top_k},
                     expert_exchange_name, name);
}
bool gathers_tokens(ExpertExchange exchange, int ep, int top_k) {
    return exchange == ExpertExchange::all_gather || (exchange == ExpertExchange::all_gather_up_to_top_k && ep <= top_k);
}

std::string_view regime_name(Regime r) {
    switch (r) {
        case Regime::offline: return "offline";
        case Regime::served: return "served";
        case Regime::production: return "production";
    }
    return "offline";
}
std::optional<Regime> regime_from_name(std::string_view name) {
    return from_name({Regime::offline, Regime::served, Regime::production}, regime_name, name);
}

const ModelArchitecture* HardwareCatalog::model_served_by(std::string_view offering_id) const {
    for (const auto& m : models)
        if (std::find(m.served_by.begin(), m.served_by.end(), offering_id) != m.served_by.end()) return &m;
    return nullptr;
}

}  // namespace infercost
