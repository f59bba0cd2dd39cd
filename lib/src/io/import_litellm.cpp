// LiteLLM's model_prices_and_context_window.json: one object per model key, prices in USD per token.
// Mapping (docs/importers.md): base, cache, reasoning and per-request prices; `_above_<N>k_tokens` keys and
// `tiered_pricing` lists become whole-request context tiers; `_batches`, `_flex` and `_priority` keys become
// service tiers; `off_peak_pricing` with UTC hours becomes a time rule. Cost keys with no infercost meter
// (audio, images, search...) are listed per entry, never dropped silently.
#include "infercost/core/error.hpp"
#include "infercost/io.hpp"

#include "import_common.hpp"

#include <cmath>
#include <regex>

namespace infercost {

namespace {

using io::import_detail::EntryBuilder;

// A token-price key: base meter, optional context threshold, optional service tier.
const std::regex kPriceKey(
    R"(^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost|output_cost_per_reasoning_token)(?:_above_([0-9]+)k_tokens)?(?:_(batches|flex|priority))?$)");

Meter meter_of(const std::string& base) {
    if (base == "input_cost_per_token") return Meter::input;
    if (base == "output_cost_per_token") return Meter::output;
    if (base == "cache_read_input_token_cost") return Meter::cached_input;
    if (base == "cache_creation_input_token_cost") return Meter::cache_write;
    return Meter::reasoning;
}

bool is_cost_key(const std::string& k) {
    return k.find("cost") != std::string::npos || k == "tiered_pricing" || k == "off_peak_pricing";
}

void read_tiered_pricing(const YAML::Node& list, const std::string& file, EntryBuilder& b) {
    if (!list.IsSequence()) io::import_detail::fail_at(file, list, "tiered_pricing must be a list");
    for (const auto& item : list) {
        if (!item.IsMap()) io::import_detail::fail_at(file, item, "a tiered_pricing item must be an object");
        const YAML::Node range = item["range"];
        if (!range || !range.IsSequence() || range.size() != 2) {
            b.flag("tiered_pricing item without a [low, high] range (search-style tiers are not token prices)");
            continue;
        }
        const double lo = io::import_detail::number_at(file, range[0], "range");
        if (!item["input_cost_per_token"]) {
            b.flag("tiered_pricing item from " + io::import_detail::num(lo) + " tokens has no input_cost_per_token; "
                   "LiteLLM ignores such a tier, and so does this import");
            continue;
        }
        const auto threshold = static_cast<std::int64_t>(std::llround(lo));
        for (const char* key : {"input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
                                "cache_creation_input_token_cost", "output_cost_per_reasoning_token"}) {
            if (const YAML::Node v = item[key])
                b.set_price(threshold, "", meter_of(key), io::import_detail::number_at(file, v, key), key);
        }
    }
}

void read_off_peak(const YAML::Node& node, const std::string& file, EntryBuilder& b) {
    if (!node.IsMap()) io::import_detail::fail_at(file, node, "off_peak_pricing must be an object");
    if (node["windows"] || node["weekday_timezone"] || !node["hours_utc"]) {
        b.unmapped("off_peak_pricing (only `hours_utc` windows are imported; weekday windows in a named time "
                   "zone need a UTC offset)");
        return;
    }
    TimeRule rule;
    rule.name = "off-peak";
    rule.utc_offset = UtcOffset{0};
    std::vector<std::string> spans;
    const YAML::Node h = node["hours_utc"];
    if (h.IsSequence())
        for (const auto& x : h) spans.push_back(x.as<std::string>());
    else
        spans.push_back(h.as<std::string>());
    for (const auto& s : spans) {
        const auto dash = s.find('-');
        try {
            if (dash == std::string::npos) throw InputError("expected HH:MM-HH:MM");
            rule.windows.push_back(TimeWindow{parse_clock(s.substr(0, dash)), parse_clock(s.substr(dash + 1))});
        } catch (const InputError& e) {
            io::import_detail::fail_at(file, h, "off_peak_pricing.hours_utc '" + s + "': " + e.reason());
        }
    }
    rule.adjustment.is_override = true;
    for (const char* key : {"input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
                            "cache_creation_input_token_cost", "output_cost_per_reasoning_token"}) {
        if (const YAML::Node v = node[key])
            rule.adjustment.prices.set(meter_of(key), io::import_detail::per_million(io::import_detail::number_at(file, v, key)));
    }
    b.set_time_rule(std::move(rule));
}

}  // namespace

ImportedCatalog import_litellm(const std::filesystem::path& file, const FxTable& fx, const ImportOptions& options) {
    const std::string name = file.string();
    const YAML::Node root = io::import_detail::load_json(name);
    if (!root.IsMap()) io::import_detail::fail_at(name, root, "expected a JSON object of model entries");

    // Mirrors of the file add a top-level "last_updated" time stamp: the date the data stands for.
    ImportOptions opts = options;
    if (!opts.source_date && root["last_updated"] && root["last_updated"].IsScalar()) {
        const std::string stamp = root["last_updated"].as<std::string>();
        try {
            opts.source_date = std::chrono::floor<std::chrono::days>(parse_timestamp(stamp));
        } catch (const InputError& e) {
            io::import_detail::fail_at(name, root["last_updated"], "last_updated: " + e.reason());
        }
    }
    io::import_detail::Importer imp("litellm", name, opts,
                                    "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json");
    if (!options.source_date && opts.source_date) imp.set_date_basis("the file's last_updated field");
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string key = it->first.as<std::string>();
        if (key == "sample_spec" || key == "last_updated") continue;  // documentation entry; the file's time stamp
        const YAML::Node v = it->second;
        if (!v.IsMap()) io::import_detail::fail_at(name, v, "entry '" + key + "' must be an object");
        const std::string provider = v["litellm_provider"] ? v["litellm_provider"].as<std::string>() : "unknown";
        const std::string mode = v["mode"] ? v["mode"].as<std::string>() : "";
        EntryBuilder b = imp.entry(key, provider);
        if (!(mode == "chat" || mode == "completion" || mode == "responses")) {
            b.not_text("mode '" + (mode.empty() ? std::string("(none)") : mode) + "'");
            imp.finish(std::move(b));
            continue;
        }
        if (v["source"] && v["source"].IsScalar()) {
            const std::string src = v["source"].as<std::string>();
            if (src.rfind("http", 0) == 0) b.set_source(src);
        }
        if (v["max_input_tokens"] && v["max_input_tokens"].IsScalar())
            b.set_context_window(io::import_detail::number_at(name, v["max_input_tokens"], "max_input_tokens"));
        b.set_boundary(provider == "xai" ? Boundary::greater_equal : Boundary::greater);
        for (auto f = v.begin(); f != v.end(); ++f) {
            const std::string k = f->first.as<std::string>();
            if (!is_cost_key(k) || f->second.IsNull()) continue;
            std::smatch m;
            if (std::regex_match(k, m, kPriceKey)) {
                const std::int64_t threshold = m[2].matched ? std::stoll(m[2].str()) * 1000 : 0;
                b.set_price(threshold, m[3].str(), meter_of(m[1].str()), io::import_detail::number_at(name, f->second, k), k);
            } else if (k == "input_cost_per_token_cache_hit") {
                if (!v["cache_read_input_token_cost"])
                    b.set_price(0, "", Meter::cached_input, io::import_detail::number_at(name, f->second, k), k);
            } else if (k == "input_cost_per_request") {
                b.set_request_fee(io::import_detail::number_at(name, f->second, k));
            } else if (k == "tiered_pricing") {
                read_tiered_pricing(f->second, name, b);
            } else if (k == "off_peak_pricing") {
                read_off_peak(f->second, name, b);
            } else {
                // Report only fields that cost something: a zero audio price is no missing meter.
                const YAML::Node val = f->second;
                bool nonzero = true;
                if (val.IsScalar()) {
                    try {
                        nonzero = val.as<double>() != 0.0;
                    } catch (const YAML::Exception&) {
                    }
                }
                if (nonzero) b.unmapped(k);
            }
        }
        imp.finish(std::move(b));
    }
    return imp.result(fx);
}

}  // namespace infercost
