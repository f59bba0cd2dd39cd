#include "infercost/selfhost/throughput.hpp"

#include "infercost/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace infercost {

// The inputs of one step (internal; Replica::main_step).
namespace step_detail {
// Pairs per fresh prompt token of a prompt of `isl` tokens with `cached` leading ones from the cache.
struct Pairs {
    double full = 0;    // causal, every key
    double window = 0;  // sliding-window layers
    double topk = 0;    // sparse attention's main attention
};
// One forward step of `arch` laid out as `lay`, on one attention rank of one stage holding `stage_share` of the layers.
struct StepInput {
    double decode_sequences = 0;
    double tokens_per_sequence = 1;  // query tokens per decoding sequence (1 + drafted tokens being verified)
    double context = 0;
    double prefill_tokens = 0;
    Pairs pairs;  // per prefill token
};

}  // namespace step_detail
using step_detail::Pairs;
using step_detail::StepInput;

namespace {

std::string fmt(double v, int digits = 3) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

// Attention pairs (query, key) in one layer for a prompt of n tokens, causal, each query seeing at most `window`
// keys (a sliding window, or sparse attention's top-k); window <= 0: unlimited.
double causal_pairs(double n, double window) {
    if (window <= 0 || n <= window) return n * (n + 1) / 2;
    return window * (window + 1) / 2 + (n - window) * window;
}

double kv_share_of(const ModelArchitecture& m, int tp) {
    return m.attention() == AttentionKind::mla ? 1.0 : std::max(1, m.kv_heads / tp) / double(m.kv_heads);
}

// Bytes one decode query reads from the cache at `context`: every cached token, except that sparse attention reads
// only the top-k latents (but the indexer's key of every token) and sliding layers only their window.
double kv_read_bytes(const ModelArchitecture& m, double context, double bytes) {
    if (!m.is_sparse_attention()) return m.kv_bytes(context, bytes);
    const double indexer = m.index_head_dim * 1.0 + 4.0;
    const double latent = m.kv_bytes_per_token_per_layer(bytes) - indexer;
    return m.full_attention_layers() * (latent * m.attended_tokens(context) + indexer * context) + m.linear_state_bytes(bytes);
}

// The precision experts are multiplied at: their storage precision where the GPU has such tensor cores, otherwise
// the rest of the weights' (MXFP4 experts on Hopper run as 4-bit weights with BF16 activations, W4A16).
Precision expert_math(const Gpu& g, Precision stored, Precision weights) {
    if (stored == Precision::fp4 && !g.fp4_tflops) return weights == Precision::fp4 ? Precision::fp8 : weights;
    return stored;
}

Pairs pairs_per_token(const ModelArchitecture& m, double isl, double cached) {
    Pairs p;
    const double fresh = isl - cached;
    if (fresh <= 0) return p;
    p.full = (causal_pairs(isl, 0) - causal_pairs(cached, 0)) / fresh;
    if (m.sliding_layers > 0)
        p.window = (causal_pairs(isl, m.sliding_window) - causal_pairs(cached, m.sliding_window)) / fresh;
    if (m.is_sparse_attention())
        p.topk = (causal_pairs(isl, m.index_topk) - causal_pairs(cached, m.index_topk)) / fresh;
    return p;
}

StepTime step_of(const ModelArchitecture& m, const Gpu& g, const EfficiencyProfile& eff, const Layout& lay,
                 const EngineSettings& es, Precision weights, Precision experts_stored, Precision kv, double imbalance,
                 double stage_share, const StepInput& in) {
    const double tile = es.moe_gemm_tile_tokens;
    const double wb = bytes_per_element(weights), ewb = bytes_per_element(experts_stored);
    const int tp = lay.tp, ep = lay.ep;
    const double f = stage_share;
    const double b = in.decode_sequences, q = in.tokens_per_sequence, p = in.prefill_tokens;
    const double n = b * q + p;  // tokens in this rank's step
    const double routed = m.routed_expert_params_total();
    // Weights read every step: everything but the input embedding (a lookup) and the routed experts.
    const double always = m.total_params() - routed - m.embedding_params() + m.lm_head_params();
    const double per_expert_all_layers = m.expert_params() * m.moe_layers();
    const double bandwidth = g.memory_bandwidth_tbps * 1e12 * eff.memory;
    const double compute = eff.compute * 1e12;
    StepTime t;
    t.decode_sequences = b;
    t.prefill_tokens = p;
    t.weights_s = always * wb / tp * f / bandwidth;

    double expert_bytes = 0, expert_flops = 0;
    if (m.is_moe() && n > 0) {
        if (ep > 1) {
            const double tokens = n * lay.dp;  // every rank's tokens route into the expert-parallel group
            const double local = double(m.experts) / ep;
            const double touched = local * (1.0 - std::pow(1.0 - double(m.experts_per_token) / m.experts, tokens));
            expert_bytes = touched * per_expert_all_layers * f * ewb;
            // Each touched expert's GEMM runs in whole tiles of `tile` tokens: a few tokens cost a full tile.
            const double per_expert = tokens * m.experts_per_token / m.experts;
            const double padded = touched > 0 ? std::max(per_expert * local / touched, tile) * touched : 0.0;
            expert_flops = std::max(tokens * m.experts_per_token / ep, padded) * imbalance * 2 * per_expert_all_layers * f;
        } else {
            const double touched = expected_experts_touched(m.experts, m.experts_per_token, n);
            expert_bytes = touched * per_expert_all_layers * f * ewb / tp;
            const double padded = touched > 0 ? std::max(n * m.experts_per_token / touched, tile) * touched : 0.0;
            expert_flops = std::max(n * m.experts_per_token, padded) * 2 * per_expert_all_layers * f / tp;
        }
    }
    t.experts_s = expert_bytes / bandwidth;
    t.kv_s = b * kv_read_bytes(m, in.context, bytes_per_element(kv)) * kv_share_of(m, tp) * f / bandwidth;

    const double dense_flops = (b * q * always + p * (always - m.lm_head_params())) * 2 * f / tp;
    const Precision em = expert_math(g, experts_stored, weights);
    t.matmul_s = dense_flops / (g.peak_tflops(weights) * compute);
    t.expert_matmul_s = expert_flops / (g.peak_tflops(em) * compute);

    const double ctx = in.context;
    const double decode_attn =
        m.full_attention_layers() * (m.attended_tokens(ctx) * m.decode_attention_flops_per_token() + ctx * m.indexer_flops_per_pair()) +
        m.sliding_layers * std::min<double>(ctx, m.sliding_window > 0 ? m.sliding_window : ctx) * m.decode_attention_flops_per_token() +
        m.linear_layers * m.linear_attention_flops_per_token();
    const double main_pairs = m.is_sparse_attention() ? in.pairs.topk : in.pairs.full;
    const double prefill_attn = m.full_attention_layers() * (main_pairs * m.prefill_attention_flops_per_pair() +
                                                             in.pairs.full * m.indexer_flops_per_pair()) +
                                m.sliding_layers * in.pairs.window * m.prefill_attention_flops_per_pair() +
                                m.linear_layers * m.linear_attention_flops_per_token();
    t.attention_s = (b * q * decode_attn + p * prefill_attn) * f / tp / (g.bf16_tflops * compute);

    const double up = lay.scale_up_gbps * 1e9 * eff.interconnect;
    const double out = lay.scale_out_gbps * 1e9 * eff.interconnect;
    const double latency = eff.collective_latency_us * 1e-6;
    const double layers = m.layers * f;
    if (tp > 1) {
        const double bytes = n * m.hidden * 2.0;  // BF16 activations
        const double link = lay.tp_crosses ? out : up;
        t.tensor_parallel_s = layers * 2 * (2.0 * (tp - 1) / tp * bytes / link + latency);
    }
    if (ep > 1 && m.is_moe()) {
        const double local = std::min(ep, lay.gpus_per_domain);
        const double a2a = eff.all_to_all / eff.interconnect;  // the links above are at the all-reduce share
        // Bytes this GPU takes in, of which (local - 1) / (ep - 1) from GPUs of its own domain by the scale-up link
        // and the rest by the scale-out network; the two transfers of a layer run one after the other.
        const auto exchange = [&](double bytes, double spread_over) {
            const double intra = bytes * (local - 1) / spread_over, inter = bytes * (ep - local) / spread_over;
            return std::max(intra / (up * a2a), lay.ep_crosses ? inter / (out * a2a) : 0.0) + latency;
        };
        double time = 0;
        if (gathers_tokens(es.expert_exchange, ep, m.experts_per_token)) {
            // Every GPU gathers the tokens of the other ep - 1 (in FP4 with its scale factors when the whole
            // checkpoint is NVFP4, else in BF16: FP8 block-scaled experts quantise after the gather) and the
            // partial results go back by a reduce-scatter in BF16, whatever the routing.
            const double act = weights == Precision::fp4 && expert_math(g, experts_stored, weights) == Precision::fp4 ? 0.5 + 1.0 / 16 : 2.0;
            const double others = n * lay.dp / ep * (ep - 1) * m.hidden;
            time = exchange(others * act, ep - 1) + exchange(others * 2.0, ep - 1);
        } else {
            // Each GPU sends its share of the group's tokens, k copies each, to the GPUs holding the chosen experts
            // (dispatch, in FP8 when the weights are FP8 or FP4, as DeepEP does) and takes the results back in BF16
            // (combine).
            const double act = weights == Precision::bf16 ? 2.0 : 1.0;
            const double copies = n * lay.dp / ep * m.experts_per_token * m.hidden * imbalance;
            time = exchange(copies * act, ep) + exchange(copies * 2.0, ep);
        }
        t.expert_parallel_s = m.moe_layers() * f * time;
    }
    if (lay.pp > 1) t.pipeline_s = n * m.hidden * 2.0 / (lay.pp_crosses ? out : up) + latency;
    t.crosses_node = (tp > 1 && lay.tp_crosses) || (ep > 1 && lay.ep_crosses) || (lay.pp > 1 && lay.pp_crosses);
    t.overhead_s = eff.step_overhead_ms * 1e-3 + (b + (p > 0 ? 1.0 : 0.0)) * eff.sequence_overhead_us * 1e-6;
    t.overhead_overlapped = es.overlap_scheduler;
    return t;
}

// The multi-token-prediction layers as a model of their own: one decoder layer each (MoE like the model's), sharing
// the embedding and the output head.
ModelArchitecture mtp_architecture(const ModelArchitecture& m) {
    ModelArchitecture d = m;
    d.id = m.id + " (MTP)";
    d.layers = m.mtp_layers;
    d.dense_layers = 0;
    d.sliding_layers = 0;
    d.linear_layers = 0;
    if (!m.is_moe()) d.dense_intermediate = m.dense_intermediate;
    return d;
}

// Quantile q of a distribution given by its CDF, found by bisection on [lo, hi].
template <class Cdf>
double quantile_of(Cdf cdf, double q, double lo, double hi) {
    while (cdf(hi) < q) hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * std::max(1.0, hi); ++i) {
        const double mid = 0.5 * (lo + hi);
        (cdf(mid) < q ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// The largest c in 1..max with meets(c), given meets(1) and !meets(max): latency grows with concurrency, so a
// bisection finds it.
template <class Meets>
int largest_meeting(int max, Meets meets) {
    int lo = 1, hi = max;
    while (hi - lo > 1) {
        const int mid = lo + (hi - lo) / 2;
        (meets(mid) ? lo : hi) = mid;
    }
    return lo;
}

}  // namespace

int Deployment::effective_tp() const {
    if (tp > 0) return tp;
    const int stage = gpus / std::max(1, pp);
    return dp > 0 ? std::max(1, stage / dp) : stage;
}
int Deployment::effective_dp() const {
    if (dp > 0) return dp;
    return std::max(1, gpus / std::max(1, pp) / std::max(1, effective_tp()));
}

double LatencyQuantiles::at(double q) const {
    if (q == 0.5) return p50;
    if (q == 0.9) return p90;
    if (q == 0.99) return p99;
    throw InputError("latency quantiles are kept at 0.5, 0.9 and 0.99; got " + fmt(q));
}

double expected_experts_touched(int experts, int k, double tokens) {
    if (experts <= 0 || k <= 0 || tokens <= 0) return 0.0;
    return experts * (1.0 - std::pow(1.0 - double(k) / experts, tokens));
}

double speculative_tokens_per_step(int k, double a) {
    if (k < 0) throw InputError("drafted tokens per step must not be negative");
    if (!(a >= 0 && a <= 1)) throw InputError("the speculative acceptance rate must be between 0 and 1");
    if (a == 1) return k + 1.0;
    return (1.0 - std::pow(a, k + 1)) / (1.0 - a);
}

BatchLimits trtllm_bench_limits(double requests, double isl, double osl, int pp) {
    // tensorrt_llm/bench/build/tuning.py, finetune_setting (optimistic tuning).
    const double raw_bs = std::min(requests, 4096.0) / pp;
    const double raw_token = std::min(raw_bs * (1 + isl / osl), 32768.0);
    BatchLimits l;
    if (raw_bs < 256) l.max_batch_size = std::max(64, 32 * int(std::ceil(raw_bs / 32)));
    else if (raw_bs < 1024) l.max_batch_size = 128 * int(std::ceil(raw_bs / 128));
    else l.max_batch_size = 256 * int(std::ceil(raw_bs / 256));
    if (raw_token < 4096) l.max_num_tokens = std::max(2048, 256 * int(std::ceil(raw_token / 256)));
    else if (raw_token < 8192) l.max_num_tokens = 512 * int(std::ceil(raw_token / 512));
    else l.max_num_tokens = 1024 * int(std::ceil(raw_token / 1024));
    return l;
}

double QueueWait::cdf(double t) const {
    if (t < 0) return 0;
    if (utilisation <= 0 || mean_s <= 0) return 1;
    return 1 - utilisation * std::exp(-t * utilisation / mean_s);
}

QueueWait mg1_wait(double rate, double mean_service, double second_moment) {
    if (!(rate >= 0) || !(mean_service >= 0) || !(second_moment >= mean_service * mean_service * (1 - 1e-12)))
        throw InputError("an M/G/1 queue needs a non-negative rate and service times with E[S^2] >= E[S]^2");
    QueueWait w;
    w.utilisation = rate * mean_service;
    if (w.utilisation >= 1) throw InputError("the queue is unstable: utilisation " + fmt(w.utilisation) + " is at least 1");
    w.mean_s = rate * second_moment / (2 * (1 - w.utilisation));
    return w;
}

Traffic Traffic::fixed(double isl, double osl, double cached) {
    if (!(isl >= 1) || !(osl >= 1)) throw InputError("input and output lengths must be at least one token each");
    if (!(cached >= 0 && cached <= isl)) throw InputError("cached prompt tokens must be between 0 and the prompt length");
    Traffic t;
    t.buckets.push_back(LengthBucket{1.0, isl, osl});
    t.cached_share = cached / isl;
    return t;
}

Traffic Traffic::of(const LengthMix& mix) {
    Traffic t;
    t.buckets = mix.buckets;
    t.cached_share = mix.cached_share;
    return t;
}

// The traffic's means as the steady state sees them. A sequence holds its slot for about its decode time, so
// contexts and KV reservations are weighted by output length; prompts and prefill work by request.
struct Replica::Mix {
    struct Bucket {
        double weight, isl, osl, fresh;
    };
    std::vector<Bucket> buckets;
    double isl = 0, osl = 0, fresh = 0, fresh_sq = 0;
    double context = 0;          // mean decode context, output-weighted
    double reserved_bytes = 0;   // KV per sequence (whole model), output-weighted, as the scheduler reserves it
    double max_fresh = 0, max_isl = 0, max_osl = 0;
    Pairs pairs;                 // per fresh prompt token
};

Replica::Mix Replica::mix_of(const Traffic& t) const {
    if (t.buckets.empty()) throw InputError("the traffic has no length buckets");
    if (!(t.cached_share >= 0 && t.cached_share < 1)) throw InputError("the cached share must be at least 0 and below 1");
    Mix m;
    double w_sum = 0, out_w = 0, pairs_full = 0, pairs_window = 0, pairs_topk = 0;
    const double kvb = bytes_per_element(d_.kv);
    for (const auto& b : t.buckets) {
        if (!(b.weight >= 0) || !(b.input_tokens >= 1) || !(b.output_tokens >= 1))
            throw InputError("a length bucket needs a non-negative weight and at least one input and one output token");
        if (b.weight == 0) continue;
        const double cached = t.cached_share * b.input_tokens, fresh = b.input_tokens - cached;
        m.buckets.push_back({b.weight, b.input_tokens, b.output_tokens, fresh});
        w_sum += b.weight;
        m.isl += b.weight * b.input_tokens;
        m.osl += b.weight * b.output_tokens;
        m.fresh += b.weight * fresh;
        m.fresh_sq += b.weight * fresh * fresh;
        const double ow = b.weight * b.output_tokens;
        out_w += ow;
        m.context += ow * (b.input_tokens + b.output_tokens / 2);
        const double reserved = settings_.kv_reservation == KvReservation::full ? b.input_tokens + b.output_tokens
                                                                                  : b.input_tokens + b.output_tokens / 2;
        m.reserved_bytes += ow * model_.kv_bytes(reserved, kvb);
        const Pairs p = pairs_per_token(model_, b.input_tokens, cached);
        pairs_full += b.weight * fresh * p.full;
        pairs_window += b.weight * fresh * p.window;
        pairs_topk += b.weight * fresh * p.topk;
        m.max_fresh = std::max(m.max_fresh, fresh);
        m.max_isl = std::max(m.max_isl, b.input_tokens);
        m.max_osl = std::max(m.max_osl, b.output_tokens);
    }
    if (!(w_sum > 0)) throw InputError("the traffic's bucket weights sum to zero");
    for (auto& b : m.buckets) b.weight /= w_sum;
    m.isl /= w_sum;
    m.osl /= w_sum;
    m.fresh /= w_sum;
    m.fresh_sq /= w_sum;
    m.context /= out_w;
    m.reserved_bytes /= out_w;
    if (m.fresh > 0) m.pairs = {pairs_full / w_sum / m.fresh, pairs_window / w_sum / m.fresh, pairs_topk / w_sum / m.fresh};
    return m;
}

Replica::Replica(const HardwareCatalog& hw, const Deployment& d)
    : model_(hw.model(d.model)), gpu_(hw.gpu(d.gpu)), eff_(hw.efficiency_for(d.engine, d.gpu)),
      settings_(hw.engine_settings(d.settings.empty() ? d.engine : d.settings)), d_(d) {
    if (!d.draft.empty()) draft_ = hw.model(d.draft);
    check();
}

Replica::Replica(ModelArchitecture model, Gpu gpu, EfficiencyProfile efficiency, EngineSettings settings,
                 const Deployment& d, std::optional<ModelArchitecture> draft)
    : model_(std::move(model)), gpu_(std::move(gpu)), eff_(std::move(efficiency)), settings_(std::move(settings)), d_(d),
      draft_(std::move(draft)) {
    check();
}

void Replica::check() {
    const ModelArchitecture& m = model_;
    m.validate();
    const std::string what = "deployment of " + m.id + " on " + std::to_string(d_.gpus) + "x " + gpu_.id;
    auto fail = [&](const std::string& why) { throw InputError(what + ": " + why); };
    if (d_.gpus < 1) fail("a replica needs at least one GPU");
    if (d_.pp < 1 || d_.tp < 0 || d_.dp < 0 || d_.nodes < 0) fail("parallel degrees must be positive");
    if (d_.gpus % d_.pp != 0) fail("pipeline parallelism " + std::to_string(d_.pp) + " must divide the " + std::to_string(d_.gpus) + " GPUs");
    if (d_.pp > m.layers) fail("pipeline parallelism " + std::to_string(d_.pp) + " exceeds the " + std::to_string(m.layers) + " layers");
    Layout& L = layout_;
    L.gpus = d_.gpus;
    L.pp = d_.pp;
    L.tp = d_.effective_tp();
    L.dp = d_.effective_dp();
    if (L.tp < 1 || L.tp * L.dp * L.pp != d_.gpus)
        fail("tensor " + std::to_string(L.tp) + " x data " + std::to_string(L.dp) + " x pipeline " + std::to_string(L.pp) +
             " parallelism must multiply to the replica's " + std::to_string(d_.gpus) + " GPUs");
    const int tp = L.tp;
    if (m.heads % tp != 0)
        fail("tensor parallelism " + std::to_string(tp) + " does not divide the " + std::to_string(m.heads) +
             " attention heads; use a divisor of " + std::to_string(m.heads));
    if (m.attention() == AttentionKind::gqa) {
        const bool ok = tp <= m.kv_heads ? m.kv_heads % tp == 0 : tp % m.kv_heads == 0;
        if (!ok) fail("tensor parallelism " + std::to_string(tp) + " does not split the " + std::to_string(m.kv_heads) + " KV heads evenly");
    }
    if (d_.ep < 1) fail("expert parallelism must be at least 1");
    L.ep = d_.ep;
    if (d_.ep > 1) {
        if (!m.is_moe()) fail("expert parallelism needs a mixture-of-experts model; " + m.id + " is dense");
        if (d_.ep != tp * L.dp)
            fail("expert parallelism " + std::to_string(d_.ep) + " must span a pipeline stage's " + std::to_string(tp * L.dp) +
                 " GPUs (tensor x data parallel)");
        if (m.experts % d_.ep != 0)
            fail("expert parallelism " + std::to_string(d_.ep) + " does not divide the " + std::to_string(m.experts) + " routed experts");
    }
    if (d_.expert_imbalance != 0 && (!(d_.expert_imbalance >= 1) || d_.expert_imbalance > 100))
        fail("expert imbalance is the hottest GPU's load over the mean: at least 1 (balanced), at most 100");
    imbalance_ = L.ep > 1 ? (d_.expert_imbalance > 0 ? d_.expert_imbalance : eff_.expert_imbalance) : 1.0;

    // Scale-up domains and the network between them.
    const int domain = gpu_.scale_up_domain > 0 ? gpu_.scale_up_domain : 1;
    const int fewest = (d_.gpus + domain - 1) / domain;
    L.nodes = d_.nodes > 0 ? d_.nodes : fewest;
    if (L.nodes < fewest)
        fail(std::to_string(d_.gpus) + " GPUs need at least " + std::to_string(fewest) + " scale-up domains of " + std::to_string(domain) +
             " (" + gpu_.id + "), not " + std::to_string(L.nodes));
    if (d_.gpus % L.nodes != 0) fail("the " + std::to_string(d_.gpus) + " GPUs do not split evenly over " + std::to_string(L.nodes) + " nodes");
    L.gpus_per_domain = d_.gpus / L.nodes;
    L.tp_crosses = tp > L.gpus_per_domain;
    L.ep_crosses = L.ep > L.gpus_per_domain;
    L.pp_crosses = L.pp > 1 && L.nodes > 1;
    L.scale_up_gbps = gpu_.interconnect_gbps / 2;
    if ((L.ep > 1 && L.ep_crosses) || (tp > 1 && L.tp_crosses) || L.pp_crosses || (L.nodes > 1 && L.dp > 1 && L.ep > 1)) {
        const std::optional<double> out = d_.scale_out_gbps ? d_.scale_out_gbps : gpu_.scale_out_gbps;
        if (!out)
            fail("the layout spans " + std::to_string(L.nodes) + " nodes but gpus.yaml gives no scale-out bandwidth for " + gpu_.id +
                 "; state the network's GB/s per GPU (scale_out_gbps)");
        if (!(*out > 0) || *out > 1e4) fail("scale-out bandwidth must be a positive number of GB/s per GPU");
        L.scale_out_gbps = *out;
    }

    // Engine settings.
    if (settings_.engine != d_.engine)
        fail("engine settings '" + settings_.id + "' are for " + settings_.engine + ", not " + d_.engine +
             "; name settings of the same engine or change the engine");
    if (d_.chunked_prefill) settings_.chunked_prefill = *d_.chunked_prefill;
    const EngineSettings& s = settings_;
    if (d_.max_batch_size < 0 || d_.max_num_tokens < 0) fail("max_batch_size and max_num_tokens must be positive");
    const double frac = d_.kv_memory_fraction.value_or(s.kv_memory_fraction);
    if (!(frac > 0 && frac <= 1)) fail("the KV-cache memory fraction must be above 0 and at most 1");
    if (!(eff_.compute > 0) || !(eff_.memory > 0) || !(eff_.interconnect > 0) || !(eff_.all_to_all > 0))
        throw InputError("efficiency profile " + eff_.engine + "/" + eff_.gpu + " has a zero factor");
    gpu_.peak_tflops(d_.weights);  // refuses FP8 or FP4 weights on a GPU without such tensor cores
    if (d_.expert_weights) {
        if (!m.is_moe()) fail("expert_weights needs a mixture-of-experts model; " + m.id + " is dense");
        gpu_.peak_tflops(expert_math(gpu_, *d_.expert_weights, d_.weights));
    }

    // Speculative decoding.
    if (d_.spec_tokens < 0 || d_.spec_tokens > 16) fail("drafted tokens per step must be between 0 and 16");
    if (d_.spec_tokens > 0) {
        if (!(d_.spec_accept >= 0 && d_.spec_accept <= 1)) fail("the speculative acceptance rate must be between 0 and 1");
        if (!draft_ && m.mtp_layers == 0)
            fail(m.id + " ships no multi-token-prediction layers (num_nextn_predict_layers); name a draft model");
        if (!draft_) draft_ = mtp_architecture(m);
        else draft_->validate();
    } else if (draft_ || d_.spec_accept != 0) {
        fail("a draft model or an acceptance rate needs drafted tokens per step (spec_tokens)");
    }
    spec_gain_ = speculative_tokens_per_step(d_.spec_tokens, d_.spec_accept);

    // Memory.
    const double wb = bytes_per_element(d_.weights);
    const double ewb = bytes_per_element(d_.expert_weights.value_or(d_.weights));
    auto params_per_gpu_bytes = [&](const ModelArchitecture& a, int pp) {
        const double routed = a.routed_expert_params_total();
        const int expert_split = (L.ep > 1 && a.is_moe()) ? L.ep : tp;
        return (a.total_params() - routed) / (tp * pp) * wb + routed / expert_split / pp * ewb;
    };
    double weights = params_per_gpu_bytes(m, L.pp);
    if (draft_) {
        ModelArchitecture dr = *draft_;
        if (d_.draft.empty()) dr.vocab = 0;  // the MTP layers share the embedding and output head
        weights += dr.vocab == 0 ? (draft_->total_params() - draft_->embedding_params() - draft_->routed_expert_params_total()) / tp * wb +
                                       draft_->routed_expert_params_total() / (L.ep > 1 ? L.ep : tp) * ewb
                                 : params_per_gpu_bytes(dr, 1);
    }
    plan_.weights_gb_per_gpu = weights / 1e9;
    const double mem = gpu_.memory_gb;
    if (s.kv_memory == KvMemoryBasis::free) {
        plan_.kv_budget_gb_per_gpu = (mem - plan_.weights_gb_per_gpu - eff_.reserve_gb) * frac;
    } else {
        plan_.kv_budget_gb_per_gpu = mem * frac - plan_.weights_gb_per_gpu - eff_.reserve_gb;
    }
    plan_.usable_gb_per_gpu = plan_.weights_gb_per_gpu + std::max(0.0, plan_.kv_budget_gb_per_gpu);
    if (plan_.kv_budget_gb_per_gpu <= 0)
        fail("the weights need " + fmt(plan_.weights_gb_per_gpu) + " GB per GPU at " + std::string(precision_name(d_.weights)) + " but " +
             gpu_.id + " leaves no room for the KV cache (" + fmt(mem) + " GB, " + fmt(eff_.reserve_gb) +
             " GB kept for buffers); use more GPUs, more tensor, expert or pipeline parallelism, or lower precision");
    plan_.kv_bytes_per_token_per_gpu = m.kv_bytes_per_token(bytes_per_element(d_.kv)) * kv_share_of(m, tp) / L.pp;
    plan_.kv_tokens_per_replica = L.dp * plan_.kv_budget_gb_per_gpu * 1e9 / plan_.kv_bytes_per_token_per_gpu;
}

double Replica::kv_bytes_per_sequence(const Mix& mx) const {
    double b = mx.reserved_bytes * kv_share_of(model_, layout_.tp) / layout_.pp;
    if (draft_) b += draft_->kv_bytes(mx.isl + mx.osl, bytes_per_element(d_.kv)) * kv_share_of(*draft_, layout_.tp);
    return b;
}

// Sequences one attention rank's GPUs can hold (all of its pipeline microbatches together).
int Replica::rank_capacity(const Mix& mx) const {
    const double seq = kv_bytes_per_sequence(mx);
    const double n = std::floor(plan_.kv_budget_gb_per_gpu * 1e9 / seq);
    if (n < 1)
        throw InputError("one sequence of " + fmt(mx.isl + mx.osl, 6) + " tokens needs " + fmt(seq / 1e9) + " GB of KV cache per GPU of " +
                         model_.id + ", but only " + fmt(plan_.kv_budget_gb_per_gpu) + " GB are left after the weights on " + gpu_.id +
                         "; use more GPUs or an FP8 KV cache");
    return static_cast<int>(std::min(n, 1e8));
}

BatchLimits Replica::limits(const Traffic& t) const { return limits_of(mix_of(t)); }

BatchLimits Replica::limits_of(const Mix& mx) const {
    BatchLimits l{settings_.max_batch_size, settings_.max_num_tokens};
    // The heuristic sizes the KV cache as multi-head attention; for a latent-attention (MLA) model that estimate is
    // about 25 times its real size, and applied to DeepSeek it halves NVIDIA's published B200 throughput, so MLA
    // models are left to the KV cache that fits (docs/selfhosting.md, "The engine scheduler").
    const bool mla = model_.attention() == AttentionKind::mla;
    if (settings_.heuristic == BatchHeuristic::trtllm_bench && !d_.expert_weights && !mla) {
        // tuning.py calc_engine_setting: the whole tensor x pipeline group's memory in GiB (expert and attention data
        // parallelism are not looked at) less the weights, times the fraction, over an MHA-style KV size per token
        // (max(tp, KV heads) x head size, both K and V; no MLA or sliding-window reading).
        const double gib = 1024.0 * 1024.0 * 1024.0;
        const int group = layout_.tp * layout_.dp;
        const double frac = d_.kv_memory_fraction.value_or(settings_.kv_memory_fraction);
        const double available = gpu_.memory_gb * 1e9 / gib * group * layout_.pp - model_.total_params() * bytes_per_element(d_.weights) / gib;
        const double head = model_.attention() == AttentionKind::mla ? double(model_.hidden) / model_.heads : model_.head_dim;
        const double per_token = 2.0 * model_.layers * std::max(group, model_.kv_heads) * head * bytes_per_element(d_.kv) / gib;
        const double requests = available * frac / (per_token * (mx.isl + mx.osl));
        if (requests >= 1) l = trtllm_bench_limits(requests, mx.isl, mx.osl, layout_.pp);
        // Without chunked prefill the budget must take the longest prompt and a full batch (general.py get_settings).
        if (!settings_.chunked_prefill) l.max_num_tokens = std::max(l.max_num_tokens, int(std::ceil(mx.max_isl)) + l.max_batch_size);
    }
    if (d_.max_batch_size > 0) l.max_batch_size = d_.max_batch_size;
    if (d_.max_num_tokens > 0) l.max_num_tokens = d_.max_num_tokens;
    return l;
}

int Replica::max_concurrency(double isl, double osl) const { return max_concurrency(Traffic::fixed(isl, osl)); }

int Replica::max_concurrency(const Traffic& t) const {
    const Mix mx = mix_of(t);
    return max_concurrency_of(mx, limits_of(mx));
}

int Replica::max_concurrency_of(const Mix& mx, const BatchLimits& lim) const {
    const double per_micro = std::min<double>(lim.max_batch_size, std::floor(rank_capacity(mx) / double(layout_.pp)));
    if (per_micro < 1) throw InputError("the KV cache of " + model_.id + " holds fewer sequences than pipeline stages");
    return static_cast<int>(per_micro * layout_.dp * layout_.pp);
}

std::array<StepTime::Kernel, 3> StepTime::kernels() const {
    return {Kernel{"weights", weights_s, matmul_s}, Kernel{"experts", experts_s, expert_matmul_s}, Kernel{"attention", kv_s, attention_s}};
}

double StepTime::memory_bound_s() const {
    double s = 0;
    for (const Kernel& k : kernels())
        if (k.memory_bound()) s += k.time_s();
    return s;
}

double StepTime::compute_bound_s() const {
    double s = 0;
    for (const Kernel& k : kernels())
        if (!k.memory_bound()) s += k.time_s();
    return s;
}

double StepTime::gpu_s() const {
    double s = communication_s() + draft_s + uneven_prompts_s;
    for (const Kernel& k : kernels()) s += k.time_s();
    return s;
}

double StepTime::host_wait_s() const { return overhead_overlapped ? std::max(0.0, overhead_s - gpu_s()) : overhead_s; }

double StepTime::total_s() const {
    const double gpu = gpu_s();
    return overhead_overlapped ? std::max(gpu, overhead_s) : gpu + overhead_s;
}

const char* StepTime::bound() const {
    if (overhead_overlapped && overhead_s > gpu_s()) return "host";
    const double m = memory_bound_s(), c = compute_bound_s(), x = communication_s();
    if (x > m && x > c) return "communication";
    return c >= m ? "compute" : "memory";
}

StepTime Replica::main_step(const StepInput& in, double stage_share) const {
    return step_of(model_, gpu_, eff_, layout_, settings_, d_.weights, d_.expert_weights.value_or(d_.weights), d_.kv, imbalance_,
                   stage_share, in);
}

void Replica::check_prompts_fit(double longest_fresh, int max_num_tokens) const {
    if (!settings_.chunked_prefill && longest_fresh > max_num_tokens)
        throw InputError("a prompt of " + fmt(longest_fresh, 6) + " tokens does not fit the token budget of " +
                         std::to_string(max_num_tokens) + " per step and " + settings_.id +
                         " does not chunk prefill; raise max_num_tokens or enable chunked prefill");
}

StepTime Replica::step(double b, double context, double p, double isl, double cached) const {
    StepInput in;
    in.decode_sequences = b;
    in.tokens_per_sequence = 1.0 + d_.spec_tokens;
    in.context = context;
    in.prefill_tokens = p;
    in.pairs = pairs_per_token(model_, isl, cached);
    StepTime t = main_step(in, 1.0 / layout_.pp);
    if (draft_ && d_.spec_tokens > 0) {
        StepInput din;
        din.decode_sequences = b;
        din.context = context;
        Layout dl = layout_;
        dl.pp = 1;
        if (!draft_->is_moe()) dl.ep = 1;
        StepTime ds = step_of(*draft_, gpu_, eff_, dl, settings_, d_.weights, d_.expert_weights.value_or(d_.weights), d_.kv, imbalance_,
                              1.0, din);
        ds.overhead_s = 0;  // drafted inside the same step
        t.draft_s = d_.spec_tokens * ds.total_s();
    }
    return t;
}

StepTime Replica::decode_step(double b, double context) const { return step(b, context, 0, 1, 0); }

double Replica::decode_step_seconds(double b, double context) const { return decode_step(b, context).total_s(); }

double Replica::prefill_seconds(double isl, double cached) const {
    if (!(cached >= 0 && cached <= isl)) throw InputError("cached prompt tokens must be between 0 and the prompt length");
    StepInput in;
    in.prefill_tokens = isl - cached;
    in.pairs = pairs_per_token(model_, isl, cached);
    StepTime t = main_step(in, 1.0);
    t.overhead_s = 0;
    t.weights_s = t.experts_s = t.kv_s = 0;  // the prompt's math, on its own; its weight reads are shared with the step
    return t.total_s();
}

// The steady state with `b` sequences admitted per rank and pipeline microbatch.
ThroughputEstimate Replica::steady(const Mix& mx, double b, const BatchLimits& lim) const {
    const Layout& L = layout_;
    const double q = 1.0 + d_.spec_tokens, gain = spec_gain_;
    const double rounds = mx.osl / gain;  // steps a request decodes for
    const double T = lim.max_num_tokens;
    check_prompts_fit(mx.max_fresh, lim.max_num_tokens);
    // Each decoding sequence needs fresh / rounds prompt tokens per step to be replaced as it finishes; the budget
    // caps decode tokens and those prompt chunks together.
    const double per_seq = q + mx.fresh / rounds;
    const double bd = std::min(b, T / per_seq);
    if (bd < 1e-9) throw InputError("the token budget of " + std::to_string(lim.max_num_tokens) + " admits no decoding sequence");
    const double p = bd * mx.fresh / rounds;
    StepInput in;
    in.decode_sequences = bd;
    in.tokens_per_sequence = q;
    in.context = mx.context;
    in.prefill_tokens = p;
    in.pairs = mx.pairs;
    StepTime st = step(bd, mx.context, 0, 1, 0);
    const double decode_only = st.total_s();
    {
        StepTime full = main_step(in, 1.0 / L.pp);
        full.draft_s = st.draft_s;
        // Prompts are scheduled whole (or in chunks of the budget the decode tokens leave), so they do not spread
        // evenly over the steps: a share of the steps carries them and the others decode alone. A step with a prompt
        // is compute-bound where a decode-only step may be memory-bound, so the mean step is longer than one step
        // with the mean prompt tokens.
        if (p > 0) {
            const double carried = std::min(std::max(1.0, T - bd * q), std::max(mx.fresh, p));
            const double share = std::min(1.0, p / carried);
            StepInput busy = in;
            busy.prefill_tokens = p / share;
            StepTime with_prompt = main_step(busy, 1.0 / L.pp);
            with_prompt.draft_s = st.draft_s;
            const double mean = share * with_prompt.total_s() + (1 - share) * decode_only;
            full.prompt_step_share = share;
            // What brings the step to the mean. An overlapped host only waits where it outlasts the GPU, so the GPU's
            // part is raised to the mean unless the host takes longer than that anyway.
            const bool gpu_longer = full.overhead_overlapped && mean > full.overhead_s;
            full.uneven_prompts_s = std::max(0.0, mean - (gpu_longer ? full.gpu_s() : full.total_s()));
        }
        st = full;
    }
    const double stage = st.total_s();
    const double round = stage * L.pp;  // a token passes every stage

    ThroughputEstimate e;
    e.max_batch_size = lim.max_batch_size;
    e.max_num_tokens = lim.max_num_tokens;
    e.decoding_sequences = bd * L.dp * L.pp;
    e.tokens_per_step = gain;
    e.step = st;
    e.decode_step_ms = stage * 1e3;
    e.round_ms = round * 1e3;
    e.tpot_ms = round / gain * 1e3;
    e.output_tokens_per_second = bd * L.dp * L.pp * gain / round;
    e.requests_per_second = e.output_tokens_per_second / mx.osl;
    e.input_tokens_per_second = e.requests_per_second * mx.isl;
    e.prefill_ms = mx.fresh > 0 ? prefill_seconds(mx.isl, mx.isl - mx.fresh) * 1e3 : 0;
    // Cost split: the prompts' share of the step, as the time their prefill would take alone against the decode's.
    const double prefill_alone = bd / rounds * e.prefill_ms * 1e-3;
    e.input_time_share = prefill_alone / (prefill_alone + decode_only);
    // TTFT in a closed loop: sequences beyond what the budget decodes wait their turn (Little's law), then the
    // prompt goes through in chunks of the budget the decode tokens leave.
    const double chunk = std::max(1.0, T - bd * q);
    const double wait = b > bd ? (b - bd) / (bd / rounds) * round : 0.0;
    e.ttft_ms = (wait + std::max(1.0, std::ceil(mx.fresh / chunk)) * round) * 1e3;
    e.decode_bound = st.bound();
    e.memory = plan_;
    e.layout = L;
    e.calibrated = eff_.basis == "calibrated";
    if (model_.is_moe()) e.experts_touched_per_layer = expected_experts_touched(model_.experts, model_.experts_per_token,
                                                                                 (bd * q + p) * (L.ep > 1 ? L.dp : 1));
    // What slows the layout.
    if (L.tp > 1 && L.tp_crosses)
        e.notes.push_back("tensor parallelism " + std::to_string(L.tp) + " spans " + std::to_string(L.nodes) + " scale-up domains of " +
                          std::to_string(L.gpus_per_domain) + " GPUs: its all-reduces run over the " + fmt(L.scale_out_gbps) +
                          " GB/s scale-out network instead of " + fmt(L.scale_up_gbps) +
                          " GB/s; keep tensor parallelism inside a domain and use expert or pipeline parallelism across");
    if (L.ep > 1 && L.ep_crosses) {
        const bool gather = gathers_tokens(settings_.expert_exchange, L.ep, model_.experts_per_token);
        const double peers = gather ? L.ep - 1.0 : L.ep;  // a gather never sends to itself; an all-to-all may
        e.notes.push_back("expert parallelism " + std::to_string(L.ep) + " spans " + std::to_string(L.nodes) + " domains: " +
                          fmt(100.0 * (L.ep - L.gpus_per_domain) / peers) + "% of the " + (gather ? "all-gather" : "all-to-all") +
                          " traffic crosses the " + fmt(L.scale_out_gbps) + " GB/s network");
    }
    if (L.pp > 1)
        e.notes.push_back("pipeline parallelism " + std::to_string(L.pp) + ": each token passes " + std::to_string(L.pp) +
                          " stages, so TPOT is " + std::to_string(L.pp) + " stage steps");
    const double comm = st.communication_s();
    if (comm > 0.2 * stage)
        e.notes.push_back("collectives take " + fmt(100 * comm / stage, 2) + "% of the step");
    if (settings_.cuda_graph_max_batch > 0 && bd * q > settings_.cuda_graph_max_batch)
        e.notes.push_back("a decode batch of " + fmt(bd * q) + " per rank is above the CUDA-graph sizes (up to " +
                          std::to_string(settings_.cuda_graph_max_batch) + "); such steps launch kernels one by one (not modelled)");
    if (d_.spec_tokens > 0)
        e.notes.push_back("speculative decoding: " + fmt(gain) + " tokens per step (" + std::to_string(d_.spec_tokens) +
                          " drafted, each accepted with probability " + fmt(d_.spec_accept) + "), drafting " +
                          fmt(st.draft_s * 1e3) + " ms a step");
    if (imbalance_ > 1)
        e.notes.push_back("expert load imbalance " + fmt(imbalance_) + (d_.expert_imbalance > 0 ? "" : " (the profile's)") +
                          ": the hottest expert-parallel GPU routes that many times the mean");
    return e;
}

ThroughputEstimate Replica::at(double isl, double osl, int concurrency, double cached) const {
    return at(Traffic::fixed(isl, osl, cached), concurrency);
}

std::string Replica::capacity_limit(const Mix& mx, const BatchLimits& lim) const {
    return std::floor(rank_capacity(mx) / double(layout_.pp)) < lim.max_batch_size ? "kv_capacity" : "max_batch_size";
}

ThroughputEstimate Replica::at(const Traffic& t, int concurrency) const {
    const Mix mx = mix_of(t);
    const BatchLimits lim = limits_of(mx);
    return at_of(mx, lim, max_concurrency_of(mx, lim), concurrency);
}

ThroughputEstimate Replica::at_of(const Mix& mx, const BatchLimits& lim, int max, int concurrency) const {
    if (concurrency < 1 || concurrency > max)
        throw InputError("concurrency " + std::to_string(concurrency) + " is outside 1.." + std::to_string(max) + " for " + model_.id +
                         " on " + std::to_string(d_.gpus) + "x " + gpu_.id + " at " + fmt(mx.isl, 6) + "/" + fmt(mx.osl, 6) +
                         " tokens (the KV cache and the engine's batch limit)");
    ThroughputEstimate e = steady(mx, double(concurrency) / (layout_.dp * layout_.pp), lim);
    e.concurrency = concurrency;
    e.max_concurrent_sequences = max;
    e.limit = e.decoding_sequences + 1e-9 < concurrency ? "max_num_tokens" : "concurrency";
    if (e.limit == "max_num_tokens")
        e.notes.push_back("the token budget of " + std::to_string(lim.max_num_tokens) + " per step replaces finished sequences for only " +
                          fmt(e.decoding_sequences) + " decoding at once; the other " + fmt(concurrency - e.decoding_sequences) +
                          " wait for prefill");
    return e;
}

ThroughputEstimate Replica::best(double isl, double osl, std::optional<double> tpot_ms, std::optional<double> ttft_ms,
                                 double cached) const {
    return best(Traffic::fixed(isl, osl, cached), tpot_ms, ttft_ms);
}

ThroughputEstimate Replica::best(const Traffic& t, std::optional<double> tpot_ms, std::optional<double> ttft_ms) const {
    if (tpot_ms && !(*tpot_ms > 0)) throw InputError("the TPOT target must be a positive number of milliseconds");
    if (ttft_ms && !(*ttft_ms > 0)) throw InputError("the TTFT target must be a positive number of milliseconds");
    const Mix mx = mix_of(t);
    const BatchLimits lim = limits_of(mx);
    const int max = max_concurrency_of(mx, lim);
    auto at_c = [&](int c) { return at_of(mx, lim, max, c); };
    auto meets = [&](const ThroughputEstimate& e) { return !(tpot_ms && e.tpot_ms > *tpot_ms) && !(ttft_ms && e.ttft_ms > *ttft_ms); };
    ThroughputEstimate top = at_c(max);
    if (meets(top)) {
        if (top.limit != "max_num_tokens") top.limit = capacity_limit(mx, lim);
        if (top.limit == "kv_capacity")
            top.notes.push_back("the KV cache holds " + fmt(std::floor(rank_capacity(mx) / double(layout_.pp)) * layout_.pp, 9) +
                                " sequences of " + fmt(mx.isl + mx.osl, 6) + " tokens per attention rank; " +
                                (d_.kv == Precision::bf16 ? "an FP8 KV cache, " : std::string()) +
                                "prefix-cache hits or more GPUs raise it");
        return top;
    }
    const ThroughputEstimate one = at_c(1);
    if (!meets(one))
        throw InputError("no concurrency of " + model_.id + " on " + std::to_string(d_.gpus) + "x " + gpu_.id + " meets " +
                         (tpot_ms ? "TPOT <= " + fmt(*tpot_ms) + " ms " : std::string()) +
                         (ttft_ms ? "TTFT <= " + fmt(*ttft_ms) + " ms " : std::string()) + "at " + fmt(mx.isl, 6) + "/" + fmt(mx.osl, 6) +
                         " tokens: one sequence alone gets TPOT " + fmt(one.tpot_ms) + " ms and TTFT " + fmt(one.ttft_ms) +
                         " ms; relax the target or use faster hardware");
    const int lo = largest_meeting(max, [&](int c) { return meets(at_c(c)); });
    ThroughputEstimate e = at_c(lo);
    e.limit = tpot_ms && at_c(lo + 1).tpot_ms > *tpot_ms ? "tpot_target" : "ttft_target";
    return e;
}

ThroughputEstimate Replica::at_rate(const Traffic& t, double rate) const {
    if (!(rate > 0) || !std::isfinite(rate)) throw InputError("the offered load must be a positive number of requests a second");
    const Mix mx = mix_of(t);
    const Layout& L = layout_;
    const BatchLimits lim = limits_of(mx);
    const int max = max_concurrency_of(mx, lim);
    const double b_max = double(max) / (L.dp * L.pp);
    const ThroughputEstimate full = steady(mx, b_max, lim);
    if (rate >= full.requests_per_second * (1 - 1e-9))
        throw InputError("an offered load of " + fmt(rate) + " requests a second exceeds what one replica of " + model_.id + " on " +
                         std::to_string(d_.gpus) + "x " + gpu_.id + " serves at these lengths (" + fmt(full.requests_per_second) +
                         " a second); add replicas");
    // Occupancy: the admitted sequences per rank whose steady state serves exactly `rate` (throughput grows with it).
    double lo = 0, hi = b_max;
    for (int i = 0; i < 100; ++i) {
        const double mid = 0.5 * (lo + hi);
        (steady(mx, mid, lim).requests_per_second < rate ? lo : hi) = mid;
    }
    ThroughputEstimate e = steady(mx, std::max(hi, 1e-6), lim);
    e.offered_rate = rate;
    e.concurrency = static_cast<int>(std::ceil(hi * L.dp * L.pp));
    e.max_concurrent_sequences = max;
    e.limit = "offered_load";
    const double round = e.round_ms * 1e-3;
    const double bd = e.decoding_sequences / (L.dp * L.pp);
    const double rank_rate = rate / L.dp;

    // TPOT: every sequence in a step shares its time; the prompts that arrive during a request's decode add to its
    // steps. Arrivals are Poisson, so the prompt tokens per step are compound Poisson; over a request's osl / gain
    // steps its mean TPOT is normal around the steady state's. The round's time per prompt token comes from a
    // slightly larger prompt load than the steady state's.
    StepInput in;
    in.decode_sequences = bd;
    in.tokens_per_sequence = 1.0 + d_.spec_tokens;
    in.context = mx.context;
    in.pairs = mx.pairs;
    in.prefill_tokens = e.step.prefill_tokens + std::max(1.0, 0.05 * (e.step.prefill_tokens + 1));
    StepTime more = main_step(in, 1.0 / L.pp);
    more.draft_s = e.step.draft_s;
    const double delta = std::max(0.0, (more.total_s() - e.step.total_s()) * L.pp / (in.prefill_tokens - e.step.prefill_tokens));
    const double var_round = delta * delta * rank_rate * round * mx.fresh_sq;
    const double mean_tpot = round / spec_gain_;
    auto tpot_cdf = [&](double x) {
        double c = 0;
        for (const auto& b : mx.buckets) {
            const double steps = b.osl / spec_gain_;
            const double sd = std::sqrt(var_round / steps) / spec_gain_;
            c += b.weight * (sd > 0 ? normal_cdf((x - mean_tpot) / sd) : (x >= mean_tpot ? 1.0 : 0.0));
        }
        return c;
    };
    LatencyQuantiles tp;
    tp.mean = mean_tpot * 1e3;
    for (auto [q, dst] : {std::pair{0.5, &tp.p50}, {0.9, &tp.p90}, {0.99, &tp.p99}})
        *dst = quantile_of(tpot_cdf, q, 0, mean_tpot * 2) * 1e3;
    e.tpot = tp;

    // TTFT: prompts queue for the prefill budget the decode tokens leave each step (one M/G/1 server per rank working
    // through prompt tokens at chunk / round), then take their own chunks; a request also waits for the next step.
    const double chunk = std::max(1.0, lim.max_num_tokens - bd * (1.0 + d_.spec_tokens));
    const double per_token = round / chunk;
    double es = 0, es2 = 0;
    for (const auto& b : mx.buckets) {
        const double s = b.fresh * per_token;
        es += b.weight * s;
        es2 += b.weight * s * s;
    }
    e.prefill_utilisation = rank_rate * es;
    if (e.prefill_utilisation >= 1)
        throw InputError("at " + fmt(rate) + " requests a second the prompts need " + fmt(100 * e.prefill_utilisation) +
                         "% of the token budget left beside decode; raise max_num_tokens or add replicas");
    const QueueWait w = mg1_wait(rank_rate, es, es2);
    auto own = [&](const Mix::Bucket& b) { return std::max(1.0, std::ceil(b.fresh / chunk)) * round + round / 2; };
    auto ttft_cdf = [&](double x) {
        double c = 0;
        for (const auto& b : mx.buckets) c += b.weight * w.cdf(x - own(b));
        return c;
    };
    LatencyQuantiles tt;
    double own_mean = 0;
    for (const auto& b : mx.buckets) own_mean += b.weight * own(b);
    tt.mean = (w.mean_s + own_mean) * 1e3;
    for (auto [q, dst] : {std::pair{0.5, &tt.p50}, {0.9, &tt.p90}, {0.99, &tt.p99}})
        *dst = quantile_of(ttft_cdf, q, 0, std::max(round, tt.mean * 1e-3 * 4)) * 1e3;
    e.ttft = tt;
    e.ttft_ms = tt.mean;
    return e;
}

ThroughputEstimate Replica::best_rate(const Traffic& t, std::optional<double> tpot_ms, std::optional<double> ttft_ms, double q) const {
    if (tpot_ms && !(*tpot_ms > 0)) throw InputError("the TPOT target must be a positive number of milliseconds");
    if (ttft_ms && !(*ttft_ms > 0)) throw InputError("the TTFT target must be a positive number of milliseconds");
    if (q != 0.5 && q != 0.9 && q != 0.99) throw InputError("the latency quantile must be 0.5, 0.9 or 0.99");
    const Mix mx = mix_of(t);
    const BatchLimits lim = limits_of(mx);
    const double cap = steady(mx, double(max_concurrency_of(mx, lim)) / (layout_.dp * layout_.pp), lim).requests_per_second;
    auto try_rate = [&](double r) -> std::optional<ThroughputEstimate> {
        try {
            ThroughputEstimate e = at_rate(t, r);
            if ((tpot_ms && e.tpot->at(q) > *tpot_ms) || (ttft_ms && e.ttft->at(q) > *ttft_ms)) return std::nullopt;
            return e;
        } catch (const InputError&) {
            return std::nullopt;
        }
    };
    double lo = 0, hi = cap * (1 - 1e-6);
    std::optional<ThroughputEstimate> found;
    for (int i = 0; i < 60; ++i) {
        const double mid = 0.5 * (lo + hi);
        if (auto e = try_rate(mid)) {
            lo = mid;
            found = std::move(e);
        } else {
            hi = mid;
        }
    }
    if (!found)
        throw InputError("no load on " + model_.id + " on " + std::to_string(d_.gpus) + "x " + gpu_.id + " meets the latency targets at p" +
                         fmt(q * 100) + "; relax them or use faster hardware");
    if (auto e = try_rate(hi * 1.0001); !e) {
        const ThroughputEstimate& f = *found;
        const bool tpot_binds = tpot_ms && f.tpot->at(q) > 0.98 * *tpot_ms;
        found->limit = !tpot_ms && !ttft_ms ? "offered_load" : tpot_binds ? "tpot_target" : ttft_ms ? "ttft_target" : "offered_load";
    }
    return *found;
}

ThroughputEstimate Replica::prefill_only(const Traffic& t) const {
    const Mix mx = mix_of(t);
    const Layout& L = layout_;
    const BatchLimits lim = limits_of(mx);
    if (!(mx.fresh > 0)) throw InputError("a prefill pool needs prompt tokens that miss the prefix cache");
    check_prompts_fit(mx.max_fresh, lim.max_num_tokens);
    StepInput in;
    in.prefill_tokens = lim.max_num_tokens;
    in.pairs = mx.pairs;
    const StepTime st = main_step(in, 1.0 / L.pp);
    const double stage = st.total_s();
    ThroughputEstimate e;
    e.step = st;
    e.decode_step_ms = stage * 1e3;
    e.round_ms = stage * L.pp * 1e3;
    e.max_batch_size = lim.max_batch_size;
    e.max_num_tokens = lim.max_num_tokens;
    // Every rank fills each step with prompt tokens; the pipeline keeps pp chunks in flight.
    const double fresh_per_second = L.dp * lim.max_num_tokens / stage;
    e.requests_per_second = fresh_per_second / mx.fresh;
    e.input_tokens_per_second = e.requests_per_second * mx.isl;
    e.output_tokens_per_second = e.requests_per_second;  // the first token of each
    e.prefill_ms = prefill_seconds(mx.isl, mx.isl - mx.fresh) * 1e3;
    e.ttft_ms = (std::ceil(mx.fresh / lim.max_num_tokens) + L.pp - 1) * stage * 1e3;
    e.input_time_share = 1;
    e.decode_bound = st.bound();
    e.limit = "max_num_tokens";
    e.memory = plan_;
    e.layout = L;
    e.calibrated = eff_.basis == "calibrated";
    return e;
}

ThroughputEstimate Replica::decode_only(const Traffic& t, std::optional<double> tpot_ms) const {
    if (tpot_ms && !(*tpot_ms > 0)) throw InputError("the TPOT target must be a positive number of milliseconds");
    Mix mx = mix_of(t);
    const BatchLimits lim = limits_of(mx);
    const int max = max_concurrency_of(mx, lim);
    // The prompts arrive with their KV cache from the prefill pool: no prompt chunks in these steps.
    mx.fresh = mx.fresh_sq = mx.max_fresh = 0;
    mx.pairs = {};
    for (auto& b : mx.buckets) b.fresh = 0;
    const double per = layout_.dp * layout_.pp;
    auto at_c = [&](int c) {
        ThroughputEstimate e = steady(mx, c / per, lim);
        e.concurrency = c;
        e.max_concurrent_sequences = max;
        e.input_time_share = 0;
        e.prefill_ms = 0;
        return e;
    };
    ThroughputEstimate top = at_c(max);
    if (!tpot_ms || top.tpot_ms <= *tpot_ms) {
        top.limit = capacity_limit(mx, lim);
        return top;
    }
    const double alone = at_c(1).tpot_ms;
    if (alone > *tpot_ms)
        throw InputError("no concurrency of the decode pool (" + model_.id + " on " + std::to_string(d_.gpus) + "x " + gpu_.id +
                         ") meets TPOT <= " + fmt(*tpot_ms) + " ms; one sequence alone gets " + fmt(alone) + " ms");
    ThroughputEstimate e = at_c(largest_meeting(max, [&](int c) { return at_c(c).tpot_ms <= *tpot_ms; }));
    e.limit = "tpot_target";
    return e;
}

DisaggregatedEstimate disaggregate(const Replica& prefill, const Replica& decode, const Traffic& t, std::optional<double> tpot_ms,
                                   std::optional<double> ttft_ms) {
    if (prefill.model().id != decode.model().id)
        throw InputError("the prefill pool serves " + prefill.model().id + " and the decode pool " + decode.model().id +
                         "; both must serve the same model");
    if (ttft_ms && !(*ttft_ms > 0)) throw InputError("the TTFT target must be a positive number of milliseconds");
    DisaggregatedEstimate r;
    r.prefill = prefill.prefill_only(t);
    r.decode = decode.decode_only(t, tpot_ms);
    // The KV cache of the prompt leaves every prefill GPU in parallel and lands on the decode GPUs: the narrower
    // side's network sets the pace.
    auto scale_out = [](const Replica& x) -> std::optional<double> {
        if (x.deployment().scale_out_gbps) return x.deployment().scale_out_gbps;
        return x.gpu().scale_out_gbps;
    };
    const auto out_p = scale_out(prefill), out_d = scale_out(decode);
    if (!out_p || !out_d)
        throw InputError("disaggregated serving moves the KV cache over the network between the pools, but gpus.yaml gives no "
                         "scale-out bandwidth for " + (!out_p ? prefill.gpu().id : decode.gpu().id) +
                         "; state the network's GB/s per GPU (scale_out_gbps)");
    double isl = 0, w = 0;
    for (const auto& b : t.buckets) {
        isl += b.weight * b.input_tokens;
        w += b.weight;
    }
    isl /= w;
    const double bytes = decode.model().kv_bytes(isl, bytes_per_element(decode.deployment().kv));
    const double bandwidth = std::min(prefill.deployment().gpus * *out_p * prefill.efficiency().interconnect,
                                      decode.deployment().gpus * *out_d * decode.efficiency().interconnect) * 1e9;
    r.kv_transfer_ms = bytes / bandwidth * 1e3;
    r.ttft_ms = r.prefill.ttft_ms + r.kv_transfer_ms;
    if (ttft_ms && r.ttft_ms > *ttft_ms)
        throw InputError("the prefill pool and the transfer take " + fmt(r.ttft_ms) + " ms to the first token, above the target of " +
                         fmt(*ttft_ms) + " ms; use a wider prefill replica");
    r.tpot_ms = r.decode.tpot_ms;
    r.prefill_replicas_per_decode_replica = r.decode.requests_per_second / r.prefill.requests_per_second;
    const double gpus = decode.deployment().gpus + r.prefill_replicas_per_decode_replica * prefill.deployment().gpus;
    r.requests_per_second_per_gpu = r.decode.requests_per_second / gpus;
    r.output_tokens_per_second_per_gpu = r.decode.output_tokens_per_second / gpus;
    r.input_time_share = r.prefill_replicas_per_decode_replica * prefill.deployment().gpus / gpus;
    return r;
}

Deployment deployment_of(const ThroughputRow& row) {
    Deployment d;
    d.model = row.model;
    d.gpu = row.gpu;
    d.gpus = row.gpus;
    d.tp = row.tp;
    d.ep = row.ep;
    d.weights = row.weights;
    d.expert_weights = row.expert_weights;
    d.kv = row.kv;
    d.engine = row.engine;
    d.settings = row.settings;
    d.kv_memory_fraction = row.kv_memory_fraction;
    d.max_num_tokens = row.max_num_tokens;
    return d;
}

CalibrationResult check_calibration(const HardwareCatalog& hw, std::optional<Regime> regime) {
    CalibrationResult out;
    if (hw.calibration.empty()) throw InputError("the catalog holds no calibration rows (calibration/*.yaml)");
    double sum = 0;
    for (const auto& row : hw.calibration) {
        if (regime && row.regime != *regime) continue;
        const Replica r(hw, deployment_of(row));
        CalibrationResult::Row x;
        x.published = row;
        const ThroughputEstimate e = r.best(row.isl, row.osl);
        x.predicted = e.output_tokens_per_second;
        x.limit = e.limit;
        x.error = x.predicted / row.output_tokens_per_second - 1;
        sum += std::abs(x.error);
        out.rows.push_back(std::move(x));
    }
    if (out.rows.empty()) throw InputError("the catalog holds no calibration rows of that regime");
    out.mape = sum / static_cast<double>(out.rows.size());
    return out;
}

}  // namespace infercost
