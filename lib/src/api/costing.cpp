#include "infercost/api/costing.hpp"

#include "infercost/core/error.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace infercost {

static_assert(static_cast<std::size_t>(CostLine::cache_storage) == static_cast<std::size_t>(Meter::cache_storage) &&
                  static_cast<std::size_t>(CostLine::gpu_hours) == kMeterCount &&
                  static_cast<std::size_t>(CostLine::reasoning) == static_cast<std::size_t>(Meter::reasoning),
              "the first cost lines are the meters, in Meter order");

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
std::size_t idx(Meter m) { return static_cast<std::size_t>(m); }

// The meters' lines carry the meters' names.
constexpr std::pair<CostLine, std::string_view> kOwnLineNames[] = {
    {CostLine::gpu_hours, "gpu_hours"}, {CostLine::capital, "capital"},      {CostLine::power, "power"},
    {CostLine::hosting, "hosting"},     {CostLine::operations, "operations"}, {CostLine::one_off, "one_off"},
    {CostLine::discount, "discount"},   {CostLine::commitment, "commitment"}, {CostLine::credit, "credit"}};

// The prompt lengths a list is billed for: the workload's distribution, cut at `cap` tokens when the scenario
// says to truncate prompts to the context window (a prompt above the cap is billed as the cap).
struct Prompts {
    const TokenDistribution& d;
    double cap = kInf;
    double prob_above(double x) const { return x >= cap ? 0.0 : d.prob_above(x); }
    // E[Y 1{a < Y <= b}] for Y = min(X, cap).
    double partial_mean(double a, double b) const {
        if (cap == kInf) return d.partial_mean(a, b);
        if (cap <= a) return 0.0;
        if (cap <= b) return d.partial_mean(a, cap) + cap * d.prob_above(cap);
        return d.partial_mean(a, b);
    }
    double limited_mean(double c) const { return d.limited_mean(std::min(c, cap)); }
    double mean() const { return cap == kInf ? d.mean() : d.limited_mean(cap); }
};

// The prompt cap a workload is billed with on this offering: none, unless it truncates to the context window.
double prompt_cap(const Offering& o, const Workload& w) {
    if (!o.context_window || w.context_overflow != ContextOverflow::truncate) return kInf;
    return static_cast<double>(*o.context_window) - w.output_tokens.quantile(kContextQuantile);
}

std::array<double, kMeterCount> request_cost(const Offering& o, const PriceVersion& v, ServiceTier tier,
                                             const TimeRule* rule, const Workload& w, const Prompts& x,
                                             std::string_view scope) {
    const auto t = greater_than_thresholds(v);
    const std::size_t levels = t.size();
    const bool counts_cached = !v.tiers || v.tiers->counts_cached;
    const double uncached_share = 1.0 - w.cached_share - w.cache_write_share - w.cache_write_long_share;
    const double alpha = counts_cached ? 1.0 : uncached_share;
    // Band edges on the prompt size X: level k covers (e[k], e[k+1]].
    std::vector<double> e(levels + 1);
    e[0] = -1.0;
    for (std::size_t k = 1; k < levels; ++k) e[k] = alpha > 0 ? t[k] / alpha : kInf;
    e[levels] = kInf;

    const double mean_out = w.output_tokens.mean();
    const std::pair<Meter, double> prompt_share[] = {{Meter::input, uncached_share},
                                                     {Meter::cached_input, w.cached_share},
                                                     {Meter::cache_write, w.cache_write_share},
                                                     {Meter::cache_write_long, w.cache_write_long_share}};
    const std::pair<Meter, double> output_tokens[] = {{Meter::output, (1.0 - w.reasoning_share) * mean_out},
                                                      {Meter::reasoning, w.reasoning_share * mean_out}};
    const bool graduated = v.tiers && v.tiers->basis == TierBasis::graduated;

    std::array<double, kMeterCount> cost{};
    for (std::size_t k = 0; k < levels; ++k) {
        const double p = (k == 0 ? 1.0 : x.prob_above(e[k])) - x.prob_above(e[k + 1]);
        const double prompt_tokens = graduated ? x.limited_mean(e[k + 1]) - x.limited_mean(std::max(e[k], 0.0))
                                               : x.partial_mean(e[k], e[k + 1]);
        if (p <= 0 && prompt_tokens <= 0) continue;
        const ResolvedRates r = resolve_rates(o, v, static_cast<int>(k), tier, rule, scope);
        for (const auto& [m, share] : prompt_share)
            if (share > 0 && prompt_tokens > 0) cost[idx(m)] += share * prompt_tokens * r.require(m, o, v) / 1e6;
        if (p <= 0) continue;
        for (const auto& [m, n] : output_tokens)
            if (n > 0) cost[idx(m)] += p * n * r.require(m, o, v) / 1e6;
        if (r.rate[idx(Meter::request)]) cost[idx(Meter::request)] += p * *r.rate[idx(Meter::request)];
        if (w.web_searches_per_request > 0)
            cost[idx(Meter::web_search)] += p * w.web_searches_per_request * r.require(Meter::web_search, o, v);
    }
    return cost;
}

// Local midnights and window edges of every rule inside (from, to), in ascending order, with `to` last.
void rule_edges(Timestamp from, Timestamp to, const std::vector<TimeRule>& rules, std::vector<Timestamp>& edges) {
    using namespace std::chrono;
    edges.clear();
    auto add = [&](Timestamp t) {
        if (t > from && t < to) edges.push_back(t);
    };
    for (const TimeRule& r : rules) {
        const LocalTime lt = to_local(from, r.utc_offset);
        // The local days that [from, to) touches on the rule's clock; an hour touches at most two.
        for (Date d = lt.date; start_of_day(d, r.utc_offset) < to; d += days(1)) {
            const Timestamp midnight = start_of_day(d, r.utc_offset);
            add(midnight);
            for (const TimeWindow& w : r.windows) {
                add(midnight + minutes(w.start_minute));
                add(midnight + minutes(w.end_minute));
            }
        }
    }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    edges.push_back(to);
}
}  // namespace

std::string_view cost_line_name(CostLine c) {
    const auto i = static_cast<std::size_t>(c);
    return i < kMeterCount ? meter_name(static_cast<Meter>(i)) : kOwnLineNames[i - kMeterCount].second;
}

std::optional<CostLine> cost_line_from_name(std::string_view name) {
    if (auto m = meter_from_name(name)) return cost_line(*m);
    for (const auto& [c, n] : kOwnLineNames)
        if (n == name) return c;
    return std::nullopt;
}

void split_by_time_rules(Timestamp from, Timestamp to, const std::vector<TimeRule>& rules, std::vector<RulePiece>& out) {
    out.clear();
    if (to <= from) return;
    if (rules.empty()) {
        out.push_back(RulePiece{static_cast<double>((to - from).count()), -1});
        return;
    }
    // Each rule is constant between its own edges, so the first rule in force at a piece's start holds for it all.
    thread_local std::vector<Timestamp> edges;
    rule_edges(from, to, rules, edges);
    Timestamp a = from;
    for (const Timestamp b : edges) {
        int ri = -1;
        for (std::size_t i = 0; i < rules.size(); ++i)
            if (rules[i].applies_at(a)) {
                ri = static_cast<int>(i);
                break;
            }
        const double s = static_cast<double>((b - a).count());
        if (!out.empty() && out.back().rule == ri) out.back().seconds += s;
        else out.push_back(RulePiece{s, ri});
        a = b;
    }
}

std::array<double, kMeterCount> expected_request_cost(const Offering& o, const PriceVersion& v, ServiceTier tier,
                                                      const TimeRule* rule, const Workload& w, std::string_view scope) {
    return request_cost(o, v, tier, rule, w, Prompts{w.input_tokens, prompt_cap(o, w)}, scope);
}

void check_context_limits(const Offering& o, const Workload& w) {
    const double out = w.output_tokens.quantile(kContextQuantile);
    if (o.max_output && out > static_cast<double>(*o.max_output))
        throw InputError("the workload's 99th-percentile output of " + format_count(out) + " tokens exceeds " + o.id +
                         "'s maximum output of " + format_count(static_cast<double>(*o.max_output)) +
                         " tokens; shorten the outputs or choose a model with a longer output limit");
    if (!o.context_window) return;
    const double window = static_cast<double>(*o.context_window);
    if (out >= window)
        throw InputError("the workload's 99th-percentile output of " + format_count(out) + " tokens leaves no room for a prompt in " +
                         o.id + "'s context window of " + format_count(window) + " tokens");
    if (w.context_overflow == ContextOverflow::truncate) return;
    const double in = w.input_tokens.quantile(kContextQuantile);
    if (in + out > window)
        throw InputError("the workload's 99th-percentile request (" + format_count(in) + " prompt + " + format_count(out) +
                         " output tokens) exceeds " + o.id + "'s context window of " + format_count(window) +
                         " tokens; shorten the prompts, choose a model with a longer window, or state "
                         "context_overflow: truncate to bill prompts cut to the window");
}

Money CostReport::cost_per_request() const {
    if (requests <= 0) throw InputError("the workload has no requests, so there is no cost per request");
    return total / requests;
}

CostReport cost_workload(const Offering& o, const Workload& w, const Period& period, ServiceTier tier,
                         const FxTable& fx, const Currency& currency, Date fx_date, std::string_view scope) {
    return cost_workload(o, w, Calendar(w, period), tier, fx, currency, fx_date, scope);
}

namespace {

void add_notes(CostReport& rep, const Offering& o, const Period& period, Timestamp t0, Timestamp t1, Date fx_date) {
    using namespace std::chrono;
    for (const FxConversion& c : rep.conversions) {
        const auto age = (sys_days(fx_date) - sys_days(c.rate_date)).count();
        if (age > kStaleRateDays)
            rep.notes.push_back("the " + c.from.code() + " to " + c.to.code() + " rate of " + format_date(c.rate_date) +
                                " is " + std::to_string(age) + " days older than the FX date " + format_date(fx_date) +
                                "; add a newer fixing to fx.yaml or state fx_date");
    }
    const int first_year = static_cast<int>(year_month_day(period.start).year());
    const int last_year = static_cast<int>(year_month_day(period.end() - days(1)).year());
    std::vector<std::string> seen;
    for (std::size_t v = 0; v < o.versions.size(); ++v) {
        const Timestamp from = o.versions[v].effective_from;
        const Timestamp to = v + 1 < o.versions.size() ? o.versions[v + 1].effective_from : Timestamp::max();
        if (!(from < t1 && t0 < to)) continue;
        for (const TimeRule& r : o.versions[v].time_rules)
            for (const CalendarUse& c : r.excluded_calendars)
                for (int y = first_year; y <= last_year; ++y) {
                    std::string note;
                    if (y > c.last_year || y < c.first_year)
                        note = c.name + " are not known for " + std::to_string(y) + ": the time rule '" + r.name +
                               "' treats that year's holidays as ordinary days";
                    else if (std::find(c.provisional_years.begin(), c.provisional_years.end(), y) != c.provisional_years.end())
                        note = c.name + " for " + std::to_string(y) + " are provisional (the official arrangement is not "
                               "published): the time rule '" + r.name + "' excludes only the days fixed by law";
                    if (!note.empty() && std::find(seen.begin(), seen.end(), note) == seen.end()) {
                        seen.push_back(note);
                        rep.notes.push_back(note);
                    }
                }
    }
    if (o.deprecated && *o.deprecated < t1)
        rep.notes.push_back(o.id + " is deprecated (announced " + format_timestamp(*o.deprecated) + ")" +
                            (o.successor.empty() ? std::string() : "; the provider names " + o.successor + " as successor"));
}

}  // namespace

CostReport cost_workload(const Offering& o, const Workload& w, const Calendar& cal, ServiceTier tier,
                         const FxTable& fx, const Currency& currency, Date fx_date, std::string_view scope, bool fx_by_month) {
    using namespace std::chrono;
    w.validate();
    const Period& period = cal.period();
    const Timestamp t0 = start_of_day(period.start, w.utc_offset);
    const Timestamp t1 = start_of_day(period.end(), w.utc_offset);
    if (o.retired && t1 > *o.retired)
        throw InputError("offering '" + o.id + "' was retired at " + format_timestamp(*o.retired) +
                         ", inside the period ending " + format_timestamp(t1) +
                         "; choose its successor or end the horizon earlier");
    check_context_limits(o, w);
    // Fails early, with the offering's message, if the period starts before the first price version.
    std::size_t vi = o.version_index_at(t0);

    // weight[month][slot] = requests, where slot = first_slot[version] + rule + 1 (rule -1: none).
    std::vector<std::size_t> first_slot(o.versions.size() + 1, 0);
    for (std::size_t v = 0; v < o.versions.size(); ++v) first_slot[v + 1] = first_slot[v] + o.versions[v].time_rules.size() + 1;
    const std::size_t slots = first_slot.back();
    const auto& months = cal.months();
    std::vector<double> weight(months.size() * slots, 0.0);

    std::vector<RulePiece> pieces;
    for (std::size_t mi = 0; mi < months.size(); ++mi) {
        double* row = &weight[mi * slots];
        for (std::size_t i = months[mi].first_hour; i < months[mi].end_hour; ++i) {
            const double n = cal.requests(i);
            if (n <= 0) continue;
            const Timestamp a = cal.start(i), b = a + hours(1);
            // A price version can start inside the hour: split there.
            for (Timestamp s = a; s < b;) {
                while (vi + 1 < o.versions.size() && o.versions[vi + 1].effective_from <= s) ++vi;
                const Timestamp e = vi + 1 < o.versions.size() ? std::min(b, o.versions[vi + 1].effective_from) : b;
                split_by_time_rules(s, e, o.versions[vi].time_rules, pieces);
                for (const RulePiece& p : pieces) row[first_slot[vi] + static_cast<std::size_t>(p.rule + 1)] += n * p.seconds / 3600.0;
                s = e;
            }
        }
    }

    CostReport rep;
    rep.offering_id = o.id;
    rep.provider = o.provider;
    rep.sku = o.id;
    rep.model = o.model;
    rep.label = o.id;
    rep.service_tier = tier;
    rep.currency = currency;
    rep.period = period;
    for (const auto& m : months) rep.months.push_back(MonthCost{m.first, 0, {}, 0});

    // The rate of each version's currency in month mi: at fx_date, or on the month's first day.
    auto record = [&](const FxConversion& conv) {
        if (conv.from != currency && std::none_of(rep.conversions.begin(), rep.conversions.end(), [&](const FxConversion& f) {
                return f.from == conv.from && f.rate_date == conv.rate_date;
            }))
            rep.conversions.push_back(conv);
    };
    std::vector<std::vector<double>> rate(months.size(), std::vector<double>(o.versions.size(), 0.0));
    auto rate_of = [&](std::size_t mi, std::size_t v) {
        double& r = rate[mi][v];
        if (r == 0) {
            const FxConversion conv = fx.conversion(o.versions[v].currency, currency, fx_by_month ? months[mi].first : fx_date);
            record(conv);
            r = conv.rate;
        }
        return r;
    };

    // Expected cost of a request per slot, in the version's currency, computed for the slots in use only.
    const Prompts prompts{w.input_tokens, prompt_cap(o, w)};
    std::vector<std::optional<std::array<double, kMeterCount>>> expected(slots);
    std::vector<double> slot_requests(slots, 0.0);
    std::vector<std::size_t> slot_version(slots, 0);
    for (std::size_t v = 0; v < o.versions.size(); ++v) {
        const PriceVersion& pv = o.versions[v];
        for (std::size_t s = first_slot[v]; s < first_slot[v + 1]; ++s) {
            slot_version[s] = v;
            for (std::size_t mi = 0; mi < months.size(); ++mi) slot_requests[s] += weight[mi * slots + s];
            if (slot_requests[s] <= 0) continue;
            const int ri = static_cast<int>(s - first_slot[v]) - 1;
            expected[s] = request_cost(o, pv, tier, ri >= 0 ? &pv.time_rules[static_cast<std::size_t>(ri)] : nullptr, w, prompts,
                                       scope);
        }
    }
    // Cache storage accrues by the hour, requests or not, at the rate of the version in force at the hour's start.
    std::vector<double> storage(months.size(), 0.0);
    if (w.cache_storage_tokens > 0) {
        std::size_t sv = o.version_index_at(t0);
        std::vector<std::optional<double>> price(o.versions.size());
        for (std::size_t mi = 0; mi < months.size(); ++mi)
            for (std::size_t i = months[mi].first_hour; i < months[mi].end_hour; ++i) {
                const Timestamp a = cal.start(i);
                while (sv + 1 < o.versions.size() && o.versions[sv + 1].effective_from <= a) ++sv;
                if (!price[sv]) {
                    const PriceVersion& pv = o.versions[sv];
                    price[sv] = resolve_rates(o, pv, 0, tier, nullptr, scope).require(Meter::cache_storage, o, pv);
                }
                storage[mi] += w.cache_storage_tokens / 1e6 * *price[sv] * rate_of(mi, sv);
            }
    }
    double total = 0;
    for (std::size_t mi = 0; mi < months.size(); ++mi) {
        MonthCost& mc = rep.months[mi];
        mc.by_meter[idx(Meter::cache_storage)] += storage[mi];
        for (std::size_t s = 0; s < slots; ++s) {
            const double n = weight[mi * slots + s];
            if (n <= 0) continue;
            mc.requests += n;
            const double fxr = rate_of(mi, slot_version[s]);
            for (std::size_t k = 0; k < kMeterCount; ++k) mc.by_meter[k] += n * (*expected[s])[k] * fxr;
        }
        for (std::size_t k = 0; k < kCostLineCount; ++k) {
            mc.total += mc.by_meter[k];
            rep.by_meter[k] += mc.by_meter[k];
        }
        mc.cash = mc.total;
        // Quantities per request of the workload's shape (the billed prompt, cut to the window where it truncates).
        const double prompt = prompts.mean(), out = w.output_tokens.mean();
        const double uncached = 1.0 - w.cached_share - w.cache_write_share - w.cache_write_long_share;
        const std::pair<Meter, double> per_request[] = {
            {Meter::input, uncached * prompt}, {Meter::cached_input, w.cached_share * prompt},
            {Meter::cache_write, w.cache_write_share * prompt}, {Meter::cache_write_long, w.cache_write_long_share * prompt},
            {Meter::output, (1 - w.reasoning_share) * out}, {Meter::reasoning, w.reasoning_share * out},
            {Meter::request, 1.0}, {Meter::web_search, w.web_searches_per_request}};
        for (const auto& [meter, q] : per_request) mc.quantity[idx(meter)] = mc.requests * q;
        mc.quantity[idx(Meter::cache_storage)] =
            w.cache_storage_tokens * static_cast<double>(months[mi].end_hour - months[mi].first_hour);
        rep.requests += mc.requests;
        total += mc.total;
    }
    rep.input_tokens = rep.requests * prompts.mean();
    rep.output_tokens = rep.requests * w.output_tokens.mean();
    rep.total = Money(total, currency);
    rep.per_year = Money(total * 12.0 / period.months, currency);
    std::map<std::string, double> by_rule;  // time rules by name, across versions
    for (std::size_t v = 0; v < o.versions.size(); ++v) {
        double n = 0;
        for (std::size_t s = first_slot[v]; s < first_slot[v + 1]; ++s) {
            n += slot_requests[s];
            const int ri = static_cast<int>(s - first_slot[v]) - 1;
            if (ri >= 0 && slot_requests[s] > 0) by_rule[o.versions[v].time_rules[static_cast<std::size_t>(ri)].name] += slot_requests[s];
        }
        if (n <= 0) continue;
        const PriceVersion& pv = o.versions[v];
        rep.versions.push_back(VersionUse{v, pv.effective_from, pv.currency, pv.source, pv.checked, rep.requests > 0 ? n / rep.requests : 0, o.id});
    }
    for (const auto& [name, n] : by_rule) rep.time_rules.push_back(RuleUse{name, rep.requests > 0 ? n / rep.requests : 0});
    add_notes(rep, o, period, t0, t1, fx_date);
    return rep;
}

}  // namespace infercost
