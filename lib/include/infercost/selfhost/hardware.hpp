// Hardware for self-hosting: GPU specifications, cloud GPU offers, owned-server cost profiles, serving-engine
// efficiency factors and model architectures, loaded from pricing/ (gpus.yaml, clouds/, owned.yaml,
// efficiency.yaml, models/). Every figure carries its source and the date it was checked.
#pragma once

#include "infercost/export.hpp"
#include "infercost/selfhost/architecture.hpp"
#include "infercost/core/provenance.hpp"
#include "infercost/core/units.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infercost {

// Numeric precision of weights, KV cache or matrix math.
enum class Precision { bf16, fp8, fp4 };
INFERCOST_API std::string_view precision_name(Precision p);
INFERCOST_API std::optional<Precision> precision_from_name(std::string_view name);  // bf16 (or fp16), fp8, fp4
INFERCOST_API double bytes_per_element(Precision p);                                // 2, 1, 0.5

struct INFERCOST_API Gpu {
    std::string id;
    std::string name;
    std::string vendor;
    double memory_gb = 0;              // 1e9 bytes
    double memory_bandwidth_tbps = 0;  // 1e12 bytes/s
    double bf16_tflops = 0;            // dense
    std::optional<double> fp8_tflops;  // dense; absent when the GPU has no FP8 tensor cores
    std::optional<double> fp4_tflops;
    double interconnect_gbps = 0;  // scale-up bandwidth per GPU, both directions together
    int scale_up_domain = 0;       // GPUs joined by that scale-up link (8 in an HGX server, 72 in an NVL72 rack)
    std::optional<double> scale_out_gbps;  // network between scale-up domains per GPU, one direction, GB/s
    std::string scale_out_source;          // where the scale-out figure was read
    double tdp_w = 0;
    std::string source;
    std::string read_url;  // the page actually read, where it is not `source` (a copy); empty if it is
    Date checked{};
    Verification verified = Verification::unknown;
    std::string note;

    // Dense peak for matrix math at precision p; InputError if the GPU has no such tensor cores.
    double peak_tflops(Precision p) const;
};

struct INFERCOST_API CloudProvider {
    std::string id;
    std::string name;
    std::string homepage;
    std::string home;  // ISO 3166-1 alpha-2 of its headquarters
    SourceRef loaded_from;
};

struct INFERCOST_API CommittedPrice {
    int term_months = 0;
    double per_hour = 0;  // per instance
};

enum class Purchase { on_demand, spot, committed };
INFERCOST_API std::string_view purchase_name(Purchase p);
INFERCOST_API std::optional<Purchase> purchase_from_name(std::string_view name);

// One rentable instance type in one region. Prices are per instance-hour.
struct INFERCOST_API CloudOffer {
    std::string id;  // <provider>/<instance>/<region>
    std::string provider;
    std::string instance;
    std::string gpu;
    int gpus = 0;
    std::string region;
    std::vector<std::string> jurisdictions;  // countries the region's data centres are in
    bool jurisdictions_complete = true;      // false: the provider may place it in any of several countries
    Currency currency{"USD"};
    double on_demand_per_hour = 0;
    std::optional<double> spot_per_hour;
    std::vector<CommittedPrice> committed;
    std::string source;
    std::string read_url;  // the page actually read, where it is not `source` (a copy); empty if it is
    Date checked{};
    Verification verified = Verification::unknown;
    std::string note;

    // Price per instance-hour; InputError (listing what is offered) when this offer has no such price.
    double per_hour(Purchase p, int term_months = 0) const;
};

// Buying servers and running them in a colocation facility.
struct INFERCOST_API OwnedProfile {
    std::string id;
    std::string gpu;
    int gpus_per_server = 8;
    Currency currency{"USD"};
    double server_capex = 0;
    double network_capex_per_server = 0;
    double life_years = 4;
    double residual_value_share = 0;  // of capex, at end of life
    double power_per_gpu_kw = 0;      // IT power per GPU including its share of the host
    double pue = 1;
    double electricity_per_kwh = 0;
    double colocation_per_kw_month = 0;  // per kW of IT load
    double operations_per_gpu_year = 0;
    double cost_of_capital = 0;  // yearly rate
    Date checked{};              // the latest of its sources' checked dates
    SourceRef loaded_from;
};

// Cost of one owned GPU for one hour, by component, in the profile's currency.
struct INFERCOST_API OwnedCost {
    double capital = 0;     // capex and financing, as a level annuity over the life, net of residual value
    double power = 0;       // kW x PUE x electricity price
    double colocation = 0;  // kW x rate x 12 / hours per year
    double operations = 0;
    double total = 0;
};
INFERCOST_API OwnedCost owned_cost_per_gpu_hour(const OwnedProfile& p);
constexpr double kHoursPerYear = 8766.0;  // 365.25 days

// How close a serving engine gets to a GPU's peaks, fitted on published benchmark rows (see
// pricing/efficiency.yaml and benchmarks/throughput_calibration.py). Only physical factors are fitted: what the
// engine's scheduler admits is an EngineSettings, stated, not fitted.
struct INFERCOST_API EfficiencyProfile {
    std::string engine;
    std::string gpu;
    std::string family;          // GPUs whose calibrated profiles are fitted together, e.g. "hopper"
    double compute = 0.6;        // share of dense peak FLOPs achieved by matrix math
    double memory = 0.8;         // share of peak HBM bandwidth
    double interconnect = 0.7;   // share of peak link bandwidth reached by all-reduces and pipeline hand-offs
    double all_to_all = 0.3;     // share reached by expert-parallel all-to-alls (many small messages)
    double step_overhead_ms = 0; // fixed cost per engine step: scheduling, launches
    double sequence_overhead_us = 0;  // host-side cost per sequence in a step: scheduling, sampling, bookkeeping
    double collective_latency_us = 10;
    double reserve_gb = 4;         // GPU memory kept for activations and runtime buffers
    double expert_imbalance = 1;   // expert-parallel routing imbalance of the calibration runs (hottest GPU / mean)
    std::string basis;             // "calibrated" or "transferred from <engine>/<gpu>"
    std::string source;
    Date checked{};
    std::string note;
    // Calibration error of the profile (leave-one-model-out mean absolute percentage error on its rows, or that of
    // the profile it was transferred from, widened); 0 when not stated.
    double spread = 0;
};

// How much KV cache the scheduler reserves for a sequence it admits.
enum class KvReservation {
    full,       // the prompt and every output token up front (TensorRT-LLM GUARANTEED_NO_EVICT)
    on_demand,  // pages as tokens arrive, preempting when memory runs out (vLLM, SGLang)
};
// What the KV-cache memory fraction is a share of.
enum class KvMemoryBasis {
    free,   // the memory left after weights and buffers (TensorRT-LLM free_gpu_memory_fraction)
    total,  // all of the GPU's memory, weights included (vLLM gpu_memory_utilization, SGLang mem_fraction_static)
};
// How max_batch_size and max_num_tokens are chosen.
enum class BatchHeuristic {
    none,          // the stated values
    trtllm_bench,  // trtllm-bench's throughput-mode tuning from the request set (tensorrt_llm/bench/build/tuning.py)
};

// How the GPUs of an expert-parallel group exchange tokens around the routed experts.
enum class ExpertExchange {
    all_to_all,  // each token goes only to the GPUs holding its chosen experts and comes back (DeepEP, MNNVL)
    all_gather,  // every GPU gathers the group's tokens; the results go back by a reduce-scatter
    all_gather_up_to_top_k,  // all_gather while the group has no more GPUs than a token picks experts, all_to_all
                             // above (TensorRT-LLM)
};
// True when a group of `ep` GPUs gathers every token under `exchange` for a model routing each token to `top_k`.
INFERCOST_API bool gathers_tokens(ExpertExchange exchange, int ep, int top_k);

// A serving engine's scheduler settings (pricing/engines.yaml): what one scheduler (one attention data-parallel
// rank) admits per step. Stated with their source, never fitted.
struct INFERCOST_API EngineSettings {
    std::string id;      // e.g. "tensorrt-llm", "vllm", "sglang", "trtllm-bench"
    std::string engine;  // the engine whose efficiency profiles apply
    std::string name;
    std::string version;
    int max_batch_size = 0;   // sequences in flight per scheduler
    int max_num_tokens = 0;   // tokens per step per scheduler (decode tokens plus prefill chunks)
    bool chunked_prefill = false;  // a prompt may be split across steps; otherwise it must fit one step
    KvReservation kv_reservation = KvReservation::full;
    KvMemoryBasis kv_memory = KvMemoryBasis::free;
    double kv_memory_fraction = 0.9;
    int cuda_graph_max_batch = 0;  // decode batches up to this run as captured CUDA graphs
    // The host prepares step n + 1 while the GPU runs step n, so the engine's host work per step (the profile's step
    // and sequence overheads) costs time only where it exceeds the GPU's: a step takes the larger of the two.
    bool overlap_scheduler = false;
    int moe_gemm_tile_tokens = 0;  // token rows per tile of the expert GEMMs (0: not stated, no padding modelled)
    ExpertExchange expert_exchange = ExpertExchange::all_to_all;
    BatchHeuristic heuristic = BatchHeuristic::none;
    std::string source;
    Date checked{};
    Verification verified = Verification::unknown;
    std::string note;
};
// Names as engines.yaml and the bindings write them, and back (nullopt for an unknown name).
INFERCOST_API std::string_view kv_reservation_name(KvReservation r);  // full, on_demand
INFERCOST_API std::optional<KvReservation> kv_reservation_from_name(std::string_view name);
INFERCOST_API std::string_view kv_memory_name(KvMemoryBasis b);       // free, total
INFERCOST_API std::optional<KvMemoryBasis> kv_memory_from_name(std::string_view name);
INFERCOST_API std::string_view heuristic_name(BatchHeuristic h);      // none, trtllm-bench
INFERCOST_API std::optional<BatchHeuristic> heuristic_from_name(std::string_view name);
INFERCOST_API std::string_view expert_exchange_name(ExpertExchange x);  // all_to_all, all_gather, all_gather_up_to_top_k
INFERCOST_API std::optional<ExpertExchange> expert_exchange_from_name(std::string_view name);

// How a published throughput figure was measured (throughput_calibration.md in the sources).
enum class Regime {
    offline,     // every request queued at once: the engine's maximum throughput
    served,      // an HTTP benchmark with a request set, latency measured
    production,  // a live fleet's averages
};
INFERCOST_API std::string_view regime_name(Regime r);  // offline, served, production
INFERCOST_API std::optional<Regime> regime_from_name(std::string_view name);

// A published throughput measurement (pricing/calibration/*.yaml).
struct INFERCOST_API ThroughputRow {
    std::string engine;
    std::string settings;   // the EngineSettings id the run used
    std::string engine_version;
    Regime regime = Regime::offline;
    std::string model;
    std::string gpu;
    int gpus = 1;
    int tp = 1;
    int ep = 1;
    Precision weights = Precision::fp8;
    std::optional<Precision> expert_weights;
    Precision kv = Precision::fp8;
    std::optional<double> kv_memory_fraction;  // when the run states one
    int max_num_tokens = 0;                    // when the run states it (0: the settings')
    double isl = 0;
    double osl = 0;
    double output_tokens_per_second = 0;  // whole replica
    std::optional<double> published_per_gpu;  // the figure as published, when the source gives it per GPU
    std::string source;
    std::string file;
};

struct INFERCOST_API HardwareCatalog {
    std::vector<Gpu> gpus;
    std::vector<CloudProvider> cloud_providers;
    std::vector<CloudOffer> cloud_offers;
    std::vector<OwnedProfile> owned;
    std::vector<EfficiencyProfile> efficiency;
    std::vector<EngineSettings> engines;
    std::vector<ModelArchitecture> models;
    std::vector<ThroughputRow> calibration;
    std::filesystem::path directory;

    // Loads gpus.yaml, clouds/*.yaml, owned.yaml, efficiency.yaml, engines.yaml, models/*.yaml and calibration/*.yaml
    // under `dir`, checking every cross-reference. InputError names the file, line, column and field.
    static HardwareCatalog load(const std::filesystem::path& dir);

    // Lookups; NotFoundError with close matches.
    const Gpu& gpu(std::string_view id) const;
    const CloudOffer& cloud_offer(std::string_view id) const;
    const CloudProvider& cloud_provider(std::string_view id) const;
    const OwnedProfile& owned_profile(std::string_view id) const;
    const ModelArchitecture& model(std::string_view id) const;
    const EfficiencyProfile& efficiency_for(std::string_view engine, std::string_view gpu) const;
    const EngineSettings& engine_settings(std::string_view id) const;
    // The architecture an API offering serves, if one is linked (ModelArchitecture::served_by).
    const ModelArchitecture* model_served_by(std::string_view offering_id) const;
};

}  // namespace infercost
