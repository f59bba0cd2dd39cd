#include "convert.hpp"

#include "infercost/io.hpp"

#include <algorithm>
#include <cmath>

#include <pybind11/stl.h>

namespace infercost::py_convert {

namespace {
std::string type_name(const py::handle& v) { return py::str(py::type::handle_of(v).attr("__name__")); }
py::module_ datetime_module() { return py::module_::import("datetime"); }
}  // namespace

Timestamp to_timestamp(const py::handle& value, const char* what) {
    if (py::isinstance<py::str>(value)) return parse_timestamp(value.cast<std::string>());
    const py::module_ dt = datetime_module();
    if (py::isinstance(value, dt.attr("datetime"))) {
        if (value.attr("tzinfo").is_none() || value.attr("utcoffset")().is_none())
            throw InputError(std::string(what) + " is a naive datetime; give it a time zone (e.g. tzinfo=timezone.utc) "
                             "or pass a string such as '2026-11-28T09:00:00Z'");
        const double secs = value.attr("timestamp")().cast<double>();
        return Timestamp(std::chrono::seconds(static_cast<std::int64_t>(std::floor(secs))));
    }
    if (py::isinstance(value, dt.attr("date"))) return std::chrono::sys_seconds(to_date(value, what));
    throw InputError(std::string(what) + " must be a date-time string, an aware datetime or a date, not " +
                     type_name(value));
}

py::object from_timestamp(Timestamp t) {
    const py::module_ dt = datetime_module();
    return dt.attr("datetime").attr("fromtimestamp")(t.time_since_epoch().count(), dt.attr("timezone").attr("utc"));
}

Date to_date(const py::handle& value, const char* what) {
    if (py::isinstance<py::str>(value)) return parse_date(value.cast<std::string>());
    const py::module_ dt = datetime_module();
    if (py::isinstance(value, dt.attr("datetime")))
        throw InputError(std::string(what) + " must be a date, not a datetime; pass value.date() or 'YYYY-MM-DD'");
    if (py::isinstance(value, dt.attr("date"))) {
        using namespace std::chrono;
        const year_month_day ymd{year(value.attr("year").cast<int>()), month(value.attr("month").cast<unsigned>()),
                                 day(value.attr("day").cast<unsigned>())};
        return sys_days(ymd);
    }
    throw InputError(std::string(what) + " must be a 'YYYY-MM-DD' string or a datetime.date, not " + type_name(value));
}

py::object from_date(Date d) {
    using namespace std::chrono;
    const year_month_day ymd(d);
    return datetime_module().attr("date")(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                                          static_cast<unsigned>(ymd.day()));
}

std::int64_t to_count(const py::handle& value, const char* what) {
    if (py::isinstance<py::bool_>(value))
        throw InputError(std::string(what) + " must be a whole number of tokens, not a bool");
    if (py::isinstance<py::float_>(value)) {
        const double v = value.cast<double>();
        throw InputError(std::string(what) + " must be a whole number of tokens, not the float " + py::str(value).cast<std::string>() +
                         (std::isnan(v) ? "" : "; round it first if that is meant"));
    }
    if (!py::hasattr(value, "__index__"))
        throw InputError(std::string(what) + " must be a whole number of tokens, not " + type_name(value));
    const std::int64_t n = value.attr("__index__")().cast<std::int64_t>();
    if (n < 0) throw InputError(std::string(what) + " is negative (" + std::to_string(n) + "); it must be zero or more");
    return n;
}

double to_number(const py::handle& value, const char* what) {
    if (py::isinstance<py::bool_>(value) || !(py::isinstance<py::float_>(value) || py::hasattr(value, "__index__") ||
                                               py::hasattr(value, "__float__")))
        throw InputError(std::string(what) + " must be a number, not " + type_name(value));
    const double v = value.attr("__float__")().cast<double>();
    if (!std::isfinite(v)) throw InputError(std::string(what) + " must be a finite number, not " + py::str(value).cast<std::string>());
    return v;
}

Currency to_currency(const py::handle& value) {
    if (!py::isinstance<py::str>(value)) throw InputError("a currency is a code such as 'USD', not " + type_name(value));
    return Currency(value.cast<std::string>());
}

ServiceTier to_service_tier(const py::handle& value) {
    if (value.is_none()) return ServiceTier::standard;
    if (!py::isinstance<py::str>(value))
        throw InputError("service_tier must be one of 'standard', 'batch', 'flex', 'priority', not " + type_name(value));
    const std::string s = value.cast<std::string>();
    if (auto t = service_tier_from_name(s)) return *t;
    throw InputError("unknown service tier '" + s + "'; use 'standard', 'batch', 'flex' or 'priority'");
}

TokenDistribution to_distribution(const py::handle& value, const char* what) {
    if (py::isinstance<TokenDistribution>(value)) return value.cast<TokenDistribution>();
    if (py::isinstance<py::bool_>(value) || !(py::isinstance<py::int_>(value) || py::isinstance<py::float_>(value) ||
                                               py::hasattr(value, "__index__")))
        throw InputError(std::string(what) + " must be a number of tokens or a distribution (fixed, lognormal, "
                         "histogram), not " + type_name(value));
    return TokenDistribution::fixed(to_number(value, what));
}

py::object governance_dict(const std::optional<GovernanceFacts>& g) {
    if (!g) return py::none();
    py::dict d;
    d["deployment_class"] = std::string(deployment_class_name(g->deployment_class));
    d["deployment_mode"] = g->deployment_mode;
    d["inference_jurisdictions"] = g->inference_jurisdictions;
    d["jurisdictions_complete"] = g->jurisdictions_complete;
    d["may_route_to_mainland_china"] = g->may_route_to_mainland_china;
    d["provider_home"] = g->provider_home;
    d["model_origin"] = g->model_origin;
    d["open_weights"] = g->open_weights;
    d["license"] = g->license;
    d["zero_data_retention"] = std::string(zero_retention_name(g->zero_data_retention));
    d["trains_on_customer_data"] = std::string(training_use_name(g->trains_on_customer_data));
    d["source"] = g->source;
    d["checked"] = from_date(g->checked);
    return d;
}

namespace {
py::object money_class() { return py::module_::import("infercost._money").attr("Money"); }
}  // namespace

Money to_money(const py::handle& value, const Currency& currency, const char* what) {
    if (py::isinstance(value, money_class())) return value.cast<Money>();
    return Money(to_number(value, what), currency);
}

// ---- Library values as Python values (dicts of a version, prices, cost lines, conversions)

py::dict prices_dict(const MeterPrices& p) {
    py::dict d;
    for (Meter m : kAllMeters)
        if (p.has(m)) d[py::str(std::string(meter_name(m)))] = *p.get(m);
    return d;
}

py::dict adjustment_dict(const PriceAdjustment& a) {
    py::dict d;
    if (a.is_override) {
        if (a.level_prices.empty()) d["prices"] = prices_dict(a.prices);
        else {
            py::list levels;
            for (const auto& lp : a.level_prices) levels.append(prices_dict(lp));
            d["levels"] = levels;
        }
    } else {
        d["multiplier"] = a.multiplier;
        py::list meters;
        for (Meter m : a.meters) meters.append(std::string(meter_name(m)));
        if (!a.meters.empty()) d["meters"] = meters;
    }
    if (a.cached_as_input) d["cache_discount"] = false;
    return d;
}

py::dict version_dict(const PriceVersion& v) {
    py::dict d;
    d["effective_from"] = from_timestamp(v.effective_from);
    d["currency"] = v.currency.code();
    d["source"] = v.source;
    d["read_url"] = v.read_url.empty() ? py::object(py::none()) : py::object(py::str(v.read_url));
    d["checked"] = from_date(v.checked);
    d["verified"] = std::string(verification_name(v.verified));
    d["note"] = v.note;
    d["prices"] = prices_dict(v.prices);
    py::dict fb;
    for (Meter m : kAllMeters)
        if (auto f = v.fallbacks[static_cast<std::size_t>(m)]) fb[py::str(std::string(meter_name(m)))] = std::string(meter_name(*f));
    d["fallbacks"] = fb;
    if (v.tiers) {
        py::dict t;
        t["basis"] = v.tiers->basis == TierBasis::whole_request ? "whole_request" : "graduated";
        t["boundary"] = v.tiers->boundary == Boundary::greater ? "gt" : "ge";
        t["counts_cached"] = v.tiers->counts_cached;
        t["missing_meter"] = v.tiers->missing_meter == MissingMeter::base ? "base" : "error";
        py::list levels;
        for (const auto& lv : v.tiers->levels) {
            py::dict l;
            l["above"] = lv.above;
            l["prices"] = prices_dict(lv.prices);
            levels.append(l);
        }
        t["levels"] = levels;
        d["tiers"] = t;
    } else {
        d["tiers"] = py::none();
    }
    py::list rules;
    for (const auto& r : v.time_rules) {
        py::dict rd = adjustment_dict(r.adjustment);
        rd["name"] = r.name;
        rd["utc_offset"] = format_utc_offset(r.utc_offset);
        py::list windows;
        for (const auto& w : r.windows) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", w.start_minute / 60, w.start_minute % 60,
                          w.end_minute / 60, w.end_minute % 60);
            windows.append(std::string(buf));
        }
        rd["windows"] = windows;
        static const char* names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
        py::list days;
        for (unsigned i = 1; i <= 7; ++i)
            if (r.weekdays[i % 7]) days.append(names[i % 7]);
        rd["weekdays"] = days;
        py::list ex, in;
        for (Date x : r.excluded_dates) ex.append(from_date(x));
        for (Date x : r.included_dates) in.append(from_date(x));
        rd["excluded_dates"] = ex;
        rd["included_dates"] = in;
        rules.append(rd);
    }
    d["time_rules"] = rules;
    py::dict tiers;
    for (const auto& [t, a] : v.service_tiers) tiers[py::str(std::string(service_tier_name(t)))] = adjustment_dict(a);
    d["service_tiers"] = tiers;
    py::dict scopes;
    for (const auto& [name, a] : v.scopes) scopes[py::str(name)] = adjustment_dict(a);
    d["scopes"] = scopes;
    return d;
}

Usage make_usage(const py::handle& input, const py::handle& cached, const py::handle& write, const py::handle& output,
                 const py::handle& reasoning, const py::handle& write_long, const py::handle& web_searches) {
    Usage u{TokenCount(to_count(input, "input")),         TokenCount(to_count(cached, "cached_input")),
            TokenCount(to_count(write, "cache_write")),   TokenCount(to_count(output, "output")),
            TokenCount(to_count(reasoning, "reasoning")), TokenCount(to_count(write_long, "cache_write_long")),
            to_count(web_searches, "web_searches")};
    u.validate();
    return u;
}

namespace {
// The dict's keys, refused when one is not among `known` (a typo is not silently ignored).
py::dict checked_dict(const py::handle& v, const char* what, std::initializer_list<const char*> known) {
    if (!py::isinstance<py::dict>(v)) throw InputError(std::string(what) + " must be a dict");
    py::dict d = py::reinterpret_borrow<py::dict>(v);
    for (auto item : d) {
        const std::string k = py::str(item.first);
        if (std::none_of(known.begin(), known.end(), [&](const char* x) { return k == x; })) {
            std::string list;
            for (const char* x : known) list += (list.empty() ? "" : ", ") + std::string(x);
            throw InputError(std::string(what) + ": unknown key '" + k + "'; use " + list);
        }
    }
    return d;
}
}  // namespace

Growth to_growth(const py::handle& v) {
    const py::dict d = checked_dict(v, "growth", {"monthly", "yearly", "series"});
    if (d.size() != 1) throw InputError("growth takes exactly one of monthly, yearly or series");
    Growth g;
    if (d.contains("series")) {
        for (auto x : d["series"]) g.series.push_back(to_number(x, "growth series value"));
    } else if (d.contains("monthly")) {
        g.monthly_rate = to_number(d["monthly"], "monthly growth rate");
    } else {
        g.yearly_rate = to_number(d["yearly"], "yearly growth rate");
    }
    g.validate(0);
    return g;
}

std::vector<OneOff> to_one_offs(const py::handle& v) {
    std::vector<OneOff> out;
    if (v.is_none()) return out;
    for (auto item : v) {
        const py::dict d = checked_dict(item, "a one-off cost", {"label", "date", "amount", "depreciation_months"});
        OneOff o;
        if (!d.contains("label") || !d.contains("date") || !d.contains("amount"))
            throw InputError("a one-off cost needs label, date and amount");
        o.label = py::str(d["label"]);
        o.date = to_date(d["date"], "one-off date");
        o.amount = to_number(d["amount"], "one-off amount");
        if (d.contains("depreciation_months")) o.depreciation_months = static_cast<int>(to_count(d["depreciation_months"], "depreciation_months"));
        o.validate();
        out.push_back(o);
    }
    return out;
}

void add_terms(ComparisonSettings& s, const py::handle& agreements, const py::handle& fx_path, const py::handle& discount_rate) {
    if (!agreements.is_none())
        for (auto item : agreements) {
            const py::dict d = checked_dict(item, "an agreement", {"provider", "discount", "credits", "commitment"});
            if (!d.contains("provider")) throw InputError("an agreement needs the provider it is with");
            Agreement a;
            a.provider = py::str(d["provider"]);
            if (d.contains("discount")) a.discount = to_number(d["discount"], "discount");
            if (d.contains("credits")) a.credits = to_number(d["credits"], "credits");
            if (d.contains("commitment")) {
                const py::dict c = checked_dict(d["commitment"], "a commitment", {"amount", "months"});
                if (!c.contains("amount")) throw InputError("a commitment needs its amount");
                Commitment k;
                k.amount = to_number(c["amount"], "commitment amount");
                if (c.contains("months")) k.months = static_cast<int>(to_count(c["months"], "commitment months"));
                a.commitment = k;
            }
            s.agreements.push_back(a);
        }
    if (!fx_path.is_none())
        for (auto item : fx_path) {
            const py::dict d = checked_dict(item, "an FX path rate", {"date", "base", "quote", "rate", "source"});
            if (!d.contains("date") || !d.contains("quote") || !d.contains("rate"))
                throw InputError("an FX path rate needs date, quote and rate");
            FxRate r;
            r.date = to_date(d["date"], "FX path date");
            if (d.contains("base")) r.base = to_currency(d["base"]);
            r.quote = to_currency(d["quote"]);
            r.rate = to_number(d["rate"], "FX path rate");
            if (!(r.rate > 0)) throw InputError("an FX path rate must be above zero");
            r.source = d.contains("source") ? std::string(py::str(d["source"])) : std::string("an assumed path");
            r.checked = r.date;
            s.fx_path.push_back(r);
        }
    if (!discount_rate.is_none()) s.discount_rate = to_number(discount_rate, "discount_rate");
    s.validate();
}

Tasks to_tasks(const py::handle& v, const Catalog& catalog) {
    const py::dict d = checked_dict(v, "tasks", {"name", "requests_per_task", "tokenizer", "text", "models"});
    Tasks t;
    if (d.contains("name")) t.name = py::str(d["name"]);
    if (d.contains("requests_per_task")) t.requests_per_task = to_number(d["requests_per_task"], "requests_per_task");
    if (d.contains("tokenizer")) t.tokenizer = py::str(d["tokenizer"]);
    if (d.contains("text")) t.text = py::str(d["text"]);
    bool named = false;
    if (d.contains("models"))
        for (auto item : d["models"]) {
            const py::dict m = checked_dict(item, "a task model", {"option", "success_rate", "requests_per_task",
                                                                   "reasoning_tokens_per_request", "token_ratio", "tokenizer"});
            if (!m.contains("option")) throw InputError("a task model names its option (label or offering id)");
            TaskModel tm;
            tm.option = py::str(m["option"]);
            if (m.contains("success_rate")) tm.success_rate = to_number(m["success_rate"], "success_rate");
            if (m.contains("requests_per_task")) tm.requests_per_task = to_number(m["requests_per_task"], "requests_per_task");
            if (m.contains("reasoning_tokens_per_request"))
                tm.reasoning_tokens_per_request = to_number(m["reasoning_tokens_per_request"], "reasoning_tokens_per_request");
            if (m.contains("token_ratio")) tm.token_ratio = to_number(m["token_ratio"], "token_ratio");
            if (m.contains("tokenizer")) {
                if (tm.token_ratio) throw InputError("a task model gives a tokenizer or a token_ratio, not both");
                tm.tokenizer = py::str(m["tokenizer"]);
                named = true;
            }
            t.models.push_back(tm);
        }
    if (named) {
        const auto table = catalog.directory() / "tokenizers.yaml";
        if (catalog.directory().empty() || !std::filesystem::exists(table))
            throw InputError("the catalog has no tokenizers.yaml to look tokenizers up in; state token_ratio");
        resolve_token_ratios(t, load_tokenizer_table(table));
    }
    t.validate();
    return t;
}

ComparisonSettings make_settings(const py::handle& start, int months, const py::handle& currency,
                                 const py::handle& fx_date, const std::string& on_retirement) {
    ComparisonSettings s;
    s.period.start = to_date(start, "start");
    if (months < 1) throw InputError("months must be 1 or more (got " + std::to_string(months) + ")");
    s.period.months = months;
    s.currency = to_currency(currency);
    if (!fx_date.is_none()) s.fx_date = to_date(fx_date, "fx_date");
    const auto rule = on_retirement_from_name(on_retirement);
    if (!rule) throw InputError("on_retirement must be 'refuse' or 'successor', not '" + on_retirement + "'");
    s.on_retirement = *rule;
    return s;
}

Option to_option(const py::handle& v) {
    if (py::isinstance<Option>(v)) return v.cast<Option>();
    if (py::isinstance<py::str>(v)) return Option(v.cast<std::string>());
    if (py::isinstance<SelfHosted>(v)) return Option(v.cast<SelfHosted>());
    throw InputError("an option is an offering id string, an infercost.Option or an infercost.SelfHosted, not " +
                     std::string(py::str(py::type::handle_of(v).attr("__name__"))));
}

py::dict lines_dict(const CostLines& a, const Currency& currency) {
    py::dict d;
    for (CostLine c : kAllCostLines) d[py::str(std::string(cost_line_name(c)))] = Money(a[static_cast<std::size_t>(c)], currency);
    return d;
}

py::dict conversion_dict(const FxConversion& c) {
    py::dict d;
    d["from"] = c.from.code();
    d["to"] = c.to.code();
    d["rate"] = c.rate;
    d["rate_date"] = from_date(c.rate_date);
    d["source"] = c.source;
    return d;
}

}  // namespace infercost::py_convert

namespace pybind11::detail {

bool type_caster<infercost::Money>::load(handle src, bool) {
    if (!isinstance(src, infercost::py_convert::money_class())) return false;
    value = infercost::Money(src.cast<double>(), infercost::Currency(src.attr("_currency").cast<std::string>()));
    return true;
}

handle type_caster<infercost::Money>::cast(const infercost::Money& m, return_value_policy, handle) {
    return infercost::py_convert::money_class().attr("_make")(m.amount(), m.currency().code()).release();
}

}  // namespace pybind11::detail
