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

namespace {
void require_currency(const Catalog& catalog, const Currency& c) {
    if (!catalog.fx().knows(c)) throw InputError("reporting currency " + c.code() + " is not in the FX table");
}

CostReport cost_option(const Catalog& catalog, const Workload& w, const Calendar& cal, const Option& opt,
                       const ComparisonSettings& s) {
    require_currency(catalog, s.currency);
    const Offering& o = catalog.offering(opt.offering_id);
    const Timestamp until = start_of_day(s.period.end(), w.utc_offset);
    if (s.on_retirement == OnRetirement::successor && o.retired && *o.retired < until) {
        const Offering spliced = with_successors(catalog, o, until);
        CostReport r = cost_workload(spliced, w, cal, opt.service_tier, catalog.fx(), s.currency, s.effective_fx_date(), opt.scope);
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
    CostReport r = cost_workload(o, w, cal, opt.service_tier, catalog.fx(), s.currency, s.effective_fx_date(), opt.scope);
    r.label = opt.display_label();
    return r;
}
}  // namespace

Comparison compare(const Catalog& catalog, const Workload& workload, const std::vector<Option>& options,
                   std::size_t baseline, const ComparisonSettings& settings) {
    if (options.empty()) throw InputError("a comparison needs at least one option");
    if (baseline >= options.size())
        throw InputError("baseline index " + std::to_string(baseline) + " is out of range (there are " +
                         std::to_string(options.size()) + " options)");
    Comparison c;
    c.baseline = baseline;
    c.settings = settings;
    const Calendar cal(workload, settings.period);  // one demand for every option
    for (const auto& opt : options) {
        if (!opt.self_hosted) {
            c.options.push_back(cost_option(catalog, workload, cal, opt, settings));
            c.self_hosted.push_back(std::nullopt);
            continue;
        }
        require_currency(catalog, settings.currency);
        SelfHostReport plan = plan_self_hosted(catalog.hardware(), *opt.self_hosted, workload, settings.period);
        CostReport r = cost_self_hosted(plan, catalog.fx(), settings.currency, settings.effective_fx_date());
        r.label = opt.display_label();
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
    const CostReport b = cost_option(catalog, unit, cal, baseline, settings);
    const CostReport c = cost_option(catalog, unit, cal, candidate, settings);

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
    return cost_option(catalog, unit, Calendar(unit, settings.period), api, settings).cost_per_request();
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
