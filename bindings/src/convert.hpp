// Conversions between Python values and infercost's C++ types, with the input checks Python users need
// (no naive datetimes, no floats for token counts, no NaN).
#pragma once

#include <infercost/infercost.hpp>

#include <pybind11/pybind11.h>

#include <string>

namespace infercost::py_convert {

namespace py = pybind11;

// A str (ISO 8601 with zone), an aware datetime, or a date (midnight UTC). A naive datetime is refused.
Timestamp to_timestamp(const py::handle& value, const char* what);
py::object from_timestamp(Timestamp t);
// A str "YYYY-MM-DD" or a datetime.date.
Date to_date(const py::handle& value, const char* what);
py::object from_date(Date d);
// A whole number of tokens (int or numpy integer); floats, bools and negative values are refused.
std::int64_t to_count(const py::handle& value, const char* what);
// A finite float; bools and NaN are refused.
double to_number(const py::handle& value, const char* what);
Currency to_currency(const py::handle& value);
ServiceTier to_service_tier(const py::handle& value);
TokenDistribution to_distribution(const py::handle& value, const char* what);
// A dict of governance facts, None for none.
py::object governance_dict(const std::optional<GovernanceFacts>& g);

// An amount: an infercost.Money keeps its own currency; a bare number is read in `currency`, the one the
// call states (the caller then checks the amount against the currencies it works in).
Money to_money(const py::handle& value, const Currency& currency, const char* what);

// Library values as Python values, and Python arguments as library values, shared by the register_*.cpp files.
py::dict prices_dict(const MeterPrices& p);
py::dict adjustment_dict(const PriceAdjustment& a);
py::dict version_dict(const PriceVersion& v);
py::dict lines_dict(const CostLines& a, const Currency& currency);
py::dict conversion_dict(const FxConversion& c);
Usage make_usage(const py::handle& input, const py::handle& cached, const py::handle& write, const py::handle& output,
                 const py::handle& reasoning, const py::handle& write_long, const py::handle& web_searches);
// Growth from a dict with one of monthly, yearly (compound rates) or series (a multiplier per month).
Growth to_growth(const py::handle& v);
// One-off costs from a list of dicts {label, date, amount, depreciation_months}.
std::vector<OneOff> to_one_offs(const py::handle& v);
// Terms from lists of dicts: agreements {provider, discount, credits, commitment: {amount, months}} and FX path
// rates {date, quote, rate, base (USD), source}.
void add_terms(ComparisonSettings& s, const py::handle& agreements, const py::handle& fx_path, const py::handle& discount_rate);
// Tasks from a dict {name, requests_per_task, tokenizer, text, models: [{option, success_rate, requests_per_task,
// reasoning_tokens_per_request, token_ratio, tokenizer}]}; tokenizers looked up in the catalog's tokenizers.yaml.
Tasks to_tasks(const py::handle& v, const Catalog& catalog);
ComparisonSettings make_settings(const py::handle& start, int months, const py::handle& currency,
                                 const py::handle& fx_date, const std::string& on_retirement = "refuse");
Option to_option(const py::handle& v);

}  // namespace infercost::py_convert

// infercost::Money crosses into Python as infercost.Money, a float that keeps its currency
// (bindings/infercost/_money.py), and back. A bare float is not an amount: where a function takes Money,
// the binding says which currency a number is read in (py_convert::to_money).
namespace pybind11::detail {
template <>
struct type_caster<infercost::Money> {
    static constexpr auto name = const_name("infercost._money.Money");
    bool load(handle src, bool convert);
    static handle cast(const infercost::Money& m, return_value_policy policy, handle parent);
    static handle cast(const infercost::Money* m, return_value_policy policy, handle parent) {
        return m ? cast(*m, policy, parent) : none().release();
    }
    operator infercost::Money*() { return &value; }
    operator infercost::Money&() { return value; }
    operator infercost::Money&&() && { return std::move(value); }
    template <typename T>
    using cast_op_type = movable_cast_op_type<T>;

private:
    infercost::Money value{0.0, infercost::usd()};
};
}  // namespace pybind11::detail
