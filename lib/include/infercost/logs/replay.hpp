// Log replay: a usage log priced again, row by row, under the offerings that served it and under any set of
// candidates, with every rule of single-request pricing (the version in force at the row's instant, time-of-day
// rules, context tiers per request, service tiers and serving scopes). The log is read in place from columns
// the caller owns, in blocks; a block is priced against every offering while it is in cache, and blocks are
// combined in their order, so results do not depend on the number of threads.
#pragma once

#include "infercost/export.hpp"
#include "infercost/core/fx.hpp"
#include "infercost/core/time.hpp"
#include "infercost/core/units.hpp"
#include "infercost/pricing/offering.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace infercost {

// A usage log as columns, one entry per row (a request, or an aggregate of requests in an export's bucket).
// Optional columns are empty spans.
struct INFERCOST_API UsageLog {
    std::span<const std::int64_t> unix_seconds;  // when the row's requests were made (a bucket's start)
    // For a row that sums a bucket of time, the bucket's exclusive end: the row is priced only where the offering's
    // price holds over the whole bucket. Empty: every row is an instant.
    std::span<const std::int64_t> unix_seconds_end;
    // Token counts, one column per kUsageColumnNames entry (Usage semantics), each read in place. input and output
    // are required; an empty optional column is a meter the log never used (no cache reads, no web searches).
    std::array<std::span<const std::int64_t>, kUsageColumns> usage{};
    // Requests the row stands for; 0 where the export does not say. Empty: one request per row.
    std::span<const std::int64_t> requests;
    // The row's own offering, as an index into `offerings`. Empty: the log names no offerings.
    std::span<const std::int32_t> offering;
    std::vector<const Offering*> offerings;
    // The row's service tier (ServiceTier as an integer). Empty: all standard.
    std::span<const std::uint8_t> tier;
    // The row's serving scope as an index into `scopes`, -1 for the price list's default. Empty: all default.
    std::span<const std::int32_t> scope;
    std::vector<std::string> scopes;
    // The row's attribution group (a team, a project, an API key, or a combination), 0 .. groups - 1.
    std::span<const std::int32_t> group;
    std::int32_t groups = 1;

    std::size_t rows() const noexcept { return unix_seconds.size(); }
    std::int64_t count(std::size_t row, std::size_t column) const noexcept {
        return usage[column].empty() ? 0 : usage[column][row];
    }
    Usage usage_at(std::size_t row) const noexcept {
        return Usage{TokenCount(count(row, 0)), TokenCount(count(row, 1)), TokenCount(count(row, 2)),
                     TokenCount(count(row, 3)), TokenCount(count(row, 4)), TokenCount(count(row, 5)), count(row, 6)};
    }
    // InputError for columns of the wrong length, indices out of range or more groups, offerings or scopes
    // than a replay can key (kMaxReplayGroups, kMaxReplayOfferings, kMaxReplayScopes).
    void validate() const;
};
inline constexpr std::int32_t kMaxReplayGroups = 1 << 22;
inline constexpr std::int32_t kMaxReplayOfferings = (1 << 14) - 1;
inline constexpr std::int32_t kMaxReplayScopes = 31;

// How a row that sums several requests is tiered by prompt size. Such a row is priced exactly when its whole
// prompt is within the first context level (every request in it is); otherwise the requests' sizes are unknown.
enum class AggregateTiers {
    refuse,  // the row is refused, naming the offering and the threshold
    mean,    // each request is taken at the row's mean prompt (stated in the result)
};
// A row an offering would refuse (prompt plus output beyond its context window, output beyond its maximum).
enum class OverLimits {
    refuse,   // the replay is refused, naming the row
    exclude,  // the row is left out of that offering's totals and counted in rows_over_limits
};

struct INFERCOST_API ReplayOptions {
    bool own = true;                   // price each row under its own offering (needs UsageLog::offering)
    UtcOffset day_offset{};            // the clock days are counted on
    AggregateTiers aggregate_tiers = AggregateTiers::refuse;
    OverLimits over_limits = OverLimits::refuse;
    int threads = 0;                   // 0: every core
    // Converts each cell at the rate in force on its day. Empty: amounts stay in each list's currency only.
    std::optional<Currency> reporting_currency;
    const FxTable* fx = nullptr;       // needed with reporting_currency
    // Optional per-row costs, rows x columns (ReplayResult::columns), row-major, each in the currency of the
    // price version that priced the row; NaN where an excluded row has no price.
    std::span<double> row_costs;
    // Called with (rows priced, rows in all) after each block is added to the totals, from one thread at a time.
    std::function<void(std::size_t, std::size_t)> progress;
};

// What one column bills the rows of one day, group, own offering, service tier and scope, under one price
// version. Quantities are those of the rows priced (tokens per token meter, requests, web searches).
struct INFERCOST_API ReplayCell {
    std::int32_t column = 0;    // index into ReplayResult::columns
    std::int32_t day = 0;       // days since 1970-01-01 on the day_offset clock
    std::int32_t group = 0;
    std::int32_t offering = -1;  // the rows' own offering (index into UsageLog::offerings), -1 if none
    ServiceTier tier = ServiceTier::standard;
    std::int32_t scope = -1;
    std::int32_t version = 0;   // of the offering that priced the rows
    std::int64_t rows = 0;
    std::int64_t requests = 0;            // requests known to the log
    std::int64_t rows_unknown_requests = 0;  // rows whose number of requests the log does not say
    std::array<double, kMeterCount> quantity{};
    std::array<double, kMeterCount> cost{};  // in `currency`
    double total = 0;
    Currency currency{"USD"};
    double reporting_total = 0;  // in the reporting currency, when one was asked for
    double fx_rate = 1;          // reporting = total * fx_rate
    Date fx_rate_date{};
};

struct INFERCOST_API ReplayResult {
    // The columns priced: nullptr for "each row under its own offering", then the candidates in order.
    std::vector<const Offering*> columns;
    std::vector<ReplayCell> cells;  // ordered by column, day, group, offering, tier, scope, version
    std::vector<std::int64_t> rows_over_limits;  // per column
    std::vector<std::int64_t> rows_tiered_at_mean;  // per column: aggregated rows tiered at their mean prompt
    std::optional<Currency> reporting_currency;
    std::size_t rows = 0;
    std::size_t blocks = 0;
    int threads = 1;
};

// Rows are read and priced kReplayBlockRows at a time; the block size fixes the order of every sum.
inline constexpr std::size_t kReplayBlockRows = 1 << 15;

// Prices the log under its own offerings (options.own) and under `candidates`. A bad row (negative counts, parts
// above their whole, an instant outside an offering's price history, an unknown scope, a meter without a price)
// is an InputError naming the row; nothing is priced half.
INFERCOST_API ReplayResult replay(const UsageLog& log, const std::vector<const Offering*>& candidates,
                                  const ReplayOptions& options = {});

}  // namespace infercost
