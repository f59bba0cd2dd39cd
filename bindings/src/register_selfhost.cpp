// Python bindings of the self-hosting layer: hardware data, architectures, the throughput model, capacity plans
// and break-even.
#include "convert.hpp"
#include "register.hpp"

#include <infercost/io.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace infercost::py_convert {

namespace {

Precision to_precision(const std::string& s, const char* what) {
    if (auto p = precision_from_name(s)) return *p;
    throw InputError(std::string(what) + ": unknown precision '" + s + "'; use bf16, fp8 or fp4");
}

std::optional<double> opt_number(const py::handle& v, const char* what) {
    if (v.is_none()) return std::nullopt;
    return to_number(v, what);
}

int to_int(const py::handle& v, const char* what, int lo) {
    const auto n = to_count(v, what);
    if (n < lo || n > 1'000'000) throw InputError(std::string(what) + " must be a whole number of at least " + std::to_string(lo));
    return static_cast<int>(n);
}

py::dict owned_cost_dict(const OwnedCost& c) {
    py::dict d;
    d["capital"] = c.capital;
    d["power"] = c.power;
    d["colocation"] = c.colocation;
    d["operations"] = c.operations;
    d["total"] = c.total;
    return d;
}

py::object quantiles_dict(const std::optional<LatencyQuantiles>& q) {
    if (!q) return py::none();
    py::dict d;
    d["mean"] = q->mean;
    d["p50"] = q->p50;
    d["p90"] = q->p90;
    d["p99"] = q->p99;
    return d;
}

py::dict layout_dict(const Layout& l) {
    py::dict d;
    d["gpus"] = l.gpus;
    d["tp"] = l.tp;
    d["dp"] = l.dp;
    d["pp"] = l.pp;
    d["ep"] = l.ep;
    d["nodes"] = l.nodes;
    d["gpus_per_domain"] = l.gpus_per_domain;
    d["tp_crosses"] = l.tp_crosses;
    d["ep_crosses"] = l.ep_crosses;
    d["pp_crosses"] = l.pp_crosses;
    d["scale_up_gbps"] = l.scale_up_gbps;
    d["scale_out_gbps"] = l.scale_out_gbps;
    return d;
}

py::dict memory_dict(const MemoryPlan& p) {
    py::dict d;
    d["weights_gb_per_gpu"] = p.weights_gb_per_gpu;
    d["usable_gb_per_gpu"] = p.usable_gb_per_gpu;
    d["kv_budget_gb_per_gpu"] = p.kv_budget_gb_per_gpu;
    d["kv_bytes_per_token_per_gpu"] = p.kv_bytes_per_token_per_gpu;
    d["kv_tokens_per_replica"] = p.kv_tokens_per_replica;
    return d;
}

}  // namespace

// The defaults of the C++ structs (a deployment, a self-hosted option, comparison settings, a Monte Carlo run) and of the catalog
// checks: the bindings' keyword defaults, the Python helpers and the command line all read them from here
// (infercost._core.DEFAULTS).
const Deployment kDeployment{};
const SelfHosted kSelfHosted{};
const ComparisonSettings kSettings{};
const MonteCarloOptions kMonteCarlo{};

void register_selfhost_classes(py::module_& m) {
    py::dict defaults;
    defaults["gpus"] = kDeployment.gpus;
    defaults["ep"] = kDeployment.ep;
    defaults["pp"] = kDeployment.pp;
    defaults["spec_tokens"] = kDeployment.spec_tokens;
    defaults["spec_accept"] = kDeployment.spec_accept;
    defaults["weights"] = std::string(precision_name(kDeployment.weights));
    defaults["kv"] = std::string(precision_name(kDeployment.kv));
    defaults["engine"] = kDeployment.engine;
    defaults["purchase"] = std::string(purchase_name(kSelfHosted.purchase));
    defaults["min_replicas"] = kSelfHosted.min_replicas;
    defaults["spot_share"] = kSelfHosted.spot_share;
    defaults["spot_interruption"] = kSelfHosted.spot_interruption;
    defaults["max_utilisation"] = kSelfHosted.max_utilisation;
    defaults["months"] = kSettings.period.months;
    defaults["currency"] = kSettings.currency.code();
    defaults["on_retirement"] = std::string(on_retirement_name(kSettings.on_retirement));
    defaults["diff_threshold"] = kDiffThreshold;
    defaults["audit_stale_days"] = kAuditStaleDays;
    defaults["audit_retiring_days"] = kAuditRetiringDays;
    defaults["samples"] = kMonteCarlo.samples;
    defaults["seed"] = kMonteCarlo.seed;
    m.attr("DEFAULTS") = defaults;

    py::class_<Gpu>(m, "Gpu", "An accelerator's specification (dense peaks), with its source.")
        .def_readonly("id", &Gpu::id)
        .def_readonly("name", &Gpu::name)
        .def_readonly("vendor", &Gpu::vendor)
        .def_readonly("memory_gb", &Gpu::memory_gb)
        .def_readonly("memory_bandwidth_tbps", &Gpu::memory_bandwidth_tbps)
        .def_readonly("bf16_tflops", &Gpu::bf16_tflops)
        .def_readonly("fp8_tflops", &Gpu::fp8_tflops)
        .def_readonly("fp4_tflops", &Gpu::fp4_tflops)
        .def_readonly("interconnect_gbps", &Gpu::interconnect_gbps)
        .def_readonly("tdp_w", &Gpu::tdp_w)
        .def_readonly("source", &Gpu::source)
        .def_readonly("read_url", &Gpu::read_url, "The page actually read, where it is not `source`; empty if it is.")
        .def_property_readonly("checked", [](const Gpu& g) { return from_date(g.checked); })
        .def_property_readonly("verified", [](const Gpu& g) -> py::object {
            return g.verified == Verification::unknown ? py::object(py::none()) : py::object(py::str(std::string(verification_name(g.verified))));
        }, "official, secondary or derived; None where the data does not say.")
        .def_readonly("note", &Gpu::note)
        .def("__repr__", [](const Gpu& g) { return "<Gpu " + g.id + ">"; });

    py::class_<CloudOffer>(m, "CloudOffer", "A rentable GPU instance type in one region; prices per instance-hour.")
        .def_readonly("id", &CloudOffer::id)
        .def_readonly("provider", &CloudOffer::provider)
        .def_readonly("instance", &CloudOffer::instance)
        .def_readonly("gpu", &CloudOffer::gpu)
        .def_readonly("gpus", &CloudOffer::gpus)
        .def_readonly("region", &CloudOffer::region)
        .def_readonly("jurisdictions", &CloudOffer::jurisdictions)
        .def_readonly("jurisdictions_complete", &CloudOffer::jurisdictions_complete)
        .def_property_readonly("currency", [](const CloudOffer& o) { return o.currency.code(); })
        .def_readonly("on_demand_per_hour", &CloudOffer::on_demand_per_hour)
        .def_readonly("spot_per_hour", &CloudOffer::spot_per_hour)
        .def_property_readonly("committed", [](const CloudOffer& o) {
            std::map<int, double> d;
            for (const auto& c : o.committed) d[c.term_months] = c.per_hour;
            return d;
        }, "Term in months -> price per instance-hour.")
        .def_readonly("source", &CloudOffer::source)
        .def_readonly("read_url", &CloudOffer::read_url, "The page actually read, where it is not `source`; empty if it is.")
        .def_property_readonly("checked", [](const CloudOffer& o) { return from_date(o.checked); })
        .def_property_readonly("verified", [](const CloudOffer& o) -> py::object {
            return o.verified == Verification::unknown ? py::object(py::none()) : py::object(py::str(std::string(verification_name(o.verified))));
        }, "official, secondary or derived; None where the data does not say.")
        .def_readonly("note", &CloudOffer::note)
        .def("__repr__", [](const CloudOffer& o) { return "<CloudOffer " + o.id + ">"; });

    py::class_<OwnedProfile>(m, "OwnedProfile", "Buying 8-GPU servers and running them in a colocation facility.")
        .def_readonly("id", &OwnedProfile::id)
        .def_readonly("gpu", &OwnedProfile::gpu)
        .def_readonly("gpus_per_server", &OwnedProfile::gpus_per_server)
        .def_property_readonly("currency", [](const OwnedProfile& p) { return p.currency.code(); })
        .def_readonly("server_capex", &OwnedProfile::server_capex)
        .def_readonly("network_capex_per_server", &OwnedProfile::network_capex_per_server)
        .def_readonly("life_years", &OwnedProfile::life_years)
        .def_readonly("residual_value_share", &OwnedProfile::residual_value_share)
        .def_readonly("power_per_gpu_kw", &OwnedProfile::power_per_gpu_kw)
        .def_readonly("pue", &OwnedProfile::pue)
        .def_readonly("electricity_per_kwh", &OwnedProfile::electricity_per_kwh)
        .def_readonly("colocation_per_kw_month", &OwnedProfile::colocation_per_kw_month)
        .def_readonly("operations_per_gpu_year", &OwnedProfile::operations_per_gpu_year)
        .def_readonly("cost_of_capital", &OwnedProfile::cost_of_capital)
        .def("cost_per_gpu_hour", [](const OwnedProfile& p, const py::handle& life_years) {
            OwnedProfile q = p;
            if (!life_years.is_none()) q.life_years = to_number(life_years, "life_years");
            return owned_cost_dict(owned_cost_per_gpu_hour(q));
        }, py::arg("life_years") = py::none(), "Cost of one GPU for one hour by component (capital, power, colocation, "
                                               "operations, total); `life_years` overrides the profile's life.")
        .def("__repr__", [](const OwnedProfile& p) { return "<OwnedProfile " + p.id + ">"; });

    py::class_<EfficiencyProfile>(m, "EfficiencyProfile", "How close an engine gets to a GPU's peaks.")
        .def_readonly("engine", &EfficiencyProfile::engine)
        .def_readonly("gpu", &EfficiencyProfile::gpu)
        .def_readonly("family", &EfficiencyProfile::family)
        .def_readonly("compute", &EfficiencyProfile::compute)
        .def_readonly("memory", &EfficiencyProfile::memory)
        .def_readonly("interconnect", &EfficiencyProfile::interconnect)
        .def_readonly("all_to_all", &EfficiencyProfile::all_to_all)
        .def_readonly("step_overhead_ms", &EfficiencyProfile::step_overhead_ms)
        .def_readonly("collective_latency_us", &EfficiencyProfile::collective_latency_us)
        .def_readonly("sequence_overhead_us", &EfficiencyProfile::sequence_overhead_us)
        .def_readonly("expert_imbalance", &EfficiencyProfile::expert_imbalance)
        .def_readonly("reserve_gb", &EfficiencyProfile::reserve_gb)
        .def_readonly("spread", &EfficiencyProfile::spread,
                      "Leave-one-model-out error of the calibration behind the profile (wider when transferred).")
        .def_readonly("basis", &EfficiencyProfile::basis)
        .def_readonly("source", &EfficiencyProfile::source)
        .def("__repr__", [](const EfficiencyProfile& e) { return "<EfficiencyProfile " + e.engine + "/" + e.gpu + ">"; });

    py::class_<EngineSettings>(m, "EngineSettings", "A serving engine's scheduler settings, stated with their source.")
        .def_readonly("id", &EngineSettings::id)
        .def_readonly("engine", &EngineSettings::engine)
        .def_readonly("name", &EngineSettings::name)
        .def_readonly("version", &EngineSettings::version)
        .def_readonly("max_batch_size", &EngineSettings::max_batch_size)
        .def_readonly("max_num_tokens", &EngineSettings::max_num_tokens)
        .def_readonly("chunked_prefill", &EngineSettings::chunked_prefill)
        .def_property_readonly("kv_reservation", [](const EngineSettings& e) { return std::string(kv_reservation_name(e.kv_reservation)); })
        .def_property_readonly("kv_memory", [](const EngineSettings& e) {
            return std::string(kv_memory_name(e.kv_memory));
        })
        .def_readonly("kv_memory_fraction", &EngineSettings::kv_memory_fraction)
        .def_readonly("cuda_graph_max_batch", &EngineSettings::cuda_graph_max_batch)
        .def_readonly("overlap_scheduler", &EngineSettings::overlap_scheduler)
        .def_readonly("moe_gemm_tile_tokens", &EngineSettings::moe_gemm_tile_tokens)
        .def_property_readonly("expert_exchange", [](const EngineSettings& e) {
            return std::string(expert_exchange_name(e.expert_exchange));
        }, "How expert-parallel GPUs exchange tokens: all_to_all, all_gather, or all_gather_up_to_top_k.")
        .def_property_readonly("heuristic", [](const EngineSettings& e) {
            return std::string(heuristic_name(e.heuristic));
        })
        .def_readonly("source", &EngineSettings::source)
        .def_property_readonly("verified", [](const EngineSettings& e) { return std::string(verification_name(e.verified)); })
        .def_readonly("note", &EngineSettings::note)
        .def("__repr__", [](const EngineSettings& e) { return "<EngineSettings " + e.id + ">"; });

    py::class_<ModelArchitecture>(m, "ModelArchitecture", "A model's architecture from its published config.json.")
        .def_readonly("id", &ModelArchitecture::id)
        .def_readonly("name", &ModelArchitecture::name)
        .def_readonly("model_type", &ModelArchitecture::model_type)
        .def_readonly("origin", &ModelArchitecture::origin)
        .def_readonly("open_weights", &ModelArchitecture::open_weights)
        .def_readonly("license", &ModelArchitecture::license)
        .def_readonly("published_total_params_b", &ModelArchitecture::published_total_params_b)
        .def_readonly("published_active_params_b", &ModelArchitecture::published_active_params_b)
        .def_readonly("served_by", &ModelArchitecture::served_by)
        .def_readonly("source", &ModelArchitecture::source)
        .def_readonly("layers", &ModelArchitecture::layers)
        .def_readonly("hidden", &ModelArchitecture::hidden)
        .def_readonly("heads", &ModelArchitecture::heads)
        .def_readonly("kv_heads", &ModelArchitecture::kv_heads)
        .def_readonly("head_dim", &ModelArchitecture::head_dim)
        .def_readonly("vocab", &ModelArchitecture::vocab)
        .def_readonly("experts", &ModelArchitecture::experts)
        .def_readonly("experts_per_token", &ModelArchitecture::experts_per_token)
        .def_readonly("shared_experts", &ModelArchitecture::shared_experts)
        .def_readonly("kv_lora_rank", &ModelArchitecture::kv_lora_rank)
        .def_readonly("sliding_window", &ModelArchitecture::sliding_window)
        .def_readonly("sliding_layers", &ModelArchitecture::sliding_layers)
        .def_readonly("linear_layers", &ModelArchitecture::linear_layers,
                      "Linear-attention (Gated DeltaNet) layers: a fixed state per sequence instead of a KV cache.")
        .def_property_readonly("attention", [](const ModelArchitecture& a) {
            return a.attention() == AttentionKind::mla ? "mla" : "gqa";
        })
        .def_property_readonly("total_params", &ModelArchitecture::total_params)
        .def_property_readonly("active_params", &ModelArchitecture::active_params)
        .def("kv_bytes_per_token", [](const ModelArchitecture& a, const std::string& p) {
            return a.kv_bytes_per_token(bytes_per_element(to_precision(p, "precision")));
        }, py::arg("precision") = "bf16", "KV-cache bytes per token over the full-attention layers.")
        .def("__repr__", [](const ModelArchitecture& a) { return "<ModelArchitecture " + a.id + ">"; });
    m.def("_import_hf_config", [](const std::filesystem::path& p, const std::string& id) { return import_hf_config(p, id); });

    py::class_<HardwareCatalog>(m, "HardwareCatalog", "The self-hosting data of a catalog.")
        .def_readonly("gpus", &HardwareCatalog::gpus)
        .def_readonly("cloud_offers", &HardwareCatalog::cloud_offers)
        .def_readonly("owned", &HardwareCatalog::owned)
        .def_readonly("efficiency", &HardwareCatalog::efficiency)
        .def_readonly("engines", &HardwareCatalog::engines)
        .def_readonly("models", &HardwareCatalog::models)
        .def("gpu", &HardwareCatalog::gpu, py::arg("id"), py::return_value_policy::reference_internal)
        .def("cloud_offer", &HardwareCatalog::cloud_offer, py::arg("id"), py::return_value_policy::reference_internal)
        .def("owned_profile", &HardwareCatalog::owned_profile, py::arg("id"), py::return_value_policy::reference_internal)
        .def("model", &HardwareCatalog::model, py::arg("id"), py::return_value_policy::reference_internal)
        .def("efficiency_for", &HardwareCatalog::efficiency_for, py::arg("engine"), py::arg("gpu"),
             py::return_value_policy::reference_internal)
        .def("engine_settings", &HardwareCatalog::engine_settings, py::arg("id"), py::return_value_policy::reference_internal)
        .def("model_served_by", [](const HardwareCatalog& h, const std::string& id) -> py::object {
            const ModelArchitecture* a = h.model_served_by(id);
            return a ? py::cast(*a) : py::object(py::none());
        }, py::arg("offering_id"), "The architecture an API offering serves, or None.");

    py::class_<Deployment>(m, "Deployment", "A model on GPUs: parallel layout, precision, serving engine and its settings.")
        .def(py::init([](const std::string& model, const std::string& gpu, const py::handle& gpus, const py::handle& tp,
                         const py::handle& dp, const py::handle& pp, const py::handle& ep, const py::handle& nodes,
                         const std::string& weights, const py::handle& expert_weights, const std::string& kv,
                         const std::string& engine, const std::string& settings, const py::handle& max_batch_size,
                         const py::handle& max_num_tokens, const py::handle& chunked_prefill, const py::handle& kv_memory_fraction,
                         const py::handle& spec_tokens,
                         const py::handle& spec_accept, const std::string& draft, const py::handle& expert_imbalance,
                         const py::handle& scale_out_gbps) {
                 Deployment d;
                 d.model = model;
                 d.gpu = gpu;
                 d.gpus = to_int(gpus, "gpus", 1);
                 d.tp = tp.is_none() ? 0 : to_int(tp, "tp", 1);
                 d.dp = dp.is_none() ? 0 : to_int(dp, "dp", 1);
                 d.pp = to_int(pp, "pp", 1);
                 d.ep = to_int(ep, "ep", 1);
                 d.nodes = nodes.is_none() ? 0 : to_int(nodes, "nodes", 1);
                 d.weights = to_precision(weights, "weights");
                 if (!expert_weights.is_none()) d.expert_weights = to_precision(py::str(expert_weights), "expert_weights");
                 d.kv = to_precision(kv, "kv");
                 d.engine = engine;
                 d.settings = settings;
                 d.max_batch_size = max_batch_size.is_none() ? 0 : to_int(max_batch_size, "max_batch_size", 1);
                 d.max_num_tokens = max_num_tokens.is_none() ? 0 : to_int(max_num_tokens, "max_num_tokens", 1);
                 if (!chunked_prefill.is_none()) {
                     if (!py::isinstance<py::bool_>(chunked_prefill)) throw InputError("chunked_prefill must be True, False or None");
                     d.chunked_prefill = chunked_prefill.cast<bool>();
                 }
                 d.kv_memory_fraction = opt_number(kv_memory_fraction, "kv_memory_fraction");
                 d.spec_tokens = to_int(spec_tokens, "spec_tokens", 0);
                 d.spec_accept = to_number(spec_accept, "spec_accept");
                 d.draft = draft;
                 if (!expert_imbalance.is_none()) d.expert_imbalance = to_number(expert_imbalance, "expert_imbalance");
                 d.scale_out_gbps = opt_number(scale_out_gbps, "scale_out_gbps");
                 return d;
             }),
             py::kw_only(), py::arg("model"), py::arg("gpu"), py::arg("gpus") = kDeployment.gpus, py::arg("tp") = py::none(),
             py::arg("dp") = py::none(), py::arg("pp") = kDeployment.pp, py::arg("ep") = kDeployment.ep, py::arg("nodes") = py::none(),
             py::arg("weights") = std::string(precision_name(kDeployment.weights)), py::arg("expert_weights") = py::none(),
             py::arg("kv") = std::string(precision_name(kDeployment.kv)), py::arg("engine") = kDeployment.engine,
             py::arg("settings") = std::string(), py::arg("max_batch_size") = py::none(), py::arg("max_num_tokens") = py::none(),
             py::arg("chunked_prefill") = py::none(), py::arg("kv_memory_fraction") = py::none(), py::arg("spec_tokens") = kDeployment.spec_tokens,
             py::arg("spec_accept") = kDeployment.spec_accept, py::arg("draft") = std::string(),
             py::arg("expert_imbalance") = py::none(), py::arg("scale_out_gbps") = py::none())
        .def_readonly("model", &Deployment::model)
        .def_readonly("gpu", &Deployment::gpu)
        .def_readonly("gpus", &Deployment::gpus)
        .def_property_readonly("tp", &Deployment::effective_tp)
        .def_property_readonly("dp", &Deployment::effective_dp)
        .def_readonly("pp", &Deployment::pp)
        .def_readonly("ep", &Deployment::ep)
        .def_readonly("nodes", &Deployment::nodes)
        .def_property_readonly("weights", [](const Deployment& d) { return std::string(precision_name(d.weights)); })
        .def_property_readonly("expert_weights", [](const Deployment& d) -> py::object {
            if (!d.expert_weights) return py::none();
            return py::str(std::string(precision_name(*d.expert_weights)));
        })
        .def_property_readonly("kv", [](const Deployment& d) { return std::string(precision_name(d.kv)); })
        .def_readonly("engine", &Deployment::engine)
        .def_readonly("settings", &Deployment::settings)
        .def_readonly("max_batch_size", &Deployment::max_batch_size)
        .def_readonly("max_num_tokens", &Deployment::max_num_tokens)
        .def_readonly("chunked_prefill", &Deployment::chunked_prefill)
        .def_readonly("spec_tokens", &Deployment::spec_tokens)
        .def_readonly("spec_accept", &Deployment::spec_accept)
        .def_readonly("draft", &Deployment::draft)
        .def_readonly("expert_imbalance", &Deployment::expert_imbalance)
        .def("__repr__", [](const Deployment& d) {
            return "Deployment(" + d.model + " on " + std::to_string(d.gpus) + "x " + d.gpu + ", tp " + std::to_string(d.effective_tp()) +
                   ", dp " + std::to_string(d.effective_dp()) + ", pp " + std::to_string(d.pp) + ", ep " + std::to_string(d.ep) + ")";
        });

    py::class_<ThroughputEstimate>(m, "ThroughputEstimate", "One replica's throughput and latency at a concurrency or an offered load.")
        .def_readonly("concurrency", &ThroughputEstimate::concurrency)
        .def_readonly("max_concurrent_sequences", &ThroughputEstimate::max_concurrent_sequences)
        .def_readonly("decoding_sequences", &ThroughputEstimate::decoding_sequences)
        .def_readonly("output_tokens_per_second", &ThroughputEstimate::output_tokens_per_second)
        .def_readonly("input_tokens_per_second", &ThroughputEstimate::input_tokens_per_second)
        .def_readonly("requests_per_second", &ThroughputEstimate::requests_per_second)
        .def_readonly("ttft_ms", &ThroughputEstimate::ttft_ms)
        .def_readonly("tpot_ms", &ThroughputEstimate::tpot_ms)
        .def_property_readonly("ttft", [](const ThroughputEstimate& e) { return quantiles_dict(e.ttft); },
                               "TTFT quantiles in ms (mean, p50, p90, p99) under an offered load, or None.")
        .def_property_readonly("tpot", [](const ThroughputEstimate& e) { return quantiles_dict(e.tpot); },
                               "TPOT quantiles in ms (mean, p50, p90, p99) under an offered load, or None.")
        .def_readonly("offered_rate", &ThroughputEstimate::offered_rate)
        .def_readonly("prefill_utilisation", &ThroughputEstimate::prefill_utilisation)
        .def_readonly("decode_step_ms", &ThroughputEstimate::decode_step_ms)
        .def_readonly("round_ms", &ThroughputEstimate::round_ms)
        .def_readonly("prefill_ms", &ThroughputEstimate::prefill_ms)
        .def_readonly("input_time_share", &ThroughputEstimate::input_time_share)
        .def_readonly("tokens_per_step", &ThroughputEstimate::tokens_per_step)
        .def_readonly("max_batch_size", &ThroughputEstimate::max_batch_size)
        .def_readonly("max_num_tokens", &ThroughputEstimate::max_num_tokens)
        .def_readonly("decode_bound", &ThroughputEstimate::decode_bound)
        .def_readonly("limit", &ThroughputEstimate::limit)
        .def_readonly("notes", &ThroughputEstimate::notes)
        .def_readonly("experts_touched_per_layer", &ThroughputEstimate::experts_touched_per_layer)
        .def_readonly("calibrated", &ThroughputEstimate::calibrated)
        .def_property_readonly("memory", [](const ThroughputEstimate& e) { return memory_dict(e.memory); })
        .def_property_readonly("layout", [](const ThroughputEstimate& e) { return layout_dict(e.layout); })
        .def_property_readonly("step", [](const ThroughputEstimate& e) {
            const StepTime& t = e.step;
            py::dict d;
            d["decode_sequences"] = t.decode_sequences;
            d["prefill_tokens"] = t.prefill_tokens;
            d["weights_ms"] = t.weights_s * 1e3;
            d["experts_ms"] = t.experts_s * 1e3;
            d["kv_ms"] = t.kv_s * 1e3;
            d["matmul_ms"] = t.matmul_s * 1e3;
            d["expert_matmul_ms"] = t.expert_matmul_s * 1e3;
            d["attention_ms"] = t.attention_s * 1e3;
            d["tensor_parallel_ms"] = t.tensor_parallel_s * 1e3;
            d["expert_parallel_ms"] = t.expert_parallel_s * 1e3;
            d["pipeline_ms"] = t.pipeline_s * 1e3;
            d["draft_ms"] = t.draft_s * 1e3;
            d["overhead_ms"] = t.overhead_s * 1e3;
            d["overhead_overlapped"] = t.overhead_overlapped;
            d["host_wait_ms"] = t.host_wait_s() * 1e3;
            d["uneven_prompts_ms"] = t.uneven_prompts_s * 1e3;
            d["prompt_step_share"] = t.prompt_step_share;
            d["total_ms"] = t.total_s() * 1e3;
            d["bound"] = std::string(t.bound());
            d["crosses_node"] = t.crosses_node;
            return d;
        }, "The steady state's step part by part, in ms: each kernel (the weights' matrix math, the experts', attention) "
           "takes the larger of its memory traffic and its math; the kernels, collectives and drafting add up, "
           "plus host_wait_ms: the engine's host work (overhead_ms), all of it, or with an overlap scheduler "
           "(overhead_overlapped) only what exceeds the GPU's part; plus uneven_prompts_ms, what prompts scheduled whole add because only prompt_step_share of the steps carry them.");

    py::class_<Replica>(m, "Replica", "A deployment checked against the hardware data, ready to estimate.")
        .def_property_readonly("deployment", &Replica::deployment)
        .def_property_readonly("settings", &Replica::settings)
        .def_property_readonly("efficiency", &Replica::efficiency)
        .def_property_readonly("memory", [](const Replica& r) { return memory_dict(r.memory()); })
        .def_property_readonly("layout", [](const Replica& r) { return layout_dict(r.layout()); })
        .def("max_concurrency", [](const Replica& r, const py::handle& isl, const py::handle& osl) {
            return r.max_concurrency(to_number(isl, "isl"), to_number(osl, "osl"));
        }, py::arg("isl"), py::arg("osl"))
        .def("at", [](const Replica& r, const py::handle& isl, const py::handle& osl, const py::handle& c, const py::handle& cached) {
            return r.at(to_number(isl, "isl"), to_number(osl, "osl"), to_int(c, "concurrency", 1), to_number(cached, "cached"));
        }, py::arg("isl"), py::arg("osl"), py::arg("concurrency"), py::kw_only(), py::arg("cached") = 0.0,
           "Closed loop: `concurrency` sequences in flight, as in an offline benchmark.")
        .def("at_rate", [](const Replica& r, const py::handle& isl, const py::handle& osl, const py::handle& rate, const py::handle& cached) {
            return r.at_rate(Traffic::fixed(to_number(isl, "isl"), to_number(osl, "osl"), to_number(cached, "cached")),
                             to_number(rate, "rate"));
        }, py::arg("isl"), py::arg("osl"), py::arg("rate"), py::kw_only(), py::arg("cached") = 0.0,
           "Poisson arrivals at `rate` requests a second: TTFT and TPOT quantiles with queueing.")
        .def("best", [](const Replica& r, const py::handle& isl, const py::handle& osl, const py::handle& tpot,
                        const py::handle& ttft, const py::handle& cached) {
            return r.best(to_number(isl, "isl"), to_number(osl, "osl"), opt_number(tpot, "tpot_ms"), opt_number(ttft, "ttft_ms"),
                          to_number(cached, "cached"));
        }, py::arg("isl"), py::arg("osl"), py::kw_only(), py::arg("tpot_ms") = py::none(), py::arg("ttft_ms") = py::none(),
           py::arg("cached") = 0.0)
        .def("best_rate", [](const Replica& r, const py::handle& isl, const py::handle& osl, const py::handle& tpot,
                             const py::handle& ttft, const py::handle& quantile, const py::handle& cached) {
            return r.best_rate(Traffic::fixed(to_number(isl, "isl"), to_number(osl, "osl"), to_number(cached, "cached")),
                               opt_number(tpot, "tpot_ms"), opt_number(ttft, "ttft_ms"), to_number(quantile, "quantile"));
        }, py::arg("isl"), py::arg("osl"), py::kw_only(), py::arg("tpot_ms") = py::none(), py::arg("ttft_ms") = py::none(),
           py::arg("quantile") = 0.9, py::arg("cached") = 0.0,
           "The highest Poisson rate whose latency quantile (0.5, 0.9 or 0.99) meets the targets.");

    py::class_<DisaggregatedEstimate>(m, "DisaggregatedEstimate",
                                      "Prefill and decode on separate pools: each pool's replica, the KV transfer and the pool ratio.")
        .def_readonly("prefill", &DisaggregatedEstimate::prefill)
        .def_readonly("decode", &DisaggregatedEstimate::decode)
        .def_readonly("kv_transfer_ms", &DisaggregatedEstimate::kv_transfer_ms)
        .def_readonly("ttft_ms", &DisaggregatedEstimate::ttft_ms)
        .def_readonly("tpot_ms", &DisaggregatedEstimate::tpot_ms)
        .def_readonly("prefill_replicas_per_decode_replica", &DisaggregatedEstimate::prefill_replicas_per_decode_replica)
        .def_readonly("requests_per_second_per_gpu", &DisaggregatedEstimate::requests_per_second_per_gpu)
        .def_readonly("output_tokens_per_second_per_gpu", &DisaggregatedEstimate::output_tokens_per_second_per_gpu)
        .def_readonly("input_time_share", &DisaggregatedEstimate::input_time_share)
        .def("__repr__", [](const DisaggregatedEstimate& d) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "DisaggregatedEstimate(%.4g prefill replicas per decode replica, %.4g output tok/s per GPU)",
                          d.prefill_replicas_per_decode_replica, d.output_tokens_per_second_per_gpu);
            return std::string(buf);
        });

    py::class_<SelfHosted>(m, "SelfHosted", "A self-hosted option: a deployment, a price source and a provisioning policy.")
        .def(py::init([](const Deployment& d, const std::string& cloud_offer, const std::string& owned, const std::string& purchase,
                         const py::handle& committed_months, const py::handle& provisioning, const py::handle& min_replicas,
                         const py::handle& spot_share, const py::handle& spot_interruption, const py::handle& max_utilisation,
                         const py::handle& tpot_ms, const py::handle& ttft_ms, const std::vector<std::string>& jurisdictions,
                         const std::string& label, const py::handle& prefill, const py::handle& max_replicas) {
                 SelfHosted o;
                 o.deployment = d;
                 if (!prefill.is_none()) o.prefill = prefill.cast<Deployment>();
                 o.cloud_offer = cloud_offer;
                 o.owned_profile = owned;
                 const auto p = purchase_from_name(purchase);
                 if (!p) throw InputError("unknown purchase '" + purchase + "'; use on_demand, spot or committed");
                 o.purchase = *p;
                 o.committed_months = committed_months.is_none() ? 0 : to_int(committed_months, "committed_months", 1);
                 if (provisioning.is_none()) {
                     o.provisioning = o.default_provisioning();
                 } else {
                     const auto pv = provisioning_from_name(py::str(provisioning).cast<std::string>());
                     if (!pv) throw InputError("unknown provisioning; use fixed or autoscale");
                     o.provisioning = *pv;
                 }
                 o.min_replicas = to_int(min_replicas, "min_replicas", 0);
                 if (!max_replicas.is_none()) o.max_replicas = to_int(max_replicas, "max_replicas", 1);
                 o.spot_share = to_number(spot_share, "spot_share");
                 o.spot_interruption = to_number(spot_interruption, "spot_interruption");
                 o.max_utilisation = to_number(max_utilisation, "max_utilisation");
                 o.tpot_ms = opt_number(tpot_ms, "tpot_ms");
                 o.ttft_ms = opt_number(ttft_ms, "ttft_ms");
                 o.jurisdictions = jurisdictions;
                 o.label = label;
                 o.validate();
                 return o;
             }),
             py::arg("deployment"), py::kw_only(), py::arg("cloud_offer") = "", py::arg("owned") = "",
             py::arg("purchase") = std::string(purchase_name(kSelfHosted.purchase)), py::arg("committed_months") = py::none(),
             py::arg("provisioning") = py::none(), py::arg("min_replicas") = kSelfHosted.min_replicas,
             py::arg("spot_share") = kSelfHosted.spot_share, py::arg("spot_interruption") = kSelfHosted.spot_interruption,
             py::arg("max_utilisation") = kSelfHosted.max_utilisation,
             py::arg("tpot_ms") = py::none(), py::arg("ttft_ms") = py::none(),
             py::arg("jurisdictions") = std::vector<std::string>{}, py::arg("label") = "", py::arg("prefill") = py::none(),
             py::arg("max_replicas") = py::none())
        .def_property_readonly("label", &SelfHosted::display_label)
        .def_readonly("deployment", &SelfHosted::deployment)
        .def_readonly("cloud_offer", &SelfHosted::cloud_offer)
        .def_readonly("owned", &SelfHosted::owned_profile)
        .def_property_readonly("purchase", [](const SelfHosted& o) { return std::string(purchase_name(o.purchase)); })
        .def_readonly("committed_months", &SelfHosted::committed_months)
        .def_property_readonly("provisioning", [](const SelfHosted& o) { return std::string(provisioning_name(o.provisioning)); })
        .def_readonly("min_replicas", &SelfHosted::min_replicas)
        .def_readonly("max_replicas", &SelfHosted::max_replicas,
                      "At most this many replicas run (None: as many as the load needs); a hybrid option sends the load "
                      "above their capacity to its overflow API.")
        .def_readonly("spot_share", &SelfHosted::spot_share)
        .def_readonly("spot_interruption", &SelfHosted::spot_interruption)
        .def_readonly("prefill", &SelfHosted::prefill, "The prefill pool's replica of a disaggregated option, or None.")
        .def_readonly("max_utilisation", &SelfHosted::max_utilisation)
        .def_readonly("tpot_ms", &SelfHosted::tpot_ms)
        .def_readonly("ttft_ms", &SelfHosted::ttft_ms)
        .def_readonly("jurisdictions", &SelfHosted::jurisdictions)
        .def("__repr__", [](const SelfHosted& o) { return "SelfHosted('" + o.display_label() + "')"; });

    py::class_<SelfHostReport>(m, "SelfHostReport", "A workload planned and priced on a self-hosted option.")
        .def_readonly("label", &SelfHostReport::label)
        .def_readonly("option", &SelfHostReport::option)
        .def_readonly("replica", &SelfHostReport::replica)
        .def_readonly("replica_requests_per_second", &SelfHostReport::replica_requests_per_second)
        .def_readonly("gpus_per_replica", &SelfHostReport::gpus_per_replica,
                      "GPUs of one replica; for a disaggregated option a unit of one decode replica and its prefill replicas.")
        .def_readonly("prefill_replicas_per_unit", &SelfHostReport::prefill_replicas_per_unit)
        .def_readonly("peak_minute_requests_per_second", &SelfHostReport::peak_minute_requests_per_second,
                      "Requests a second one replica takes in the busiest minute of the busiest hour.")
        .def_readonly("peak_latency", &SelfHostReport::peak_latency,
                      "TTFT and TPOT quantiles at that rate (ThroughputEstimate.ttft, .tpot), or None when it exceeds a "
                      "replica's capacity (peak_latency_note says so).")
        .def_readonly("peak_latency_note", &SelfHostReport::peak_latency_note)
        .def_property_readonly("marginal_cost_per_million_tokens", [](const SelfHostReport& r) {
            return Money(r.marginal_cost_per_million_tokens, r.currency);
        }, "What one more million tokens costs once the fleet is sized (cloud: the GPU-hour; owned: power only).")
        .def_readonly("gpus_per_instance", &SelfHostReport::gpus_per_instance)
        .def_readonly("replicas_per_instance", &SelfHostReport::replicas_per_instance)
        .def_readonly("price_basis", &SelfHostReport::price_basis)
        .def_property_readonly("currency", [](const SelfHostReport& r) { return r.currency.code(); })
        .def_readonly("price_per_gpu_hour", &SelfHostReport::price_per_gpu_hour)
        .def_property_readonly("owned_cost", [](const SelfHostReport& r) -> py::object {
            return r.owned_cost ? py::object(owned_cost_dict(*r.owned_cost)) : py::object(py::none());
        })
        .def_property_readonly("hours", [](const SelfHostReport& r) {
            const auto n = static_cast<py::ssize_t>(r.hours.size());
            py::array_t<std::int64_t> date(n), hour(n), replicas(n), instances(n);
            py::array_t<double> rps(n), util(n), cost(n), overflow(n);
            for (py::ssize_t i = 0; i < n; ++i) {
                const HourPlan& h = r.hours[static_cast<std::size_t>(i)];
                date.mutable_at(i) = h.date.time_since_epoch().count();
                hour.mutable_at(i) = h.hour;
                rps.mutable_at(i) = h.requests_per_second;
                replicas.mutable_at(i) = h.replicas;
                instances.mutable_at(i) = h.instances;
                util.mutable_at(i) = h.utilisation;
                cost.mutable_at(i) = h.cost;
                overflow.mutable_at(i) = h.overflow_requests_per_second;
            }
            py::dict d;
            d["date"] = date.attr("astype")("datetime64[D]");
            d["hour"] = hour;
            d["requests_per_second"] = rps;
            d["replicas"] = replicas;
            d["instances"] = instances;
            d["utilisation"] = util;
            d["cost"] = cost;
            d["overflow_requests_per_second"] = overflow;
            return d;
        }, "Every hour of the period on the workload's clock, as columns (numpy arrays).")
        .def_property_readonly("buckets", [](const SelfHostReport& r) {
            py::list l;
            for (const auto& b : r.buckets) {
                py::dict d;
                d["weight"] = b.bucket.weight;
                d["input_tokens"] = b.bucket.input_tokens;
                d["output_tokens"] = b.bucket.output_tokens;
                d["concurrency"] = b.estimate.concurrency;
                d["requests_per_second"] = b.estimate.requests_per_second;
                d["output_tokens_per_second"] = b.estimate.output_tokens_per_second;
                d["tpot_ms"] = b.estimate.tpot_ms;
                d["ttft_ms"] = b.estimate.ttft_ms;
                l.append(d);
            }
            return l;
        }, "A replica's throughput per bucket of the length mix, at the latency targets.")
        .def_readonly("input_time_share", &SelfHostReport::input_time_share)
        .def_property_readonly("start", [](const SelfHostReport& r) { return from_date(r.calendar.period().start); })
        .def_property_readonly("months", [](const SelfHostReport& r) { return r.calendar.period().months; })
        .def_readonly("peak_instances", &SelfHostReport::peak_instances)
        .def_readonly("peak_gpus", &SelfHostReport::peak_gpus)
        .def_readonly("gpu_hours_per_month", &SelfHostReport::gpu_hours_per_month)
        .def_property_readonly("cost_per_month", [](const SelfHostReport& r) { return Money(r.cost_per_month, r.currency); })
        .def_readonly("requests_per_month", &SelfHostReport::requests_per_month)
        .def_readonly("input_tokens_per_month", &SelfHostReport::input_tokens_per_month)
        .def_readonly("output_tokens_per_month", &SelfHostReport::output_tokens_per_month)
        .def_readonly("utilisation", &SelfHostReport::utilisation)
        .def_readonly("overflow_share", &SelfHostReport::overflow_share,
                      "Share of the period's requests above the capacity of max_replicas (a hybrid option's overflow).")
        .def_readonly("cost_per_million_input", &SelfHostReport::cost_per_million_input)
        .def_readonly("cost_per_million_output", &SelfHostReport::cost_per_million_output)
        .def_property_readonly("cost_per_request", [](const SelfHostReport& r) { return Money(r.cost_per_request, r.currency); })
        .def_property_readonly("governance", [](const SelfHostReport& r) { return governance_dict(r.governance); });

    py::class_<BreakEven>(m, "BreakEven", "The volume at which self-hosting and an API cost the same.")
        .def_readonly("reached", &BreakEven::reached)
        .def_readonly("requests_per_day", &BreakEven::requests_per_day)
        .def_readonly("requests_per_month", &BreakEven::requests_per_month)
        .def_readonly("input_tokens_per_month", &BreakEven::input_tokens_per_month)
        .def_readonly("output_tokens_per_month", &BreakEven::output_tokens_per_month)
        .def_readonly("cost_per_month", &BreakEven::cost_per_month)
        .def_readonly("api_cost_per_request", &BreakEven::api_cost_per_request)
        .def_readonly("self_hosted_marginal_cost_per_request", &BreakEven::self_hosted_marginal_cost_per_request)
        .def_readonly("replicas", &BreakEven::replicas, "Replicas the busiest hour runs at the break-even volume.")
        .def_readonly("stays_cheaper_from", &BreakEven::stays_cheaper_from,
                      "Requests a day from which self-hosting stays cheaper; above the break-even when an added replica "
                      "makes it dearer again for a while.")
        .def_readonly("summary", &BreakEven::summary)
        .def("__repr__", [](const BreakEven& b) { return "<BreakEven " + b.summary + ">"; });
}

// Methods and functions that take a Catalog or a Workload: bound after those classes, so that their
// signatures (and the generated stubs) name the types.
void register_selfhost(py::module_& m) {
    py::class_<Replica> replica = m.attr("Replica");
    replica
        .def(py::init([](const Catalog& c, const Deployment& d, const py::dict& overrides) {
                 const HardwareCatalog& hw = c.hardware();
                 // Model and GPU first, so an unknown GPU is reported as such, not as a missing engine profile.
                 const ModelArchitecture& model = hw.model(d.model);
                 const Gpu& gpu = hw.gpu(d.gpu);
                 EfficiencyProfile e = hw.efficiency_for(d.engine, d.gpu);
                 for (auto item : overrides) {
                     const std::string k = py::str(item.first);
                     const double v = to_number(item.second, k.c_str());
                     const bool fraction = k == "compute" || k == "memory" || k == "interconnect" || k == "all_to_all";
                     if (fraction && !(v > 0 && v <= 1))
                         throw InputError("efficiency factor " + k + " must be above 0 and at most 1, got " + py::repr(py::float_(v)).cast<std::string>());
                     if (!fraction && !(v >= 0)) throw InputError("efficiency factor " + k + " must not be negative");
                     if (k == "compute") e.compute = v;
                     else if (k == "memory") e.memory = v;
                     else if (k == "interconnect") e.interconnect = v;
                     else if (k == "all_to_all") e.all_to_all = v;
                     else if (k == "step_overhead_ms") e.step_overhead_ms = v;
                     else if (k == "sequence_overhead_us") e.sequence_overhead_us = v;
                     else if (k == "expert_imbalance") {
                         if (!(v >= 1 && v <= 100)) throw InputError("expert_imbalance must be between 1 (balanced) and 100");
                         e.expert_imbalance = v;
                     }
                     else if (k == "collective_latency_us") e.collective_latency_us = v;
                     else if (k == "reserve_gb") e.reserve_gb = v;
                     else throw InputError("unknown efficiency factor '" + k + "'; use compute, memory, interconnect, all_to_all, step_overhead_ms, sequence_overhead_us, expert_imbalance, "
                                           "collective_latency_us or reserve_gb (batch limits are deployment settings)");
                     e.basis = "overridden";
                 }
                 const EngineSettings& s = hw.engine_settings(d.settings.empty() ? d.engine : d.settings);
                 std::optional<ModelArchitecture> draft;
                 if (!d.draft.empty()) draft = hw.model(d.draft);
                 return Replica(model, gpu, e, s, d, draft);
             }),
             py::arg("catalog"), py::arg("deployment"), py::arg("efficiency") = py::dict(),
             "`efficiency` overrides factors of the engine's profile (compute, memory, interconnect, all_to_all, "
             "step_overhead_ms, sequence_overhead_us, collective_latency_us, reserve_gb, expert_imbalance), e.g. to refit it.");

    py::class_<SelfHostReport> report = m.attr("SelfHostReport");
    report
        .def("cost_per_month_at", [](const SelfHostReport& r, const py::handle& rpd) {
            return Money(self_hosted_cost_per_month(r, to_number(rpd, "requests_per_day")), r.currency);
        }, py::arg("requests_per_day"), "The same plan's monthly cost at another volume.");

    m.def("_plan_self_hosted", [](const Catalog& c, const SelfHosted& o, const Workload& w, const py::handle& start, int months) {
        const Period period{to_date(start, "start"), months};
        py::gil_scoped_release release;
        check_jurisdictions(c.jurisdictions(), o);
        return plan_self_hosted(c.hardware(), o, w, period);
    });
    // `api` is an API Option, costed over the plan's period, or a cost per request: a Money in the plan's
    // currency, or a number read in it.
    auto api_cost_per_request = [](const SelfHostReport& r, const py::handle& api) {
        const Money per_request = to_money(api, r.currency, "api_cost_per_request");
        if (per_request.currency() != r.currency)
            throw CurrencyError("the API cost per request is " + per_request.str() + " but the plan is priced in " +
                                r.currency.code() + "; convert it first (Catalog.fx.convert)");
        return per_request.amount();
    };
    m.def("_break_even", [api_cost_per_request](const Catalog& c, const SelfHostReport& r, const Workload& w,
                                                const py::handle& api) {
        if (py::isinstance<Option>(api)) return break_even(c, r, w, api.cast<Option>());
        return break_even(r, api_cost_per_request(r, api));
    });
    m.def("_break_even_curve", [api_cost_per_request](const Catalog& c, const SelfHostReport& r, const Workload& w,
                                                      const py::handle& api, const std::vector<double>& volumes) {
        const auto points = py::isinstance<Option>(api) ? break_even_curve(c, r, w, api.cast<Option>(), volumes)
                                                        : break_even_curve(r, api_cost_per_request(r, api), volumes);
        py::dict d;
        auto column = [&](const char* name, double BreakEvenPoint::*field) {
            py::array_t<double> a(static_cast<py::ssize_t>(points.size()));
            for (std::size_t i = 0; i < points.size(); ++i) a.mutable_at(static_cast<py::ssize_t>(i)) = points[i].*field;
            d[name] = a;
        };
        column("requests_per_day", &BreakEvenPoint::requests_per_day);
        column("requests_per_month", &BreakEvenPoint::requests_per_month);
        column("tokens_per_month", &BreakEvenPoint::tokens_per_month);
        column("api_cost_per_month", &BreakEvenPoint::api_cost_per_month);
        column("self_hosted_cost_per_month", &BreakEvenPoint::self_hosted_cost_per_month);
        return d;
    });
    m.def("expected_experts_touched", [](int experts, int k, const py::handle& tokens) {
        return expected_experts_touched(experts, k, to_number(tokens, "tokens"));
    }, py::arg("experts"), py::arg("k"), py::arg("tokens"),
          "Distinct experts a batch of `tokens` tokens touches in one MoE layer under uniform routing.");
    m.def("_break_even_by_utilisation", [](const SelfHostReport& plan, const py::handle& api_cost,
                                           const std::vector<double>& utilisations) {
        py::list rows;
        for (const auto& x : break_even_by_utilisation(plan, to_number(api_cost, "api_cost_per_request"), utilisations)) {
            py::dict d;
            d["utilisation"] = x.utilisation;
            d["reached"] = x.break_even.reached;
            d["requests_per_day"] = x.break_even.reached ? py::object(py::float_(x.break_even.requests_per_day)) : py::object(py::none());
            d["replicas"] = x.break_even.reached ? py::object(py::int_(x.break_even.replicas)) : py::object(py::none());
            d["cost_per_month"] = x.break_even.reached ? py::object(py::float_(x.break_even.cost_per_month)) : py::object(py::none());
            rows.append(d);
        }
        return rows;
    });
    m.def("_disaggregate", [](const Catalog& c, const Deployment& prefill, const Deployment& decode, const py::handle& isl,
                              const py::handle& osl, const py::handle& cached, const py::handle& tpot, const py::handle& ttft) {
        const Replica p(c.hardware(), prefill), d(c.hardware(), decode);
        return disaggregate(p, d, Traffic::fixed(to_number(isl, "isl"), to_number(osl, "osl"), to_number(cached, "cached")),
                            opt_number(tpot, "tpot_ms"), opt_number(ttft, "ttft_ms"));
    });
    m.def("speculative_tokens_per_step", &speculative_tokens_per_step, py::arg("k"), py::arg("accept"),
          "Expected tokens per step with k drafted tokens each accepted with probability `accept`.");
    m.def("_check_calibration", [](const Catalog& c, const py::handle& regime) {
        std::optional<Regime> reg;
        if (!regime.is_none()) {
            const std::string r = py::str(regime);
            reg = regime_from_name(r);
            if (!reg) throw InputError("unknown regime '" + r + "'; use offline, served or production");
        }
        const CalibrationResult r = check_calibration(c.hardware(), reg);
        py::list rows;
        for (const auto& x : r.rows) {
            py::dict d;
            d["engine"] = x.published.engine;
            d["settings"] = x.published.settings;
            d["regime"] = std::string(regime_name(x.published.regime));
            d["model"] = x.published.model;
            d["gpu"] = x.published.gpu;
            d["gpus"] = x.published.gpus;
            d["tp"] = x.published.tp;
            d["ep"] = x.published.ep;
            d["weights"] = std::string(precision_name(x.published.weights));
            d["expert_weights"] = x.published.expert_weights ? py::object(py::str(std::string(precision_name(*x.published.expert_weights))))
                                                             : py::object(py::none());
            d["kv"] = std::string(precision_name(x.published.kv));
            d["kv_memory_fraction"] = x.published.kv_memory_fraction ? py::object(py::float_(*x.published.kv_memory_fraction)) : py::object(py::none());
            d["max_num_tokens"] = x.published.max_num_tokens > 0 ? py::object(py::int_(x.published.max_num_tokens)) : py::object(py::none());
            d["isl"] = x.published.isl;
            d["osl"] = x.published.osl;
            d["published"] = x.published.output_tokens_per_second;
            d["predicted"] = x.predicted;
            d["error"] = x.error;
            d["limit"] = x.limit;
            d["source"] = x.published.source;
            rows.append(d);
        }
        return py::make_tuple(rows, r.mape);
    }, py::arg("catalog"), py::arg("regime") = py::str("offline"));
}

}  // namespace infercost::py_convert
