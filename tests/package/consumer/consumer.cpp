// Prints the library's version and prices one request on the catalog directory given as argument.
#include <infercost/infercost.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fputs("usage: consumer CATALOG_DIR\n", stderr);
        return 2;
    }
    try {
        namespace ic = infercost;
        const ic::Catalog catalog = ic::Catalog::load(argv[1]);
        const ic::PriceBreakdown b =
            ic::price_request(catalog.offering("openai/gpt-4.1"), ic::from_openai({.prompt_tokens = 1'000'000}),
                              {.at = ic::parse_timestamp("2026-01-01")});
        std::printf("infercost %s (header %s): %s\n", std::string(ic::version()).c_str(), INFERCOST_VERSION_STRING,
                    b.total.str().c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
