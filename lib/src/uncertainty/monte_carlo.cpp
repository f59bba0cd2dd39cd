#include "infercost/uncertainty/monte_carlo.hpp"

#include "infercost/api/costing.hpp"
#include "infercost/core/error.hpp"
#include "infercost/detail/format.hpp"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <numbers>
#include <span>
#include <thread>

namespace infercost {

namespace {

std::string num(double v) { return format_number(v, 6); }

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// What an uncertain input acts on.
enum class Role { volume, cached_share, cache_write_share, cache_write_long_share, reasoning_share, web_searches,
                  output_mean, input_mean, growth_yearly, growth_monthly, price_change, fx, throughput, utilisation, success_rate };

struct Input {
    std::string path;
    Role role;
    Distribution dist;
    double stated = 0;                 // the scenario's own value: the decomposition is taken there
    std::vector<std::size_t> options;  // price_change, fx and throughput: the options it applies to
    Currency currency{"USD"};          // fx
    std::size_t task_model = 0;        // success_rate: its entry in the scenario's tasks
};

const std::vector<InputPath> kPaths = {
    {"workload.requests_per_day", "the stated volume (use the unit the workload states it in: _per_day, _per_month or _per_year)"},
    {"workload.requests_per_month", "the stated volume, per calendar month"},
    {"workload.requests_per_year", "the stated volume, per year"},
    {"workload.cached_share", "share of prompt tokens read from cache"},
    {"workload.cache_write_share", "share of prompt tokens written to cache"},
    {"workload.cache_write_long_share", "share of prompt tokens written to cache with the longer retention"},
    {"workload.reasoning_share", "share of output tokens that are reasoning"},
    {"workload.web_searches_per_request", "web search or fetch calls per request"},
    {"workload.output_tokens.mean", "the mean output length: the stated distribution is scaled to it"},
    {"workload.input_tokens.mean", "the mean prompt length, likewise (context tiers make every option priced by the engine at each draw)"},
    {"workload.growth.yearly", "the volume's yearly growth rate (0.3: 30% a year)"},
    {"workload.growth.monthly", "the volume's monthly growth rate"},
    {"price_change.<option>", "a change to an option's prices over the whole horizon (-0.3: 30% cheaper); <option> is its label or offering id"},
    {"fx.<currency>", "units of <currency> per unit of the reporting currency, for the options billed in it"},
    {"throughput.<option>", "a self-hosted or hybrid option's replica throughput as a share of the modelled one (the calibration's spread)"},
    {"utilisation.<option>", "a self-hosted or hybrid option's max_utilisation: the load per replica as a share of its capacity"},
    {"success_rate.<option>", "the share of tasks an option completes, in a comparison per task (its ranges are then per successful task too)"},
};

std::optional<Role> workload_role(std::string_view field) {
    static const std::pair<std::string_view, Role> table[] = {
        {"cached_share", Role::cached_share}, {"cache_write_share", Role::cache_write_share},
        {"cache_write_long_share", Role::cache_write_long_share}, {"reasoning_share", Role::reasoning_share},
        {"web_searches_per_request", Role::web_searches}, {"output_tokens.mean", Role::output_mean},
        {"input_tokens.mean", Role::input_mean},
        {"growth.yearly", Role::growth_yearly}, {"growth.monthly", Role::growth_monthly}};
    for (const auto& [name, role] : table)
        if (field == name) return role;
    if (field == "requests_per_day" || field == "requests_per_month" || field == "requests_per_year") return Role::volume;
    return std::nullopt;
}

bool is_share(Role r) {
    return r == Role::cached_share || r == Role::cache_write_share || r == Role::cache_write_long_share ||
           r == Role::reasoning_share;
}
// Affine in the cost per request, through the decomposition's basis (the reasoning share enters times the output
// scale).
bool is_affine(Role r) { return is_share(r) || r == Role::web_searches; }

// The lines of one month of one option: what scales with the volume, the cache storage, the one-off costs. A negotiated
// discount is proportional to the list (the first two) and is folded into them.
struct MonthParts {
    double requests = 0, storage = 0, one_off = 0;
};
MonthParts month_parts(const MonthCost& m, const std::string& label) {
    auto at = [&](CostLine c) { return m.by_meter[static_cast<std::size_t>(c)]; };
    MonthParts p;
    for (std::size_t k = 0; k < kMeterCount; ++k)
        if (static_cast<CostLine>(k) != CostLine::cache_storage) p.requests += m.by_meter[k];
    p.storage = at(CostLine::cache_storage);
    const double list = p.requests + p.storage;
    if (list > 0) {
        const double kept = 1 + at(CostLine::discount) / list;
        p.requests *= kept;
        p.storage *= kept;
    }
    p.one_off = at(CostLine::one_off);
    if (std::abs(m.total - (p.requests + p.storage + p.one_off)) > 1e-9 * std::max(1.0, std::abs(m.total)))
        throw Error("internal error: the month lines of option '" + label + "' do not add up to its total; please "
                    "report it with the scenario file");
    return p;
}

// The scenario with its uncertain inputs set to `x` (one value per input): what the engine is asked at the
// decomposition's basis points and at the corners it is checked at. Price changes and exchange rates are factors
// outside the engine and stay at their stated values.
Scenario with_values(const Scenario& s, const std::vector<Input>& inputs, const std::vector<double>& x) {
    Scenario t = s;
    Workload& w = t.workload;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const double v = x[i];
        switch (inputs[i].role) {
            case Role::volume: w.set_volume(v, w.volume_unit); break;
            case Role::cached_share: w.cached_share = v; break;
            case Role::cache_write_share: w.cache_write_share = v; break;
            case Role::cache_write_long_share: w.cache_write_long_share = v; break;
            case Role::reasoning_share: w.reasoning_share = v; break;
            case Role::web_searches: w.web_searches_per_request = v; break;
            case Role::output_mean: w.output_tokens = s.workload.output_tokens.scaled(v / inputs[i].stated); break;
            case Role::input_mean: w.input_tokens = s.workload.input_tokens.scaled(v / inputs[i].stated); break;
            case Role::growth_yearly: w.growth.yearly_rate = v; break;
            case Role::growth_monthly: w.growth.monthly_rate = v; break;
            case Role::throughput:
                for (std::size_t o : inputs[i].options) t.options[o].self_hosted->throughput_scale = v;
                break;
            case Role::utilisation:
                for (std::size_t o : inputs[i].options) t.options[o].self_hosted->max_utilisation = v;
                break;
            case Role::success_rate: t.settings.tasks->models[inputs[i].task_model].success_rate = v; break;
            case Role::price_change:
            case Role::fx: break;
        }
    }
    return t;
}

// The scenario's uncertain inputs, each with what it acts on and its stated value, checked against the scenario:
// a path that names nothing, a volume in another unit, a distribution that can leave its input's range.
std::vector<Input> resolve_inputs(const Scenario& s, const Comparison& nominal, const std::vector<std::string>& labels) {
    const Workload& w = s.workload;
    std::vector<Input> inputs;
    for (const UncertainInput& ui : s.uncertainty.inputs) {
        Input in{ui.path, Role::volume, ui.distribution, 0, {}, Currency("USD")};
        const std::string& p = ui.path;
        auto refuse = [&](const std::string& why) { throw InputError("uncertain input '" + p + "': " + why); };
        if (p.rfind("workload.", 0) == 0) {
            const auto role = workload_role(std::string_view(p).substr(9));
            if (!role) refuse("names no workload input that can be uncertain; docs/uncertainty.md lists them");
            in.role = *role;
            switch (*role) {
                case Role::volume: {
                    const std::string unit = "requests_per_" + std::string(volume_unit_name(w.volume_unit));
                    if (p != "workload." + unit) refuse("the workload states its volume as " + unit + "; name that");
                    in.stated = w.stated_volume();
                    if (!(in.stated > 0)) refuse("the stated volume is 0, so there is nothing to scale");
                    break;
                }
                case Role::cached_share: in.stated = w.cached_share; break;
                case Role::cache_write_share: in.stated = w.cache_write_share; break;
                case Role::cache_write_long_share: in.stated = w.cache_write_long_share; break;
                case Role::reasoning_share: in.stated = w.reasoning_share; break;
                case Role::web_searches: in.stated = w.web_searches_per_request; break;
                case Role::output_mean:
                    in.stated = w.output_tokens.mean();
                    if (!(in.stated > 0)) refuse("the stated output length is 0, so there is no distribution to scale");
                    break;
                case Role::input_mean:
                    in.stated = w.input_tokens.mean();
                    if (!(in.stated > 0)) refuse("the stated prompt length is 0, so there is no distribution to scale");
                    break;
                case Role::growth_yearly:
                case Role::growth_monthly: {
                    const bool yearly = *role == Role::growth_yearly;
                    if (!w.growth.series.empty() || (yearly ? w.growth.monthly_rate : w.growth.yearly_rate) != 0)
                        refuse("the workload states its growth another way; state it as a " +
                               std::string(yearly ? "yearly" : "monthly") + " rate, or make that one uncertain");
                    in.stated = yearly ? w.growth.yearly_rate : w.growth.monthly_rate;
                    break;
                }
                default: break;
            }
        } else if (p.rfind("price_change.", 0) == 0) {
            in.role = Role::price_change;
            const std::string name = p.substr(13);
            for (std::size_t o = 0; o < s.options.size(); ++o)
                if (labels[o] == name) in.options.push_back(o);
            if (in.options.empty())
                for (std::size_t o = 0; o < s.options.size(); ++o)
                    if (s.options[o].offering_id == name) in.options.push_back(o);
            if (in.options.empty()) refuse("no option has the label or offering id '" + name + "'");
        } else if (p.rfind("throughput.", 0) == 0 || p.rfind("utilisation.", 0) == 0) {
            const bool throughput = p.rfind("throughput.", 0) == 0;
            in.role = throughput ? Role::throughput : Role::utilisation;
            const std::string name = p.substr(p.find('.') + 1);
            for (std::size_t o = 0; o < s.options.size(); ++o)
                if ((labels[o] == name || s.options[o].offering_id == name) && s.options[o].self_hosted) in.options.push_back(o);
            if (in.options.empty()) refuse("no self-hosted or hybrid option has the label '" + name + "'");
            const SelfHosted& sh = *s.options[in.options.front()].self_hosted;
            in.stated = throughput ? sh.throughput_scale : sh.max_utilisation;

        } else if (p.rfind("success_rate.", 0) == 0) {
            in.role = Role::success_rate;
            const std::string name = p.substr(13);
            if (!s.settings.tasks) refuse("the scenario compares no tasks (`tasks:`), so no option has a success rate");
            const auto& models = s.settings.tasks->models;
            const auto it = std::find_if(models.begin(), models.end(), [&](const TaskModel& m) { return m.option == name; });
            if (it == models.end()) refuse("the scenario's tasks have no entry for option '" + name + "'");
            in.task_model = static_cast<std::size_t>(it - models.begin());
            in.stated = it->success_rate;
        } else if (p.rfind("fx.", 0) == 0) {
            in.role = Role::fx;
            in.currency = Currency(p.substr(3));
            if (!s.settings.fx_path.empty()) refuse("the scenario states an FX path; an uncertain rate would replace it");
            if (in.currency == s.settings.currency) refuse("it is the reporting currency");
            for (std::size_t o = 0; o < nominal.options.size(); ++o) {
                const auto& conv = nominal.options[o].conversions;
                const bool billed = std::any_of(conv.begin(), conv.end(), [&](const FxConversion& c) { return c.from == in.currency; });
                if (!billed) continue;
                if (conv.size() != 1)
                    refuse("option '" + labels[o] + "' is billed in several currencies, so one rate does not scale it");
                in.options.push_back(o);
                in.stated = 1 / conv.front().rate;
            }
            if (in.options.empty()) refuse("no option is billed in " + in.currency.code());
        } else {
            refuse("unknown path; it starts with workload., price_change. or fx. (docs/uncertainty.md)");
        }
        // The range every draw stays in.
        const double lo = in.dist.lowest(), hi = in.dist.highest();
        auto range = [&](const std::string& what) {
            refuse("its distribution " + in.dist.describe() + " can draw " + num(lo < 0 ? lo : hi) + ", outside " + what +
                   "; narrow it or take a bounded distribution (uniform, triangular, pert)");
        };
        if (is_share(in.role) && (lo < 0 || hi > 1)) range("0..1");
        if ((in.role == Role::utilisation || in.role == Role::success_rate) && (lo <= 0 || hi > 1)) range("above 0 and at most 1");
        if ((in.role == Role::volume || in.role == Role::web_searches) && lo < 0) range("0 and above");
        if ((in.role == Role::output_mean || in.role == Role::input_mean || in.role == Role::fx || in.role == Role::throughput) &&
            lo <= 0)
            range("above 0");
        if ((in.role == Role::growth_yearly || in.role == Role::growth_monthly || in.role == Role::price_change) && lo <= -1)
            range("above -1 (-100%)");
        inputs.push_back(std::move(in));
    }
    return inputs;
}

// Per option: whether the engine prices it at every draw instead of the decomposition. Self-hosted and hybrid
// options step with whole replicas; a comparison per task, credits or a committed spend (not linear in the bill) and
// an uncertain prompt length (context tiers) take every option out of it.
std::vector<char> engine_priced_options(const Scenario& s) {
    const bool all = s.settings.tasks.has_value() ||
                     std::any_of(s.settings.agreements.begin(), s.settings.agreements.end(),
                                 [](const Agreement& a) { return a.credits > 0 || a.commitment; }) ||
                     std::any_of(s.uncertainty.inputs.begin(), s.uncertainty.inputs.end(),
                                 [](const UncertainInput& in) { return in.path == "workload.input_tokens.mean"; });
    std::vector<char> engine;
    for (const Option& o : s.options) {
        bool api = o.kind() == Option::Kind::api;
        if (o.kind() == Option::Kind::routed)
            api = std::all_of(o.routes.begin(), o.routes.end(), [](const Option& r) { return r.kind() == Option::Kind::api; });
        engine.push_back(all || !api);
    }
    return engine;
}

// An option's price factor at x: (1 + change) for each of its price changes, stated / drawn for each of its exchange
// rates; `of` lists the inputs that act on the option.
double price_factor(const std::vector<Input>& inputs, const std::vector<std::size_t>& of, const double* x) {
    double f = 1;
    for (std::size_t i : of) {
        if (inputs[i].role == Role::price_change) f *= 1 + x[i];
        if (inputs[i].role == Role::fx) f *= inputs[i].stated / x[i];
    }
    return f;
}

// Per option: the inputs that act on it by name (price changes, exchange rates, throughput, utilisation).
std::vector<std::vector<std::size_t>> inputs_by_option(const std::vector<Input>& inputs, std::size_t options) {
    std::vector<std::vector<std::size_t>> of(options);
    for (std::size_t i = 0; i < inputs.size(); ++i)
        for (std::size_t o : inputs[i].options) of[o].push_back(i);
    return of;
}

// Every option's cost per year at input values x (one per input), from the comparison engine: price changes and
// exchange rates are factors on what is not a one-off cost. With `monthly`, each option's months too (row-major,
// options x months); with `per_task` and a comparison per task, each option's cost per successful task; with `only`,
// just the options it marks (the others are left at zero).
std::vector<double> engine_costs(const Scenario& s, const Catalog& catalog, const std::vector<Input>& inputs,
                                 const std::vector<double>& x, std::vector<double>* monthly = nullptr,
                                 std::vector<double>* per_task = nullptr, const std::vector<char>* only = nullptr) {
    Scenario t = with_values(s, inputs, x);
    const std::size_t O = s.options.size();
    // The options asked for alone (the others are not re-priced): each option is costed on its own in a comparison.
    std::vector<std::size_t> priced;
    for (std::size_t o = 0; o < O; ++o)
        if (!only || (*only)[o]) priced.push_back(o);
    if (priced.size() < O) {
        std::vector<Option> kept;
        for (std::size_t o : priced) kept.push_back(t.options[o]);
        t.options = std::move(kept);
        t.baseline = 0;
    }
    const Comparison c = run_scenario(t, catalog);
    const auto of = inputs_by_option(inputs, O);
    std::vector<double> cost(O, 0.0);
    if (monthly) monthly->assign(O * s.settings.period.months, 0.0);
    if (per_task) per_task->assign(O, 0.0);
    for (std::size_t j = 0; j < priced.size(); ++j) {
        const std::size_t o = priced[j];
        const CostReport& r = c.options[j];
        const double f = price_factor(inputs, of[o], x.data());
        const double one_off = r.by_meter[static_cast<std::size_t>(CostLine::one_off)] * 12.0 / r.period.months;
        cost[o] = one_off + f * (r.per_year.amount() - one_off);
        // A task's cost is its share of the option's: scaled like the year's.
        if (per_task && j < c.task_costs.size() && c.task_costs[j]) {
            const double year = r.per_year.amount();
            (*per_task)[o] = c.task_costs[j]->cost_per_successful_task * (year != 0 ? cost[o] / year : 1.0);
        }
        if (monthly)
            for (std::size_t m = 0; m < r.months.size(); ++m) {
                const double once = r.months[m].by_meter[static_cast<std::size_t>(CostLine::one_off)];
                (*monthly)[o * r.months.size() + m] = once + f * (r.months[m].total - once);
            }
    }
    return cost;
}

// A scenario's costs taken apart (see the header): per option o, month m and feature f a coefficient C[o][m][f],
// such that the month's cost is
//   one_off[o][m] + factor_o(x) * (volume(x) * growth_m(x) * sum_f phi_f(x) C[o][m][f] + storage[o][m]).
class CostModel {
public:
    CostModel(const Scenario& s, const Catalog& catalog);

    std::size_t option_count() const { return labels_.size(); }
    std::size_t month_count() const { return months_; }
    std::size_t input_count() const { return inputs_.size(); }
    const std::vector<Input>& inputs() const { return inputs_; }
    const std::vector<std::string>& labels() const { return labels_; }
    const Comparison& nominal() const { return nominal_; }
    bool engine_priced(std::size_t o) const { return engine_[o] != 0; }
    bool any_engine_priced() const { return std::any_of(engine_.begin(), engine_.end(), [](char e) { return e != 0; }); }
    std::vector<double> stated() const {
        std::vector<double> x;
        for (const auto& in : inputs_) x.push_back(in.stated);
        return x;
    }
    std::vector<double> medians() const {
        std::vector<double> x;
        for (const auto& in : inputs_) x.push_back(in.dist.median());
        return x;
    }

    // Costs per year of `rows` samples (row-major, one row of input values each) into out, option by option; with
    // `monthly` also the monthly costs of option `month_option`, month by month.
    // `ld` is the distance between two options' (or months') columns.
    void evaluate(const double* x, std::size_t rows, double* out, std::size_t ld, std::size_t month_option = 0,
                  double* monthly = nullptr) const;

private:
    std::size_t feature_count() const { return 1 + affine_.size() + (output_ ? 1 : 0); }
    void features(const double* x, double* phi) const;
    double volume_ratio(const double* x) const { return volume_ ? x[*volume_] / inputs_[*volume_].stated : 1.0; }
    void growth_ratios(const double* x, double* g) const;
    double factor(const double* x, std::size_t o) const;
    void check_corners(const Scenario& s, const Catalog& catalog) const;
    friend Decomposition infercost::decompose(const Scenario& s, const Catalog& catalog);

    std::vector<Input> inputs_;
    std::vector<std::string> labels_;
    Comparison nominal_;
    std::size_t months_ = 0;
    std::optional<std::size_t> volume_, output_, growth_, reasoning_;
    std::vector<std::vector<std::size_t>> factors_;  // per option: its price-change and exchange-rate inputs
    std::vector<char> engine_;  // per option: priced by the engine at each draw, not by the decomposition
    std::vector<std::size_t> affine_;  // inputs with an affine feature, in feature order (after the constant)
    std::vector<double> growth_stated_;  // the stated growth's factor per month
    RowMatrix coef_;     // (options * features) x months: row o * F + f
    RowMatrix coef_sum_; // options x features: summed over the months
    RowMatrix storage_, one_off_;  // options x months
    std::vector<double> storage_sum_, one_off_sum_;
    double per_year_ = 1;  // 12 / months
};

void CostModel::features(const double* x, double* phi) const {
    const double s = output_ ? x[*output_] / inputs_[*output_].stated : 1.0;
    phi[0] = 1;
    std::size_t f = 1;
    for (std::size_t i : affine_) {
        const double d = x[i] - inputs_[i].stated;
        phi[f++] = inputs_[i].role == Role::reasoning_share ? s * d : d;
    }
    if (output_) phi[f] = s - 1;
}

void CostModel::growth_ratios(const double* x, double* g) const {
    if (!growth_) {
        std::fill(g, g + months_, 1.0);
        return;
    }
    // The factor of month k is (1 + rate)^k (monthly) or (1 + rate)^(k/12) (yearly), as Growth::factor states it.
    const Input& in = inputs_[*growth_];
    const double step = in.role == Role::growth_monthly ? 1 + x[*growth_] : std::pow(1 + x[*growth_], 1.0 / 12);
    double f = 1;
    for (std::size_t k = 0; k < months_; ++k) {
        g[k] = f / growth_stated_[k];
        f *= step;
    }
}

double CostModel::factor(const double* x, std::size_t o) const { return price_factor(inputs_, factors_[o], x); }

CostModel::CostModel(const Scenario& s, const Catalog& catalog) {
    const Uncertainty& u = s.uncertainty;
    if (u.empty())
        throw InputError("scenario '" + s.name + "' states no uncertain inputs; add an `uncertainty:` section "
                         "(docs/uncertainty.md)");
    u.validate();
    engine_ = engine_priced_options(s);
    for (const Option& o : s.options) labels_.push_back(o.display_label());
    nominal_ = run_scenario(s, catalog);
    months_ = static_cast<std::size_t>(s.settings.period.months);
    per_year_ = 12.0 / s.settings.period.months;

    inputs_ = resolve_inputs(s, nominal_, labels_);
    const Workload& w = s.workload;
    // The prompt shares must leave room for the uncached part at every draw.
    double prompt_high = 0;
    const double stated_share[] = {w.cached_share, w.cache_write_share, w.cache_write_long_share};
    const Role prompt_roles[] = {Role::cached_share, Role::cache_write_share, Role::cache_write_long_share};
    for (int r = 0; r < 3; ++r) {
        double h = stated_share[r];
        for (const Input& in : inputs_)
            if (in.role == prompt_roles[r]) h = in.dist.highest();
        prompt_high += h;
    }
    if (prompt_high > 1 + 1e-12)
        throw InputError("the cached, cache-write and long cache-write shares can draw " + num(prompt_high) +
                         " of the prompt together, above 1; narrow their distributions");

    factors_ = inputs_by_option(inputs_, labels_.size());
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
        const Role r = inputs_[i].role;
        if (r == Role::volume) volume_ = i;
        if (r == Role::output_mean) output_ = i;
        if (r == Role::growth_yearly || r == Role::growth_monthly) growth_ = i;
        if (is_affine(r)) affine_.push_back(i);
    }
    growth_stated_.resize(months_);
    for (std::size_t k = 0; k < months_; ++k) growth_stated_[k] = w.growth.factor(k);

    // The basis: the engine at the stated values, then one input moved at a time.
    const std::size_t O = labels_.size(), F = feature_count();
    coef_ = RowMatrix::Zero(static_cast<Eigen::Index>(O * F), static_cast<Eigen::Index>(months_));
    storage_ = RowMatrix::Zero(static_cast<Eigen::Index>(O), static_cast<Eigen::Index>(months_));
    one_off_ = storage_;
    auto request_parts = [&](const Comparison& c) {
        RowMatrix r(static_cast<Eigen::Index>(O), static_cast<Eigen::Index>(months_));
        for (std::size_t o = 0; o < O; ++o)
            for (std::size_t m = 0; m < months_; ++m) {
                if (engine_[o]) {  // priced draw by draw
                    r(static_cast<Eigen::Index>(o), static_cast<Eigen::Index>(m)) = 0;
                    continue;
                }
                const MonthParts p = month_parts(c.options[o].months.at(m), labels_[o]);
                r(static_cast<Eigen::Index>(o), static_cast<Eigen::Index>(m)) = p.requests;
                if (&c == &nominal_) {
                    storage_(static_cast<Eigen::Index>(o), static_cast<Eigen::Index>(m)) = p.storage;
                    one_off_(static_cast<Eigen::Index>(o), static_cast<Eigen::Index>(m)) = p.one_off;
                }
            }
        return r;
    };
    for (std::size_t o = 0; o < O; ++o)
        if (nominal_.options[o].months.size() != months_)
            throw Error("internal error: option '" + labels_[o] + "' has a month count unlike its period's");
    const RowMatrix base = request_parts(nominal_);
    coef_sum_ = RowMatrix::Zero(static_cast<Eigen::Index>(O), static_cast<Eigen::Index>(F));
    storage_sum_.assign(O, 0.0);
    one_off_sum_.assign(O, 0.0);
    if (!std::any_of(engine_.begin(), engine_.end(), [](char e) { return e == 0; })) return;  // nothing to take apart
    auto set_feature = [&](std::size_t f, const RowMatrix& values) {
        for (std::size_t o = 0; o < O; ++o) coef_.row(static_cast<Eigen::Index>(o * F + f)) = values.row(static_cast<Eigen::Index>(o));
    };
    set_feature(0, base);
    const std::vector<double> x0 = stated();
    auto moved = [&](std::size_t i, double v) {
        std::vector<double> x = x0;
        x[i] = v;
        return request_parts(run_scenario(with_values(s, inputs_, x), catalog));
    };
    std::size_t f = 1;
    for (std::size_t i : affine_) {
        const Input& in = inputs_[i];
        // Any step gives the slope of an affine cost; this one keeps the basis point a valid workload.
        double step = 1;
        if (is_share(in.role)) {
            const bool prompt = in.role != Role::reasoning_share;
            const double room = prompt ? 1 - (w.cached_share + w.cache_write_share + w.cache_write_long_share) : 1 - in.stated;
            step = room >= 0.1 ? 0.1 : (in.stated >= 0.1 ? -0.1 : (room > in.stated ? room : -in.stated));
            if (step == 0) step = room > 0 ? room : -in.stated;
        }
        if (step == 0)
            throw InputError("uncertain input '" + in.path + "': the stated prompt shares leave no room to move it; "
                             "lower the stated shares");
        set_feature(f++, (moved(i, in.stated + step) - base) / step);
    }
    if (output_) set_feature(f, (base - moved(*output_, inputs_[*output_].stated * 0.5)) / 0.5);
    for (std::size_t o = 0; o < O; ++o)
        for (std::size_t g = 0; g < F; ++g) coef_sum_(static_cast<Eigen::Index>(o), static_cast<Eigen::Index>(g)) = coef_.row(static_cast<Eigen::Index>(o * F + g)).sum();
    for (std::size_t o = 0; o < O; ++o) {
        storage_sum_[o] = storage_.row(static_cast<Eigen::Index>(o)).sum();
        one_off_sum_[o] = one_off_.row(static_cast<Eigen::Index>(o)).sum();
    }
    check_corners(s, catalog);
}

void CostModel::evaluate(const double* x, std::size_t rows, double* out, std::size_t ld, std::size_t month_option,
                         double* monthly) const {
    const std::size_t k = inputs_.size(), O = labels_.size(), F = feature_count(), M = months_;
    const auto R = static_cast<Eigen::Index>(rows);
    RowMatrix phi(R, static_cast<Eigen::Index>(F));
    RowMatrix growth(growth_ || monthly ? R : 0, static_cast<Eigen::Index>(M));
    Eigen::VectorXd volume(R);
    for (std::size_t r = 0; r < rows; ++r) {
        const auto ri = static_cast<Eigen::Index>(r);
        features(x + r * k, phi.row(ri).data());
        volume(ri) = volume_ratio(x + r * k);
        if (growth.rows() > 0) growth_ratios(x + r * k, growth.row(ri).data());
    }
    // Option-major: option o's costs start at out + o * ld (none when out is null).
    using Strided = Eigen::Map<Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
    if (out) {
        Strided result(out, R, static_cast<Eigen::Index>(O), Eigen::OuterStride<>(static_cast<Eigen::Index>(ld)));
        if (!growth_) {
            result.noalias() = phi * coef_sum_.transpose();
        } else {
            for (std::size_t o = 0; o < O; ++o) {
                const auto c = coef_.middleRows(static_cast<Eigen::Index>(o * F), static_cast<Eigen::Index>(F));  // F x M
                result.col(static_cast<Eigen::Index>(o)) = (growth * c.transpose()).cwiseProduct(phi).rowwise().sum();
            }
        }
        for (std::size_t o = 0; o < O; ++o) {
            double* col = out + o * ld;
            for (std::size_t r = 0; r < rows; ++r)
                col[r] = (one_off_sum_[o] + factor(x + r * k, o) * (volume(static_cast<Eigen::Index>(r)) * col[r] + storage_sum_[o])) * per_year_;
        }
    }
    if (monthly) {
        // Month-major: month m of option `month_option` starts at monthly + m * ld.
        const std::size_t o = month_option;
        const auto oi = static_cast<Eigen::Index>(o);
        const auto c = coef_.middleRows(static_cast<Eigen::Index>(o * F), static_cast<Eigen::Index>(F));
        Strided mon(monthly, R, static_cast<Eigen::Index>(M), Eigen::OuterStride<>(static_cast<Eigen::Index>(ld)));
        mon.noalias() = phi * c;
        for (std::size_t m = 0; m < M; ++m) {
            const auto mi = static_cast<Eigen::Index>(m);
            for (std::size_t r = 0; r < rows; ++r) {
                const auto ri = static_cast<Eigen::Index>(r);
                mon(ri, mi) = one_off_(oi, mi) + factor(x + r * k, o) * (volume(ri) * growth(ri, mi) * mon(ri, mi) + storage_(oi, mi));
            }
        }
    }
}

// The decomposition is exact where the engine's cost is what the header says it is; this asks the engine at the
// corners of the inputs' ranges (all low, all high, and two alternations) and refuses the run where they differ.
void CostModel::check_corners(const Scenario& s, const Catalog& catalog) const {
    const std::size_t k = inputs_.size(), O = labels_.size();
    for (int corner = 0; corner < 4; ++corner) {
        std::vector<double> x = stated();
        std::string where;
        for (std::size_t i = 0; i < k; ++i) {
            const Input& in = inputs_[i];
            if (in.role == Role::price_change || in.role == Role::fx) continue;
            const bool high = corner == 1 || (corner == 2 && i % 2 == 0) || (corner == 3 && i % 2 == 1);
            x[i] = high ? in.dist.highest() : in.dist.lowest();
            where += (where.empty() ? "" : ", ") + in.path + " = " + num(x[i]);
        }
        Comparison c;
        try {
            c = run_scenario(with_values(s, inputs_, x), catalog);
        } catch (const InputError& e) {
            throw InputError("at the edge of the uncertain inputs' ranges (" + where + ") the comparison is refused: " + e.what() +
                             "; narrow the distributions");
        }
        std::vector<double> mine(O);
        evaluate(x.data(), 1, mine.data(), 1);
        for (std::size_t o = 0; o < O; ++o) {
            if (engine_[o]) continue;
            const double engine = c.options[o].per_year.amount();
            if (std::abs(engine - mine[o]) > 1e-9 * std::max(1.0, std::abs(engine)))
                throw InputError("option '" + labels_[o] + "': its cost is not linear in the uncertain inputs over their "
                                 "ranges (at " + where + " the comparison gives " + num(engine) + " a year, the "
                                 "decomposition " + num(mine[o]) + "); this happens when prompts are truncated to the "
                                 "context window while the output length is uncertain; fix that input or that setting");
        }
    }
}

// xoshiro256**, seeded by splitmix64: one stream per block of samples, so the draws do not depend on the thread count.
class Stream {
public:
    Stream(std::uint64_t seed, std::uint64_t block) {
        std::uint64_t z = seed ^ (0x9E3779B97F4A7C15ull * (block + 1));
        for (auto& w : s_) {
            z += 0x9E3779B97F4A7C15ull;
            std::uint64_t v = z;
            v = (v ^ (v >> 30)) * 0xBF58476D1CE4E5B9ull;
            v = (v ^ (v >> 27)) * 0x94D049BB133111EBull;
            w = v ^ (v >> 31);
        }
    }
    // Uniform on (0, 1), held to [kTailProbability, 1 - kTailProbability].
    double uniform() {
        const std::uint64_t r = std::rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = std::rotl(s_[3], 45);
        const double u = (static_cast<double>(r >> 11) + 0.5) * 0x1.0p-53;
        return std::clamp(u, kTailProbability, 1 - kTailProbability);
    }

private:
    std::uint64_t s_[4];
};

constexpr std::size_t kBlock = 16384;  // samples per random stream
constexpr std::size_t kRows = 512;     // samples per evaluation

// The Gaussian copula's factor for the stated rank correlations among the inputs `joint` (those correlated with
// another): Spearman's rho_s is 6/pi asin(rho/2) for a normal pair, so each entry becomes 2 sin(pi rho_s / 6), and
// the factor is V sqrt(Lambda).
RowMatrix copula_factor(const Uncertainty& u, const std::vector<std::size_t>& joint) {
    const std::size_t k = u.inputs.size();
    const auto j = static_cast<Eigen::Index>(joint.size());
    Eigen::MatrixXd m(j, j);
    for (Eigen::Index a = 0; a < j; ++a)
        for (Eigen::Index b = 0; b < j; ++b)
            m(a, b) = a == b ? 1.0
                             : 2 * std::sin(std::numbers::pi *
                                            u.rank_correlation[joint[static_cast<std::size_t>(a)] * k + joint[static_cast<std::size_t>(b)]] / 6);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(m);
    if (es.eigenvalues().minCoeff() < -1e-10)
        throw InputError("the rank correlations are consistent but their normal-score correlations are not (smallest "
                         "eigenvalue " + num(es.eigenvalues().minCoeff()) + "); loosen the strongest correlations");
    const Eigen::VectorXd root = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
    return es.eigenvectors() * root.asDiagonal();
}

// Values at the given ranks (0-based positions in sorted order, ascending) of `v`, whose values lie in [lo, hi]: one
// pass into a histogram of the range, one gathering the needed bins, each sorted alone. `v` is not changed.
std::vector<double> select_ranks(std::span<const double> v, const std::vector<std::size_t>& ranks, double lo, double hi) {
    const std::size_t n = v.size();
    std::vector<double> out(ranks.size(), lo);
    if (hi == lo) return out;
    // Few enough bins that the counts stay in the first-level cache.
    const std::size_t bins = std::clamp<std::size_t>(n / 64, 16, 4096);
    const double scale = static_cast<double>(bins) / (hi - lo);
    auto bin_of = [&](double x) { return std::min(bins - 1, static_cast<std::size_t>((x - lo) * scale)); };
    std::vector<std::uint32_t> count(bins + 1, 0);
    for (double x : v) ++count[bin_of(x) + 1];
    for (std::size_t b = 0; b < bins; ++b) count[b + 1] += count[b];  // count[b]: values below bin b
    std::vector<std::size_t> want(bins, 0);
    std::size_t gathered = 0;
    for (std::size_t r : ranks) {
        const std::size_t b = static_cast<std::size_t>(std::upper_bound(count.begin(), count.end(), r) - count.begin()) - 1;
        if (!want[b]) gathered += count[b + 1] - count[b];
        want[b] = 1;
    }
    if (gathered > n / 4) {  // the values crowd into few bins: select on a copy instead
        std::vector<double> c(v.begin(), v.end());
        std::sort(c.begin(), c.end());
        for (std::size_t i = 0; i < ranks.size(); ++i) out[i] = c[ranks[i]];
        return out;
    }
    std::vector<std::vector<double>> held(bins);
    for (double x : v) {
        const std::size_t b = bin_of(x);
        if (want[b]) held[b].push_back(x);
    }
    for (std::size_t b = 0; b < bins; ++b)
        if (want[b]) std::sort(held[b].begin(), held[b].end());
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        const std::size_t b = static_cast<std::size_t>(std::upper_bound(count.begin(), count.end(), ranks[i]) - count.begin()) - 1;
        out[i] = held[b][ranks[i] - count[b]];
    }
    return out;
}

// Mean, spread and quantiles (numpy's default rule: linear between order statistics) with standard errors.
Range summarise(std::span<const double> v) {
    const std::size_t n = v.size();
    const double dn = static_cast<double>(n);
    Range r;
    // Sums in four lanes over the samples in order: deterministic, and not held up by one long chain of additions.
    double lane[4] = {0, 0, 0, 0}, lo = v[0], hi = v[0];
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (std::size_t l = 0; l < 4; ++l) {
            lane[l] += v[i + l];
            lo = std::min(lo, v[i + l]);
            hi = std::max(hi, v[i + l]);
        }
    for (; i < n; ++i) {
        lane[0] += v[i];
        lo = std::min(lo, v[i]);
        hi = std::max(hi, v[i]);
    }
    const double mean = ((lane[0] + lane[1]) + (lane[2] + lane[3])) / dn;
    double sq[4] = {0, 0, 0, 0};
    for (i = 0; i + 4 <= n; i += 4)
        for (std::size_t l = 0; l < 4; ++l) sq[l] += (v[i + l] - mean) * (v[i + l] - mean);
    for (; i < n; ++i) sq[0] += (v[i] - mean) * (v[i] - mean);
    const double ss = (sq[0] + sq[1]) + (sq[2] + sq[3]);
    r.sd = n > 1 ? std::sqrt(ss / (dn - 1)) : 0;
    r.mean = {mean, r.sd / std::sqrt(dn)};
    std::vector<std::size_t> ranks;
    struct At { std::size_t lo, hi, ci_lo, ci_hi; double frac; };
    std::vector<At> at;
    for (double p : kRangeQuantiles) {
        const double h = (dn - 1) * p;
        const auto below = static_cast<std::size_t>(h);
        const double half = 1.959963984540054 * std::sqrt(dn * p * (1 - p));
        At a{below, std::min(below + 1, n - 1), static_cast<std::size_t>(std::max(0.0, std::floor(dn * p - half))),
             static_cast<std::size_t>(std::min(dn - 1, std::ceil(dn * p + half))), h - static_cast<double>(below)};
        at.push_back(a);
        ranks.insert(ranks.end(), {a.lo, a.hi, a.ci_lo, a.ci_hi});
    }
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    const std::vector<double> val = select_ranks(v, ranks, lo, hi);
    auto value = [&](std::size_t rank) { return val[static_cast<std::size_t>(std::lower_bound(ranks.begin(), ranks.end(), rank) - ranks.begin())]; };
    for (const At& a : at) {
        const double q = value(a.lo) + a.frac * (value(a.hi) - value(a.lo));
        r.quantiles.push_back({q, (value(a.ci_hi) - value(a.ci_lo)) / (2 * 1.959963984540054)});
    }
    r.min = lo;
    r.max = hi;
    return r;
}

Estimate share_above(std::span<const double> v, double threshold, bool strictly) {
    std::size_t c = 0;
    for (double x : v) c += strictly ? x > threshold : x >= threshold;
    const double n = static_cast<double>(v.size()), p = static_cast<double>(c) / n;
    return {p, std::sqrt(p * (1 - p) / n)};
}

// Runs `work(block)` for every block on `threads` threads; rethrows the first error.
template <class Work>
void for_blocks(std::size_t blocks, unsigned threads, Work work) {
    unsigned t = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    t = static_cast<unsigned>(std::min<std::size_t>(t, blocks));
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex m;
    auto run = [&] {
        for (std::size_t b; (b = next.fetch_add(1)) < blocks;) {
            try {
                work(b);
            } catch (...) {
                std::lock_guard lock(m);
                if (!error) error = std::current_exception();
                next = blocks;
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < t; ++i) pool.emplace_back(run);
    run();
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
}

std::optional<std::size_t> find_option(const Scenario& s, const std::vector<std::string>& labels, const std::string& name) {
    for (std::size_t o = 0; o < labels.size(); ++o)
        if (labels[o] == name) return o;
    for (std::size_t o = 0; o < s.options.size(); ++o)
        if (s.options[o].offering_id == name) return o;
    return std::nullopt;
}

std::optional<std::size_t> claim_option(const Scenario& s) {
    if (!s.claim) return std::nullopt;
    const Option& c = s.claim->candidate;
    for (std::size_t o = 0; o < s.options.size(); ++o)
        if (s.options[o].offering_id == c.offering_id && s.options[o].service_tier == c.service_tier &&
            s.options[o].scope == c.scope && !s.options[o].offering_id.empty())
            return o;
    return std::nullopt;
}

}  // namespace

const std::vector<InputPath>& uncertain_input_paths() { return kPaths; }

MonteCarloResult monte_carlo(const Scenario& s, const Catalog& catalog, const MonteCarloOptions& options) {
    const std::uint64_t n = options.samples;
    if (n < 1 || n > kMaxSamples)
        throw InputError("samples must be between 1 and " + format_count(static_cast<double>(kMaxSamples)) + " (got " +
                         format_count(static_cast<double>(n)) + ")");
    if (s.uncertainty.empty())
        throw InputError("scenario '" + s.name + "' states no uncertain inputs; add an `uncertainty:` section "
                         "(docs/uncertainty.md)");
    const std::size_t O = s.options.size(), k = s.uncertainty.inputs.size(), M = static_cast<std::size_t>(s.settings.period.months);
    // Inputs, costs and savings per sample, and one option's months at a time for the fan.
    const double bytes = static_cast<double>(n) * 8.0 * static_cast<double>(k + 2 * O + 3 + (options.monthly ? M : 0));
    if (bytes > kMaxSampleBytes)
        throw InputError(format_count(static_cast<double>(n)) + " samples of " + std::to_string(O) + " options would take " +
                         format_number(bytes / (1024.0 * 1024 * 1024), 3) + " GiB, above the limit of " +
                         format_number(kMaxSampleBytes / (1024.0 * 1024 * 1024), 3) + " GiB; draw fewer samples");

    const CostModel model(s, catalog);
    const auto& inputs = model.inputs();
    if (model.any_engine_priced() && n > kMaxReplannedSamples)
        throw InputError("the scenario has options the engine prices draw by draw (self-hosted, hybrid, per task or "
                         "with credits), about a comparison a draw: draw at most " +
                         format_count(static_cast<double>(kMaxReplannedSamples)) + " samples (got " +
                         format_count(static_cast<double>(n)) + ")");
    // Inputs correlated with another are drawn together through a Gaussian copula; the others alone. Each input
    // takes one uniform per sample from the block's stream, in input order.
    std::vector<std::size_t> joint;
    std::vector<char> in_joint(k, 0);
    const auto& rc = s.uncertainty.rank_correlation;
    for (std::size_t i = 0; i < k && !rc.empty(); ++i)
        for (std::size_t j = 0; j < k; ++j)
            if (i != j && rc[i * k + j] != 0) {
                joint.push_back(i);
                in_joint[i] = 1;
                break;
            }
    const RowMatrix factor = joint.empty() ? RowMatrix() : copula_factor(s.uncertainty, joint);
    // A normal or lognormal input is drawn through its normal score.
    std::vector<char> by_score(k);
    for (std::size_t i = 0; i < k; ++i)
        by_score[i] = inputs[i].dist.kind() == Distribution::Kind::normal || inputs[i].dist.kind() == Distribution::Kind::lognormal;
    std::vector<double> x(n * k), cost(n * O);
    const std::size_t blocks = (n + kBlock - 1) / kBlock;
    for_blocks(blocks, options.threads, [&](std::size_t b) {
        Stream rng(options.seed, b);
        const std::size_t first = b * kBlock, last = std::min<std::size_t>(n, first + kBlock);
        const auto J = static_cast<Eigen::Index>(joint.size());
        Eigen::VectorXd z(J), zc(J);
        for (std::size_t r = first; r < last; ++r) {
            double* row = &x[r * k];
            Eigen::Index next = 0;
            for (std::size_t i = 0; i < k; ++i) {
                const Distribution& d = inputs[i].dist;
                const double ui = rng.uniform();
                if (in_joint[i]) z(next++) = normal_quantile_fast(ui);
                else row[i] = by_score[i] ? d.at_score(normal_quantile_fast(ui)) : d.quantile(ui);
            }
            if (J > 0) {
                zc.noalias() = factor * z;
                for (Eigen::Index a = 0; a < J; ++a) row[joint[static_cast<std::size_t>(a)]] = inputs[joint[static_cast<std::size_t>(a)]].dist.at_score(zc(a));
            }
        }
        for (std::size_t r = first; r < last; r += kRows) {
            const std::size_t rows = std::min(kRows, last - r);
            model.evaluate(&x[r * k], rows, &cost[r], n);
        }
    });
    // The options the engine prices: a comparison at each draw, in small chunks so that every core takes part.
    std::vector<std::size_t> replanned;
    std::vector<char> engine(O, 0);
    for (std::size_t o = 0; o < O; ++o)
        if (model.engine_priced(o)) {
            replanned.push_back(o);
            engine[o] = 1;
        }
    std::vector<std::vector<double>> replanned_months(options.monthly ? replanned.size() : 0, std::vector<double>(options.monthly ? n * M : 0));
    const bool tasks = s.settings.tasks.has_value();
    std::vector<double> task_cost(tasks ? n * O : 0);  // option-major, like the costs per year
    if (!replanned.empty()) {
        constexpr std::size_t kChunk = 16;
        for_blocks((n + kChunk - 1) / kChunk, options.threads, [&](std::size_t b) {
            std::vector<double> months, per_task;
            for (std::size_t r = b * kChunk; r < std::min<std::size_t>(n, (b + 1) * kChunk); ++r) {
                const std::vector<double> at(x.begin() + static_cast<std::ptrdiff_t>(r * k), x.begin() + static_cast<std::ptrdiff_t>((r + 1) * k));
                const std::vector<double> c = engine_costs(s, catalog, inputs, at, options.monthly ? &months : nullptr,
                                                           tasks ? &per_task : nullptr, &engine);
                if (tasks)
                    for (std::size_t o = 0; o < O; ++o) task_cost[o * n + r] = per_task[o];
                for (std::size_t e = 0; e < replanned.size(); ++e) {
                    const std::size_t o = replanned[e];
                    cost[o * n + r] = c[o];
                    if (options.monthly)
                        for (std::size_t m = 0; m < M; ++m) replanned_months[e][m * n + r] = months[o * M + m];
                }
            }
        });
    }

    MonteCarloResult out;
    out.scenario = s.name;
    for (const auto& in : inputs) {
        out.inputs.push_back(in.path);
        out.distributions.push_back(in.dist.describe());
    }
    out.options = model.labels();
    out.baseline = s.baseline;
    out.currency = s.settings.currency;
    out.samples = n;
    out.seed = options.seed;
    out.period = s.settings.period;
    for (const auto& mc : model.nominal().options.front().months) out.months.push_back(mc.month);
    for (const auto& rep : model.nominal().options) out.nominal_per_year.push_back(rep.per_year.amount());

    if (s.claim && s.claim->saving_per_year.currency() != s.settings.currency)
        throw InputError("the claim is stated in " + s.claim->saving_per_year.currency().code() + " and the report in " +
                         s.settings.currency.code() + "; state the claim in the reporting currency");
    out.claim_option = claim_option(s);
    if (s.claim && !out.claim_option)
        out.notes.push_back("the claim's candidate is not among the options, so its odds are not given");
    const double* baseline_cost = &cost[s.baseline * n];
    std::vector<double> saving(n);
    for (std::size_t o = 0; o < O; ++o) {
        const double* c = &cost[o * n];
        for (std::size_t r = 0; r < n; ++r) saving[r] = baseline_cost[r] - c[r];
        out.per_year.push_back(summarise(std::span<const double>(c, n)));
        out.saving_per_year.push_back(summarise(saving));
        out.probability_cheaper.push_back(share_above(saving, 0, true));
        if (out.claim_option == o) {
            out.claimed_saving = s.claim->saving_per_year.amount();
            out.probability_claim = share_above(saving, out.claimed_saving, false);
        }
    }

    if (tasks)
        for (std::size_t o = 0; o < O; ++o) {
            const auto& tc = model.nominal().task_costs;
            out.nominal_per_successful_task.push_back(o < tc.size() && tc[o] ? tc[o]->cost_per_successful_task : 0.0);
            out.per_successful_task.push_back(summarise(std::span<const double>(&task_cost[o * n], n)));
        }
    if (options.monthly) {
        std::vector<double> mon(n * M);
        out.monthly_quantiles.assign(O, {});
        out.monthly_mean.assign(O, {});
        for (std::size_t o = 0; o < O; ++o) {
            const auto e = std::find(replanned.begin(), replanned.end(), o);
            if (e == replanned.end())
                for_blocks((n + kRows - 1) / kRows, options.threads, [&](std::size_t b) {
                    const std::size_t r = b * kRows, rows = std::min<std::size_t>(kRows, n - r);
                    model.evaluate(&x[r * k], rows, nullptr, n, o, &mon[r]);
                });
            const std::vector<double>& months = e == replanned.end() ? mon : replanned_months[static_cast<std::size_t>(e - replanned.begin())];
            for (std::size_t m = 0; m < M; ++m) {
                const Range q = summarise(std::span<const double>(&months[m * n], n));
                std::vector<double> qs;
                for (const auto& est : q.quantiles) qs.push_back(est.value);
                out.monthly_quantiles[o].push_back(std::move(qs));
                out.monthly_mean[o].push_back(q.mean.value);
            }
        }
    }
    if (options.keep_samples) out.per_year_samples = std::move(cost);
    if (options.keep_samples) out.input_samples = std::move(x);
    return out;
}

Decomposition decompose(const Scenario& s, const Catalog& catalog) {
    const CostModel m(s, catalog);
    Decomposition d;
    for (const Input& in : m.inputs_) {
        d.inputs.push_back(in.path);
        d.stated.push_back(in.stated);
        static const char* names[] = {"volume", "affine", "affine", "affine", "reasoning_share", "affine", "output_mean",
                                      "input_mean", "growth_yearly", "growth_monthly", "price_change", "fx", "throughput",
                                      "utilisation", "success_rate"};
        d.roles.push_back(names[static_cast<int>(in.role)]);
    }
    d.feature_input.push_back(-1);
    for (std::size_t i : m.affine_) d.feature_input.push_back(static_cast<int>(i));
    if (m.output_) d.feature_input.push_back(static_cast<int>(*m.output_));
    d.options = m.labels_;
    d.months = m.months_;
    d.coefficients.assign(m.coef_.data(), m.coef_.data() + m.coef_.size());
    d.storage.assign(m.storage_.data(), m.storage_.data() + m.storage_.size());
    d.one_off.assign(m.one_off_.data(), m.one_off_.data() + m.one_off_.size());
    d.factor_inputs = m.factors_;
    d.growth_stated = m.growth_stated_;
    d.per_year = m.per_year_;
    return d;
}

namespace {

// Whether every option can be taken apart (CostModel), so a point costs no comparison.
bool decomposable(const Scenario& s) {
    const std::vector<char> engine = engine_priced_options(s);
    return std::none_of(engine.begin(), engine.end(), [](char e) { return e != 0; });
}

// The cost per year of every option at given input values, for a tornado or a sweep: from the decomposition where
// the scenario has one, else from the comparison engine itself at each point (exact for self-hosted plans too, at a
// comparison a point).
class PointModel {
public:
    PointModel(const Scenario& s, const Catalog& catalog) : s_(s), catalog_(catalog) {
        if (s.uncertainty.empty())
            throw InputError("scenario '" + s.name + "' states no uncertain inputs; add an `uncertainty:` section "
                             "(docs/uncertainty.md)");
        if (decomposable(s)) {
            fast_.emplace(s, catalog);
            inputs_ = fast_->inputs();
            labels_ = fast_->labels();
            return;
        }
        s.uncertainty.validate();
        nominal_ = run_scenario(s, catalog);
        for (const Option& o : s.options) labels_.push_back(o.display_label());
        inputs_ = resolve_inputs(s, nominal_, labels_);
    }
    const std::vector<Input>& inputs() const { return inputs_; }
    const std::vector<std::string>& labels() const { return labels_; }
    std::vector<double> medians() const {
        std::vector<double> x;
        for (const auto& in : inputs_) x.push_back(in.dist.median());
        return x;
    }
    std::vector<double> per_year(const std::vector<double>& x) const {
        std::vector<double> cost(labels_.size());
        if (fast_) {
            fast_->evaluate(x.data(), 1, cost.data(), 1);
            return cost;
        }
        return engine_costs(s_, catalog_, inputs_, x);
    }
    // What the tornado compares: the cost per year, or with tasks the cost per successful task.
    bool per_task() const { return s_.settings.tasks.has_value(); }
    std::vector<double> measure(const std::vector<double>& x) const {
        if (!per_task()) return per_year(x);
        std::vector<double> task;
        engine_costs(s_, catalog_, inputs_, x, nullptr, &task);
        return task;
    }
    // The calibration spread of a self-hosted or hybrid option's throughput profile (0 for an API option).
    double spread(std::size_t o) const {
        const Option& opt = s_.options[o];
        if (!opt.self_hosted || !catalog_.has_hardware()) return 0;
        return Replica(catalog_.hardware(), opt.self_hosted->deployment).efficiency().spread;
    }

private:
    const Scenario& s_;
    const Catalog& catalog_;
    std::optional<CostModel> fast_;
    Comparison nominal_;
    std::vector<Input> inputs_;
    std::vector<std::string> labels_;
};

}  // namespace

Tornado tornado(const Scenario& s, const Catalog& catalog, const std::string& candidate) {
    const PointModel model(s, catalog);
    const std::size_t O = model.labels().size();
    std::vector<double> x = model.medians();
    std::vector<double> cost = model.measure(x);
    Tornado t;
    if (model.per_task()) t.measure = "per successful task";
    t.currency = s.settings.currency;
    t.baseline = model.labels()[s.baseline];
    std::optional<std::size_t> c;
    if (!candidate.empty()) {
        c = find_option(s, model.labels(), candidate);
        if (!c) throw InputError("no option has the label or offering id '" + candidate + "'");
    } else if (const auto co = claim_option(s)) {
        c = co;
    } else {
        for (std::size_t o = 0; o < O; ++o)
            if (o != s.baseline && (!c || cost[o] < cost[*c])) c = o;
    }
    if (!c || *c == s.baseline) throw InputError("a tornado needs a candidate other than the baseline");
    t.candidate = model.labels()[*c];
    auto saving = [&](const std::vector<double>& at) {
        cost = model.measure(at);
        return cost[s.baseline] - cost[*c];
    };
    t.base_saving = saving(x);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const Distribution& d = model.inputs()[i].dist;
        if (d.kind() == Distribution::Kind::fixed) continue;
        TornadoBar bar{model.inputs()[i].path, d.quantile(0.1), d.quantile(0.9), 0, 0, 0};
        std::vector<double> at = x;
        at[i] = bar.low_value;
        bar.saving_at_low = saving(at);
        at[i] = bar.high_value;
        bar.saving_at_high = saving(at);
        bar.swing = std::abs(bar.saving_at_high - bar.saving_at_low);
        t.bars.push_back(bar);
    }
    // The engine's own spread: a self-hosted baseline or candidate whose throughput the scenario does not make
    // uncertain swings by its profile's calibration error (leave-one-model-out; twice that for a transferred profile).
    for (std::size_t o : {s.baseline, *c}) {
        const double spread = model.spread(o);
        const bool stated = std::any_of(model.inputs().begin(), model.inputs().end(), [&](const Input& in) {
            return in.role == Role::throughput && std::find(in.options.begin(), in.options.end(), o) != in.options.end();
        });
        if (spread <= 0 || stated || (o == *c && o == s.baseline)) continue;
        Scenario varied = s;
        TornadoBar bar{"throughput." + model.labels()[o] + " (calibration spread)", 1 - std::min(spread, 0.9), 1 + spread, 0, 0, 0};
        for (int end = 0; end < 2; ++end) {
            const double scale = s.options[o].self_hosted->throughput_scale * (end == 0 ? bar.low_value : bar.high_value);
            varied.options[o].self_hosted->throughput_scale = scale;
            const PointModel at(varied, catalog);
            const std::vector<double> v = at.measure(x);
            (end == 0 ? bar.saving_at_low : bar.saving_at_high) = v[s.baseline] - v[*c];
        }
        bar.swing = std::abs(bar.saving_at_high - bar.saving_at_low);
        t.bars.push_back(bar);
    }
    std::stable_sort(t.bars.begin(), t.bars.end(), [](const TornadoBar& a, const TornadoBar& b) { return a.swing > b.swing; });
    return t;
}

Sweep sweep(const Scenario& s, const Catalog& catalog, const std::string& input, std::vector<double> values, int points) {
    const PointModel model(s, catalog);
    const auto& inputs = model.inputs();
    const auto it = std::find_if(inputs.begin(), inputs.end(), [&](const Input& in) { return in.path == input; });
    if (it == inputs.end()) throw InputError("'" + input + "' is not one of the scenario's uncertain inputs");
    const std::size_t i = static_cast<std::size_t>(it - inputs.begin());
    if (values.empty()) {
        if (points < 2 || points > 10'000) throw InputError("a sweep takes 2 to 10,000 points (got " + std::to_string(points) + ")");
        const double lo = it->dist.quantile(0.01), hi = it->dist.quantile(0.99);
        for (int p = 0; p < points; ++p) values.push_back(lo + (hi - lo) * p / (points - 1));
    }
    if (values.size() > 10'000) throw InputError("a sweep takes at most 10,000 values");
    // The range the decomposition was checked over (a bounded distribution's own ends included).
    const double lo = it->dist.lowest(), hi = it->dist.highest(), slack = 1e-8 * (hi - lo);
    for (double v : values)
        if (!std::isfinite(v) || v < lo - slack || v > hi + slack)
            throw InputError("sweep value " + num(v) + " of '" + input + "' lies outside what its distribution draws (" +
                             num(lo) + " to " + num(hi) + ")");
    Sweep out;
    out.input = input;
    out.values = values;
    out.options = model.labels();
    out.baseline = s.baseline;
    out.currency = s.settings.currency;
    const std::size_t O = model.labels().size();
    out.saving_per_year.assign(O, {});
    std::vector<double> x = model.medians();
    for (double v : values) {
        x[i] = v;
        const std::vector<double> cost = model.per_year(x);
        for (std::size_t o = 0; o < O; ++o) out.saving_per_year[o].push_back(cost[s.baseline] - cost[o]);
    }
    return out;
}

}  // namespace infercost
