#include "infercost/core/provenance.hpp"

#include <array>
#include <cstddef>

namespace infercost {

namespace {
constexpr std::array<std::string_view, 4> kVerificationNames{"unknown", "official", "secondary", "derived"};
}

std::string_view verification_name(Verification v) { return kVerificationNames[static_cast<std::size_t>(v)]; }

std::optional<Verification> verification_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kVerificationNames.size(); ++i)
        if (kVerificationNames[i] == name) return static_cast<Verification>(i);
    return std::nullopt;
}

}  // namespace infercost
