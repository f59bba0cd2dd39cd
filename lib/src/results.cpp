#include "infercost/core/table.hpp"

#include "infercost/detail/format.hpp"
#include "infercost/core/error.hpp"
#include "infercost/results.hpp"

#include "table_columns.hpp"

#include <algorithm>
#include <cmath>
#include <array>
#include <tuple>
#include <utility>

namespace infercost {

using namespace table_columns;

namespace {

Cell count(long long n) { return static_cast<std::int64_t>(n); }

std::string join(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

// The cost lines any of the reports has (in CostLine order).
std::vector<CostLine> lines_used(const std::vector<const CostLines*>& all) {
    std::vector<CostLine> used;
    for (CostLine l : kAllCostLines)
        for (const CostLines* a : all)
            if ((*a)[static_cast<std::size_t>(l)] != 0) {
                used.push_back(l);
                break;
            }
    return used;
}

}  // namespace

Table comparison_table(const Comparison& c) {
    const Currency& cur = c.settings.currency;
    Table t("comparison", {text("option"), text("kind"), text("offering"), text("service_tier", "service tier"),
                           of_kind("baseline", ColumnKind::boolean, "baseline"),
                           money("cost_per_year", "cost/year", cur, "per year"),
                           money("saving_per_year", "saving/year", cur, "per year"),
                           of_kind("saving_share", ColumnKind::share, "saving %"),
                           money("cost_per_request", "cost/request", cur, "per request"),
                           of_kind("requests", ColumnKind::number, "requests")});
    for (std::size_t i = 0; i < c.options.size(); ++i) {
        const CostReport& r = c.options[i];
        const bool self_hosted = i < c.self_hosted.size() && c.self_hosted[i].has_value();
        const std::string kind = i < c.specs.size() ? std::string(option_kind_name(c.specs[i].kind()))
                                                    : std::string(self_hosted ? "self_hosted" : "api");
        t.add_row({r.label, kind, opt_text(r.offering_id),
                   std::string(service_tier_name(r.service_tier)), i == c.baseline, money_cell(r.per_year),
                   money_cell(c.saving_per_year(i)), c.saving_share(i),
                   r.requests > 0 ? money_cell(r.cost_per_request()) : Cell{}, r.requests});
    }
    t.title = std::to_string(c.options.size()) + " options over " + std::to_string(c.settings.period.months) +
              " months from " + format_date(c.settings.period.start) + ", baseline " +
              c.options.at(c.baseline).label + " (" + cur.code() + ")";
    t.notes.push_back("exchange rates in force on " + format_date(c.settings.effective_fx_date()));
    return t;
}

Table by_meter_table(const Comparison& c, bool every_line) {
    const Currency& cur = c.settings.currency;
    std::vector<const CostLines*> all;
    for (const auto& r : c.options) all.push_back(&r.by_meter);
    const std::vector<CostLine> used =
        every_line ? std::vector<CostLine>(kAllCostLines.begin(), kAllCostLines.end()) : lines_used(all);
    std::vector<Column> cols{text("option")};
    for (CostLine l : used) {
        std::string name(cost_line_name(l));
        std::string heading = name;
        std::replace(heading.begin(), heading.end(), '_', ' ');
        cols.push_back(money(name, heading, cur, "per year"));
    }
    Table t("by_meter", std::move(cols));
    const double scale = 12.0 / c.settings.period.months;
    for (const auto& r : c.options) {
        std::vector<Cell> row{r.label};
        for (CostLine l : used) row.push_back(r.by_meter[static_cast<std::size_t>(l)] * scale);
        t.add_row(std::move(row));
    }
    t.title = "Yearly cost by cost line (" + cur.code() + ")";
    return t;
}

Table monthly_table(const Comparison& c) {
    const Currency& cur = c.settings.currency;
    std::vector<Column> cols{of_kind("month", ColumnKind::date, "month")};
    for (const auto& r : c.options) cols.push_back(Column{r.label, ColumnKind::money, r.label + " " + cur.code(), cur, {}, "per month"});
    Table t("monthly", std::move(cols));
    const std::size_t months = c.options.empty() ? 0 : c.options.front().months.size();
    for (std::size_t m = 0; m < months; ++m) {
        std::vector<Cell> row{c.options.front().months[m].month};
        for (const auto& r : c.options) {
            if (m < r.months.size()) row.emplace_back(r.months[m].total);
            else row.emplace_back();  // an option whose report has no such month: missing, not zero
        }
        t.add_row(std::move(row));
    }
    t.title = "Cost per month and option (" + cur.code() + ")";
    return t;
}

std::string_view grouping_name(Grouping g) {
    switch (g) {
        case Grouping::month: return "month";
        case Grouping::quarter: return "quarter";
        case Grouping::year: return "year";
    }
    return "month";
}

std::optional<Grouping> grouping_from_name(std::string_view name) {
    for (Grouping g : {Grouping::month, Grouping::quarter, Grouping::year})
        if (grouping_name(g) == name) return g;
    return std::nullopt;
}

namespace {
// The months of a report grouped into periods: (first month index, one past the last).
std::vector<std::pair<std::size_t, std::size_t>> periods_of(const std::vector<MonthCost>& months, Grouping by) {
    using namespace std::chrono;
    auto key = [&](Date d) {
        const year_month_day ymd(d);
        const int y = static_cast<int>(ymd.year());
        const unsigned m = unsigned(ymd.month());
        switch (by) {
            case Grouping::month: return y * 100 + static_cast<int>(m);
            case Grouping::quarter: return y * 100 + static_cast<int>((m - 1) / 3);
            case Grouping::year: return y * 100;
        }
        return 0;
    };
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t m = 0; m < months.size(); ++m) {
        if (out.empty() || key(months[m].month) != key(months[out.back().first].month)) out.push_back({m, m});
        out.back().second = m + 1;
    }
    return out;
}

std::string period_heading(Grouping by) { return by == Grouping::month ? "month" : by == Grouping::quarter ? "quarter from" : "year from"; }
}  // namespace

Table projection_table(const Comparison& c, Grouping by) {
    const Currency& cur = c.settings.currency;
    std::vector<const CostLines*> all;
    for (const auto& r : c.options) all.push_back(&r.by_meter);
    const std::vector<CostLine> used = lines_used(all);
    const std::string per = "per " + std::string(grouping_name(by));
    std::vector<Column> cols{of_kind("period", ColumnKind::date, period_heading(by)), text("option"),
                             of_kind("requests", ColumnKind::number, "requests")};
    for (CostLine l : used) {
        std::string heading(cost_line_name(l));
        std::replace(heading.begin(), heading.end(), '_', ' ');
        cols.push_back(money(std::string(cost_line_name(l)), heading, cur, per));
    }
    cols.push_back(money("cost", "cost", cur, per));
    cols.push_back(money("cash", "cash", cur, per));
    Table t("projection", std::move(cols));
    for (const auto& r : c.options)
        for (const auto& [a, b] : periods_of(r.months, by)) {
            double requests = 0, cost = 0, cash = 0;
            CostLines lines{};
            for (std::size_t m = a; m < b; ++m) {
                requests += r.months[m].requests;
                cost += r.months[m].total;
                cash += r.months[m].cash;
                for (std::size_t k = 0; k < kCostLineCount; ++k) lines[k] += r.months[m].by_meter[k];
            }
            std::vector<Cell> row{r.months[a].month, r.label, requests};
            for (CostLine l : used) row.emplace_back(lines[static_cast<std::size_t>(l)]);
            row.emplace_back(cost);
            row.emplace_back(cash);
            t.add_row(std::move(row));
        }
    t.title = "Cost " + per + " and option by cost line (" + cur.code() + ")";
    return t;
}

Table savings_table(const Comparison& c, Grouping by) {
    const Currency& cur = c.settings.currency;
    const std::string per = "per " + std::string(grouping_name(by));
    Table t("savings", {of_kind("period", ColumnKind::date, period_heading(by)), text("option"), money("cost", "cost", cur, per),
                        money("saving", "saving", cur, per), money("cash_saving", "cash saving", cur, per),
                        money("cumulative_saving", "cumulative saving", cur)});
    for (std::size_t i = 0; i < c.options.size(); ++i) {
        if (i == c.baseline) continue;
        const Savings s = savings(c, i);
        const CostReport& r = c.options[i];
        for (const auto& [a, b] : periods_of(r.months, by)) {
            double cost = 0, saving = 0, cash = 0;
            for (std::size_t m = a; m < b && m < s.saving.size(); ++m) {
                cost += r.months[m].total;
                saving += s.saving[m];
                cash += s.cash_saving[m];
            }
            t.add_row({r.months[a].month, r.label, cost, saving, cash, s.cumulative.at(b - 1)});
        }
    }
    t.title = "Saving " + per + " against " + c.options.at(c.baseline).label + " (" + cur.code() + ")";
    t.notes.push_back("cumulative saving: of the cash saving (one-off costs when paid, owned servers bought outright)");
    return t;
}

Table finance_table(const Comparison& c) {
    const Currency& cur = c.settings.currency;
    Table t("finance", {text("option"), money("saving", "saving", cur, "over the horizon"),
                        money("cash_saving", "cash saving", cur, "over the horizon"), of_kind("payback", ColumnKind::date, "payback month"),
                        of_kind("payback_months", ColumnKind::integer, "payback months"), money("npv", "NPV", cur),
                        of_kind("irr", ColumnKind::share, "IRR %")});
    for (std::size_t i = 0; i < c.options.size(); ++i) {
        if (i == c.baseline) continue;
        const Savings s = savings(c, i);
        t.add_row({s.option, s.total, s.cash_total, s.payback ? Cell{s.months[*s.payback]} : Cell{},
                   s.payback ? count(static_cast<long long>(*s.payback) + 1) : Cell{}, s.npv ? Cell{*s.npv} : Cell{},
                   s.irr ? Cell{*s.irr} : Cell{}});
    }
    t.title = "Savings against " + c.options.at(c.baseline).label + " over " + std::to_string(c.settings.period.months) +
              " months from " + format_date(c.settings.period.start) + " (" + cur.code() + ")";
    if (c.settings.discount_rate)
        t.notes.push_back("NPV at " + format_number(100 * *c.settings.discount_rate, 4) +
                          "% a year, each month's cash discounted from its first day");
    else
        t.notes.push_back("no discount rate stated: add discount_rate to the scenario for the NPV");
    t.notes.push_back("payback and IRR on the cash saving: one-off costs when paid, owned servers bought outright");
    return t;
}

Table task_table(const Comparison& c) {
    if (!c.settings.tasks) throw InputError("the comparison describes no tasks; add a tasks section to the scenario");
    const Currency& cur = c.settings.currency;
    Table t("tasks", {text("option"), of_kind("requests_per_task", ColumnKind::number, "requests/task"),
                      of_kind("token_ratio", ColumnKind::number, "token ratio"),
                      of_kind("reasoning_tokens_per_request", ColumnKind::number, "reasoning tokens/request"),
                      of_kind("input_tokens_per_task", ColumnKind::number, "input tokens/task"),
                      of_kind("output_tokens_per_task", ColumnKind::number, "output tokens/task"),
                      of_kind("success_rate", ColumnKind::share, "success %"), money("cost_per_task", "cost/task", cur, "per task"),
                      money("cost_per_successful_task", "cost/successful task", cur, "per task")});
    for (std::size_t i = 0; i < c.options.size(); ++i) {
        const TaskCost& k = c.task_costs.at(i).value();
        t.add_row({c.options[i].label, k.requests_per_task, k.token_ratio, k.reasoning_tokens_per_request, k.input_tokens_per_task,
                   k.output_tokens_per_task, k.success_rate, k.cost_per_task, k.cost_per_successful_task});
    }
    const Tasks& tk = *c.settings.tasks;
    t.title = "Cost per successful task" + (tk.name.empty() ? std::string() : " (" + tk.name + ")") + ", " +
              format_count(c.task_costs.empty() || !c.task_costs.front() ? 0.0 : c.task_costs.front()->tasks) + " tasks over " +
              std::to_string(c.settings.period.months) + " months (" + cur.code() + ")";
    if (!tk.tokenizer.empty()) t.notes.push_back("token counts measured on the " + tk.tokenizer + " tokenizer; ratios from the tokenizer table");
    return t;
}

namespace {
struct FocusMeter {
    const char* sku_meter;
    const char* consumed_unit;
    const char* pricing_unit;
    double per_pricing_unit;  // consumed units in one pricing unit
    const char* direction;     // TokenDirection, or nullptr
    const char* cache_action;  // TokenCacheAction, or nullptr
};
// How each price-list meter reads in FOCUS (SkuMeter names as in FOCUS's AI billing examples).
FocusMeter focus_meter(Meter m) {
    switch (m) {
        case Meter::input: return {"Input Tokens", "Tokens", "1000000 Tokens", 1e6, "Input", "Uncached"};
        case Meter::cached_input: return {"Cache Read Input Tokens", "Tokens", "1000000 Tokens", 1e6, "Input", "Read"};
        case Meter::cache_write: return {"Cache Write Input Tokens", "Tokens", "1000000 Tokens", 1e6, "Input", "Write"};
        case Meter::cache_write_long: return {"Cache Write Input Tokens (long retention)", "Tokens", "1000000 Tokens", 1e6, "Input", "Write"};
        case Meter::output: return {"Output Tokens", "Tokens", "1000000 Tokens", 1e6, "Output", nullptr};
        case Meter::reasoning: return {"Reasoning Tokens", "Tokens", "1000000 Tokens", 1e6, "Output", nullptr};
        case Meter::request: return {"Requests", "Requests", "Requests", 1, nullptr, nullptr};
        case Meter::web_search: return {"Web Search Requests", "Requests", "Requests", 1, nullptr, nullptr};
        case Meter::cache_storage: return {"Context Cache Storage", "Token-Hours", "1000000 Token-Hours", 1e6, nullptr, nullptr};
    }
    return {"", "", "", 1, nullptr, nullptr};
}

// The reports whose lines are priced usage: an option's parts, down to plain API and self-hosted ones.
void leaves_of(const CostReport& r, std::vector<const CostReport*>& out) {
    if (r.parts.empty()) {
        out.push_back(&r);
        return;
    }
    for (const CostReport& p : r.parts) leaves_of(p, out);
}

std::string json_text(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
    }
    return out + "\"";
}
}  // namespace

Table focus_table(const Comparison& c, const Catalog& catalog) {
    const Currency& cur = c.settings.currency;
    Table t("focus", {money("BilledCost", "BilledCost", cur), money("EffectiveCost", "EffectiveCost", cur),
                      money("ContractedCost", "ContractedCost", cur), money("ListCost", "ListCost", cur),
                      money("ListUnitPrice", "ListUnitPrice", cur, "per pricing unit"),
                      money("ContractedUnitPrice", "ContractedUnitPrice", cur, "per pricing unit"),
                      of_kind("PricingQuantity", ColumnKind::number, "PricingQuantity"), text("PricingUnit"),
                      of_kind("ConsumedQuantity", ColumnKind::number, "ConsumedQuantity"), text("ConsumedUnit"),
                      of_kind("ChargePeriodStart", ColumnKind::timestamp, "ChargePeriodStart"),
                      of_kind("ChargePeriodEnd", ColumnKind::timestamp, "ChargePeriodEnd"),
                      of_kind("BillingPeriodStart", ColumnKind::timestamp, "BillingPeriodStart"),
                      of_kind("BillingPeriodEnd", ColumnKind::timestamp, "BillingPeriodEnd"), text("BillingCurrency"),
                      text("ChargeCategory"), text("ChargeDescription"), text("PricingCategory"), text("ServiceProviderName"),
                      text("HostProviderName"), text("InvoiceIssuerName"), text("ServiceCategory"), text("ServiceSubcategory"),
                      text("ServiceName"), text("SkuId"), text("SkuMeter"), text("SkuPriceDetails"), text("x_Option"),
                      text("x_Part")});
    auto provider_name = [&](const std::string& id) {
        for (const Provider& p : catalog.providers())
            if (p.id == id) return p.name;
        return id;
    };
    auto midnight = [](Date d) { return Timestamp(std::chrono::sys_days(d)); };
    const std::string currency = cur.code();
    for (std::size_t i = 0; i < c.options.size(); ++i) {
        const CostReport& top = c.options[i];
        const std::size_t n = top.months.size();
        auto period_end = [&](std::size_t m) { return m + 1 < n ? top.months[m + 1].month : top.period.end(); };
        std::vector<const CostReport*> leaves;
        leaves_of(top, leaves);
        for (const CostReport* leaf : leaves) {
            const bool owned = leaf->provider.empty() && leaf->offering_id.empty();
            const std::string provider = owned ? std::string("Owned hardware") : provider_name(leaf->provider);
            const std::string service = leaf->offering_id.empty() ? "Self-hosted " + leaf->model : leaf->offering_id;
            const std::string developer = [&] {
                if (leaf->offering_id.empty()) return std::string();
                for (const Provider& p : catalog.providers())
                    if (p.id == leaf->provider) return p.model_developer;
                return std::string();
            }();
            for (std::size_t m = 0; m < n && m < leaf->months.size(); ++m) {
                const MonthCost& mc = leaf->months[m];
                const double list_total = discountable(mc);
                const double discount = mc.by_meter[static_cast<std::size_t>(CostLine::discount)];
                const double kept = list_total != 0 ? 1 + discount / list_total : 1.0;
                auto add = [&](double list, bool discounted, double consumed, const char* consumed_unit, const char* pricing_unit,
                               double per_unit, const std::string& sku_meter, const std::string& sku, const std::string& details) {
                    const double effective = discounted ? list * kept : list;
                    const double pricing = consumed / per_unit;
                    t.add_row({effective, effective, effective, list, pricing > 0 ? Cell{list / pricing} : Cell{},
                               pricing > 0 ? Cell{effective / pricing} : Cell{}, pricing, std::string(pricing_unit), consumed,
                               std::string(consumed_unit), midnight(mc.month), midnight(period_end(m)), midnight(mc.month),
                               midnight(period_end(m)), currency, std::string("Usage"), sku_meter + " of " + service,
                               std::string("Standard"), provider, provider, provider, std::string("AI and Machine Learning"),
                               std::string("Generative AI"), service, sku, sku_meter, details, top.label,
                               leaf == &top ? Cell{} : Cell{leaf->label}});
                };
                for (std::size_t k = 0; k < kMeterCount; ++k) {
                    if (mc.by_meter[k] == 0) continue;
                    const FocusMeter f = focus_meter(static_cast<Meter>(k));
                    std::string details = "{";
                    if (f.direction) details += "\"TokenDirection\":" + json_text(f.direction) + ",";
                    if (f.cache_action) details += "\"TokenCacheAction\":" + json_text(f.cache_action) + ",";
                    if (!developer.empty()) details += "\"ModelDeveloper\":" + json_text(developer) + ",";
                    details += "\"ModelId\":" + json_text(leaf->model) + "}";
                    add(mc.by_meter[k], true, mc.quantity[k], f.consumed_unit, f.pricing_unit, f.per_pricing_unit, f.sku_meter,
                        leaf->sku + ":" + std::string(meter_name(static_cast<Meter>(k))), details);
                }
                const std::pair<CostLine, const char*> gpu_lines[] = {{CostLine::gpu_hours, "GPU Hours"},
                                                                      {CostLine::capital, "Server Capital"},
                                                                      {CostLine::power, "Power"},
                                                                      {CostLine::hosting, "Colocation"},
                                                                      {CostLine::operations, "Operations"}};
                for (const auto& [line, meter] : gpu_lines) {
                    const double amount = mc.by_meter[static_cast<std::size_t>(line)];
                    if (amount == 0) continue;
                    add(amount, line == CostLine::gpu_hours, mc.gpu_hours, "GPU-Hours", "GPU-Hours", 1, meter,
                        leaf->sku + ":" + std::string(cost_line_name(line)), "{\"ModelId\":" + json_text(leaf->model) + "}");
                }
            }
        }
        // The option's own terms: one-off costs and committed-spend shortfalls as purchases, credits as credits.
        const std::tuple<CostLine, const char*, const char*> terms[] = {
            {CostLine::one_off, "Purchase", "one-off cost"},
            {CostLine::commitment, "Purchase", "committed spend shortfall"},
            {CostLine::credit, "Credit", "credits"}};
        for (std::size_t m = 0; m < n; ++m)
            for (const auto& [line, category, what] : terms) {
                const double amount = top.months[m].by_meter[static_cast<std::size_t>(line)];
                if (amount == 0) continue;
                t.add_row({amount, amount, amount, amount, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, midnight(top.months[m].month),
                           midnight(period_end(m)), midnight(top.months[m].month), midnight(period_end(m)), currency,
                           std::string(category), std::string(what) + " of " + top.label, Cell{}, Cell{}, Cell{}, Cell{},
                           std::string("AI and Machine Learning"), std::string("Generative AI"), top.label, Cell{},
                           std::string(what), Cell{}, top.label, Cell{}});
            }
    }
    t.title = "Projected cost rows in the FOCUS 1.3 shape (" + cur.code() + ")";
    t.notes.push_back("projected, not billed: every row is an estimate of the scenario's horizon");
    t.notes.push_back("charge periods are calendar months on the workload's clock, written as UTC midnights");
    return t;
}

Table claim_variants_table(const std::vector<ClaimVariant>& variants, const Currency& cur) {
    Table t("claim_variants", {text("variant"), text("change"), text("candidate"),
                               money("baseline_cost_per_request", "baseline cost/request", cur, "per request"),
                               money("candidate_cost_per_request", "candidate cost/request", cur, "per request"),
                               of_kind("saving_share", ColumnKind::share, "saving %"),
                               of_kind("implied_requests_per_day", ColumnKind::number, "requests/day"),
                               of_kind("implied_requests_per_month", ColumnKind::number, "requests/month"),
                               of_kind("implied_tokens_per_month", ColumnKind::number, "tokens/month"), text("note")});
    auto opt = [](const std::optional<double>& x) { return x ? Cell{*x} : Cell{}; };
    auto opt_money = [](const std::optional<Money>& x) { return x ? Cell{x->amount()} : Cell{}; };
    for (const ClaimVariant& v : variants)
        t.add_row({v.name, v.change, v.candidate, opt_money(v.baseline_cost_per_request), opt_money(v.candidate_cost_per_request),
                   opt(v.saving_share), opt(v.implied_requests_per_day), opt(v.implied_requests_per_month),
                   opt(v.implied_tokens_per_month), opt_text(v.note)});
    t.title = "The volume the claim takes under other workload shapes (" + cur.code() + ")";
    t.notes.push_back("tokens per month: input plus output; a month is 365.25 / 12 days");
    return t;
}

Table assumptions_table(const Comparison& c) {
    Table t("assumptions", {text("option"), text("kind"), text("detail"),
                            of_kind("share_of_requests", ColumnKind::share, "share of requests %"), text("source"),
                            of_kind("date", ColumnKind::date, "date")});
    for (std::size_t i = 0; i < c.options.size(); ++i) {
        const CostReport& r = c.options[i];
        if (i < c.self_hosted.size() && c.self_hosted[i]) {
            const SelfHostReport& plan = *c.self_hosted[i];
            const ThroughputEstimate& e = plan.replica;
            t.add_row({r.label, std::string("GPU price"), plan.price_basis, 1.0, opt_text(plan.governance.source),
                       plan.governance.checked});
            t.add_row({r.label, std::string("replica"),
                       format_count(e.output_tokens_per_second) + " output tok/s at TPOT " + format_fixed(e.tpot_ms, 1) +
                           " ms, peak " + std::to_string(plan.peak_gpus) + " GPUs, utilisation " +
                           format_count(100 * plan.utilisation) + "%" +
                           (e.calibrated ? "" : "; efficiency profile not calibrated"),
                       1.0, Cell{}, Cell{}});
        }
        for (const VersionUse& v : r.versions) {
            std::string from = format_timestamp(v.from);  // 2026-08-16T16:00:00Z
            from = from.substr(0, 10) + " " + from.substr(11, 5);
            const std::string of = r.offering_id.empty() && !v.offering.empty() ? v.offering + " " : std::string();
            t.add_row({r.label, std::string("price version"), of + "from " + from + " UTC in " + v.currency.code(),
                       v.request_share, opt_text(v.source), v.checked});
        }
        for (const RuleUse& u : r.time_rules) t.add_row({r.label, std::string("time rule"), u.name, u.request_share, Cell{}, Cell{}});
        for (const FxConversion& x : r.conversions)
            t.add_row({r.label, std::string("exchange rate"),
                       "1 " + x.from.code() + " = " + format_number(x.rate, 6) + " " + x.to.code(), 1.0,
                       opt_text(x.source), x.rate_date});
        for (const std::string& n : r.notes) t.add_row({r.label, std::string("note"), n, Cell{}, Cell{}, Cell{}});
    }
    t.title = "What each option's cost rests on";
    return t;
}

Table report_table(const CostReport& r) {
    std::vector<const CostLines*> all;
    for (const auto& m : r.months) all.push_back(&m.by_meter);
    const std::vector<CostLine> used = lines_used(all);
    std::vector<Column> cols{of_kind("month", ColumnKind::date, "month"), of_kind("requests", ColumnKind::number, "requests")};
    for (CostLine l : used) {
        std::string name(cost_line_name(l));
        std::string heading = name;
        std::replace(heading.begin(), heading.end(), '_', ' ');
        cols.push_back(money(name, heading, r.currency, "per month"));
    }
    cols.push_back(money("total", "total", r.currency, "per month"));
    Table t("report", std::move(cols));
    for (const MonthCost& m : r.months) {
        std::vector<Cell> row{m.month, m.requests};
        for (CostLine l : used) row.push_back(m.by_meter[static_cast<std::size_t>(l)]);
        row.push_back(m.total);
        t.add_row(std::move(row));
    }
    t.title = r.label + ": " + format_fixed(r.per_year.amount(), 2) + " " + r.currency.code() + " per year";
    return t;
}

Table breakdown_table(const PriceBreakdown& b) {
    Table t("breakdown", {text("meter"), of_kind("quantity", ColumnKind::number, "quantity"), text("unit"),
                          Column{"rate", ColumnKind::money, "rate " + b.currency.code() + "/unit", b.currency, {},
                                 "per unit: a million tokens, a call, or a million token-hours"},
                          of_kind("level", ColumnKind::integer, "level"), money("cost", "cost", b.currency)});
    for (const MeterCharge& c : b.charges) {
        std::vector<Cell> row;
        row.emplace_back(std::string(meter_name(c.meter)));
        row.emplace_back(c.quantity);
        row.emplace_back(std::string(meter_unit_name(c.meter)));
        row.emplace_back(c.rate);
        row.emplace_back(count(c.level));
        row.emplace_back(money_cell(c.cost));
        t.add_row(std::move(row));
    }
    t.title = b.offering_id + ": " + format_fixed(b.total.amount(), 6) + " " + b.currency.code();
    std::string from = format_timestamp(b.version_from);
    t.notes.push_back("price list from " + from.substr(0, 10) + " " + from.substr(11, 5) + " UTC, " + b.source +
                      " (checked " + format_date(b.checked) + ")");
    if (b.level) t.notes.push_back("context tier " + std::to_string(b.level) + " (chosen by the prompt size)");
    if (!b.time_rule.empty()) t.notes.push_back("time-of-day rule: " + b.time_rule);
    if (b.service_tier != ServiceTier::standard)
        t.notes.push_back("service tier: " + std::string(service_tier_name(b.service_tier)));
    if (!b.scope.empty()) t.notes.push_back("serving scope: " + b.scope);
    return t;
}

Table claim_table(const ClaimCheck& k) {
    const Currency& cur = k.claimed_saving_per_year.currency();
    Table t("claim", {text("baseline"), text("candidate"),
                      money("claimed_saving_per_year", "claimed saving per year", cur, "per year"),
                      money("baseline_cost_per_request", "baseline cost per request", cur, "per request"),
                      money("candidate_cost_per_request", "candidate cost per request", cur, "per request"),
                      of_kind("achievable", ColumnKind::boolean, "achievable"),
                      of_kind("implied_requests_per_day", ColumnKind::number, "implied requests per day"),
                      of_kind("implied_input_tokens_per_day", ColumnKind::number, "implied input tokens per day"),
                      of_kind("implied_output_tokens_per_day", ColumnKind::number, "implied output tokens per day"),
                      money("implied_baseline_per_year", "implied baseline cost per year", cur, "per year"),
                      money("implied_candidate_per_year", "implied candidate cost per year", cur, "per year"),
                      of_kind("saving_share", ColumnKind::share, "saving share %"),
                      of_kind("workload_requests_per_day", ColumnKind::number, "workload requests per day"),
                      money("workload_saving_per_year", "workload saving per year", cur, "per year")});
    auto implied = [&](Cell v) { return k.achievable ? v : Cell{}; };
    t.add_row({k.baseline, k.candidate, money_cell(k.claimed_saving_per_year), money_cell(k.baseline_cost_per_request),
               money_cell(k.candidate_cost_per_request), k.achievable, implied(k.implied_requests_per_day),
               implied(k.implied_input_tokens_per_day), implied(k.implied_output_tokens_per_day),
               implied(money_cell(k.implied_baseline_per_year)), implied(money_cell(k.implied_candidate_per_year)),
               k.saving_share, k.workload_requests_per_day, money_cell(k.workload_saving_per_year)});
    t.title = k.summary;
    return t;
}

Table policy_table(const PolicyCheck& p) {
    const Currency cur = p.per_year.empty() ? usd() : p.per_year.front().currency();
    Table t("policy", {text("option"), money("cost_per_year", "cost/year", cur, "per year"),
                       of_kind("passes", ColumnKind::boolean, "passes"), text("reasons")});
    for (std::size_t i = 0; i < p.labels.size(); ++i)
        t.add_row({p.labels[i], money_cell(p.per_year[i]), p.verdicts[i].passes, join(p.verdicts[i].reasons, "; ")});
    t.title = "Policy '" + p.policy + "'";
    return t;
}

Table step_table(const ThroughputEstimate& e) {
    const StepTime& t = e.step;
    Table tab("step", {text("part"), text("kind"), of_kind("ms", ColumnKind::number, "ms"),
                       of_kind("share", ColumnKind::share, "share of the step %")});
    const double total = t.total_s();
    // Inside each kernel its memory traffic and its math overlap: only the larger adds to the step; the other is
    // shown, hidden under it.
    const auto k = t.kernels();  // weights, experts, attention
    const bool weights_math = !k[0].memory_bound(), experts_math = !k[1].memory_bound(), attention_math = !k[2].memory_bound();
    struct Part {
        const char* name;
        const char* kind;
        double s;
        bool hidden;
    };
    const Part parts[] = {{"weights read", "memory", t.weights_s, weights_math},
                          {"matrix math", "compute", t.matmul_s, !weights_math},
                          {"experts read", "memory", t.experts_s, experts_math},
                          {"expert math", "compute", t.expert_matmul_s, !experts_math},
                          {"KV cache read", "memory", t.kv_s, attention_math},
                          {"attention", "compute", t.attention_s, !attention_math},
                          {"tensor-parallel all-reduce", "communication", t.tensor_parallel_s, false},
                          {"expert-parallel exchange", "communication", t.expert_parallel_s, false},
                          {"pipeline hand-off", "communication", t.pipeline_s, false},
                          {"speculative drafting", "draft", t.draft_s, false},
                          {"engine host work", t.overhead_overlapped ? "host" : "overhead",
                           t.overhead_overlapped ? t.host_wait_s() : t.overhead_s, false},
                          {"prompts in some steps only", "scheduler", t.uneven_prompts_s, false}};
    for (const Part& p : parts) {
        if (p.s <= 0) continue;
        std::vector<Cell> row;
        row.emplace_back(std::string(p.name));
        row.emplace_back(std::string(p.kind) + (p.hidden ? " (overlapped)" : ""));
        row.emplace_back(p.s * 1e3);
        row.emplace_back(p.hidden ? Cell{} : Cell{p.s / total});
        tab.add_row(std::move(row));
    }
    // The bound against the next largest of the three: memory-bound kernels, compute-bound kernels, collectives.
    struct Side {
        const char* bound;
        const char* words;
        double s;
    };
    const Side sides[] = {{"memory", "memory-bound kernels", t.memory_bound_s()},
                          {"compute", "compute-bound kernels", t.compute_bound_s()},
                          {"communication", "collectives", t.communication_s()}};
    const std::string bound = t.bound();
    double lead = 0, other = 0;
    const char* against = "";
    if (bound == "host") {
        lead = t.overhead_s;
        other = t.gpu_s();
        against = "GPU's work";
    } else {
        for (const Side& side : sides) {
            if (side.bound == bound) {
                lead = side.s;
            } else if (side.s > other) {
                other = side.s;
                against = side.words;
            }
        }
    }
    tab.title = "step of " + format_number(total * 1e3, 3) + " ms with " + format_number(t.decode_sequences, 4) +
                " decoding sequences and " + format_number(t.prefill_tokens, 4) + " prompt tokens per rank: " + bound + "-bound" +
                (other > 0 ? " (" + format_number(lead / other, 3) + "x the " + against + ")" : std::string());
    tab.notes.push_back("concurrency is limited by " + (e.limit.empty() ? std::string("the request") : e.limit) + " (batch limit " +
                        std::to_string(e.max_batch_size) + " and token budget " + std::to_string(e.max_num_tokens) + " per scheduler)");
    if (t.overhead_overlapped && t.overhead_s > 0)
        tab.notes.push_back("the engine's host work (" + format_number(t.overhead_s * 1e3, 3) +
                            " ms a step) runs while the GPU works on the step before (an overlap scheduler); " +
                            (t.host_wait_s() > 0 ? "it outlasts the GPU's " + format_number(t.gpu_s() * 1e3, 3) +
                                                       " ms, so each step waits " + format_number(t.host_wait_s() * 1e3, 3) +
                                                       " ms for the host"
                                                 : std::string("it is hidden")));
    if (t.prompt_step_share > 0 && t.prompt_step_share < 1)
        tab.notes.push_back("prompts ride in " + format_number(100 * t.prompt_step_share, 3) +
                            "% of the steps and the others decode alone; the parts are those of one step with the mean "
                            "prompt tokens, and \"prompts in some steps only\" adds what the uneven steps cost");
    for (const auto& n : e.notes) tab.notes.push_back(n);
    tab.notes.push_back("prompts take " + format_number(100 * e.input_time_share, 3) + "% of GPU time; TPOT " +
                        format_number(e.tpot_ms, 4) + " ms");
    return tab;
}

Table plans_table(const std::vector<const SelfHostReport*>& plans) {
    if (plans.empty()) throw InputError("a plans table needs at least one plan");
    const Currency cur = plans.front()->currency;
    for (const SelfHostReport* p : plans)
        if (p->currency != cur)
            throw CurrencyError("plans in " + cur.code() + " and " + p->currency.code() + " cannot share a table");
    // Prices per unit name the currency first, as in "USD/M input"; amounts name it last.
    const auto price = [&](std::string name, const std::string& per, std::string unit) {
        return Column{std::move(name), ColumnKind::money, cur.code() + per, cur, {}, std::move(unit)};
    };
    Table t("self_hosted_plans",
            {text("option"), text("model"), text("gpu"), of_kind("gpus_per_replica", ColumnKind::integer, "GPUs/replica"),
             text("provisioning"), text("price_basis", "price basis"),
             price("price_per_gpu_hour", "/GPU-hour", "per GPU-hour"),
             money("cost_per_month", "cost/month", cur, "per month"),
             of_kind("peak_gpus", ColumnKind::integer, "peak GPUs"),
             of_kind("gpu_hours_per_month", ColumnKind::number, "GPU-hours/month"),
             of_kind("utilisation", ColumnKind::share, "utilisation %"),
             price("cost_per_million_input", "/M input", "per million tokens"),
             price("cost_per_million_output", "/M output", "per million tokens"),
             money("cost_per_request", "cost/request", cur, "per request"),
             of_kind("replica_output_tokens_per_second", ColumnKind::number, "replica tok/s"),
             of_kind("tpot_ms", ColumnKind::number, "TPOT ms"), of_kind("ttft_ms", ColumnKind::number, "TTFT ms"),
             of_kind("calibrated", ColumnKind::boolean, "calibrated")});
    for (const SelfHostReport* p : plans) {
        const Deployment& d = p->option.deployment;
        std::vector<Cell> row;  // cell by cell: a braced list of mixed cells trips GCC 12's maybe-uninitialized
        row.reserve(18);
        row.emplace_back(p->label);
        row.emplace_back(d.model);
        row.emplace_back(d.gpu);
        row.push_back(count(p->gpus_per_replica > 0 ? p->gpus_per_replica : d.gpus));
        row.emplace_back(std::string(provisioning_name(p->option.provisioning)));
        row.emplace_back(p->price_basis);
        for (double x : {p->price_per_gpu_hour, p->cost_per_month}) row.emplace_back(x);
        row.push_back(count(p->peak_gpus));
        for (double x : {p->gpu_hours_per_month, p->utilisation, p->cost_per_million_input, p->cost_per_million_output,
                         p->cost_per_request, p->replica.output_tokens_per_second, p->replica.tpot_ms, p->replica.ttft_ms})
            row.emplace_back(x);
        row.emplace_back(p->replica.calibrated);
        t.add_row(std::move(row));
    }
    t.title = std::to_string(plans.size()) + " self-hosted plan" + (plans.size() == 1 ? "" : "s") + ", in " + cur.code();
    return t;
}

Table break_even_table(const BreakEven& b, const std::string& against, const Currency& cur) {
    Table t("break_even",
            {text("against"), of_kind("reached", ColumnKind::boolean, "reached"),
             of_kind("requests_per_day", ColumnKind::number, "requests/day"),
             of_kind("input_tokens_per_month", ColumnKind::number, "input tokens/month"),
             of_kind("output_tokens_per_month", ColumnKind::number, "output tokens/month"),
             money("cost_per_month", "cost/month", cur, "per month"),
             of_kind("stays_cheaper_from", ColumnKind::number, "stays cheaper from requests/day"),
             money("api_cost_per_request", "API cost/request", cur, "per request"),
             money("self_hosted_marginal_cost_per_request", "self-hosted marginal cost/request", cur, "per request"),
             text("summary")});
    auto when = [&](double x) { return b.reached ? Cell{x} : Cell{}; };  // no volume where it is never reached
    std::vector<Cell> row;
    row.emplace_back(against);
    row.emplace_back(b.reached);
    for (double x : {b.requests_per_day, b.input_tokens_per_month, b.output_tokens_per_month, b.cost_per_month,
                     b.stays_cheaper_from})
        row.push_back(when(x));
    row.emplace_back(b.api_cost_per_request);
    row.emplace_back(b.self_hosted_marginal_cost_per_request);
    row.emplace_back(b.summary);
    t.add_row(std::move(row));
    t.title = b.summary;
    return t;
}

Table audit_table(const std::vector<AuditFinding>& findings, Date on) {
    Table t("audit", {text("offering"), text("finding"), text("detail"), of_kind("date", ColumnKind::date, "date")});
    for (const AuditFinding& f : findings)
        t.add_row({f.offering_id, std::string(audit_kind_name(f.kind)), f.detail, f.date ? Cell{*f.date} : Cell{}});
    t.title = std::to_string(findings.size()) + " findings as of " + format_date(on);
    return t;
}

Table refresh_table(const std::vector<CatalogDiff>& diffs, Date on) {
    Table t("refresh", {text("source"), of_kind("source_date", ColumnKind::date, "source date"), text("finding"),
                        text("offering"), text("source_id"), text("meter"), of_kind("ours", ColumnKind::number, "ours"),
                        of_kind("theirs", ColumnKind::number, "theirs"),
                        of_kind("relative_difference", ColumnKind::share, "difference %"), text("detail")});
    std::size_t missing = 0, prices = 0, ends = 0;
    auto row = [&](const CatalogDiff& d, const char* finding, const std::string& offering, const std::string& source_id,
                   const std::string& meter, Cell ours, Cell theirs, Cell rel, const std::string& detail) {
        std::vector<Cell> r;
        r.emplace_back(d.source);
        r.emplace_back(d.source_date);
        r.emplace_back(std::string(finding));
        r.emplace_back(offering.empty() ? Cell{} : Cell{offering});
        r.emplace_back(source_id);
        r.emplace_back(meter.empty() ? Cell{} : Cell{meter});
        r.push_back(std::move(ours));
        r.push_back(std::move(theirs));
        r.push_back(std::move(rel));
        r.emplace_back(detail);
        t.add_row(std::move(r));
    };
    for (const CatalogDiff& d : diffs) {
        for (const auto& id : d.missing) {
            row(d, "missing", "", id, "", Cell{}, Cell{}, Cell{}, "the source prices it; the catalog has no such offering");
            ++missing;
        }
        for (const PriceDifference& p : d.differences) {
            const bool one_side = !std::isfinite(p.relative);
            row(d, "price", p.offering_id, p.source_id, p.meter, p.ours ? Cell{*p.ours} : Cell{},
                p.theirs ? Cell{*p.theirs} : Cell{}, one_side ? Cell{} : Cell{p.relative},
                (one_side ? std::string("priced on one side only")
                          : "ours from " + format_date(std::chrono::floor<std::chrono::days>(p.ours_from)) + ", checked " +
                                format_date(p.ours_checked)) +
                    (p.at ? "; largest at " + format_timestamp(*p.at) : std::string()));
            ++prices;
        }
        for (const LifecycleDifference& l : d.lifecycle) {
            row(d, "lifecycle", l.offering_id, l.source_id, "", Cell{}, Cell{}, Cell{},
                "the source: " + l.source_says + "; the catalog: " + l.catalog_says);
            ++ends;
        }
    }
    t.title = "catalog refresh report of " + format_date(on) + ": " + std::to_string(missing) + " offerings missing, " +
              std::to_string(prices) + " prices differ, " + std::to_string(ends) + " ends of life to record";
    t.notes.push_back("prices per million tokens (per call for request and web_search); a difference is relative to ours");
    return t;
}

Table catalog_table(const Catalog& catalog, const std::string& provider, std::optional<Timestamp> at) {
    std::vector<Column> cols{text("id"), text("provider"), text("model"), text("currency")};
    for (Meter m : kAllMeters) cols.push_back(row_price(std::string(meter_name(m))));
    cols.push_back(of_kind("context_tiers", ColumnKind::integer, "context_tiers"));
    cols.push_back(text("time_rules"));
    cols.push_back(text("service_tiers"));
    cols.push_back(of_kind("effective_from", ColumnKind::timestamp, "effective_from"));
    cols.push_back(text("source"));
    cols.push_back(of_kind("checked", ColumnKind::date, "checked"));
    cols.push_back(text("verified"));
    cols.push_back(of_kind("deprecated", ColumnKind::timestamp, "deprecated"));
    cols.push_back(of_kind("retired", ColumnKind::timestamp, "retired"));
    cols.push_back(text("successor"));
    Table t("catalog", std::move(cols));
    std::vector<const Offering*> offerings;
    if (provider.empty())
        for (const Offering& o : catalog.offerings()) offerings.push_back(&o);
    else
        offerings = catalog.by_provider(provider);
    for (const Offering* o : offerings) {
        const PriceVersion& v = at ? o->version_at(*at) : o->versions.back();
        std::vector<Cell> row{o->id, o->provider, o->model, v.currency.code()};
        for (Meter m : kAllMeters) row.push_back(v.prices.has(m) ? Cell{*v.prices.get(m)} : Cell{});
        row.push_back(count(v.tiers ? static_cast<long long>(v.tiers->levels.size()) : 0));
        std::vector<std::string> rules, tiers;
        for (const TimeRule& r : v.time_rules) rules.push_back(r.name);
        for (const auto& [tier, adj] : v.service_tiers) tiers.push_back(std::string(service_tier_name(tier)));
        row.push_back(join(rules, ", "));
        row.push_back(join(tiers, ", "));
        row.push_back(v.effective_from);
        row.push_back(v.source);
        row.push_back(v.checked);
        row.push_back(v.verified == Verification::unknown ? Cell{} : Cell{std::string(verification_name(v.verified))});
        row.push_back(o->deprecated ? Cell{*o->deprecated} : Cell{});
        row.push_back(o->retired ? Cell{*o->retired} : Cell{});
        row.push_back(o->successor.empty() ? Cell{} : Cell{o->successor});
        t.add_row(std::move(row));
    }
    t.title = std::to_string(t.size()) + " offerings (prices per million tokens, " +
              (at ? "in force at " + format_timestamp(*at) : std::string("latest version")) + ")";
    return t;
}

}  // namespace infercost
