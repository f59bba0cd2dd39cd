// A steady-state throughput model of one serving replica: its parallel layout and memory plan, the engine's
// scheduler (a batch limit and a token budget per step, chunked prefill mixed with decode), the time of one engine
// step part by part, and the throughput and latency at a given concurrency or offered load, with queueing. The
// physics are a roofline per step; the engine's distance from the peaks comes from a calibrated EfficiencyProfile
// and what its scheduler admits from stated EngineSettings. docs/selfhosting.md gives the formulas.
#pragma once

#include "infercost/export.hpp"

#include "infercost/demand/length_mix.hpp"
#include "infercost/selfhost/hardware.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace infercost {

namespace step_detail {
struct StepInput;
}

// One replica: a model on `gpus` GPUs laid out as pp pipeline stages of tp x dp GPUs. Attention and dense layers
// are split `tp` ways inside each of `dp` attention data-parallel ranks; routed experts are split across `ep`
// GPUs (ep = 1: each expert is split `tp` ways like a dense layer, and every rank holds all of them; ep > 1 must
// equal tp x dp, the GPUs of a stage: "DEP" when tp = 1).
struct INFERCOST_API Deployment {
    std::string model;
    std::string gpu;
    int gpus = 1;
    int tp = 0;     // 0: all of a stage's GPUs that dp leaves
    int dp = 0;     // 0: what tp and pp leave
    int pp = 1;
    int ep = 1;
    int nodes = 0;  // scale-up domains (servers, racks) the replica spans; 0: the fewest that hold it
    Precision weights = Precision::fp8;
    std::optional<Precision> expert_weights;  // routed experts stored at another precision (gpt-oss MXFP4)
    Precision kv = Precision::fp8;
    std::string engine = "tensorrt-llm";
    std::string settings;        // EngineSettings id; empty: the engine's own (engines.yaml entry named like it)
    int max_batch_size = 0;      // 0: the settings' value
    int max_num_tokens = 0;      // 0: the settings' value
    std::optional<bool> chunked_prefill;       // none: the settings' value
    std::optional<double> kv_memory_fraction;  // none: the settings' value
    // Speculative decoding: `spec_tokens` drafted per step, each accepted with probability `spec_accept`, by the
    // model's multi-token-prediction layers (draft empty) or by a draft model (a model id).
    int spec_tokens = 0;
    double spec_accept = 0;
    std::string draft;
    // Hottest expert-parallel GPU's routed tokens over the mean (1: perfectly balanced); 0: the efficiency profile's.
    double expert_imbalance = 0;
    std::optional<double> scale_out_gbps;  // override the GPU's scale-out figure (per GPU, one direction, GB/s)

    int effective_tp() const;
    int effective_dp() const;
};

// The layout resolved: degrees, domains, and which collectives cross the scale-up boundary.
struct INFERCOST_API Layout {
    int gpus = 1, tp = 1, dp = 1, pp = 1, ep = 1, nodes = 1;
    int gpus_per_domain = 1;
    bool tp_crosses = false;  // a tensor-parallel group spans two scale-up domains
    bool ep_crosses = false;  // an expert-parallel group does
    bool pp_crosses = false;  // pipeline stages hand activations across domains
    double scale_up_gbps = 0;   // one direction, peak
    double scale_out_gbps = 0;  // one direction, per GPU; 0 when the layout needs none
};

// Where the bytes go on each GPU of the replica.
struct INFERCOST_API MemoryPlan {
    double weights_gb_per_gpu = 0;
    double usable_gb_per_gpu = 0;         // what the engine may use for weights and KV cache
    double kv_budget_gb_per_gpu = 0;      // what is left for the KV cache
    double kv_bytes_per_token_per_gpu = 0;  // full-attention layers, this GPU's share
    double kv_tokens_per_replica = 0;     // tokens of KV the replica can hold (full-attention layers)
};

// One engine step by what it spends its time on: `decode_sequences` each advancing (with speculative decoding,
// verifying several tokens) and `prefill_tokens` of prompt chunks, on one attention rank of one pipeline stage.
// The step runs three kinds of kernel one after another: the matrix multiplications of the always-read weights, those
// of the routed experts, and attention over the KV cache. Inside a kernel its memory traffic and its math overlap,
// so each takes the larger of the two; the kernels, the collectives and the draft model's steps add up (the GPU's
// work). The engine's host work adds to that, or, with an overlap scheduler, runs beside it: then the step takes the
// larger of the two.
struct INFERCOST_API StepTime {
    double decode_sequences = 0;
    double prefill_tokens = 0;
    double weights_s = 0;            // reading the weights every step needs (all but the routed experts)
    double experts_s = 0;            // reading the routed experts the step's tokens touch
    double kv_s = 0;                 // reading the KV cache (and any linear-attention state or indexer keys)
    double matmul_s = 0;             // matrix math of the always-read weights, at the weight precision's peak
    double expert_matmul_s = 0;      // matrix math of the routed experts, at their precision's peak
    double attention_s = 0;          // attention over the cached context, at the BF16 peak
    double tensor_parallel_s = 0;    // all-reduces of tensor parallelism
    double expert_parallel_s = 0;    // all-to-alls of expert parallelism
    double pipeline_s = 0;           // handing activations to the next stage
    double draft_s = 0;              // drafting the speculative tokens
    double overhead_s = 0;           // the engine's host work per step: its fixed and per-sequence overheads
    bool overhead_overlapped = false;  // the host works while the GPU runs the previous step (an overlap scheduler)
    // Prompts come whole (or in budget-sized chunks): `prompt_step_share` of the steps carry them and the rest decode
    // alone. uneven_prompts_s is what that adds to the mean step over one step with the mean prompt tokens (the
    // parts above): a step with a prompt is compute-bound while a decode-only step may be memory-bound.
    double prompt_step_share = 0;
    double uneven_prompts_s = 0;
    bool crosses_node = false;       // some collective runs over the scale-out network

    // One kind of kernel: its memory traffic and its math, of which the larger is its time.
    struct Kernel {
        const char* name;
        double memory_s;
        double compute_s;
        bool memory_bound() const { return memory_s > compute_s; }
        double time_s() const { return memory_bound() ? memory_s : compute_s; }
    };
    std::array<Kernel, 3> kernels() const;  // weights (matmul_s), experts (expert_matmul_s), attention (attention_s)

    double memory_s() const { return weights_s + experts_s + kv_s; }
    double compute_s() const { return matmul_s + expert_matmul_s + attention_s; }
    double memory_bound_s() const;   // the time of the kernels whose memory traffic exceeds their math
    double compute_bound_s() const;  // the time of the others
    double communication_s() const { return tensor_parallel_s + expert_parallel_s + pipeline_s; }
    double gpu_s() const;       // the kernels, collectives, drafting and uneven prompts: the GPU's part of the step
    double host_wait_s() const; // the host work the step waits for: all of it, or with overlap what exceeds gpu_s
    double total_s() const;     // gpu_s + host_wait_s
    // "memory", "compute" or "communication": the largest of the memory-bound kernels' time, the compute-bound
    // kernels' time and the collectives; "host" where an overlapped host takes longer than the GPU's whole part.
    const char* bound() const;
};

// Quantiles of a latency over requests, in milliseconds.
struct INFERCOST_API LatencyQuantiles {
    double mean = 0;
    double p50 = 0;
    double p90 = 0;
    double p99 = 0;
    double at(double q) const;  // 0.5, 0.9 or 0.99
};

struct INFERCOST_API ThroughputEstimate {
    int concurrency = 0;               // sequences in flight, whole replica
    int max_concurrent_sequences = 0;  // what the memory and the engine's batch limit admit at these lengths
    double decoding_sequences = 0;     // of those, decoding; the rest wait for prefill (token budget)
    double output_tokens_per_second = 0;  // whole replica
    double input_tokens_per_second = 0;
    double requests_per_second = 0;
    double ttft_ms = 0;  // mean: waiting, then the prompt's prefill in chunks
    double tpot_ms = 0;  // mean per output token for one user, prefill mixed into the steps
    std::optional<LatencyQuantiles> ttft;  // with an offered load (at_rate): over requests, with queueing
    std::optional<LatencyQuantiles> tpot;
    double offered_rate = 0;           // requests a second given to at_rate (0 for a closed-loop estimate)
    double prefill_utilisation = 0;    // share of the prefill budget used at that rate
    double decode_step_ms = 0;         // one step with the steady state's decode batch and prefill chunk
    double round_ms = 0;               // time for every decoding sequence to advance once (pp steps)
    double prefill_ms = 0;             // GPU time of one request's prefill alone on its attention rank
    double input_time_share = 0;       // share of step time spent on prefill (splits cost between input and output)
    double tokens_per_step = 1;        // output tokens a sequence gains per step (above 1 with speculative decoding)
    int max_batch_size = 0;            // per scheduler, as applied
    int max_num_tokens = 0;
    std::string decode_bound;          // the step's: "memory", "compute", "communication" or "host"
    // What caps the concurrency (or the rate): "kv_capacity", "max_batch_size", "max_num_tokens" (the token
    // budget cannot admit prompts faster), "concurrency" (as asked), "tpot_target", "ttft_target", "offered_load".
    std::string limit;
    std::vector<std::string> notes;    // what slows this layout, in words
    double experts_touched_per_layer = 0;  // distinct routed experts a step touches per MoE layer (whole replica under EP)
    MemoryPlan memory;
    Layout layout;
    bool calibrated = false;           // false: the efficiency profile was transferred, not fitted
    StepTime step;                     // the steady state's step, part by part
};

// Expected number of distinct experts touched in one MoE layer when `tokens` tokens each pick k of E
// experts uniformly: E * (1 - (1 - k/E)^tokens).
INFERCOST_API double expected_experts_touched(int experts, int k, double tokens);
// Expected tokens a sequence gains per step when `k` drafted tokens are each accepted with probability `a`
// until the first rejection, plus the one the verifying step always yields: (1 - a^(k+1)) / (1 - a).
INFERCOST_API double speculative_tokens_per_step(int k, double a);
// trtllm-bench's throughput-mode choice of max_batch_size and max_num_tokens (tensorrt_llm/bench/build/tuning.py,
// finetune_setting) from the requests its KV cache holds and the mean lengths.
struct INFERCOST_API BatchLimits {
    int max_batch_size = 0;
    int max_num_tokens = 0;
};
INFERCOST_API BatchLimits trtllm_bench_limits(double kv_cache_max_requests, double isl, double osl, int pp);

// Waiting time of an M/G/1 queue (Poisson arrivals at `rate`, service times with the given mean and second moment):
// the Pollaczek-Khinchine mean, and a tail P(W > t) = rho exp(-t rho / mean) that is exact for exponential service.
struct INFERCOST_API QueueWait {
    double utilisation = 0;  // rho = rate x mean service
    double mean_s = 0;
    // P(W <= t).
    double cdf(double t_s) const;
};
INFERCOST_API QueueWait mg1_wait(double rate, double mean_service_s, double second_moment_s2);

// The traffic a replica serves: length buckets (the workload's length mix, or one fixed shape) and the share of
// prompt tokens that hit the prefix cache (their KV is reused, so prefill computes only the rest).
struct INFERCOST_API Traffic {
    std::vector<LengthBucket> buckets;
    double cached_share = 0;
    static Traffic fixed(double isl, double osl, double cached_tokens = 0);
    static Traffic of(const LengthMix& mix);
};

// A deployment resolved against the hardware catalog and checked: the model fits, tp divides the heads,
// ep divides the experts, the layout's GPUs add up. Construction throws InputError or NotFoundError otherwise.
class INFERCOST_API Replica {
public:
    Replica(const HardwareCatalog& hw, const Deployment& d);
    Replica(ModelArchitecture model, Gpu gpu, EfficiencyProfile efficiency, EngineSettings settings, const Deployment& d,
            std::optional<ModelArchitecture> draft = std::nullopt);

    const Deployment& deployment() const { return d_; }
    const ModelArchitecture& model() const { return model_; }
    const Gpu& gpu() const { return gpu_; }
    const EfficiencyProfile& efficiency() const { return eff_; }
    const EngineSettings& settings() const { return settings_; }
    const Layout& layout() const { return layout_; }
    MemoryPlan memory() const { return plan_; }

    // Largest number of sequences of `isl` + `osl` tokens (whole replica) that the KV cache and the engine's batch
    // limit admit; InputError when not even one fits.
    int max_concurrency(double isl, double osl) const;
    int max_concurrency(const Traffic& t) const;
    // The engine's batch limits for this traffic (the settings', or trtllm-bench's heuristic).
    BatchLimits limits(const Traffic& t) const;
    // Throughput and latency with `concurrency` sequences in flight (1 <= concurrency <= max): a closed loop, as in
    // an offline benchmark. `cached` of the `isl` prompt tokens are prefix-cache hits.
    ThroughputEstimate at(double isl, double osl, int concurrency, double cached = 0) const;
    ThroughputEstimate at(const Traffic& t, int concurrency) const;
    // The steady state under Poisson arrivals at `rate` requests a second: occupancy from the step times, TTFT with
    // the wait for the prefill budget (M/G/1) and TPOT with the prefills that land in a request's steps, as
    // quantiles over the traffic's buckets. InputError when the rate exceeds what the replica can serve.
    ThroughputEstimate at_rate(const Traffic& t, double rate) const;
    // The highest-throughput concurrency whose TPOT (and TTFT, when given) meets the targets; with no
    // target, the highest throughput that fits in memory. InputError when no concurrency meets them.
    ThroughputEstimate best(double isl, double osl, std::optional<double> tpot_ms = std::nullopt,
                            std::optional<double> ttft_ms = std::nullopt, double cached = 0) const;
    ThroughputEstimate best(const Traffic& t, std::optional<double> tpot_ms = std::nullopt,
                            std::optional<double> ttft_ms = std::nullopt) const;
    // The highest Poisson rate whose latency quantile `q` (0.5, 0.9 or 0.99) meets the targets.
    ThroughputEstimate best_rate(const Traffic& t, std::optional<double> tpot_ms, std::optional<double> ttft_ms,
                                 double q = 0.9) const;

    // Disaggregated serving: a prefill-only replica (steps of max_num_tokens prompt tokens, no decode), and a
    // decode-only replica (no prompt chunks) at the best concurrency under the TPOT target.
    ThroughputEstimate prefill_only(const Traffic& t) const;
    ThroughputEstimate decode_only(const Traffic& t, std::optional<double> tpot_ms = std::nullopt) const;

    // One step of pure decode: `batch_per_rank` sequences at mean context `context`.
    double decode_step_seconds(double batch_per_rank, double context) const;
    StepTime decode_step(double batch_per_rank, double context) const;
    // A mixed step: decode as above plus `prefill_tokens` prompt tokens, whose attention covers `prefill_pairs`
    // (query, key) pairs per full-attention layer and `prefill_window_pairs` per sliding-window layer.
    StepTime step(double batch_per_rank, double context, double prefill_tokens, double prefill_pairs,
                  double prefill_window_pairs) const;
    // GPU time of one prompt's prefill alone on its attention rank; `cached` leading tokens come from the prefix cache.
    double prefill_seconds(double isl, double cached = 0) const;

private:
    struct Mix;
    StepTime main_step(const step_detail::StepInput& in, double stage_share) const;
    void check_prompts_fit(double longest_fresh, int max_num_tokens) const;
    Mix mix_of(const Traffic& t) const;
    BatchLimits limits_of(const Mix& m) const;
    int max_concurrency_of(const Mix& m, const BatchLimits& lim) const;
    std::string capacity_limit(const Mix& m, const BatchLimits& lim) const;  // "kv_capacity" or "max_batch_size"
    ThroughputEstimate at_of(const Mix& m, const BatchLimits& lim, int max, int concurrency) const;
    double kv_bytes_per_sequence(const Mix& m) const;
    int rank_capacity(const Mix& m) const;
    ThroughputEstimate steady(const Mix& m, double b, const BatchLimits& lim) const;
    void check();
    ModelArchitecture model_;
    Gpu gpu_;
    EfficiencyProfile eff_;
    EngineSettings settings_;
    Deployment d_;
    std::optional<ModelArchitecture> draft_;
    MemoryPlan plan_;
    Layout layout_;
    double spec_gain_ = 1;
    double imbalance_ = 1;
};

// Prefill and decode on separate pools of replicas (disaggregated serving): each pool's replica on its own, the KV
// cache handed from one to the other over the scale-out network, and the pool ratio that balances the traffic.
struct INFERCOST_API DisaggregatedEstimate {
    ThroughputEstimate prefill;  // one prefill replica: requests_per_second is the prompts it takes a second
    ThroughputEstimate decode;   // one decode replica
    double kv_transfer_ms = 0;   // one request's KV cache, prefill GPUs to decode GPUs
    double ttft_ms = 0;          // the prompt's chunks through the prefill replica, then the transfer
    double tpot_ms = 0;
    double prefill_replicas_per_decode_replica = 0;  // prefill replicas needed for each decode replica
    double requests_per_second_per_gpu = 0;          // of the balanced pools together
    double output_tokens_per_second_per_gpu = 0;
    double input_time_share = 0;                     // the prefill pool's share of the GPUs (splits cost)
};
// InputError when the replicas serve different models, when no scale-out bandwidth is known for the transfer, or
// when the targets cannot be met (TTFT by the prefill pool and the transfer, TPOT by the decode pool).
INFERCOST_API DisaggregatedEstimate disaggregate(const Replica& prefill, const Replica& decode, const Traffic& t,
                                                 std::optional<double> tpot_ms = std::nullopt,
                                                 std::optional<double> ttft_ms = std::nullopt);

// Mean absolute percentage error of the model on published rows, with the per-row predictions.
struct INFERCOST_API CalibrationResult {
    struct Row {
        ThroughputRow published;
        double predicted = 0;
        double error = 0;  // predicted / published - 1
        std::string limit;
    };
    std::vector<Row> rows;
    double mape = 0;
};
// The published row as a deployment (its layout, precisions, engine settings and KV fraction).
INFERCOST_API Deployment deployment_of(const ThroughputRow& row);
// Predicts every offline row (or every row of `regime`) with the catalog's profiles.
INFERCOST_API CalibrationResult check_calibration(const HardwareCatalog& hw, std::optional<Regime> regime = Regime::offline);

}  // namespace infercost
