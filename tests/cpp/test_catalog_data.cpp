// The bundled catalog: it loads, is complete, carries provenance, and prices real requests as the
// providers' pages say (hand-worked values below cite the price list they come from).
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace infercost;

namespace {
const Catalog& bundled() {
    static const Catalog c = Catalog::load(std::string(INFERCOST_TEST_SOURCE_DIR) + "/pricing");
    return c;
}
}  // namespace

TEST_CASE("the bundled catalog loads and covers what it promises") {
    const Catalog& c = bundled();
    CHECK(c.offerings().size() >= 40);
    std::set<std::string> providers;
    for (const auto& o : c.offerings()) providers.insert(o.provider);
    for (const char* p : {"deepseek", "alibaba", "alibaba-cn", "zai", "minimax", "moonshot", "openai", "anthropic",
                          "google"})
        CHECK_MESSAGE(providers.count(p) == 1, "missing provider " << p);
    const bool third_party = providers.count("together") + providers.count("fireworks") + providers.count("bedrock") >= 2;
    CHECK(third_party);
}

TEST_CASE("every bundled price version has a source URL and a checked date") {
    for (const auto& o : bundled().offerings()) {
        for (const auto& v : o.versions) {
            CHECK_MESSAGE(v.source.rfind("http", 0) == 0, o.id << " has a version without a source URL");
            CHECK_MESSAGE(v.checked > parse_date("2024-01-01"), o.id << " has a version without a checked date");
            CHECK_MESSAGE(v.checked <= parse_date("2026-11-28"), o.id << " was 'checked' in the future");
        }
    }
    for (const auto& r : bundled().fx().rates()) CHECK(r.source.rfind("http", 0) == 0);
}

TEST_CASE("every bundled version can price a plain request now or at its start") {
    for (const auto& o : bundled().offerings()) {
        for (const auto& v : o.versions) {
            const RequestOptions at{v.effective_from, ServiceTier::standard};
            const PriceBreakdown b = price_request(o, test::usage(10000, 0, 0, 1000, 0), at);
            CHECK_MESSAGE(b.total.amount() > 0, o.id << " prices a request at zero");
        }
    }
}
