#include "infercost/io.hpp"
// Self-hosting: architectures, memory, throughput, capacity and break-even. Expected values are worked by
// hand from the published configs and the numbers written here; the working is in the comments.
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

using namespace infercost;

namespace {

const std::string kRoot = INFERCOST_TEST_SOURCE_DIR;

const Catalog& catalog() {
    static const Catalog c = Catalog::load(kRoot + "/pricing");
    return c;
}
const HardwareCatalog& hw() { return catalog().hardware(); }

Deployment deployment(const char* model, const char* gpu, int gpus, int tp = 0, int ep = 1, Precision w = Precision::fp8) {
    Deployment d;
    d.model = model;
    d.gpu = gpu;
    d.gpus = gpus;
    d.tp = tp;
    d.ep = ep;
    d.weights = w;
    return d;
}

// A 28-day month (four whole weeks), so a period's figures per mean month are easy to work by hand.
const Period kFeb2027{parse_date("2027-02-01"), 1};

Workload flat_workload(double requests_per_day, double isl, double osl) {
    Workload w;
    w.requests_per_day = requests_per_day;
    w.input_tokens = TokenDistribution::fixed(isl);
    w.output_tokens = TokenDistribution::fixed(osl);
    w.hourly_profile.fill(1.0);
    w.weekday_profile.fill(1.0);
    return w;
}

}  // namespace

TEST_CASE("KV bytes per token: GQA from KV heads, MLA from the latent, not from num_key_value_heads") {
    // Llama-3.1-8B: 2 (K and V) x 32 layers x 8 KV heads x 128 head_dim x 2 bytes = 131,072 B (128 KiB).
    const auto& llama = hw().model("llama-3.1-8b");
    CHECK(llama.attention() == AttentionKind::gqa);
    CHECK(llama.kv_bytes_per_token(2) == doctest::Approx(131072));
    CHECK(llama.kv_bytes_per_token(1) == doctest::Approx(65536));
    // Qwen3-235B-A22B: 2 x 94 x 4 x 128 x 2 = 192,512 B.
    CHECK(hw().model("qwen3-235b-a22b").kv_bytes_per_token(2) == doctest::Approx(192512));
    // DeepSeek-V3: MLA caches kv_lora_rank + qk_rope_head_dim = 512 + 64 = 576 values per layer:
    // 61 x 576 x 2 = 70,272 B. Its config says num_key_value_heads 128, which as GQA would give
    // 2 x 61 x 128 x 128 x 2 = 3,997,696 B, 57 times too much.
    const auto& ds = hw().model("deepseek-v3");
    CHECK(ds.attention() == AttentionKind::mla);
    CHECK(ds.kv_heads == 128);
    CHECK(ds.kv_bytes_per_token(2) == doctest::Approx(70272));
    // gpt-oss-120b: 18 of 36 layers use a 128-token window. At 1,000 tokens: 18 x 2 x 8 x 64 x 2 B x 1,000
    // (full layers) + 18 x 2048 B x 128 (windowed) = 36,864,000 + 4,718,592 = 41,582,592 B.
    const auto& oss = hw().model("gpt-oss-120b");
    CHECK(oss.sliding_layers == 18);
    CHECK(oss.kv_bytes(1000, 2) == doctest::Approx(41582592));
}

TEST_CASE("Parameter counts from the configs reproduce the published sizes") {
    // Llama-3.3-70B: embeddings 128,256 x 8,192 x 2 = 2,101,346,304; attention per layer
    // 2 x 8,192 x 64 x 128 + 2 x 8,192 x 8 x 128 = 150,994,944, x 80 = 12,079,595,520; FFN per layer
    // 3 x 8,192 x 28,672 = 704,643,072, x 80 = 56,371,445,760. Total 70,552,387,584.
    CHECK(hw().model("llama-3.3-70b").total_params() == doctest::Approx(70552387584.0));
    // DeepSeek-V3 is 671B total and about 37B active.
    CHECK(hw().model("deepseek-v3").total_params() / 1e9 == doctest::Approx(671).epsilon(0.01));
    CHECK(hw().model("deepseek-v3").active_params() / 1e9 == doctest::Approx(37).epsilon(0.03));
    for (const auto& m : hw().models) {
        INFO(m.id);
        CHECK(m.total_params() / 1e9 == doctest::Approx(m.published_total_params_b).epsilon(0.05));
        CHECK(m.active_params() <= m.total_params());
    }
}

TEST_CASE("Weights per GPU under tensor and expert parallelism") {
    // Llama-3.3-70B at FP8 on 2 GPUs, TP2: 70,552,387,584 B / 2 = 35.276 GB per GPU.
    CHECK(Replica(hw(), deployment("llama-3.3-70b", "h100-sxm", 2)).memory().weights_gb_per_gpu ==
          doctest::Approx(35.276193792));
    // Qwen3-30B-A3B: attention per layer 2 x 2,048 x 32 x 128 + 2 x 2,048 x 4 x 128 = 18,874,368, x 48 =
    // 905,969,664; one expert 3 x 2,048 x 768 = 4,718,592, routed total x 128 x 48 = 28,991,029,248; routers
    // 2,048 x 128 x 48 = 12,582,912; embeddings 151,936 x 2,048 x 2 = 622,329,856.
    // Non-expert = 905,969,664 + 12,582,912 + 622,329,856 = 1,540,882,432.
    // 2 GPUs, TP1 (two attention groups), EP2: 1,540,882,432 + 28,991,029,248 / 2 = 16,036,397,056 B.
    CHECK(Replica(hw(), deployment("qwen3-30b-a3b", "h100-sxm", 2, 1, 2)).memory().weights_gb_per_gpu ==
          doctest::Approx(16.036397056));
    // 2 GPUs, TP2, no EP: everything halves: 30,531,911,680 / 2 = 15,265,955,840 B.
    CHECK(Replica(hw(), deployment("qwen3-30b-a3b", "h100-sxm", 2, 2, 1)).memory().weights_gb_per_gpu ==
          doctest::Approx(15.26595584));
}

TEST_CASE("FP8 weights need half the memory of BF16") {
    const Replica fp8(hw(), deployment("llama-3.3-70b", "h200", 2, 2, 1, Precision::fp8));
    const Replica bf16(hw(), deployment("llama-3.3-70b", "h200", 2, 2, 1, Precision::bf16));
    CHECK(bf16.memory().weights_gb_per_gpu == doctest::Approx(2 * fp8.memory().weights_gb_per_gpu));
}

TEST_CASE("Expected experts touched by a decode batch") {
    // 256 experts, top-8: E x (1 - (1 - 8/256)^B).
    CHECK(expected_experts_touched(256, 8, 1) == doctest::Approx(8));
    // B = 32: 0.96875^32 = 0.362050; 256 x 0.637950 = 163.32.
    CHECK(expected_experts_touched(256, 8, 32) == doctest::Approx(163.32).epsilon(0.001));
    // B = 128: 0.362050^4 = 0.017182; 256 x 0.982818 = 251.60.
    CHECK(expected_experts_touched(256, 8, 128) == doctest::Approx(251.60).epsilon(0.001));
    CHECK(expected_experts_touched(256, 8, 0) == 0);
}

TEST_CASE("Owned hardware cost per GPU-hour") {
    OwnedProfile p;
    p.id = "worked";
    p.gpu = "h100-sxm";
    p.gpus_per_server = 8;
    p.server_capex = 270000;
    p.network_capex_per_server = 40500;
    p.life_years = 4;
    p.residual_value_share = 0;
    p.power_per_gpu_kw = 1.275;
    p.pue = 1.58;
    p.electricity_per_kwh = 0.0977;
    p.colocation_per_kw_month = 184.06;
    p.operations_per_gpu_year = 3375;
    p.cost_of_capital = 0.10;
    const OwnedCost c = owned_cost_per_gpu_hour(p);
    // Capex per GPU (270,000 + 40,500) / 8 = 38,812.5; annuity 0.1 / (1 - 1.1^-4) = 0.3154708;
    // 38,812.5 x 0.3154708 / 8,766 h = 1.396774.
    CHECK(c.capital == doctest::Approx(1.396774).epsilon(1e-5));
    // Power 1.275 kW x 1.58 x 0.0977 = 0.1968176.
    CHECK(c.power == doctest::Approx(0.1968176).epsilon(1e-6));
    // Colocation 1.275 kW x 184.06 x 12 / 8,766 = 0.3212549.
    CHECK(c.colocation == doctest::Approx(0.3212549).epsilon(1e-6));
    // Operations 3,375 / 8,766 = 0.3850103.
    CHECK(c.operations == doctest::Approx(0.3850103).epsilon(1e-6));
    CHECK(c.total == doctest::Approx(2.2998568).epsilon(1e-5));
    // A residual value of 30% after 4 years, discounted at 10%: 0.3 x 38,812.5 / 1.4641 = 7,952.77 less to
    // repay; (38,812.5 - 7,952.77) x 0.3154708 / 8,766 = 1.110571.
    p.residual_value_share = 0.3;
    CHECK(owned_cost_per_gpu_hour(p).capital == doctest::Approx(1.110571).epsilon(1e-5));
}

TEST_CASE("Cloud offer prices by purchase") {
    const CloudOffer& o = hw().cloud_offer("lambda/gpu_8x_h100_sxm5/global");
    CHECK(o.gpu == "h100-sxm");
    CHECK(o.per_hour(Purchase::on_demand) == doctest::Approx(31.92));
    CHECK_THROWS_AS(o.per_hour(Purchase::spot), InputError);
    CHECK_THROWS_AS(o.per_hour(Purchase::committed, 12), InputError);
}

TEST_CASE("More GPUs never lower a replica's throughput; a looser latency target never lowers it") {
    double last = 0;
    for (int g : {2, 4, 8}) {
        const double t = Replica(hw(), deployment("llama-3.3-70b", "h100-sxm", g)).best(1000, 1000).output_tokens_per_second;
        CHECK(t >= last);
        last = t;
    }
    last = 0;
    for (int g : {4, 8}) {
        const double t = Replica(hw(), deployment("qwen3-235b-a22b", "h200", g, g, g)).best(3000, 400).output_tokens_per_second;
        CHECK(t >= last);
        last = t;
    }
    const Replica r(hw(), deployment("llama-3.3-70b", "h200", 1));
    last = 0;
    // Prompts of 2,000 tokens make every step compute-bound from a few dozen sequences on, where throughput stops
    // growing with concurrency: equal up to rounding is allowed.
    for (double target : {30.0, 35.0, 50.0, 100.0, 1000.0}) {
        const ThroughputEstimate e = r.best(2000, 500, target);
        CHECK(e.tpot_ms <= target);
        CHECK(e.output_tokens_per_second >= last * (1 - 1e-12));
        last = e.output_tokens_per_second;
    }
    // With no target the best is the highest throughput that fits in memory.
    const ThroughputEstimate open = r.best(2000, 500);
    CHECK(open.concurrency == open.max_concurrent_sequences);
    CHECK(open.output_tokens_per_second >= last * (1 - 1e-12));
}

TEST_CASE("Throughput identities") {
    const Replica r(hw(), deployment("llama-3.1-8b", "h100-sxm", 1));
    const ThroughputEstimate e = r.at(1000, 500, 64);
    // Little's law: concurrency / TPOT = output tokens per second; input follows from the request rate.
    CHECK(e.output_tokens_per_second == doctest::Approx(64 / (e.tpot_ms / 1000)));
    CHECK(e.input_tokens_per_second == doctest::Approx(e.output_tokens_per_second * 1000 / 500));
    // The LLM API's budget of 8,192 tokens leaves 8,128 beside 64 decode tokens: a 1,000-token prompt takes one step.
    CHECK(e.max_num_tokens == 8192);
    CHECK(e.ttft_ms == doctest::Approx(e.round_ms));
    CHECK(e.step.prefill_tokens == doctest::Approx(64.0 * 1000 / 500));
    CHECK(e.input_time_share > 0);
    CHECK(e.input_time_share < 1);
    CHECK(e.calibrated);
    // An MoE step reads only the experts its tokens touch: 4 decode tokens and 4 · 3,000 / 400 = 30 prompt tokens.
    const ThroughputEstimate moe = Replica(hw(), deployment("qwen3-235b-a22b", "h200", 8, 8, 1)).at(3000, 400, 4);
    CHECK(moe.experts_touched_per_layer == doctest::Approx(expected_experts_touched(128, 8, 34)));
}

TEST_CASE("Calibration: every offline row predicted, the fitted profiles reproduce their in-sample error") {
    const CalibrationResult c = check_calibration(hw());
    // 28 Llama rows of the older table and 23 MoE rows of the per-GPU table.
    CHECK(c.rows.size() == 51);
    // benchmarks/throughput_calibration.py fits the calibrated profiles on these rows (11.5% in sample); far more
    // would mean the bundled factors and the model have drifted apart.
    CHECK(c.mape <= 0.15);
    for (const auto& row : c.rows) {
        INFO(row.published.model << " " << row.published.gpu << " " << row.published.isl << "/" << row.published.osl);
        CHECK(std::abs(row.error) < 1.0);  // within a factor of two, gpt-oss on Hopper included
        CHECK_FALSE(row.limit.empty());
    }
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& e : hw().efficiency) CHECK(seen.emplace(e.engine, e.gpu).second);
    // Served rows are never fitted on; they are predicted all the same.
    CHECK(check_calibration(hw(), Regime::served).rows.size() == 2);
}

TEST_CASE("Bad deployments give a clear error, not a number") {
    // Llama-3.1-405B at FP8 is 405 GB: not on one 80 GB GPU.
    try {
        Replica(hw(), deployment("llama-3.1-405b", "h100-sxm", 1));
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("weights need") != std::string::npos);
    }
    // 64 heads do not split 3 ways.
    try {
        Replica(hw(), deployment("llama-3.3-70b", "h100-sxm", 3));
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("does not divide the 64 attention heads") != std::string::npos);
    }
    try {
        Replica(hw(), deployment("llama-3.1-8b", "h100", 1));
        FAIL("expected an error");
    } catch (const NotFoundError& e) {
        CHECK(e.kind() == "GPU");
        const auto& s = e.suggestions();
        CHECK(std::find(s.begin(), s.end(), "h100-sxm") != s.end());
    }
    // MI300X has a vLLM profile only: asking for TensorRT-LLM there suggests the engine that has one.
    try {
        (void)hw().efficiency_for("tensorrt-llm", "mi300x");
        FAIL("expected an error");
    } catch (const NotFoundError& e) {
        REQUIRE_FALSE(e.suggestions().empty());
        CHECK(e.suggestions().front() == "vllm/mi300x");
    }
    CHECK_THROWS_AS(Replica(hw(), deployment("llama-3.1-8b", "a100-80gb", 1, 0, 1, Precision::fp8)), InputError);
    CHECK_THROWS_AS(Replica(hw(), deployment("llama-3.3-70b", "h100-sxm", 2, 2, 2)), InputError);  // EP on a dense model
    CHECK_THROWS_AS(Replica(hw(), deployment("qwen3-235b-a22b", "h200", 8, 8, 3)), InputError);   // EP must span the replica
    Deployment mismatched = deployment("llama-3.1-8b", "h100-sxm", 1);
    mismatched.settings = "vllm";  // vLLM's scheduler under a TensorRT-LLM efficiency profile
    CHECK_THROWS_WITH_AS(Replica(hw(), mismatched), doctest::Contains("are for vllm, not tensorrt-llm"), InputError);
    Deployment dense_experts = deployment("llama-3.1-8b", "h100-sxm", 1);
    dense_experts.expert_weights = Precision::fp4;
    CHECK_THROWS_WITH_AS(Replica(hw(), dense_experts), doctest::Contains("is dense"), InputError);
    const Replica small(hw(), deployment("llama-3.3-70b", "h100-sxm", 2));
    CHECK_THROWS_AS(small.max_concurrency(2e6, 1000), InputError);  // one sequence does not fit
    CHECK_THROWS_AS(small.best(1000, 1000, 0.5), InputError);       // no concurrency meets 0.5 ms
}

TEST_CASE("Replicas for a stated hourly load") {
    SelfHosted o;
    o.deployment = deployment("llama-3.1-8b", "h100-sxm", 1);
    o.cloud_offer = "lambda/gpu_8x_h100_sxm5/global";
    o.max_utilisation = 0.8;
    o.tpot_ms = 30;
    Workload w = flat_workload(1000, 1000, 200);
    const SelfHostReport probe = plan_self_hosted(hw(), o, w, kFeb2027);
    const double cap = probe.replica_requests_per_second;  // one replica at the target
    REQUIRE(cap > 0);
    // Load of 2.5 replicas' usable capacity in every hour: 2.5 x 0.8 x cap requests a second, so
    // ceil(2.5) = 3 replicas; eight 1-GPU replicas share one 8-GPU instance, so one instance.
    w.requests_per_day = 2.5 * 0.8 * cap * 86400;
    SelfHostReport r = plan_self_hosted(hw(), o, w, kFeb2027);
    for (const auto& h : r.hours) {
        CHECK(h.replicas == 3);
        CHECK(h.instances == 1);
    }
    // One instance all month: 31.92 x 24 x 30.4375 = 23,317.56 USD.
    CHECK(r.cost_per_month == doctest::Approx(31.92 * 24 * 365.25 / 12));
    CHECK(r.gpu_hours_per_month == doctest::Approx(8 * 24 * 365.25 / 12));
    // Utilisation: 2.5 x 0.8 = 2 replicas' worth of load on 8 running replicas = 25%.
    CHECK(r.utilisation == doctest::Approx(0.25));

    // Peak hour at 12:00 with ten times the load of the others: 24-hour weights 23 x 1 + 10 = 33, so that
    // hour takes 10/33 of the day. Make it need 20.5 replicas: 21 replicas, 3 instances when autoscaled.
    w.hourly_profile.fill(1.0);
    w.hourly_profile[12] = 10;
    w.requests_per_day = 20.5 * 0.8 * cap * 3600 * 33.0 / 10.0;
    r = plan_self_hosted(hw(), o, w, kFeb2027);
    CHECK(r.hours[12].replicas == 21);
    CHECK(r.hours[12].instances == 3);
    CHECK(r.hours[11].replicas == 3);  // 2.05 replicas' load
    CHECK(r.hours[11].instances == 1);
    CHECK(r.peak_instances == 3);
    // Fixed: three instances every hour.
    o.provisioning = Provisioning::fixed;
    const SelfHostReport fixed = plan_self_hosted(hw(), o, w, kFeb2027);
    for (const auto& h : fixed.hours) CHECK(h.instances == 3);
    CHECK(fixed.cost_per_month > r.cost_per_month);
}

TEST_CASE("Break-even volume puts both options at equal cost") {
    SelfHosted o;
    o.deployment = deployment("llama-3.3-70b", "h100-sxm", 2);
    o.cloud_offer = "lambda/gpu_8x_h100_sxm5/global";
    o.tpot_ms = 40;
    Workload w = flat_workload(100000, 2000, 300);
    w.hourly_profile = {1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 10, 9, 10, 10, 9, 8, 6, 4, 3, 2, 2, 1, 1};
    const SelfHostReport plan = plan_self_hosted(hw(), o, w, kFeb2027);
    const double api = 0.004;  // USD per request
    const BreakEven b = break_even(plan, api);
    REQUIRE(b.reached);
    const double self = self_hosted_cost_per_month(plan, b.requests_per_day);
    CHECK(self == doctest::Approx(b.cost_per_month));
    CHECK(b.cost_per_month == doctest::Approx(api * b.requests_per_day * 365.25 / 12));
    // Just below it the API is cheaper.
    CHECK(api * 0.99 * b.requests_per_day * 365.25 / 12 < self_hosted_cost_per_month(plan, 0.99 * b.requests_per_day));
    // Scanning volumes: from stays_cheaper_from on, self-hosting is never dearer than the API.
    for (double v = b.stays_cheaper_from; v < 20 * b.stays_cheaper_from; v *= 1.013)
        CHECK(self_hosted_cost_per_month(plan, v * 1.000001) <= api * v * 1.000001 * 365.25 / 12 + 1e-6);
    // An API only 1.23 times self-hosting's marginal cost per request: past the break-even, each added replica on a
    // fixed fleet makes self-hosting dearer again for a while, so it stays cheaper only from a higher volume.
    o.provisioning = Provisioning::fixed;
    const SelfHostReport flat = plan_self_hosted(hw(), o, w, kFeb2027);
    const double near = 1.23 * break_even(flat, 1).self_hosted_marginal_cost_per_request;
    const BreakEven n = break_even(flat, near);
    REQUIRE(n.reached);
    CHECK(n.stays_cheaper_from > n.requests_per_day);
    CHECK(self_hosted_cost_per_month(flat, n.stays_cheaper_from) == doctest::Approx(near * n.stays_cheaper_from * 365.25 / 12));
    CHECK(self_hosted_cost_per_month(flat, 0.999 * n.stays_cheaper_from) > near * 0.999 * n.stays_cheaper_from * 365.25 / 12);
    for (double v = n.stays_cheaper_from * 1.0001; v < 30 * n.stays_cheaper_from; v *= 1.011)
        CHECK(self_hosted_cost_per_month(flat, v) <= near * v * 365.25 / 12 + 1e-6);
    CHECK(n.summary.find("for good from") != std::string::npos);
    // An API far cheaper per request than self-hosting is never caught up with.
    const BreakEven never = break_even(plan, 1e-7);
    CHECK_FALSE(never.reached);
    CHECK(never.self_hosted_marginal_cost_per_request > 1e-7);
}

TEST_CASE("Cost lenses: spot with interruptions, the marginal token, the break-even by utilisation") {
    SelfHosted o;
    o.deployment = deployment("llama-3.1-8b", "h100-sxm", 1);
    o.cloud_offer = "lambda/gpu_8x_h100_sxm5/global";
    o.tpot_ms = 30;
    const Workload w = flat_workload(200000, 1000, 200);
    const SelfHostReport plan = plan_self_hosted(hw(), o, w, kFeb2027);
    // Cloud GPU-hours are all variable: one replica-hour is 31.92 / 8 = 3.99 USD, and it serves
    // capacity x 0.8 x 3,600 requests of 1,000 + 200 tokens.
    const double tokens = plan.replica_requests_per_second * 0.8 * 3600 * 1200;
    CHECK(plan.marginal_cost_per_million_tokens == doctest::Approx(31.92 / 8 / tokens * 1e6));
    // Owned servers: only the power varies with load.
    SelfHosted own = o;
    own.cloud_offer.clear();
    own.owned_profile = "h100-sxm-8x-colo-us";
    own.jurisdictions = {"US"};
    own.provisioning = Provisioning::fixed;
    const SelfHostReport owned = plan_self_hosted(hw(), own, w, kFeb2027);
    const OwnedCost c = owned_cost_per_gpu_hour(hw().owned_profile("h100-sxm-8x-colo-us"));
    CHECK(owned.marginal_cost_per_million_tokens ==
          doctest::Approx(c.power / (owned.replica_requests_per_second * 0.8 * 3600 * 1200) * 1e6));
    // Spot on AWS p6-b200: on demand 113.9328, spot 19.09 an instance-hour. Half the hours on spot, a fifth of those
    // interrupted and refilled on demand: 0.5 x 113.9328 + 0.5 x (0.8 x 19.09 + 0.2 x 113.9328) = 76.97296.
    SelfHosted spot;
    spot.deployment = deployment("llama-3.3-70b", "b200", 1);
    spot.deployment.weights = Precision::fp8;
    spot.cloud_offer = "aws/p6-b200.48xlarge/us-east-1";
    spot.spot_share = 0.5;
    spot.spot_interruption = 0.2;
    const SelfHostReport sp = plan_self_hosted(hw(), spot, w, kFeb2027);
    CHECK(sp.price_per_gpu_hour * 8 == doctest::Approx(0.5 * 113.9328 + 0.5 * (0.8 * 19.09 + 0.2 * 113.9328)));
    spot.spot_share = 0;
    CHECK_THROWS_WITH_AS(plan_self_hosted(hw(), spot, w, kFeb2027), doctest::Contains("give a spot_share"), InputError);
    // The break-even moves with the load a replica may carry only once the fleet needs more than its first replicas:
    // against an API at 1.2 times the marginal cost per request of a fully loaded replica, a replica allowed all of
    // its capacity breaks even within the first instance (eight 1-GPU replicas share it, so the instance is paid
    // whatever the replicas do); at 80% each request costs 1 / 0.8 = 1.25 times as much, more than the API, so it
    // never does.
    const auto one = break_even_by_utilisation(plan, 1.0, {1.0});
    const double api = 1.2 * one[0].break_even.self_hosted_marginal_cost_per_request;
    const auto by = break_even_by_utilisation(plan, api, {0.8, 1.0});
    REQUIRE(by.size() == 2);
    CHECK_FALSE(by[0].break_even.reached);
    REQUIRE(by[1].break_even.reached);
    CHECK(by[1].break_even.replicas >= 1);
    CHECK(by[1].break_even.replicas <= 8);
    CHECK(by[0].break_even.self_hosted_marginal_cost_per_request ==
          doctest::Approx(1.25 * one[0].break_even.self_hosted_marginal_cost_per_request));
    CHECK_THROWS_AS(break_even_by_utilisation(plan, 0.004, {1.5}), InputError);
}

TEST_CASE("A disaggregated option plans units of one decode replica and the prefill replicas that feed it") {
    SelfHosted o;
    o.deployment = deployment("qwen3-235b-a22b", "h200", 8, 1, 8);
    o.deployment.chunked_prefill = true;
    o.prefill = o.deployment;
    o.cloud_offer = "coreweave/8x-hgx-h200/us";
    o.tpot_ms = 50;
    const Workload w = flat_workload(2'000'000, 3000, 400);
    const SelfHostReport plan = plan_self_hosted(hw(), o, w, kFeb2027);
    // The unit: one decode replica and k whole prefill replicas, k = ceil(decode requests/s / prefill requests/s)
    // over the mix, each bucket disaggregated at the targets.
    const Replica pre(hw(), *o.prefill), dec(hw(), o.deployment);
    const DisaggregatedEstimate d = disaggregate(pre, dec, Traffic::fixed(3000, 400), 50.0);
    const int k = static_cast<int>(std::ceil(d.decode.requests_per_second / d.prefill.requests_per_second - 1e-9));
    CHECK(plan.prefill_replicas_per_unit == std::max(1, k));
    CHECK(plan.gpus_per_replica == 8 + 8 * plan.prefill_replicas_per_unit);
    CHECK(plan.replica_requests_per_second == doctest::Approx(d.decode.requests_per_second));
    // Cost splits by the prefill pool's share of the unit's GPUs.
    CHECK(plan.input_time_share == doctest::Approx(8.0 * plan.prefill_replicas_per_unit / plan.gpus_per_replica));
    CHECK(plan.peak_gpus % plan.gpus_per_replica == 0);
    CHECK_FALSE(plan.peak_latency_note.empty());
    // The prefill pool must serve the same weights on the same GPU.
    o.prefill->model = "llama-3.3-70b";
    CHECK_THROWS_WITH_AS(plan_self_hosted(hw(), o, w, kFeb2027), doctest::Contains("same model on the same GPU"), InputError);
}

TEST_CASE("Self-hosted options are checked before they are priced") {
    SelfHosted o;
    o.deployment = deployment("llama-3.1-8b", "h100-sxm", 1);
    CHECK_THROWS_AS(o.validate(), InputError);  // no price source
    o.owned_profile = "h100-sxm-8x-colo-us";
    CHECK_THROWS_AS(o.validate(), InputError);  // owned hardware is not autoscaled
    o.provisioning = Provisioning::fixed;
    CHECK_THROWS_AS(o.validate(), InputError);  // nor placed without a country
    o.jurisdictions = {"US"};
    CHECK_NOTHROW(o.validate());
    // A 1-GPU instance cannot hold an 8-GPU NVLink replica.
    SelfHosted big;
    big.deployment = deployment("qwen3-235b-a22b", "h200", 8, 8, 8);
    big.cloud_offer = "runpod/1x_H200-SXM_SECURE/global";
    CHECK_THROWS_AS(plan_self_hosted(hw(), big, flat_workload(1000, 1000, 100), kFeb2027), InputError);
    // An offer of other GPUs.
    SelfHosted wrong;
    wrong.deployment = deployment("llama-3.1-8b", "h200", 1);
    wrong.cloud_offer = "lambda/gpu_8x_h100_sxm5/global";
    CHECK_THROWS_AS(plan_self_hosted(hw(), wrong, flat_workload(1000, 1000, 100), kFeb2027), InputError);
}

TEST_CASE("Self-hosted governance and API links") {
    SelfHosted o;
    o.deployment = deployment("qwen3-235b-a22b", "h200", 8, 8, 8);
    o.owned_profile = "h200-8x-colo-us";
    o.provisioning = Provisioning::fixed;
    o.jurisdictions = {"US"};
    const GovernanceFacts f = self_hosted_governance(hw(), o);
    CHECK(f.deployment_class == DeploymentClass::self_hosted_on_premises);
    CHECK(f.model_origin == "CN");
    CHECK(f.inference_jurisdictions == std::vector<std::string>{"US"});
    CHECK_FALSE(f.may_route_to_mainland_china);
    const Policy p = load_policy(kRoot + "/examples/policies/self-host-personal-data.yaml", catalog().jurisdictions());
    CHECK(evaluate(p, f, "personal_data").passes);

    SelfHosted cloud = o;
    cloud.owned_profile.clear();
    cloud.provisioning = Provisioning::autoscale;
    cloud.jurisdictions.clear();
    cloud.cloud_offer = "aws/p5en.48xlarge/eu-north-1";
    const GovernanceFacts g = self_hosted_governance(hw(), cloud);
    CHECK(g.deployment_class == DeploymentClass::self_hosted_cloud);
    CHECK(g.inference_jurisdictions == std::vector<std::string>{"SE"});
    CHECK(g.provider_home == "US");

    const ModelArchitecture* m = hw().model_served_by("fireworks/deepseek-r1");
    REQUIRE(m != nullptr);
    CHECK(m->id == "deepseek-v3");
    CHECK(hw().model_served_by("openai/gpt-4.1") == nullptr);
}

TEST_CASE("Scenario with self-hosted options: compare, policy and a refused claim") {
    const Scenario s = load_scenario(kRoot + "/examples/scenarios/selfhost_qwen.yaml", &catalog());
    REQUIRE(s.options.size() == 4);
    CHECK(s.options[3].self_hosted->provisioning == Provisioning::fixed);  // owned defaults to fixed
    const Comparison c = run_scenario(s, catalog());
    REQUIRE(c.self_hosted.size() == 4);
    CHECK_FALSE(c.self_hosted[0].has_value());
    for (std::size_t i = 1; i < 4; ++i) {
        REQUIRE(c.self_hosted[i].has_value());
        // The report's yearly cost is the plan's hourly costs over the calendar year 2027 (365 days x 24 hours), and
        // its cost lines add up to it.
        const SelfHostReport& plan = *c.self_hosted[i];
        REQUIRE(plan.hours.size() == 365 * 24);
        double year = 0;
        for (const auto& h : plan.hours) year += h.cost;
        CHECK(c.options[i].per_year.amount() == doctest::Approx(year));
        double lines = 0;
        for (double x : c.options[i].by_meter) lines += x;
        CHECK(lines == doctest::Approx(c.options[i].total.amount()));
        // Latency at the busiest minute: the busiest hour's load per running replica, m requests a minute, becomes
        // (m + 2.128 sqrt(m)) / 60 a second, and the replica's quantiles are taken at that rate.
        double busiest = 0;
        for (const auto& h : plan.hours)
            if (h.replicas > 0) busiest = std::max(busiest, h.requests_per_second / h.replicas);
        const double m = busiest * 60;
        CHECK(plan.peak_minute_requests_per_second == doctest::Approx((m + 2.128 * std::sqrt(m)) / 60));
        if (plan.peak_latency) {
            CHECK(plan.peak_latency->offered_rate == doctest::Approx(plan.peak_minute_requests_per_second));
            CHECK(plan.peak_latency->ttft->p99 >= plan.peak_latency->ttft->p50);
        } else {
            CHECK_FALSE(plan.peak_latency_note.empty());
        }
    }
    const Policy p = load_policy(kRoot + "/examples/policies/self-host-personal-data.yaml", catalog().jurisdictions());
    const PolicyCheck pc = check_policy(c, catalog(), p, "personal_data");
    CHECK_FALSE(pc.verdicts[0].passes);  // the API is not self-hosted
    CHECK(pc.verdicts[3].passes);        // owned servers in the US
    CHECK_THROWS_AS(check_claim(catalog(), s.workload, s.options[0], s.options[1], Money(1000, Currency("USD")), s.settings),
                    InputError);
}

TEST_CASE("Bad self-hosting input names the file, line and field") {
    const std::string gpus = R"(gpus:
  - {id: g1, name: G, vendor: v, memory_gb: 80, memory_bandwidth_tbps: 3, bf16_tflops: 900, fp8_tflops: 1800,
     interconnect_gbps: 900, scale_up_domain: 8, tdp_w: 700, source: "https://example.com/g1", checked: 2026-11-28}
)";
    const std::string cloud = R"(provider: {id: c, name: C, home: US}
offers:
  - id: c/8x/us
    instance: 8x
    gpu: g1
    gpus: 8
    region: us
    jurisdictions: [US]
    currency: USD
    on_demand_per_hour: 20
    spot_per_hour: 25
    source: https://example.com/c
    checked: 2026-11-28
)";
    test::ScratchDir dir({{"gpus.yaml", gpus}, {"clouds/c.yaml", cloud}});
    try {
        HardwareCatalog::load(dir.path());
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(e.line() == 11);
        CHECK(e.field() == "offers[0].spot_per_hour");
        CHECK(std::string(e.what()).find("swapped") != std::string::npos);
    }
    test::ScratchDir unknown({{"gpus.yaml", gpus}, {"clouds/c.yaml", std::string(cloud).replace(cloud.find("gpu: g1"), 7, "gpu: g9")}});
    CHECK_THROWS_AS(HardwareCatalog::load(unknown.path()), InputError);

    // An owned profile whose source names a field that does not exist ("pue_ratio" for "pue").
    std::string owned = R"(profiles:
  - id: o1
    gpu: g1
    gpus_per_server: 8
    currency: USD
    server_capex: 200000
    network_capex_per_server: 30000
    life_years: 4
    residual_value_share: 0
    power_per_gpu_kw: 1.2
    pue: 1.5
    electricity_per_kwh: 0.1
    colocation_per_kw_month: 180
    operations_per_gpu_year: 2500
    cost_of_capital: 0.1
    sources:
)";
    for (const char* f : {"server_capex", "network_capex_per_server", "life_years", "residual_value_share", "power_per_gpu_kw",
                          "pue_ratio", "electricity_per_kwh", "colocation_per_kw_month", "operations_per_gpu_year", "cost_of_capital"})
        owned += std::string("      - {field: ") + f + ", url: \"https://example.com/o\", checked: 2026-11-28}\n";
    test::ScratchDir misspelt({{"gpus.yaml", gpus}, {"owned.yaml", owned}});
    try {
        HardwareCatalog::load(misspelt.path());
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(e.line() == 22);  // the sixth source
        CHECK(e.field() == "profiles[0].sources[5].field");
        CHECK(std::string(e.what()).find("pue_ratio") != std::string::npos);
    }
}

TEST_CASE("Bad engine settings and calibration files name the field") {
    const std::string gpus = R"(gpus:
  - {id: g1, name: G, vendor: v, memory_gb: 80, memory_bandwidth_tbps: 3, bf16_tflops: 900, fp8_tflops: 1800,
     interconnect_gbps: 900, scale_up_domain: 8, tdp_w: 700, source: "https://example.com/g1", checked: 2026-11-28}
)";
    const std::string engines = R"(engines:
  - id: e1
    engine: e1
    name: E
    version: "1"
    max_batch_size: 256
    max_num_tokens: 8192
    chunked_prefill: true
    kv_reservation: eventually
    kv_memory: free
    kv_memory_fraction: 0.9
    cuda_graph_max_batch: 256
    overlap_scheduler: false
    source: https://example.com/e
    checked: 2026-12-01
    verified: official
)";
    test::ScratchDir bad({{"gpus.yaml", gpus}, {"engines.yaml", engines}});
    try {
        HardwareCatalog::load(bad.path());
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(e.line() == 9);
        CHECK(e.field() == "engines[0].kv_reservation");
        CHECK(std::string(e.what()).find("full or on_demand") != std::string::npos);
    }
    // A GPU without its scale-up domain is refused.
    std::string no_domain = gpus;
    no_domain.replace(no_domain.find(" scale_up_domain: 8,"), 20, "");
    test::ScratchDir nd({{"gpus.yaml", no_domain}});
    CHECK_THROWS_WITH_AS(HardwareCatalog::load(nd.path()), doctest::Contains("scale_up_domain"), InputError);
}

TEST_CASE("Scenario self-hosted options are checked against the data when the file is read") {
    const std::string head = R"(name: t
currency: USD
horizon: {start: 2027-01-01, months: 12}
workload: {requests_per_day: 1000, input_tokens: {fixed: 1000}, output_tokens: {fixed: 100}, utc_offset: "+00:00"}
baseline: fireworks/qwen3-235b-a22b-instruct-2507
candidates:
  - self_hosted:
      model: llama-3.3-70b
      gpu: h100-sxm
      gpus: 2
)";
    auto error = [&](const std::string& rest) -> InputError {
        try {
            parse_scenario(head + rest, "t.yaml", &catalog());
        } catch (const InputError& e) {
            return e;
        }
        FAIL("expected an error");
        return InputError("none");
    };
    // Lambda publishes no spot price (line 11 is the cloud_offer line).
    InputError e = error("      cloud_offer: lambda/gpu_8x_h100_sxm5/global\n      purchase: spot\n");
    CHECK(e.file() == "t.yaml");
    CHECK(e.line() == 11);
    CHECK(e.field() == "candidates[0].self_hosted.cloud_offer");
    CHECK(std::string(e.what()).find("no spot price") != std::string::npos);
    // An H200 offer for an H100 deployment.
    e = error("      cloud_offer: coreweave/8x-hgx-h200/us\n");
    CHECK(e.line() == 11);
    CHECK(std::string(e.what()).find("has h200 GPUs but the deployment runs on h100-sxm") != std::string::npos);
    // A GPU that is not in the catalog points at the gpu line.
    const std::string unknown_gpu = std::string(head).replace(head.find("gpu: h100-sxm"), 13, "gpu: h100");
    try {
        parse_scenario(unknown_gpu + "      owned: h100-sxm-8x-colo-us\n      jurisdictions: [US]\n", "t.yaml", &catalog());
        FAIL("expected an error");
    } catch (const InputError& x) {
        CHECK(x.line() == 9);
        CHECK(x.field() == "candidates[0].self_hosted.gpu");
    }
    // A well-formed option reads.
    const Scenario ok = parse_scenario(head + "      owned: h100-sxm-8x-colo-us\n      jurisdictions: [US]\n", "t.yaml", &catalog());
    CHECK(ok.options[1].self_hosted->owned_profile == "h100-sxm-8x-colo-us");
}

TEST_CASE("Import a Hugging Face config.json") {
    // A DeepSeek-V3-shaped config, as JSON.
    const std::string json = R"({
  "architectures": ["DeepseekV3ForCausalLM"], "model_type": "deepseek_v3",
  "hidden_size": 7168, "intermediate_size": 18432, "moe_intermediate_size": 2048,
  "num_hidden_layers": 61, "num_attention_heads": 128, "num_key_value_heads": 128,
  "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8, "first_k_dense_replace": 3,
  "kv_lora_rank": 512, "q_lora_rank": 1536, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128,
  "vocab_size": 129280, "tie_word_embeddings": false, "rms_norm_eps": 1e-06
})";
    test::ScratchDir dir({{"my-model/config.json", json}});
    const ModelArchitecture m = import_hf_config(dir.file("my-model/config.json"));
    CHECK(m.id == "my-model");
    CHECK(m.attention() == AttentionKind::mla);
    CHECK(m.kv_bytes_per_token(2) == doctest::Approx(70272));
    CHECK(m.total_params() == doctest::Approx(hw().model("deepseek-v3").total_params()));
    // A config without num_hidden_layers.
    const std::string broken = R"({"hidden_size": 4096,
 "num_attention_heads": 32, "vocab_size": 1000, "intermediate_size": 11008})";
    try {
        parse_hf_config(broken, "config.json", "x");
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK(e.file() == "config.json");
        CHECK(e.field() == "num_hidden_layers");
    }
}

TEST_CASE("Gated DeltaNet layers keep a fixed state instead of a growing KV cache (Qwen3.5-35B-A3B)") {
    // tests/data/qwen3.5-35b-a3b-config.json: the text_config of Qwen/Qwen3.5-35B-A3B (pricing/models/ cites it).
    // 40 layers: 30 linear_attention, 10 full_attention; hidden 2048; full attention 16 heads : 2 KV heads of 256
    // with an output gate; linear attention 16 key heads and 32 value heads of 128, convolution width 4.
    const ModelArchitecture m =
        import_hf_config(std::string(INFERCOST_TEST_SOURCE_DIR) + "/tests/data/qwen3.5-35b-a3b-config.json");
    CHECK(m.linear_layers == 30);
    CHECK(m.full_attention_layers() == 10);
    CHECK(m.attention_output_gate);
    // Full attention: q and its gate 2048 x 16 x 256 x 2 = 16,777,216; k and v 2 x 2048 x 2 x 256 = 2,097,152;
    // o 16 x 256 x 2048 = 8,388,608: 27,262,976.
    CHECK(m.attention_params_per_layer() == doctest::Approx(27'262'976.0));
    // Gated DeltaNet: in_proj_qkvz 2048 x (2 x 2048 + 2 x 4096) = 25,165,824; in_proj_ba 2048 x 64 = 131,072;
    // conv1d (2 x 2048 + 4096) x 4 = 32,768; out_proj 4096 x 2048 = 8,388,608: 33,718,272.
    CHECK(m.linear_attention_params_per_layer() == doctest::Approx(33'718'272.0));
    // KV per token, BF16: only the 10 full-attention layers, 10 x 2 (K and V) x 2 heads x 256 x 2 bytes = 20,480.
    CHECK(m.kv_bytes_per_token(2.0) == doctest::Approx(20'480.0));
    // State per sequence: 30 x (32 heads x 128 x 128 x 4 bytes = 2,097,152, plus the convolution window
    // (2 x 2048 + 4096) x 3 x 2 bytes = 49,152) = 64,389,120 bytes (61.4 MiB), whatever the context.
    CHECK(m.linear_state_bytes(2.0) == doctest::Approx(64'389'120.0));
    CHECK(m.kv_bytes(1000, 2.0) == doctest::Approx(20'480.0 * 1000 + 64'389'120.0));
    CHECK(m.kv_bytes(100'000, 2.0) - m.kv_bytes(1000, 2.0) == doctest::Approx(20'480.0 * 99'000));
    // Published: 35B in total (the config gives 34.7B with both embedding tables).
    CHECK(m.total_params() / 1e9 == doctest::Approx(34.66).epsilon(0.002));
    // The recurrent update costs 4 x 32 x 128 x 128 = 2,097,152 FLOPs per token per linear layer.
    CHECK(m.linear_attention_flops_per_token() == doctest::Approx(2'097'152.0));

    // A layer type the engine does not know is refused, not read as full attention.
    test::ScratchDir dir(std::map<std::string, std::string>{{"cfg.json", R"({"num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4,
        "num_key_value_heads": 4, "head_dim": 16, "vocab_size": 100, "intermediate_size": 128,
        "layer_types": ["full_attention", "mamba"]})"}});
    CHECK_THROWS_WITH_AS(import_hf_config(dir.file("cfg.json")), doctest::Contains("unknown layer type 'mamba'"), InputError);
    // DeepSeek-V4's compressed attention is refused rather than misread as plain attention.
    test::ScratchDir v4(std::map<std::string, std::string>{{"cfg.json", R"({"num_hidden_layers": 2, "hidden_size": 64,
        "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 16, "vocab_size": 100, "intermediate_size": 128,
        "compress_ratios": [0, 4]})"}});
    CHECK_THROWS_WITH_AS(import_hf_config(v4.file("cfg.json")), doctest::Contains("compressed attention"), InputError);
}
