// The throughput physics worked by hand: the memory plan, one decode step and one prefill of a small dense
// model on a made-up GPU, from the formulas in docs/selfhosting.md ("The throughput model"). The numbers are
// chosen round so that every line of the working can be checked with a pencil.
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace infercost;

namespace {

// A dense model with round sizes: 10 layers, h = 1,000, 10 heads of d = 100, 2 KV heads, FFN 4,000,
// vocabulary 10,000, untied embeddings.
//   attention per layer  h·n_h·d + 2·h·n_kv·d + n_h·d·h = 1e6 + 4e5 + 1e6     = 2.4e6
//   FFN per layer        3·h·I = 3 · 1,000 · 4,000                           = 1.2e7
//   10 layers            10 · (2.4e6 + 1.2e7)                                 = 1.44e8
//   embeddings           2 · V·h = 2 · 1e7                                    = 2e7
//   N (total)                                                                 = 1.64e8
//   A (read every step)  N − V·h (the input embedding is a lookup)            = 1.54e8
//   KV per token (BF16)  2 · L · n_kv · d · 2 bytes = 2 · 10 · 2 · 100 · 2    = 8,000 bytes
ModelArchitecture round_model() {
    ModelArchitecture m;
    m.id = "round-dense";
    m.name = "Round dense test model";
    m.layers = 10;
    m.hidden = 1000;
    m.heads = 10;
    m.kv_heads = 2;
    m.head_dim = 100;
    m.vocab = 10000;
    m.tied_embeddings = false;
    m.dense_intermediate = 4000;
    return m;
}

// 10 GB at 1 TB/s; 100 TFLOPS BF16, 200 TFLOPS FP8 (dense); 100 GB/s scale-up link (both directions) joining 8 GPUs,
// 50 GB/s per GPU between such domains.
Gpu round_gpu() {
    Gpu g;
    g.id = "round-gpu";
    g.name = "Round test GPU";
    g.vendor = "test";
    g.memory_gb = 10;
    g.memory_bandwidth_tbps = 1;
    g.bf16_tflops = 100;
    g.fp8_tflops = 200;
    g.interconnect_gbps = 100;
    g.scale_up_domain = 8;
    g.scale_out_gbps = 50;
    g.tdp_w = 100;
    return g;
}

// Half of every peak; 1 ms fixed per step, 10 us per collective; 1 GB kept back.
EfficiencyProfile half_efficiency() {
    EfficiencyProfile e;
    e.engine = "test-engine";
    e.gpu = "round-gpu";
    e.compute = 0.5;
    e.memory = 0.5;
    e.interconnect = 0.5;
    e.all_to_all = 0.5;
    e.step_overhead_ms = 1;
    e.collective_latency_us = 10;
    e.reserve_gb = 1;
    e.basis = "calibrated";
    return e;
}

// A scheduler of 64 sequences and 8,192 tokens a step, chunking prompts, reserving each sequence's whole KV cache,
// with 90% of all GPU memory for weights and cache.
EngineSettings test_settings() {
    EngineSettings s;
    s.id = "test-engine";
    s.engine = "test-engine";
    s.max_batch_size = 64;
    s.max_num_tokens = 8192;
    s.chunked_prefill = true;
    s.kv_reservation = KvReservation::full;
    s.kv_memory = KvMemoryBasis::total;
    s.kv_memory_fraction = 0.9;
    s.cuda_graph_max_batch = 512;
    return s;
}

// FP8 weights (1 byte) and a BF16 KV cache (2 bytes), so the two precisions stay visible in the working.
Replica replica(int gpus, const EngineSettings& settings = test_settings()) {
    Deployment d;
    d.model = "round-dense";
    d.gpu = "round-gpu";
    d.gpus = gpus;
    d.weights = Precision::fp8;
    d.kv = Precision::bf16;
    d.engine = "test-engine";
    return Replica(round_model(), round_gpu(), half_efficiency(), settings, d);
}

constexpr double kTight = 1e-12;  // relative: the code and the working do the same arithmetic

}  // namespace

TEST_CASE("the round model has the sizes worked out above") {
    const ModelArchitecture m = round_model();
    CHECK(m.attention_params_per_layer() == doctest::Approx(2.4e6).epsilon(kTight));
    CHECK(m.total_params() == doctest::Approx(1.64e8).epsilon(kTight));
    CHECK(m.kv_bytes_per_token(2) == doctest::Approx(8000).epsilon(kTight));
}

TEST_CASE("memory plan on one GPU") {
    const MemoryPlan p = replica(1).memory();
    // weights  = N · 1 byte = 1.64e8 B = 0.164 GB
    // KV budget = 10 · 0.9 − 0.164 − 1 = 7.836 GB (the fraction is of all memory); usable = weights + KV = 8 GB
    // KV share = 1 with tp = 1, so 8,000 B per token and 7.836e9 / 8,000 = 979,500 tokens.
    CHECK(p.weights_gb_per_gpu == doctest::Approx(0.164).epsilon(kTight));
    CHECK(p.usable_gb_per_gpu == doctest::Approx(8.0).epsilon(kTight));
    CHECK(p.kv_budget_gb_per_gpu == doctest::Approx(7.836).epsilon(kTight));
    CHECK(p.kv_bytes_per_token_per_gpu == doctest::Approx(8000).epsilon(kTight));
    CHECK(p.kv_tokens_per_replica == doctest::Approx(979500).epsilon(kTight));
}

TEST_CASE("one decode step: each kernel bytes over bandwidth when memory-bound, FLOPs over peak when compute-bound") {
    const Replica r = replica(1);
    // B = 10 sequences at context C = 1,000. Bandwidth 1e12 B/s · 0.5 = 5e11 B/s; FP8 200e12 · 0.5 = 1e14 FLOP/s;
    // BF16 100e12 · 0.5 = 5e13 FLOP/s.
    //   weights' GEMMs: read A · 1 byte = 1.54e8 B                                    -> 3.08e-4 s
    //                   math 2 · B · A = 3.08e9 FLOPs / 1e14                          -> 3.08e-5 s   (memory-bound)
    //   attention:      read B · KV(C) = 10 · 8,000 · 1,000 = 8e7 B                   -> 1.6e-4 s
    //                   math B · L · C · 4·n_h·d = 10 · 10 · 1,000 · 4,000 = 4e8 FLOPs / 5e13 -> 8e-6 s (memory-bound)
    //   step = 3.08e-4 + 1.6e-4 + no collectives (tp = 1) + 1 ms = 1.468e-3 s: memory-bound.
    CHECK(r.decode_step_seconds(10, 1000) == doctest::Approx(1.468e-3).epsilon(kTight));
    // B = 1,000 at C = 10: the weights' GEMMs turn compute-bound, but attention still reads the cache in a kernel of
    // its own, so its traffic does not hide under their math.
    //   weights' GEMMs: read 1.54e8 B -> 3.08e-4 s; math 2 · 1,000 · 1.54e8 = 3.08e11 FLOPs / 1e14 -> 3.08e-3 s
    //   attention:      read 1,000 · 8,000 · 10 = 8e7 B -> 1.6e-4 s; math 1,000 · 10 · 10 · 4,000 = 4e8 / 5e13 -> 8e-6 s
    //   step = 3.08e-3 + 1.6e-4 + 1 ms = 4.24e-3 s: compute-bound (3.08e-3 s of compute-bound kernels against 1.6e-4 s).
    CHECK(r.decode_step_seconds(1000, 10) == doctest::Approx(4.24e-3).epsilon(kTight));
    const StepTime big = r.decode_step(1000, 10);
    CHECK(big.compute_bound_s() == doctest::Approx(3.08e-3).epsilon(kTight));
    CHECK(big.memory_bound_s() == doctest::Approx(1.6e-4).epsilon(kTight));
    CHECK(std::string(big.bound()) == "compute");
}

TEST_CASE("one prefill: matrix math at the weight precision's peak, causal attention at the BF16 peak") {
    const Replica r = replica(1);
    // S = 1,000 prompt tokens. Only the last prompt token goes through the output head, so the matrix math covers
    // N − 2·V·h = 1.44e8 weights per token (the input embedding is a lookup).
    //   matmul    2 · 1.44e8 · 1,000 = 2.88e11 FLOPs / 1e14                              -> 2.88e-3 s
    //   attention L · S(S+1)/2 · 4·n_h·d = 10 · 500,500 · 4,000 = 2.002e10 FLOPs / 5e13 -> 4.004e-4 s
    //   prefill = 3.2804e-3 s
    CHECK(r.prefill_seconds(1000) == doctest::Approx(3.2804e-3).epsilon(kTight));
    // A 600-token cached prefix: 400 fresh tokens, attending to the whole prompt.
    //   matmul    2 · 1.44e8 · 400 = 1.152e11 / 1e14                                    -> 1.152e-3 s
    //   attention 10 · (500,500 − 600·601/2 = 320,200) · 4,000 = 1.28080e10 / 5e13     -> 2.5616e-4 s
    CHECK(r.prefill_seconds(1000, 600) == doctest::Approx(1.152e-3 + 2.5616e-4).epsilon(kTight));
}

TEST_CASE("tensor parallelism halves the per-GPU work and adds two ring all-reduces per layer") {
    const Replica r = replica(2);  // tp = 2 on 2 GPUs, dp = 1
    const MemoryPlan p = r.memory();
    // weights 0.164 / 2 = 0.082 GB; KV budget 8 − 0.082 = 7.918 GB; KV share max(1, 2/2) / 2 = 0.5, so
    // 4,000 B per token per GPU and 7.918e9 / 4,000 = 1,979,500 tokens.
    CHECK(p.weights_gb_per_gpu == doctest::Approx(0.082).epsilon(kTight));
    CHECK(p.kv_budget_gb_per_gpu == doctest::Approx(7.918).epsilon(kTight));
    CHECK(p.kv_bytes_per_token_per_gpu == doctest::Approx(4000).epsilon(kTight));
    CHECK(p.kv_tokens_per_replica == doctest::Approx(1979500).epsilon(kTight));
    // Link: 100 GB/s both ways -> 50 GB/s one way, times 0.5 = 2.5e10 B/s; latency 1e-5 s.
    // Decode, B = 10 at C = 1,000:
    //   memory:  1.54e8 / 2 + 8e7 · 0.5 = 7.7e7 + 4e7 = 1.17e8 bytes / 5e11              -> 2.34e-4 s
    //   compute: (3.08e9 / 2) / 1e14 + (4e8 / 2) / 5e13 = 1.54e-5 + 4e-6                   = 1.94e-5 s
    //   all-reduce of B·h·2 = 2e4 bytes: 2(tp−1)/tp · 2e4 / 2.5e10 + 1e-5 = 8e-7 + 1e-5   = 1.08e-5 s
    //            twice per layer, 2 · 10 · 1.08e-5                                          = 2.16e-4 s
    //   step = 2.34e-4 + 2.16e-4 + 1e-3 = 1.45e-3 s
    CHECK(r.decode_step_seconds(10, 1000) == doctest::Approx(1.45e-3).epsilon(kTight));
    // Prefill, S = 1,000: (2.88e-3 + 4.004e-4) / 2 = 1.6402e-3 s of math, plus all-reduces of S·h·2 = 2e6 bytes:
    //   2 · 10 · (1 · 2e6 / 2.5e10 + 1e-5) = 20 · 9e-5 = 1.8e-3 s; prefill = 3.4402e-3 s.
    CHECK(r.prefill_seconds(1000) == doctest::Approx(3.4402e-3).epsilon(kTight));
}

TEST_CASE("the steady state mixes each step's decode with the prompt chunks that replace finished sequences") {
    const Replica r = replica(1);
    // isl 800, osl 400, concurrency 10 (one rank, no pipeline): every sequence decodes each step, and 10 finish
    // every 400 steps, so b · isl / osl = 10 · 800 / 400 = 20 prompt tokens join each step (8,192 allowed).
    // Mean decode context C = 800 + 400/2 = 1,000.
    //   memory:  weights 1.54e8 + KV 10 · 8,000 · 1,000 = 8e7 -> 2.34e8 bytes / 5e11   -> 4.68e-4 s
    //   compute: (10 · 1.54e8 + 20 · 1.44e8) · 2 = 8.84e9 FLOPs / 1e14                  -> 8.84e-5 s
    //            attention: decode 10 · 10 layers · 1,000 · 4,000 = 4e8; prompt tokens attend to 800·801/2 / 800
    //            = 400.5 keys each: 20 · 10 · 400.5 · 4,000 = 3.204e8; 7.204e8 / 5e13     -> 1.4408e-5 s
    //   spread evenly the prompts would hide under the memory traffic: 4.68e-4 + 1 ms = 1.468e-3 s.
    // But a prompt is scheduled whole: min(8,192 − 10, max(800, 20)) = 800 tokens ride in 20 / 800 = 2.5% of the
    // steps, and the others decode alone.
    //   decode-only step (as in "one decode step"): 3.08e-4 + 1.6e-4 + 1 ms                 = 1.468e-3 s
    //   step with the prompt: weights' GEMMs (10 · 1.54e8 + 800 · 1.44e8) · 2 = 2.3348e11 / 1e14 = 2.3348e-3 s
    //                         (compute-bound: the read is 3.08e-4 s); attention 4e8 + 800 · 10 · 400.5 · 4,000
    //                         = 1.3216e10 / 5e13 = 2.6432e-4 s (the cache read is 1.6e-4 s); + 1 ms  = 3.59912e-3 s
    //   mean step 0.025 · 3.59912e-3 + 0.975 · 1.468e-3 = 1.521278e-3 s, TPOT 1.521278 ms; the uneven prompts add
    //   1.521278e-3 − 1.468e-3 = 5.3278e-5 s.
    const ThroughputEstimate e = r.at(800, 400, 10);
    CHECK(e.step.prefill_tokens == doctest::Approx(20).epsilon(kTight));
    CHECK(e.step.compute_s() == doctest::Approx(8.84e-5 + 1.4408e-5).epsilon(kTight));
    CHECK(e.step.prompt_step_share == doctest::Approx(0.025).epsilon(kTight));
    CHECK(e.step.uneven_prompts_s == doctest::Approx(5.3278e-5).epsilon(kTight));
    CHECK(e.decode_step_ms == doctest::Approx(1.521278).epsilon(kTight));
    CHECK(e.tpot_ms == doctest::Approx(1.521278).epsilon(kTight));
    CHECK(e.output_tokens_per_second == doctest::Approx(10 / 1.521278e-3).epsilon(kTight));
    CHECK(e.requests_per_second == doctest::Approx(10 / 1.521278e-3 / 400).epsilon(kTight));
    CHECK(e.decode_bound == "memory");
    // One prompt alone: 2 · 1.44e8 · 800 = 2.304e11 / 1e14 = 2.304e-3 s plus 10 · 320,400 · 4,000 = 1.2816e10 / 5e13
    // = 2.5632e-4 s: 2.56032 ms. Cost split: the prompts would take 10 / 400 · 2.56032e-3 = 6.4008e-5 s a step alone
    // against the bare decode step of 1.468e-3 s: 6.4008e-5 / 1.532008e-3.
    CHECK(e.prefill_ms == doctest::Approx(2.56032).epsilon(kTight));
    CHECK(e.input_time_share == doctest::Approx(6.4008e-5 / 1.532008e-3).epsilon(kTight));
    // TTFT: the budget left beside 10 decode tokens (8,182) takes the 800-token prompt in one (mean) step: 1.521278 ms.
    CHECK(e.ttft_ms == doctest::Approx(1.521278).epsilon(kTight));
    // Memory: one sequence reserves 1,200 · 8,000 = 9.6e6 B, so floor(7.836e9 / 9.6e6) = 816 fit; the engine's batch
    // limit of 64 binds.
    CHECK(e.max_concurrent_sequences == 64);
    CHECK(r.max_concurrency(800, 400) == 64);
    CHECK(r.best(800, 400).limit == "max_batch_size");
}

TEST_CASE("one chunked step: a long prompt in the same step as decode, compute-bound") {
    const Replica r = replica(1);
    // 4 sequences decoding at context 1,000 and a 4,000-token prompt chunk (a prompt of 4,000, nothing cached).
    //   compute: (4 · 1.54e8 + 4,000 · 1.44e8) · 2 = 1.153232e12 FLOPs / 1e14              -> 1.153232e-2 s
    //            attention: decode 4 · 10 · 1,000 · 4,000 = 1.6e8; prompt 4,000 tokens attend to 4,001/2 keys each
    //            on average: 4,000 · 10 · 2,000.5 · 4,000 = 3.2008e11; 3.2024e11 / 5e13     -> 6.4048e-3 s
    //   memory:  1.54e8 + 4 · 8e6 = 1.86e8 / 5e11                                           -> 3.72e-4 s
    //   step = 1.793712e-2 + 1 ms = 1.893712e-2 s, compute-bound.
    const StepTime t = r.step(4, 1000, 4000, 4000, 0);
    CHECK(t.matmul_s == doctest::Approx(1.153232e-2).epsilon(kTight));
    CHECK(t.attention_s == doctest::Approx(6.4048e-3).epsilon(kTight));
    CHECK(t.memory_s() == doctest::Approx(3.72e-4).epsilon(kTight));
    CHECK(t.total_s() == doctest::Approx(1.893712e-2).epsilon(kTight));
    CHECK(std::string(t.bound()) == "compute");
}

TEST_CASE("a token budget below what the traffic needs keeps sequences waiting for prefill") {
    Deployment d;
    d.model = "round-dense";
    d.gpu = "round-gpu";
    d.weights = Precision::fp8;
    d.kv = Precision::bf16;
    d.engine = "test-engine";
    d.max_num_tokens = 24;
    const Replica r(round_model(), round_gpu(), half_efficiency(), test_settings(), d);
    // isl 800 / osl 400: each decoding sequence needs 1 decode token and 800 / 400 = 2 prompt tokens a step, so 24
    // tokens carry 24 / 3 = 8 decoding sequences; of 10 admitted, 2 wait. The step: 8 decoding, 16 prompt tokens:
    //   memory 1.54e8 + 8 · 8e6 = 2.18e8 / 5e11 = 4.36e-4 s (compute far below) -> step 1.436e-3 s.
    // TTFT: 8 sequences finish every 400 steps, so the 2 waiting ones wait 2 / (8 / 400) = 100 steps; then the
    // prompt takes 800 / (24 − 8) = 50 steps of the budget the decode leaves: 150 steps = 215.4 ms.
    const ThroughputEstimate e = r.at(800, 400, 10);
    CHECK(e.decoding_sequences == doctest::Approx(8).epsilon(kTight));
    CHECK(e.limit == "max_num_tokens");
    // Every step carries a 16-token chunk of some prompt, so the steps are even: nothing is added for uneven prompts.
    CHECK(e.step.prompt_step_share == doctest::Approx(1).epsilon(kTight));
    CHECK(e.step.uneven_prompts_s == 0);
    CHECK(e.decode_step_ms == doctest::Approx(1.436).epsilon(kTight));
    CHECK(e.output_tokens_per_second == doctest::Approx(8 / 1.436e-3).epsilon(kTight));
    CHECK(e.ttft_ms == doctest::Approx(150 * 1.436).epsilon(kTight));
    // Without chunked prefill an 800-token prompt cannot enter a 24-token step.
    EngineSettings whole = test_settings();
    whole.chunked_prefill = false;
    const Replica w(round_model(), round_gpu(), half_efficiency(), whole, d);
    CHECK_THROWS_WITH_AS(w.at(800, 400, 10), doctest::Contains("does not chunk prefill"), InputError);
}

TEST_CASE("queueing: the M/G/1 wait has the known M/M/1 and M/D/1 answers") {
    // M/M/1, lambda 50/s, mean service 10 ms (mu 100/s), E[S^2] = 2 / mu^2 = 2e-4 s^2: rho 0.5,
    // mean wait rho / (mu − lambda) = 0.01 s, P(W > t) = rho · exp(−(mu − lambda) t).
    const QueueWait mm1 = mg1_wait(50, 0.01, 2e-4);
    CHECK(mm1.utilisation == doctest::Approx(0.5).epsilon(kTight));
    CHECK(mm1.mean_s == doctest::Approx(0.01).epsilon(kTight));
    CHECK(mm1.cdf(0) == doctest::Approx(0.5).epsilon(kTight));  // half the arrivals find the server free
    CHECK(mm1.cdf(0.02) == doctest::Approx(1 - 0.5 * std::exp(-1.0)).epsilon(kTight));
    // M/D/1, the same rate and a fixed 10 ms: E[S^2] = 1e-4, mean wait rho / (2 mu (1 − rho)) = 0.005 s.
    CHECK(mg1_wait(50, 0.01, 1e-4).mean_s == doctest::Approx(0.005).epsilon(kTight));
    CHECK_THROWS_WITH_AS(mg1_wait(100, 0.01, 1e-4), doctest::Contains("unstable"), InputError);
    CHECK_THROWS_AS(mg1_wait(10, 0.01, 1e-5), InputError);  // E[S^2] below E[S]^2
}

TEST_CASE("under an offered load the replica serves exactly that rate, with latency quantiles in order") {
    const Replica r = replica(1);
    const Traffic t = Traffic::fixed(800, 400);
    const ThroughputEstimate top = r.best(t);
    const ThroughputEstimate e = r.at_rate(t, 0.5 * top.requests_per_second);
    CHECK(e.requests_per_second == doctest::Approx(0.5 * top.requests_per_second).epsilon(1e-6));
    REQUIRE(e.ttft.has_value());
    REQUIRE(e.tpot.has_value());
    CHECK(e.ttft->p50 <= e.ttft->p90);
    CHECK(e.ttft->p90 <= e.ttft->p99);
    CHECK(e.tpot->p50 <= e.tpot->p99);
    // At a trickle nobody queues: TTFT is the prompt's one step plus half a step waiting for it to start.
    const ThroughputEstimate quiet = r.at_rate(t, 1e-3);
    CHECK(quiet.ttft->p50 == doctest::Approx(1.5 * quiet.round_ms).epsilon(1e-3));
    // Beyond what one replica serves the load is refused.
    CHECK_THROWS_WITH_AS(r.at_rate(t, 2 * top.requests_per_second), doctest::Contains("add replicas"), InputError);
    // The highest rate meeting a p90 TTFT target meets it, and a slightly higher one would not.
    const ThroughputEstimate b = r.best_rate(t, std::nullopt, 3 * quiet.round_ms, 0.9);
    CHECK(b.ttft->p90 <= 3 * quiet.round_ms * (1 + 1e-9));
}

TEST_CASE("speculative decoding: accepted tokens per step, and drafting needs a draft") {
    // k = 3 drafted, each accepted with probability 0.6: (1 − 0.6^4) / (1 − 0.6) = 0.8704 / 0.4 = 2.176.
    CHECK(speculative_tokens_per_step(3, 0.6) == doctest::Approx(2.176).epsilon(kTight));
    CHECK(speculative_tokens_per_step(2, 1.0) == doctest::Approx(3.0).epsilon(kTight));
    CHECK(speculative_tokens_per_step(0, 0.0) == doctest::Approx(1.0).epsilon(kTight));
    Deployment d;
    d.model = "round-dense";
    d.gpu = "round-gpu";
    d.engine = "test-engine";
    d.spec_tokens = 2;
    d.spec_accept = 0.5;
    CHECK_THROWS_WITH_AS(Replica(round_model(), round_gpu(), half_efficiency(), test_settings(), d),
                         doctest::Contains("no multi-token-prediction layers"), InputError);
    // With one MTP layer (a copy of a decoder layer sharing embedding and head): TPOT divides by the
    // (1 − 0.5^3) / 0.5 = 1.75 tokens each step yields, and the step grows by two drafting passes.
    ModelArchitecture m = round_model();
    m.mtp_layers = 1;
    const Replica s(m, round_gpu(), half_efficiency(), test_settings(), d);
    const ThroughputEstimate e = s.at(800, 400, 10);
    CHECK(e.tokens_per_step == doctest::Approx(1.75).epsilon(kTight));
    CHECK(e.step.draft_s > 0);
    CHECK(e.tpot_ms == doctest::Approx(e.round_ms / 1.75).epsilon(kTight));
}

TEST_CASE("trtllm-bench's batch heuristic, worked from its source") {
    // 963 requests fit, 1000/1000: raw batch 963 (< 1,024) -> 128 · ceil(963 / 128) = 1,024; raw tokens
    // 963 · 2 = 1,926 (< 4,096) -> max(2,048, 256 · ceil(1,926 / 256) = 2,048) = 2,048.
    const BatchLimits a = trtllm_bench_limits(963, 1000, 1000, 1);
    CHECK(a.max_batch_size == 1024);
    CHECK(a.max_num_tokens == 2048);
    // 5,000 requests at 128/2048: capped at 4,096 -> 256 · 16 = 4,096; tokens 4,096 · 1.0625 = 4,352 -> 512 · 9 = 4,608.
    const BatchLimits b = trtllm_bench_limits(5000, 128, 2048, 1);
    CHECK(b.max_batch_size == 4096);
    CHECK(b.max_num_tokens == 4608);
    // 100 requests over two pipeline stages: 50 per stage -> at least 64.
    CHECK(trtllm_bench_limits(100, 1000, 1000, 2).max_batch_size == 64);
}

namespace {
// A small mixture of experts: the round model's attention (10 heads of 100, 2 KV heads) on 2 layers, each with
// 4 routed experts of FFN width 1,000, 2 per token, no shared expert and no dense layer.
//   expert           3 · h · 1,000 = 3e6;  router h · E = 4,000 per layer
//   total N          2e7 (embeddings) + 2 · 2.4e6 + 2 · (4 · 3e6 + 4,000) = 2e7 + 4.8e6 + 2.4008e7 = 4.8808e7
//   routed R         2 layers · 4 · 3e6 = 2.4e7
//   always read A    N − R − V·h = 4.8808e7 − 2.4e7 − 1e7 = 1.4808e7
//   active           N − 2 layers · (4 − 2) · 3e6 = 3.6808e7
//   KV per token     2 · 2 layers · 2 · 100 · 2 bytes = 1,600
Replica moe_replica(int gpus, int ep, ExpertExchange exchange = ExpertExchange::all_to_all) {
    ModelArchitecture m = round_model();
    m.id = "round-moe";
    m.layers = 2;
    m.dense_intermediate = 0;
    m.experts = 4;
    m.experts_per_token = 2;
    m.expert_intermediate = 1000;
    Deployment d;
    d.model = m.id;
    d.gpu = "round-gpu";
    d.gpus = gpus;
    d.ep = ep;
    d.weights = Precision::fp8;
    d.kv = Precision::bf16;
    d.engine = "test-engine";
    EngineSettings settings = test_settings();
    settings.expert_exchange = exchange;
    return Replica(m, round_gpu(), half_efficiency(), settings, d);
}
}  // namespace

TEST_CASE("a mixture-of-experts decode step reads the experts its batch touches") {
    const Replica r = moe_replica(1, 1);
    CHECK(r.model().total_params() == doctest::Approx(4.8808e7).epsilon(kTight));
    CHECK(r.model().active_params() == doctest::Approx(3.6808e7).epsilon(kTight));
    // B = 2 tokens each pick 2 of 4 experts: 4 · (1 − (1 − 2/4)^2) = 3 experts touched per layer.
    CHECK(expected_experts_touched(4, 2, 2) == doctest::Approx(3.0).epsilon(kTight));
    // Decode, B = 2 at C = 1,000:
    //   memory:  A + 3 experts · 3e6 · 2 layers + B · 1,600 · 1,000 = 1.4808e7 + 1.8e7 + 3.2e6 = 3.6008e7 bytes
    //            / 5e11                                                                   -> 7.2016e-5 s
    //   compute: 2 · B · A = 5.9232e7 plus B · k · 2 · (3e6 · 2 layers) = 4.8e7 FLOPs / 1e14 -> 1.07232e-6 s
    //            attention 2 · 2 layers · 1,000 · 4,000 = 1.6e7 / 5e13                       -> 3.2e-7 s
    //   step = 7.2016e-5 (memory-bound) + 1 ms = 1.072016e-3 s
    CHECK(r.decode_step_seconds(2, 1000) == doctest::Approx(1.072016e-3).epsilon(kTight));
    // Prefill of S = 100: the dense part without the output head, 2 · (A − V·h) · S = 2 · 4.808e6 · 100 = 9.616e8, and
    //   the experts, S · k · 2 · 6e6 = 2.4e9: 3.3616e9 FLOPs / 1e14 = 3.3616e-5 s;
    //   attention 2 layers · 5,050 pairs · 4,000 = 4.04e7 / 5e13 = 8.08e-7 s; prefill = 3.4424e-5 s.
    CHECK(r.prefill_seconds(100) == doctest::Approx(3.4424e-5).epsilon(kTight));
}

TEST_CASE("expert parallelism: each GPU holds half the experts and the tokens travel all-to-all") {
    const Replica r = moe_replica(2, 2);  // tp = 2 (all the GPUs), ep = 2, dp = 1
    // Weights per GPU: (N − R) / tp + R / ep = 2.4808e7 / 2 + 2.4e7 / 2 = 2.4404e7 bytes = 0.024404 GB.
    CHECK(r.memory().weights_gb_per_gpu == doctest::Approx(0.024404).epsilon(kTight));
    // Decode, B = 2 at C = 1,000 (the whole replica's batch B · dp = 2 routes into each GPU's 2 experts):
    //   touched per GPU: 2 · (1 − (1 − 2/4)^2) = 1.5 experts per layer, 1.5 · 3e6 · 2 layers = 9e6 bytes
    //   memory:  A / tp + 9e6 + B · 1,600 · 1,000 · KV share 0.5 = 7.404e6 + 9e6 + 1.6e6 = 1.8004e7 bytes
    //            / 5e11                                                                   -> 3.6008e-5 s
    //   compute: 2 · B · A / tp = 2.9616e7 plus B · dp · k / ep · 2 · 6e6 = 2.4e7 FLOPs / 1e14 = 5.3616e-7 s,
    //            attention 1.6e7 / 2 / 5e13 = 1.6e-7 s: 6.9616e-7 s
    //   all-reduce (tp): B·h·2 = 4,000 bytes, 2 · 2 layers · (1 · 4,000 / 2.5e10 + 1e-5) = 4 · 1.016e-5 = 4.064e-5 s
    //   all-to-all (ep): each GPU sends B·dp / ep · k · h = 1 · 2 · 1,000 = 2,000 copies of activation elements,
    //            half to the other GPU: dispatch in FP8 (FP8 weights) 1,000 B, combine in BF16 2,000 B, each over
    //            2.5e10 B/s plus 10 us: 4e-8 + 1e-5 + 8e-8 + 1e-5 = 2.012e-5 s per MoE layer, 4.024e-5 s for 2
    //   step = 3.6008e-5 + 4.064e-5 + 4.024e-5 + 1 ms = 1.116888e-3 s
    CHECK(r.decode_step_seconds(2, 1000) == doctest::Approx(1.116888e-3).epsilon(kTight));
}

TEST_CASE("expert parallelism by all-gather: every GPU takes the other's tokens, whatever their routing") {
    // TensorRT-LLM gathers while the group has no more GPUs than a token picks experts (ep <= k).
    CHECK(gathers_tokens(ExpertExchange::all_gather_up_to_top_k, 2, 2));
    CHECK_FALSE(gathers_tokens(ExpertExchange::all_gather_up_to_top_k, 4, 2));
    CHECK(gathers_tokens(ExpertExchange::all_gather, 64, 2));
    CHECK_FALSE(gathers_tokens(ExpertExchange::all_to_all, 2, 2));
    // The layout of the all-to-all case above, B = 2 at C = 1,000. Each GPU takes the B·dp / ep · (ep − 1) · h =
    // 1 · 1 · 1,000 activation elements of the other GPU, in BF16 (FP8 experts quantise after the gather), 2,000 B,
    // and the partial results go back by a reduce-scatter of as many BF16 elements, 2,000 B:
    //   (2,000 / 2.5e10 + 1e-5) · 2 = 2.016e-5 s per MoE layer, 4.032e-5 s for 2
    //   step = 3.6008e-5 + 4.064e-5 + 4.032e-5 + 1 ms = 1.116968e-3 s
    const Replica g = moe_replica(2, 2, ExpertExchange::all_gather_up_to_top_k);
    CHECK(g.decode_step(2, 1000).expert_parallel_s == doctest::Approx(4.032e-5).epsilon(kTight));
    CHECK(g.decode_step_seconds(2, 1000) == doctest::Approx(1.116968e-3).epsilon(kTight));
}

TEST_CASE("with an overlap scheduler the host works beside the GPU: a step takes the longer of the two") {
    EngineSettings s = test_settings();
    s.overlap_scheduler = true;
    const Replica overlapped = replica(1, s), serial = replica(1);
    // B = 10 at C = 1,000 (worked above): the GPU's part is weights 3.08e-4 s + KV 1.6e-4 s = 4.68e-4 s and the host's
    // 1 ms. Without overlap they add: 1.468e-3 s. With it the step waits for the host: 1e-3 s, of which 5.32e-4 s is
    // the wait beyond the GPU's part, and the host bounds the step.
    const StepTime a = overlapped.decode_step(10, 1000), b = serial.decode_step(10, 1000);
    CHECK(b.total_s() == doctest::Approx(1.468e-3).epsilon(kTight));
    CHECK(a.gpu_s() == doctest::Approx(4.68e-4).epsilon(kTight));
    CHECK(a.host_wait_s() == doctest::Approx(5.32e-4).epsilon(kTight));
    CHECK(a.total_s() == doctest::Approx(1e-3).epsilon(kTight));
    CHECK(std::string(a.bound()) == "host");
    // B = 50: weights 1.54e8 B / 5e11 = 3.08e-4 s (math 2 · 50 · 1.54e8 = 1.54e10 FLOPs / 1e14 = 1.54e-4 s), KV
    // 50 · 8e6 = 4e8 B / 5e11 = 8e-4 s (math 2e9 / 5e13 = 4e-5 s): 1.108e-3 s, longer than the host's 1 ms, which is
    // then hidden. The step is memory-bound again.
    const StepTime c = overlapped.decode_step(50, 1000);
    CHECK(c.total_s() == doctest::Approx(1.108e-3).epsilon(kTight));
    CHECK(c.host_wait_s() == 0.0);
    CHECK(std::string(c.bound()) == "memory");
    // The table shows what the step waits for: the host row holds the 5.32e-4 s wait, the shares still sum to the
    // step, and the title compares the host's 1 ms with the GPU's 4.68e-4 s (2.14 times).
    ThroughputEstimate e;
    e.step = a;
    const Table tab = step_table(e);
    CHECK(tab.title.find("host-bound (2.14x the GPU's work)") != std::string::npos);
    double shares = 0, host_ms = 0;
    for (std::size_t i = 0; i < tab.size(); ++i) {
        if (auto* x = std::get_if<double>(&tab.at(i, "share"))) shares += *x;
        if (std::get<std::string>(tab.at(i, "kind")) == "host") host_ms = std::get<double>(tab.at(i, "ms"));
    }
    CHECK(shares == doctest::Approx(1.0));
    CHECK(host_ms == doctest::Approx(0.532).epsilon(kTight));
}

TEST_CASE("the decode step part by part, and what bounds it") {
    const Replica r = replica(1);
    // The first step worked above (B = 10, C = 1,000): weights 1.54e8 B / 5e11 = 3.08e-4 s, KV 8e7 B / 5e11 = 1.6e-4 s;
    // matrix math 3.08e-5 s, attention 8e-6 s; overhead 1 ms. Both kernels are memory-bound: the weights' GEMMs
    // read 3.08e-4 s against 3.08e-5 s of math, attention reads 1.6e-4 s against 8e-6 s.
    const StepTime t = r.decode_step(10, 1000);
    CHECK(t.weights_s == doctest::Approx(3.08e-4).epsilon(kTight));
    CHECK(t.kv_s == doctest::Approx(1.6e-4).epsilon(kTight));
    CHECK(t.experts_s == 0.0);
    CHECK(t.matmul_s == doctest::Approx(3.08e-5).epsilon(kTight));
    CHECK(t.attention_s == doctest::Approx(8e-6).epsilon(kTight));
    CHECK(t.overhead_s == doctest::Approx(1e-3).epsilon(kTight));
    CHECK(t.total_s() == doctest::Approx(r.decode_step_seconds(10, 1000)).epsilon(kTight));
    CHECK(std::string(t.bound()) == "memory");

    // The table says so, with no ratio (no kernel is compute-bound and nothing is communicated); the compute parts
    // are shown as overlapped, without a share.
    const ThroughputEstimate e = r.at(10, 1000, 10);  // context 10 + 1,000 / 2 = 510, a prompt token a step
    const Table tab = step_table(e);
    CHECK(tab.title.find("memory-bound") != std::string::npos);
    CHECK(tab.title.find("x the") == std::string::npos);
    bool overlapped = false;
    for (std::size_t i = 0; i < tab.size(); ++i)
        if (std::get<std::string>(tab.at(i, "part")) == "matrix math") {
            overlapped = std::get<std::string>(tab.at(i, "kind")) == "compute (overlapped)" &&
                         std::holds_alternative<std::monostate>(tab.at(i, "share"));
        }
    CHECK(overlapped);
    // Shares of the parts that add up (memory and overhead) sum to the whole step.
    double shares = 0;
    for (std::size_t i = 0; i < tab.size(); ++i)
        if (auto* x = std::get_if<double>(&tab.at(i, "share"))) shares += *x;
    CHECK(shares == doctest::Approx(1.0));

    // Ten GPUs at TP 10 need two 8-GPU domains, 5 GPUs each: the all-reduces run at the 50 GB/s scale-out figure, and
    // the table says why the layout is slow.
    const Replica wide = replica(10);
    CHECK(wide.layout().nodes == 2);
    CHECK(wide.layout().tp_crosses);
    const StepTime w = wide.decode_step(10, 1000);
    CHECK(w.crosses_node);
    // 10 layers x 2 all-reduces x (2 x 9/10 x 10 x 1,000 x 2 B / (50e9 x 0.5) + 10 us) = 20 x (1.44e-6 + 1e-5) = 2.288e-4 s.
    CHECK(w.tensor_parallel_s == doctest::Approx(2.288e-4).epsilon(kTight));
    const Table wt = step_table(wide.at(1000, 10, 10));
    bool says = false;
    for (const auto& n : wt.notes) says = says || n.find("scale-out network") != std::string::npos;
    CHECK(says);
}

TEST_CASE("a two-node pipeline: half the layers per stage, activations handed across the network") {
    Deployment d;
    d.model = "round-dense";
    d.gpu = "round-gpu";
    d.gpus = 2;
    d.pp = 2;
    d.nodes = 2;
    d.weights = Precision::fp8;
    d.kv = Precision::bf16;
    d.engine = "test-engine";
    const Replica r(round_model(), round_gpu(), half_efficiency(), test_settings(), d);
    CHECK(r.layout().tp == 1);
    CHECK(r.layout().pp_crosses);
    // Weights: 1.64e8 B / 2 stages = 0.082 GB per GPU. Each GPU caches its 5 layers: 4,000 B per token.
    CHECK(r.memory().weights_gb_per_gpu == doctest::Approx(0.082).epsilon(kTight));
    CHECK(r.memory().kv_bytes_per_token_per_gpu == doctest::Approx(4000).epsilon(kTight));
    // A stage step with 10 sequences at context 1,000 (pure decode):
    //   memory: 1.54e8 / 2 + 10 · 8e6 / 2 = 7.7e7 + 4e7 = 1.17e8 B / 5e11 = 2.34e-4 s
    //   hand-off: 10 · 1,000 · 2 B = 2e4 B over 50 GB/s · 0.5 = 8e-7 s + 10 us = 1.08e-5 s
    //   stage step = 2.34e-4 + 1.08e-5 + 1 ms = 1.2448e-3 s
    const StepTime t = r.decode_step(10, 1000);
    CHECK(t.pipeline_s == doctest::Approx(1.08e-5).epsilon(kTight));
    CHECK(t.total_s() == doctest::Approx(1.2448e-3).epsilon(kTight));
    // Two stages keep two microbatches of 10 in flight (concurrency 20): a token passes both stages, so TPOT is
    // two stage steps. isl 1 / osl 2,000 keeps the context at 1 + 1,000 ≈ 1,001 and the prompt share negligible.
    const ThroughputEstimate e = r.at(1, 2000, 20);
    CHECK(e.round_ms == doctest::Approx(2 * e.decode_step_ms).epsilon(kTight));
    CHECK(e.output_tokens_per_second == doctest::Approx(20 / (e.round_ms * 1e-3)).epsilon(kTight));
    // Across two nodes without a stated network on a GPU that has none, the layout is refused.
    Gpu bare = round_gpu();
    bare.scale_out_gbps.reset();
    CHECK_THROWS_WITH_AS(Replica(round_model(), bare, half_efficiency(), test_settings(), d), doctest::Contains("scale-out"), InputError);
}

TEST_CASE("disaggregated serving: a prefill pool, a decode pool, the KV cache between them") {
    const Replica pre = replica(1), dec = replica(1);
    const Traffic t = Traffic::fixed(800, 400);
    const DisaggregatedEstimate d = disaggregate(pre, dec, t);
    // Prefill replica: each step is 8,192 prompt tokens (the budget), no decode.
    //   compute: 8,192 · 1.44e8 · 2 = 2.359296e12 / 1e14 = 2.359296e-2 s; attention 8,192 · 10 · 400.5 · 4,000 =
    //            1.3123584e11 / 5e13 = 2.6247168e-3 s; the weights' 1.54e8 B (3.08e-4 s) hide under it.
    //   step = 2.62176768e-2 + 1 ms = 2.72176768e-2 s; 8,192 / step prompt tokens a second, / 800 per request.
    const double pstep = 2.72176768e-2;
    CHECK(d.prefill.decode_step_ms == doctest::Approx(pstep * 1e3).epsilon(kTight));
    CHECK(d.prefill.requests_per_second == doctest::Approx(8192 / pstep / 800).epsilon(kTight));
    // Decode replica: 64 sequences (the batch limit) at context 1,000, no prompt chunks:
    //   memory 1.54e8 + 64 · 8e6 = 6.66e8 B / 5e11 = 1.332e-3 s (compute 2.4832e-4 s hides) -> step 2.332e-3 s.
    const double dstep = 2.332e-3;
    CHECK(d.decode.tpot_ms == doctest::Approx(dstep * 1e3).epsilon(kTight));
    CHECK(d.decode.requests_per_second == doctest::Approx(64 / dstep / 400).epsilon(kTight));
    CHECK(d.decode.step.prefill_tokens == 0.0);
    // The prompt's KV cache, 800 · 8,000 B = 6.4e6 B, over one GPU's 50 GB/s at 0.5: 0.256 ms.
    CHECK(d.kv_transfer_ms == doctest::Approx(0.256).epsilon(kTight));
    CHECK(d.ttft_ms == doctest::Approx(pstep * 1e3 + 0.256).epsilon(kTight));
    // Pools balanced: prefill replicas per decode replica = decode's request rate / prefill's.
    const double ratio = (64 / dstep / 400) / (8192 / pstep / 800);
    CHECK(d.prefill_replicas_per_decode_replica == doctest::Approx(ratio).epsilon(kTight));
    CHECK(d.requests_per_second_per_gpu == doctest::Approx((64 / dstep / 400) / (1 + ratio)).epsilon(kTight));
    CHECK(d.input_time_share == doctest::Approx(ratio / (1 + ratio)).epsilon(kTight));
    // A TTFT target the prefill pool cannot meet is refused, and so is a GPU without a network figure.
    CHECK_THROWS_WITH_AS(disaggregate(pre, dec, t, std::nullopt, 10.0), doctest::Contains("wider prefill replica"), InputError);
    Gpu bare = round_gpu();
    bare.scale_out_gbps.reset();
    Deployment dd = dec.deployment();
    const Replica lonely(round_model(), bare, half_efficiency(), test_settings(), dd);
    CHECK_THROWS_WITH_AS(disaggregate(pre, lonely, t), doctest::Contains("scale-out"), InputError);
}
