// A scenario file, read against the fixture catalog.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const infercost::Catalog& catalog = fuzz::fixture_catalog();
    const std::string text(reinterpret_cast<const char*>(data), size);
    return fuzz::run([&] { infercost::parse_scenario(text, "fuzz.yaml", &catalog); });
}
