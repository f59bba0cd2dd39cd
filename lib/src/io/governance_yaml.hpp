// Reading jurisdictions, governance facts and policies. Private to io/.
#pragma once

#include "infercost/governance/policy.hpp"
#include "infercost/pricing/offering.hpp"

#include <filesystem>
#include <vector>

namespace infercost::io {

Jurisdictions read_jurisdictions(const std::string& file);
// Attaches the facts of dir/governance/*.yaml to the offerings they name.
void attach_governance(const std::filesystem::path& dir, std::vector<Offering>& offerings, const Jurisdictions& j);

}  // namespace infercost::io
