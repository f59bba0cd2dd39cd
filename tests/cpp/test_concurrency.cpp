// One loaded catalog used by many threads at once gives what serial use gives, bit for bit: a comparison over the
// year, single requests on every offering, a log replay and a Monte Carlo run. Built on its own so that the
// ThreadSanitizer build (preset `tsan`) compiles only this and the library.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <infercost/infercost.hpp>

#include <string>
#include <thread>
#include <vector>

using namespace infercost;

namespace {

// Everything one user of the catalog computes, as numbers.
std::vector<double> work(const Catalog& catalog, const Scenario& s) {
    std::vector<double> out;
    const Comparison c = run_scenario(s, catalog);
    for (std::size_t i = 0; i < c.options.size(); ++i) {
        out.push_back(c.options[i].total.amount());
        for (const auto& m : c.options[i].months) out.push_back(m.total);
    }
    const Usage u{TokenCount(40000), TokenCount(10000), TokenCount(0), TokenCount(900), TokenCount(300)};
    for (const auto& o : catalog.offerings()) {
        try {
            out.push_back(price_request(o, u, RequestOptions{parse_timestamp("2026-11-01T03:00:00Z"),
                                                             ServiceTier::standard, {}})
                              .total.amount());
        } catch (const Error&) {
            out.push_back(-1);  // not priced at that instant: the same for every thread
        }
    }
    std::vector<std::int64_t> at, in, out_tokens;
    for (int r = 0; r < 5000; ++r) {
        at.push_back(1'780'000'000 + 97 * r);
        in.push_back(500 + (r * 7919) % 60000);
        out_tokens.push_back(20 + (r * 104729) % 3000);
    }
    UsageLog log;
    log.unix_seconds = at;
    log.usage[0] = in;
    log.usage[3] = out_tokens;
    std::vector<const Offering*> candidates{&catalog.offering("openai/gpt-4.1"), &catalog.offering("alibaba/qwen3-max")};
    ReplayOptions ro;
    ro.own = false;
    ro.threads = 2;
    for (const auto& cell : replay(log, candidates, ro).cells) out.push_back(cell.total);
    MonteCarloOptions mo;
    mo.samples = 4000;
    mo.seed = 11;
    mo.threads = 2;
    const MonteCarloResult mc = monte_carlo(s, catalog, mo);
    for (const auto& e : mc.per_year) out.push_back(e.mean.value);
    out.push_back(mc.probability_claim.value);
    return out;
}

}  // namespace

TEST_CASE("eight threads on one catalog give the serial results bit for bit") {
    const Catalog catalog = Catalog::load(std::string(INFERCOST_TEST_SOURCE_DIR) + "/tests/data/catalog");
    const Scenario s = load_scenario(std::string(INFERCOST_TEST_SOURCE_DIR) + "/tests/data/threads.yaml", &catalog);
    const std::vector<double> serial = work(catalog, s);
    // Five options' year and twelve months, every offering's request, the replay's cells, five ranges and a probability.
    REQUIRE(serial.size() > 5 * 13 + catalog.offerings().size() + 6);
    constexpr int kThreads = 8;
    std::vector<std::vector<double>> results(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back([&, t] { results[t] = work(catalog, s); });
    for (auto& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) {
        REQUIRE(results[t].size() == serial.size());
        for (std::size_t i = 0; i < serial.size(); ++i) CHECK(results[t][i] == serial[i]);  // exact: same order of sums
    }
}
