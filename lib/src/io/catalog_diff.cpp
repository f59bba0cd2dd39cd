#include "infercost/core/error.hpp"
#include "infercost/io.hpp"
#include "infercost/detail/format.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>

namespace infercost {

namespace {

std::string normalise(std::string s) {
    std::string out;
    for (char c : s) {
        if (c == '.' || c == '_') c = '-';
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string last_segment(const std::string& s) {
    const auto slash = s.rfind('/');
    return slash == std::string::npos ? s : s.substr(slash + 1);
}

// (provider as the source names it, model name) of an imported offering.
std::pair<std::string, std::string> source_name(const Offering& o, const std::string& source) {
    if (source == "openrouter") {  // openrouter/<lab>/<model>
        const std::string rest = o.id.substr(o.id.find('/') + 1);
        const auto slash = rest.find('/');
        return {rest.substr(0, slash), slash == std::string::npos ? rest : rest.substr(slash + 1)};
    }
    return {o.provider, o.model};
}

}  // namespace

CatalogDiff diff_catalogs(const Catalog& ours, const ImportedCatalog& theirs, double threshold) {
    if (!(threshold >= 0) || !std::isfinite(threshold))
        throw InputError("the difference threshold must be a number, zero or more (e.g. 0.01 for 1%)");
    CatalogDiff diff;
    diff.source = theirs.report.source;
    diff.source_date = theirs.report.source_date;
    const Timestamp at = std::chrono::sys_seconds(theirs.report.source_date);
    // The version of each side in force on the source's date (a source may hold announced future prices).
    auto version_on = [&](const Offering& o) -> const PriceVersion& {
        std::size_t i = 0;
        while (i + 1 < o.versions.size() && o.versions[i + 1].effective_from <= at) ++i;
        return o.versions[i];
    };
    std::map<std::string, const ImportEntry*> entries;
    for (const auto& e : theirs.report.entries) entries[e.key] = &e;
    std::set<const Offering*> matched_theirs;
    std::set<std::string> covered;  // the source's provider names the catalog maps

    // Index the source by (provider, normalised model name, with and without its path).
    std::map<std::pair<std::string, std::string>, const Offering*> index;
    for (const auto& o : theirs.catalog.offerings()) {
        const auto [prov, model] = source_name(o, diff.source);
        index.emplace(std::pair{prov, normalise(model)}, &o);
        index.emplace(std::pair{prov, normalise(last_segment(model))}, &o);
    }
    std::map<std::string, const Provider*> providers;
    for (const auto& p : ours.providers()) {
        providers[p.id] = &p;
        if (auto it = p.source_ids.find(diff.source); it != p.source_ids.end()) covered.insert(it->second.begin(), it->second.end());
    }

    for (const auto& o : ours.offerings()) {
        const PriceVersion& v = version_on(o);
        const Provider* p = providers.count(o.provider) ? providers[o.provider] : nullptr;
        if (!p || !p->source_ids.count(diff.source) || p->source_ids.at(diff.source).empty() || v.currency != usd())
            continue;
        std::vector<std::string> names{o.model, last_segment(o.model), o.id.substr(o.id.find('/') + 1)};
        for (const auto& a : o.aliases) names.push_back(last_segment(a));
        const Offering* match = nullptr;
        for (const auto& sp : p->source_ids.at(diff.source)) {
            for (const auto& n : names) {
                auto it = index.find({sp, normalise(n)});
                if (it != index.end()) {
                    match = it->second;
                    break;
                }
            }
            if (match) break;
        }
        if (!match) {
            diff.unmatched.push_back(o.id);
            continue;
        }
        ++diff.matched;
        matched_theirs.insert(match);
        if (auto it = entries.find(match->id); it != entries.end() && (it->second->deprecated || it->second->deprecation_date)) {
            const ImportEntry& e = *it->second;
            const std::string says = e.deprecation_date ? "deprecated on " + format_date(*e.deprecation_date) : "deprecated (no date)";
            std::string ours_says = "current";
            if (o.retired) ours_says = "retired " + format_date(std::chrono::floor<std::chrono::days>(*o.retired));
            else if (o.deprecated) ours_says = "deprecated " + format_date(std::chrono::floor<std::chrono::days>(*o.deprecated));
            // Listed unless the catalog already records an end on the date the source gives.
            const bool agrees = (o.retired || o.deprecated) &&
                                (!e.deprecation_date ||
                                 std::chrono::floor<std::chrono::days>(o.retired ? *o.retired : *o.deprecated) == *e.deprecation_date);
            if (!agrees) diff.lifecycle.push_back(LifecycleDifference{o.id, match->id, says, ours_says});
        }
        if (o.retired && *o.retired <= at) continue;  // prices of a retired offering are history
        // Rates as billed (fallbacks resolved, the time rule in force applied), compared at each hour of the week
        // from the source's date when either side has time rules: one side may list the off-peak price with a peak
        // surcharge, the other the peak price with an off-peak discount. The largest difference of each meter counts.
        const bool timed = !v.time_rules.empty() || !version_on(*match).time_rules.empty();
        struct Worst {
            double relative = -1;
            std::optional<double> ours, theirs;
            Timestamp when{};
        };
        std::array<Worst, kMeterCount> worst{};
        for (int h = 0; h < (timed ? 7 * 24 : 1); ++h) {
            const Timestamp t = at + std::chrono::hours(h);
            auto rates = [&](const Offering& x, const PriceVersion& xv) {
                const TimeRule* rule = nullptr;
                for (const auto& r : xv.time_rules)
                    if (r.applies_at(t)) {
                        rule = &r;
                        break;
                    }
                return resolve_rates(x, xv, 0, ServiceTier::standard, rule);
            };
            const ResolvedRates a = rates(o, v), b = rates(*match, version_on(*match));
            for (Meter m : kAllMeters) {
                const auto x = a.rate[static_cast<std::size_t>(m)], y = b.rate[static_cast<std::size_t>(m)];
                if (!x && !y) continue;
                double rel;
                if (x && y) rel = *x == 0 ? (*y == 0 ? 0 : std::numeric_limits<double>::infinity()) : std::fabs(*y - *x) / *x;
                else rel = std::numeric_limits<double>::infinity();
                Worst& w = worst[static_cast<std::size_t>(m)];
                if (rel > w.relative) w = Worst{rel, x, y, t};
            }
        }
        for (Meter m : kAllMeters) {
            const Worst& w = worst[static_cast<std::size_t>(m)];
            if (w.relative <= threshold) continue;
            diff.differences.push_back(PriceDifference{o.id, match->id, std::string(meter_name(m)), w.ours, w.theirs,
                                                       w.relative, v.effective_from, v.checked, theirs.report.source_date,
                                                       timed ? std::optional<Timestamp>(w.when) : std::nullopt});
        }
    }
    for (const auto& o : theirs.catalog.offerings())
        if (!matched_theirs.count(&o) && covered.count(source_name(o, diff.source).first)) diff.missing.push_back(o.id);
    std::stable_sort(diff.differences.begin(), diff.differences.end(),
                     [](const PriceDifference& x, const PriceDifference& y) { return x.relative > y.relative; });
    return diff;
}

}  // namespace infercost

namespace infercost {

std::string_view audit_kind_name(AuditKind k) {
    switch (k) {
        case AuditKind::stale_check: return "stale_check";
        case AuditKind::not_official: return "not_official";
        case AuditKind::retiring: return "retiring";
        case AuditKind::no_successor: return "no_successor";
        case AuditKind::disagreement: return "disagreement";
    }
    return "?";
}

std::vector<AuditFinding> audit_catalog(const Catalog& catalog, Date on, const std::vector<CatalogDiff>& diffs,
                                        int stale_days, int retiring_days) {
    using namespace std::chrono;
    if (stale_days < 0 || retiring_days < 0) throw InputError("audit windows are whole days, zero or more");
    std::vector<AuditFinding> out;
    const Timestamp now = start_of_day(on, UtcOffset{});
    for (const Offering& o : catalog.offerings()) {
        if (o.retired && *o.retired <= now) {
            if (o.successor.empty())
                out.push_back({o.id, AuditKind::no_successor, "retired at " + format_timestamp(*o.retired) +
                                                                  " without a named successor", std::nullopt});
            continue;  // a retired offering is history: its checks no longer matter
        }
        const PriceVersion& v = o.versions.back();
        const auto age = (sys_days(on) - sys_days(v.checked)).count();
        if (age > stale_days)
            out.push_back({o.id, AuditKind::stale_check,
                           "latest version last checked " + std::to_string(age) + " days before " + format_date(on),
                           v.checked});
        if (v.verified != Verification::official)
            out.push_back({o.id, AuditKind::not_official,
                           "latest version is " + std::string(verification_name(v.verified)) +
                               (v.read_url.empty() ? std::string() : " (read at " + v.read_url + ")"),
                           v.checked});
        if (o.retired && *o.retired <= now + days(retiring_days))
            out.push_back({o.id, AuditKind::retiring,
                           "retires at " + format_timestamp(*o.retired) +
                               (o.successor.empty() ? std::string(", no successor named") : ", successor " + o.successor),
                           floor<days>(*o.retired)});
        if ((o.deprecated || o.retired) && o.successor.empty() && !(o.retired && *o.retired <= now + days(retiring_days)))
            out.push_back({o.id, AuditKind::no_successor, "deprecated without a named successor", std::nullopt});
    }
    for (const CatalogDiff& d : diffs)
        for (const PriceDifference& p : d.differences) {
            auto price = [](const std::optional<double>& x) { return x ? format_number(*x, 6) : std::string("none"); };
            out.push_back({p.offering_id, AuditKind::disagreement,
                           p.meter + ": ours " + price(p.ours) + ", " + d.source + " " + price(p.theirs) + " (" +
                               p.source_id + ")",
                           p.theirs_date});
        }
    return out;
}

}  // namespace infercost
