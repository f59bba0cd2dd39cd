#include "infercost/detail/format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace infercost {

namespace {
// Inserts a comma every three digits of the integer part of a plain decimal number.
std::string group(std::string s) {
    const std::size_t sign = !s.empty() && s[0] == '-' ? 1 : 0;
    std::size_t end = s.find('.');
    if (end == std::string::npos) end = s.size();
    for (std::size_t i = end; i > sign + 3; i -= 3) s.insert(i - 3, 1, ',');
    return s;
}
}  // namespace

std::string format_number(double v, int digits) { return fmt::format("{:.{}g}", v, digits); }

std::string format_count(double v) {
    if (!std::isfinite(v)) return fmt::format("{}", v);
    const double r = std::round(v);
    return group(fmt::format("{:.0f}", r == 0 ? 0.0 : r));  // no "-0"
}

std::string format_fixed(double v, int decimals) {
    if (!std::isfinite(v)) return fmt::format("{}", v);
    return group(fmt::format("{:.{}f}", v, decimals));
}

}  // namespace infercost
