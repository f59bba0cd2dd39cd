// Loading scenario files (docs/scenario-format.md).
#include "infercost/core/error.hpp"
#include "infercost/scenario/scenario.hpp"
#include "infercost/uncertainty/monte_carlo.hpp"
#include "infercost/io.hpp"

#include "yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <variant>

namespace infercost {

namespace {

using io::YamlNode;

TokenDistribution read_distribution(const YamlNode& n) {
    if (!n.is_map()) n.fail("expected one of {fixed: N}, {lognormal: {mean|median: M, p90: P}}, {histogram: {...}}");
    n.expect_keys({"fixed", "lognormal", "histogram"});
    const auto entries = n.entries();
    if (entries.size() != 1) n.fail("give exactly one of fixed, lognormal or histogram");
    const auto& [kind, v] = entries.front();
    try {
        if (kind == "fixed") return TokenDistribution::fixed(v.non_negative());
        if (kind == "lognormal") {
            v.expect_keys({"mean", "median", "p90"});
            if (v.has("mean") == v.has("median")) v.fail("give either mean or median (with p90)");
            const double p90 = v.at("p90").number();
            if (v.has("mean")) return TokenDistribution::lognormal_mean_p90(v.at("mean").number(), p90);
            return TokenDistribution::lognormal_median_p90(v.at("median").number(), p90);
        }
        v.expect_keys({"edges", "weights"});
        return TokenDistribution::histogram(v.at("edges").numbers(), v.at("weights").numbers());
    } catch (const InputError& e) {
        if (!e.file().empty()) throw;
        v.fail(e.reason());
    }
}

Growth read_growth(const YamlNode& n, int months) {
    n.expect_keys({"monthly", "yearly", "series"});
    const auto entries = n.entries();
    if (entries.size() != 1) n.fail("give exactly one of monthly (a compound rate per month), yearly (per year) or series "
                                    "(a multiplier per month)");
    Growth g;
    const auto& [kind, v] = entries.front();
    if (kind == "series") g.series = v.numbers();
    else (kind == "monthly" ? g.monthly_rate : g.yearly_rate) = v.number();
    try {
        g.validate(months);
    } catch (const InputError& e) {
        v.fail(e.reason());
    }
    return g;
}

Workload read_workload(const YamlNode& n, int months) {
    n.expect_keys({"requests_per_day", "requests_per_month", "requests_per_year", "growth", "utc_offset", "input_tokens",
                   "output_tokens", "cached_share", "cache_write_share", "cache_write_long_share", "reasoning_share",
                   "web_searches_per_request", "cache_storage_tokens", "hourly_profile", "weekday_profile", "context_overflow"});
    Workload w;
    const std::pair<const char*, VolumeUnit> volumes[] = {
        {"requests_per_day", VolumeUnit::day}, {"requests_per_month", VolumeUnit::month}, {"requests_per_year", VolumeUnit::year}};
    int stated = 0;
    for (const auto& [key, unit] : volumes)
        if (auto v = n.get(key)) {
            if (stated++) v->fail("give the volume once: requests_per_day, requests_per_month or requests_per_year");
            try {
                w.set_volume(v->non_negative(), unit);
            } catch (const InputError& e) {
                v->fail(e.reason());
            }
        }
    if (!stated) n.fail("missing the volume: give requests_per_day, requests_per_month or requests_per_year");
    if (auto g = n.get("growth")) w.growth = read_growth(*g, months);
    const YamlNode off = n.at("utc_offset");
    try {
        w.utc_offset = parse_utc_offset(off.str());
    } catch (const InputError& e) {
        off.fail(e.reason());
    }
    w.input_tokens = read_distribution(n.at("input_tokens"));
    w.output_tokens = read_distribution(n.at("output_tokens"));
    auto share = [&](const char* key, double& out) {
        if (auto s = n.get(key)) {
            out = s->number();
            if (out < 0 || out > 1) s->fail("a share must be between 0 and 1");
        }
    };
    share("cached_share", w.cached_share);
    share("cache_write_share", w.cache_write_share);
    share("cache_write_long_share", w.cache_write_long_share);
    share("reasoning_share", w.reasoning_share);
    if (w.cached_share + w.cache_write_share + w.cache_write_long_share > 1)
        n.at(n.get("cache_write_long_share") ? "cache_write_long_share" : "cache_write_share")
            .fail("cached_share + cache_write_share + cache_write_long_share exceed 1; all are parts of the prompt");
    if (auto s = n.get("web_searches_per_request")) w.web_searches_per_request = s->non_negative();
    if (auto s = n.get("cache_storage_tokens")) w.cache_storage_tokens = s->non_negative();
    if (auto h = n.get("hourly_profile")) {
        const auto v = h->numbers();
        if (v.size() != 24) h->fail("needs 24 values, one per local hour (found " + std::to_string(v.size()) + ")");
        for (std::size_t i = 0; i < 24; ++i) w.hourly_profile[i] = v[i];
    }
    if (auto d = n.get("weekday_profile")) {
        const auto v = d->numbers();
        if (v.size() != 7) d->fail("needs 7 values, Monday to Sunday (found " + std::to_string(v.size()) + ")");
        for (std::size_t i = 0; i < 7; ++i) w.weekday_profile[i] = v[i];
    }
    if (auto c = n.get("context_overflow")) {
        const auto rule = context_overflow_from_name(c->str());
        if (!rule) c->fail("must be refuse or truncate");
        w.context_overflow = *rule;
    }
    try {
        w.validate();
    } catch (const InputError& e) {
        n.fail(e.reason());
    }
    return w;
}

SelfHosted read_self_hosted(const YamlNode& n, const Catalog* catalog) {
    n.expect_keys({"label", "model", "gpu", "gpus", "tp", "dp", "pp", "ep", "nodes", "weights", "expert_weights", "kv", "engine",
                   "settings", "max_batch_size", "max_num_tokens", "chunked_prefill", "kv_memory_fraction", "spec_tokens",
                   "spec_accept", "draft", "expert_imbalance", "scale_out_gbps", "prefill", "cloud_offer", "owned", "purchase",
                   "committed_months", "provisioning", "min_replicas", "max_replicas", "spot_share", "spot_interruption", "max_utilisation", "tpot_ms", "ttft_ms",
                   "jurisdictions"});
    auto count = [](const YamlNode& x, long lo) {
        const auto v = x.integer();
        if (v < lo || v > 100000) x.fail("must be a whole number of at least " + std::to_string(lo));
        return static_cast<int>(v);
    };
    auto precision = [](const YamlNode& x) {
        const auto p = precision_from_name(x.str());
        if (!p) x.fail("unknown precision '" + x.str() + "'; use bf16, fp8 or fp4");
        return *p;
    };
    SelfHosted o;
    if (auto x = n.get("label")) o.label = x->str();
    o.deployment.model = n.at("model").str();
    o.deployment.gpu = n.at("gpu").str();
    o.deployment.gpus = count(n.at("gpus"), 1);
    if (auto x = n.get("tp")) o.deployment.tp = count(*x, 1);
    if (auto x = n.get("dp")) o.deployment.dp = count(*x, 1);
    if (auto x = n.get("pp")) o.deployment.pp = count(*x, 1);
    if (auto x = n.get("ep")) o.deployment.ep = count(*x, 1);
    if (auto x = n.get("nodes")) o.deployment.nodes = count(*x, 1);
    if (auto x = n.get("weights")) o.deployment.weights = precision(*x);
    if (auto x = n.get("expert_weights")) o.deployment.expert_weights = precision(*x);
    if (auto x = n.get("kv")) o.deployment.kv = precision(*x);
    if (auto x = n.get("engine")) o.deployment.engine = x->str();
    if (auto x = n.get("settings")) o.deployment.settings = x->str();
    if (auto x = n.get("max_batch_size")) o.deployment.max_batch_size = count(*x, 1);
    if (auto x = n.get("max_num_tokens")) o.deployment.max_num_tokens = count(*x, 1);
    if (auto x = n.get("chunked_prefill")) o.deployment.chunked_prefill = x->boolean();
    if (auto x = n.get("kv_memory_fraction")) o.deployment.kv_memory_fraction = x->number();
    if (auto x = n.get("spec_tokens")) o.deployment.spec_tokens = count(*x, 0);
    if (auto x = n.get("spec_accept")) o.deployment.spec_accept = x->number();
    if (auto x = n.get("draft")) o.deployment.draft = x->str();
    if (auto x = n.get("expert_imbalance")) o.deployment.expert_imbalance = x->number();
    if (auto x = n.get("scale_out_gbps")) o.deployment.scale_out_gbps = x->number();
    if (auto x = n.get("prefill")) {
        // The prefill pool of a disaggregated option: its own GPUs and layout; the rest as the decode pool's.
        x->expect_keys({"gpus", "tp", "dp", "pp", "ep", "max_num_tokens", "chunked_prefill"});
        Deployment p = o.deployment;
        p.spec_tokens = 0;
        p.spec_accept = 0;
        p.draft.clear();
        p.gpus = count(x->at("gpus"), 1);
        p.tp = 0;
        p.dp = 0;
        p.pp = 1;
        p.ep = 1;
        if (auto y = x->get("tp")) p.tp = count(*y, 1);
        if (auto y = x->get("dp")) p.dp = count(*y, 1);
        if (auto y = x->get("pp")) p.pp = count(*y, 1);
        if (auto y = x->get("ep")) p.ep = count(*y, 1);
        if (auto y = x->get("max_num_tokens")) p.max_num_tokens = count(*y, 1);
        if (auto y = x->get("chunked_prefill")) p.chunked_prefill = y->boolean();
        o.prefill = p;
    }
    if (auto x = n.get("cloud_offer")) o.cloud_offer = x->str();
    if (auto x = n.get("owned")) o.owned_profile = x->str();
    if (auto x = n.get("purchase")) {
        const auto p = purchase_from_name(x->str());
        if (!p) x->fail("unknown purchase '" + x->str() + "'; use on_demand, spot or committed");
        o.purchase = *p;
    }
    if (auto x = n.get("committed_months")) o.committed_months = count(*x, 1);
    if (auto x = n.get("provisioning")) {
        const auto p = provisioning_from_name(x->str());
        if (!p) x->fail("unknown provisioning '" + x->str() + "'; use fixed or autoscale");
        o.provisioning = *p;
    } else {
        o.provisioning = o.default_provisioning();
    }
    if (auto x = n.get("min_replicas")) o.min_replicas = count(*x, 0);
    if (auto x = n.get("max_replicas")) o.max_replicas = count(*x, 1);
    if (auto x = n.get("spot_share")) o.spot_share = x->number();
    if (auto x = n.get("spot_interruption")) o.spot_interruption = x->number();
    if (auto x = n.get("max_utilisation")) o.max_utilisation = x->number();
    if (auto x = n.get("tpot_ms")) o.tpot_ms = x->number();
    if (auto x = n.get("ttft_ms")) o.ttft_ms = x->number();
    if (auto x = n.get("jurisdictions")) o.jurisdictions = x->strings();
    // Errors from the checks below point at the field they concern where one stands out, else at the option.
    auto at = [&](const YamlNode& where, auto&& check) {
        try {
            check();
        } catch (const InputError& e) {
            if (!e.file().empty()) throw;
            where.fail(e.reason());
        } catch (const Error& e) {
            where.fail(e.what());
        }
    };
    at(n, [&] { o.validate(); });
    if (catalog) {
        const HardwareCatalog& hw = catalog->hardware();
        at(n.at("model"), [&] { hw.model(o.deployment.model); });
        at(n.at("gpu"), [&] { hw.gpu(o.deployment.gpu); });
        at(n, [&] { Replica(hw, o.deployment); });
        at(o.cloud_offer.empty() ? n.at("owned") : n.at("cloud_offer"), [&] { check_self_hosted(hw, o); });
        if (auto x = n.get("jurisdictions")) at(*x, [&] { check_jurisdictions(catalog->jurisdictions(), o); });
    }
    return o;
}

std::vector<OneOff> read_one_offs(const YamlNode& n, const Period& period) {
    std::vector<OneOff> out;
    for (const auto& item : n.items()) {
        item.expect_keys({"label", "date", "amount", "depreciation_months"});
        OneOff o;
        o.label = item.at("label").str();
        o.date = item.at("date").date();
        o.amount = item.at("amount").non_negative();
        if (auto d = item.get("depreciation_months")) {
            const auto v = d->integer();
            if (v < 0 || v > kMaxPeriodMonths) d->fail("must be 0 (expensed when paid) to " + std::to_string(kMaxPeriodMonths) + " months");
            o.depreciation_months = static_cast<int>(v);
        }
        if (o.date < period.start || !(o.date < period.end()))
            item.at("date").fail("is outside the horizon " + format_date(period.start) + " to " + format_date(period.end()) +
                                 "; move the cost inside it or lengthen the horizon");
        out.push_back(o);
    }
    return out;
}

Option read_option(const YamlNode& n, const Catalog* catalog, const Period& period);

// An overflow or a route's API offering: an id, or {offering, service_tier}; checked against the catalog.
void read_api_target(const YamlNode& n, const Catalog* catalog, std::string& id, ServiceTier& tier) {
    const YamlNode id_node = n.is_scalar() ? n : (n.expect_keys({"offering", "service_tier"}), n.at("offering"));
    id = id_node.str();
    if (!n.is_scalar())
        if (auto t = n.get("service_tier")) {
            const auto x = service_tier_from_name(t->str());
            if (!x) t->fail("unknown service tier '" + t->str() + "'; use standard, batch, flex or priority");
            tier = *x;
        }
    if (catalog) {
        try {
            catalog->offering(id);
        } catch (const NotFoundError& e) {
            id_node.fail(e.what());
        }
    }
}

// An option's own checks, reported at the node it was read from.
void validate_at(const YamlNode& n, const Option& o) {
    try {
        o.validate();
    } catch (const InputError& e) {
        if (!e.file().empty()) throw;
        n.fail(e.reason());
    }
}

Option read_routed(const YamlNode& n, const Catalog* catalog, const Period& period) {
    n.expect_keys({"label", "by", "routes"});
    Option o;
    o.label = n.at("label").str();
    const std::string by = n.has("by") ? n.at("by").str() : "share";
    if (by != "share" && by != "prompt_tokens") n.at("by").fail("route by share or by prompt_tokens");
    const auto items = n.at("routes").items();
    for (std::size_t k = 0; k < items.size(); ++k) {
        const YamlNode& r = items[k];
        r.expect_keys({"share", "up_to", "option"});
        o.routes.push_back(read_option(r.at("option"), catalog, period));
        if (by == "share") {
            if (r.has("up_to")) r.at("up_to").fail("up_to routes by prompt length; this option routes by share");
            const double x = r.at("share").number();
            if (x < 0 || x > 1) r.at("share").fail("a share is between 0 and 1");
            o.route_shares.push_back(x);
        } else {
            if (r.has("share")) r.at("share").fail("share routes by share; this option routes by prompt_tokens");
            if (k + 1 < items.size()) o.route_prompt_edges.push_back(r.at("up_to").number());
            else if (r.has("up_to")) r.at("up_to").fail("the last route takes the rest of the prompts; give it no up_to");
        }
    }
    validate_at(n, o);
    return o;
}

Option read_option(const YamlNode& n, const Catalog* catalog, const Period& period) {
    if (n.is_map() && n.has("routed")) {
        n.expect_keys({"routed", "one_off"});
        Option o = read_routed(n.at("routed"), catalog, period);
        if (auto x = n.get("one_off")) o.one_offs = read_one_offs(*x, period);
        return o;
    }
    if (n.is_map() && n.has("self_hosted")) {
        n.expect_keys({"self_hosted", "overflow", "one_off"});
        Option o(read_self_hosted(n.at("self_hosted"), catalog));
        if (auto x = n.get("overflow")) read_api_target(*x, catalog, o.overflow_offering, o.overflow_tier);
        if (auto x = n.get("one_off")) o.one_offs = read_one_offs(*x, period);
        validate_at(n, o);
        return o;
    }
    // yaml-cpp nodes must not be assigned to (that rewrites the document), so the id node is chosen once.
    const YamlNode id_node = n.is_scalar() ? n : (n.expect_keys({"offering", "service_tier", "scope", "label", "price_trend_per_year",
                                                                 "one_off"}),
                                                  n.at("offering"));
    Option o(id_node.str());
    if (!n.is_scalar()) {
        if (auto x = n.get("price_trend_per_year")) {
            o.price_trend_per_year = x->number();
            if (o.price_trend_per_year <= -1) x->fail("must be a yearly share above -1 (-0.2 for 20% cheaper a year)");
        }
        if (auto x = n.get("one_off")) o.one_offs = read_one_offs(*x, period);
        if (auto t = n.get("service_tier")) {
            const std::string s = t->str();
            const auto tier = service_tier_from_name(s);
            if (!tier) t->fail("unknown service tier '" + s + "'; use standard, batch, flex or priority");
            o.service_tier = *tier;
        }
        if (auto l = n.get("label")) o.label = l->str();
        if (auto sc = n.get("scope")) o.scope = sc->str();
    }
    if (catalog) {
        const Offering* off = nullptr;
        try {
            off = &catalog->offering(o.offering_id);
        } catch (const NotFoundError& e) {
            id_node.fail(e.what());
        }
        if (o.service_tier != ServiceTier::standard &&
            std::none_of(off->versions.begin(), off->versions.end(),
                         [&](const PriceVersion& v) { return v.service_tiers.count(o.service_tier) > 0; }))
            n.fail("offering '" + o.offering_id + "' has no '" + std::string(service_tier_name(o.service_tier)) +
                   "' service tier in any price version");
        if (!o.scope.empty() &&
            std::none_of(off->versions.begin(), off->versions.end(),
                         [&](const PriceVersion& v) { return v.scopes.count(o.scope) > 0; }))
            n.at("scope").fail("offering '" + o.offering_id + "' has no serving scope '" + o.scope + "' in any price version");
    }
    return o;
}

Money read_money(const YamlNode& n, const Currency& currency) {
    const double v = n.number();
    if (v <= 0) n.fail("must be a positive amount in the scenario's currency (" + currency.code() + ")");
    return Money(v, currency);
}

Tasks read_tasks(const YamlNode& n) {
    n.expect_keys({"name", "requests_per_task", "tokenizer", "text", "models"});
    Tasks t;
    if (auto x = n.get("name")) t.name = x->str();
    if (auto x = n.get("requests_per_task")) {
        t.requests_per_task = x->number();
        if (!(t.requests_per_task > 0)) x->fail("must be above 0");
    }
    if (auto x = n.get("tokenizer")) t.tokenizer = x->str();
    if (auto x = n.get("text")) t.text = x->str();
    if (auto ms = n.get("models"))
        for (const auto& item : ms->items()) {
            item.expect_keys({"option", "success_rate", "requests_per_task", "reasoning_tokens_per_request", "tokenizer", "token_ratio"});
            TaskModel m;
            m.option = item.at("option").str();
            if (auto x = item.get("success_rate")) {
                m.success_rate = x->number();
                if (!(m.success_rate > 0 && m.success_rate <= 1)) x->fail("a success rate is a share above 0 and at most 1");
            }
            if (auto x = item.get("requests_per_task")) {
                m.requests_per_task = x->number();
                if (!(*m.requests_per_task > 0)) x->fail("must be above 0");
            }
            if (auto x = item.get("reasoning_tokens_per_request")) m.reasoning_tokens_per_request = x->non_negative();
            if (auto x = item.get("tokenizer")) m.tokenizer = x->str();
            if (auto x = item.get("token_ratio")) {
                if (item.has("tokenizer")) x->fail("give a tokenizer (its ratio from the table) or a token_ratio, not both");
                m.token_ratio = x->number();
                if (!(*m.token_ratio > 0)) x->fail("a token ratio must be above 0");
            }
            for (const TaskModel& other : t.models)
                if (other.option == m.option) item.at("option").fail("a second entry for option '" + m.option + "'");
            t.models.push_back(m);
        }
    return t;
}

}  // namespace

TokenizerTable load_tokenizer_table(const std::filesystem::path& file) {
    const YamlNode root = YamlNode::load_string(io::read_text(file.string()), file.string());
    root.expect_keys({"text_set", "families"});
    TokenizerTable t;
    t.text_set = root.at("text_set").str();
    for (const auto& f : root.at("families").items()) {
        f.expect_keys({"id", "name", "tokens_per_1000_chars", "source", "used_by"});
        TokenizerFamily fam;
        fam.id = f.at("id").str();
        fam.name = f.at("name").str();
        fam.source = f.at("source").str();
        for (const auto& [kind, v] : f.at("tokens_per_1000_chars").entries()) {
            const double n = v.number();
            if (!(n > 0)) v.fail("a token count per 1,000 characters must be above 0");
            fam.tokens_per_1000_chars.emplace_back(kind, n);
        }
        t.families.push_back(std::move(fam));
    }
    return t;
}

namespace {

// An uncertain input's distribution: a number (fixed) or one of {uniform, triangular, normal, lognormal, pert,
// empirical} with its parameters.
Distribution read_uncertain(const YamlNode& n) {
    if (n.is_scalar()) return Distribution::fixed(n.number());
    n.expect_keys({"fixed", "uniform", "triangular", "normal", "lognormal", "pert", "empirical"});
    const auto entries = n.entries();
    if (entries.size() != 1)
        n.fail("give one distribution: fixed, uniform, triangular, normal, lognormal, pert or empirical");
    const auto& [kind, p] = entries.front();
    try {
        if (kind == "fixed") return Distribution::fixed(p.number());
        if (kind == "empirical") return Distribution::empirical(p.is_map() ? (p.expect_keys({"values"}), p.at("values").numbers()) : p.numbers());
        if (kind == "uniform") {
            p.expect_keys({"low", "high"});
            return Distribution::uniform(p.at("low").number(), p.at("high").number());
        }
        if (kind == "triangular" || kind == "pert") {
            p.expect_keys({"low", "mode", "high"});
            const double lo = p.at("low").number(), mode = p.at("mode").number(), hi = p.at("high").number();
            return kind == "pert" ? Distribution::pert(lo, mode, hi) : Distribution::triangular(lo, mode, hi);
        }
        if (kind == "normal") {
            p.expect_keys({"mean", "sd"});
            return Distribution::normal(p.at("mean").number(), p.at("sd").number());
        }
        p.expect_keys({"mean", "median", "p90"});
        if (p.has("mean") == p.has("median")) p.fail("a lognormal takes `median` and `p90`, or `mean` and `p90`");
        return p.has("mean") ? Distribution::lognormal_mean_p90(p.at("mean").number(), p.at("p90").number())
                             : Distribution::lognormal_median_p90(p.at("median").number(), p.at("p90").number());
    } catch (const InputError& e) {
        if (!e.file().empty()) throw;
        p.fail(e.reason());
    }
}

// `uncertainty: {inputs: {path: distribution, ...}, rank_correlation: [[path, path, rho], ...]}`.
Uncertainty read_uncertainty(const YamlNode& n, const Scenario& s) {
    n.expect_keys({"inputs", "rank_correlation"});
    Uncertainty u;
    for (const auto& [path, d] : n.at("inputs").entries()) {
        const bool known = std::any_of(uncertain_input_paths().begin(), uncertain_input_paths().end(), [&](const InputPath& ip) {
            const auto open = ip.pattern.find('<');
            return open == std::string::npos ? path == ip.pattern
                                             : path.size() > open && path.compare(0, open, ip.pattern, 0, open) == 0;
        });
        if (!known) d.fail("'" + path + "' is not an input that can be uncertain; see docs/uncertainty.md for the list");
        if (path.rfind("price_change.", 0) == 0) {
            const std::string o = path.substr(13);
            if (std::none_of(s.options.begin(), s.options.end(),
                             [&](const Option& x) { return x.display_label() == o || x.offering_id == o; }))
                d.fail("no option has the label or offering id '" + o + "'");
        }
        if (path.rfind("fx.", 0) == 0) {
            try {
                (void)Currency(path.substr(3));
            } catch (const InputError& e) {
                d.fail(e.reason());
            }
        }
        u.inputs.push_back({path, read_uncertain(d)});
    }
    if (auto c = n.get("rank_correlation")) {
        const std::size_t k = u.inputs.size();
        u.rank_correlation.assign(k * k, 0.0);
        for (std::size_t i = 0; i < k; ++i) u.rank_correlation[i * k + i] = 1;
        std::vector<bool> set(k * k, false);
        for (const auto& item : c->items()) {
            const auto parts = item.items();
            if (parts.size() != 3) item.fail("a rank correlation is [input, input, rho]");
            std::size_t idx[2];
            for (int j = 0; j < 2; ++j) {
                const std::string name = parts[static_cast<std::size_t>(j)].str();
                const auto it = std::find_if(u.inputs.begin(), u.inputs.end(), [&](const UncertainInput& x) { return x.path == name; });
                if (it == u.inputs.end()) parts[static_cast<std::size_t>(j)].fail("'" + name + "' is not one of the uncertain inputs above");
                idx[j] = static_cast<std::size_t>(it - u.inputs.begin());
            }
            if (idx[0] == idx[1]) item.fail("an input's rank correlation with itself is 1; name two inputs");
            if (set[idx[0] * k + idx[1]]) item.fail("a second rank correlation for this pair");
            const double rho = parts[2].number();
            if (rho < -1 || rho > 1) parts[2].fail("a rank correlation lies between -1 and 1");
            u.rank_correlation[idx[0] * k + idx[1]] = u.rank_correlation[idx[1] * k + idx[0]] = rho;
            set[idx[0] * k + idx[1]] = set[idx[1] * k + idx[0]] = true;
        }
        try {
            u.validate();
        } catch (const InputError& e) {
            c->fail(e.reason());
        }
    }
    try {
        u.validate();
    } catch (const InputError& e) {
        n.fail(e.reason());
    }
    return u;
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& name, const Catalog* catalog) {
    const YamlNode root = YamlNode::load_string(text, name);
    if (root.is_null()) throw InputError(name, 1, 1, "", "the scenario is empty");
    root.expect_keys({"name", "description", "currency", "horizon", "fx_date", "fx_path", "on_retirement", "workload", "baseline",
                      "candidates", "claim", "policy", "agreements", "discount_rate", "tasks", "uncertainty"});
    Scenario s;
    s.loaded_from.file = name;
    s.name = root.at("name").str();
    if (auto d = root.get("description")) s.description = d->str();
    if (auto c = root.get("currency")) {
        try {
            s.settings.currency = Currency(c->str());
        } catch (const InputError& e) {
            if (!e.file().empty()) throw;
            c->fail(e.reason());
        }
        if (catalog && !catalog->fx().knows(s.settings.currency))
            c->fail("currency " + s.settings.currency.code() + " is not in the catalog's FX table");
    }
    const YamlNode h = root.at("horizon");
    h.expect_keys({"start", "months", "end"});
    s.settings.period.start = h.at("start").date();
    if (auto e = h.get("end")) {
        // The last day of the horizon (or the first day after it): a whole number of months after the start.
        if (h.has("months")) e->fail("give the horizon's months or its end, not both");
        const Date end = e->date();
        if (!(end > s.settings.period.start))
            e->fail("the horizon ends on " + format_date(end) + ", before it starts on " + format_date(s.settings.period.start));
        Period p{s.settings.period.start, 1};
        while (p.months < kMaxPeriodMonths && p.end() < end && p.end() - std::chrono::days(1) < end) ++p.months;
        if (p.end() != end && p.end() - std::chrono::days(1) != end)
            e->fail("a horizon runs whole months: from " + format_date(p.start) + " it can end on " +
                    format_date(p.end() - std::chrono::days(1)) + " (the last day) or be given as months");
        s.settings.period.months = p.months;
    }
    if (auto m = h.get("months")) {
        const auto months = m->integer();
        if (months < 1 || months > kMaxPeriodMonths)
            m->fail("months must be between 1 and " + std::to_string(kMaxPeriodMonths));
        s.settings.period.months = static_cast<int>(months);
    }
    if (auto f = root.get("fx_date")) s.settings.fx_date = f->date();
    if (auto r = root.get("on_retirement")) {
        const auto rule = on_retirement_from_name(r->str());
        if (!rule) r->fail("unknown rule '" + r->str() + "'; use refuse (the default) or successor");
        s.settings.on_retirement = *rule;
    }
    const Period& period = s.settings.period;
    if (auto f = root.get("fx_path")) {
        if (root.has("fx_date")) f->fail("an FX path converts each month at its own rate; remove fx_date or the path");
        for (const auto& item : f->items()) {
            item.expect_keys({"date", "base", "quote", "rate", "source"});
            FxRate r;
            r.date = item.at("date").date();
            try {
                if (auto b = item.get("base")) r.base = Currency(b->str());
                r.quote = Currency(item.at("quote").str());
            } catch (const InputError& e) {
                if (!e.file().empty()) throw;
                item.fail(e.reason());
            }
            r.rate = item.at("rate").number();
            if (r.rate <= 0) item.at("rate").fail("a rate must be above zero (units of quote per unit of base)");
            r.source = item.has("source") ? item.at("source").str() : "scenario " + name + " (an assumed path)";
            r.checked = r.date;
            if (catalog)
                for (const Currency& c : {r.base, r.quote})
                    if (!catalog->fx().knows(c)) item.fail("currency " + c.code() + " is not in the catalog's FX table");
            s.settings.fx_path.push_back(r);
        }
    }
    if (auto d = root.get("discount_rate")) {
        s.settings.discount_rate = d->number();
        if (*s.settings.discount_rate <= -1 || *s.settings.discount_rate > 10)
            d->fail("a discount rate is a yearly share (0.08 for 8%), above -1 and at most 10");
    }
    if (auto a = root.get("agreements"))
        for (const auto& item : a->items()) {
            item.expect_keys({"provider", "discount", "credits", "commitment"});
            Agreement ag;
            ag.provider = item.at("provider").str();
            if (auto x = item.get("discount")) {
                ag.discount = x->number();
                if (ag.discount < 0 || ag.discount > 1) x->fail("a discount is a share between 0 and 1 (0.15 for 15%)");
            }
            if (auto x = item.get("credits")) ag.credits = x->non_negative();
            if (auto x = item.get("commitment")) {
                x->expect_keys({"amount", "months"});
                Commitment c;
                c.amount = read_money(x->at("amount"), s.settings.currency).amount();
                if (auto m = x->get("months")) {
                    const auto v = m->integer();
                    if (v < 1 || v > kMaxPeriodMonths) m->fail("a commitment runs over 1 to " + std::to_string(kMaxPeriodMonths) + " months");
                    c.months = static_cast<int>(v);
                }
                ag.commitment = c;
            }
            for (const Agreement& other : s.settings.agreements)
                if (other.provider == ag.provider) item.at("provider").fail("a second agreement with " + ag.provider + "; give one per provider");
            if (catalog) {
                const auto& offs = catalog->offerings();
                const bool cloud = catalog->has_hardware() &&
                                   std::any_of(catalog->hardware().cloud_offers.begin(), catalog->hardware().cloud_offers.end(),
                                               [&](const CloudOffer& o) { return o.provider == ag.provider; });
                if (!cloud && std::none_of(offs.begin(), offs.end(), [&](const Offering& o) { return o.provider == ag.provider; }))
                    item.at("provider").fail("no offering or cloud offer of provider '" + ag.provider + "' is in the catalog");
            }
            s.settings.agreements.push_back(ag);
        }
    s.workload = read_workload(root.at("workload"), period.months);
    s.options.push_back(read_option(root.at("baseline"), catalog, period));
    s.baseline = 0;
    if (auto c = root.get("candidates"))
        for (const auto& item : c->items()) s.options.push_back(read_option(item, catalog, period));
    if (auto t = root.get("tasks")) {
        Tasks tasks = read_tasks(*t);
        if (std::any_of(tasks.models.begin(), tasks.models.end(), [](const TaskModel& m) { return !m.tokenizer.empty(); })) {
            if (!catalog || catalog->directory().empty())
                t->fail("a tokenizer is looked up in the catalog's tokenizers.yaml; load the scenario with a catalog directory or "
                        "state token_ratio");
            const auto table = catalog->directory() / "tokenizers.yaml";
            if (!std::filesystem::exists(table)) t->fail("the catalog has no tokenizers.yaml to look tokenizers up in; state token_ratio");
            try {
                resolve_token_ratios(tasks, load_tokenizer_table(table));
            } catch (const InputError& e) {
                if (!e.file().empty()) throw;
                t->fail(e.reason());
            } catch (const NotFoundError& e) {
                t->fail(e.what());
            }
        }
        for (const TaskModel& m : tasks.models)
            if (std::none_of(s.options.begin(), s.options.end(),
                             [&](const Option& o) { return o.display_label() == m.option || o.offering_id == m.option; }))
                t->fail("tasks: model '" + m.option + "' is none of the scenario's options; name one by its label or offering id");
        s.settings.tasks = std::move(tasks);
    }
    if (auto c = root.get("claim")) {
        c->expect_keys({"saving_per_year", "baseline", "candidate", "also"});
        ClaimSpec cs;
        cs.saving_per_year = read_money(c->at("saving_per_year"), s.settings.currency);
        cs.baseline = c->has("baseline") ? read_option(c->at("baseline"), catalog, period) : s.options[s.baseline];
        cs.candidate = read_option(c->at("candidate"), catalog, period);
        if (auto a = c->get("also"))
            for (const auto& item : a->items()) cs.also.push_back(read_option(item, catalog, period));
        s.claim = cs;
    }
    if (auto u = root.get("uncertainty")) s.uncertainty = read_uncertainty(*u, s);
    if (auto p = root.get("policy")) {
        p->expect_keys({"file", "data_class"});
        const std::filesystem::path f = p->at("file").str();
        s.policy_file = f.is_absolute() ? f : std::filesystem::path(name).parent_path() / f;
        if (!std::filesystem::exists(*s.policy_file))
            p->at("file").fail("policy file '" + s.policy_file->string() + "' does not exist");
        if (auto dc = p->get("data_class")) s.data_class = dc->str();
        if (catalog) {
            const Policy policy = load_policy(s.policy_file->string(), catalog->jurisdictions());
            if (!s.data_class.empty() && !policy.data_classes.count(s.data_class))
                p->at("data_class").fail("policy '" + policy.name + "' has no data class '" + s.data_class + "'");
        }
    }
    return s;
}

Scenario load_scenario(const std::filesystem::path& file, const Catalog* catalog) {
    return parse_scenario(io::read_text(file.string()), file.string(), catalog);
}

Comparison run_scenario(const Scenario& s, const Catalog& catalog) {
    return compare(catalog, s.workload, s.options, s.baseline, s.settings);
}

PolicyCheck check_scenario_policy(const Scenario& s, const Comparison& c, const Catalog& catalog) {
    if (!s.policy_file) throw InputError("scenario '" + s.name + "' names no policy; add `policy: {file: ...}`");
    return check_policy(c, catalog, load_policy(s.policy_file->string(), catalog.jurisdictions()), s.data_class);
}

std::vector<ClaimVariant> scenario_claim_variants(const Scenario& s, const Catalog& catalog) {
    if (!s.claim) throw InputError("scenario '" + s.name + "' states no claim to check; add a `claim:` section");
    return claim_variants(catalog, s.workload, s.claim->baseline, s.claim->candidate, s.claim->saving_per_year, s.settings,
                          s.claim->also);
}

ClaimCheck check_scenario_claim(const Scenario& s, const Catalog& catalog) {
    if (!s.claim) throw InputError("scenario '" + s.name + "' states no claim to check; add a `claim:` section");
    return check_claim(catalog, s.workload, s.claim->baseline, s.claim->candidate, s.claim->saving_per_year, s.settings);
}

}  // namespace infercost

namespace infercost {

namespace {
void emit_distribution(YAML::Emitter& out, const TokenDistribution& d) {
    out << YAML::Flow << YAML::BeginMap;
    std::visit(
        [&](const auto& s) {
            using S = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<S, TokenDistribution::Fixed>) {
                out << YAML::Key << "fixed" << YAML::Value << s.value;
            } else if constexpr (std::is_same_v<S, TokenDistribution::LogNormal>) {
                out << YAML::Key << "lognormal" << YAML::Value << YAML::BeginMap << YAML::Key
                    << (s.from_median ? "median" : "mean") << YAML::Value << (s.from_median ? std::exp(s.mu) : s.mean)
                    << YAML::Key << "p90" << YAML::Value << s.p90 << YAML::EndMap;
            } else if constexpr (std::is_same_v<S, TokenDistribution::Histogram>) {
                out << YAML::Key << "histogram" << YAML::Value << YAML::BeginMap << YAML::Key << "edges" << YAML::Value
                    << YAML::Flow << s.edges << YAML::Key << "weights" << YAML::Value << YAML::Flow << s.probs << YAML::EndMap;
            } else {
                throw InputError("a truncated length distribution has no scenario form; write the distribution it was cut from");
            }
        },
        d.shape());
    out << YAML::EndMap;
}
}  // namespace

std::string workload_yaml(const Workload& w) {
    w.validate();
    if (!w.growth.none()) throw InputError("workload_yaml writes a workload without growth; state growth in the scenario");
    YAML::Emitter out;
    out.SetDoublePrecision(12);  // parse_scenario reads back the same workload to 12 significant digits
    out << YAML::BeginMap;
    out << YAML::Key << (w.volume_unit == VolumeUnit::day ? "requests_per_day" : w.volume_unit == VolumeUnit::month ? "requests_per_month" : "requests_per_year")
        << YAML::Value << w.stated_volume();
    out << YAML::Key << "utc_offset" << YAML::Value << YAML::DoubleQuoted << format_utc_offset(w.utc_offset);
    out << YAML::Key << "input_tokens" << YAML::Value;
    emit_distribution(out, w.input_tokens);
    out << YAML::Key << "output_tokens" << YAML::Value;
    emit_distribution(out, w.output_tokens);
    const std::pair<const char*, double> shares[] = {{"cached_share", w.cached_share},
                                                     {"cache_write_share", w.cache_write_share},
                                                     {"cache_write_long_share", w.cache_write_long_share},
                                                     {"reasoning_share", w.reasoning_share},
                                                     {"web_searches_per_request", w.web_searches_per_request},
                                                     {"cache_storage_tokens", w.cache_storage_tokens}};
    for (const auto& [key, value] : shares) out << YAML::Key << key << YAML::Value << value;
    out << YAML::Key << "hourly_profile" << YAML::Value << YAML::Flow
        << std::vector<double>(w.hourly_profile.begin(), w.hourly_profile.end());
    out << YAML::Key << "weekday_profile" << YAML::Value << YAML::Flow
        << std::vector<double>(w.weekday_profile.begin(), w.weekday_profile.end());
    out << YAML::Key << "context_overflow" << YAML::Value << std::string(context_overflow_name(w.context_overflow));
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace infercost
