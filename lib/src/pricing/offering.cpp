#include "infercost/pricing/offering.hpp"

#include "infercost/core/error.hpp"
#include "infercost/core/limits.hpp"
#include "charging.hpp"
#include "infercost/detail/format.hpp"

#include <algorithm>
#include <cmath>

namespace infercost {

namespace {
constexpr std::array<std::string_view, kMeterCount> kMeterNames = {
    "input", "cached_input", "cache_write", "cache_write_long", "output", "reasoning", "request", "web_search", "cache_storage"};
constexpr std::array<std::string_view, 6> kTierNames = {"standard", "batch", "flex", "priority", "fast", "ultrafast"};

std::size_t idx(Meter m) { return static_cast<std::size_t>(m); }

std::string where(const Offering& o, const PriceVersion& v) {
    return "offering '" + o.id + "' (price version from " + format_timestamp(v.effective_from) + ")";
}
}  // namespace

std::string_view meter_name(Meter m) { return kMeterNames[idx(m)]; }

std::string_view meter_unit_name(Meter m) {
    if (m == Meter::cache_storage) return "1M token-hours";
    return is_token_meter(m) ? "1M tokens" : "call";
}

std::optional<Meter> meter_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kMeterCount; ++i)
        if (kMeterNames[i] == name) return static_cast<Meter>(i);
    return std::nullopt;
}

std::string_view service_tier_name(ServiceTier t) { return kTierNames[static_cast<std::size_t>(t)]; }

std::optional<ServiceTier> service_tier_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kTierNames.size(); ++i)
        if (kTierNames[i] == name) return static_cast<ServiceTier>(i);
    return std::nullopt;
}

void MeterPrices::set(Meter m, double price) {
    if (!std::isfinite(price) || price < 0)
        throw InputError("the " + std::string(meter_name(m)) + " price must be a finite, non-negative number");
    v_[idx(m)] = price;
}

bool MeterPrices::empty() const {
    return std::none_of(v_.begin(), v_.end(), [](const auto& x) { return x.has_value(); });
}

bool TimeRule::applies_at(Timestamp t) const {
    const LocalTime lt = to_local(t, utc_offset);
    if (std::find(included_dates.begin(), included_dates.end(), lt.date) != included_dates.end()) return true;
    if (std::find(excluded_dates.begin(), excluded_dates.end(), lt.date) != excluded_dates.end()) return false;
    if (windows.empty()) return weekdays[lt.weekday().c_encoding()];
    for (const auto& w : windows) {
        if (w.start_minute < w.end_minute) {
            if (lt.minute_of_day >= w.start_minute && lt.minute_of_day < w.end_minute)
                return weekdays[lt.weekday().c_encoding()];
        } else {
            // Wraps past midnight: the part after midnight belongs to the window opened the day before,
            // so its weekday is the previous day's.
            if (lt.minute_of_day >= w.start_minute) return weekdays[lt.weekday().c_encoding()];
            if (lt.minute_of_day < w.end_minute) return weekdays[(lt.weekday() - std::chrono::days(1)).c_encoding()];
        }
    }
    return false;
}

std::size_t Offering::version_index_at(Timestamp t) const {
    if (versions.empty()) throw InputError("offering '" + id + "' has no price versions");
    if (t < versions.front().effective_from)
        throw InputError("offering '" + id + "' has no price in force at " + format_timestamp(t) +
                         "; its first price version starts " + format_timestamp(versions.front().effective_from));
    if (retired && t >= *retired)
        throw InputError("offering '" + id + "' was retired at " + format_timestamp(*retired) +
                         " and has no price at " + format_timestamp(t) + "; " +
                         (successor.empty() ? std::string("choose another offering")
                                            : "its successor is '" + successor + "'"));
    auto it = std::upper_bound(versions.begin(), versions.end(), t,
                               [](Timestamp x, const PriceVersion& v) { return x < v.effective_from; });
    return static_cast<std::size_t>(it - versions.begin()) - 1;
}

void Usage::validate() const {
    const std::pair<const char*, std::int64_t> counts[] = {{"input", input.value()},
                                                           {"cached_input", cached_input.value()},
                                                           {"cache_write", cache_write.value()},
                                                           {"cache_write_long", cache_write_long.value()},
                                                           {"output", output.value()},
                                                           {"reasoning", reasoning.value()},
                                                           {"web_searches", web_searches}};
    for (const auto& [name, c] : counts) {
        if (c < 0)
            throw InputError(std::string("count '") + name + "' is negative (" + std::to_string(c) +
                             "); counts must be zero or more");
        if (c > kMaxTokenCount)
            throw InputError(std::string("count '") + name + "' is " + format_count(static_cast<double>(c)) +
                             ", above the limit of " + format_count(static_cast<double>(kMaxTokenCount)) +
                             " (2^47), beyond which sums of counts could overflow");
    }
    // In long double: three valid counts can sum past the range of int64.
    const long double parts = static_cast<long double>(cached_input.value()) + cache_write.value() + cache_write_long.value();
    if (parts > static_cast<long double>(input.value()))
        throw InputError("cached_input + cache_write + cache_write_long (" + format_count(static_cast<double>(parts)) +
                         ") exceeds input (" + std::to_string(input.value()) +
                         "); input counts the whole prompt, cached and written tokens included");
    if (reasoning > output)
        throw InputError("reasoning (" + std::to_string(reasoning.value()) + ") exceeds output (" +
                         std::to_string(output.value()) + "); output counts every generated token, reasoning included");
}

Usage from_openai(const OpenAIUsage& u) {
    Usage r{TokenCount(u.prompt_tokens), TokenCount(u.cached_tokens), TokenCount(0), TokenCount(u.completion_tokens),
            TokenCount(u.reasoning_tokens)};
    r.validate();
    return r;
}

Usage from_anthropic(const AnthropicUsage& u) {
    if (u.input_tokens < 0 || u.cache_read_input_tokens < 0 || u.cache_creation_input_tokens < 0 ||
        u.cache_creation_1h_input_tokens < 0 || u.web_search_requests < 0)
        throw InputError("Anthropic usage counts must be zero or more");
    if (u.cache_creation_1h_input_tokens > u.cache_creation_input_tokens)
        throw InputError("Anthropic usage: ephemeral_1h_input_tokens (" + std::to_string(u.cache_creation_1h_input_tokens) +
                         ") exceeds cache_creation_input_tokens (" + std::to_string(u.cache_creation_input_tokens) +
                         "), which counts every cache write");
    Usage r{TokenCount(u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens),
            TokenCount(u.cache_read_input_tokens), TokenCount(u.cache_creation_input_tokens - u.cache_creation_1h_input_tokens),
            TokenCount(u.output_tokens), TokenCount(u.thinking_tokens), TokenCount(u.cache_creation_1h_input_tokens),
            u.web_search_requests};
    r.validate();
    return r;
}

Money PriceBreakdown::cost_of(Meter m) const {
    Money sum = Money::zero(currency);
    for (const auto& c : charges)
        if (c.meter == m) sum += c.cost;
    return sum;
}

namespace {

std::optional<double> own_price(const PriceVersion& v, int level, Meter m) {
    if (level == 0 || !v.tiers) return v.prices.get(m);
    const auto& lv = v.tiers->levels[static_cast<std::size_t>(level - 1)];
    if (lv.prices.has(m)) return lv.prices.get(m);
    if (v.tiers->missing_meter == MissingMeter::base) return v.prices.get(m);
    return std::nullopt;
}

std::optional<double> adjust(std::optional<double> rate, const PriceAdjustment& a, int level, Meter m) {
    if (a.is_override) {
        const MeterPrices& p = a.level_prices.empty() ? a.prices : a.level_prices[static_cast<std::size_t>(level)];
        if (p.has(m)) return p.get(m);
        return rate;
    }
    if (!rate) return rate;
    const bool listed = a.meters.empty() ? is_token_meter(m)
                                         : std::find(a.meters.begin(), a.meters.end(), m) != a.meters.end();
    return listed ? std::optional<double>(*rate * a.multiplier) : rate;
}

}  // namespace

ResolvedRates resolve_rates(const Offering& o, const PriceVersion& v, int level, ServiceTier tier,
                            const TimeRule* rule, std::string_view scope) {
    const PriceAdjustment* sc = nullptr;
    if (!scope.empty()) {
        auto it = v.scopes.find(scope);
        if (it == v.scopes.end()) {
            std::string have;
            for (const auto& [name, _] : v.scopes) have += ", " + name;
            throw InputError(where(o, v) + " has no serving scope '" + std::string(scope) + "'; it offers: default" + have);
        }
        sc = &it->second;
    }
    const PriceAdjustment* st = nullptr;
    if (tier != ServiceTier::standard) {
        auto it = v.service_tiers.find(tier);
        if (it == v.service_tiers.end()) {
            std::string have;
            for (const auto& [t, _] : v.service_tiers) have += (have.empty() ? "" : ", ") + std::string(service_tier_name(t));
            throw InputError(where(o, v) + " has no '" + std::string(service_tier_name(tier)) +
                             "' service tier; it offers: standard" + (have.empty() ? "" : ", " + have));
        }
        st = &it->second;
    }
    ResolvedRates r;
    for (Meter m : kAllMeters) {
        std::optional<double> rate = own_price(v, level, m);
        if (st) rate = adjust(rate, *st, level, m);
        if (sc) rate = adjust(rate, *sc, level, m);
        if (rule) rate = adjust(rate, rule->adjustment, level, m);
        r.rate[idx(m)] = rate;
    }
    if (st && st->cached_as_input) r.rate[idx(Meter::cached_input)] = r.rate[idx(Meter::input)];
    // Fallbacks point at input or output, which every version prices, or (a long cache write) at cache_write,
    // which comes before it in Meter order: one pass in that order resolves them.
    for (Meter m : kAllMeters)
        if (!r.rate[idx(m)] && v.fallbacks[idx(m)]) r.rate[idx(m)] = r.rate[idx(*v.fallbacks[idx(m)])];
    return r;
}

double ResolvedRates::require(Meter m, const Offering& o, const PriceVersion& v) const {
    if (rate[idx(m)]) return *rate[idx(m)];
    throw InputError(where(o, v) + " has no " + std::string(meter_name(m)) +
                     " price and states no fallback for it; add the price or a `fallbacks` rule to the catalog, "
                     "or price a usage without " + std::string(meter_name(m)) +
                     (is_token_meter(m) ? " tokens" : m == Meter::cache_storage ? " (no cache storage)" : " calls"));
}

std::vector<double> greater_than_thresholds(const PriceVersion& v) {
    std::vector<double> t{0.0};
    if (!v.tiers) return t;
    for (const auto& lv : v.tiers->levels)
        t.push_back(static_cast<double>(lv.above) - (v.tiers->boundary == Boundary::greater_equal ? 1.0 : 0.0));
    return t;
}

void check_request_limits(const Offering& o, const Usage& u) {
    if (o.max_output && u.output.value() > *o.max_output)
        throw InputError("an output of " + std::to_string(u.output.value()) + " tokens exceeds " + o.id + "'s maximum output of " +
                         std::to_string(*o.max_output) + " tokens");
    // In double: the sum of two valid counts can pass the range of int64.
    if (o.context_window && static_cast<double>(u.input.value()) + static_cast<double>(u.output.value()) > static_cast<double>(*o.context_window))
        throw InputError("a request of " + std::to_string(u.input.value()) + " prompt + " + std::to_string(u.output.value()) +
                         " output tokens exceeds " + o.id + "'s context window of " + std::to_string(*o.context_window) +
                         " tokens; the provider would refuse it");
}

PriceBreakdown price_request(const Offering& o, const Usage& u, const RequestOptions& opt) {
    u.validate();
    check_request_limits(o, u);
    const detail::RequestRules r = detail::rules_at(o, opt.at, opt.service_tier, opt.scope);
    const PriceVersion& v = *r.version;
    PriceBreakdown b;
    b.offering_id = o.id;
    b.version_index = r.version_index;
    b.version_from = v.effective_from;
    b.source = v.source;
    b.checked = v.checked;
    b.currency = v.currency;
    b.time_rule = r.rule ? r.rule->name : "";
    b.service_tier = opt.service_tier;
    b.scope = opt.scope;
    b.total = Money::zero(v.currency);
    b.level = detail::charge_usage(o, r, u, 1.0, [&](Meter m, double qty, int lvl, double rate) {
        MeterCharge c{m, qty, rate, lvl, Money(rate * qty / meter_unit(m), v.currency)};
        b.total += c.cost;
        b.charges.push_back(c);
    });
    return b;
}

Currency price_batch_into(const Offering& o, const UsageRows& usage, std::span<const std::int64_t> unix_seconds,
                          ServiceTier tier, std::span<double> total, std::span<double> by_meter,
                          std::string_view scope) {
    const std::size_t n = usage.rows;
    if (n > 0 && !usage.data) throw InputError("price_batch: the usage rows have no data");
    if (unix_seconds.empty() || (unix_seconds.size() != 1 && unix_seconds.size() != n))
        throw InputError("price_batch needs one timestamp, or one per usage row (" + std::to_string(n) + "), not " +
                         std::to_string(unix_seconds.size()));
    if (total.size() != n)
        throw InputError("price_batch: the total buffer holds " + std::to_string(total.size()) +
                         " values; it needs one per usage row (" + std::to_string(n) + ")");
    if (usage.columns != kBasicUsageColumns && usage.columns != kUsageColumns)
        throw InputError("price_batch: usage rows have " + std::to_string(kBasicUsageColumns) + " columns (input, "
                         "cached_input, cache_write, output, reasoning) or " + std::to_string(kUsageColumns) +
                         " (those, cache_write_long, web_searches), not " + std::to_string(usage.columns));
    if (by_meter.size() != n * kMeterCount)
        throw InputError("price_batch: the by-meter buffer holds " + std::to_string(by_meter.size()) +
                         " values; it needs " + std::to_string(kMeterCount) + " per usage row (" +
                         std::to_string(n * kMeterCount) + ")");
    std::fill(by_meter.begin(), by_meter.end(), 0.0);
    // Rules depend on the instant only through the version and the time rule; cache them by instant.
    Currency currency = usd();
    std::int64_t cached_at = 0;
    std::optional<detail::RequestRules> rules;
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t at = unix_seconds.size() == 1 ? unix_seconds[0] : unix_seconds[i];
        if (!rules || at != cached_at) {
            rules = detail::rules_at(o, Timestamp(std::chrono::seconds(at)), tier, scope);
            cached_at = at;
            if (i == 0) currency = rules->version->currency;
            else if (rules->version->currency != currency)
                throw CurrencyError("offering '" + o.id + "' changes currency within the batch (" + currency.code() +
                                    " to " + rules->version->currency.code() + "); price the parts separately");
        }
        const bool full = usage.columns == kUsageColumns;
        const Usage u{TokenCount(usage.at(i, 0)), TokenCount(usage.at(i, 1)), TokenCount(usage.at(i, 2)),
                      TokenCount(usage.at(i, 3)), TokenCount(usage.at(i, 4)), TokenCount(full ? usage.at(i, 5) : 0),
                      full ? usage.at(i, 6) : 0};
        try {
            u.validate();
            check_request_limits(o, u);
        } catch (const InputError& e) {
            throw InputError("usage row " + std::to_string(i) + ": " + e.what());
        }
        double* row = by_meter.data() + i * kMeterCount;
        detail::charge_usage(o, *rules, u, 1.0, [&](Meter m, double qty, int, double rate) {
            row[static_cast<std::size_t>(m)] += rate * qty / meter_unit(m);
        });
        double sum = 0;
        for (std::size_t m = 0; m < kMeterCount; ++m) sum += row[m];
        total[i] = sum;
    }
    // An empty batch takes its currency from the price version in force at its one instant.
    if (n == 0) currency = o.versions.at(o.version_index_at(Timestamp(std::chrono::seconds(unix_seconds[0])))).currency;
    return currency;
}

BatchPrices price_batch(const Offering& o, const UsageRows& usage, std::span<const std::int64_t> unix_seconds,
                        ServiceTier tier, std::string_view scope) {
    BatchPrices out;
    out.total.resize(usage.rows);
    out.by_meter.resize(usage.rows * kMeterCount);
    out.currency = price_batch_into(o, usage, unix_seconds, tier, out.total, out.by_meter, scope);
    return out;
}

void validate_offering(const Offering& o) {
    auto fail = [&](const std::string& what) { throw InputError("offering '" + o.id + "': " + what); };
    if (o.id.empty()) throw InputError("an offering needs an id");
    if (o.versions.empty()) fail("has no price versions; give at least one");
    if (o.retired && !(o.versions.front().effective_from < *o.retired))
        fail("is retired at " + format_timestamp(*o.retired) + ", before its first price version starts");
    if (o.deprecated && o.retired && *o.retired < *o.deprecated)
        fail("is retired at " + format_timestamp(*o.retired) + ", before it was deprecated (" +
             format_timestamp(*o.deprecated) + ")");
    if (o.successor == o.id) fail("names itself as its successor");
    for (std::size_t i = 0; i < o.versions.size(); ++i) {
        const PriceVersion& v = o.versions[i];
        const std::string vs = "version " + std::to_string(i) + " (from " + format_timestamp(v.effective_from) + ")";
        if (i > 0 && !(o.versions[i - 1].effective_from < v.effective_from))
            fail(vs + " does not start after the version before it; list versions oldest first, with distinct dates");
        if (!v.prices.has(Meter::input) || !v.prices.has(Meter::output))
            fail(vs + " must price both input and output");
        for (Meter m : kAllMeters) {
            const auto f = v.fallbacks[idx(m)];
            if (f && *f != Meter::input && *f != Meter::output && !(m == Meter::cache_write_long && *f == Meter::cache_write))
                fail(vs + ": the fallback for " + std::string(meter_name(m)) + " must be input or output" +
                     (m == Meter::cache_write_long ? " (or cache_write)" : ""));
        }
        if (v.tiers) {
            std::int64_t prev = 0;
            for (const auto& lv : v.tiers->levels) {
                if (lv.above <= prev)
                    fail(vs + ": context level thresholds must be positive and ascending (" + std::to_string(lv.above) +
                         " after " + std::to_string(prev) + ")");
                prev = lv.above;
                if (v.tiers->missing_meter == MissingMeter::error)
                    for (Meter m : kAllMeters)
                        if (v.prices.has(m) && !lv.prices.has(m))
                            fail(vs + ": the level above " + std::to_string(lv.above) + " has no " +
                                 std::string(meter_name(m)) + " price and missing_meter is 'error'");
            }
        }
        auto check_adj = [&](const PriceAdjustment& a, const std::string& what) {
            if (!a.is_override) {
                if (!std::isfinite(a.multiplier) || a.multiplier < 0)
                    fail(vs + ": " + what + " multiplier must be a finite, non-negative number");
                return;
            }
            const std::size_t levels = v.tiers ? v.tiers->levels.size() + 1 : 1;
            if (!a.level_prices.empty() && a.level_prices.size() != levels)
                fail(vs + ": " + what + " gives prices for " + std::to_string(a.level_prices.size()) +
                     " context levels but the list has " + std::to_string(levels));
            if (a.level_prices.empty() && levels > 1)
                fail(vs + ": " + what + " gives flat override prices but the list has context tiers; "
                     "give `levels` with one price set per context level, or use a multiplier");
        };
        for (const auto& [t, a] : v.service_tiers) {
            if (t == ServiceTier::standard) fail(vs + ": 'standard' is the list itself, not a service tier");
            check_adj(a, "service tier '" + std::string(service_tier_name(t)) + "'");
        }
        for (const auto& r : v.time_rules) check_adj(r.adjustment, "time rule '" + r.name + "'");
    }
}

}  // namespace infercost
