#include "infercost/io.hpp"
// The Python module infercost._core. Python-facing conveniences (frames, HTML, plots, the command line)
// live in the infercost package beside it; this file binds the C++ library with Python's types.
#include "convert.hpp"
#include "register_tables.hpp"
#include "selfhost_bindings.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

namespace py = pybind11;
using namespace infercost;
using namespace infercost::py_convert;

namespace {

py::object error_class(const char* name) { return py::module_::import("infercost.errors").attr(name); }

void raise(const char* cls, const std::string& message, const py::dict& attrs) {
    py::object e = error_class(cls)(message);
    for (auto item : attrs) py::setattr(e, item.first, item.second);
    PyErr_SetObject(error_class(cls).ptr(), e.ptr());
}

void translate(std::exception_ptr p) {
    try {
        if (p) std::rethrow_exception(p);
    } catch (const NotFoundError& e) {
        py::dict a;
        a["kind"] = e.kind();
        a["id"] = e.id();
        a["suggestions"] = e.suggestions();
        raise("NotFoundError", e.what(), a);
    } catch (const InputError& e) {
        py::dict a;
        a["file"] = e.file().empty() ? py::object(py::none()) : py::object(py::str(e.file()));
        a["line"] = e.line() ? py::object(py::int_(e.line())) : py::object(py::none());
        a["column"] = e.column() ? py::object(py::int_(e.column())) : py::object(py::none());
        a["field"] = e.field().empty() ? py::object(py::none()) : py::object(py::str(e.field()));
        a["reason"] = e.reason();
        raise("InputError", e.what(), a);
    } catch (const CurrencyError& e) {
        raise("CurrencyError", e.what(), py::dict());
    } catch (const Error& e) {
        raise("Error", e.what(), py::dict());
    }
}

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
    return d;
}

Usage make_usage(const py::handle& input, const py::handle& cached, const py::handle& write, const py::handle& output,
                 const py::handle& reasoning) {
    Usage u{TokenCount(to_count(input, "input")), TokenCount(to_count(cached, "cached_input")),
            TokenCount(to_count(write, "cache_write")), TokenCount(to_count(output, "output")),
            TokenCount(to_count(reasoning, "reasoning"))};
    u.validate();
    return u;
}

ComparisonSettings make_settings(const py::handle& start, int months, const py::handle& currency,
                                 const py::handle& fx_date) {
    ComparisonSettings s;
    s.period.start = to_date(start, "start");
    if (months < 1) throw InputError("months must be 1 or more (got " + std::to_string(months) + ")");
    s.period.months = months;
    s.currency = to_currency(currency);
    if (!fx_date.is_none()) s.fx_date = to_date(fx_date, "fx_date");
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

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "infercost's C++ core. Use the `infercost` package rather than this module directly.";
    m.attr("__version__") = std::string(version());  // from infercost/version.hpp, via the compiled library
    py::register_exception_translator(&translate);
    bind_selfhost(m);

    m.attr("DAYS_PER_MONTH") = kDaysPerMonth;  // the mean month self-hosted plans are costed over
    m.attr("METERS") = [] {
        py::list l;
        for (Meter x : kAllMeters) l.append(std::string(meter_name(x)));
        return l;
    }();
    m.attr("COST_LINES") = [] {
        py::list l;
        for (CostLine x : kAllCostLines) l.append(std::string(cost_line_name(x)));
        return l;
    }();

    // Money is infercost.Money (bindings/infercost/_money.py), a float that keeps its currency; its currency
    // rules are these, the library's own.
    m.def("_money", [](const py::handle& amount, const py::handle& currency) {
        return Money(to_number(amount, "amount"), to_currency(currency));
    }, py::arg("amount"), py::arg("currency"));
    m.def("_money_add", [](const Money& a, const Money& b) { return a + b; });
    m.def("_money_subtract", [](const Money& a, const Money& b) { return a - b; });
    m.def("_money_ratio", [](const Money& a, const Money& b) { return a / b; });
    m.def("_money_compare", [](const Money& a, const Money& b) { return a < b ? -1 : (b < a ? 1 : 0); });
    m.def("_money_str", [](const Money& a) { return a.str(); });

    py::class_<TokenDistribution>(m, "TokenDistribution",
                                  "A distribution of token counts per request. Build one with fixed(), lognormal() "
                                  "or histogram().")
        .def_static("fixed", [](const py::handle& n) { return TokenDistribution::fixed(to_number(n, "tokens")); },
                    py::arg("tokens"), "Every request has this many tokens.")
        .def_static(
            "lognormal",
            [](const py::object& mean, const py::object& median, const py::handle& p90) {
                if (mean.is_none() == median.is_none())
                    throw InputError("lognormal needs either mean= or median= (and p90=)");
                const double p = to_number(p90, "p90");
                return mean.is_none() ? TokenDistribution::lognormal_median_p90(to_number(median, "median"), p)
                                      : TokenDistribution::lognormal_mean_p90(to_number(mean, "mean"), p);
            },
            py::kw_only(), py::arg("mean") = py::none(), py::arg("median") = py::none(), py::arg("p90"),
            "A lognormal given its mean (or median) and 90th percentile.")
        .def_static("histogram", &TokenDistribution::histogram, py::arg("edges"), py::arg("weights"),
                    "Bins [edges[i], edges[i+1]) holding weights[i], uniform within each bin.")
        .def_property_readonly("mean", &TokenDistribution::mean)
        .def("prob_above", &TokenDistribution::prob_above, py::arg("tokens"), "P(X > tokens).")
        .def("quantile", &TokenDistribution::quantile, py::arg("p"))
        .def("describe", &TokenDistribution::describe)
        .def("__repr__", [](const TokenDistribution& d) { return "TokenDistribution(" + d.describe() + ")"; });

    py::class_<Usage>(m, "Usage",
                      "Token usage of one request. input counts the whole prompt (cached_input and cache_write "
                      "are parts of it); output counts everything generated (reasoning is a part of it).")
        .def(py::init(&make_usage), py::kw_only(), py::arg("input") = 0, py::arg("cached_input") = 0,
             py::arg("cache_write") = 0, py::arg("output") = 0, py::arg("reasoning") = 0)
        .def_property_readonly("input", [](const Usage& u) { return u.input.value(); })
        .def_property_readonly("cached_input", [](const Usage& u) { return u.cached_input.value(); })
        .def_property_readonly("cache_write", [](const Usage& u) { return u.cache_write.value(); })
        .def_property_readonly("output", [](const Usage& u) { return u.output.value(); })
        .def_property_readonly("reasoning", [](const Usage& u) { return u.reasoning.value(); })
        .def("__eq__", [](const Usage& a, const py::object& other) -> py::object {
            if (!py::isinstance<Usage>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            const Usage& b = other.cast<const Usage&>();
            return py::bool_(a.input == b.input && a.cached_input == b.cached_input && a.cache_write == b.cache_write &&
                             a.output == b.output && a.reasoning == b.reasoning);
        })
        .def("__repr__", [](const Usage& u) {
            return "Usage(input=" + std::to_string(u.input.value()) + ", cached_input=" +
                   std::to_string(u.cached_input.value()) + ", cache_write=" + std::to_string(u.cache_write.value()) +
                   ", output=" + std::to_string(u.output.value()) + ", reasoning=" + std::to_string(u.reasoning.value()) +
                   ")";
        });

    m.def(
        "_usage_from_openai",
        [](const py::handle& prompt, const py::handle& cached, const py::handle& completion, const py::handle& reasoning) {
            return from_openai(OpenAIUsage{to_count(prompt, "prompt_tokens"), to_count(cached, "cached_tokens"),
                                           to_count(completion, "completion_tokens"),
                                           to_count(reasoning, "reasoning_tokens")});
        });
    m.def("_usage_from_anthropic", [](const py::handle& input, const py::handle& read, const py::handle& write,
                                      const py::handle& output, const py::handle& thinking) {
        return from_anthropic(AnthropicUsage{to_count(input, "input_tokens"), to_count(read, "cache_read_input_tokens"),
                                             to_count(write, "cache_creation_input_tokens"),
                                             to_count(output, "output_tokens"), to_count(thinking, "thinking_tokens")});
    });

    py::class_<MeterCharge>(m, "MeterCharge")
        .def_property_readonly("meter", [](const MeterCharge& c) { return std::string(meter_name(c.meter)); })
        .def_readonly("quantity", &MeterCharge::quantity)
        .def_readonly("rate", &MeterCharge::rate, "Per million tokens (per request for the request meter).")
        .def_readonly("level", &MeterCharge::level)
        .def_readonly("cost", &MeterCharge::cost);

    py::class_<PriceBreakdown>(m, "PriceBreakdown", "The price of one request, meter by meter.")
        .def_readonly("offering_id", &PriceBreakdown::offering_id)
        .def_readonly("total", &PriceBreakdown::total)
        .def_property_readonly("currency", [](const PriceBreakdown& b) { return b.currency.code(); })
        .def_readonly("level", &PriceBreakdown::level, "Context tier chosen by the prompt size (0 = base).")
        .def_property_readonly("time_rule", [](const PriceBreakdown& b) -> py::object {
            return b.time_rule.empty() ? py::object(py::none()) : py::object(py::str(b.time_rule));
        })
        .def_property_readonly("service_tier", [](const PriceBreakdown& b) { return std::string(service_tier_name(b.service_tier)); })
        .def_readonly("version_index", &PriceBreakdown::version_index)
        .def_property_readonly("version_from", [](const PriceBreakdown& b) { return from_timestamp(b.version_from); })
        .def_readonly("source", &PriceBreakdown::source)
        .def_property_readonly("checked", [](const PriceBreakdown& b) { return from_date(b.checked); })
        .def_readonly("charges", &PriceBreakdown::charges)
        .def("cost_of", [](const PriceBreakdown& b, const std::string& meter) {
            const auto mm = meter_from_name(meter);
            if (!mm) throw InputError("unknown meter '" + meter + "'");
            return b.cost_of(*mm);
        }, py::arg("meter"));

    py::class_<Offering>(m, "Offering", "A model at a provider at a price list, with the list's history.")
        .def_readonly("id", &Offering::id)
        .def_readonly("provider", &Offering::provider)
        .def_readonly("model", &Offering::model)
        .def_readonly("display_name", &Offering::display_name)
        .def_readonly("context_window", &Offering::context_window)
        .def_readonly("max_output", &Offering::max_output)
        .def_readonly("aliases", &Offering::aliases)
        .def_readonly("notes", &Offering::notes)
        .def_property_readonly("deprecated", [](const Offering& o) -> py::object {
            return o.deprecated ? from_timestamp(*o.deprecated) : py::object(py::none());
        })
        .def_property_readonly("retired", [](const Offering& o) -> py::object {
            return o.retired ? from_timestamp(*o.retired) : py::object(py::none());
        })
        .def_property_readonly("successor", [](const Offering& o) -> py::object {
            return o.successor.empty() ? py::object(py::none()) : py::object(py::str(o.successor));
        }, "The offering the provider names as replacement, once deprecated or retired; None otherwise.")
        .def_property_readonly("versions", [](const Offering& o) {
            py::list l;
            for (const auto& v : o.versions) l.append(version_dict(v));
            return l;
        }, "Price versions as dicts, oldest first.")
        .def_property_readonly("governance", [](const Offering& o) { return governance_dict(o.governance); },
                               "Who hosts it and where the data goes, with the source; None when not known.")
        .def("version_at", [](const Offering& o, const py::handle& at) {
            return version_dict(o.version_at(to_timestamp(at, "at")));
        }, py::arg("at"))
        .def(
            "price",
            [](const Offering& o, const py::handle& at, const py::handle& tier, const py::handle& input,
               const py::handle& cached, const py::handle& write, const py::handle& output, const py::handle& reasoning) {
                const Usage u = make_usage(input, cached, write, output, reasoning);
                return price_request(o, u, RequestOptions{to_timestamp(at, "at"), to_service_tier(tier)});
            },
            py::kw_only(), py::arg("at"), py::arg("service_tier") = "standard", py::arg("input") = 0,
            py::arg("cached_input") = 0, py::arg("cache_write") = 0, py::arg("output") = 0, py::arg("reasoning") = 0,
            "Prices one request; `at` selects the price version and the time-of-day rules.")
        .def(
            "price_usage",
            [](const Offering& o, const Usage& u, const py::handle& at, const py::handle& tier) {
                return price_request(o, u, RequestOptions{to_timestamp(at, "at"), to_service_tier(tier)});
            },
            py::arg("usage"), py::kw_only(), py::arg("at"), py::arg("service_tier") = "standard")
        .def(
            "_price_batch",
            [](const Offering& o, const py::array_t<std::int64_t>& usage, const py::array_t<std::int64_t>& seconds,
               const py::handle& tier) {
                // Reads the arrays in place, whatever their strides, and writes into arrays made here.
                if (usage.ndim() != 2 || usage.shape(1) != static_cast<py::ssize_t>(kUsageColumns))
                    throw InputError("usage must have shape (N, " + std::to_string(kUsageColumns) + ")");
                if (seconds.ndim() != 1 || seconds.strides(0) != static_cast<py::ssize_t>(sizeof(std::int64_t)))
                    throw InputError("unix_seconds must be a contiguous one-dimensional array");
                const auto step = static_cast<py::ssize_t>(sizeof(std::int64_t));
                if (usage.strides(0) % step || usage.strides(1) % step)
                    throw InputError("usage must have strides that are whole multiples of 8 bytes");
                const UsageRows rows{usage.data(), static_cast<std::size_t>(usage.shape(0)), usage.strides(0) / step,
                                     usage.strides(1) / step};
                const auto n = usage.shape(0);
                py::array_t<double> total(n);
                py::array_t<double> by_meter({n, static_cast<py::ssize_t>(kMeterCount)});
                const ServiceTier t = to_service_tier(tier);
                const std::span<const std::int64_t> at(seconds.data(), static_cast<std::size_t>(seconds.size()));
                const std::span<double> total_out(total.mutable_data(), static_cast<std::size_t>(n));
                const std::span<double> meters_out(by_meter.mutable_data(), static_cast<std::size_t>(n) * kMeterCount);
                Currency currency = usd();
                {
                    py::gil_scoped_release unlocked;
                    currency = price_batch_into(o, rows, at, t, total_out, meters_out);
                }
                return py::make_tuple(std::move(total), std::move(by_meter), currency.code());
            },
            py::arg("usage"), py::arg("unix_seconds"), py::arg("service_tier"))
        .def("__repr__", [](const Offering& o) { return "<Offering " + o.id + ">"; });

    py::class_<Provider>(m, "Provider")
        .def_readonly("id", &Provider::id)
        .def_readonly("name", &Provider::name)
        .def_readonly("homepage", &Provider::homepage)
        .def_readonly("file", &Provider::file)
        .def_readonly("source_ids", &Provider::source_ids)
        .def("__repr__", [](const Provider& p) { return "<Provider " + p.id + ">"; });

    py::class_<FxTable>(m, "FxTable", "Dated exchange rates.")
        .def_property_readonly("currencies", [](const FxTable& f) {
            std::vector<std::string> out;
            for (const auto& c : f.currencies()) out.push_back(c.code());
            return out;
        })
        .def_property_readonly("rates", [](const FxTable& f) {
            py::list l;
            for (const auto& r : f.rates()) {
                py::dict d;
                d["date"] = from_date(r.date);
                d["base"] = r.base.code();
                d["quote"] = r.quote.code();
                d["rate"] = r.rate;
                d["source"] = r.source;
                d["checked"] = from_date(r.checked);
                l.append(d);
            }
            return l;
        })
        .def("conversion", [](const FxTable& f, const py::handle& from, const py::handle& to, const py::handle& on) {
            return conversion_dict(f.conversion(to_currency(from), to_currency(to), to_date(on, "on")));
        }, py::arg("from_currency"), py::arg("to_currency"), py::arg("on"),
            "The rate from one currency to another in force on a date, with its date and source.")
        .def("convert", [](const FxTable& f, const py::handle& amount, const py::handle& from, const py::handle& to,
                           const py::handle& on) {
            const Currency source = to_currency(from);
            const Money given = to_money(amount, source, "amount");
            if (given.currency() != source)
                throw CurrencyError("the amount is " + given.str() + " but from_currency is " + source.code() +
                                    "; give the amount's own currency");
            return f.convert(given, to_currency(to), to_date(on, "on"));
        }, py::arg("amount"), py::arg("from_currency"), py::arg("to_currency"), py::arg("on"),
            "The amount (Money, or a number in from_currency) in to_currency at the rate in force on a date.");

    py::class_<Catalog>(m, "Catalog", "Every API offering and the FX table; immutable once loaded.")
        .def("offering_at", [](const Catalog& c, const std::string& id, const py::handle& at) -> const Offering& {
            return c.offering_at(id, to_timestamp(at, "at"));
        }, py::arg("id"), py::arg("at"), py::return_value_policy::reference_internal,
            "Looks an offering up, resolving aliases that named different offerings over time at `at`.")
        .def_static("load", [](const std::filesystem::path& p) { return Catalog::load(p); }, py::arg("directory"),
                    "Loads a catalog directory (api/*.yaml and fx.yaml) with strict validation.")
        .def_static("load_default", &Catalog::load_default,
                    "Loads the bundled catalog afresh (see bundled_directory); Catalog.default() keeps one.")
        .def_static("bundled_directory", &Catalog::default_data_dir,
                    "The bundled data directory: $INFERCOST_DATA_DIR if set, else the pricing/ folder beside the "
                    "compiled module (or <prefix>/share/infercost/pricing).")
        .def("offering", &Catalog::offering, py::arg("id"), py::return_value_policy::reference_internal,
             "Looks an offering up by id or alias; NotFoundError (a KeyError) with close matches otherwise.")
        .def("__contains__", [](const Catalog& c, const std::string& id) { return c.contains(id); })
        .def("__len__", [](const Catalog& c) { return c.offerings().size(); })
        .def("__getitem__", &Catalog::offering, py::return_value_policy::reference_internal)
        .def_property_readonly("offerings", [](const Catalog& c) {
            py::list l;
            py::object self = py::cast(c);
            for (const auto& o : c.offerings()) l.append(py::cast(&o, py::return_value_policy::reference_internal, self));
            return l;
        })
        .def("by_provider", [](const Catalog& c, const std::string& provider) {
            py::list l;
            py::object self = py::cast(c);
            for (const Offering* o : c.by_provider(provider))
                l.append(py::cast(o, py::return_value_policy::reference_internal, self));
            return l;
        }, py::arg("provider"), "The offerings of one provider; NotFoundError with close matches for an unknown one.")
        .def_property_readonly("providers", &Catalog::providers)
        .def_property_readonly("fx", &Catalog::fx, py::return_value_policy::reference_internal)
        .def_property_readonly("directory", &Catalog::directory)
        .def_property_readonly("hardware", &Catalog::hardware, py::return_value_policy::reference_internal,
                               "The self-hosting data: GPUs, cloud offers, owned-hardware profiles, models.")
        .def("__repr__", [](const Catalog& c) {
            return "<Catalog " + std::to_string(c.offerings().size()) + " offerings from " + c.directory().string() + ">";
        });

    py::class_<Option>(m, "Option", "An offering at a service tier, with a label for tables.")
        .def(py::init([](const std::string& id, const py::handle& tier, const std::string& label) {
                 return Option(id, to_service_tier(tier), label);
             }),
             py::arg("offering_id"), py::kw_only(), py::arg("service_tier") = "standard", py::arg("label") = "")
        .def_readonly("offering_id", &Option::offering_id)
        .def_property_readonly("service_tier", [](const Option& o) { return std::string(service_tier_name(o.service_tier)); })
        .def_property_readonly("label", &Option::display_label)
        .def_readonly("self_hosted", &Option::self_hosted)
        .def("__repr__", [](const Option& o) { return "Option('" + o.display_label() + "')"; });

    py::class_<Workload>(m, "Workload", "How many requests, of what shape, at which hours.")
        .def(py::init([](const py::handle& rpd, const py::handle& in, const py::handle& out, const py::handle& cached,
                         const py::handle& write, const py::handle& reasoning, const py::handle& offset,
                         const py::object& hourly, const py::object& weekday, const std::string& overflow) {
                 Workload w;
                 const auto rule = context_overflow_from_name(overflow);
                 if (!rule) throw InputError("context_overflow must be 'refuse' or 'truncate', not '" + overflow + "'");
                 w.context_overflow = *rule;
                 w.requests_per_day = to_number(rpd, "requests_per_day");
                 w.input_tokens = to_distribution(in, "input_tokens");
                 w.output_tokens = to_distribution(out, "output_tokens");
                 w.cached_share = to_number(cached, "cached_share");
                 w.cache_write_share = to_number(write, "cache_write_share");
                 w.reasoning_share = to_number(reasoning, "reasoning_share");
                 w.utc_offset = parse_utc_offset(py::str(offset).cast<std::string>());
                 if (!hourly.is_none()) {
                     const auto v = hourly.cast<std::vector<py::object>>();
                     if (v.size() != 24) throw InputError("hourly_profile needs 24 values (got " + std::to_string(v.size()) + ")");
                     for (std::size_t i = 0; i < 24; ++i) w.hourly_profile[i] = to_number(v[i], "hourly_profile value");
                 }
                 if (!weekday.is_none()) {
                     const auto v = weekday.cast<std::vector<py::object>>();
                     if (v.size() != 7) throw InputError("weekday_profile needs 7 values, Monday to Sunday (got " + std::to_string(v.size()) + ")");
                     for (std::size_t i = 0; i < 7; ++i) w.weekday_profile[i] = to_number(v[i], "weekday_profile value");
                 }
                 w.validate();
                 return w;
             }),
             py::kw_only(), py::arg("requests_per_day"), py::arg("input_tokens"), py::arg("output_tokens"),
             py::arg("cached_share") = 0.0, py::arg("cache_write_share") = 0.0, py::arg("reasoning_share") = 0.0,
             py::arg("utc_offset") = "+00:00", py::arg("hourly_profile") = py::none(),
             py::arg("weekday_profile") = py::none(), py::arg("context_overflow") = "refuse")
        .def_readonly("requests_per_day", &Workload::requests_per_day)
        .def_property_readonly("context_overflow", [](const Workload& w) { return std::string(context_overflow_name(w.context_overflow)); })
        .def_readonly("input_tokens", &Workload::input_tokens)
        .def_readonly("output_tokens", &Workload::output_tokens)
        .def_readonly("cached_share", &Workload::cached_share)
        .def_readonly("cache_write_share", &Workload::cache_write_share)
        .def_readonly("reasoning_share", &Workload::reasoning_share)
        .def_property_readonly("utc_offset", [](const Workload& w) { return format_utc_offset(w.utc_offset); })
        .def_readonly("hourly_profile", &Workload::hourly_profile)
        .def_readonly("weekday_profile", &Workload::weekday_profile)
        .def("with_volume", [](const Workload& w, const py::handle& rpd) {
            Workload c = w;
            c.requests_per_day = to_number(rpd, "requests_per_day");
            c.validate();
            return c;
        }, py::arg("requests_per_day"), "A copy with another request volume.")
        .def("__repr__", [](const Workload& w) {
            return "Workload(requests_per_day=" + py::repr(py::float_(w.requests_per_day)).cast<std::string>() +
                   ", input_tokens=" + w.input_tokens.describe() + ", output_tokens=" + w.output_tokens.describe() + ")";
        });

    py::class_<CostReport>(m, "CostReport", "The cost of a workload on one option, month by month.")
        .def_readonly("label", &CostReport::label)
        .def_readonly("offering_id", &CostReport::offering_id)
        .def_property_readonly("service_tier", [](const CostReport& r) { return std::string(service_tier_name(r.service_tier)); })
        .def_property_readonly("currency", [](const CostReport& r) { return r.currency.code(); })
        .def_readonly("requests", &CostReport::requests)
        .def_readonly("input_tokens", &CostReport::input_tokens)
        .def_readonly("output_tokens", &CostReport::output_tokens)
        .def_readonly("total", &CostReport::total)
        .def_readonly("per_year", &CostReport::per_year)
        .def_property_readonly("cost_per_request", &CostReport::cost_per_request)
        .def_property_readonly("by_meter", [](const CostReport& r) { return lines_dict(r.by_meter, r.currency); },
                               "Amounts by cost line (COST_LINES): the meters, then GPU-hours, capital, power, hosting and operations.")
        .def_property_readonly("months", [](const CostReport& r) {
            py::list l;
            for (const auto& mc : r.months) {
                py::dict d = lines_dict(mc.by_meter, r.currency);
                d["month"] = from_date(mc.month);
                d["requests"] = mc.requests;
                d["total"] = Money(mc.total, r.currency);
                l.append(d);
            }
            return l;
        })
        .def_property_readonly("versions", [](const CostReport& r) {
            py::list l;
            for (const auto& v : r.versions) {
                py::dict d;
                d["index"] = v.index;
                d["effective_from"] = from_timestamp(v.from);
                d["currency"] = v.currency.code();
                d["source"] = v.source;
                d["checked"] = from_date(v.checked);
                d["request_share"] = v.request_share;
                l.append(d);
            }
            return l;
        })
        .def_property_readonly("time_rules", [](const CostReport& r) {
            py::dict d;
            for (const auto& t : r.time_rules) d[py::str(t.name)] = t.request_share;
            return d;
        })
        .def_property_readonly("conversions", [](const CostReport& r) {
            py::list l;
            for (const auto& c : r.conversions) l.append(conversion_dict(c));
            return l;
        });

    py::class_<Comparison>(m, "Comparison", "Options costed for one workload, against a baseline.")
        .def_readonly("options", &Comparison::options)
        .def_readonly("baseline", &Comparison::baseline)
        .def_property_readonly("currency", [](const Comparison& c) { return c.settings.currency.code(); })
        .def_property_readonly("start", [](const Comparison& c) { return from_date(c.settings.period.start); })
        .def_property_readonly("months", [](const Comparison& c) { return c.settings.period.months; })
        .def_property_readonly("fx_date", [](const Comparison& c) { return from_date(c.settings.effective_fx_date()); })
        .def("saving_per_year", &Comparison::saving_per_year, py::arg("i"))
        .def("saving_share", &Comparison::saving_share, py::arg("i"))
        .def("cheapest", &Comparison::cheapest)
        .def_readonly("self_hosted", &Comparison::self_hosted,
                      "One entry per option: the capacity plan behind a self-hosted option, None for an API option.");

    py::class_<ClaimCheck>(m, "ClaimCheck", "The request volume that makes a claimed yearly saving true.")
        .def_readonly("baseline", &ClaimCheck::baseline)
        .def_readonly("candidate", &ClaimCheck::candidate)
        .def_property_readonly("currency", [](const ClaimCheck& k) { return k.claimed_saving_per_year.currency().code(); })
        .def_readonly("claimed_saving_per_year", &ClaimCheck::claimed_saving_per_year)
        .def_readonly("baseline_cost_per_request", &ClaimCheck::baseline_cost_per_request)
        .def_readonly("candidate_cost_per_request", &ClaimCheck::candidate_cost_per_request)
        .def_readonly("achievable", &ClaimCheck::achievable)
        .def_readonly("implied_requests_per_day", &ClaimCheck::implied_requests_per_day)
        .def_readonly("implied_input_tokens_per_day", &ClaimCheck::implied_input_tokens_per_day)
        .def_readonly("implied_output_tokens_per_day", &ClaimCheck::implied_output_tokens_per_day)
        .def_readonly("implied_baseline_per_year", &ClaimCheck::implied_baseline_per_year)
        .def_readonly("implied_candidate_per_year", &ClaimCheck::implied_candidate_per_year)
        .def_readonly("saving_share", &ClaimCheck::saving_share)
        .def_readonly("workload_requests_per_day", &ClaimCheck::workload_requests_per_day)
        .def_readonly("workload_saving_per_year", &ClaimCheck::workload_saving_per_year)
        .def_readonly("summary", &ClaimCheck::summary);

    py::class_<Scenario>(m, "Scenario", "A scenario file: workload, horizon, options and an optional claim.")
        .def_readonly("name", &Scenario::name)
        .def_readonly("description", &Scenario::description)
        .def_readonly("file", &Scenario::file)
        .def_readonly("workload", &Scenario::workload)
        .def_readonly("options", &Scenario::options)
        .def_readonly("baseline", &Scenario::baseline)
        .def_property_readonly("currency", [](const Scenario& s) { return s.settings.currency.code(); })
        .def_property_readonly("start", [](const Scenario& s) { return from_date(s.settings.period.start); })
        .def_property_readonly("months", [](const Scenario& s) { return s.settings.period.months; })
        .def_property_readonly("fx_date", [](const Scenario& s) -> py::object {
            return s.settings.fx_date ? from_date(*s.settings.fx_date) : py::object(py::none());
        })
        .def_property_readonly("policy_file", [](const Scenario& s) -> py::object {
            return s.policy_file ? py::cast(*s.policy_file) : py::object(py::none());
        })
        .def_readonly("data_class", &Scenario::data_class)
        .def_property_readonly("claim", [](const Scenario& s) -> py::object {
            if (!s.claim) return py::none();
            py::dict d;
            d["saving_per_year"] = s.claim->saving_per_year;
            d["baseline"] = s.claim->baseline;
            d["candidate"] = s.claim->candidate;
            return d;
        });

    py::class_<ImportedCatalog>(m, "ImportedCatalog", "A catalog imported from another price source, with its report.")
        .def_readonly("catalog", &ImportedCatalog::catalog)
        .def_property_readonly("source", [](const ImportedCatalog& c) { return c.report.source; })
        .def_property_readonly("file", [](const ImportedCatalog& c) { return c.report.file; })
        .def_property_readonly("source_date", [](const ImportedCatalog& c) { return from_date(c.report.source_date); })
        .def_property_readonly("source_date_basis", [](const ImportedCatalog& c) { return c.report.source_date_basis; })
        .def_property_readonly("commit", [](const ImportedCatalog& c) { return c.report.commit; })
        .def_property_readonly("entries", [](const ImportedCatalog& c) {
            py::list l;
            for (const auto& e : c.report.entries) {
                py::dict d;
                d["key"] = e.key;
                d["provider"] = e.provider;
                d["status"] = std::string(import_status_name(e.status));
                d["flags"] = e.flags;
                d["unmapped_keys"] = e.unmapped_keys;
                l.append(d);
            }
            return l;
        }, "One dict per entry of the source: key, provider, status, flags (reasons), unmapped_keys.")
        .def("write", [](const ImportedCatalog& c, const std::filesystem::path& dir) { write_catalog(c.catalog, dir); },
             py::arg("directory"), "Writes the imported offerings as pricing/ YAML that Catalog.load reads.");

    auto import_options = [](const py::handle& date, const std::string& commit) {
        ImportOptions o;
        if (!date.is_none()) o.source_date = to_date(date, "source_date");
        o.commit = commit;
        return o;
    };
    m.def("_import_litellm", [import_options](const std::filesystem::path& p, const Catalog& fx_from, const py::handle& date,
                                              const std::string& commit) {
        return import_litellm(p, fx_from.fx(), import_options(date, commit));
    });
    m.def("_import_openrouter", [import_options](const std::filesystem::path& p, const Catalog& fx_from,
                                                 const py::handle& date, const std::string& commit) {
        return import_openrouter(p, fx_from.fx(), import_options(date, commit));
    });
    m.def("_diff", [](const Catalog& ours, const ImportedCatalog& theirs, const py::handle& threshold) {
        const CatalogDiff d = diff_catalogs(ours, theirs, to_number(threshold, "threshold"));
        py::list rows;
        for (const auto& x : d.differences) {
            py::dict r;
            r["offering"] = x.offering_id;
            r["source_id"] = x.source_id;
            r["meter"] = x.meter;
            r["ours"] = x.ours ? py::object(py::float_(*x.ours)) : py::object(py::none());
            r["theirs"] = x.theirs ? py::object(py::float_(*x.theirs)) : py::object(py::none());
            r["relative_difference"] = x.relative;
            r["ours_effective_from"] = from_timestamp(x.ours_from);
            r["ours_checked"] = from_date(x.ours_checked);
            r["theirs_date"] = from_date(x.theirs_date);
            rows.append(r);
        }
        return py::make_tuple(d.source, d.matched, d.unmatched, rows);
    });
    m.def("_apply_overlay", [](const Catalog& base, const std::filesystem::path& p) {
        OverlayResult r = apply_overlay(base, p);
        py::list changes;
        for (const auto& c : r.changes) {
            py::dict d;
            d["offering"] = c.offering_id;
            d["action"] = c.action;
            d["detail"] = c.detail;
            changes.append(d);
        }
        return py::make_tuple(r.catalog, r.name, changes);
    });
    py::class_<Policy>(m, "Policy", "A data-governance policy (docs/policies.md).")
        .def_readonly("name", &Policy::name)
        .def_readonly("note", &Policy::note)
        .def_property_readonly("data_classes", [](const Policy& p) { return p.data_classes; },
                               "Data class -> whether it must be processed on a self-hosted deployment.")
        .def("evaluate", [](const Policy& p, const Offering& o, const std::string& data_class) -> py::tuple {
            if (!o.governance)
                return py::make_tuple(false, std::vector<std::string>{"no governance facts are known for " + o.id +
                                                                     ", so compliance cannot be shown"});
            const PolicyVerdict v = evaluate(p, *o.governance, data_class);
            return py::make_tuple(v.passes, v.reasons);
        }, py::arg("offering"), py::arg("data_class") = "",
            "(passes, reasons) for an offering; every rule it fails is a reason.")
        .def("__repr__", [](const Policy& p) { return "<Policy " + p.name + ">"; });
    m.def("_load_policy", [](const std::filesystem::path& p, const Catalog& c) {
        return load_policy(p.string(), c.jurisdictions());
    });

    py::class_<PolicyCheck>(m, "PolicyCheck", "A comparison judged by a policy, with the yearly cost of the policy.")
        .def_readonly("policy", &PolicyCheck::policy)
        .def_readonly("data_class", &PolicyCheck::data_class)
        .def_readonly("labels", &PolicyCheck::labels)
        .def_readonly("cost_per_year", &PolicyCheck::per_year)
        .def_property_readonly("passes", [](const PolicyCheck& c) {
            std::vector<bool> v;
            for (const auto& x : c.verdicts) v.push_back(x.passes);
            return v;
        })
        .def_property_readonly("reasons", [](const PolicyCheck& c) {
            std::vector<std::vector<std::string>> v;
            for (const auto& x : c.verdicts) v.push_back(x.reasons);
            return v;
        })
        .def_readonly("cheapest", &PolicyCheck::cheapest)
        .def_readonly("cheapest_compliant", &PolicyCheck::cheapest_compliant)
        .def_property_readonly("cost_of_policy_per_year", [](const PolicyCheck& c) -> py::object {
            return c.cost_of_policy_per_year ? py::cast(*c.cost_of_policy_per_year) : py::object(py::none());
        });
    m.def("_check_policy", [](const Comparison& c, const Catalog& cat, const Policy& p, const std::string& dc) {
        return check_policy(c, cat, p, dc);
    });
    m.def("_parse_timestamp", [](const std::string& s) { return parse_timestamp(s).time_since_epoch().count(); });
    m.def("_load_scenario", [](const std::filesystem::path& p, const Catalog& c) { return load_scenario(p, &c); });
    m.def("_parse_scenario", [](const std::string& text, const std::string& name, const Catalog& c) {
        return parse_scenario(text, name, &c);
    });
    m.def("_run_scenario", &run_scenario, py::call_guard<py::gil_scoped_release>());
    m.def("_check_scenario_policy", &check_scenario_policy);
    m.def("_check_scenario_claim", &check_scenario_claim, py::call_guard<py::gil_scoped_release>());

    m.def(
        "_compare",
        [](const Catalog& cat, const Workload& w, const py::list& options, std::size_t baseline, const py::handle& start,
           int months, const py::handle& currency, const py::handle& fx_date) {
            std::vector<Option> opts;
            for (auto o : options) opts.push_back(to_option(o));
            const ComparisonSettings settings = make_settings(start, months, currency, fx_date);
            py::gil_scoped_release release;
            return compare(cat, w, opts, baseline, settings);
        });
    m.def("_check_claim", [](const Catalog& cat, const Workload& w, const py::handle& baseline, const py::handle& candidate,
                             const py::handle& saving, const py::handle& start, int months, const py::handle& currency,
                             const py::handle& fx_date) {
        const ComparisonSettings s = make_settings(start, months, currency, fx_date);
        return check_claim(cat, w, to_option(baseline), to_option(candidate), to_money(saving, s.currency, "saving_per_year"),
                           s);
    });
    bind_selfhost_functions(m);
    register_tables(m);
}
