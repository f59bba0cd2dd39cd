// One file of the self-hosting data (gpus.yaml, engines.yaml, efficiency.yaml, owned.yaml, a cloud's offers or a
// model file), chosen by the input's first byte, in a copy of the bundled hardware data; the rest of the input is
// the file. scripts/fuzz.sh builds the seed corpus with the same first bytes.
#include "fuzz_common.hpp"

namespace {
const char* const kFiles[] = {"gpus.yaml", "engines.yaml", "efficiency.yaml", "owned.yaml", "clouds/fuzz.yaml",
                              "models/fuzz.yaml"};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const fuzz::fs::path dir = [] {
        const auto d = fuzz::scratch() / "hardware";
        fuzz::fs::create_directories(d / "clouds");
        fuzz::fs::create_directories(d / "models");
        return d;
    }();
    const std::size_t which = data[0] % std::size(kFiles);
    // The bundled files, fresh for each input; then the input in place of one of them.
    const auto pricing = fuzz::source("pricing");
    for (const char* f : {"gpus.yaml", "engines.yaml", "efficiency.yaml", "owned.yaml"})
        fuzz::fs::copy_file(pricing / f, dir / f, fuzz::fs::copy_options::overwrite_existing);
    fuzz::fs::copy_file(pricing / "clouds" / "lambda.yaml", dir / "clouds" / "fuzz.yaml",
                        fuzz::fs::copy_options::overwrite_existing);
    fuzz::fs::copy_file(pricing / "models" / "qwen3-30b-a3b.yaml", dir / "models" / "fuzz.yaml",
                        fuzz::fs::copy_options::overwrite_existing);
    fuzz::write(dir / kFiles[which], data + 1, size - 1);
    return fuzz::run([&] {
        const infercost::HardwareCatalog hw = infercost::HardwareCatalog::load(dir);
        for (const auto& m : hw.models) (void)m.active_params();
    });
}
