// pricing/gpus.yaml, clouds/*.yaml, owned.yaml, efficiency.yaml, models/*.yaml, calibration/*.yaml and
// Hugging Face config.json files (docs/selfhosting.md describes the formats).
#include "infercost/selfhost/architecture.hpp"
#include "infercost/core/error.hpp"
#include "infercost/selfhost/hardware.hpp"
#include "infercost/io.hpp"
#include "json_reader.hpp"
#include "yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace infercost {

namespace {

using io::YamlNode;
using io::yaml_files;
namespace fs = std::filesystem;

std::string url_at(const YamlNode& n) {
    const std::string s = n.str();
    if (s.rfind("https://", 0) != 0 && s.rfind("http://", 0) != 0) n.fail("expected the URL of the source page");
    return s;
}

double positive(const YamlNode& n) {
    const double v = n.number();
    if (!(v > 0)) n.fail("must be a positive number");
    return v;
}

double share(const YamlNode& n) {
    const double v = n.number();
    if (v < 0 || v > 1) n.fail("must be a share between 0 and 1");
    return v;
}

int positive_int(const YamlNode& n) {
    const auto v = n.integer();
    if (v < 1 || v > 1'000'000'000) n.fail("must be a positive whole number");
    return static_cast<int>(v);
}

Precision precision_at(const YamlNode& n) {
    const std::string s = n.str();
    if (auto p = precision_from_name(s)) return *p;
    n.fail("unknown precision '" + s + "'; use bf16, fp8 or fp4");
}

template <class T>
void check_unique(std::map<std::string, std::string>& seen, const std::string& id, const YamlNode& at, const char* kind) {
    if (auto [it, fresh] = seen.emplace(id, at.file()); !fresh) at.fail(std::string("duplicate ") + kind + " id '" + id + "' (also in " + it->second + ")");
}

Verification read_verified(const YamlNode& n) {
    const auto level = verification_from_name(n.str());
    if (!level || *level == Verification::unknown)
        n.fail("unknown verification '" + n.str() + "'; use official (the vendor's or provider's own page was read), "
               "secondary (a third-party copy, named in read_url) or derived (worked out from other facts; the note says how)");
    return *level;
}

std::vector<Gpu> read_gpus(const fs::path& file) {
    const YamlNode root = YamlNode::load_file(file.string());
    root.expect_keys({"gpus"});
    std::vector<Gpu> out;
    std::map<std::string, std::string> seen;
    for (const auto& n : root.at("gpus").items()) {
        n.expect_keys({"id", "name", "vendor", "memory_gb", "memory_bandwidth_tbps", "bf16_tflops", "fp8_tflops",
                       "fp4_tflops", "interconnect_gbps", "scale_up_domain", "scale_out_gbps", "scale_out_source", "tdp_w", "source",
                       "read_url", "checked", "verified", "note"});
        Gpu g;
        g.id = n.at("id").str();
        check_unique<Gpu>(seen, g.id, n.at("id"), "GPU");
        g.name = n.at("name").str();
        g.vendor = n.at("vendor").str();
        g.memory_gb = positive(n.at("memory_gb"));
        g.memory_bandwidth_tbps = positive(n.at("memory_bandwidth_tbps"));
        g.bf16_tflops = positive(n.at("bf16_tflops"));
        if (auto x = n.get("fp8_tflops")) g.fp8_tflops = positive(*x);
        if (auto x = n.get("fp4_tflops")) g.fp4_tflops = positive(*x);
        g.interconnect_gbps = positive(n.at("interconnect_gbps"));
        g.scale_up_domain = positive_int(n.at("scale_up_domain"));
        if (g.scale_up_domain > 1024) n.at("scale_up_domain").fail("a scale-up domain of more than 1,024 GPUs is not plausible");
        if (auto x = n.get("scale_out_gbps")) {
            g.scale_out_gbps = positive(*x);
            if (*g.scale_out_gbps > 1000) x->fail("GB/s per GPU, one direction; above 1,000 is not plausible");
            g.scale_out_source = url_at(n.at("scale_out_source"));
        } else if (n.get("scale_out_source")) {
            n.at("scale_out_source").fail("a scale-out source without scale_out_gbps");
        }
        g.tdp_w = positive(n.at("tdp_w"));
        g.source = url_at(n.at("source"));
        if (auto x = n.get("read_url")) g.read_url = url_at(*x);
        g.checked = n.at("checked").date();
        if (auto x = n.get("verified")) g.verified = read_verified(*x);
        if (auto x = n.get("note")) g.note = x->str();
        out.push_back(std::move(g));
    }
    return out;
}

void read_clouds(const fs::path& dir, const std::vector<Gpu>& gpus, HardwareCatalog& hw) {
    std::map<std::string, std::string> providers, offers;
    for (const auto& f : yaml_files(dir)) {
        const YamlNode root = YamlNode::load_file(f.string());
        root.expect_keys({"provider", "offers"});
        const YamlNode pn = root.at("provider");
        pn.expect_keys({"id", "name", "homepage", "home"});
        CloudProvider p;
        p.id = pn.at("id").str();
        check_unique<CloudProvider>(providers, p.id, pn.at("id"), "cloud provider");
        p.name = pn.at("name").str();
        if (auto h = pn.get("homepage")) p.homepage = url_at(*h);
        p.home = pn.at("home").str();
        p.loaded_from.file = f.string();
        for (const auto& n : root.at("offers").items()) {
            n.expect_keys({"id", "instance", "gpu", "gpus", "region", "jurisdictions", "jurisdictions_complete", "currency",
                           "on_demand_per_hour", "spot_per_hour", "committed", "source", "read_url", "checked", "verified",
                           "note"});
            CloudOffer o;
            o.provider = p.id;
            const YamlNode idn = n.at("id");
            o.id = idn.str();
            if (o.id.rfind(p.id + "/", 0) != 0) idn.fail("an offer id starts with its provider id: '" + p.id + "/...'");
            check_unique<CloudOffer>(offers, o.id, idn, "cloud offer");
            o.instance = n.at("instance").str();
            const YamlNode gn = n.at("gpu");
            o.gpu = gn.str();
            if (std::none_of(gpus.begin(), gpus.end(), [&](const Gpu& g) { return g.id == o.gpu; }))
                gn.fail("unknown GPU '" + o.gpu + "'; it must be an id in gpus.yaml");
            o.gpus = positive_int(n.at("gpus"));
            o.region = n.at("region").str();
            o.jurisdictions = n.at("jurisdictions").strings();
            if (o.jurisdictions.empty()) n.at("jurisdictions").fail("lists no countries");
            if (auto x = n.get("jurisdictions_complete")) o.jurisdictions_complete = x->boolean();
            try {
                o.currency = Currency(n.at("currency").str());
            } catch (const InputError& e) {
                n.at("currency").fail(e.reason());
            }
            o.on_demand_per_hour = positive(n.at("on_demand_per_hour"));
            if (auto x = n.get("spot_per_hour")) {
                o.spot_per_hour = positive(*x);
                // Catalogs have been seen with the spot and on-demand columns swapped.
                if (*o.spot_per_hour > o.on_demand_per_hour)
                    x->fail("spot price above the on-demand price; check whether the two are swapped");
            }
            if (auto c = n.get("committed"))
                for (const auto& t : c->items()) {
                    t.expect_keys({"term_months", "per_hour"});
                    CommittedPrice cp{positive_int(t.at("term_months")), positive(t.at("per_hour"))};
                    if (cp.per_hour > o.on_demand_per_hour) t.at("per_hour").fail("committed price above the on-demand price");
                    o.committed.push_back(cp);
                }
            o.source = url_at(n.at("source"));
            if (auto x = n.get("read_url")) o.read_url = url_at(*x);
            o.checked = n.at("checked").date();
            if (auto x = n.get("verified")) o.verified = read_verified(*x);
            if (auto x = n.get("note")) o.note = x->str();
            hw.cloud_offers.push_back(std::move(o));
        }
        hw.cloud_providers.push_back(std::move(p));
    }
}

std::vector<OwnedProfile> read_owned(const fs::path& file, const std::vector<Gpu>& gpus) {
    const YamlNode root = YamlNode::load_file(file.string());
    root.expect_keys({"profiles"});
    std::vector<OwnedProfile> out;
    std::map<std::string, std::string> seen;
    for (const auto& n : root.at("profiles").items()) {
        n.expect_keys({"id", "gpu", "gpus_per_server", "currency", "server_capex", "network_capex_per_server", "life_years",
                       "residual_value_share", "power_per_gpu_kw", "pue", "electricity_per_kwh", "colocation_per_kw_month",
                       "operations_per_gpu_year", "cost_of_capital", "sources", "note"});
        OwnedProfile p;
        p.id = n.at("id").str();
        check_unique<OwnedProfile>(seen, p.id, n.at("id"), "owned profile");
        p.gpu = n.at("gpu").str();
        if (std::none_of(gpus.begin(), gpus.end(), [&](const Gpu& g) { return g.id == p.gpu; }))
            n.at("gpu").fail("unknown GPU '" + p.gpu + "'; it must be an id in gpus.yaml");
        p.gpus_per_server = positive_int(n.at("gpus_per_server"));
        try {
            p.currency = Currency(n.at("currency").str());
        } catch (const InputError& e) {
            n.at("currency").fail(e.reason());
        }
        p.server_capex = positive(n.at("server_capex"));
        p.network_capex_per_server = n.at("network_capex_per_server").non_negative();
        p.life_years = positive(n.at("life_years"));
        p.residual_value_share = share(n.at("residual_value_share"));
        p.power_per_gpu_kw = positive(n.at("power_per_gpu_kw"));
        p.pue = n.at("pue").number();
        if (p.pue < 1 || p.pue > 5) n.at("pue").fail("a PUE is at least 1 (and rarely above 2)");
        p.electricity_per_kwh = n.at("electricity_per_kwh").non_negative();
        p.colocation_per_kw_month = n.at("colocation_per_kw_month").non_negative();
        p.operations_per_gpu_year = n.at("operations_per_gpu_year").non_negative();
        p.cost_of_capital = share(n.at("cost_of_capital"));
        // Every numeric field needs its own source.
        static const std::set<std::string> numeric = {
            "server_capex", "network_capex_per_server", "life_years", "residual_value_share", "power_per_gpu_kw",
            "pue", "electricity_per_kwh", "colocation_per_kw_month", "operations_per_gpu_year", "cost_of_capital"};
        std::set<std::string> sourced;
        for (const auto& s : n.at("sources").items()) {
            s.expect_keys({"field", "url", "checked"});
            const std::string field = s.at("field").str();
            // A misspelt field would leave its real field unsourced without saying why.
            if (!numeric.count(field)) s.at("field").fail("'" + field + "' is not a numeric field of an owned profile");
            sourced.insert(field);
            url_at(s.at("url"));
            p.checked = std::max(p.checked, s.at("checked").date());
        }
        for (const auto& f : numeric)
            if (!sourced.count(f)) n.at("sources").fail("no source for field '" + f + "'");
        p.loaded_from.file = file.string();
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<EfficiencyProfile> read_efficiency(const fs::path& file, const std::vector<Gpu>& gpus) {
    const YamlNode root = YamlNode::load_file(file.string());
    root.expect_keys({"profiles"});
    std::vector<EfficiencyProfile> out;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& n : root.at("profiles").items()) {
        n.expect_keys({"engine", "gpu", "family", "compute", "memory", "interconnect", "all_to_all", "step_overhead_ms", "sequence_overhead_us",
                       "collective_latency_us", "reserve_gb", "expert_imbalance", "spread", "basis", "source", "checked", "note"});
        EfficiencyProfile e;
        e.engine = n.at("engine").str();
        e.gpu = n.at("gpu").str();
        if (std::none_of(gpus.begin(), gpus.end(), [&](const Gpu& g) { return g.id == e.gpu; }))
            n.at("gpu").fail("unknown GPU '" + e.gpu + "'; it must be an id in gpus.yaml");
        if (!seen.emplace(e.engine, e.gpu).second) n.fail("a second profile for " + e.engine + " on " + e.gpu + "; keep one");
        e.family = n.at("family").str();
        e.compute = share(n.at("compute"));
        e.memory = share(n.at("memory"));
        e.interconnect = share(n.at("interconnect"));
        e.all_to_all = share(n.at("all_to_all"));
        if (e.compute == 0 || e.memory == 0 || e.interconnect == 0 || e.all_to_all == 0) n.fail("efficiency factors must be above 0");
        e.step_overhead_ms = n.at("step_overhead_ms").non_negative();
        e.sequence_overhead_us = n.at("sequence_overhead_us").non_negative();
        e.collective_latency_us = n.at("collective_latency_us").non_negative();
        e.reserve_gb = n.at("reserve_gb").non_negative();
        e.expert_imbalance = n.at("expert_imbalance").number();
        if (!(e.expert_imbalance >= 1 && e.expert_imbalance <= 100)) n.at("expert_imbalance").fail("must be between 1 (balanced) and 100");
        e.spread = share(n.at("spread"));
        e.basis = n.at("basis").str();
        e.source = url_at(n.at("source"));
        e.checked = n.at("checked").date();
        if (auto x = n.get("note")) e.note = x->str();
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<EngineSettings> read_engines(const fs::path& file) {
    const YamlNode root = YamlNode::load_file(file.string());
    root.expect_keys({"engines"});
    std::vector<EngineSettings> out;
    std::map<std::string, std::string> seen;
    for (const auto& n : root.at("engines").items()) {
        n.expect_keys({"id", "engine", "name", "version", "max_batch_size", "max_num_tokens", "chunked_prefill", "kv_reservation",
                       "kv_memory", "kv_memory_fraction", "cuda_graph_max_batch", "overlap_scheduler", "moe_gemm_tile_tokens", "expert_exchange", "heuristic", "source", "checked", "verified", "note"});
        EngineSettings e;
        e.id = n.at("id").str();
        check_unique<EngineSettings>(seen, e.id, n.at("id"), "engine settings");
        e.engine = n.at("engine").str();
        e.name = n.at("name").str();
        e.version = n.at("version").str();
        e.max_batch_size = positive_int(n.at("max_batch_size"));
        e.max_num_tokens = positive_int(n.at("max_num_tokens"));
        if (e.max_batch_size > 1'000'000 || e.max_num_tokens > 10'000'000) n.fail("batch limits beyond any engine's");
        e.chunked_prefill = n.at("chunked_prefill").boolean();
        const std::string r = n.at("kv_reservation").str();
        if (auto x = kv_reservation_from_name(r)) e.kv_reservation = *x;
        else n.at("kv_reservation").fail("unknown KV reservation '" + r + "'; use full or on_demand");
        const std::string k = n.at("kv_memory").str();
        if (auto x = kv_memory_from_name(k)) e.kv_memory = *x;
        else n.at("kv_memory").fail("unknown KV memory basis '" + k + "'; use free (after the weights) or total");
        e.kv_memory_fraction = share(n.at("kv_memory_fraction"));
        if (e.kv_memory_fraction == 0) n.at("kv_memory_fraction").fail("must be above 0");
        e.cuda_graph_max_batch = positive_int(n.at("cuda_graph_max_batch"));
        e.overlap_scheduler = n.at("overlap_scheduler").boolean();
        if (auto x = n.get("moe_gemm_tile_tokens")) {
            e.moe_gemm_tile_tokens = positive_int(*x);
            if (e.moe_gemm_tile_tokens > 1024) x->fail("a GEMM tile of more than 1,024 rows is not plausible");
        }
        const std::string xc = n.at("expert_exchange").str();
        if (auto x = expert_exchange_from_name(xc)) e.expert_exchange = *x;
        else n.at("expert_exchange").fail("unknown expert exchange '" + xc + "'; use all_to_all, all_gather or all_gather_up_to_top_k");
        if (auto x = n.get("heuristic")) {
            const std::string h = x->str();
            if (auto v = heuristic_from_name(h)) e.heuristic = *v;
            else x->fail("unknown batch heuristic '" + h + "'; use none or trtllm-bench");
        }
        e.source = url_at(n.at("source"));
        e.checked = n.at("checked").date();
        e.verified = read_verified(n.at("verified"));
        if (auto x = n.get("note")) e.note = x->str();
        out.push_back(std::move(e));
    }
    return out;
}

// Reads an integer config key that may be absent or null.
int config_int(const YamlNode& c, std::string_view key, int fallback = 0) {
    auto n = c.get(key);
    if (!n || n->is_null()) return fallback;
    const auto v = n->integer();
    if (v < 0) n->fail("must not be negative (found " + std::to_string(v) + "); a count or size is zero or more");
    if (v > 100'000'000) n->fail("is " + std::to_string(v) + ", above 100,000,000, larger than any model's; check the value");
    return static_cast<int>(v);
}

int required_int(const YamlNode& c, std::string_view key) {
    auto n = c.get(key);
    if (!n || n->is_null()) c.at(key).fail("missing required config key '" + std::string(key) + "'");
    const int v = config_int(c, key);
    if (v == 0) n->fail("must be a positive whole number");  // a count or width the model divides by
    return v;
}

ModelArchitecture read_config(const YamlNode& c) {
    if (!c.is_map()) c.fail("expected the JSON object of a Hugging Face config.json");
    ModelArchitecture m;
    if (auto t = c.get("model_type"); t && !t->is_null()) m.model_type = t->str();
    m.layers = required_int(c, "num_hidden_layers");
    m.hidden = required_int(c, "hidden_size");
    m.heads = required_int(c, "num_attention_heads");
    m.kv_heads = config_int(c, "num_key_value_heads", m.heads);
    m.head_dim = config_int(c, "head_dim", m.heads > 0 ? m.hidden / m.heads : 0);
    m.vocab = required_int(c, "vocab_size");
    if (auto t = c.get("tie_word_embeddings"); t && !t->is_null()) m.tied_embeddings = t->boolean();
    m.dense_intermediate = config_int(c, "intermediate_size");

    // Experts: DeepSeek/GLM/Kimi name them n_routed_experts, Qwen num_experts, Mixtral/MiniMax/gpt-oss num_local_experts.
    for (const char* k : {"n_routed_experts", "num_experts", "num_local_experts"})
        if (int e = config_int(c, k); e > 0) {
            m.experts = e;
            break;
        }
    if (m.experts > 0) {
        m.experts_per_token = config_int(c, "num_experts_per_tok", config_int(c, "experts_per_token"));
        if (m.experts_per_token == 0) c.at("num_experts_per_tok").fail("an MoE config needs num_experts_per_tok");
        // Without moe_intermediate_size (Mixtral style) intermediate_size is the expert width and every layer is MoE.
        m.expert_intermediate = config_int(c, "moe_intermediate_size", m.dense_intermediate);
        if (m.expert_intermediate <= 0)
            (c.has("moe_intermediate_size") ? c.at("moe_intermediate_size") : c.at("intermediate_size"))
                .fail("an MoE config needs a positive expert width (moe_intermediate_size, or intermediate_size)");
        m.shared_experts = config_int(c, "n_shared_experts");
        if (int s = config_int(c, "shared_expert_intermediate_size"); s > 0) {
            if (s % m.expert_intermediate != 0)
                c.at("shared_expert_intermediate_size").fail("not a whole number of experts wide; this shape is not supported");
            m.shared_experts = s / m.expert_intermediate;
        }
        m.dense_layers = config_int(c, "first_k_dense_replace");
        if (auto mo = c.get("mlp_only_layers"); mo && !mo->is_null() && !mo->items().empty())
            mo->fail("dense layers scattered among MoE layers (mlp_only_layers) are not supported");
        if (config_int(c, "decoder_sparse_step", 1) != 1)
            c.at("decoder_sparse_step").fail("MoE on every n-th layer only is not supported");
        if (config_int(c, "moe_layer_freq", 1) != 1) c.at("moe_layer_freq").fail("MoE on every n-th layer only is not supported");
    }
    // Multi-head latent attention.
    if (int r = config_int(c, "kv_lora_rank"); r > 0) {
        m.kv_lora_rank = r;
        m.q_lora_rank = config_int(c, "q_lora_rank");
        m.qk_nope_head_dim = required_int(c, "qk_nope_head_dim");
        m.qk_rope_head_dim = required_int(c, "qk_rope_head_dim");
        m.v_head_dim = required_int(c, "v_head_dim");
        m.head_dim = m.qk_nope_head_dim + m.qk_rope_head_dim;
    }
    // DeepSeek Sparse Attention (V3.2): the indexer's shape and how many cached tokens each query keeps.
    if (int k = config_int(c, "index_topk"); k > 0) {
        m.index_topk = k;
        m.index_heads = required_int(c, "index_n_heads");
        m.index_head_dim = required_int(c, "index_head_dim");
    }
    m.mtp_layers = config_int(c, "num_nextn_predict_layers");
    // DeepSeek-V4's hybrid compressed attention (compress_ratios: windowed, compressed and sparse-selected history,
    // grouped low-rank output, FP4 experts beside FP8 attention) is not modelled: read as plain attention its KV
    // cache and active parameters come out wrong, so it is refused.
    if (auto cr = c.get("compress_ratios"); cr && !cr->is_null())
        cr->fail("compressed attention (DeepSeek-V4 compress_ratios) is not modelled yet; its KV cache and active "
                 "parameters would be misread");
    // Linear or lightning attention layers (MiniMax-01 style attn_type_list 0) change the cost model entirely.
    if (auto a = c.get("attn_type_list"); a && !a->is_null())
        for (const auto& x : a->items())
            if (x.integer() != 1) a->fail("linear-attention layers (attn_type_list 0) are not supported");
    // Linear-attention layers (Gated DeltaNet): `layer_types` marks them "linear_attention".
    if (auto lt = c.get("layer_types"); lt && !lt->is_null()) {
        if (static_cast<int>(lt->items().size()) != m.layers) lt->fail("layer_types must list every layer");
        for (const auto& x : lt->items()) {
            const std::string t = x.str();
            if (t == "linear_attention") ++m.linear_layers;
            else if (t != "full_attention" && t != "sliding_attention")
                x.fail("unknown layer type '" + t + "'; known: full_attention, sliding_attention, linear_attention");
        }
        if (m.linear_layers > 0) {
            m.linear_key_heads = required_int(c, "linear_num_key_heads");
            m.linear_value_heads = required_int(c, "linear_num_value_heads");
            m.linear_key_head_dim = required_int(c, "linear_key_head_dim");
            m.linear_value_head_dim = required_int(c, "linear_value_head_dim");
            m.linear_conv_kernel = required_int(c, "linear_conv_kernel_dim");
        }
    }
    if (auto g = c.get("attn_output_gate"); g && !g->is_null()) m.attention_output_gate = g->boolean();
    // Sliding windows: per-layer `layer_types` (gpt-oss, Gemma) or one window for all layers (Mistral).
    const int window = config_int(c, "sliding_window");
    if (window > 0) {
        bool use = true;
        if (auto u = c.get("use_sliding_window"); u && !u->is_null()) use = u->boolean();
        if (auto lt = c.get("layer_types"); lt && !lt->is_null()) {
            int sliding = 0;
            for (const auto& x : lt->items()) sliding += x.str() == "sliding_attention";
            m.sliding_layers = sliding;
        } else if (use) {
            m.sliding_layers = m.layers;
        }
        if (m.sliding_layers > 0) m.sliding_window = window;
    }
    return m;
}

ModelArchitecture read_model_file(const fs::path& file) {
    const YamlNode root = YamlNode::load_file(file.string());
    root.expect_keys({"id", "name", "origin", "open_weights", "license", "published_parameters", "served_by",
                      "source", "checked", "config"});
    ModelArchitecture m = read_config(root.at("config"));
    m.id = root.at("id").str();
    m.name = root.at("name").str();
    m.origin = root.at("origin").str();
    m.open_weights = root.at("open_weights").boolean();
    m.license = root.at("license").str();
    // The counts the lab publishes (its model card), with their own source: the check below compares them with
    // the count computed from `config`.
    const YamlNode published = root.at("published_parameters");
    published.expect_keys({"total_b", "active_b", "source", "checked", "note"});
    m.published_total_params_b = positive(published.at("total_b"));
    m.published_active_params_b = positive(published.at("active_b"));
    m.published_params_source = url_at(published.at("source"));
    m.published_params_checked = published.at("checked").date();
    if (auto s = root.get("served_by")) m.served_by = s->strings();
    m.source = url_at(root.at("source"));
    m.checked = root.at("checked").date();
    m.loaded_from.file = file.string();
    try {
        m.validate();
    } catch (const InputError& e) {
        root.at("config").fail(e.reason());
    }
    // The config must describe the model the lab published: a wrong key shows up as a wrong size.
    const double total_b = m.total_params() / 1e9;
    if (std::abs(total_b / m.published_total_params_b - 1) > 0.05)
        published.at("total_b").fail("the config gives " + std::to_string(total_b) + "B parameters, more than 5% from the published " +
                                     std::to_string(m.published_total_params_b) + "B; check the config keys");
    return m;
}

std::vector<ThroughputRow> read_calibration(const fs::path& file, const HardwareCatalog& hw) {
    const YamlNode root = YamlNode::load_file(file.string());
    root.expect_keys({"engine", "settings", "engine_version", "regime", "source", "checked", "metric", "kv_memory_fraction", "rows"});
    std::optional<double> file_fraction;
    if (auto x = root.get("kv_memory_fraction")) {
        file_fraction = share(*x);
        if (*file_fraction == 0) x->fail("must be above 0");
    }
    const std::string engine = root.at("engine").str();
    const std::string settings = root.at("settings").str();
    if (std::none_of(hw.engines.begin(), hw.engines.end(), [&](const EngineSettings& e) { return e.id == settings && e.engine == engine; }))
        root.at("settings").fail("no engine settings '" + settings + "' for " + engine + " in engines.yaml");
    const std::string source = url_at(root.at("source"));
    root.at("checked").date();
    const std::string regime = root.at("regime").str();
    const std::optional<Regime> parsed = regime_from_name(regime);
    if (!parsed) root.at("regime").fail("unknown regime '" + regime + "'; use offline, served or production");
    const Regime reg = *parsed;
    const std::string metric = root.at("metric").str();
    if (metric != "replica" && metric != "per_gpu")
        root.at("metric").fail("unknown metric '" + metric + "'; use replica (output tokens a second of the whole replica) or per_gpu");
    std::vector<ThroughputRow> out;
    for (const auto& n : root.at("rows").items()) {
        n.expect_keys({"model", "gpu", "gpus", "tp", "ep", "weights", "expert_weights", "kv", "kv_memory_fraction", "max_num_tokens", "isl",
                       "osl", "output_tokens_per_second"});
        ThroughputRow r;
        r.engine = engine;
        r.settings = settings;
        r.engine_version = root.at("engine_version").str();
        r.regime = reg;
        r.source = source;
        r.file = file.string();
        r.model = n.at("model").str();
        if (std::none_of(hw.models.begin(), hw.models.end(), [&](const ModelArchitecture& m) { return m.id == r.model; }))
            n.at("model").fail("unknown model '" + r.model + "'; it must be an id in models/");
        r.gpu = n.at("gpu").str();
        if (std::none_of(hw.gpus.begin(), hw.gpus.end(), [&](const Gpu& g) { return g.id == r.gpu; }))
            n.at("gpu").fail("unknown GPU '" + r.gpu + "'");
        r.gpus = positive_int(n.at("gpus"));
        r.tp = positive_int(n.at("tp"));
        if (auto x = n.get("ep")) r.ep = positive_int(*x);
        r.weights = precision_at(n.at("weights"));
        if (auto x = n.get("expert_weights")) r.expert_weights = precision_at(*x);
        r.kv = precision_at(n.at("kv"));
        r.kv_memory_fraction = file_fraction;
        if (auto x = n.get("kv_memory_fraction")) {
            r.kv_memory_fraction = share(*x);
            if (*r.kv_memory_fraction == 0) x->fail("must be above 0");
        }
        if (auto x = n.get("max_num_tokens")) r.max_num_tokens = positive_int(*x);
        r.isl = positive(n.at("isl"));
        r.osl = positive(n.at("osl"));
        const double v = positive(n.at("output_tokens_per_second"));
        if (metric == "per_gpu") {
            r.published_per_gpu = v;
            r.output_tokens_per_second = v * r.gpus;
        } else {
            r.output_tokens_per_second = v;
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace

HardwareCatalog HardwareCatalog::load(const fs::path& dir) {
    HardwareCatalog hw;
    hw.directory = dir;
    const fs::path gpus = dir / "gpus.yaml";
    if (!fs::exists(gpus)) throw InputError("catalog directory '" + dir.string() + "' has no gpus.yaml");
    hw.gpus = read_gpus(gpus);
    read_clouds(dir / "clouds", hw.gpus, hw);
    if (fs::exists(dir / "owned.yaml")) hw.owned = read_owned(dir / "owned.yaml", hw.gpus);
    if (fs::exists(dir / "efficiency.yaml")) hw.efficiency = read_efficiency(dir / "efficiency.yaml", hw.gpus);
    if (fs::exists(dir / "engines.yaml")) hw.engines = read_engines(dir / "engines.yaml");
    std::map<std::string, std::string> seen;
    for (const auto& f : yaml_files(dir / "models")) {
        ModelArchitecture m = read_model_file(f);
        if (auto [it, fresh] = seen.emplace(m.id, f.string()); !fresh)
            throw InputError(f.string(), 1, 1, "id", "duplicate model id '" + m.id + "' (also in " + it->second + ")");
        hw.models.push_back(std::move(m));
    }
    // A transferred profile must name a calibrated one.
    for (const auto& e : hw.efficiency) {
        if (e.basis == "calibrated") continue;
        const std::string prefix = "transferred from ";
        bool ok = e.basis.rfind(prefix, 0) == 0;
        if (ok) {
            const std::string from = e.basis.substr(prefix.size());
            ok = std::any_of(hw.efficiency.begin(), hw.efficiency.end(), [&](const EfficiencyProfile& x) {
                return x.basis == "calibrated" && x.engine + "/" + x.gpu == from;
            });
        }
        if (!ok)
            throw InputError((dir / "efficiency.yaml").string(), 1, 1, "profiles.basis",
                             "profile " + e.engine + "/" + e.gpu + " has basis '" + e.basis +
                             "'; use 'calibrated' or 'transferred from <engine>/<gpu>' naming a calibrated profile");
    }
    for (const auto& f : yaml_files(dir / "calibration")) {
        auto rows = read_calibration(f, hw);
        hw.calibration.insert(hw.calibration.end(), rows.begin(), rows.end());
    }
    return hw;
}

ModelArchitecture parse_hf_config(const std::string& json_text, const std::string& name, std::string id) {
    // JSON is checked by the JSON parser (syntax, duplicate keys, depth); the strict reader then reads the same
    // text, since model files carry the same config as YAML.
    io::check_text(json_text, name);
    io::parse_json(json_text, name);
    const YamlNode root = YamlNode::load_string(json_text, name);
    if (root.is_null()) throw InputError(name, 1, 1, "", "the config is empty");
    ModelArchitecture m = read_config(root);
    m.id = std::move(id);
    m.name = m.id;
    m.source = name;
    m.loaded_from.file = name;
    m.validate();
    return m;
}

ModelArchitecture import_hf_config(const fs::path& config_json, std::string id) {
    if (id.empty()) {
        const fs::path parent = fs::absolute(config_json).parent_path();
        id = parent.filename().string();
        if (id.empty()) id = config_json.stem().string();
    }
    return parse_hf_config(io::read_text(config_json.string()), config_json.string(), std::move(id));
}

}  // namespace infercost
