// pydantic's genai-prices data (prices/new_data/v2/data.json; v3 wraps the same providers with a unit table).
// Mapping (docs/importers.md):
// - price keys per million tokens: input_mtok, cache_read_mtok, cache_write_mtok, cache_write_1h_mtok (as
//   cache_write_long), output_mtok, output_reasoning_mtok; per thousand calls: web_searches_kcount, requests_kcount.
//   Other keys (audio, images, file-search storage...) are listed per entry.
// - genai-prices charges each price on its own count less the more specific priced counts, so an unpriced cache
//   read or write is billed as input, an unpriced 1-hour write as a cache write, reasoning as output: fallbacks.
// - `{"base", "tiers": [{"start", "price"}]}`: the tier whose start the whole prompt exceeds prices every token of
//   that key: whole-request context tiers (`>`), a key without tiers keeps its price at every level.
// - `prices` as a list: entries with `start_date` are price versions from that date (UTC); entries with a daily
//   `start_time`/`end_time` window (UTC) are time rules that replace the prices whatever the date, as genai-prices
//   applies them. The unconstrained first entry is the price before the first dated one: its start is unknown, so
//   it is imported only when no dated entry follows it (then from the source date).
// - `price_variants` with when {processing: batch}, {service_tier: flex | priority | fast} (OpenAI's fast is its
//   priority processing) and {speed: fast} (Anthropic's fast mode) become service tiers: override prices, the keys a
//   variant does not set keep the standard price; a variant's start_date starts a new price version.
#include "infercost/core/error.hpp"
#include "infercost/io.hpp"

#include "import_common.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace infercost {

namespace {

namespace d = io::import_detail;
using d::EntryBuilder;

struct KeyMeter {
    const char* key;
    Meter meter;
    double per;  // the key prices this many units of the meter (1e6 tokens: per million already; 1e3 calls)
};
constexpr KeyMeter kKeys[] = {
    {"input_mtok", Meter::input, 1},          {"cache_read_mtok", Meter::cached_input, 1},
    {"cache_write_mtok", Meter::cache_write, 1}, {"cache_write_1h_mtok", Meter::cache_write_long, 1},
    {"output_mtok", Meter::output, 1},        {"output_reasoning_mtok", Meter::reasoning, 1},
    {"web_searches_kcount", Meter::web_search, 1000}, {"requests_kcount", Meter::request, 1000}};

// One genai-prices price object: flat prices per level threshold (0 = base), the thresholds it has, and keys with
// no infercost meter.
struct PriceSet {
    std::map<std::int64_t, MeterPrices> levels;  // threshold -> prices set at that level (0: base)
    std::set<Meter> meters;                       // meters with a price
};

PriceSet read_price_set(const std::string& file, const io::JsonNode& n, const std::string& where, EntryBuilder& flags,
                        std::vector<std::string>& unmapped) {
    if (!n.IsMap()) d::fail_at(file, n, where + ": expected an object of prices");
    PriceSet ps;
    ps.levels[0];
    for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string key = it->first.Scalar();
        const KeyMeter* km = nullptr;
        for (const auto& k : kKeys)
            if (key == k.key) km = &k;
        if (!km) {
            if (std::find(unmapped.begin(), unmapped.end(), key) == unmapped.end()) unmapped.push_back(key);
            continue;
        }
        const io::JsonNode v = it->second;
        auto set = [&](std::int64_t level, double price, const std::string& field) {
            if (price < 0) {
                flags.reject(field + " is negative (" + d::num(price) + ")");
                return;
            }
            ps.levels[level].set(km->meter, price / km->per);
        };
        if (v.IsMap()) {
            if (!v["base"]) d::fail_at(file, v, where + "." + key + ": a tiered price needs `base`");
            set(0, d::number_at(file, v["base"], key + ".base"), key);
            const io::JsonNode tiers = v["tiers"];
            if (!tiers || !tiers.IsSequence()) d::fail_at(file, v, where + "." + key + ": a tiered price needs a `tiers` list");
            for (const auto& t : tiers) {
                if (!t.IsMap() || !t["start"] || !t["price"])
                    d::fail_at(file, t, where + "." + key + ": a tier needs `start` and `price`");
                const double start = d::number_at(file, t["start"], key + ".tiers.start");
                if (!(start >= 1) || start > 1e12 || start != static_cast<double>(static_cast<std::int64_t>(start)))
                    d::fail_at(file, t["start"], where + "." + key + ": a tier starts at a whole number of prompt tokens");
                set(static_cast<std::int64_t>(start), d::number_at(file, t["price"], key + ".tiers.price"), key);
            }
        } else {
            set(0, d::number_at(file, v, where + "." + key), key);
        }
        ps.meters.insert(km->meter);
    }
    return ps;
}

Timestamp read_start_date(const std::string& file, const io::JsonNode& c) {
    const io::JsonNode s = c["start_date"];
    try {
        return std::chrono::sys_seconds(parse_date(s.as_string("start_date")));
    } catch (const InputError& e) {
        d::fail_at(file, s, "start_date: " + e.reason());
    }
}

// "HH:MM:SSZ" (or without the Z, as genai-prices reads it: UTC) as minutes after midnight.
int read_clock(const std::string& file, const io::JsonNode& n, const char* field) {
    std::string s = n.IsScalar() ? n.Scalar() : "";
    if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) s.pop_back();
    if (s.size() == 8 && s[5] == ':' && s.substr(6) == "00") s.resize(5);
    try {
        return parse_clock(s);
    } catch (const InputError& e) {
        d::fail_at(file, n, std::string(field) + ": expected HH:MM:SSZ on a whole minute, found '" +
                                (n.IsScalar() ? n.Scalar() : std::string()) + "'");
    }
}

// A price set written as a version's list (levels at the tier thresholds of the version).
void apply_levels(PriceVersion& v, const PriceSet& ps) {
    v.prices = ps.levels.at(0);
    std::vector<std::int64_t> thresholds;
    for (const auto& [t, _] : ps.levels)
        if (t > 0) thresholds.push_back(t);
    if (thresholds.empty()) return;
    ContextTiers tiers;  // genai-prices: the tier whose start the whole prompt exceeds
    tiers.basis = TierBasis::whole_request;
    tiers.boundary = Boundary::greater;
    tiers.counts_cached = true;
    tiers.missing_meter = MissingMeter::base;
    // A key tiered at some thresholds only keeps, above a threshold it lacks, its price from the tier below.
    MeterPrices running = ps.levels.at(0);
    for (std::int64_t t : thresholds) {
        for (Meter m : kAllMeters)
            if (ps.levels.at(t).has(m)) running.set(m, *ps.levels.at(t).get(m));
        MeterPrices lp;
        for (Meter m : kAllMeters)
            if (running.has(m) && running.get(m) != v.prices.get(m)) lp.set(m, *running.get(m));
        tiers.levels.push_back(TierLevel{t, lp});
    }
    v.tiers = tiers;
}

// A variant's partial prices as an override on a version with `levels` (the version's tier thresholds).
PriceAdjustment variant_override(const PriceSet& ps, const PriceVersion& v, EntryBuilder& b, const std::string& tier) {
    PriceAdjustment a;
    a.is_override = true;
    std::vector<std::int64_t> thresholds{0};
    if (v.tiers)
        for (const auto& lv : v.tiers->levels) thresholds.push_back(lv.above);
    for (const auto& [t, _] : ps.levels)
        if (std::find(thresholds.begin(), thresholds.end(), t) == thresholds.end())
            b.flag("the " + tier + " variant is tiered at " + std::to_string(t) +
                   " tokens, a threshold the standard prices lack; that tier is not imported");
    if (thresholds.size() == 1) {
        a.prices = ps.levels.at(0);
        return a;
    }
    MeterPrices running = ps.levels.at(0);
    for (std::int64_t t : thresholds) {
        if (auto it = ps.levels.find(t); it != ps.levels.end() && t > 0)
            for (Meter m : kAllMeters)
                if (it->second.has(m)) running.set(m, *it->second.get(m));
        a.level_prices.push_back(running);
    }
    return a;
}

struct Variant {
    ServiceTier tier;
    std::optional<Timestamp> from;
    PriceSet prices;
};

}  // namespace

ImportedCatalog import_genai_prices(const std::filesystem::path& file, const FxTable& fx, const ImportOptions& options) {
    const std::string name = file.string();
    const io::JsonNode root = d::load_json(name);
    io::JsonNode providers = root;
    if (root.IsMap()) {  // v3: {"units": ..., "providers": [...]}
        providers = root["providers"];
        if (!providers) d::fail_at(name, root, "expected a list of providers, or an object with `providers`");
    }
    if (!providers.IsSequence()) d::fail_at(name, providers, "expected a list of providers");
    d::Importer imp("genai-prices", name, options, "https://github.com/pydantic/genai-prices");
    const Date source_date = imp.report().source_date;
    const Timestamp source_start = std::chrono::sys_seconds(source_date);

    for (const auto& p : providers) {
        if (!p.IsMap() || !p["id"] || !p["id"].IsScalar()) d::fail_at(name, p, "a provider needs an `id`");
        const std::string pid = p["id"].Scalar();
        std::string url = "https://github.com/pydantic/genai-prices";
        if (const io::JsonNode urls = p["pricing_urls"]; urls && urls.IsSequence() && urls.size() > 0 && urls[0].IsScalar() &&
                                                       urls[0].Scalar().rfind("http", 0) == 0)
            url = urls[0].Scalar();
        const io::JsonNode models = p["models"];
        if (!models) continue;
        if (!models.IsSequence()) d::fail_at(name, models, "provider " + pid + ": `models` must be a list");
        for (const auto& m : models) {
            if (!m.IsMap() || !m["id"] || !m["id"].IsScalar()) d::fail_at(name, m, "provider " + pid + ": a model needs an `id`");
            const std::string mid = m["id"].Scalar();
            const std::string key = pid + "/" + mid;
            EntryBuilder b = imp.entry(key, pid);
            std::vector<std::string> unmapped;
            ImportEntry e;
            e.key = key;
            e.provider = pid;
            if (const io::JsonNode dep = m["deprecated"]; dep && dep.IsScalar() && dep.Scalar() == "true") e.deprecated = true;

            // Base prices by start date, and daily time windows.
            const io::JsonNode prices = m["prices"];
            if (!prices) d::fail_at(name, m, key + ": a model needs `prices`");
            std::map<Timestamp, PriceSet> dated;
            std::optional<PriceSet> undated;
            std::vector<std::pair<TimeWindow, PriceSet>> windows;
            if (prices.IsMap()) {
                undated = read_price_set(name, prices, key + ".prices", b, unmapped);
            } else if (prices.IsSequence()) {
                for (const auto& cp : prices) {
                    if (!cp.IsMap() || !cp["prices"]) d::fail_at(name, cp, key + ": a conditional price needs `prices`");
                    const PriceSet ps = read_price_set(name, cp["prices"], key + ".prices", b, unmapped);
                    const io::JsonNode c = cp["constraint"];
                    if (c && !c.IsMap()) d::fail_at(name, c, key + ": a constraint must be an object (start_date, or start_time and end_time)");
                    if (!c) {
                        if (undated) b.flag("two unconstrained price entries; the first is used");
                        else undated = ps;
                    } else if (c["start_date"]) {
                        dated[read_start_date(name, c)] = ps;
                    } else if (c["start_time"] && c["end_time"]) {
                        const int a = read_clock(name, c["start_time"], "start_time");
                        const int z = read_clock(name, c["end_time"], "end_time");
                        if (a == z) d::fail_at(name, c, key + ": a time window from a time to the same time is empty");
                        windows.push_back({TimeWindow{a, z}, ps});
                    } else {
                        b.flag("a price entry with a constraint this import does not know; it is left out");
                    }
                }
            } else {
                d::fail_at(name, prices, key + ": `prices` must be an object or a list");
            }
            // Variants: service tiers, each from its start date.
            std::vector<Variant> variants;
            if (const io::JsonNode pv = m["price_variants"]) {
                if (!pv.IsSequence()) d::fail_at(name, pv, key + ": price_variants must be a list");
                for (const auto& v : pv) {
                    if (!v.IsMap()) d::fail_at(name, v, key + ": a price variant must be an object");
                    const io::JsonNode when = v["when"];
                    if (!when || !when.IsMap() || !v["prices"]) d::fail_at(name, v, key + ": a price variant needs `when` and `prices`");
                    std::optional<ServiceTier> tier;
                    std::string what;
                    for (auto w = when.begin(); w != when.end(); ++w) {
                        const std::string k = w->first.Scalar(), val = w->second.IsScalar() ? w->second.Scalar() : "";
                        what += (what.empty() ? "" : ", ") + k + "=" + val;
                        if (when.size() != 1) continue;
                        if (k == "processing" && val == "batch") tier = ServiceTier::batch;
                        else if (k == "service_tier" && val == "flex") tier = ServiceTier::flex;
                        else if (k == "service_tier" && (val == "priority" || val == "fast")) tier = ServiceTier::priority;
                        else if (k == "speed" && val == "fast") tier = ServiceTier::fast;
                        else if (k == "service_tier" && val == "default") what.clear();  // names the standard tier
                    }
                    if (!tier) {
                        if (!what.empty()) b.unmapped("price_variants (" + what + ")");
                        continue;
                    }
                    Variant var{*tier, std::nullopt, read_price_set(name, v["prices"], key + ".price_variants", b, unmapped)};
                    if (const io::JsonNode c = v["constraint"]) {
                        if (!c.IsMap()) d::fail_at(name, c, key + ": a variant's constraint must be an object");
                        if (!c["start_date"]) {
                            b.unmapped("price_variants (" + what + ", with a constraint other than start_date)");
                            continue;
                        }
                        var.from = read_start_date(name, c);
                    }
                    variants.push_back(std::move(var));
                }
            }
            for (const auto& k : unmapped) b.unmapped(k);

            // Version starts: each dated entry; the undated entry only when nothing dated follows it.
            std::set<Timestamp> starts;
            for (const auto& [t, _] : dated) starts.insert(t);
            if (dated.empty()) {
                if (!undated) d::fail_at(name, prices, key + ": no price entry without a constraint or start date");
                starts.insert(source_start);
            } else if (undated) {
                b.flag("the price before " + format_date(std::chrono::floor<std::chrono::days>(dated.begin()->first)) +
                       " has no start date in the source; it is not imported");
            }
            const Timestamp first = *starts.begin();
            for (const auto& v : variants)
                if (v.from && *v.from > first) starts.insert(*v.from);

            Offering o;
            o.id = key;
            o.provider = pid;
            o.model = mid;
            o.display_name = m["name"] && m["name"].IsScalar() ? m["name"].Scalar() : key;
            if (const io::JsonNode cw = m["context_window"]; cw && cw.IsScalar()) {
                const double w = d::number_at(name, cw, "context_window");
                if (w >= 1 && w <= 1e10) o.context_window = static_cast<std::int64_t>(w);
            }
            // Names the model is matched by exactly: the source's aliases of it.
            std::function<void(const io::JsonNode&)> equals = [&](const io::JsonNode& mt) {
                if (!mt.IsMap()) return;
                if (const io::JsonNode eq = mt["equals"]; eq && eq.IsScalar() && eq.Scalar() != mid) o.aliases.push_back(pid + "/" + eq.Scalar());
                if (const io::JsonNode any = mt["or"]; any && any.IsSequence())
                    for (const auto& x : any) equals(x);
            };
            equals(m["match"]);

            for (const Timestamp at : starts) {
                // The base prices in force at `at`: the latest dated entry on or before it.
                const PriceSet* base = nullptr;
                for (const auto& [t, ps] : dated)
                    if (t <= at) base = &ps;
                if (!base) base = &*undated;
                PriceVersion v;
                v.effective_from = at;
                v.currency = usd();
                v.source = url;
                v.checked = source_date;
                v.verified = Verification::secondary;
                v.read_url = "https://github.com/pydantic/genai-prices";
                v.note = "imported from genai-prices (" + file.filename().string() +
                         (options.commit.empty() ? "" : ", commit " + options.commit) + "; dated " + format_date(source_date) +
                         " by the caller)";
                apply_levels(v, *base);
                // Unpriced parts are billed as their parents (genai-prices charges each price on its leaf count).
                if (!base->meters.count(Meter::cached_input)) v.fallbacks[static_cast<std::size_t>(Meter::cached_input)] = Meter::input;
                if (!base->meters.count(Meter::cache_write)) v.fallbacks[static_cast<std::size_t>(Meter::cache_write)] = Meter::input;
                if (!base->meters.count(Meter::cache_write_long))
                    v.fallbacks[static_cast<std::size_t>(Meter::cache_write_long)] =
                        base->meters.count(Meter::cache_write) ? Meter::cache_write : Meter::input;
                if (!base->meters.count(Meter::reasoning)) v.fallbacks[static_cast<std::size_t>(Meter::reasoning)] = Meter::output;
                for (const auto& [w, ps] : windows) {
                    TimeRule r;
                    r.name = "window " + format_clock(w.start_minute) + "-" + format_clock(w.end_minute) + " UTC";
                    r.utc_offset = UtcOffset{0};
                    r.windows = {w};
                    r.adjustment = variant_override(ps, v, b, "time-window");
                    v.time_rules.push_back(std::move(r));
                }
                // For each tier, the first variant in force wins, as genai-prices reads them.
                for (const auto& var : variants) {
                    if (var.from && *var.from > at) continue;
                    if (v.service_tiers.count(var.tier)) continue;
                    v.service_tiers[var.tier] = variant_override(var.prices, v, b, std::string(service_tier_name(var.tier)));
                }
                o.versions.push_back(std::move(v));
            }
            if (b.rejected()) {
                e.status = ImportStatus::rejected;
            }
            b.move_findings_to(e);
            if (e.status == ImportStatus::rejected) {
                imp.record(std::move(e));
                continue;
            }
            if (o.versions.front().prices.get(Meter::input).value_or(0) == 0 &&
                o.versions.front().prices.get(Meter::output).value_or(0) == 0) {
                e.flags.push_back("input and output are priced at zero; a zero price is not taken as free");
                e.status = ImportStatus::unpriced;
                imp.record(std::move(e));
                continue;
            }
            if (!o.versions.front().prices.has(Meter::input) || !o.versions.front().prices.has(Meter::output)) {
                e.flags.push_back("no input or output price: the entry cannot price a request");
                e.status = ImportStatus::unpriced;
                imp.record(std::move(e));
                continue;
            }
            imp.add(std::move(e), std::move(o));
        }
    }
    return imp.result(fx);
}


}  // namespace infercost
