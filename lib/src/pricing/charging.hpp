// The rules in force for a request and the split of its usage into charges: shared by single-request pricing,
// batch pricing and log replay, so that each prices a request by the same formula.
#pragma once

#include "infercost/pricing/offering.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace infercost::detail {

// The version, the time rule and the rates of every context level in force for one request.
struct RequestRules {
    std::size_t version_index = 0;
    const PriceVersion* version = nullptr;
    const TimeRule* rule = nullptr;
    std::vector<double> thresholds;
    std::vector<ResolvedRates> rates;
};

// The rules for a request at `rule` (nullptr: no time rule) of version `version_index`.
inline RequestRules rules_for(const Offering& o, std::size_t version_index, const TimeRule* rule, ServiceTier tier,
                              std::string_view scope) {
    RequestRules r;
    r.version_index = version_index;
    r.version = &o.versions[version_index];
    r.rule = rule;
    r.thresholds = greater_than_thresholds(*r.version);
    for (std::size_t k = 0; k < r.thresholds.size(); ++k)
        r.rates.push_back(resolve_rates(o, *r.version, static_cast<int>(k), tier, r.rule, scope));
    return r;
}

// The time rule of a version that applies at `at`: the first that does, or nullptr.
inline const TimeRule* time_rule_at(const PriceVersion& v, Timestamp at) {
    for (const auto& tr : v.time_rules)
        if (tr.applies_at(at)) return &tr;
    return nullptr;
}

inline RequestRules rules_at(const Offering& o, Timestamp at, ServiceTier tier, std::string_view scope = {}) {
    const std::size_t vi = o.version_index_at(at);
    return rules_for(o, vi, time_rule_at(o.versions[vi], at), tier, scope);
}

// The prompt size that chooses a context level: the whole prompt, or only its uncached part.
inline double tier_key(const PriceVersion& v, const Usage& u) {
    const bool counts_cached = !v.tiers || v.tiers->counts_cached;
    const std::int64_t uncached = u.input.value() - u.cached_input.value() - u.cache_write.value() - u.cache_write_long.value();
    return static_cast<double>(counts_cached ? u.input.value() : uncached);
}

// The context level a prompt of `key` tokens falls in.
inline int level_of(const std::vector<double>& thresholds, double key) {
    int level = 0;
    for (std::size_t k = 1; k < thresholds.size(); ++k)
        if (key > thresholds[k]) level = static_cast<int>(k);
    return level;
}

// Splits a validated usage into charges and calls charge(meter, quantity, level, rate) for each. `u` may sum
// `requests` requests of equal size (an aggregated log row): each is tiered at the mean prompt, and a fee per
// request is charged `requests` times. Returns the context level chosen by the prompt size.
template <class Charge>
int charge_usage(const Offering& o, const RequestRules& r, const Usage& u, double requests, Charge&& charge) {
    const PriceVersion& v = *r.version;
    const std::int64_t uncached = u.input.value() - u.cached_input.value() - u.cache_write.value() - u.cache_write_long.value();
    const double key = tier_key(v, u) / requests;
    const auto& t = r.thresholds;
    const int level = level_of(t, key);

    auto emit = [&](Meter m, double qty, int lvl) {
        if (qty <= 0) return;
        charge(m, qty, lvl, r.rates[static_cast<std::size_t>(lvl)].require(m, o, v));
    };
    const std::pair<Meter, double> prompt_parts[] = {{Meter::input, static_cast<double>(uncached)},
                                                     {Meter::cached_input, static_cast<double>(u.cached_input.value())},
                                                     {Meter::cache_write, static_cast<double>(u.cache_write.value())},
                                                     {Meter::cache_write_long, static_cast<double>(u.cache_write_long.value())}};
    if (v.tiers && v.tiers->basis == TierBasis::graduated && key > 0) {
        // Each band of the tier key holds a share of every prompt meter's tokens.
        for (std::size_t k = 0; k < t.size(); ++k) {
            const double hi = k + 1 < t.size() ? t[k + 1] : key;
            const double in_band = std::min(key, hi) - std::min(key, t[k]);
            if (in_band <= 0) continue;
            for (const auto& [m, n] : prompt_parts) emit(m, n * in_band / key, static_cast<int>(k));
        }
    } else {
        for (const auto& [m, n] : prompt_parts) emit(m, n, level);
    }
    emit(Meter::output, static_cast<double>(u.output.value() - u.reasoning.value()), level);
    emit(Meter::reasoning, static_cast<double>(u.reasoning.value()), level);
    // A list without a per-request fee has none: unlike token meters, which every request uses, a fee
    // is a rule a provider adds, and its absence is the provider's own statement.
    if (r.rates[static_cast<std::size_t>(level)].rate[static_cast<std::size_t>(Meter::request)]) emit(Meter::request, requests, level);
    emit(Meter::web_search, static_cast<double>(u.web_searches), level);
    return level;
}

}  // namespace infercost::detail
