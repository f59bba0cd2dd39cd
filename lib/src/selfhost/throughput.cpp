#include "infercost/selfhost/throughput.hpp"

#include "infercost/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace infercost {

namespace {
// GPUs joined by NVLink in one server; a replica larger than this crosses the scale-out network.
constexpr int kNodeGpus = 8;
// Scale-out bandwidth per GPU: one 400 Gb/s NIC per GPU, 50 GB/s each way (the figure NVIDIA's
// aiconfigurator uses for H100/H200 systems).
constexpr double kScaleOutGBps = 50.0;

std::string fmt(double v, int digits = 3) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

// Attention pairs (query, key) in one layer for a prompt of n tokens, causal, optionally windowed.
double causal_pairs(double n, double window) {
    if (window <= 0 || n <= window) return n * (n + 1) / 2;
    return window * (window + 1) / 2 + (n - window) * window;
}
}  // namespace

double expected_experts_touched(int experts, int k, double tokens) {
    if (experts <= 0 || k <= 0 || tokens <= 0) return 0.0;
    return experts * (1.0 - std::pow(1.0 - double(k) / experts, tokens));
}

Replica::Replica(const HardwareCatalog& hw, const Deployment& d)
    : model_(hw.model(d.model)), gpu_(hw.gpu(d.gpu)), eff_(hw.efficiency_for(d.engine, d.gpu)), d_(d) {
    check();
}

Replica::Replica(ModelArchitecture model, Gpu gpu, EfficiencyProfile efficiency, const Deployment& d)
    : model_(std::move(model)), gpu_(std::move(gpu)), eff_(std::move(efficiency)), d_(d) {
    check();
}

void Replica::check() {
    const ModelArchitecture& m = model_;
    m.validate();
    const std::string what = "deployment of " + m.id + " on " + std::to_string(d_.gpus) + "x " + gpu_.id;
    if (d_.gpus < 1) throw InputError(what + ": a replica needs at least one GPU");
    tp_ = d_.effective_tp();
    if (tp_ < 1 || d_.gpus % tp_ != 0)
        throw InputError(what + ": tensor parallelism " + std::to_string(tp_) + " must divide the replica's " +
                         std::to_string(d_.gpus) + " GPUs");
    dp_ = d_.gpus / tp_;
    if (m.heads % tp_ != 0)
        throw InputError(what + ": tensor parallelism " + std::to_string(tp_) + " does not divide the " +
                         std::to_string(m.heads) + " attention heads; use a divisor of " + std::to_string(m.heads));
    if (m.attention() == AttentionKind::gqa) {
        const bool ok = tp_ <= m.kv_heads ? m.kv_heads % tp_ == 0 : tp_ % m.kv_heads == 0;
        if (!ok)
            throw InputError(what + ": tensor parallelism " + std::to_string(tp_) + " does not split the " +
                             std::to_string(m.kv_heads) + " KV heads evenly");
    }
    if (d_.ep < 1) throw InputError(what + ": expert parallelism must be at least 1");
    if (d_.ep > 1) {
        if (!m.is_moe()) throw InputError(what + ": expert parallelism needs a mixture-of-experts model; " + m.id + " is dense");
        if (d_.ep != d_.gpus)
            throw InputError(what + ": expert parallelism " + std::to_string(d_.ep) + " must span the whole replica (" +
                             std::to_string(d_.gpus) + " GPUs)");
        if (m.experts % d_.ep != 0)
            throw InputError(what + ": expert parallelism " + std::to_string(d_.ep) + " does not divide the " +
                             std::to_string(m.experts) + " routed experts");
    }
    if (!(eff_.memory_fraction > 0) || !(eff_.compute > 0) || !(eff_.memory > 0) || !(eff_.interconnect > 0))
        throw InputError("efficiency profile " + eff_.engine + "/" + eff_.gpu + " has a zero factor");
    gpu_.peak_tflops(d_.weights);  // refuses FP8 or FP4 weights on a GPU without such tensor cores

    const double wb = bytes_per_element(d_.weights);
    const double routed = m.routed_expert_params_total();
    const double per_gpu_params = (m.total_params() - routed) / tp_ + routed / (d_.ep > 1 ? d_.ep : tp_);
    plan_.weights_gb_per_gpu = per_gpu_params * wb / 1e9;
    plan_.usable_gb_per_gpu = gpu_.memory_gb * eff_.memory_fraction - eff_.reserve_gb;
    plan_.kv_budget_gb_per_gpu = plan_.usable_gb_per_gpu - plan_.weights_gb_per_gpu;
    if (plan_.kv_budget_gb_per_gpu <= 0)
        throw InputError(what + ": the weights need " + fmt(plan_.weights_gb_per_gpu) + " GB per GPU at " +
                         std::string(precision_name(d_.weights)) + " but " + gpu_.id + " leaves " + fmt(plan_.usable_gb_per_gpu) +
                         " GB usable; use more GPUs, more tensor or expert parallelism, or lower precision");
    const double kv_share = m.attention() == AttentionKind::mla ? 1.0 : std::max(1, m.kv_heads / tp_) / double(m.kv_heads);
    plan_.kv_bytes_per_token_per_gpu = m.kv_bytes_per_token(bytes_per_element(d_.kv)) * kv_share;
    plan_.kv_tokens_per_replica = dp_ * plan_.kv_budget_gb_per_gpu * 1e9 / plan_.kv_bytes_per_token_per_gpu;
}

namespace {
double kv_share_of(const ModelArchitecture& m, int tp) {
    return m.attention() == AttentionKind::mla ? 1.0 : std::max(1, m.kv_heads / tp) / double(m.kv_heads);
}
}  // namespace

int Replica::max_concurrency(double isl, double osl) const {
    if (!(isl >= 1) || !(osl >= 1)) throw InputError("input and output lengths must be at least one token each");
    const double seq = model_.kv_bytes(isl + osl, bytes_per_element(d_.kv)) * kv_share_of(model_, tp_);
    const double per_group = std::floor(plan_.kv_budget_gb_per_gpu * 1e9 / seq);
    if (per_group < 1)
        throw InputError("one sequence of " + fmt(isl + osl, 6) + " tokens needs " + fmt(seq / 1e9) + " GB of KV cache per GPU of " +
                         model_.id + ", but only " + fmt(plan_.kv_budget_gb_per_gpu) + " GB are left after the weights on " + gpu_.id +
                         "; use more GPUs or an FP8 KV cache");
    return static_cast<int>(std::min<double>(per_group * dp_, eff_.max_sequences));
}

double DecodeStepTime::total_s() const {
    return std::max(compute_s(), memory_s()) + tensor_parallel_s + expert_parallel_s + overhead_s;
}

DecodeStepTime Replica::decode_step(double b, double context) const {
    const ModelArchitecture& m = model_;
    const double wb = bytes_per_element(d_.weights);
    const double total_b = b * dp_;  // tokens in the step across the replica
    const double routed = m.routed_expert_params_total();
    // Weights read every step: everything but the input embedding (a lookup) and the routed experts.
    const double always = m.total_params() - routed - m.embedding_params() + m.lm_head_params();
    double expert_bytes = 0, expert_flops = 0;
    const double per_expert_layer = m.expert_params() * m.moe_layers();
    if (m.is_moe()) {
        if (d_.ep > 1) {
            const double local = double(m.experts) / d_.ep;
            const double touched = local * (1.0 - std::pow(1.0 - double(m.experts_per_token) / m.experts, total_b));
            expert_bytes = touched * per_expert_layer * wb;
            expert_flops = total_b * m.experts_per_token / d_.ep * 2 * per_expert_layer;
        } else {
            const double touched = expected_experts_touched(m.experts, m.experts_per_token, b);
            expert_bytes = touched * per_expert_layer * wb / tp_;
            expert_flops = b * m.experts_per_token * 2 * per_expert_layer / tp_;
        }
    }
    const double kv_read = b * m.kv_bytes(context, bytes_per_element(d_.kv)) * kv_share_of(m, tp_);
    const double bandwidth = gpu_.memory_bandwidth_tbps * 1e12 * eff_.memory;
    DecodeStepTime t;
    t.weights_s = always * wb / tp_ / bandwidth;
    t.experts_s = expert_bytes / bandwidth;
    t.kv_s = kv_read / bandwidth;

    const double dense_flops = b * 2 * always / tp_;
    const double attended = m.full_attention_layers() * context +
                            m.sliding_layers * std::min<double>(context, m.sliding_window > 0 ? m.sliding_window : context);
    const double attn_flops = b * (attended * m.decode_attention_flops_per_token() +
                                   m.linear_layers * m.linear_attention_flops_per_token()) / tp_;
    t.matmul_s = (dense_flops + expert_flops) / (gpu_.peak_tflops(d_.weights) * 1e12 * eff_.compute);
    t.attention_s = attn_flops / (gpu_.bf16_tflops * 1e12 * eff_.compute);

    t.crosses_node = d_.gpus > kNodeGpus;
    const double link = (t.crosses_node ? kScaleOutGBps : gpu_.interconnect_gbps / 2) * 1e9 * eff_.interconnect;
    const double latency = eff_.collective_latency_us * 1e-6;
    if (tp_ > 1) {
        const double bytes = b * m.hidden * 2.0;  // BF16 activations
        t.tensor_parallel_s = m.layers * 2 * (2.0 * (tp_ - 1) / tp_ * bytes / link + latency);
    }
    if (d_.ep > 1) {
        const double bytes = total_b / d_.gpus * m.experts_per_token * m.hidden * 2.0 * (d_.ep - 1) / d_.ep;
        t.expert_parallel_s = m.moe_layers() * 2 * (bytes / link + latency);
    }
    t.overhead_s = eff_.step_overhead_ms * 1e-3;
    return t;
}

double Replica::decode_step_seconds(double b, double context) const { return decode_step(b, context).total_s(); }

double Replica::prefill_seconds(double isl, double cached) const {
    const ModelArchitecture& m = model_;
    if (!(cached >= 0 && cached <= isl)) throw InputError("cached prompt tokens must be between 0 and the prompt length");
    const double fresh = isl - cached;  // tokens computed; the cached prefix's KV is read, not recomputed
    const double matmul = 2.0 * (m.active_params() - m.embedding_params() + m.lm_head_params()) * fresh;
    // Query-key pairs of the fresh tokens: every causal pair of the prompt minus those inside the cached prefix.
    const double pairs = m.full_attention_layers() * (causal_pairs(isl, 0) - causal_pairs(cached, 0)) +
                         m.sliding_layers * (causal_pairs(isl, m.sliding_window) - causal_pairs(cached, m.sliding_window));
    const double attn = pairs * m.prefill_attention_flops_per_pair() +
                        (isl - cached) * m.linear_layers * m.linear_attention_flops_per_token();
    double s = matmul / (tp_ * gpu_.peak_tflops(d_.weights) * 1e12 * eff_.compute) +
               attn / (tp_ * gpu_.bf16_tflops * 1e12 * eff_.compute);
    const double link = (d_.gpus > kNodeGpus ? kScaleOutGBps : gpu_.interconnect_gbps / 2) * 1e9 * eff_.interconnect;
    const double latency = eff_.collective_latency_us * 1e-6;
    if (tp_ > 1) s += m.layers * 2 * (2.0 * (tp_ - 1) / tp_ * fresh * m.hidden * 2.0 / link + latency);
    if (d_.ep > 1) s += m.moe_layers() * 2 * (fresh * m.experts_per_token * m.hidden * 2.0 * (d_.ep - 1) / d_.ep / d_.gpus / link + latency);
    return s;
}

ThroughputEstimate Replica::at(double isl, double osl, int concurrency, double cached) const {
    const int max = max_concurrency(isl, osl);
    if (concurrency < 1 || concurrency > max)
        throw InputError("concurrency " + std::to_string(concurrency) + " is outside 1.." + std::to_string(max) + " for " + model_.id +
                         " on " + std::to_string(d_.gpus) + "x " + gpu_.id + " at " + fmt(isl, 6) + "/" + fmt(osl, 6) + " tokens");
    ThroughputEstimate e;
    e.concurrency = concurrency;
    e.max_concurrent_sequences = max;
    e.memory = plan_;
    e.calibrated = eff_.basis == "calibrated";
    const double b = double(concurrency) / dp_;
    const double context = isl + osl / 2;  // mean context over a sequence's decode
    const double step = decode_step_seconds(b, context);
    const double prefill = prefill_seconds(isl, cached);
    // Continuous batching: while a sequence decodes its osl tokens, the b sequences of its group are replaced
    // b times over, so b / osl prefills are folded into every step.
    const double tpot = step + b * prefill / osl;
    e.decode_step_ms = step * 1e3;
    e.prefill_ms = prefill * 1e3;
    e.tpot_ms = tpot * 1e3;
    e.ttft_ms = (prefill + step) * 1e3;
    e.output_tokens_per_second = concurrency / tpot;
    e.requests_per_second = e.output_tokens_per_second / osl;
    e.input_tokens_per_second = e.requests_per_second * isl;
    e.input_time_share = (b * prefill / osl) / tpot;
    e.step = decode_step(b, context);
    e.decode_bound = e.step.bound();
    if (model_.is_moe())
        e.experts_touched_per_layer = d_.ep > 1 ? expected_experts_touched(model_.experts, model_.experts_per_token, b * dp_)
                                                : expected_experts_touched(model_.experts, model_.experts_per_token, b);
    return e;
}

ThroughputEstimate Replica::best(double isl, double osl, std::optional<double> tpot_ms, std::optional<double> ttft_ms,
                                 double cached) const {
    if (tpot_ms && !(*tpot_ms > 0)) throw InputError("the TPOT target must be a positive number of milliseconds");
    if (ttft_ms && !(*ttft_ms > 0)) throw InputError("the TTFT target must be a positive number of milliseconds");
    const int max = max_concurrency(isl, osl);
    std::optional<ThroughputEstimate> best;
    for (int c = 1; c <= max; ++c) {
        ThroughputEstimate e = at(isl, osl, c, cached);
        if ((tpot_ms && e.tpot_ms > *tpot_ms) || (ttft_ms && e.ttft_ms > *ttft_ms)) continue;
        if (!best || e.output_tokens_per_second > best->output_tokens_per_second) best = std::move(e);
    }
    if (!best) {
        const ThroughputEstimate one = at(isl, osl, 1, cached);
        throw InputError("no concurrency of " + model_.id + " on " + std::to_string(d_.gpus) + "x " + gpu_.id + " meets " +
                         (tpot_ms ? "TPOT <= " + fmt(*tpot_ms) + " ms " : std::string()) +
                         (ttft_ms ? "TTFT <= " + fmt(*ttft_ms) + " ms " : std::string()) + "at " + fmt(isl, 6) + "/" + fmt(osl, 6) +
                         " tokens: one sequence alone gets TPOT " + fmt(one.tpot_ms) + " ms and TTFT " + fmt(one.ttft_ms) +
                         " ms; relax the target or use faster hardware");
    }
    return *best;
}

CalibrationResult check_calibration(const HardwareCatalog& hw) {
    CalibrationResult out;
    if (hw.calibration.empty()) throw InputError("the catalog holds no calibration rows (calibration/*.yaml)");
    double sum = 0;
    for (const auto& row : hw.calibration) {
        Deployment d;
        d.model = row.model;
        d.gpu = row.gpu;
        d.gpus = row.gpus;
        d.tp = row.tp;
        d.weights = row.weights;
        d.kv = row.kv;
        d.engine = row.engine;
        const Replica r(hw, d);
        CalibrationResult::Row x;
        x.published = row;
        x.predicted = r.best(row.isl, row.osl).output_tokens_per_second;
        x.error = x.predicted / row.output_tokens_per_second - 1;
        sum += std::abs(x.error);
        out.rows.push_back(std::move(x));
    }
    out.mape = sum / static_cast<double>(out.rows.size());
    return out;
}

}  // namespace infercost
