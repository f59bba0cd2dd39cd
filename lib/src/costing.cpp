#include "infercost/costing.hpp"

#include "infercost/error.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

namespace infercost {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
std::size_t idx(Meter m) { return static_cast<std::size_t>(m); }
}  // namespace

Date Period::end() const {
    using namespace std::chrono;
    const year_month_day ymd(start);
    const year_month ym = year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
    const day last = year_month_day_last(ym.year(), month_day_last(ym.month())).day();
    return sys_days(ym / std::min(ymd.day(), last));
}

std::array<double, kMeterCount> expected_request_cost(const Offering& o, const PriceVersion& v, ServiceTier tier,
                                                      const TimeRule* rule, const Workload& w) {
    const auto t = greater_than_thresholds(v);
    const std::size_t levels = t.size();
    const bool counts_cached = !v.tiers || v.tiers->counts_cached;
    const double alpha = counts_cached ? 1.0 : 1.0 - w.cached_share - w.cache_write_share;
    // Band edges on the prompt size X: level k covers (e[k], e[k+1]].
    std::vector<double> e(levels + 1);
    e[0] = -1.0;
    for (std::size_t k = 1; k < levels; ++k) e[k] = alpha > 0 ? t[k] / alpha : kInf;
    e[levels] = kInf;

    const double mean_out = w.output_tokens.mean();
    const std::pair<Meter, double> prompt_share[] = {{Meter::input, 1.0 - w.cached_share - w.cache_write_share},
                                                     {Meter::cached_input, w.cached_share},
                                                     {Meter::cache_write, w.cache_write_share}};
    const std::pair<Meter, double> output_tokens[] = {{Meter::output, (1.0 - w.reasoning_share) * mean_out},
                                                      {Meter::reasoning, w.reasoning_share * mean_out}};
    const bool graduated = v.tiers && v.tiers->basis == TierBasis::graduated;

    std::array<double, kMeterCount> cost{};
    for (std::size_t k = 0; k < levels; ++k) {
        const double p = (k == 0 ? 1.0 : w.input_tokens.prob_above(e[k])) - w.input_tokens.prob_above(e[k + 1]);
        const double prompt_tokens = graduated
                                         ? w.input_tokens.limited_mean(e[k + 1]) - w.input_tokens.limited_mean(std::max(e[k], 0.0))
                                         : w.input_tokens.partial_mean(e[k], e[k + 1]);
        if (p <= 0 && prompt_tokens <= 0) continue;
        const ResolvedRates r = resolve_rates(o, v, static_cast<int>(k), tier, rule);
        for (const auto& [m, share] : prompt_share)
            if (share > 0 && prompt_tokens > 0) cost[idx(m)] += share * prompt_tokens * r.require(m, o, v) / 1e6;
        if (p <= 0) continue;
        for (const auto& [m, n] : output_tokens)
            if (n > 0) cost[idx(m)] += p * n * r.require(m, o, v) / 1e6;
        if (r.rate[idx(Meter::request)]) cost[idx(Meter::request)] += p * *r.rate[idx(Meter::request)];
    }
    return cost;
}

Money CostReport::cost_per_request() const {
    if (requests <= 0) throw InputError("the workload has no requests, so there is no cost per request");
    return total / requests;
}

CostReport cost_workload(const Offering& o, const Workload& w, const Period& period, ServiceTier tier,
                         const FxTable& fx, const Currency& currency, Date fx_date) {
    using namespace std::chrono;
    w.validate();
    if (period.months <= 0) throw InputError("a period needs at least one month (got " + std::to_string(period.months) + ")");

    const Timestamp t0 = start_of_day(period.start, w.utc_offset);
    const Timestamp t1 = start_of_day(period.end(), w.utc_offset);
    if (o.retired && t1 > *o.retired)
        throw InputError("offering '" + o.id + "' was retired at " + format_timestamp(*o.retired) +
                         ", inside the period ending " + format_timestamp(t1) +
                         "; choose its successor or end the horizon earlier");
    // Fails early, with the offering's message, if the period starts before the first price version.
    std::size_t vi = o.version_index_at(t0);

    // Requests per minute for each local (weekday, hour).
    std::array<std::array<double, 24>, 7> per_minute{};
    for (unsigned d = 0; d < 7; ++d)
        for (int h = 0; h < 24; ++h) per_minute[d][static_cast<std::size_t>(h)] = w.requests_on(weekday(d)) * w.hour_share(h) / 60.0;

    // weight[(month, version, rule)] = requests; rule -1 = none.
    std::map<std::tuple<int, std::size_t, int>, double> weight;
    std::vector<Date> month_starts;
    Date current_month{};
    int month_index = -1;
    for (Timestamp t = t0; t < t1; t += minutes(1)) {
        while (vi + 1 < o.versions.size() && o.versions[vi + 1].effective_from <= t) ++vi;
        const LocalTime lt = to_local(t, w.utc_offset);
        const year_month_day ymd(lt.date);
        const Date m = sys_days(ymd.year() / ymd.month() / day(1));
        if (month_index < 0 || m != current_month) {
            current_month = m;
            ++month_index;
            month_starts.push_back(month_index == 0 ? lt.date : m);
        }
        const double r = per_minute[lt.weekday().c_encoding()][static_cast<std::size_t>(lt.minute_of_day / 60)];
        if (r <= 0) continue;
        int ri = -1;
        const auto& rules = o.versions[vi].time_rules;
        for (std::size_t i = 0; i < rules.size(); ++i)
            if (rules[i].applies_at(t)) { ri = static_cast<int>(i); break; }
        weight[{month_index, vi, ri}] += r;
    }

    CostReport rep;
    rep.offering_id = o.id;
    rep.label = o.id;
    rep.service_tier = tier;
    rep.currency = currency;
    rep.period = period;
    for (const Date& d : month_starts) rep.months.push_back(MonthCost{d, 0, {}, 0});

    std::map<std::pair<std::size_t, int>, std::array<double, kMeterCount>> expected;  // in report currency
    std::map<std::size_t, double> version_requests;
    const double mean_in = w.input_tokens.mean(), mean_out = w.output_tokens.mean();
    for (const auto& [key, n] : weight) {
        const auto [mi, v, ri] = key;
        auto it = expected.find({v, ri});
        if (it == expected.end()) {
            const PriceVersion& pv = o.versions[v];
            const TimeRule* rule = ri >= 0 ? &pv.time_rules[static_cast<std::size_t>(ri)] : nullptr;
            auto c = expected_request_cost(o, pv, tier, rule, w);
            const FxConversion conv = fx.conversion(pv.currency, currency, fx_date);
            for (double& x : c) x *= conv.rate;
            if (pv.currency != currency &&
                std::none_of(rep.conversions.begin(), rep.conversions.end(),
                             [&](const FxConversion& f) { return f.from == conv.from; }))
                rep.conversions.push_back(conv);
            it = expected.emplace(std::make_pair(v, ri), c).first;
        }
        MonthCost& mc = rep.months[static_cast<std::size_t>(mi)];
        mc.requests += n;
        for (std::size_t k = 0; k < kMeterCount; ++k) {
            mc.by_meter[k] += n * it->second[k];
            mc.total += n * it->second[k];
        }
        version_requests[v] += n;
    }

    double total = 0;
    for (const auto& mc : rep.months) {
        rep.requests += mc.requests;
        total += mc.total;
        for (std::size_t k = 0; k < kMeterCount; ++k) rep.by_meter[k] += mc.by_meter[k];
    }
    rep.input_tokens = rep.requests * mean_in;
    rep.output_tokens = rep.requests * mean_out;
    rep.total = Money(total, currency);
    rep.per_year = Money(total * 12.0 / period.months, currency);
    for (const auto& [v, n] : version_requests) {
        const PriceVersion& pv = o.versions[v];
        rep.versions.push_back(VersionUse{v, pv.effective_from, pv.currency, pv.source, pv.checked,
                                          rep.requests > 0 ? n / rep.requests : 0});
    }
    // Time rules by name, across versions.
    std::map<std::string, double> by_name;
    for (const auto& [key, n] : weight) {
        const auto [mi, v, ri] = key;
        if (ri >= 0) by_name[o.versions[v].time_rules[static_cast<std::size_t>(ri)].name] += n;
    }
    for (const auto& [name, n] : by_name) rep.time_rules.push_back(RuleUse{name, rep.requests > 0 ? n / rep.requests : 0});
    return rep;
}

}  // namespace infercost
