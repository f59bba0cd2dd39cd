// LiteLLM's model_prices_and_context_window.json: one object per model key, prices in USD per token.
// Mapping (docs/importers.md): base, cache, reasoning and per-request prices; 1-hour and 12-hour cache writes as
// cache_write_long; `_above_<N>k_tokens` keys and `tiered_pricing` lists become whole-request context tiers;
// `_batches`, `_flex`, `_priority` and `_ultrafast` keys become service tiers, provider_specific_entry's `fast`
// and `us` multipliers the fast tier and the `us` scope; the medium web-search fee per query the web_search
// meter; `off_peak_pricing` (daily UTC hours, weekday windows) time rules. Cost keys with no infercost meter
// (audio, images...) are listed per entry, never dropped silently.
#include "infercost/core/error.hpp"
#include "infercost/io.hpp"

#include "import_common.hpp"

#include <cmath>
#include <regex>

namespace infercost {

namespace {

using io::import_detail::EntryBuilder;

// A token-price key: base meter, optional context threshold, optional service tier.
// (`_above_1hr` and `_above_12hr` name a cache write's retention, not a prompt size.)
const std::regex kPriceKey(
    R"(^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost|output_cost_per_reasoning_token)(_above_1hr|_above_12hr)?(?:_above_([0-9]+)k_tokens)?(?:_(batches|flex|priority|ultrafast))?$)");

Meter meter_of(const std::string& base) {
    if (base == "input_cost_per_token") return Meter::input;
    if (base == "cache_creation_input_token_cost_above_1hr") return Meter::cache_write_long;
    if (base == "output_cost_per_token") return Meter::output;
    if (base == "cache_read_input_token_cost") return Meter::cached_input;
    if (base == "cache_creation_input_token_cost") return Meter::cache_write;
    return Meter::reasoning;
}

bool is_cost_key(const std::string& k) {
    return k.find("cost") != std::string::npos || k == "tiered_pricing" || k == "off_peak_pricing";
}

void read_tiered_pricing(const io::JsonNode& list, const std::string& file, EntryBuilder& b) {
    if (!list.IsSequence()) io::import_detail::fail_at(file, list, "tiered_pricing must be a list");
    for (const auto& item : list) {
        if (!item.IsMap()) io::import_detail::fail_at(file, item, "a tiered_pricing item must be an object");
        const io::JsonNode range = item["range"];
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
            if (const io::JsonNode v = item[key])
                b.set_price(threshold, "", meter_of(key), io::import_detail::number_at(file, v, key), key);
        }
    }
}

// Minutes of a "HH:MM-HH:MM" span; InputError if malformed.
std::pair<int, int> read_span(const std::string& s) {
    const auto dash = s.find('-');
    if (dash == std::string::npos) throw InputError("expected HH:MM-HH:MM");
    return {parse_clock(s.substr(0, dash)), parse_clock(s.substr(dash + 1))};
}

// A UTC span moved onto a clock `offset` minutes ahead, as windows that do not cross that clock's midnight: LiteLLM
// reads the weekday at the instant itself, so a window must not carry past midnight into the next day.
void add_span(std::vector<TimeWindow>& out, int start, int end, int offset) {
    constexpr int kDay = 24 * 60;
    if (start == end) {  // the whole day
        out.push_back(TimeWindow{0, kDay});
        return;
    }
    const int a = ((start + offset) % kDay + kDay) % kDay;
    const int len = ((end - start) % kDay + kDay) % kDay;
    if (a + len <= kDay) {
        out.push_back(TimeWindow{a, a + len});
    } else {
        out.push_back(TimeWindow{a, kDay});
        out.push_back(TimeWindow{0, a + len - kDay});
    }
}

// LiteLLM weekday numbers (ISO: 1 = Monday .. 7 = Sunday) or English names, as a Sun=0..Sat=6 mask.
std::optional<std::array<bool, 7>> read_weekdays(const io::JsonNode& list) {
    std::array<bool, 7> days{};
    static const std::pair<const char*, int> kNames[] = {{"mon", 1}, {"tue", 2}, {"wed", 3}, {"thu", 4},
                                                         {"fri", 5}, {"sat", 6}, {"sun", 7}};
    if (!list.IsSequence()) return std::nullopt;
    for (const auto& d : list) {
        if (!d.IsScalar()) return std::nullopt;
        const std::string s = d.Scalar();
        int iso = 0;
        if (s.size() == 1 && s[0] >= '1' && s[0] <= '7') iso = s[0] - '0';
        for (const auto& [name, n] : kNames) {
            std::string lower;
            for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
            if (lower.rfind(name, 0) == 0) iso = n;
        }
        if (iso == 0) return std::nullopt;
        days[static_cast<std::size_t>(iso % 7)] = true;
    }
    return days;
}

void read_off_peak(const io::JsonNode& node, const std::string& file, EntryBuilder& b) {
    if (!node.IsMap()) io::import_detail::fail_at(file, node, "off_peak_pricing must be an object");
    // Hours are UTC; weekdays are read in `weekday_timezone`. A zone without daylight saving is a fixed offset, so
    // the windows move onto that zone's clock exactly; other zones are not mapped.
    int offset = 0;
    if (const io::JsonNode tz = node["weekday_timezone"]) {
        const std::string zone = tz.IsScalar() ? tz.Scalar() : "";
        static const std::pair<const char*, int> kFixedZones[] = {
            {"UTC", 0}, {"Etc/UTC", 0}, {"Asia/Shanghai", 480}, {"Asia/Hong_Kong", 480}, {"Asia/Singapore", 480}};
        bool known = false;
        for (const auto& [name, minutes] : kFixedZones)
            if (zone == name) known = true, offset = minutes;
        if (!known) {
            b.unmapped("off_peak_pricing (weekday_timezone '" + zone + "' is not a fixed UTC offset infercost knows)");
            return;
        }
    }
    PriceAdjustment prices;
    prices.is_override = true;
    for (const char* key : {"input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
                            "cache_creation_input_token_cost", "output_cost_per_reasoning_token"}) {
        if (const io::JsonNode v = node[key])
            prices.prices.set(meter_of(key), io::import_detail::per_million(io::import_detail::number_at(file, v, key)));
    }
    if (prices.prices.empty()) {
        b.unmapped("off_peak_pricing (no off-peak prices in it)");
        return;
    }
    auto spans_of = [&](const io::JsonNode& h, std::vector<TimeWindow>& out) {
        std::vector<std::string> spans;
        if (h.IsSequence())
            for (const auto& x : h) spans.push_back(x.IsScalar() ? x.Scalar() : "");
        else
            spans.push_back(h.IsScalar() ? h.Scalar() : "");
        for (const auto& s : spans) {
            try {
                const auto [a, e] = read_span(s);
                add_span(out, a, e, offset);
            } catch (const InputError& err) {
                io::import_detail::fail_at(file, h, "off_peak_pricing hours_utc '" + s + "': " + err.reason());
            }
        }
    };
    auto rule_named = [&](const std::string& name) {
        TimeRule r;
        r.name = name;
        r.utc_offset = UtcOffset{offset};
        r.adjustment = prices;
        return r;
    };
    if (const io::JsonNode h = node["hours_utc"]) {
        TimeRule r = rule_named("off-peak");
        spans_of(h, r.windows);
        b.add_time_rule(std::move(r));
    }
    if (const io::JsonNode ws = node["windows"]) {
        if (!ws.IsSequence()) io::import_detail::fail_at(file, ws, "off_peak_pricing.windows must be a list");
        for (const auto& w : ws) {
            if (!w.IsMap() || !w["hours_utc"]) io::import_detail::fail_at(file, w, "an off_peak_pricing window needs hours_utc");
            TimeRule r = rule_named("off-peak");
            spans_of(w["hours_utc"], r.windows);
            if (const io::JsonNode d = w["weekdays"]) {
                const auto days = read_weekdays(d);
                if (!days) io::import_detail::fail_at(file, d, "weekdays: expected ISO numbers 1 (Monday) to 7 (Sunday) or day names");
                r.weekdays = *days;
            }
            b.add_time_rule(std::move(r));
        }
    }
}

}  // namespace

ImportedCatalog import_litellm(const std::filesystem::path& file, const FxTable& fx, const ImportOptions& options) {
    const std::string name = file.string();
    const io::JsonNode root = io::import_detail::load_json(name);
    if (!root.IsMap()) io::import_detail::fail_at(name, root, "expected a JSON object of model entries");

    // Mirrors of the file add a top-level "last_updated" time stamp: the date the data stands for.
    ImportOptions opts = options;
    if (!opts.source_date && root["last_updated"] && root["last_updated"].IsScalar()) {
        const std::string stamp = root["last_updated"].as_string("last_updated");
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
        const std::string key = it->first.Scalar();
        if (key == "sample_spec" || key == "last_updated") continue;  // documentation entry; the file's time stamp
        const io::JsonNode v = it->second;
        if (!v.IsMap()) io::import_detail::fail_at(name, v, "entry '" + key + "' must be an object");
        const std::string provider = v["litellm_provider"] ? v["litellm_provider"].as_string(key + ".litellm_provider") : "unknown";
        const std::string mode = v["mode"] ? v["mode"].as_string(key + ".mode") : "";
        EntryBuilder b = imp.entry(key, provider);
        if (!(mode == "chat" || mode == "completion" || mode == "responses")) {
            b.not_text("mode '" + (mode.empty() ? std::string("(none)") : mode) + "'");
            imp.finish(std::move(b));
            continue;
        }
        if (v["source"] && v["source"].IsScalar()) {
            const std::string src = v["source"].as_string(key + ".source");
            if (src.rfind("http", 0) == 0) b.set_source(src);
        }
        if (const io::JsonNode dep = v["deprecation_date"]; dep && dep.IsScalar()) {
            try {
                b.set_deprecation_date(parse_date(dep.Scalar()));
            } catch (const InputError& e) {
                b.flag("deprecation_date '" + dep.Scalar() + "' is not a date (YYYY-MM-DD); it is left out");
            }
        }
        if (v["max_input_tokens"] && v["max_input_tokens"].IsScalar())
            b.set_context_window(io::import_detail::number_at(name, v["max_input_tokens"], "max_input_tokens"));
        b.set_boundary(provider == "xai" ? Boundary::greater_equal : Boundary::greater);
        if (const io::JsonNode pse = v["provider_specific_entry"]; pse && pse.IsMap()) {
            if (const io::JsonNode fast = pse["fast"])
                b.set_tier_multiplier(ServiceTier::fast, io::import_detail::number_at(name, fast, "provider_specific_entry.fast"));
            if (const io::JsonNode us = pse["us"])
                b.set_scope_multiplier("us", io::import_detail::number_at(name, us, "provider_specific_entry.us"));
        }
        for (auto f = v.begin(); f != v.end(); ++f) {
            const std::string k = f->first.Scalar();
            if (!is_cost_key(k) || f->second.IsNull()) continue;
            std::smatch m;
            if (std::regex_match(k, m, kPriceKey)) {
                if (m[2].matched && m[1].str() != "cache_creation_input_token_cost") {
                    b.unmapped(k);
                    continue;
                }
                // The 1-hour and the 12-hour write are each a provider's longer retention; no model has both.
                if (m[2].matched && v[m[2].str() == "_above_1hr" ? "cache_creation_input_token_cost_above_12hr"
                                                                   : "cache_creation_input_token_cost_above_1hr"]) {
                    b.flag("both 1-hour and 12-hour cache-write prices; " + k + " is not imported");
                    continue;
                }
                const std::int64_t threshold = m[3].matched ? std::stoll(m[3].str()) * 1000 : 0;
                const Meter meter = m[2].matched ? Meter::cache_write_long : meter_of(m[1].str());
                b.set_price(threshold, m[4].str(), meter, io::import_detail::number_at(name, f->second, k), k);
            } else if (k == "input_cost_per_token_cache_hit") {
                if (!v["cache_read_input_token_cost"])
                    b.set_price(0, "", Meter::cached_input, io::import_detail::number_at(name, f->second, k), k);
            } else if (k == "input_cost_per_request") {
                b.set_request_fee(io::import_detail::number_at(name, f->second, k));
            } else if (k == "search_context_cost_per_query" && f->second.IsMap()) {
                // The fee at the medium search context, LiteLLM's default when a request names no size.
                const io::JsonNode med = f->second["search_context_size_medium"];
                if (!med) {
                    b.unmapped(k + " (no search_context_size_medium)");
                    continue;
                }
                const double fee = io::import_detail::number_at(name, med, k + ".search_context_size_medium");
                for (const char* other : {"search_context_size_low", "search_context_size_high"})
                    if (const io::JsonNode o = f->second[other]; o && io::import_detail::number_at(name, o, k + "." + other) != fee)
                        b.flag("web searches priced at the medium search context size; the " + std::string(other) +
                               " fee differs");
                b.set_web_search_fee(fee);
            } else if (k == "tiered_pricing") {
                read_tiered_pricing(f->second, name, b);
            } else if (k == "off_peak_pricing") {
                read_off_peak(f->second, name, b);
            } else {
                // Report only fields that cost something: a zero audio price is no missing meter.
                const io::JsonNode val = f->second;
                bool nonzero = true;
                if (val.IsScalar() && !val.IsString()) nonzero = std::strtod(val.Scalar().c_str(), nullptr) != 0.0;
                if (nonzero) b.unmapped(k);
            }
        }
        imp.finish(std::move(b));
    }
    return imp.result(fx);
}


}  // namespace infercost
