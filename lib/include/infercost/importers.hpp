// Importing price data that teams already have: LiteLLM's model_prices_and_context_window.json and a saved
// OpenRouter /api/v1/models response. Imports are checked: implausible values are flagged with the reason,
// and every entry is accounted for (priced, flagged and left out, unpriced, or not a text model).
#pragma once

#include "infercost/catalog.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace infercost {

// What happened to one entry of the source file.
enum class ImportStatus {
    priced,        // imported as an offering
    priced_flagged,// imported, with a data-quality flag
    rejected,      // left out: a price is implausible (e.g. per-million typed as per-token)
    unpriced,      // left out: no usable input/output price (missing, zero or dynamic)
    not_text,      // left out: not a text-generation entry (embedding, image, audio...)
};
std::string_view import_status_name(ImportStatus s);

struct ImportEntry {
    std::string key;       // the entry's key (LiteLLM) or id (OpenRouter)
    std::string provider;  // litellm_provider, or the id's prefix for OpenRouter
    ImportStatus status = ImportStatus::priced;
    std::vector<std::string> flags;          // data-quality findings, each a sentence with the reason
    std::vector<std::string> unmapped_keys;  // cost fields with no infercost meter (audio, images, search...)
};

struct ImportReport {
    std::string source;  // "litellm" or "openrouter"
    std::string file;
    Date source_date{};  // the date the data stands for
    std::string source_date_basis;  // how the date was obtained ("given", "file modification time")
    std::string commit;  // optional
    std::vector<ImportEntry> entries;

    std::size_t count(ImportStatus s) const;
    std::size_t flagged() const;  // entries with at least one flag, whatever their status
    // Per provider: entries and how many ended in each status.
    std::map<std::string, std::map<ImportStatus, std::size_t>> by_provider() const;
};

struct ImportOptions {
    std::optional<Date> source_date;  // default: the file's modification date
    std::string commit;               // recorded in every version's note
    std::string source_url;           // default: the public location of the source file
};

struct ImportedCatalog {
    Catalog catalog;
    ImportReport report;
};

// Both read JSON with yaml-cpp; a malformed file is an InputError with its line and column. `fx` becomes the
// imported catalog's FX table (imports are in USD).
ImportedCatalog import_litellm(const std::filesystem::path& file, const FxTable& fx, const ImportOptions& options = {});
ImportedCatalog import_openrouter(const std::filesystem::path& file, const FxTable& fx,
                                  const ImportOptions& options = {});

// Writes a catalog as pricing/ YAML files (api/<provider>.yaml and fx.yaml) that Catalog::load reads back.
void write_catalog(const Catalog& catalog, const std::filesystem::path& dir);

}  // namespace infercost
