#include "infercost/scenario/comparison.hpp"

#include "infercost/detail/format.hpp"
#include "infercost/core/error.hpp"

#include <algorithm>
#include <functional>
#include <cmath>
#include <limits>
#include <map>

namespace infercost {

std::string Option::display_label() const {
    if (!label.empty()) return label;
    if (self_hosted) return self_hosted->display_label();
    std::string s = offering_id;
    if (service_tier != ServiceTier::standard) s.append(1, ':').append(service_tier_name(service_tier));
    if (!scope.empty()) s.append(1, '@').append(scope);
    return s;
}

Money Comparison::saving_per_year(std::size_t i) const {
    return options.at(baseline).per_year - options.at(i).per_year;
}

double Comparison::saving_share(std::size_t i) const {
    const Money& base = options.at(baseline).per_year;
    if (base.amount() == 0) return 0.0;
    return saving_per_year(i) / base;
}

std::size_t Comparison::cheapest() const {
    if (options.empty()) throw InputError("a comparison without options has no cheapest one");
    std::size_t best = 0;
    for (std::size_t i = 1; i < options.size(); ++i)
        if (options[i].per_year < options[best].per_year) best = i;
    return best;
}

std::string_view on_retirement_name(OnRetirement r) { return r == OnRetirement::refuse ? "refuse" : "successor"; }

std::optional<OnRetirement> on_retirement_from_name(std::string_view name) {
    if (name == "refuse") return OnRetirement::refuse;
    if (name == "successor") return OnRetirement::successor;
    return std::nullopt;
}

Offering with_successors(const Catalog& catalog, const Offering& o, Timestamp until) {
    Offering x = o;
    std::vector<std::string> chain{o.id};
    while (x.retired && *x.retired < until) {
        const Timestamp end = *x.retired;
        if (x.successor.empty())
            throw InputError("offering '" + chain.back() + "' retires at " + format_timestamp(end) +
                             " and names no successor; end the horizon earlier or choose another offering");
        const Offering& s = catalog.offering(x.successor);
        if (std::find(chain.begin(), chain.end(), s.id) != chain.end())
            throw InputError("the successors of '" + o.id + "' form a loop at '" + s.id + "'");
        chain.push_back(s.id);
        std::size_t first = 0;
        try {
            first = s.version_index_at(end);
        } catch (const InputError& e) {
            throw InputError("the successor of '" + o.id + "', '" + s.id + "', has no price when it takes over at " +
                             format_timestamp(end) + ": " + e.reason());
        }
        while (!x.versions.empty() && !(x.versions.back().effective_from < end)) x.versions.pop_back();
        for (std::size_t i = first; i < s.versions.size(); ++i) {
            x.versions.push_back(s.versions[i]);
            if (i == first) x.versions.back().effective_from = end;
        }
        // The stricter of the two limits holds for the whole horizon (a request must fit both).
        auto tighter = [](std::optional<std::int64_t> a, std::optional<std::int64_t> b) {
            if (!a) return b;
            if (!b) return a;
            return std::optional<std::int64_t>(std::min(*a, *b));
        };
        x.context_window = tighter(x.context_window, s.context_window);
        x.max_output = tighter(x.max_output, s.max_output);
        x.retired = s.retired;
        x.successor = s.successor;
    }
    return x;
}

void OneOff::validate() const {
    if (label.empty()) throw InputError("a one-off cost needs a label (what it pays for)");
    if (!std::isfinite(amount) || amount < 0)
        throw InputError("one-off cost '" + label + "': the amount must be a finite number, zero or more");
    if (depreciation_months < 0 || depreciation_months > kMaxPeriodMonths)
        throw InputError("one-off cost '" + label + "': depreciation_months must be between 0 (expensed) and " +
                         std::to_string(kMaxPeriodMonths));
}

void Agreement::validate() const {
    if (provider.empty()) throw InputError("an agreement needs the provider it is with");
    const std::string what = "the agreement with " + provider;
    if (!std::isfinite(discount) || discount < 0 || discount > 1)
        throw InputError(what + ": the discount is a share between 0 and 1 (0.15 for 15%); got " + format_number(discount, 6));
    if (!std::isfinite(credits) || credits < 0) throw InputError(what + ": credits must be a finite amount, zero or more");
    if (commitment) {
        if (!std::isfinite(commitment->amount) || commitment->amount <= 0)
            throw InputError(what + ": the committed spend must be a finite amount above zero");
        if (commitment->months < 1 || commitment->months > kMaxPeriodMonths)
            throw InputError(what + ": a commitment runs over 1 to " + std::to_string(kMaxPeriodMonths) + " months");
    }
}

void ComparisonSettings::validate() const {
    period.validate();
    if (!fx_path.empty() && fx_date)
        throw InputError("an FX path converts each month at its own rate; it cannot be combined with fx_date");
    if (discount_rate && (!std::isfinite(*discount_rate) || *discount_rate <= -1))
        throw InputError("the discount rate is a yearly share above -1 (0.08 for 8%)");
    for (std::size_t i = 0; i < agreements.size(); ++i) {
        agreements[i].validate();
        for (std::size_t j = 0; j < i; ++j)
            if (agreements[j].provider == agreements[i].provider)
                throw InputError("two agreements with " + agreements[i].provider + "; give one per provider");
    }
}

namespace {
void require_currency(const FxTable& fx, const Currency& c) {
    if (!fx.knows(c)) throw InputError("reporting currency " + c.code() + " is not in the FX table");
}

// The catalog's exchange rates with the scenario's FX path.
FxTable fx_for(const Catalog& catalog, const ComparisonSettings& s) {
    if (s.fx_path.empty()) return catalog.fx();
    std::vector<FxRate> rates = catalog.fx().rates();
    rates.insert(rates.end(), s.fx_path.begin(), s.fx_path.end());
    try {
        return FxTable(catalog.fx().currencies(), rates);
    } catch (const InputError& e) {
        throw InputError("the FX path: " + e.reason());
    }
}

CostReport cost_option(const Catalog& catalog, const FxTable& fx, const Workload& w, const Calendar& cal, const std::string& id,
                       ServiceTier tier, const std::string& scope, const std::string& label, const ComparisonSettings& s) {
    const Offering& o = catalog.offering(id);
    const bool by_month = !s.fx_path.empty();
    const Timestamp until = start_of_day(s.period.end(), w.utc_offset);
    if (s.on_retirement == OnRetirement::successor && o.retired && *o.retired < until) {
        const Offering spliced = with_successors(catalog, o, until);
        CostReport r = cost_workload(spliced, w, cal, tier, fx, s.currency, s.effective_fx_date(), scope, by_month);
        r.label = label;
        std::vector<std::string> chain;
        for (const Offering* by = &o; by->retired && *by->retired < until;) {
            const Offering& next = catalog.offering(by->successor);
            chain.push_back(by->id + " retires at " + format_timestamp(*by->retired) + "; from then on its successor " +
                            next.id + " is priced (on_retirement: successor)");
            by = &next;
        }
        r.notes.insert(r.notes.begin(), chain.begin(), chain.end());
        return r;
    }
    CostReport r = cost_workload(o, w, cal, tier, fx, s.currency, s.effective_fx_date(), scope, by_month);
    r.label = label;
    return r;
}

// An API option's list cost, without the scenario's terms (a claim and a break-even compare list prices).
CostReport list_cost(const Catalog& catalog, const Workload& w, const Calendar& cal, const Option& opt, const ComparisonSettings& s) {
    if (opt.kind() != Option::Kind::api)
        throw InputError("option '" + opt.display_label() + "' is not an API offering; a claim and a break-even are found "
                         "against API list prices");
    const FxTable fx = fx_for(catalog, s);
    require_currency(fx, s.currency);
    return cost_option(catalog, fx, w, cal, opt.offering_id, opt.service_tier, opt.scope, opt.display_label(), s);
}

std::size_t idx(CostLine l) { return static_cast<std::size_t>(l); }

double total_of(const MonthCost& m) {
    double t = 0;
    for (double x : m.by_meter) t += x;
    return t;
}

// The month of the report holding `d`; InputError when the horizon does not.
std::size_t month_of(const CostReport& r, Date d, const std::string& what) {
    if (d < r.period.start || !(d < r.period.end()))
        throw InputError(what + " is dated " + format_date(d) + ", outside the horizon " + format_date(r.period.start) +
                         " to " + format_date(r.period.end()) + "; move it inside or lengthen the horizon");
    std::size_t m = 0;
    while (m + 1 < r.months.size() && !(d < r.months[m + 1].month)) ++m;
    return m;
}

const Agreement* agreement_with(const ComparisonSettings& s, const std::string& provider) {
    if (provider.empty()) return nullptr;
    const auto a = std::find_if(s.agreements.begin(), s.agreements.end(), [&](const Agreement& x) { return x.provider == provider; });
    return a == s.agreements.end() ? nullptr : &*a;
}

// An option costed month by month, before its totals are summed: the report's lines, what each provider bills
// (after its discount, for the committed spend and credits that apply to the whole option), the cash view's extra
// per month, and the capacity plans behind it.
struct Costed {
    CostReport report;
    std::map<std::string, std::vector<double>> provider_bill;
    std::vector<double> cash_extra;
    std::vector<SelfHostReport> plans;
    std::string cur;  // " USD", for notes

    explicit Costed(CostReport r, const ComparisonSettings& s) : report(std::move(r)), cash_extra(report.months.size(), 0.0) {
        // Appended piece by piece: g++ 12 at -O3 warns falsely (-Wrestrict) on " " + std::string.
        cur = ' ';
        cur += s.currency.code();
    }
    std::size_t months() const { return report.months.size(); }

    // The provider's discount on the lines of its list, and its bill from here.
    void bill(const std::string& provider, const ComparisonSettings& s) {
        if (provider.empty()) return;
        const Agreement* a = agreement_with(s, provider);
        if (a && a->discount > 0) {
            for (auto& m : report.months) {
                m.by_meter[idx(CostLine::discount)] -= a->discount * discountable(m);
            }
            report.notes.push_back("a negotiated discount of " + format_number(100 * a->discount, 4) + "% off " + provider +
                                   "'s list prices");
        }
        auto& b = provider_bill[provider];
        b.resize(months(), 0.0);
        for (std::size_t m = 0; m < months(); ++m) b[m] += total_of(report.months[m]);
    }

    // Adds another part of the same option (a route, an overflow): lines, bills, cash, plans and what they rest on.
    void add(Costed&& part, const std::string& part_label) {
        CostReport& r = report;
        const CostReport& p = part.report;
        if (p.months.size() != r.months.size()) throw InputError("the parts of an option must share the horizon");
        const double before = r.requests;
        for (std::size_t m = 0; m < r.months.size(); ++m) {
            r.months[m].requests += p.months[m].requests;
            for (std::size_t k = 0; k < kCostLineCount; ++k) r.months[m].by_meter[k] += p.months[m].by_meter[k];
            for (std::size_t k = 0; k < kMeterCount; ++k) r.months[m].quantity[k] += p.months[m].quantity[k];
            r.months[m].gpu_hours += p.months[m].gpu_hours;
            cash_extra[m] += part.cash_extra[m];
        }
        r.requests += p.requests;
        r.input_tokens += p.input_tokens;
        r.output_tokens += p.output_tokens;
        // Shares of requests: of the part's requests, now of the whole option's.
        const double whole = r.requests > 0 ? r.requests : 1.0;
        for (auto& v : r.versions) v.request_share *= before / whole;
        for (auto& u : r.time_rules) u.request_share *= before / whole;
        for (VersionUse v : p.versions) {
            v.request_share *= p.requests / whole;
            r.versions.push_back(v);
        }
        for (RuleUse u : p.time_rules) {
            u.request_share *= p.requests / whole;
            u.name = part_label + ": " + u.name;
            r.time_rules.push_back(u);
        }
        for (const FxConversion& c : p.conversions)
            if (std::none_of(r.conversions.begin(), r.conversions.end(),
                             [&](const FxConversion& x) { return x.from == c.from && x.rate_date == c.rate_date; }))
                r.conversions.push_back(c);
        for (const std::string& n : p.notes) r.notes.push_back(part_label + ": " + n);
        for (auto& [provider, bill] : part.provider_bill) {
            auto& b = provider_bill[provider];
            b.resize(months(), 0.0);
            for (std::size_t m = 0; m < months(); ++m) b[m] += bill[m];
        }
        for (auto& plan : part.plans) plans.push_back(std::move(plan));
        r.parts.push_back(std::move(part.report));
        r.parts.back().label = part_label;
    }

    // An empty option over the same months as `like`, to add parts to.
    static Costed empty_like(const CostReport& like, const std::string& label, const ComparisonSettings& s) {
        CostReport e;
        e.label = label;
        e.currency = like.currency;
        e.period = like.period;
        for (const auto& m : like.months) {
            e.months.emplace_back();
            e.months.back().month = m.month;
        }
        return Costed(std::move(e), s);
    }
};

Costed cost_tree(const Catalog& catalog, const FxTable& fx, const Workload& w, const Option& opt, const ComparisonSettings& s);

// An API offering's cost on a calendar, with the assumed trend after its last known version and its provider's discount.
Costed cost_api(const Catalog& catalog, const FxTable& fx, const Workload& w, const Calendar& cal, const std::string& id,
                ServiceTier tier, const std::string& scope, double trend, const std::string& label, const ComparisonSettings& s) {
    using namespace std::chrono;
    const Offering& o = catalog.offering(id);
    Costed c(cost_option(catalog, fx, w, cal, id, tier, scope, label, s), s);
    if (trend != 0) {
        if (!std::isfinite(trend) || trend <= -1)
            throw InputError("option '" + label + "': price_trend_per_year must be a share above -1 (-0.2 for 20% a year cheaper)");
        const Timestamp until = start_of_day(s.period.end(), w.utc_offset);
        const Offering last = s.on_retirement == OnRetirement::successor ? with_successors(catalog, o, until) : o;
        const Date anchor = std::max(s.period.start, floor<days>(last.versions.back().effective_from));
        for (auto& m : c.report.months) {
            if (!(m.month > anchor)) continue;
            const double f = std::pow(1 + trend, static_cast<double>((m.month - anchor).count()) / kDaysPerYear);
            for (std::size_t k = 0; k < kMeterCount; ++k) m.by_meter[k] *= f;
        }
        c.report.notes.push_back("prices change by " + format_number(100 * trend, 4) + "% a year from " + format_date(anchor) +
                                 " (an assumption of the scenario, compounded from each month's first day)");
    }
    c.bill(o.provider, s);
    return c;
}

// A self-hosted option's plan and cost, with its cloud provider's discount, the cash view of owned servers, and for a
// hybrid option the overflow priced on its API offering hour by hour.
Costed cost_self_hosted_option(const Catalog& catalog, const FxTable& fx, const Workload& w, const Option& opt,
                               const ComparisonSettings& s) {
    const HardwareCatalog& hw = catalog.hardware();
    SelfHostReport plan = plan_self_hosted(hw, *opt.self_hosted, w, s.period);
    CostReport rep = cost_self_hosted(plan, fx, s.currency, s.effective_fx_date(), !s.fx_path.empty());
    const SelfHosted& sh = *opt.self_hosted;
    rep.label = sh.display_label();
    rep.provider = sh.cloud_offer.empty() ? std::string() : hw.cloud_offer(sh.cloud_offer).provider;
    Costed c(std::move(rep), s);
    c.bill(c.report.provider, s);
    const std::size_t n = c.months();
    // Owned servers, cash view: bought outright at the start (and again at the end of each life), sold at the
    // residual value at each replacement, their book value (straight line to the residual) counted back at the end.
    if (plan.owned_cost && n > 0) {
        const OwnedProfile& p = hw.owned_profile(sh.owned_profile);
        const double rate = fx.conversion(p.currency, s.currency, s.effective_fx_date()).rate;
        const double capex = plan.peak_instances * (p.server_capex + p.network_capex_per_server) * rate;
        const auto life = static_cast<std::size_t>(std::max(1L, std::lround(p.life_years * 12)));
        std::size_t bought = 0;
        for (std::size_t m = 0; m < n; m += life) {
            c.cash_extra[m] += capex;
            if (m > 0) c.cash_extra[m] -= p.residual_value_share * capex;
            bought = m;
        }
        const double age = static_cast<double>(n - bought) / static_cast<double>(life);
        const double book = capex * (1 - (1 - p.residual_value_share) * std::min(1.0, age));
        c.cash_extra[n - 1] -= book;
        for (std::size_t m = 0; m < n; ++m) c.cash_extra[m] -= c.report.months[m].by_meter[idx(CostLine::capital)];
        c.report.notes.push_back("cash view: " + std::to_string(plan.peak_instances) +
                                 (plan.peak_instances == 1 ? " server" : " servers") + " bought outright for " +
                                 format_fixed(capex, 2) + c.cur + " (instead of the capital charge), their book value of " +
                                 format_fixed(book, 2) + c.cur + " counted back at the horizon's end");
    }
    if (!opt.overflow_offering.empty()) {
        const Calendar& cal = plan.calendar;
        std::vector<double> share(cal.hours(), 0.0);
        for (std::size_t i = 0; i < cal.hours(); ++i) {
            const double n_i = cal.requests(i);
            if (n_i > 0) share[i] = std::min(1.0, plan.hours[i].overflow_requests_per_second * 3600.0 / n_i);
        }
        const std::string label = "overflow to " + opt.overflow_offering;
        Costed over = cost_api(catalog, fx, w, cal.part(share), opt.overflow_offering, opt.overflow_tier, "", 0, label, s);
        Costed whole = Costed::empty_like(c.report, opt.display_label(), s);
        whole.report.notes.push_back(format_number(100 * plan.overflow_share, 3) + "% of the requests exceed the capacity of " +
                                     std::to_string(*sh.max_replicas) + (*sh.max_replicas == 1 ? " replica" : " replicas") +
                                     " and go to " + opt.overflow_offering);
        c.plans.push_back(std::move(plan));
        const std::string base = c.report.label;
        whole.add(std::move(c), base);
        whole.add(std::move(over), label);
        return whole;
    }
    c.plans.insert(c.plans.begin(), std::move(plan));
    return c;
}

// The routes' workloads: by share, the volume times the share; by prompt length, the requests whose prompts fall
// in the route's range, with their prompt lengths.
std::vector<Workload> route_workloads(const Workload& w, const Option& opt) {
    std::vector<Workload> out;
    const std::size_t n = opt.routes.size();
    for (std::size_t k = 0; k < n; ++k) {
        Workload part = w;
        if (!opt.route_shares.empty()) {
            part.requests_per_day = w.requests_per_day * opt.route_shares[k];
        } else {
            const double lo = k == 0 ? -1.0 : opt.route_prompt_edges[k - 1];
            const double hi = k + 1 == n ? std::numeric_limits<double>::infinity() : opt.route_prompt_edges[k];
            const double mass = w.input_tokens.prob_between(lo, hi);
            part.requests_per_day = w.requests_per_day * mass;
            if (mass > 1e-12) part.input_tokens = w.input_tokens.truncated(lo, hi);
        }
        out.push_back(std::move(part));
    }
    return out;
}

// One-off costs: expensed in their month, or depreciated straight-line (the cash view pays them when paid).
void add_one_offs(Costed& c, const Option& opt) {
    const std::size_t n = c.months();
    for (const OneOff& o : opt.one_offs) {
        o.validate();
        const std::size_t m0 = month_of(c.report, o.date, "one-off cost '" + o.label + "' of option '" + c.report.label + "'");
        c.cash_extra[m0] += o.amount;
        const int spread = std::max(1, o.depreciation_months);
        const double part = o.amount / spread;
        for (std::size_t m = m0; m < std::min(n, m0 + static_cast<std::size_t>(spread)); ++m) {
            c.report.months[m].by_meter[idx(CostLine::one_off)] += part;
            c.cash_extra[m] -= part;
        }
    }
}

Costed cost_tree(const Catalog& catalog, const FxTable& fx, const Workload& w, const Option& opt, const ComparisonSettings& s) {
    opt.validate();
    const std::string label = opt.display_label();
    Costed c = [&] {
        switch (opt.kind()) {
            case Option::Kind::api:
                return cost_api(catalog, fx, w, Calendar(w, s.period), opt.offering_id, opt.service_tier, opt.scope,
                                opt.price_trend_per_year, label, s);
            case Option::Kind::self_hosted:
            case Option::Kind::hybrid:
                return cost_self_hosted_option(catalog, fx, w, opt, s);
            case Option::Kind::routed: break;
        }
        const std::vector<Workload> parts = route_workloads(w, opt);
        std::optional<Costed> whole;
        for (std::size_t k = 0; k < opt.routes.size(); ++k) {
            const Option& route = opt.routes[k];
            if (parts[k].requests_per_day <= 0 && route.kind() != Option::Kind::api)
                throw InputError("route '" + route.display_label() + "' of option '" + label + "' gets no requests");
            Costed part = cost_tree(catalog, fx, parts[k], route, s);
            if (!whole) whole.emplace(Costed::empty_like(part.report, label, s));
            whole->add(std::move(part), route.display_label());
        }
        return std::move(*whole);
    }();
    c.report.label = label;
    add_one_offs(c, opt);
    return c;
}

// Committed spend and credits per provider, on what the whole option bills that provider (after its discount).
void apply_commitments(Costed& c, const ComparisonSettings& s) {
    const std::size_t n = c.months();
    for (const auto& [provider, bill] : c.provider_bill) {
        const Agreement* a = agreement_with(s, provider);
        if (!a) continue;
        std::vector<double> due = bill;
        if (a->commitment) {
            const Commitment& k = *a->commitment;
            double shortfall_total = 0;
            for (std::size_t b = 0; b < n; b += static_cast<std::size_t>(k.months)) {
                const std::size_t e = std::min(n, b + static_cast<std::size_t>(k.months));
                double spend = 0;
                for (std::size_t m = b; m < e; ++m) spend += due[m];
                const double owed = k.amount * static_cast<double>(e - b) / k.months;
                if (spend < owed) {
                    c.report.months[e - 1].by_meter[idx(CostLine::commitment)] += owed - spend;
                    due[e - 1] += owed - spend;
                    shortfall_total += owed - spend;
                }
            }
            c.report.notes.push_back("a committed spend of " + format_fixed(k.amount, 2) + c.cur + " per " + std::to_string(k.months) +
                                     " months with " + provider +
                                     (shortfall_total > 0 ? "; shortfalls billed: " + format_fixed(shortfall_total, 2) + c.cur
                                                          : "; the bill meets it"));
        }
        if (a->credits > 0) {
            double left = a->credits;
            std::optional<Date> spent;
            for (std::size_t m = 0; m < n; ++m) {
                const double use = std::min(left, std::max(0.0, due[m]));
                c.report.months[m].by_meter[idx(CostLine::credit)] -= use;
                left -= use;
                if (left <= 0 && !spent) spent = c.report.months[m].month;
            }
            c.report.notes.push_back("credits of " + format_fixed(a->credits, 2) + c.cur + " with " + provider +
                                     (spent ? ", used up in the month from " + format_date(*spent)
                                            : ", " + format_fixed(left, 2) + c.cur + " of them unused at the horizon's end"));
        }
    }
}

// The report's totals from its months: cost, cash and the yearly figure.
CostReport finish(Costed&& c, const ComparisonSettings& s) {
    CostReport r = std::move(c.report);
    r.by_meter = {};
    double total = 0;
    for (std::size_t m = 0; m < r.months.size(); ++m) {
        MonthCost& mc = r.months[m];
        mc.total = total_of(mc);
        mc.cash = mc.total + c.cash_extra[m];
        for (std::size_t k = 0; k < kCostLineCount; ++k) r.by_meter[k] += mc.by_meter[k];
        total += mc.total;
    }
    r.total = Money(total, s.currency);
    r.per_year = Money(total * 12.0 / r.period.months, s.currency);
    return r;
}

}  // namespace

Option Option::routed_by_share(std::string label, std::vector<Option> routes, std::vector<double> shares) {
    Option o;
    o.label = std::move(label);
    o.routes = std::move(routes);
    o.route_shares = std::move(shares);
    o.validate();
    return o;
}

Option Option::routed_by_prompt(std::string label, std::vector<Option> routes, std::vector<double> edges) {
    Option o;
    o.label = std::move(label);
    o.routes = std::move(routes);
    o.route_prompt_edges = std::move(edges);
    o.validate();
    return o;
}

Option::Kind Option::kind() const {
    if (!routes.empty()) return Kind::routed;
    if (self_hosted) return overflow_offering.empty() ? Kind::self_hosted : Kind::hybrid;
    return Kind::api;
}

std::string_view option_kind_name(Option::Kind k) {
    switch (k) {
        case Option::Kind::api: return "api";
        case Option::Kind::self_hosted: return "self_hosted";
        case Option::Kind::hybrid: return "hybrid";
        case Option::Kind::routed: return "routed";
    }
    return "api";
}

void Option::validate() const {
    const std::string what = "option '" + display_label() + "'";
    if (!routes.empty()) {
        if (!offering_id.empty() || self_hosted)
            throw InputError(what + ": a routed option takes its offerings from its routes; give it no offering of its own");
        if (label.empty()) throw InputError("a routed option needs a label");
        if (routes.size() < 2) throw InputError(what + ": routing needs at least two routes");
        if (route_shares.empty() == route_prompt_edges.empty())
            throw InputError(what + ": route by share of requests or by prompt length, one of the two");
        if (!route_shares.empty()) {
            if (route_shares.size() != routes.size())
                throw InputError(what + ": give one share per route (" + std::to_string(routes.size()) + ")");
            double sum = 0;
            for (double x : route_shares) {
                if (!(x >= 0 && x <= 1)) throw InputError(what + ": a route's share is between 0 and 1");
                sum += x;
            }
            if (std::fabs(sum - 1) > 1e-9)
                throw InputError(what + ": the routes' shares sum to " + format_number(sum, 6) + "; they must sum to 1");
        } else {
            if (route_prompt_edges.size() + 1 != routes.size())
                throw InputError(what + ": routing by prompt length needs one edge fewer than routes (" +
                                 std::to_string(routes.size() - 1) + ")");
            for (std::size_t i = 0; i < route_prompt_edges.size(); ++i)
                if (!(route_prompt_edges[i] > 0) || !std::isfinite(route_prompt_edges[i]) ||
                    (i > 0 && !(route_prompt_edges[i] > route_prompt_edges[i - 1])))
                    throw InputError(what + ": prompt-length edges must be positive and ascend");
        }
        for (const Option& r : routes) r.validate();
        return;
    }
    if (!route_shares.empty() || !route_prompt_edges.empty()) throw InputError(what + ": shares or edges without routes");
    if (self_hosted) {
        self_hosted->validate();
        if (self_hosted->max_replicas.has_value() != !overflow_offering.empty())
            throw InputError(what + (overflow_offering.empty()
                                         ? ": max_replicas caps the self-hosted fleet; name the overflow API offering that takes the load above it"
                                         : ": an overflow takes the load above max_replicas; give the self-hosted option max_replicas"));
        if (price_trend_per_year != 0)
            throw InputError(what + ": a price trend applies to API price lists; a self-hosted option's prices are its GPU "
                             "offer or owned hardware");
    } else if (!overflow_offering.empty()) {
        throw InputError(what + ": an overflow belongs to a self-hosted option with max_replicas");
    } else if (offering_id.empty()) {
        throw InputError("an option needs an offering, a self-hosted deployment or routes");
    }
}

Comparison compare(const Catalog& catalog, const Workload& workload, const std::vector<Option>& options,
                   std::size_t baseline, const ComparisonSettings& settings) {
    if (options.empty()) throw InputError("a comparison needs at least one option");
    if (baseline >= options.size())
        throw InputError("baseline index " + std::to_string(baseline) + " is out of range (there are " +
                         std::to_string(options.size()) + " options)");
    settings.validate();
    workload.validate();
    // Where owned or rented servers run is judged by the catalog's jurisdiction codes, as a scenario file's are.
    const std::function<void(const Option&)> check_places = [&](const Option& o) {
        if (o.self_hosted) check_jurisdictions(catalog.jurisdictions(), *o.self_hosted);
        for (const auto& part : o.routes) check_places(part);
    };
    for (const auto& o : options) check_places(o);
    const FxTable fx = fx_for(catalog, settings);
    require_currency(fx, settings.currency);
    Comparison c;
    c.baseline = baseline;
    c.settings = settings;
    c.specs = options;
    double tasks = 0;
    if (settings.tasks) {
        settings.tasks->validate();
        for (const TaskModel& m : settings.tasks->models)
            if (std::none_of(options.begin(), options.end(), [&](const Option& o) { return o.display_label() == m.option || o.offering_id == m.option; }))
                throw InputError("tasks: model '" + m.option + "' is none of the options; name an option by its label or offering id");
        tasks = Calendar(workload, settings.period).total_requests() / settings.tasks->requests_per_task;
    }
    for (const auto& opt : options) {
        const TaskModel* tm = settings.tasks ? settings.tasks->model_for(opt.display_label(), opt.offering_id) : nullptr;
        const Workload w = settings.tasks ? task_workload(workload, *settings.tasks, tm) : workload;
        Costed costed = cost_tree(catalog, fx, w, opt, settings);
        apply_commitments(costed, settings);
        std::optional<SelfHostReport> plan;
        if (!costed.plans.empty()) plan = std::move(costed.plans.front());
        c.options.push_back(finish(std::move(costed), settings));
        if (opt.kind() == Option::Kind::api) c.options.back().offering_id = opt.offering_id;
        c.self_hosted.push_back(std::move(plan));
        if (settings.tasks) {
            const Tasks& t = *settings.tasks;
            TaskCost k;
            k.tasks = tasks;
            k.success_rate = tm ? tm->success_rate : 1.0;
            k.requests_per_task = tm && tm->requests_per_task ? *tm->requests_per_task : t.requests_per_task;
            k.token_ratio = tm && tm->token_ratio ? *tm->token_ratio : 1.0;
            k.reasoning_tokens_per_request = tm ? tm->reasoning_tokens_per_request : 0.0;
            k.input_tokens_per_task = k.requests_per_task * w.input_tokens.mean();
            k.output_tokens_per_task = k.requests_per_task * w.output_tokens.mean();
            k.cost_per_task = tasks > 0 ? c.options.back().total.amount() / tasks : 0.0;
            k.cost_per_successful_task = k.cost_per_task / k.success_rate;
            c.task_costs.push_back(k);
        } else {
            c.task_costs.push_back(std::nullopt);
        }
    }
    return c;
}

namespace {
// An option's verdict: an API offering's by its governance facts (none known: it fails), a self-hosted deployment's by
// its own; a hybrid or routed option passes only when every part does (each failing reason names its part).
PolicyVerdict verdict_of(const Option& opt, const Catalog& catalog, const Policy& policy, const std::string& data_class) {
    auto api = [&](const std::string& id) {
        PolicyVerdict v;
        if (const Offering& o = catalog.offering(id); !o.governance) {
            v.passes = false;
            v.reasons.push_back("no governance facts are known for " + o.id + ", so compliance cannot be shown");
        } else {
            v = evaluate(policy, *o.governance, data_class);
        }
        return v;
    };
    auto join = [](PolicyVerdict& into, const PolicyVerdict& part, const std::string& label) {
        into.passes = into.passes && part.passes;
        for (const auto& r : part.reasons) into.reasons.push_back(label + ": " + r);
    };
    switch (opt.kind()) {
        case Option::Kind::api: return api(opt.offering_id);
        case Option::Kind::self_hosted:
            return evaluate(policy, self_hosted_governance(catalog.hardware(), *opt.self_hosted), data_class);
        case Option::Kind::hybrid: {
            PolicyVerdict v;
            v.passes = true;
            join(v, evaluate(policy, self_hosted_governance(catalog.hardware(), *opt.self_hosted), data_class), opt.self_hosted->display_label());
            join(v, api(opt.overflow_offering), "overflow to " + opt.overflow_offering);
            return v;
        }
        case Option::Kind::routed: break;
    }
    PolicyVerdict v;
    v.passes = true;
    for (const Option& r : opt.routes) join(v, verdict_of(r, catalog, policy, data_class), r.display_label());
    return v;
}
}  // namespace

PolicyCheck check_policy(const Comparison& c, const Catalog& catalog, const Policy& policy, const std::string& data_class) {
    PolicyCheck out;
    out.policy = policy.name;
    out.data_class = data_class;
    out.cheapest = c.cheapest();
    require_data_class(policy, data_class);
    if (c.specs.size() != c.options.size()) throw InputError("the comparison does not hold the options it was made from");
    for (std::size_t i = 0; i < c.options.size(); ++i) {
        PolicyVerdict v = verdict_of(c.specs[i], catalog, policy, data_class);
        if (v.passes && (!out.cheapest_compliant || c.options[i].per_year < c.options[*out.cheapest_compliant].per_year))
            out.cheapest_compliant = i;
        out.verdicts.push_back(std::move(v));
        out.labels.push_back(c.options[i].label);
        out.per_year.push_back(c.options[i].per_year);
    }
    if (out.cheapest_compliant)
        out.cost_of_policy_per_year = c.options[*out.cheapest_compliant].per_year - c.options[out.cheapest].per_year;
    return out;
}

ClaimCheck check_claim(const Catalog& catalog, const Workload& shape, const Option& baseline, const Option& candidate,
                       const Money& claimed, const ComparisonSettings& settings) {
    if (claimed.currency() != settings.currency)
        throw CurrencyError("the claimed saving is in " + claimed.currency().code() + " but the comparison reports in " +
                            settings.currency.code() + "; state both in one currency");
    if (!(claimed.amount() > 0)) throw InputError("the claimed saving per year must be a positive amount");
    if (baseline.self_hosted || candidate.self_hosted)
        throw InputError("a claim is checked between API options, whose cost is linear in volume; for a self-hosted option "
                         "use its break-even volume against the API (break_even, or `infercost selfhost cost`)");
    Workload unit = shape;
    unit.requests_per_day = 1.0;
    const Calendar cal(unit, settings.period);
    const CostReport b = list_cost(catalog, unit, cal, baseline, settings);
    const CostReport c = list_cost(catalog, unit, cal, candidate, settings);

    ClaimCheck r;
    r.baseline = b.label;
    r.candidate = c.label;
    r.claimed_saving_per_year = claimed;
    r.baseline_cost_per_request = b.cost_per_request();
    r.candidate_cost_per_request = c.cost_per_request();
    r.workload_requests_per_day = shape.requests_per_day;
    const Money unit_saving = b.per_year - c.per_year;  // per year, per request per day
    r.workload_saving_per_year = unit_saving * shape.requests_per_day;
    r.saving_share = b.per_year.amount() > 0 ? unit_saving / b.per_year : 0.0;
    const std::string cur = settings.currency.code();
    if (unit_saving.amount() <= 0) {
        r.achievable = false;
        r.summary = r.candidate + " is not cheaper than " + r.baseline + " for this workload shape (" +
                    format_number(r.candidate_cost_per_request.amount(), 6) + " vs " +
                    format_number(r.baseline_cost_per_request.amount(), 6) + " " + cur +
                    " per request), so no volume yields a saving.";
        return r;
    }
    r.achievable = true;
    const double k = claimed / unit_saving;
    r.implied_requests_per_day = k;
    r.implied_input_tokens_per_day = k * shape.input_tokens.mean();
    r.implied_output_tokens_per_day = k * shape.output_tokens.mean();
    r.implied_baseline_per_year = b.per_year * k;
    r.implied_candidate_per_year = c.per_year * k;
    // Whole numbers with thousands separators: the sentence is read aloud in a budget meeting.
    r.summary = "Saving " + format_count(claimed.amount()) + " " + cur + " a year by moving from " + r.baseline + " to " +
                r.candidate + " takes about " + format_count(k) + " requests a day (" +
                format_count(r.implied_input_tokens_per_day) + " input and " + format_count(r.implied_output_tokens_per_day) +
                " output tokens a day): a baseline bill of " + format_count(r.implied_baseline_per_year.amount()) + " " + cur +
                " a year, cut by " + format_fixed(100 * r.saving_share, 1) + "%.";
    return r;
}

}  // namespace infercost

namespace infercost {

Money api_cost_per_request(const Catalog& catalog, const Workload& shape, const Option& api, const ComparisonSettings& settings) {
    if (api.self_hosted) throw InputError("break-even is found against an API option, not a self-hosted one");
    Workload unit = shape;
    unit.requests_per_day = 1.0;
    return list_cost(catalog, unit, Calendar(unit, settings.period), api, settings).cost_per_request();
}

std::vector<ClaimVariant> claim_variants(const Catalog& catalog, const Workload& shape, const Option& baseline,
                                         const Option& candidate, const Money& claimed, const ComparisonSettings& settings,
                                         const std::vector<Option>& others) {
    if (!(claimed.amount() > 0)) throw InputError("the claimed saving per year must be a positive amount");
    for (const Option* o : {&baseline, &candidate})
        if (o->kind() != Option::Kind::api) throw InputError("a claim is checked between API options");
    // Requests a year for one request a day of the shape's volume unit, over the settings' period.
    Workload unit = shape;
    unit.requests_per_day = 1.0;
    const double per_year = Calendar(unit, settings.period).total_requests() * 12.0 / settings.period.months;
    const double days_per_month = kDaysPerYear / 12.0;

    struct Shape {
        std::string name, change;
        std::vector<std::pair<double, Workload>> mix;  // (share of requests, workload)
    };
    std::vector<Shape> shapes;
    shapes.push_back({"as stated", "the scenario's workload", {{1.0, shape}}});
    for (double c : {0.0, 0.5, 0.8}) {
        if (std::fabs(c - shape.cached_share) < 1e-9 || c + shape.cache_write_share + shape.cache_write_long_share > 1) continue;
        Workload w = shape;
        w.cached_share = c;
        shapes.push_back({c == 0 ? "no cache hits" : format_number(100 * c, 3) + "% of the prompt cached",
                          "cached share " + format_number(100 * shape.cached_share, 3) + "% -> " + format_number(100 * c, 3) + "%",
                          {{1.0, w}}});
    }
    {
        // A reasoning model: hidden thinking as long as the visible answer, billed as output.
        Workload w = shape;
        const double o = shape.output_tokens.mean();
        if (o > 0) {
            w.output_tokens = shape.output_tokens.scaled(2.0);
            w.reasoning_share = (shape.reasoning_share * o + o) / (2 * o);
            shapes.push_back({"reasoning as long as the answer", "output doubled by hidden reasoning tokens", {{1.0, w}}});
        }
    }
    {
        Workload longer = shape;
        longer.input_tokens = shape.input_tokens.scaled(8.0);
        shapes.push_back({"10% long-context requests", "one request in ten has 8 times the prompt", {{0.9, shape}, {0.1, longer}}});
    }
    {
        Workload peak = shape, night = shape;
        for (int h = 0; h < 24; ++h) {
            peak.hourly_profile[static_cast<std::size_t>(h)] = (h >= 9 && h < 17) ? 1.0 : 0.0;
            night.hourly_profile[static_cast<std::size_t>(h)] = (h < 6) ? 1.0 : 0.0;
        }
        shapes.push_back({"business hours only", "all traffic 09:00-17:00 on the workload's clock", {{1.0, peak}}});
        shapes.push_back({"night only", "all traffic 00:00-06:00 on the workload's clock", {{1.0, night}}});
    }

    std::vector<ClaimVariant> out;
    auto evaluate = [&](const Shape& sh, const Option& cand) {
        ClaimVariant v;
        v.name = sh.name;
        v.change = sh.change;
        v.candidate = cand.display_label();
        try {
            double b = 0, c = 0, tokens = 0;
            for (const auto& [share, w] : sh.mix) {
                b += share * api_cost_per_request(catalog, w, baseline, settings).amount();
                c += share * api_cost_per_request(catalog, w, cand, settings).amount();
                tokens += share * (w.input_tokens.mean() + w.output_tokens.mean());
            }
            v.baseline_cost_per_request = Money(b, settings.currency);
            v.candidate_cost_per_request = Money(c, settings.currency);
            v.saving_share = b > 0 ? (b - c) / b : 0.0;
            if (!(b > c)) {
                v.note = v.candidate + " is not cheaper for this shape";
            } else {
                const double rpd = claimed.amount() / ((b - c) * per_year);
                v.implied_requests_per_day = rpd;
                v.implied_requests_per_month = rpd * days_per_month;
                v.implied_tokens_per_month = rpd * days_per_month * tokens;
            }
        } catch (const InputError& e) {
            v.note = "refused: " + e.reason();
        }
        out.push_back(std::move(v));
    };
    for (const Shape& sh : shapes) evaluate(sh, candidate);
    for (const Option& o : others) {
        if (o.kind() != Option::Kind::api) throw InputError("another list of the candidate must be an API offering");
        evaluate(shapes.front(), o);
        out.back().name = "on " + o.display_label();
        out.back().change = "the candidate's other list";
    }
    return out;
}

BreakEven break_even(const Catalog& catalog, const SelfHostReport& plan, const Workload& shape, const Option& api) {
    ComparisonSettings s;
    s.period = plan.calendar.period();
    s.currency = plan.currency;
    return break_even(plan, api_cost_per_request(catalog, shape, api, s).amount());
}

std::vector<BreakEvenPoint> break_even_curve(const Catalog& catalog, const SelfHostReport& plan, const Workload& shape,
                                             const Option& api, std::vector<double> volumes) {
    ComparisonSettings s;
    s.period = plan.calendar.period();
    s.currency = plan.currency;
    return break_even_curve(plan, api_cost_per_request(catalog, shape, api, s).amount(), std::move(volumes));
}

}  // namespace infercost
