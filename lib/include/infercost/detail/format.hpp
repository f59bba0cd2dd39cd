// Numbers in messages and summaries a person reads. One formatter for the library, on the fmt library; the
// definitions live in the library (fmt stays a private dependency).
#pragma once

#include "infercost/export.hpp"

#include <string>

namespace infercost {

// `digits` significant digits, no trailing zeros: 0.00392, 1.5e+06 (printf's %g).
INFERCOST_API std::string format_number(double v, int digits = 4);
// A whole number with thousands separators: 154,210; -1,200.
INFERCOST_API std::string format_count(double v);
// A fixed number of decimals with thousands separators: 1,234.50.
INFERCOST_API std::string format_fixed(double v, int decimals);

}  // namespace infercost
