// How a fact in the bundled data was checked: prices, hardware specifications, cloud offers.
#pragma once

#include "infercost/export.hpp"

#include <optional>
#include <string_view>

namespace infercost {

// On the provider's or vendor's own page, in a third-party copy, or worked out from other facts. `unknown` where
// the data does not say (values built in code, imports of undated sources).
enum class Verification { unknown, official, secondary, derived };
INFERCOST_API std::string_view verification_name(Verification v);
INFERCOST_API std::optional<Verification> verification_from_name(std::string_view name);

}  // namespace infercost
