#include "infercost/scenario/comparison.hpp"

#include "infercost/detail/format.hpp"
#include "infercost/core/error.hpp"

#include <algorithm>
#include <cmath>

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

CostReport cost_option(const Catalog& catalog, const FxTable& fx, const Workload& w, const Calendar& cal, const Option& opt,
                       const ComparisonSettings& s, const Offering& o) {
    const bool by_month = !s.fx_path.empty();
    const Timestamp until = start_of_day(s.period.end(), w.utc_offset);
    if (s.on_retirement == OnRetirement::successor && o.retired && *o.retired < until) {
        const Offering spliced = with_successors(catalog, o, until);
        CostReport r = cost_workload(spliced, w, cal, opt.service_tier, fx, s.currency, s.effective_fx_date(), opt.scope, by_month);
        r.label = opt.display_label();
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
    CostReport r = cost_workload(o, w, cal, opt.service_tier, fx, s.currency, s.effective_fx_date(), opt.scope, by_month);
    r.label = opt.display_label();
    return r;
}

// An API option's list cost, without the scenario's terms (a claim and a break-even compare list prices).
CostReport list_cost(const Catalog& catalog, const Workload& w, const Calendar& cal, const Option& opt, const ComparisonSettings& s) {
    const FxTable fx = fx_for(catalog, s);
    require_currency(fx, s.currency);
    return cost_option(catalog, fx, w, cal, opt, s, catalog.offering(opt.offering_id));
}

std::size_t idx(CostLine l) { return static_cast<std::size_t>(l); }

// The month of the report holding `d`; InputError when the horizon does not.
std::size_t month_of(const CostReport& r, Date d, const std::string& what) {
    if (d < r.period.start || !(d < r.period.end()))
        throw InputError(what + " is dated " + format_date(d) + ", outside the horizon " + format_date(r.period.start) +
                         " to " + format_date(r.period.end()) + "; move it inside or lengthen the horizon");
    std::size_t m = 0;
    while (m + 1 < r.months.size() && !(d < r.months[m + 1].month)) ++m;
    return m;
}

// What the scenario adds to an option's list costs, month by month: the price trend after the last known version,
// the provider's discount, committed spend and credits, one-off costs, and (cash view) owned servers bought outright.
void apply_terms(CostReport& r, const Option& opt, const std::string& provider, std::optional<Timestamp> last_version,
                 const SelfHostReport* plan, const HardwareCatalog* hw, const FxTable& fx, const ComparisonSettings& s) {
    using namespace std::chrono;
    const std::size_t n = r.months.size();
    const std::string cur = " " + s.currency.code();
    std::vector<double> cash_extra(n, 0.0);  // cash minus cost, per month
    if (opt.price_trend_per_year != 0 && last_version) {
        if (!std::isfinite(opt.price_trend_per_year) || opt.price_trend_per_year <= -1)
            throw InputError("option '" + r.label + "': price_trend_per_year must be a share above -1 (-0.2 for 20% a year cheaper)");
        const Date anchor = std::max(s.period.start, floor<days>(*last_version));
        for (auto& m : r.months) {
            if (!(m.month > anchor)) continue;
            const double f = std::pow(1 + opt.price_trend_per_year, static_cast<double>((m.month - anchor).count()) / kDaysPerYear);
            for (std::size_t k = 0; k < kMeterCount; ++k) m.by_meter[k] *= f;
        }
        r.notes.push_back("prices change by " + format_number(100 * opt.price_trend_per_year, 4) + "% a year from " + format_date(anchor) +
                          " (an assumption of the scenario, compounded from each month's first day)");
    }
    auto total_of = [](const MonthCost& m) {
        double t = 0;
        for (double x : m.by_meter) t += x;
        return t;
    };
    const auto agreement = std::find_if(s.agreements.begin(), s.agreements.end(), [&](const Agreement& a) { return a.provider == provider; });
    if (!provider.empty() && agreement != s.agreements.end()) {
        const Agreement& a = *agreement;
        if (a.discount > 0) {
            for (auto& m : r.months) {
                double list = m.by_meter[idx(CostLine::gpu_hours)];
                for (std::size_t k = 0; k < kMeterCount; ++k) list += m.by_meter[k];
                m.by_meter[idx(CostLine::discount)] -= a.discount * list;
            }
            r.notes.push_back("a negotiated discount of " + format_number(100 * a.discount, 4) + "% off " + provider + "'s list prices");
        }
        if (a.commitment) {
            const Commitment& c = *a.commitment;
            double shortfall_total = 0;
            for (std::size_t b = 0; b < n; b += static_cast<std::size_t>(c.months)) {
                const std::size_t e = std::min(n, b + static_cast<std::size_t>(c.months));
                double spend = 0;
                for (std::size_t m = b; m < e; ++m) spend += total_of(r.months[m]);
                const double owed = c.amount * static_cast<double>(e - b) / c.months;
                if (spend < owed) {
                    r.months[e - 1].by_meter[idx(CostLine::commitment)] += owed - spend;
                    shortfall_total += owed - spend;
                }
            }
            r.notes.push_back("a committed spend of " + format_fixed(c.amount, 2) + cur + " per " + std::to_string(c.months) +
                              " months with " + provider + (shortfall_total > 0 ? "; shortfalls billed: " + format_fixed(shortfall_total, 2) + cur
                                                                                : "; the bill meets it"));
        }
        if (a.credits > 0) {
            double left = a.credits;
            std::optional<Date> spent;
            for (auto& m : r.months) {
                const double use = std::min(left, std::max(0.0, total_of(m)));
                m.by_meter[idx(CostLine::credit)] -= use;
                left -= use;
                if (left <= 0 && !spent) spent = m.month;
            }
            r.notes.push_back("credits of " + format_fixed(a.credits, 2) + cur + " with " + provider +
                              (spent ? ", used up in the month from " + format_date(*spent)
                                     : ", " + format_fixed(left, 2) + cur + " of them unused at the horizon's end"));
        }
    }
    for (const OneOff& o : opt.one_offs) {
        o.validate();
        const std::size_t m0 = month_of(r, o.date, "one-off cost '" + o.label + "' of option '" + r.label + "'");
        cash_extra[m0] += o.amount;
        if (o.depreciation_months == 0) {
            r.months[m0].by_meter[idx(CostLine::one_off)] += o.amount;
            cash_extra[m0] -= o.amount;
        } else {
            const double part = o.amount / o.depreciation_months;
            for (std::size_t m = m0; m < std::min(n, m0 + static_cast<std::size_t>(o.depreciation_months)); ++m) {
                r.months[m].by_meter[idx(CostLine::one_off)] += part;
                cash_extra[m] -= part;
            }
        }
    }
    // Owned servers, cash view: bought outright at the start (and again at the end of each life), sold at the residual
    // value at each replacement, their book value (straight line to the residual) counted back at the horizon's end.
    if (plan && hw && plan->owned_cost && n > 0) {
        const OwnedProfile& p = hw->owned_profile(plan->option.owned_profile);
        const double rate = fx.conversion(p.currency, s.currency, s.effective_fx_date()).rate;
        const double capex = plan->peak_instances * (p.server_capex + p.network_capex_per_server) * rate;
        const auto life = static_cast<std::size_t>(std::max(1L, std::lround(p.life_years * 12)));
        std::size_t bought = 0;
        for (std::size_t m = 0; m < n; m += life) {
            cash_extra[m] += capex;
            if (m > 0) cash_extra[m] -= p.residual_value_share * capex;
            bought = m;
        }
        const double age = static_cast<double>(n - bought) / static_cast<double>(life);
        const double book = capex * (1 - (1 - p.residual_value_share) * std::min(1.0, age));
        cash_extra[n - 1] -= book;
        for (std::size_t m = 0; m < n; ++m) cash_extra[m] -= r.months[m].by_meter[idx(CostLine::capital)];
        r.notes.push_back("cash view: " + std::to_string(plan->peak_instances) + (plan->peak_instances == 1 ? " server" : " servers") +
                          " bought outright for " + format_fixed(capex, 2) +
                          cur + " (instead of the capital charge), their book value of " + format_fixed(book, 2) + cur +
                          " counted back at the horizon's end");
    }
    r.by_meter = {};
    double total = 0;
    for (std::size_t m = 0; m < n; ++m) {
        MonthCost& mc = r.months[m];
        mc.total = total_of(mc);
        mc.cash = mc.total + cash_extra[m];
        for (std::size_t k = 0; k < kCostLineCount; ++k) r.by_meter[k] += mc.by_meter[k];
        total += mc.total;
    }
    r.total = Money(total, s.currency);
    r.per_year = Money(total * 12.0 / r.period.months, s.currency);
}

}  // namespace

Comparison compare(const Catalog& catalog, const Workload& workload, const std::vector<Option>& options,
                   std::size_t baseline, const ComparisonSettings& settings) {
    if (options.empty()) throw InputError("a comparison needs at least one option");
    if (baseline >= options.size())
        throw InputError("baseline index " + std::to_string(baseline) + " is out of range (there are " +
                         std::to_string(options.size()) + " options)");
    settings.validate();
    const FxTable fx = fx_for(catalog, settings);
    require_currency(fx, settings.currency);
    Comparison c;
    c.baseline = baseline;
    c.settings = settings;
    const Calendar cal(workload, settings.period);  // one demand for every option
    for (const auto& opt : options) {
        if (!opt.self_hosted) {
            const Offering& o = catalog.offering(opt.offering_id);
            CostReport r = cost_option(catalog, fx, workload, cal, opt, settings, o);
            const Timestamp until = start_of_day(settings.period.end(), workload.utc_offset);
            const Offering last = settings.on_retirement == OnRetirement::successor ? with_successors(catalog, o, until) : o;
            apply_terms(r, opt, o.provider, last.versions.back().effective_from, nullptr, nullptr, fx, settings);
            c.options.push_back(std::move(r));
            c.self_hosted.push_back(std::nullopt);
            continue;
        }
        if (opt.price_trend_per_year != 0)
            throw InputError("option '" + opt.display_label() + "': a price trend applies to API price lists; a self-hosted "
                             "option's prices are its GPU offer or owned hardware");
        SelfHostReport plan = plan_self_hosted(catalog.hardware(), *opt.self_hosted, workload, settings.period);
        CostReport r = cost_self_hosted(plan, fx, settings.currency, settings.effective_fx_date(), !settings.fx_path.empty());
        r.label = opt.display_label();
        const std::string provider =
            opt.self_hosted->cloud_offer.empty() ? std::string() : catalog.hardware().cloud_offer(opt.self_hosted->cloud_offer).provider;
        apply_terms(r, opt, provider, std::nullopt, &plan, &catalog.hardware(), fx, settings);
        c.options.push_back(std::move(r));
        c.self_hosted.push_back(std::move(plan));
    }
    return c;
}

PolicyCheck check_policy(const Comparison& c, const Catalog& catalog, const Policy& policy, const std::string& data_class) {
    PolicyCheck out;
    out.policy = policy.name;
    out.data_class = data_class;
    out.cheapest = c.cheapest();
    require_data_class(policy, data_class);
    for (std::size_t i = 0; i < c.options.size(); ++i) {
        PolicyVerdict v;
        if (i < c.self_hosted.size() && c.self_hosted[i]) {
            v = evaluate(policy, c.self_hosted[i]->governance, data_class);
        } else if (const Offering& o = catalog.offering(c.options[i].offering_id); !o.governance) {
            v.passes = false;
            v.reasons.push_back("no governance facts are known for " + o.id + ", so compliance cannot be shown");
        } else {
            v = evaluate(policy, *o.governance, data_class);
        }
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
