// Loading the catalog from pricing/: api/*.yaml and fx.yaml. The format is described in
// docs/catalog-format.md.
#include "infercost/catalog.hpp"
#include "infercost/core/error.hpp"
#include "infercost/core/limits.hpp"
#include "infercost/detail/format.hpp"

#include "governance_yaml.hpp"
#include "yaml_reader.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

namespace infercost {

namespace {

using io::YamlNode;

Currency read_currency(const YamlNode& n, const FxTable& fx) {
    const std::string code = n.str();
    std::optional<Currency> c;
    try {
        c.emplace(code);
    } catch (const InputError& e) {
        n.fail(e.reason());
    }
    if (!fx.knows(*c)) {
        std::string list;
        for (const auto& k : fx.currencies()) list += (list.empty() ? "" : ", ") + k.code();
        n.fail("unknown currency '" + code + "'; fx.yaml lists: " + list);
    }
    return *c;
}

std::string read_url(const YamlNode& n) {
    const std::string s = n.str();
    if (s.rfind("https://", 0) != 0 && s.rfind("http://", 0) != 0)
        n.fail("expected the URL of the source page (http:// or https://), found '" + s + "'");
    return s;
}

// Every meter's name, as the catalog writes it; `except` leaves some out.
std::vector<std::string_view> meter_keys(std::initializer_list<Meter> except = {}) {
    std::vector<std::string_view> out;
    for (Meter m : kAllMeters)
        if (std::find(except.begin(), except.end(), m) == except.end()) out.push_back(meter_name(m));
    return out;
}

std::string joined(const std::vector<std::string_view>& names) {
    std::string s;
    for (const auto& n : names) s.append(s.empty() ? "" : ", ").append(n);
    return s;
}

Meter read_meter(const YamlNode& n) {
    const std::string s = n.str();
    if (auto m = meter_from_name(s)) return *m;
    n.fail("unknown meter '" + s + "'; meters are " + joined(meter_keys()));
}

// The most a token may cost per million in a price list's currency: the dearest list price is a few hundred USD per
// million (o1-pro's output at 600), so a price above this is a per-token or per-thousand figure in the wrong
// unit. (Per-token 0.001 USD, the importers' bound, is 1,000 USD per million; 10,000 leaves room for CNY lists.)
constexpr double kMaxPlausiblePerMillion = 10'000;

// `allow_empty`: an override level written `{}` keeps the list's own prices at that level.
MeterPrices read_prices(const YamlNode& n, bool allow_empty = false) {
    static const std::vector<std::string_view> keys = meter_keys();
    n.expect_keys(keys);
    MeterPrices p;
    for (const auto& [key, v] : n.entries()) {
        const Meter m = *meter_from_name(key);
        const double price = v.non_negative();
        if (is_token_meter(m) && price > kMaxPlausiblePerMillion)
            v.fail("a price of " + format_number(price, 6) + " per million tokens is above " +
                   format_count(kMaxPlausiblePerMillion) + ", far beyond any list price; prices are per million tokens "
                   "(a per-token price times 1,000,000)");
        p.set(m, price);
    }
    if (p.empty() && !allow_empty) n.fail("gives no prices; list at least one meter");
    // A cache read is never dearer than the uncached prompt.
    if (auto c = p.get(Meter::cached_input), i = p.get(Meter::input); c && i && *c > *i)
        n.at("cached_input").fail("the cached-input price (" + format_number(*c, 6) + ") is above the input price (" +
                                  format_number(*i, 6) + "); a cache read is never dearer than the uncached prompt");
    return p;
}

// A provider id: lower-case letters, digits, '-' and '_', as in file names and offering ids ("alibaba-cn").
std::string read_provider_id(const YamlNode& n) {
    const std::string id = n.str();
    const bool ok = !id.empty() && id.front() != '-' && id.back() != '-' &&
                    std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; });
    if (!ok)
        n.fail("provider id '" + id + "' must be lower-case letters, digits, '-' and '_' (such as 'alibaba-cn'); the "
               "provider's full name goes in `name`");
    return id;
}

// A `checked` date: when a fact was read, so not after today (a day's grace for time zones).
Date read_checked(const YamlNode& n) {
    const Date d = n.date();
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    if (d > today + std::chrono::days(1))
        n.fail("checked " + format_date(d) + " is in the future; `checked` is the date the source was read");
    return d;
}

std::vector<Meter> read_meters(const YamlNode& n) {
    std::vector<Meter> out;
    for (const auto& m : n.items()) out.push_back(read_meter(m));
    if (out.empty()) n.fail("lists no meters; leave the field out to mean every token meter");
    return out;
}

PriceAdjustment read_adjustment(const YamlNode& n, std::size_t tier_levels) {
    PriceAdjustment a;
    const bool has_mult = n.has("multiplier");
    const bool has_prices = n.has("prices") || n.has("levels");
    if (has_mult == has_prices) n.fail("give either `multiplier` or override `prices` (or `levels`), not both or neither");
    if (has_mult) {
        a.multiplier = n.at("multiplier").non_negative();
        if (auto m = n.get("meters")) a.meters = read_meters(*m);
        return a;
    }
    a.is_override = true;
    if (n.has("meters")) n.at("meters").fail("`meters` goes with a multiplier; override prices name their meters");
    if (auto p = n.get("prices")) a.prices = read_prices(*p);
    if (auto lv = n.get("levels")) {
        if (n.has("prices")) lv->fail("give `prices` (flat) or `levels` (one per context level), not both");
        for (const auto& item : lv->items()) a.level_prices.push_back(read_prices(item, true));
        if (a.level_prices.size() != tier_levels)
            lv->fail("gives " + std::to_string(a.level_prices.size()) + " price sets but the list has " +
                     std::to_string(tier_levels) + " context levels (the base level included)");
    } else if (tier_levels > 1) {
        n.at("prices").fail("flat override prices on a list with context tiers; give `levels` with one price set per "
                            "context level (base first), or use a multiplier");
    }
    return a;
}

ContextTiers read_tiers(const YamlNode& n, const MeterPrices& base) {
    n.expect_keys({"basis", "boundary", "counts_cached", "missing_meter", "levels"});
    ContextTiers t;
    const YamlNode basis = n.at("basis");
    const std::string b = basis.str();
    if (b == "whole_request") t.basis = TierBasis::whole_request;
    else if (b == "graduated") t.basis = TierBasis::graduated;
    else basis.fail("unknown tier basis '" + b + "'; use whole_request or graduated");
    const YamlNode boundary = n.at("boundary");
    const std::string bd = boundary.str();
    if (bd == "gt") t.boundary = Boundary::greater;
    else if (bd == "ge") t.boundary = Boundary::greater_equal;
    else boundary.fail("unknown boundary '" + bd + "'; use gt (prompt > threshold) or ge (prompt >= threshold)");
    t.counts_cached = n.at("counts_cached").boolean();
    const YamlNode mm = n.at("missing_meter");
    const std::string m = mm.str();
    if (m == "base") t.missing_meter = MissingMeter::base;
    else if (m == "error") t.missing_meter = MissingMeter::error;
    else mm.fail("unknown missing_meter rule '" + m + "'; use base or error");
    std::int64_t prev = 0;
    const auto levels = n.at("levels").items();
    if (levels.empty()) n.at("levels").fail("lists no levels; leave `tiers` out for a flat price list");
    for (const auto& item : levels) {
        item.expect_keys({"above", "prices"});
        TierLevel lv;
        const YamlNode above = item.at("above");
        lv.above = above.integer();
        if (lv.above <= prev)
            above.fail("thresholds must be positive and ascending (" + std::to_string(lv.above) + " after " +
                       std::to_string(prev) + ")");
        prev = lv.above;
        const YamlNode prices = item.at("prices");
        lv.prices = read_prices(prices);
        if (t.missing_meter == MissingMeter::error)
            for (Meter meter : kAllMeters)
                if (base.has(meter) && !lv.prices.has(meter))
                    prices.fail("has no " + std::string(meter_name(meter)) +
                                " price, and missing_meter is 'error'; add it or set missing_meter: base");
        t.levels.push_back(std::move(lv));
    }
    return t;
}

HolidayCalendars read_calendars(const std::filesystem::path& dir) {
    HolidayCalendars out;
    for (const auto& f : io::yaml_files(dir)) {
        const YamlNode root = YamlNode::load_file(f.string());
        root.expect_keys({"calendar", "name", "years"});
        HolidayCalendar c;
        c.id = root.at("calendar").str();
        if (c.id + ".yaml" != f.filename().string() && c.id + ".yml" != f.filename().string())
            root.at("calendar").fail("the calendar id must be the file name without .yaml ('" + f.stem().string() + "')");
        c.name = root.at("name").str();
        for (const auto& yn : root.at("years").items()) {
            yn.expect_keys({"year", "status", "source", "checked", "verified", "note", "holidays", "workdays"});
            HolidayYear y;
            y.year = static_cast<int>(yn.at("year").integer());
            if (!c.years.empty() && y.year != c.years.back().year + 1)
                yn.at("year").fail("years must follow each other without gaps (" + std::to_string(c.years.back().year + 1) +
                                   " comes next)");
            const std::string status = yn.at("status").str();
            if (status != "official" && status != "provisional")
                yn.at("status").fail("unknown status '" + status + "'; use official or provisional");
            y.provisional = status == "provisional";
            y.source = read_url(yn.at("source"));
            y.checked = yn.at("checked").date();
            if (auto note = yn.get("note")) y.note = note->str();
            auto dates = [&](const char* key, std::vector<Date>& to) {
                if (auto d = yn.get(key))
                    for (const auto& item : d->items()) {
                        const Date day = item.date();
                        if (static_cast<int>(std::chrono::year_month_day(day).year()) != y.year) item.fail("is not in " + std::to_string(y.year));
                        to.push_back(day);
                    }
            };
            dates("holidays", y.holidays);
            dates("workdays", y.workdays);
            if (y.holidays.empty()) yn.fail("lists no holidays");
            c.years.push_back(std::move(y));
        }
        if (c.years.empty()) root.at("years").fail("lists no years");
        out.emplace(c.id, std::move(c));
    }
    return out;
}

TimeRule read_time_rule(const YamlNode& n, std::size_t tier_levels, const HolidayCalendars& calendars) {
    n.expect_keys({"name", "utc_offset", "windows", "weekdays", "excluded_dates", "excluded_calendars",
                   "included_dates", "multiplier", "prices", "levels", "meters"});
    TimeRule r;
    r.name = n.at("name").str();
    const YamlNode off = n.at("utc_offset");
    try {
        r.utc_offset = parse_utc_offset(off.str());
    } catch (const InputError& e) {
        off.fail(e.reason());
    }
    if (auto w = n.get("windows")) {
        for (const auto& item : w->items()) {
            const std::string s = item.str();
            const auto dash = s.find('-');
            if (dash == std::string::npos) item.fail("expected a window written HH:MM-HH:MM, found '" + s + "'");
            try {
                TimeWindow tw{parse_clock(s.substr(0, dash)), parse_clock(s.substr(dash + 1))};
                if (tw.start_minute == tw.end_minute) item.fail("a window from a time to the same time is empty");
                r.windows.push_back(tw);
            } catch (const InputError& e) {
                if (!e.file().empty()) throw;
                item.fail(e.reason());
            }
        }
        if (r.windows.empty()) w->fail("lists no windows; leave the field out for a rule that applies all day");
    }
    if (auto wd = n.get("weekdays")) {
        r.weekdays.fill(false);
        for (const auto& item : wd->items()) {
            try {
                r.weekdays[parse_weekday(item.str()).c_encoding()] = true;
            } catch (const InputError& e) {
                if (!e.file().empty()) throw;
                item.fail(e.reason());
            }
        }
    }
    if (auto d = n.get("excluded_dates"))
        for (const auto& item : d->items()) r.excluded_dates.push_back(item.date());
    if (auto d = n.get("included_dates"))
        for (const auto& item : d->items()) r.included_dates.push_back(item.date());
    if (auto cals = n.get("excluded_calendars")) {
        for (const auto& item : cals->items()) {
            auto it = calendars.find(item.str());
            if (it == calendars.end()) {
                std::string known;
                for (const auto& [id, _] : calendars) known += (known.empty() ? "" : ", ") + id;
                item.fail("unknown holiday calendar '" + item.str() + "'; calendars/ holds: " +
                          (known.empty() ? std::string("none") : known));
            }
            const HolidayCalendar& c = it->second;
            CalendarUse use{c.id, c.name, c.years.front().year, c.years.back().year, {}};
            for (const auto& y : c.years) {
                if (y.provisional) use.provisional_years.push_back(y.year);
                r.excluded_dates.insert(r.excluded_dates.end(), y.holidays.begin(), y.holidays.end());
            }
            r.excluded_calendars.push_back(std::move(use));
        }
        std::sort(r.excluded_dates.begin(), r.excluded_dates.end());
        r.excluded_dates.erase(std::unique(r.excluded_dates.begin(), r.excluded_dates.end()), r.excluded_dates.end());
    }
    r.adjustment = read_adjustment(n, tier_levels);
    return r;
}

PriceVersion read_version(const YamlNode& n, const FxTable& fx, const HolidayCalendars& calendars) {
    n.expect_keys({"effective_from", "currency", "source", "read_url", "checked", "verified", "note", "prices",
                   "fallbacks", "tiers", "time_rules", "service_tiers", "scopes"});
    PriceVersion v;
    v.effective_from = n.at("effective_from").timestamp();
    v.currency = read_currency(n.at("currency"), fx);
    v.source = read_url(n.at("source"));
    if (auto r = n.get("read_url")) v.read_url = read_url(*r);
    v.checked = read_checked(n.at("checked"));
    if (auto vf = n.get("verified")) {
        const auto level = verification_from_name(vf->str());
        if (!level || *level == Verification::unknown)
            vf->fail("unknown verification '" + vf->str() + "'; use official (the provider's page was read), "
                     "secondary (a third-party copy) or derived (worked out from other facts)");
        v.verified = *level;
    }
    if (auto note = n.get("note")) v.note = note->str();
    const YamlNode prices = n.at("prices");
    v.prices = read_prices(prices);
    if (!v.prices.has(Meter::input)) prices.fail("missing required field 'input' (the price of uncached prompt tokens)");
    if (!v.prices.has(Meter::output)) prices.fail("missing required field 'output' (the price of generated tokens)");
    if (auto fb = n.get("fallbacks")) {
        static const std::vector<std::string_view> keys = meter_keys({Meter::input, Meter::output});
        fb->expect_keys(keys);
        for (const auto& [key, target] : fb->entries()) {
            const Meter from = *meter_from_name(key);
            const Meter to = read_meter(target);
            if (to != Meter::input && to != Meter::output && !(from == Meter::cache_write_long && to == Meter::cache_write))
                target.fail("a meter can fall back to input or output only (cache_write_long also to cache_write)");
            if (v.prices.has(from))
                target.fail("the meter " + key + " has a price, so a fallback for it would never apply; remove one");
            v.fallbacks[static_cast<std::size_t>(from)] = to;
        }
    }
    if (auto t = n.get("tiers")) v.tiers = read_tiers(*t, v.prices);
    const std::size_t levels = v.tiers ? v.tiers->levels.size() + 1 : 1;
    if (auto rules = n.get("time_rules")) {
        for (const auto& item : rules->items()) v.time_rules.push_back(read_time_rule(item, levels, calendars));
    }
    if (auto st = n.get("service_tiers")) {
        for (const auto& [key, item] : st->entries()) {
            const auto tier = service_tier_from_name(key);
            if (!tier || *tier == ServiceTier::standard) item.fail("unknown service tier '" + key + "'; use batch, flex, priority, fast or ultrafast");
            item.expect_keys({"multiplier", "meters", "prices", "levels", "cache_discount"});
            PriceAdjustment adj = read_adjustment(item, levels);
            if (auto cd = item.get("cache_discount")) adj.cached_as_input = !cd->boolean();
            v.service_tiers[*tier] = std::move(adj);
        }
    }
    if (auto sc = n.get("scopes")) {
        for (const auto& [name, item] : sc->entries()) {
            if (name.empty() || name == "default") item.fail("a serving scope needs a name other than 'default'");
            item.expect_keys({"multiplier", "meters", "prices", "levels"});
            v.scopes[name] = read_adjustment(item, levels);
        }
    }
    return v;
}


// The fields of an offering; an overlay's new offering also carries `new: true` (docs/overlays.md).
constexpr std::string_view kOfferingKeys[] = {"id", "model", "display_name", "context_window", "max_output", "aliases",
                                              "notes", "deprecated", "retired", "successor", "versions", "new"};

Offering read_offering(const YamlNode& n, const Provider& p, const FxTable& fx, const HolidayCalendars& calendars,
                       bool in_overlay = false) {
    n.expect_keys(std::span<const std::string_view>(kOfferingKeys, std::size(kOfferingKeys) - (in_overlay ? 0 : 1)));
    Offering o;
    const YamlNode id = n.at("id");
    o.id = id.str();
    if (o.id.rfind(p.id + "/", 0) != 0) id.fail("offering id '" + o.id + "' must start with the provider id '" + p.id + "/'");
    o.provider = p.id;
    o.model = n.at("model").str();
    o.display_name = n.has("display_name") ? n.at("display_name").str() : o.model;
    if (auto cw = n.get("context_window")) {
        o.context_window = cw->integer();
        if (*o.context_window <= 0 || *o.context_window > kMaxContextTokens)
            cw->fail("must be a positive number of tokens, at most " + std::to_string(kMaxContextTokens));
    }
    if (auto mo = n.get("max_output")) {
        o.max_output = mo->integer();
        if (*o.max_output <= 0 || *o.max_output > kMaxContextTokens)
            mo->fail("must be a positive number of tokens, at most " + std::to_string(kMaxContextTokens));
        if (o.context_window && *o.max_output > *o.context_window) mo->fail("cannot exceed the context window");
    }
    if (auto a = n.get("aliases")) {
        for (const auto& item : a->items()) {
            if (item.is_scalar()) {
                o.aliases.push_back(item.str());
                continue;
            }
            item.expect_keys({"name", "from", "until"});
            Offering::DatedAlias d{item.at("name").str(), std::nullopt, std::nullopt};
            if (auto f = item.get("from")) d.from = f->timestamp();
            if (auto u = item.get("until")) d.until = u->timestamp();
            if (!d.from && !d.until) item.fail("a dated alias needs `from` or `until`; write a plain name otherwise");
            if (d.from && d.until && !(*d.from < *d.until)) item.at("until").fail("must be after `from`");
            o.dated_aliases.push_back(std::move(d));
        }
    }
    if (auto notes = n.get("notes")) o.notes = notes->str();
    if (auto d = n.get("deprecated")) o.deprecated = d->timestamp();
    if (auto r = n.get("retired")) o.retired = r->timestamp();
    if (auto s = n.get("successor")) {
        o.successor = s->str();
        if (!o.deprecated && !o.retired) s->fail("a successor needs a `deprecated` or `retired` date");
    }
    const YamlNode versions = n.at("versions");
    const auto items = versions.items();
    if (items.empty()) versions.fail("lists no versions; give at least one price version");
    for (const auto& item : items) {
        PriceVersion v = read_version(item, fx, calendars);
        if (!o.versions.empty() && !(o.versions.back().effective_from < v.effective_from))
            item.at("effective_from").fail("versions must be listed oldest first with distinct dates (" +
                                           format_timestamp(v.effective_from) + " does not follow " +
                                           format_timestamp(o.versions.back().effective_from) + ")");
        o.versions.push_back(std::move(v));
    }
    try {
        validate_offering(o);
    } catch (const InputError& e) {
        n.fail(e.reason());
    }
    return o;
}

FxTable read_fx(const std::string& file) {
    const YamlNode root = YamlNode::load_file(file);
    root.expect_keys({"currencies", "rates"});
    std::vector<Currency> currencies;
    for (const auto& item : root.at("currencies").items()) {
        try {
            const Currency c(item.str());
            if (std::find(currencies.begin(), currencies.end(), c) != currencies.end()) item.fail("currency listed twice");
            currencies.push_back(c);
        } catch (const InputError& e) {
            if (!e.file().empty()) throw;
            item.fail(e.reason());
        }
    }
    const FxTable known(currencies, {});
    std::vector<FxRate> rates;
    std::map<std::tuple<std::string, std::string, int>, bool> seen;
    for (const auto& item : root.at("rates").items()) {
        item.expect_keys({"date", "base", "quote", "rate", "source", "checked"});
        FxRate r;
        r.date = item.at("date").date();
        r.base = read_currency(item.at("base"), known);
        r.quote = read_currency(item.at("quote"), known);
        if (r.base == r.quote) item.at("quote").fail("a rate must convert between two different currencies");
        const YamlNode rate = item.at("rate");
        r.rate = rate.number();
        if (r.rate <= 0) rate.fail("an exchange rate must be above 0");
        r.source = read_url(item.at("source"));
        r.checked = item.at("checked").date();
        auto a = r.base.code(), b = r.quote.code();
        if (b < a) std::swap(a, b);
        if (!seen.emplace(std::make_tuple(a, b, static_cast<int>(r.date.time_since_epoch().count())), true).second)
            item.at("date").fail("a second " + a + "/" + b + " rate for " + format_date(r.date) + "; keep one");
        rates.push_back(r);
    }
    return FxTable(currencies, rates);
}

}  // namespace

Catalog Catalog::load(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    if (!fs::exists(dir)) throw InputError("catalog directory '" + dir.string() + "' does not exist");
    if (!fs::is_directory(dir))
        throw InputError("'" + dir.string() + "' is a file; a catalog is a directory holding fx.yaml and api/*.yaml "
                         "(to add prices to a catalog from one file, use --overlay)");
    const fs::path fx_file = dir / "fx.yaml";
    if (!fs::exists(fx_file)) throw InputError("catalog directory '" + dir.string() + "' has no fx.yaml");
    FxTable fx = read_fx(fx_file.string());
    HolidayCalendars calendars;
    if (fs::is_directory(dir / "calendars")) calendars = read_calendars(dir / "calendars");

    const std::vector<fs::path> files = io::yaml_files(dir / "api");
    if (files.empty()) throw InputError("catalog directory '" + dir.string() + "' has no api/*.yaml files");

    std::vector<Provider> providers;
    std::vector<Offering> offerings;
    std::map<std::string, std::string> ids;           // id or alias -> file that defined it
    std::map<std::string, std::string> provider_ids;  // provider id -> file
    for (const auto& f : files) {
        const YamlNode root = YamlNode::load_file(f.string());
        root.expect_keys({"provider", "offerings"});
        const YamlNode pn = root.at("provider");
        pn.expect_keys({"id", "name", "homepage", "model_developer", "source_ids", "name_prefixes"});
        Provider p;
        const YamlNode pid = pn.at("id");
        p.id = read_provider_id(pid);
        p.name = pn.at("name").str();
        if (auto h = pn.get("homepage")) p.homepage = read_url(*h);
        if (auto d = pn.get("model_developer")) p.model_developer = d->str();
        if (auto sid = pn.get("source_ids"))
            for (const auto& [source, names] : sid->entries()) p.source_ids[source] = names.is_null() ? std::vector<std::string>{} : names.strings();
        if (auto np = pn.get("name_prefixes")) {
            p.name_prefixes = np->strings();
            for (const auto& pre : p.name_prefixes)
                if (pre.empty()) np->fail("a name prefix must not be empty");
        }
        p.loaded_from.file = f.string();
        if (auto [it, fresh] = provider_ids.emplace(p.id, p.loaded_from.file); !fresh)
            pid.fail("provider id '" + p.id + "' is also defined in " + it->second);
        for (const auto& on : root.at("offerings").items()) {
            Offering o = read_offering(on, p, fx, calendars);
            const YamlNode idn = on.at("id");
            for (const std::string& key : [&] {
                     std::vector<std::string> k{o.id};
                     k.insert(k.end(), o.aliases.begin(), o.aliases.end());
                     return k;
                 }()) {
                if (auto [it, fresh] = ids.emplace(key, p.loaded_from.file); !fresh)
                    idn.fail("duplicate id '" + key + "': it is already an offering id or alias in " + it->second);
            }
            offerings.push_back(std::move(o));
            if (offerings.size() > kMaxOfferings)
                idn.fail("more than " + std::to_string(kMaxOfferings) + " offerings in one catalog; keep the ones you compare");
        }
        providers.push_back(std::move(p));
    }
    Jurisdictions jurisdictions;
    if (fs::exists(dir / "jurisdictions.yaml")) jurisdictions = io::read_jurisdictions((dir / "jurisdictions.yaml").string());
    if (fs::is_directory(dir / "governance")) {
        if (jurisdictions.codes().empty())
            throw InputError("catalog directory '" + dir.string() + "' has governance/ but no jurisdictions.yaml to check its codes");
        io::attach_governance(dir / "governance", offerings, jurisdictions);
    }
    std::shared_ptr<const HardwareCatalog> hardware;
    if (fs::exists(dir / "gpus.yaml")) hardware = std::make_shared<const HardwareCatalog>(HardwareCatalog::load(dir));
    return Catalog(std::move(providers), std::move(offerings), std::move(fx), dir, std::move(jurisdictions),
                   std::move(hardware), std::move(calendars));
}

}  // namespace infercost

// --- overlays (docs/overlays.md) ---------------------------------------------------------------------

#include "infercost/io.hpp"

namespace infercost {

namespace {
std::string summary(const PriceVersion& v) {
    std::string s;
    for (Meter m : {Meter::input, Meter::cached_input, Meter::output})
        if (auto p = v.prices.get(m)) {
            char b[48];
            std::snprintf(b, sizeof b, "%s%s %.6g", s.empty() ? "" : ", ", std::string(meter_name(m)).c_str(), *p);
            s += b;
        }
    return s + " " + v.currency.code() + " from " + format_timestamp(v.effective_from);
}
}  // namespace

OverlayResult apply_overlay(const Catalog& base, const std::filesystem::path& file) {
    const YamlNode root = YamlNode::load_file(file.string());
    root.expect_keys({"overlay", "providers", "offerings"});
    const YamlNode head = root.at("overlay");
    head.expect_keys({"name", "source"});
    OverlayResult out{base, head.at("name").str(), {}};
    if (auto src = head.get("source")) read_url(*src);

    std::vector<Provider> providers = base.providers();
    if (auto ps = root.get("providers")) {
        for (const auto& pn : ps->items()) {
            pn.expect_keys({"id", "name", "homepage"});
            Provider p;
            p.id = read_provider_id(pn.at("id"));
            p.name = pn.at("name").str();
            if (auto h = pn.get("homepage")) p.homepage = read_url(*h);
            p.loaded_from.file = file.string();
            if (std::any_of(providers.begin(), providers.end(), [&](const Provider& x) { return x.id == p.id; }))
                pn.at("id").fail("provider '" + p.id + "' already exists");
            providers.push_back(std::move(p));
        }
    }
    std::vector<Offering> offerings = base.offerings();
    for (const auto& on : root.at("offerings").items()) {
        const YamlNode idn = on.at("id");
        const std::string id = idn.str();
        auto existing = std::find_if(offerings.begin(), offerings.end(), [&](const Offering& o) { return o.id == id; });
        if (existing != offerings.end()) {
            on.expect_keys({"id", "mode", "versions", "notes"});
            std::string mode = "replace";
            if (auto m = on.get("mode")) {
                mode = m->str();
                if (mode != "replace" && mode != "append") m->fail("unknown mode '" + mode + "'; use replace or append");
            }
            std::vector<PriceVersion> versions;
            for (const auto& vn : on.at("versions").items()) versions.push_back(read_version(vn, base.fx(), base.calendars()));
            if (versions.empty()) on.at("versions").fail("lists no versions");
            const std::string before = summary(existing->versions.back());
            if (mode == "replace") existing->versions = versions;
            else existing->versions.insert(existing->versions.end(), versions.begin(), versions.end());
            if (auto nn = on.get("notes")) existing->notes = nn->str();
            try {
                validate_offering(*existing);
            } catch (const InputError& e) {
                on.fail(e.reason());
            }
            out.changes.push_back(OverlayChange{id, mode == "replace" ? "replaced" : "appended",
                                                "was " + before + "; now " + summary(existing->versions.back())});
        } else {
            const auto slash = id.find('/');
            const std::string pid = slash == std::string::npos ? "" : id.substr(0, slash);
            auto p = std::find_if(providers.begin(), providers.end(), [&](const Provider& x) { return x.id == pid; });
            const auto is_new = on.get("new");
            if (is_new && !is_new->boolean()) is_new->fail("write `new: true` for a new offering, or leave `new` out");
            if (p == providers.end() || !is_new) {
                // An id that matches nothing is a typo until the entry says otherwise: a misspelt id would
                // otherwise add an offering beside the one meant, and the negotiated price would never apply.
                std::vector<std::string> ids;
                for (const auto& o : offerings) ids.push_back(o.id);
                const auto near = close_matches(id, ids);
                const std::string guess = near.empty() ? "" : " (did you mean '" + near.front() + "'?)";
                if (p == providers.end())
                    idn.fail("'" + id + "' is not in the catalog" + guess +
                             "; to add a new offering, its provider must exist or be declared under `providers`, "
                             "and the entry must say `new: true`");
                idn.fail("'" + id + "' is not in the catalog" + guess +
                         "; to add it as a new offering, write `new: true` in this entry");
            }
            Offering o = read_offering(on, *p, base.fx(), base.calendars(), true);
            out.changes.push_back(OverlayChange{o.id, "added", summary(o.versions.back())});
            offerings.push_back(std::move(o));
        }
    }
    out.catalog = Catalog(std::move(providers), std::move(offerings), base.fx(), base.directory(), base.jurisdictions(),
                          base.hardware_ptr(), base.calendars());
    return out;
}

}  // namespace infercost
