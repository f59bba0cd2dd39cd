// A price file in genai-prices's format, imported with a USD and CNY exchange-rate table.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const infercost::Catalog& catalog = fuzz::fixture_catalog();
    const auto file = fuzz::write(fuzz::scratch() / "prices.json", data, size);
    return fuzz::run([&] {
        infercost::import_genai_prices(file, catalog.fx(), infercost::ImportOptions{infercost::parse_date("2026-11-28"), "", ""});
    });
}
