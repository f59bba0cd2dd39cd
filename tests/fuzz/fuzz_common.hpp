// What every fuzzing harness shares: a scratch directory for the file under test, and the rule that bad
// input may only end in infercost's own errors. Any other exception, a crash, a sanitizer report or a hang
// is a finding (libFuzzer stops on it and writes the input to a crash-* file).
#pragma once

#include <infercost/infercost.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fuzz {

namespace fs = std::filesystem;

// A directory of this process's own, made once and left for the system's temporary cleanup.
inline const fs::path& scratch() {
    static const fs::path dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "infercost-fuzz-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) std::abort();
        return fs::path(tmpl);
    }();
    return dir;
}

inline fs::path write(const fs::path& path, const std::uint8_t* data, std::size_t size) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

inline fs::path source(const std::string& relative) { return fs::path(INFERCOST_SOURCE_DIR) / relative; }

inline const infercost::Catalog& fixture_catalog() {
    static const infercost::Catalog c = infercost::Catalog::load(source("tests/data/catalog"));
    return c;
}

// Runs `f` on one input: infercost::Error (an input refused with a message) is the expected end of bad input;
// every message must say something.
template <class F>
int run(F&& f) {
    try {
        f();
    } catch (const infercost::Error& e) {
        if (std::string(e.what()).empty()) std::abort();
    }
    return 0;
}

}  // namespace fuzz
