// Batch pricing over Eigen matrices: opt-in, and the only public header that includes Eigen. Everything
// here is inline, so the Eigen objects are made and freed by the program that includes it, with its own
// compiler flags (-march=native changes Eigen's alignment); the library sees plain memory only
// (price_batch_into in pricing.hpp). Link infercost::batch, which brings Eigen 3.4 along.
#pragma once

#include "infercost/pricing/offering.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <span>
#include <type_traits>

namespace infercost {

// One row per request, columns as kUsageColumnNames: input, cached_input, cache_write, output, reasoning, and
// optionally cache_write_long and web_searches (5 or 7 columns).
using UsageMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// One row per request, one column per meter in Meter order.
using MeterMatrix = Eigen::Matrix<double, Eigen::Dynamic, static_cast<int>(kMeterCount), Eigen::RowMajor>;
using UnixSeconds = Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>;

struct BatchResult {
    Eigen::VectorXd total;  // per request
    MeterMatrix by_meter;   // per request and meter
    Currency currency{"USD"};
};

// A view of an Eigen usage matrix of any layout, read in place.
template <class Derived>
UsageRows usage_rows(const Eigen::DenseBase<Derived>& usage) {
    static_assert(std::is_same_v<typename Derived::Scalar, std::int64_t>, "usage must hold std::int64_t token counts");
    const Derived& m = usage.derived();
    return UsageRows{m.data(), static_cast<std::size_t>(m.rows()), static_cast<std::ptrdiff_t>(m.rowStride()),
                     static_cast<std::ptrdiff_t>(m.colStride()), static_cast<std::size_t>(m.cols())};
}

// Prices every row of `usage` at `unix_seconds` (one instant for all rows, or one per row).
inline BatchResult price_batch(const Offering& offering, const Eigen::Ref<const UsageMatrix>& usage,
                               const Eigen::Ref<const UnixSeconds>& unix_seconds,
                               ServiceTier tier = ServiceTier::standard, std::string_view scope = {}) {
    BatchResult out;
    out.total.resize(usage.rows());
    out.by_meter.resize(usage.rows(), static_cast<Eigen::Index>(kMeterCount));
    out.currency = price_batch_into(
        offering, usage_rows(usage),
        std::span<const std::int64_t>(unix_seconds.data(), static_cast<std::size_t>(unix_seconds.size())), tier,
        std::span<double>(out.total.data(), static_cast<std::size_t>(out.total.size())),
        std::span<double>(out.by_meter.data(), static_cast<std::size_t>(out.by_meter.size())), scope);
    return out;
}

}  // namespace infercost
