// Log replay and log profiles: columns in from numpy (read in place), cells out as columns (numpy arrays).
#include "convert.hpp"
#include "register.hpp"

#include "infercost/core/limits.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <limits>
#include <optional>

namespace infercost::py_convert {

namespace {

template <class T>
std::span<const T> column(const py::object& a, std::size_t rows, const char* what) {
    if (a.is_none()) return {};
    const auto arr = a.cast<py::array_t<T, py::array::c_style>>();
    if (arr.ndim() != 1 || static_cast<std::size_t>(arr.shape(0)) != rows)
        throw InputError(std::string("the log's ") + what + " column must be one-dimensional with one entry per row");
    // The array lives as long as the Python object the caller keeps; a cast that copied would not, so refuse it.
    if (arr.ptr() != a.ptr())
        throw InputError(std::string("the log's ") + what + " column has the wrong type or layout");
    return {arr.data(), rows};
}

UsageLog make_log(const py::array_t<std::int64_t>& seconds, const std::vector<py::object>& usage,
                  const py::object& requests, const py::object& offering, std::vector<const Offering*> offerings,
                  const py::object& tier, const py::object& scope, std::vector<std::string> scopes,
                  const py::object& group, std::int32_t groups, const py::object& ends = py::none()) {
    if (seconds.ndim() != 1 || seconds.strides(0) != static_cast<py::ssize_t>(sizeof(std::int64_t)))
        throw InputError("the log's timestamps must be a contiguous one-dimensional int64 array (seconds since 1970)");
    if (usage.size() != kUsageColumns)
        throw InputError("the log's usage is " + std::to_string(kUsageColumns) + " columns (None for one it lacks)");
    UsageLog log;
    const auto rows = static_cast<std::size_t>(seconds.shape(0));
    log.unix_seconds = {seconds.data(), rows};
    log.unix_seconds_end = column<std::int64_t>(ends, rows, "bucket end");
    for (std::size_t k = 0; k < kUsageColumns; ++k)
        log.usage[k] = column<std::int64_t>(usage[k], rows, std::string(kUsageColumnNames[k]).c_str());
    log.requests = column<std::int64_t>(requests, rows, "requests");
    log.offering = column<std::int32_t>(offering, rows, "offering");
    log.offerings = std::move(offerings);
    log.tier = column<std::uint8_t>(tier, rows, "service tier");
    log.scope = column<std::int32_t>(scope, rows, "scope");
    log.scopes = std::move(scopes);
    log.group = column<std::int32_t>(group, rows, "group");
    log.groups = groups;
    return log;
}

py::dict length_fit(const LengthFit& f) {
    py::dict d;
    d["observed_mean"] = f.observed_mean;
    d["fitted_mean"] = f.fitted_mean;
    d["observed_p50"] = f.observed_p50;
    d["fitted_p50"] = f.fitted_p50;
    d["observed_p90"] = f.observed_p90;
    d["fitted_p90"] = f.fitted_p90;
    d["observed_p99"] = f.observed_p99;
    d["fitted_p99"] = f.fitted_p99;
    return d;
}

}  // namespace

void register_logs(py::module_& m) {
    m.attr("REPLAY_BLOCK_ROWS") = kReplayBlockRows;
    m.attr("MAX_TOKEN_COUNT") = kMaxTokenCount;  // the most tokens (or requests) a request or log row may count
    m.attr("SERVICE_TIERS") = [] {
        py::list l;
        for (int t = 0; t <= static_cast<int>(ServiceTier::ultrafast); ++t)
            l.append(std::string(service_tier_name(static_cast<ServiceTier>(t))));
        return l;
    }();
    m.def(
        "_replay",
        [](const py::array_t<std::int64_t>& seconds, const std::vector<py::object>& usage, const py::object& requests,
           const py::object& offering, std::vector<const Offering*> offerings, const py::object& tier,
           const py::object& scope, std::vector<std::string> scopes, const py::object& group, std::int32_t groups,
           std::vector<const Offering*> candidates, bool own, int day_offset_minutes, const std::string& aggregate_tiers,
           const std::string& over_limits, int threads, const std::optional<std::string>& reporting,
           const FxTable* fx, bool row_costs, const py::object& progress, const py::object& ends) {
            const UsageLog log = make_log(seconds, usage, requests, offering, std::move(offerings), tier, scope,
                                          std::move(scopes), group, groups, ends);
            ReplayOptions opt;
            opt.own = own;
            opt.day_offset = UtcOffset{day_offset_minutes};
            if (aggregate_tiers == "mean") opt.aggregate_tiers = AggregateTiers::mean;
            else if (aggregate_tiers != "refuse") throw InputError("aggregate_tiers is 'refuse' or 'mean', not '" + aggregate_tiers + "'");
            if (over_limits == "exclude") opt.over_limits = OverLimits::exclude;
            else if (over_limits != "refuse") throw InputError("over_limits is 'refuse' or 'exclude', not '" + over_limits + "'");
            opt.threads = threads;
            if (reporting) opt.reporting_currency = Currency(*reporting);
            opt.fx = fx;
            if (!progress.is_none())
                opt.progress = [progress](std::size_t done, std::size_t all) {
                    py::gil_scoped_acquire locked;
                    try {
                        progress(done, all);
                    } catch (py::error_already_set&) {
                        // A failing progress display must not stop the pricing.
                    }
                };
            const std::size_t columns = (own ? 1 : 0) + candidates.size();
            py::array_t<double> per_row;
            if (row_costs) {
                per_row = py::array_t<double>({static_cast<py::ssize_t>(log.rows()), static_cast<py::ssize_t>(columns)});
                opt.row_costs = {per_row.mutable_data(), log.rows() * columns};
            }
            ReplayResult r;
            {
                py::gil_scoped_release unlocked;
                r = replay(log, candidates, opt);
            }
            const auto n = static_cast<py::ssize_t>(r.cells.size());
            py::array_t<std::int32_t> col(n), day(n), grp(n), off(n), scp(n), ver(n);
            py::array_t<std::uint8_t> tie(n);
            py::array_t<std::int64_t> nrows(n), nreq(n), unknown(n);
            py::array_t<double> qty({n, static_cast<py::ssize_t>(kMeterCount)}), cost({n, static_cast<py::ssize_t>(kMeterCount)});
            py::array_t<double> total(n), rep(n), rate(n);
            py::list currency, rate_date;
            for (py::ssize_t i = 0; i < n; ++i) {
                const ReplayCell& c = r.cells[static_cast<std::size_t>(i)];
                col.mutable_at(i) = c.column;
                day.mutable_at(i) = c.day;
                grp.mutable_at(i) = c.group;
                off.mutable_at(i) = c.offering;
                scp.mutable_at(i) = c.scope;
                ver.mutable_at(i) = c.version;
                tie.mutable_at(i) = static_cast<std::uint8_t>(c.tier);
                nrows.mutable_at(i) = c.rows;
                nreq.mutable_at(i) = c.requests;
                unknown.mutable_at(i) = c.rows_unknown_requests;
                for (std::size_t k = 0; k < kMeterCount; ++k) {
                    qty.mutable_at(i, static_cast<py::ssize_t>(k)) = c.quantity[k];
                    cost.mutable_at(i, static_cast<py::ssize_t>(k)) = c.cost[k];
                }
                total.mutable_at(i) = c.total;
                rep.mutable_at(i) = c.reporting_total;
                rate.mutable_at(i) = c.fx_rate;
                currency.append(c.currency.code());
                rate_date.append(r.reporting_currency ? from_date(c.fx_rate_date) : py::none());
            }
            py::dict out;
            out["column"] = col;
            out["day"] = day;
            out["group"] = grp;
            out["offering"] = off;
            out["tier"] = tie;
            out["scope"] = scp;
            out["version"] = ver;
            out["rows"] = nrows;
            out["requests"] = nreq;
            out["rows_unknown_requests"] = unknown;
            out["quantity"] = qty;
            out["cost"] = cost;
            out["total"] = total;
            out["currency"] = currency;
            out["reporting_total"] = rep;
            out["fx_rate"] = rate;
            out["fx_rate_date"] = rate_date;
            out["rows_over_limits"] = r.rows_over_limits;
            out["rows_tiered_at_mean"] = r.rows_tiered_at_mean;
            out["blocks"] = r.blocks;
            out["threads"] = r.threads;
            out["row_costs"] = row_costs ? py::object(per_row) : py::object(py::none());
            return out;
        },
        py::arg("unix_seconds"), py::arg("usage"), py::arg("requests"), py::arg("offering"), py::arg("offerings"),
        py::arg("tier"), py::arg("scope"), py::arg("scopes"), py::arg("group"), py::arg("groups"), py::arg("candidates"),
        py::arg("own"), py::arg("day_offset_minutes"), py::arg("aggregate_tiers"), py::arg("over_limits"),
        py::arg("threads"), py::arg("reporting"), py::arg("fx"), py::arg("row_costs"),
        py::arg("progress") = py::none(), py::arg("unix_seconds_end") = py::none());
    // The rates of every context level of one version under one time rule (-1: none), service tier and scope, with
    // fallbacks resolved: what a replay prices with, for an independent implementation to check against.
    m.def(
        "_rate_table",
        [](const Offering& o, std::size_t version, int rule, const py::handle& tier, const std::string& scope) {
            if (version >= o.versions.size()) throw InputError(o.id + " has no price version " + std::to_string(version));
            const PriceVersion& v = o.versions[version];
            if (rule >= static_cast<int>(v.time_rules.size())) throw InputError(o.id + ": no time rule " + std::to_string(rule));
            const TimeRule* r = rule < 0 ? nullptr : &v.time_rules[static_cast<std::size_t>(rule)];
            const std::vector<double> t = greater_than_thresholds(v);
            py::array_t<double> rates({static_cast<py::ssize_t>(t.size()), static_cast<py::ssize_t>(kMeterCount)});
            for (std::size_t k = 0; k < t.size(); ++k) {
                const ResolvedRates rr = resolve_rates(o, v, static_cast<int>(k), to_service_tier(tier), r, scope);
                for (std::size_t j = 0; j < kMeterCount; ++j)
                    rates.mutable_at(static_cast<py::ssize_t>(k), static_cast<py::ssize_t>(j)) =
                        rr.rate[j] ? *rr.rate[j] : std::numeric_limits<double>::quiet_NaN();
            }
            return py::make_tuple(t, rates);
        },
        py::arg("offering"), py::arg("version"), py::arg("rule"), py::arg("service_tier") = "standard", py::arg("scope") = "");
    m.def("_utc_offset_minutes", [](const std::string& text) { return parse_utc_offset(text).minutes; });
    m.def(
        "_profile_log",
        [](const py::array_t<std::int64_t>& seconds, const std::vector<py::object>& usage, const py::object& requests,
           int clock_minutes, const py::object& ends) {
            const UsageLog log = make_log(seconds, usage, requests, py::none(), {}, py::none(), py::none(), {}, py::none(), 1, ends);
            LogProfile p;
            {
                py::gil_scoped_release unlocked;
                p = profile_log(log, UtcOffset{clock_minutes});
            }
            py::dict d;
            d["workload"] = p.workload;
            d["first_day"] = from_date(p.first_day);
            d["last_day"] = from_date(p.last_day);
            d["days"] = p.days;
            d["rows"] = p.rows;
            d["requests"] = p.requests;
            d["aggregated_requests"] = p.aggregated_requests;
            d["hourly_requests"] = py::array_t<double>(static_cast<py::ssize_t>(p.hourly_requests.size()), p.hourly_requests.data());
            d["shape_r2"] = p.shape_r2;
            d["shape_mae_share"] = p.shape_mae_share;
            d["input"] = length_fit(p.input);
            d["output"] = length_fit(p.output);
            d["growth_per_month"] = p.growth_fitted ? py::object(py::float_(p.growth_per_month)) : py::object(py::none());
            d["growth_standard_error"] = p.growth_fitted ? py::object(py::float_(p.growth_standard_error)) : py::object(py::none());
            return d;
        },
        py::arg("unix_seconds"), py::arg("usage"), py::arg("requests"), py::arg("clock_minutes"),
        py::arg("unix_seconds_end") = py::none());
    m.def(
        "_plan_observed",
        [](const Catalog& c, const SelfHosted& o, const Workload& w, const py::handle& first_day,
           const std::vector<double>& hourly, const std::string& currency) {
            const Date start = to_date(first_day, "first_day");
            py::gil_scoped_release unlocked;
            SelfHostReport plan = plan_self_hosted(c.hardware(), o, w, Calendar(w, start, hourly));
            CostReport cost = cost_self_hosted(plan, c.fx(), Currency(currency), start, true);
            // The observed days need not fill the calendar months they touch: a year is scaled from the hours.
            cost.per_year = Money(cost.total.amount() * kDaysPerYear * 24 / static_cast<double>(plan.calendar.hours()), cost.total.currency());
            return std::make_pair(std::move(plan), std::move(cost));
        },
        py::arg("catalog"), py::arg("option"), py::arg("workload"), py::arg("first_day"), py::arg("hourly"),
        py::arg("currency"));
}

}  // namespace infercost::py_convert
