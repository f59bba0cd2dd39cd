// An overlay file, applied to the fixture catalog.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const infercost::Catalog& catalog = fuzz::fixture_catalog();
    const auto file = fuzz::write(fuzz::scratch() / "overlay.yaml", data, size);
    return fuzz::run([&] { infercost::apply_overlay(catalog, file); });
}
