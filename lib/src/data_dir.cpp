// Where the bundled price data is found at run time. Nothing about this machine is compiled in: the data
// is looked for relative to the binary that holds this code, so an installed prefix or a Python package
// can be moved anywhere.
#include "infercost/catalog.hpp"

#include "infercost/core/error.hpp"

#include <cstdlib>
#include <system_error>

#if __has_include(<dlfcn.h>)
#include <dlfcn.h>
#define INFERCOST_HAVE_DLADDR 1
#endif

namespace infercost {

namespace fs = std::filesystem;

namespace {

// The file that holds this function: libinfercost.so, or the program or shared object a static
// libinfercost was linked into. Empty when the platform cannot say.
fs::path library_binary() {
#ifdef INFERCOST_HAVE_DLADDR
    Dl_info info{};
    if (!dladdr(reinterpret_cast<void*>(&library_binary), &info) || !info.dli_fname || !*info.dli_fname) return {};
    fs::path p = info.dli_fname;
    std::error_code ec;
    if (p.is_relative()) {
        // The main program is reported by the name it was started with (argv[0]), which may be a bare
        // name found on PATH; the kernel knows its real path.
        const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
        if (!ec && exe.filename() == p.filename()) p = exe;
        else p = fs::absolute(p, ec);
    }
    const fs::path real = fs::weakly_canonical(p, ec);
    return ec ? p : real;
#else
    return {};
#endif
}

bool holds_data(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "api", ec);
}

}  // namespace

std::vector<fs::path> Catalog::data_dir_candidates() {
    const fs::path binary = library_binary();
    if (binary.empty()) return {};
    const fs::path dir = binary.parent_path();
    return {dir / "pricing", (dir / ".." / "share" / "infercost" / "pricing").lexically_normal()};
}

fs::path Catalog::default_data_dir() {
    if (const char* env = std::getenv("INFERCOST_DATA_DIR"); env && *env) {
        std::error_code ec;
        if (!fs::is_directory(env, ec))
            throw InputError(std::string("INFERCOST_DATA_DIR is set to '") + env +
                             "', which is not a directory; point it at a directory holding api/ and fx.yaml, "
                             "or unset it to use the bundled data");
        return env;
    }
    const std::vector<fs::path> candidates = data_dir_candidates();
    for (const auto& c : candidates)
        if (holds_data(c)) return c;
    std::string tried;
    for (const auto& c : candidates) tried += (tried.empty() ? "" : ", ") + c.string();
    if (tried.empty()) tried = "nothing (this platform cannot say where the library was loaded from)";
    throw InputError("cannot find the bundled price data (a directory holding api/ and fx.yaml); tried " + tried +
                     ". Set INFERCOST_DATA_DIR to the data directory, or pass it to Catalog::load "
                     "(Python: infercost.Catalog.load, command line: --catalog)");
}

Catalog Catalog::load_default() { return load(default_data_dir()); }

}  // namespace infercost
