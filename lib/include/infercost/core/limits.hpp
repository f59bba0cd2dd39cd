// Sizes and ranges the library refuses to go beyond, checked before memory is taken. Each is far above any
// real input and low enough that a hostile or mistaken file fails at once with a message naming the limit,
// instead of running for minutes or taking the machine's memory.
//
// Limits of one topic live with it: kMaxPeriodMonths (demand/calendar.hpp), kMaxSamples
// (uncertainty/monte_carlo.hpp), the replay limits (logs/replay.hpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace infercost {

// A price, scenario, policy, overlay, hardware or model file, or an imported price list (LiteLLM's whole map is
// about 1.5 MB).
inline constexpr std::size_t kMaxFileBytes = std::size_t{64} << 20;
// Mappings and lists inside one another (a catalog file goes about 8 deep).
inline constexpr int kMaxNestingDepth = 64;
// YAML aliases (*name) in one file: each can stand for a whole subtree, so a few dozen nested ones can
// stand for billions of nodes.
inline constexpr int kMaxYamlAliases = 256;
// One string value: an id, a note, a URL.
inline constexpr std::size_t kMaxStringBytes = std::size_t{64} << 10;
// Offerings in one catalog (the bundled one has a few hundred; LiteLLM's map a few thousand entries).
inline constexpr std::size_t kMaxOfferings = 100'000;
// A context window or output limit, in tokens (the largest published window is 10M).
inline constexpr std::int64_t kMaxContextTokens = 1'000'000'000;
// Tokens, requests or calls in one request, row or count: 2^47 (1.4 x 10^14). A log replay sums the counts of a
// block of 2^15 rows in int64 (kReplayBlockRows): 2^47 x 2^15 = 2^62 cannot overflow. Other sums are in doubles.
inline constexpr std::int64_t kMaxTokenCount = std::int64_t{1} << 47;

// Requests a day in a workload: a trillion, a thousand times the busiest public APIs' traffic.
inline constexpr double kMaxRequestsPerDay = 1e12;

}  // namespace infercost
