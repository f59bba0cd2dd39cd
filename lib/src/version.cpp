#include "infercost/version.hpp"

namespace infercost {

std::string_view version() noexcept { return INFERCOST_VERSION_STRING; }

}  // namespace infercost
