// A price-list file (api/*.yaml) in a catalog directory beside a fixed fx.yaml; what loads is priced once.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const fuzz::fs::path dir = [] {
        const auto d = fuzz::scratch() / "catalog";
        fuzz::fs::create_directories(d / "api");
        fuzz::fs::copy_file(fuzz::source("tests/data/catalog/fx.yaml"), d / "fx.yaml",
                            fuzz::fs::copy_options::overwrite_existing);
        return d;
    }();
    fuzz::write(dir / "api" / "fuzz.yaml", data, size);
    return fuzz::run([&] {
        const infercost::Catalog c = infercost::Catalog::load(dir);
        const infercost::Usage u{infercost::TokenCount(3000), infercost::TokenCount(1000), infercost::TokenCount(0),
                                 infercost::TokenCount(400), infercost::TokenCount(0)};
        for (const auto& o : c.offerings()) {
            try {
                infercost::price_request(o, u, infercost::RequestOptions{infercost::parse_timestamp("2026-11-01"),
                                                                         infercost::ServiceTier::standard, {}});
            } catch (const infercost::Error&) {
            }
        }
    });
}
