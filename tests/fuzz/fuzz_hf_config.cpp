// A Hugging Face config.json; a config that loads is also sized (parameters, KV bytes per token).
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    return fuzz::run([&] {
        const infercost::ModelArchitecture m = infercost::parse_hf_config(text, "config.json", "fuzz");
        (void)m.total_params();
        (void)m.active_params();
        (void)m.kv_bytes_per_token_per_layer(2.0);
        (void)m.attended_tokens(32768.0);
    });
}
