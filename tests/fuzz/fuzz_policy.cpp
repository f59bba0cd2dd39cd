// A data-governance policy file, read with the fixture catalog's jurisdictions.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const infercost::Catalog& catalog = fuzz::fixture_catalog();
    const auto file = fuzz::write(fuzz::scratch() / "policy.yaml", data, size);
    return fuzz::run([&] { infercost::load_policy(file.string(), catalog.jurisdictions()); });
}
