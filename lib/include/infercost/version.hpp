// The version of infercost, defined here once: CMake's project() and the Python package's metadata read
// these three macros. version() gives the version of the library actually linked, which can differ from
// these macros when a program is run against another build of a shared library.
#pragma once

#include "infercost/export.hpp"

#include <string_view>

#define INFERCOST_VERSION_MAJOR 0
#define INFERCOST_VERSION_MINOR 1
#define INFERCOST_VERSION_PATCH 0

#define INFERCOST_VERSION_STR_(x) #x
#define INFERCOST_VERSION_XSTR_(x) INFERCOST_VERSION_STR_(x)
// "MAJOR.MINOR.PATCH"
#define INFERCOST_VERSION_STRING                                                                      \
    INFERCOST_VERSION_XSTR_(INFERCOST_VERSION_MAJOR)                                                  \
    "." INFERCOST_VERSION_XSTR_(INFERCOST_VERSION_MINOR) "." INFERCOST_VERSION_XSTR_(INFERCOST_VERSION_PATCH)
// One number for comparisons in #if: MAJOR * 10000 + MINOR * 100 + PATCH.
#define INFERCOST_VERSION \
    (INFERCOST_VERSION_MAJOR * 10000 + INFERCOST_VERSION_MINOR * 100 + INFERCOST_VERSION_PATCH)

namespace infercost {

// The version of the compiled library, "MAJOR.MINOR.PATCH".
INFERCOST_API std::string_view version() noexcept;

}  // namespace infercost
