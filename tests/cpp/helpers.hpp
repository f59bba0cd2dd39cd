// Small builders for tests: offerings written in code, and scratch catalog directories.
#pragma once

#include <infercost/infercost.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <unistd.h>

namespace test {

namespace ic = infercost;

inline ic::MeterPrices prices(std::initializer_list<std::pair<ic::Meter, double>> list) {
    ic::MeterPrices p;
    for (const auto& [m, v] : list) p.set(m, v);
    return p;
}

inline ic::PriceVersion version(const char* from, ic::MeterPrices p, const char* currency = "USD") {
    ic::PriceVersion v;
    v.effective_from = ic::parse_timestamp(from);
    v.currency = ic::Currency(currency);
    v.source = "https://example.com/pricing";
    v.checked = ic::parse_date("2026-11-28");
    v.prices = p;
    return v;
}

inline ic::Offering offering(const std::string& id, std::vector<ic::PriceVersion> versions) {
    ic::Offering o;
    o.id = id;
    o.provider = id.substr(0, id.find('/'));
    o.model = id.substr(id.find('/') + 1);
    o.versions = std::move(versions);
    ic::validate_offering(o);
    return o;
}

inline ic::Usage usage(std::int64_t input, std::int64_t cached, std::int64_t write, std::int64_t output,
                       std::int64_t reasoning) {
    return ic::Usage{ic::TokenCount(input), ic::TokenCount(cached), ic::TokenCount(write), ic::TokenCount(output),
                     ic::TokenCount(reasoning)};
}

// A workload of fixed prompt and output lengths, flat over the day and the week.
inline ic::Workload fixed_workload(double per_day, double in, double out) {
    ic::Workload w;
    w.requests_per_day = per_day;
    w.input_tokens = ic::TokenDistribution::fixed(in);
    w.output_tokens = ic::TokenDistribution::fixed(out);
    return w;
}

inline ic::RequestOptions at(const char* when, ic::ServiceTier tier = ic::ServiceTier::standard) {
    return ic::RequestOptions{ic::parse_timestamp(when), tier, {}};
}

inline ic::FxTable usd_cny_table() {
    ic::FxRate r;
    r.date = ic::parse_date("2026-01-02");
    r.base = ic::usd();
    r.quote = ic::cny();
    r.rate = 7.2;
    r.source = "https://example.com/fx";
    r.checked = r.date;
    return ic::FxTable({ic::usd(), ic::cny()}, {r});
}

// A scratch catalog directory with the given files (relative path -> text). Removed on destruction.
class ScratchDir {
public:
    explicit ScratchDir(const std::map<std::string, std::string>& files) {
        static int counter = 0;
        path_ = std::filesystem::temp_directory_path() /
                ("infercost-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        for (const auto& [rel, text] : files) {
            const auto p = path_ / rel;
            std::filesystem::create_directories(p.parent_path());
            std::ofstream(p) << text;
        }
    }
    ~ScratchDir() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& rel) const { return (path_ / rel).string(); }

private:
    std::filesystem::path path_;
};

// The fixture catalog in tests/data/catalog: frozen copies of a few bundled price lists and governance facts
// (see its README), so that engine tests keep their hand-worked values when the bundled prices change.
inline const ic::Catalog& fixture_catalog() {
    static const ic::Catalog c = ic::Catalog::load(std::string(INFERCOST_TEST_SOURCE_DIR) + "/tests/data/catalog");
    return c;
}

inline const char* kFxYaml = R"(currencies: [USD, CNY]
rates:
  - date: 2026-01-02
    base: USD
    quote: CNY
    rate: 7.2
    source: https://example.com/fx
    checked: 2026-11-28
)";

}  // namespace test
