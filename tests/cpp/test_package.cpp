// The package's own surface: the version, batch pricing over plain memory, and where the bundled data is
// found at run time.
#include "helpers.hpp"

#include <infercost/version.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <vector>

using namespace infercost;
using M = Meter;

namespace {

// Sets (or, with nullopt, unsets) INFERCOST_DATA_DIR for one test and restores what was there.
class DataDirVariable {
public:
    explicit DataDirVariable(const std::optional<std::string>& value) {
        if (const char* old = std::getenv("INFERCOST_DATA_DIR")) old_ = old;
        if (value) ::setenv("INFERCOST_DATA_DIR", value->c_str(), 1);
        else ::unsetenv("INFERCOST_DATA_DIR");
    }
    ~DataDirVariable() {
        if (old_) ::setenv("INFERCOST_DATA_DIR", old_->c_str(), 1);
        else ::unsetenv("INFERCOST_DATA_DIR");
    }

private:
    std::optional<std::string> old_;
};

// A directory that counts as price data (it holds api/), removed with its parents up to `root` on exit.
class DataDirAt {
public:
    DataDirAt(std::filesystem::path dir, std::filesystem::path root) : dir_(std::move(dir)), root_(std::move(root)) {
        std::filesystem::create_directories(dir_ / "api");
    }
    ~DataDirAt() { std::filesystem::remove_all(root_); }

private:
    std::filesystem::path dir_, root_;
};

}  // namespace

TEST_CASE("version(): the library's version is the header's") {
    CHECK(version() == INFERCOST_VERSION_STRING);
    const std::string parts = std::to_string(INFERCOST_VERSION_MAJOR) + "." + std::to_string(INFERCOST_VERSION_MINOR) +
                              "." + std::to_string(INFERCOST_VERSION_PATCH);
    CHECK(version() == parts);
    CHECK(INFERCOST_VERSION ==
          INFERCOST_VERSION_MAJOR * 10000 + INFERCOST_VERSION_MINOR * 100 + INFERCOST_VERSION_PATCH);
}

TEST_CASE("price_batch reads caller memory of any layout and fills caller buffers") {
    // Input 2, cached 0.5, output 8 per million; reasoning billed as output.
    PriceVersion v = test::version("2025-01-01", test::prices({{M::input, 2.0}, {M::cached_input, 0.5}, {M::output, 8.0}}));
    v.fallbacks[static_cast<std::size_t>(M::reasoning)] = M::output;
    const Offering o = test::offering("acme/flat", {v});
    // Two requests stored column by column (column-major): element (i, j) at j * 2 + i.
    //   row 0: 10,000 input (4,000 cached), 500 output
    //   row 1: 1,000 input, 2,000 output of which 1,500 reasoning
    const std::vector<std::int64_t> columns = {10'000, 1'000, 4'000, 0, 0, 0, 500, 2'000, 0, 1'500};
    const UsageRows rows{columns.data(), 2, 1, 2};
    const std::vector<std::int64_t> at = {parse_timestamp("2026-01-01").time_since_epoch().count()};

    std::vector<double> total(2), by_meter(2 * kMeterCount, -1.0);
    const Currency c = price_batch_into(o, rows, at, ServiceTier::standard, total, by_meter);
    CHECK(c == usd());
    // Row 0: 6,000 x 2 + 4,000 x 0.5 + 500 x 8 = 0.012 + 0.002 + 0.004 = 0.018.
    CHECK(total[0] == doctest::Approx(0.018));
    CHECK(by_meter[static_cast<std::size_t>(M::input)] == doctest::Approx(0.012));
    CHECK(by_meter[static_cast<std::size_t>(M::cached_input)] == doctest::Approx(0.002));
    // Row 1: 1,000 x 2 + 500 x 8 + 1,500 x 8 (reasoning as output) = 0.002 + 0.004 + 0.012 = 0.018.
    CHECK(total[1] == doctest::Approx(0.018));
    CHECK(by_meter[kMeterCount + static_cast<std::size_t>(M::reasoning)] == doctest::Approx(0.012));
    // Buffers are overwritten, not added to: the meters a row does not use are 0, not the -1 they held.
    CHECK(by_meter[static_cast<std::size_t>(M::cache_write)] == 0.0);
    CHECK(by_meter[kMeterCount + static_cast<std::size_t>(M::request)] == 0.0);

    // The vector form gives the same.
    const BatchPrices b = price_batch(o, rows, at);
    CHECK(b.rows() == 2);
    CHECK(b.total == total);
    CHECK(b.cost(1, M::reasoning) == doctest::Approx(0.012));

    // Wrong buffer sizes are refused with what they need.
    std::vector<double> short_total(1);
    CHECK_THROWS_WITH_AS(price_batch_into(o, rows, at, ServiceTier::standard, short_total, by_meter),
                         doctest::Contains("it needs one per usage row (2)"), InputError);
    std::vector<double> short_meters(kMeterCount);
    CHECK_THROWS_WITH_AS(price_batch_into(o, rows, at, ServiceTier::standard, total, short_meters),
                         doctest::Contains("it needs 9 per usage row (18)"), InputError);  // nine meters, two rows
    CHECK_THROWS_WITH_AS(price_batch(o, rows, std::vector<std::int64_t>{}), doctest::Contains("needs one timestamp"),
                         InputError);
}

TEST_CASE("the bundled data directory is found at run time, relative to the binary that holds the library") {
    const std::vector<std::filesystem::path> candidates = Catalog::data_dir_candidates();
    REQUIRE(candidates.size() == 2);
#ifdef INFERCOST_STATIC
    // Linked statically, the library's code is in this program, so its folder is the program's.
    const std::filesystem::path dir = std::filesystem::canonical("/proc/self/exe").parent_path();
#else
    const std::filesystem::path dir = candidates[0].parent_path();  // the folder of libinfercost.so
#endif
    CHECK(candidates[0] == dir / "pricing");
    CHECK(candidates[1] == dir.parent_path() / "share" / "infercost" / "pricing");

    SUBCASE("INFERCOST_DATA_DIR comes first, and a wrong one is refused by name") {
        const test::ScratchDir data(std::map<std::string, std::string>{{"api/empty.yaml", ""}});
        {
            const DataDirVariable env(data.path().string());
            CHECK(Catalog::default_data_dir() == data.path());
        }
        const DataDirVariable env(data.file("api/empty.yaml"));
        CHECK_THROWS_WITH_AS(Catalog::default_data_dir(), doctest::Contains("INFERCOST_DATA_DIR is set to"), InputError);
    }
#ifdef INFERCOST_STATIC
    SUBCASE("without it, <dir>/pricing, then <dir>/../share/infercost/pricing") {
        const DataDirVariable env(std::nullopt);
        // Made here and removed afterwards: only where nothing is in the way.
        REQUIRE_FALSE(std::filesystem::exists(dir.parent_path() / "share"));
        REQUIRE_FALSE(std::filesystem::exists(candidates[0]));
        const DataDirAt share(candidates[1], dir.parent_path() / "share");
        CHECK(Catalog::default_data_dir() == candidates[1]);
        {
            const DataDirAt beside(candidates[0], candidates[0]);
            CHECK(Catalog::default_data_dir() == candidates[0]);
        }
        CHECK(Catalog::default_data_dir() == candidates[1]);
    }
#endif
    SUBCASE("when nothing holds the data, the error lists the places tried and how to name the directory") {
        const DataDirVariable env(std::nullopt);
        if (std::filesystem::exists(candidates[0] / "api") || std::filesystem::exists(candidates[1] / "api")) return;
        CHECK_THROWS_WITH_AS(Catalog::default_data_dir(), doctest::Contains(candidates[0].string().c_str()), InputError);
        CHECK_THROWS_WITH_AS(Catalog::default_data_dir(), doctest::Contains(candidates[1].string().c_str()), InputError);
        CHECK_THROWS_WITH_AS(Catalog::default_data_dir(), doctest::Contains("Set INFERCOST_DATA_DIR"), InputError);
    }
}
