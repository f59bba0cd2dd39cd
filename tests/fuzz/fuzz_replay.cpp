// The usage-log kernel, on rows decoded from the input: each row is 11 little-endian 8-byte fields (instant,
// bucket end, the seven usage counts, requests, and one field whose bytes pick the row's own offering, service
// tier and scope), priced under the rows' own offerings and every fixture offering, to USD at each day's rate.
// The log readers themselves are Python over pandas; they hand the kernel these columns.
#include "fuzz_common.hpp"

#include <cstring>
#include <vector>

namespace {
std::int64_t field(const std::uint8_t* data, std::size_t size, std::size_t at) {
    std::uint8_t b[8] = {};
    if (at < size) std::memcpy(b, data + at, std::min<std::size_t>(8, size - at));
    std::int64_t v;
    std::memcpy(&v, b, 8);
    return v;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const infercost::Catalog& catalog = fuzz::fixture_catalog();
    static const std::vector<const infercost::Offering*> offerings = [&] {
        std::vector<const infercost::Offering*> v;
        for (const auto& o : catalog.offerings()) v.push_back(&o);
        return v;
    }();
    constexpr std::size_t kRowBytes = 11 * 8;
    const std::size_t rows = std::min<std::size_t>((size + kRowBytes - 1) / kRowBytes, 4096);
    if (rows == 0) return 0;
    const bool buckets = (data[0] & 1) != 0;
    std::vector<std::int64_t> at(rows), end(rows), requests(rows);
    std::vector<std::vector<std::int64_t>> usage(infercost::kUsageColumns, std::vector<std::int64_t>(rows));
    std::vector<std::int32_t> own(rows), scope(rows);
    std::vector<std::uint8_t> tier(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t base = r * kRowBytes;
        // Instants around 2025-2027, so that most rows meet a price; the raw value where its top bit is set.
        const std::int64_t t = field(data, size, base);
        at[r] = t < 0 ? t : 1'735'689'600 + (t % 94'608'000);
        // A bucket's end up to ~2 days either side (the harness's own sum must not overflow: raw instants are
        // left as they are).
        end[r] = t < 0 ? t : at[r] + (field(data, size, base + 8) % 200'000);
        for (std::size_t c = 0; c < infercost::kUsageColumns; ++c) usage[c][r] = field(data, size, base + 16 + 8 * c);
        requests[r] = field(data, size, base + 72);
        const std::int64_t pick = field(data, size, base + 80);
        own[r] = static_cast<std::int32_t>(static_cast<std::uint64_t>(pick & 0xffff) % offerings.size());
        tier[r] = static_cast<std::uint8_t>((pick >> 16) & 0x7);
        scope[r] = static_cast<std::int32_t>((pick >> 24) & 0x3) - 1;
    }
    infercost::UsageLog log;
    log.unix_seconds = at;
    if (buckets) log.unix_seconds_end = end;
    for (std::size_t c = 0; c < infercost::kUsageColumns; ++c) log.usage[c] = usage[c];
    log.requests = requests;
    log.offering = own;
    log.offerings = offerings;
    log.tier = tier;
    log.scope = scope;
    log.scopes = {"us", "eu"};
    infercost::ReplayOptions options;
    options.threads = 1;
    options.reporting_currency = infercost::Currency("USD");
    options.fx = &catalog.fx();
    options.aggregate_tiers = (data[0] & 2) ? infercost::AggregateTiers::mean : infercost::AggregateTiers::refuse;
    options.over_limits = (data[0] & 4) ? infercost::OverLimits::exclude : infercost::OverLimits::refuse;
    return fuzz::run([&] { infercost::replay(log, offerings, options); });
}
