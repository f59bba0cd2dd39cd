// The catalog: every API offering and the FX table, loaded once and immutable afterwards.
// Copies share the same data, so a catalog is cheap to pass around and safe to share across threads.
#pragma once

#include "infercost/export.hpp"
#include "infercost/core/fx.hpp"
#include "infercost/selfhost/hardware.hpp"
#include "infercost/pricing/offering.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace infercost {

struct INFERCOST_API Provider {
    std::string id;
    std::string name;
    std::string homepage;
    std::string model_developer;  // the lab that trained the models it lists, for a first-party API; empty for a host
    SourceRef loaded_from;  // the file it was loaded from
    // How other price sources name this provider, e.g. {"litellm": {"dashscope"}, "openrouter": {"qwen"}}.
    std::map<std::string, std::vector<std::string>> source_ids;
    // Prefixes the provider's API writes before its model names ("models/" in the Gemini API's model resources):
    // a name with one resolves among this provider's offerings without it.
    std::vector<std::string> name_prefixes;
};

class INFERCOST_API Catalog {
public:
    // Builds a catalog from values, validated like a loaded one. `directory` records where it came from.
    Catalog(std::vector<Provider> providers, std::vector<Offering> offerings, FxTable fx,
            std::filesystem::path directory = {}, Jurisdictions jurisdictions = {},
            std::shared_ptr<const HardwareCatalog> hardware = nullptr, HolidayCalendars calendars = {});

    // Loads `dir/api/*.yaml`, `dir/fx.yaml` and, when present, `dir/jurisdictions.yaml`,
    // `dir/governance/*.yaml` and the self-hosting data (`dir/gpus.yaml` and what goes with it, see
    // HardwareCatalog::load), with strict validation; InputError names file, line, column and field of the
    // first problem.
    static Catalog load(const std::filesystem::path& dir);
    // Loads from default_data_dir(). To load another directory, pass it to load().
    static Catalog load_default();
    // The bundled data directory, found at run time: $INFERCOST_DATA_DIR if set (InputError if it is not a
    // directory), else the first of data_dir_candidates() that holds api/. InputError listing the places
    // tried, and how to name the directory, if none does.
    static std::filesystem::path default_data_dir();
    // Where the bundled data is looked for, relative to the binary that holds the library code (the
    // shared library, or the program or Python extension a static library is linked into), first to
    // last: <dir>/pricing (the Python package: the extension sits beside pricing/), then
    // <dir>/../share/infercost/pricing (an installed prefix, from lib/ or bin/). Empty where the platform
    // cannot say where the library was loaded from.
    static std::vector<std::filesystem::path> data_dir_candidates();

    const std::vector<Offering>& offerings() const noexcept;
    const std::vector<Provider>& providers() const noexcept;
    const FxTable& fx() const noexcept;
    const Jurisdictions& jurisdictions() const noexcept;
    const std::filesystem::path& directory() const noexcept;  // empty for a catalog built from values
    // The self-hosting data: GPUs, cloud offers, owned-hardware profiles, efficiency profiles, models.
    // Error when the catalog was loaded without it.
    // The holiday calendars time rules exclude (calendars/*.yaml), by id.
    const HolidayCalendars& calendars() const noexcept;
    bool has_hardware() const noexcept;
    const HardwareCatalog& hardware() const;
    const std::shared_ptr<const HardwareCatalog>& hardware_ptr() const noexcept;

    // Looks an offering up by id or alias, then by the name an API or a log writes: the provider's model name
    // (`model`, slashes and all), "<provider>/<model>", or an alias without its provider prefix. A name that
    // fits several offerings is a NotFoundError listing them all (never a guess); close matches otherwise.
    // An alias valid only for a span of time (see Offering::dated_aliases) needs offering_at.
    const Offering& offering(std::string_view id) const;
    // The same, resolving dated aliases at `at` (e.g. "deepseek-v3" meant deepseek-chat until 2025-08-21).
    const Offering& offering_at(std::string_view id, Timestamp at) const;
    bool contains(std::string_view id) const;
    std::vector<const Offering*> by_provider(std::string_view provider) const;

private:
    struct Data;
    std::shared_ptr<const Data> data_;
};

}  // namespace infercost
