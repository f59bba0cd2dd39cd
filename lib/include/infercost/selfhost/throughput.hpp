// A steady-state throughput model of one serving replica: memory plan, prefill and decode step times,
// and the throughput and latency at a given concurrency. The physics are a roofline per phase; the
// engine's distance from the peaks comes from a calibrated EfficiencyProfile. docs/selfhosting.md
// gives the formulas.
#pragma once

#include "infercost/export.hpp"

#include "infercost/selfhost/hardware.hpp"

#include <optional>
#include <string>

namespace infercost {

// One replica: a model on `gpus` GPUs. Attention and dense layers are split `tp` ways; when tp < gpus the
// remaining factor runs as data-parallel attention groups. Routed experts are split across `ep` GPUs
// (ep = 1: each expert is split `tp` ways like a dense layer; ep > 1 must equal gpus).
struct INFERCOST_API Deployment {
    std::string model;
    std::string gpu;
    int gpus = 1;
    int tp = 0;  // 0: all of the replica's GPUs
    int ep = 1;
    Precision weights = Precision::fp8;
    Precision kv = Precision::fp8;
    std::string engine = "tensorrt-llm";

    int effective_tp() const { return tp > 0 ? tp : gpus; }
};

// Where the bytes go on each GPU of the replica.
struct INFERCOST_API MemoryPlan {
    double weights_gb_per_gpu = 0;
    double usable_gb_per_gpu = 0;         // memory_fraction x memory, minus the runtime reserve
    double kv_budget_gb_per_gpu = 0;      // what is left for the KV cache
    double kv_bytes_per_token_per_gpu = 0;  // full-attention layers, this GPU's share
    double kv_tokens_per_replica = 0;     // tokens of KV the replica can hold (full-attention layers)
};

// One decode step by what it spends its time on. Memory traffic and compute overlap, so the step takes the larger
// of the two, plus the collectives and the engine's fixed overhead, which do not overlap.
struct INFERCOST_API DecodeStepTime {
    double weights_s = 0;            // reading the weights every step needs (all but the routed experts)
    double experts_s = 0;            // reading the routed experts the step's tokens touch
    double kv_s = 0;                 // reading the KV cache (and any linear-attention state)
    double matmul_s = 0;             // matrix math of the weights, at the weight precision's peak
    double attention_s = 0;          // attention over the cached context, at the BF16 peak
    double tensor_parallel_s = 0;    // all-reduces of tensor parallelism
    double expert_parallel_s = 0;    // all-to-alls of expert parallelism
    double overhead_s = 0;           // the engine's fixed time per step
    bool crosses_node = false;       // the replica spans more GPUs than one server joins by NVLink

    double memory_s() const { return weights_s + experts_s + kv_s; }
    double compute_s() const { return matmul_s + attention_s; }
    double total_s() const;
    const char* bound() const { return compute_s() >= memory_s() ? "compute" : "memory"; }
};

struct INFERCOST_API ThroughputEstimate {
    int concurrency = 0;               // sequences decoding at once, whole replica
    int max_concurrent_sequences = 0;  // what fits in memory at this input+output length (and the engine limit)
    double output_tokens_per_second = 0;  // whole replica
    double input_tokens_per_second = 0;
    double requests_per_second = 0;
    double ttft_ms = 0;  // prefill of one request plus the step it waits for
    double tpot_ms = 0;  // per output token, for one user, including prefill interleaved into decode
    double decode_step_ms = 0;
    double prefill_ms = 0;           // GPU time of one request's prefill on its attention group
    double input_time_share = 0;     // share of GPU time spent on prefill (splits cost between input and output)
    std::string decode_bound;        // "memory" or "compute"
    double experts_touched_per_layer = 0;  // distinct routed experts a decode step touches per MoE layer (whole replica under EP)
    MemoryPlan memory;
    bool calibrated = false;         // false: the efficiency profile was transferred, not fitted
    DecodeStepTime step;             // the decode step at this concurrency, part by part
};

// Expected number of distinct experts touched in one MoE layer when `tokens` tokens each pick k of E
// experts uniformly: E * (1 - (1 - k/E)^tokens).
INFERCOST_API double expected_experts_touched(int experts, int k, double tokens);

// A deployment resolved against the hardware catalog and checked: the model fits, tp divides the heads,
// ep divides the experts. Construction throws InputError or NotFoundError otherwise.
class INFERCOST_API Replica {
public:
    Replica(const HardwareCatalog& hw, const Deployment& d);
    Replica(ModelArchitecture model, Gpu gpu, EfficiencyProfile efficiency, const Deployment& d);

    const Deployment& deployment() const { return d_; }
    const ModelArchitecture& model() const { return model_; }
    const Gpu& gpu() const { return gpu_; }
    const EfficiencyProfile& efficiency() const { return eff_; }
    MemoryPlan memory() const { return plan_; }

    // Largest number of sequences of `isl` + `osl` tokens whose full KV cache fits, capped by the engine
    // limit; InputError when not even one fits.
    int max_concurrency(double isl, double osl) const;
    // Throughput and latency with `concurrency` sequences in flight (1 <= concurrency <= max). `cached` of the
    // `isl` prompt tokens are prefix-cache hits: their KV is reused, so prefill computes only the rest (which still
    // attends to the cached prefix).
    ThroughputEstimate at(double isl, double osl, int concurrency, double cached = 0) const;
    // The highest-throughput concurrency whose TPOT (and TTFT, when given) meets the targets; with no
    // target, the highest throughput that fits in memory. InputError when no concurrency meets them.
    ThroughputEstimate best(double isl, double osl, std::optional<double> tpot_ms = std::nullopt,
                            std::optional<double> ttft_ms = std::nullopt, double cached = 0) const;

    double decode_step_seconds(double batch_per_group, double context) const;
    // The same step, part by part.
    DecodeStepTime decode_step(double batch_per_group, double context) const;
    // GPU time of one prompt's prefill on its attention group; `cached` leading tokens come from the prefix cache.
    double prefill_seconds(double isl, double cached = 0) const;

private:
    void check();
    ModelArchitecture model_;
    Gpu gpu_;
    EfficiencyProfile eff_;
    Deployment d_;
    MemoryPlan plan_;
    int tp_ = 1;
    int dp_ = 1;
};

// Mean absolute percentage error of the model on published rows, with the per-row predictions.
struct INFERCOST_API CalibrationResult {
    struct Row {
        ThroughputRow published;
        double predicted = 0;
        double error = 0;  // predicted / published - 1
    };
    std::vector<Row> rows;
    double mape = 0;
};
INFERCOST_API CalibrationResult check_calibration(const HardwareCatalog& hw);

}  // namespace infercost
