#include "import_common.hpp"

#include "infercost/core/error.hpp"
#include "infercost/core/limits.hpp"
#include "yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <regex>

namespace infercost::io::import_detail {

namespace {

bool same_adjustment(const PriceAdjustment& a, const PriceAdjustment& b);

bool same_prices(const MeterPrices& a, const MeterPrices& b) {
    return std::all_of(kAllMeters.begin(), kAllMeters.end(), [&](Meter m) { return a.get(m) == b.get(m); });
}

bool same_adjustment(const PriceAdjustment& a, const PriceAdjustment& b) {
    if (a.is_override != b.is_override || a.multiplier != b.multiplier || a.meters != b.meters ||
        a.cached_as_input != b.cached_as_input || !same_prices(a.prices, b.prices) ||
        a.level_prices.size() != b.level_prices.size())
        return false;
    for (std::size_t i = 0; i < a.level_prices.size(); ++i)
        if (!same_prices(a.level_prices[i], b.level_prices[i])) return false;
    return true;
}

// Whether two imported versions bill every request alike (the source note and URL aside).
bool same_billing(const PriceVersion& a, const PriceVersion& b) {
    if (!same_prices(a.prices, b.prices) || a.fallbacks != b.fallbacks || a.tiers.has_value() != b.tiers.has_value() ||
        a.service_tiers.size() != b.service_tiers.size() || a.scopes.size() != b.scopes.size() ||
        a.time_rules.size() != b.time_rules.size())
        return false;
    if (a.tiers) {
        if (a.tiers->boundary != b.tiers->boundary || a.tiers->levels.size() != b.tiers->levels.size()) return false;
        for (std::size_t i = 0; i < a.tiers->levels.size(); ++i)
            if (a.tiers->levels[i].above != b.tiers->levels[i].above ||
                !same_prices(a.tiers->levels[i].prices, b.tiers->levels[i].prices))
                return false;
    }
    for (const auto& [t, adj] : a.service_tiers)
        if (!b.service_tiers.count(t) || !same_adjustment(adj, b.service_tiers.at(t))) return false;
    for (const auto& [name, adj] : a.scopes)
        if (!b.scopes.count(name) || !same_adjustment(adj, b.scopes.at(name))) return false;
    for (std::size_t i = 0; i < a.time_rules.size(); ++i) {
        const TimeRule &x = a.time_rules[i], &y = b.time_rules[i];
        if (x.utc_offset != y.utc_offset || x.weekdays != y.weekdays || x.windows.size() != y.windows.size() ||
            !same_adjustment(x.adjustment, y.adjustment))
            return false;
        for (std::size_t k = 0; k < x.windows.size(); ++k)
            if (x.windows[k].start_minute != y.windows[k].start_minute || x.windows[k].end_minute != y.windows[k].end_minute)
                return false;
    }
    return true;
}

// A chat price above this per token (1,000 USD per million) is taken as a per-million price typed as per-token.
constexpr double kMaxPlausiblePerToken = 0.001;
}  // namespace

void fail_at(const std::string& file, const JsonNode& node, const std::string& message) {
    const JsonMark m = node.Mark();
    throw InputError(file, m.line >= 0 ? m.line + 1 : 0, m.column >= 0 ? m.column + 1 : 0, "", message);
}

JsonNode load_json(const std::string& file) { return load_json_file(file); }

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
}

double per_million(double per_token) {
    // 1.2e-06 * 1e6 is 1.2000000000000002 in binary; keep the digits the source wrote.
    char b[32];
    std::snprintf(b, sizeof b, "%.12g", per_token * 1e6);
    return std::strtod(b, nullptr);
}

double number_at(const std::string& file, const JsonNode& node, const std::string& field) {
    if (!node.IsScalar()) fail_at(file, node, field + ": expected a number");
    const std::string s = node.Scalar();
    if (node.Tag() == "!") fail_at(file, node, field + ": expected a number, found the string \"" + s + "\"");
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
        fail_at(file, node, field + ": expected a number, found '" + s + "'");
    return v;
}

double string_number_at(const std::string& file, const JsonNode& node, const std::string& field) {
    if (!node.IsScalar()) fail_at(file, node, field + ": expected a price written as a string of digits");
    const std::string s = node.Scalar();
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v) || s.empty())
        fail_at(file, node, field + ": expected a price such as \"0.0000025\", found '" + s + "'");
    return v;
}

EntryBuilder::EntryBuilder(std::string key, std::string provider) {
    entry_.key = std::move(key);
    entry_.provider = std::move(provider);
}

void EntryBuilder::set_price(std::int64_t threshold, const std::string& service, Meter m, double per_token,
                             const std::string& field) {
    if (per_token < 0) {
        reject(field + " is negative (" + num(per_token) + ")");
        return;
    }
    if (per_token > kMaxPlausiblePerToken) {
        reject(field + " is " + num(per_token) + " USD per token (" + num(per_token * 1e6) +
               " per million), above 0.001 per token: it looks like a per-million price typed as per-token");
        return;
    }
    prices_[threshold][service].set(m, per_million(per_token));
}

void EntryBuilder::set_request_fee(double usd) {
    if (usd < 0) reject("input_cost_per_request is negative (" + num(usd) + ")");
    else if (usd > 0) request_fee_ = usd;
}

void EntryBuilder::set_web_search_fee(double usd) {
    if (usd < 0) reject("the web search fee is negative (" + num(usd) + ")");
    else if (usd > 0) web_search_fee_ = usd;
}

void EntryBuilder::set_context_window(double tokens) {
    // Checked as a double: a cast of a value beyond int64 is undefined, and one beyond the limit is a typo.
    if (!(tokens > 0)) return;
    if (tokens > static_cast<double>(kMaxContextTokens) || tokens != std::floor(tokens)) {
        flag("context window " + num(tokens) + " is not a whole number of tokens up to " +
             std::to_string(kMaxContextTokens) + "; it is left out");
        return;
    }
    context_window_ = static_cast<std::int64_t>(tokens);
}

void EntryBuilder::reject(const std::string& reason) {
    rejected_ = true;
    entry_.flags.push_back(reason);
}

void EntryBuilder::unpriced(const std::string& reason) {
    unpriced_ = true;
    entry_.flags.push_back(reason);
}

void EntryBuilder::not_text(const std::string& reason) {
    not_text_ = true;
    entry_.flags.push_back("not a text-generation entry: " + reason);
}

Importer::Importer(std::string source, std::string file, const ImportOptions& options, std::string default_url)
    : url_(options.source_url.empty() ? std::move(default_url) : options.source_url) {
    report_.source = std::move(source);
    report_.file = std::move(file);
    report_.commit = options.commit;
    // The date the prices stand for is a fact: from the caller or from the file itself, never the file's
    // modification time or today's date.
    if (!options.source_date)
        throw InputError(report_.file, 0, 0, "",
                         "the file does not say on which date its prices held; give that date (--source-date "
                         "YYYY-MM-DD on the command line, source_date= in Python)");
    report_.source_date = *options.source_date;
    report_.source_date_basis = "given";
}

void Importer::finish(EntryBuilder b) {
    ImportEntry& e = b.entry_;
    auto record = [&](ImportStatus s) {
        e.status = s;
        report_.entries.push_back(std::move(e));
    };
    if (b.not_text_) return record(ImportStatus::not_text);
    if (b.rejected_) return record(ImportStatus::rejected);
    if (b.unpriced_) return record(ImportStatus::unpriced);

    MeterPrices base = b.prices_[0][""];
    if (!base.has(Meter::input) || !base.has(Meter::output)) {
        e.flags.push_back(std::string("no ") + (!base.has(Meter::input) ? "input" : "output") +
                          " price: the entry cannot price a request");
        return record(ImportStatus::unpriced);
    }
    if (*base.get(Meter::input) == 0 && *base.get(Meter::output) == 0) {
        e.flags.push_back("input and output are priced at zero; a zero price is not taken as free");
        return record(ImportStatus::unpriced);
    }
    if (base.has(Meter::cached_input) && *base.get(Meter::cached_input) > *base.get(Meter::input)) {
        // The catalog loader refuses such a list too: a cache read is never dearer than the uncached prompt.
        e.flags.push_back("the cache-read price (" + num(*base.get(Meter::cached_input)) +
                          " per million) is above the input price (" + num(*base.get(Meter::input)) +
                          "); a cache read is never dearer than the uncached prompt, so the entry is left out");
        return record(ImportStatus::rejected);
    }
    if (b.context_window_ && *b.context_window_ <= 4096) {
        std::smatch m;
        static const std::regex k_in_name(R"((\d+)k)");
        if (std::regex_search(e.key, m, k_in_name) && std::stoll(m[1].str()) * 1000 > *b.context_window_)
            e.flags.push_back("the context window of " + std::to_string(*b.context_window_) +
                              " tokens looks like a placeholder: the name says " + m[1].str() + "k");
        else if (*base.get(Meter::input) == *base.get(Meter::output))
            e.flags.push_back("a context window of " + std::to_string(*b.context_window_) +
                              " tokens with one flat price for input and output (" + num(*base.get(Meter::input)) +
                              " per million) looks like a placeholder entry");
    }

    PriceVersion v;
    v.effective_from = std::chrono::sys_seconds(report_.source_date);
    v.currency = usd();
    v.source = b.source_.empty() ? url_ : b.source_;
    v.checked = report_.source_date;
    v.note = "imported from " + report_.source + " (" + std::filesystem::path(report_.file).filename().string() +
             (report_.commit.empty() ? "" : ", commit " + report_.commit) + "; dated by " + report_.source_date_basis + ")";
    v.prices = base;
    if (b.request_fee_) v.prices.set(Meter::request, *b.request_fee_);
    if (b.web_search_fee_) v.prices.set(Meter::web_search, *b.web_search_fee_);
    // LiteLLM and OpenRouter bill reasoning as output, and cache reads and writes at the input price, when an
    // entry has no price of its own for them.
    for (auto [m, to] : {std::pair{Meter::reasoning, Meter::output}, std::pair{Meter::cached_input, Meter::input},
                         std::pair{Meter::cache_write, Meter::input}})
        if (!base.has(m)) v.fallbacks[static_cast<std::size_t>(m)] = to;

    std::vector<std::int64_t> thresholds;
    for (const auto& [t, _] : b.prices_)
        if (t > 0) thresholds.push_back(t);
    if (!thresholds.empty()) {
        ContextTiers tiers;
        tiers.boundary = b.boundary_;
        for (std::int64_t t : thresholds) tiers.levels.push_back(TierLevel{t, b.prices_[t][""]});
        v.tiers = tiers;
    }
    const std::size_t levels = thresholds.size() + 1;
    for (const auto& [name, tier] : {std::pair{std::string("batches"), ServiceTier::batch},
                                     std::pair{std::string("flex"), ServiceTier::flex},
                                     std::pair{std::string("priority"), ServiceTier::priority},
                                     std::pair{std::string("ultrafast"), ServiceTier::ultrafast}}) {
        const MeterPrices& s0 = b.prices_[0][name];
        bool any = !s0.empty();
        for (std::int64_t t : thresholds) any = any || !b.prices_[t][name].empty();
        if (!any) continue;
        PriceAdjustment a;
        a.is_override = true;
        if (tier == ServiceTier::batch) {
            // LiteLLM applies the batch input price to every prompt token, with no cache discount, and ignores
            // context tiers.
            MeterPrices p;
            if (auto in = s0.get(Meter::input)) {
                for (Meter m : {Meter::input, Meter::cached_input, Meter::cache_write, Meter::cache_write_long}) p.set(m, *in);
            } else {
                e.flags.push_back("a batch output price without a batch input price; batch input is billed at the standard price");
            }
            if (auto out = s0.get(Meter::output)) p.set(Meter::output, *out);
            else e.flags.push_back("a batch input price without a batch output price; batch output is billed at the standard price");
            if (levels == 1) a.prices = p;
            else a.level_prices.assign(levels, p);
        } else if (levels == 1) {
            a.prices = s0;
        } else {
            a.level_prices.push_back(s0);
            for (std::int64_t t : thresholds) a.level_prices.push_back(b.prices_[t][name]);
        }
        v.service_tiers[tier] = a;
    }
    for (const auto& [tier, m] : b.tier_multipliers_) {
        if (v.service_tiers.count(tier)) {
            e.flags.push_back("both prices and a multiplier for the " + std::string(service_tier_name(tier)) +
                              " tier; the prices are used");
            continue;
        }
        v.service_tiers[tier] = PriceAdjustment{false, m, {}, {}, {}, false};
    }
    for (const auto& [name, m] : b.scope_multipliers_) v.scopes[name] = PriceAdjustment{false, m, {}, {}, {}, false};
    v.time_rules = b.time_rules_;

    Offering o;
    o.id = e.key;
    o.provider = e.provider;
    const auto slash = e.key.find('/');
    o.model = slash == std::string::npos ? e.key : e.key.substr(slash + 1);
    o.display_name = e.key;
    o.context_window = b.context_window_;
    o.versions.push_back(std::move(v));
    add(std::move(e), std::move(o));
}

void Importer::add(ImportEntry e, Offering o) {
    auto record = [&](ImportStatus s) {
        e.status = s;
        report_.entries.push_back(std::move(e));
    };
    try {
        validate_offering(o);
    } catch (const InputError& err) {
        e.flags.push_back(std::string("inconsistent prices: ") + err.reason());
        return record(ImportStatus::rejected);
    }
    // Two keys of one source can name one catalog id ("deepseek-chat" and "deepseek/deepseek-chat"): the same
    // prices make the second key an alias of the first; other prices are a conflict the report shows.
    const std::string catalog_id = o.id.rfind(o.provider + "/", 0) == 0 ? o.id : o.provider + "/" + o.id;
    if (auto it = by_catalog_id_.find(catalog_id); it != by_catalog_id_.end()) {
        Offering& first = offerings_[it->second];
        if (!same_billing(first.versions.front(), o.versions.front())) {
            e.flags.push_back("the entry '" + first.id + "' gives the same catalog id " + catalog_id +
                              " other prices; this entry is not imported");
            return record(ImportStatus::rejected);
        }
        first.aliases.push_back(o.id);
        e.flags.push_back("the same prices as the entry '" + first.id + "'; imported as an alias of it");
        return record(ImportStatus::priced_flagged);
    }
    by_catalog_id_[catalog_id] = offerings_.size();
    if (!providers_.count(o.provider))
        providers_[o.provider] = Provider{o.provider, o.provider, "", "", SourceRef{report_.file}, {}, {}};
    offerings_.push_back(std::move(o));
    record(e.flags.empty() ? ImportStatus::priced : ImportStatus::priced_flagged);
}

ImportedCatalog Importer::result(const FxTable& fx) {
    std::vector<Provider> providers;
    for (auto& [_, p] : providers_) providers.push_back(p);
    Catalog c(std::move(providers), std::move(offerings_), fx, {});
    return ImportedCatalog{std::move(c), std::move(report_)};
}

}  // namespace infercost::io::import_detail

namespace infercost {

std::string_view import_status_name(ImportStatus s) {
    switch (s) {
        case ImportStatus::priced: return "priced";
        case ImportStatus::priced_flagged: return "priced_flagged";
        case ImportStatus::rejected: return "rejected";
        case ImportStatus::unpriced: return "unpriced";
        case ImportStatus::not_text: return "not_text";
    }
    return "?";
}

std::size_t ImportReport::count(ImportStatus s) const {
    return static_cast<std::size_t>(
        std::count_if(entries.begin(), entries.end(), [s](const ImportEntry& e) { return e.status == s; }));
}

std::size_t ImportReport::flagged() const {
    return static_cast<std::size_t>(std::count_if(entries.begin(), entries.end(), [](const ImportEntry& e) {
        return !e.flags.empty() && e.status != ImportStatus::not_text;
    }));
}

std::map<std::string, std::map<ImportStatus, std::size_t>> ImportReport::by_provider() const {
    std::map<std::string, std::map<ImportStatus, std::size_t>> out;
    for (const auto& e : entries) ++out[e.provider][e.status];
    return out;
}

}  // namespace infercost
