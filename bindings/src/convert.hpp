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

}  // namespace infercost::py_convert
