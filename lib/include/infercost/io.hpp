// io: the one face of everything that reads or writes files. Loaders of scenarios, policies and model configs
// (the catalog's own loaders are Catalog::load and HardwareCatalog::load), importers of price data that teams
// already have (LiteLLM's model_prices_and_context_window.json, a saved OpenRouter /api/v1/models response),
// overlays, the catalog writer and diff, and the JSON writer of every versioned document. Imports are checked:
// implausible values are flagged with the reason, and every entry is accounted for (priced, flagged and left
// out, unpriced, or not a text model). Every file error names file, line, column and field.
#pragma once

#include "infercost/export.hpp"

#include "infercost/catalog.hpp"
#include "infercost/core/table.hpp"
#include "infercost/governance/policy.hpp"
#include "infercost/scenario/scenario.hpp"
#include "infercost/selfhost/architecture.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace infercost {

// ---- Loaders

// Loads and validates a scenario file. With a catalog, offering ids and service tiers are checked against
// it, so an unknown id is reported with its line and column and close matches.
INFERCOST_API Scenario load_scenario(const std::filesystem::path& file, const Catalog* catalog = nullptr);
// Loads a tokenizer ratio table (the bundled one is pricing/tokenizers.yaml).
INFERCOST_API TokenizerTable load_tokenizer_table(const std::filesystem::path& file);
INFERCOST_API Scenario parse_scenario(const std::string& text, const std::string& name, const Catalog* catalog = nullptr);
// A workload as the `workload:` block of a scenario file reads it (a fitted log profile, for instance), so that
// parse_scenario gives the same workload back. InputError for a workload with growth or a truncated distribution.
INFERCOST_API std::string workload_yaml(const Workload& workload);

// Loads a policy file (docs/policies.md); unknown keys, deployment classes or jurisdiction codes are refused
// with file, line, column and field.
INFERCOST_API Policy load_policy(const std::string& file, const Jurisdictions& jurisdictions);

// Reads a Hugging Face config.json the user has (no download). `id` defaults to the file's folder name.
// Understands Llama/Qwen/Mistral-style dense and GQA models, Qwen-MoE, Mixtral/MiniMax/gpt-oss-style
// `num_local_experts`, and DeepSeek-V3/Kimi-K2/GLM-4.5 MoE with MLA or GQA. InputError names the key
// that is missing or inconsistent.
INFERCOST_API ModelArchitecture import_hf_config(const std::filesystem::path& config_json, std::string id = "");
INFERCOST_API ModelArchitecture parse_hf_config(const std::string& json_text, const std::string& name, std::string id);

// ---- Importers

// What happened to one entry of the source file.
enum class ImportStatus {
    priced,        // imported as an offering
    priced_flagged,// imported, with a data-quality flag
    rejected,      // left out: a price is implausible (e.g. per-million typed as per-token)
    unpriced,      // left out: no usable input/output price (missing, zero or dynamic)
    not_text,      // left out: not a text-generation entry (embedding, image, audio...)
};
INFERCOST_API std::string_view import_status_name(ImportStatus s);

struct INFERCOST_API ImportEntry {
    std::string key;       // the entry's key (LiteLLM) or id (OpenRouter)
    std::string provider;  // litellm_provider, or the id's prefix for OpenRouter
    ImportStatus status = ImportStatus::priced;
    std::vector<std::string> flags;          // data-quality findings, each a sentence with the reason
    std::vector<std::string> unmapped_keys;  // cost fields with no infercost meter (audio, images, search...)
    // What the source says of the model's end: a date (LiteLLM's deprecation_date), or only that it is
    // deprecated (genai-prices' `deprecated: true`).
    std::optional<Date> deprecation_date;
    bool deprecated = false;
};

struct INFERCOST_API ImportReport {
    std::string source;  // "litellm", "openrouter" or "genai-prices"
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

struct INFERCOST_API ImportOptions {
    std::optional<Date> source_date;  // default: the file's modification date
    std::string commit;               // recorded in every version's note
    std::string source_url;           // default: the public location of the source file
};

struct INFERCOST_API ImportedCatalog {
    Catalog catalog;
    ImportReport report;
};

// Both read JSON with yaml-cpp; a malformed file is an InputError with its line and column. `fx` becomes the
// imported catalog's FX table (imports are in USD).
INFERCOST_API ImportedCatalog import_litellm(const std::filesystem::path& file, const FxTable& fx, const ImportOptions& options = {});
INFERCOST_API ImportedCatalog import_openrouter(const std::filesystem::path& file, const FxTable& fx,
                                  const ImportOptions& options = {});
// pydantic's genai-prices data (its v2 JSON: a list of providers; or v3: {"units", "providers"}): price history as
// price versions, daily UTC time windows as time rules, tiers as whole-request context tiers, `price_variants`
// for batch, flex, priority and fast mode as service tiers. The data carries no date: `source_date` is required.
INFERCOST_API ImportedCatalog import_genai_prices(const std::filesystem::path& file, const FxTable& fx,
                                                  const ImportOptions& options = {});

// --- overlays: a team's own prices layered over a catalog --------------------------------------------

struct INFERCOST_API OverlayChange {
    std::string offering_id;
    std::string action;  // "replaced", "appended" or "added"
    std::string detail;  // what changed, e.g. "input 2 -> 1.6 from 2026-01-01"
};
struct INFERCOST_API OverlayResult {
    Catalog catalog;
    std::string name;  // the overlay's name
    std::vector<OverlayChange> changes;
};
// Applies an overlay file (docs/overlays.md) to a catalog: existing offerings get their versions replaced or
// appended to, new offerings are added. Strict like the catalog: unknown keys and bad values are refused
// with file, line, column and field.
INFERCOST_API OverlayResult apply_overlay(const Catalog& base, const std::filesystem::path& file);

// --- comparing sources ------------------------------------------------------------------------------------

struct INFERCOST_API PriceDifference {
    std::string offering_id;  // in the bundled (or first) catalog
    std::string source_id;    // in the compared source
    std::string meter;
    std::optional<double> ours;    // as billed at the standard tier, fallbacks resolved, per the meter's unit
    std::optional<double> theirs;  // empty: no price and no fallback
    double relative = 0;           // |theirs - ours| / ours (infinite when one side has no price)
    Timestamp ours_from{};         // effective date of our version
    Date ours_checked{};
    Date theirs_date{};            // the source's date
    std::optional<Timestamp> at;   // where time-of-day rules are involved: the hour the difference is largest
};
// What a source says of a matched offering's end that the catalog does not.
struct INFERCOST_API LifecycleDifference {
    std::string offering_id;
    std::string source_id;
    std::string source_says;   // "deprecated on 2026-10-23", "deprecated (no date)"
    std::string catalog_says;  // "current", "deprecated 2026-10-01", "retired 2026-11-30"
};
struct INFERCOST_API CatalogDiff {
    std::string source;  // "litellm", "openrouter", ...
    Date source_date{};
    std::size_t matched = 0;  // offerings found in both
    std::vector<std::string> unmatched;  // our offerings with no counterpart in the source
    // The source's offerings, of providers the catalog covers, that match none of ours: what the catalog lacks.
    std::vector<std::string> missing;
    std::vector<PriceDifference> differences;  // sorted by relative difference, largest first
    std::vector<LifecycleDifference> lifecycle;
};
// Compares the latest price version of each of `ours` with its counterpart in an imported source. Offerings
// are matched through the providers' `source_ids` and the model name (case, '.' and '-' ignored). Prices that
// differ by more than `threshold` (relative) are listed with both values and dates. USD lists only.
inline constexpr double kDiffThreshold = 0.01;  // prices apart by more than 1% are listed
INFERCOST_API CatalogDiff diff_catalogs(const Catalog& ours, const ImportedCatalog& theirs, double threshold = kDiffThreshold);
// `catalog refresh`: the diffs of several sources, as tables (results.hpp: refresh_tables).

// ---- Audit

// What `catalog audit` reports about one offering (or one price of it).
enum class AuditKind {
    stale_check,    // the latest version was checked more than `stale_days` before the audit date
    not_official,   // the latest version was not read on the provider's own page (secondary, derived or unknown)
    retiring,       // retires within `retiring_days` after the audit date
    no_successor,   // deprecated or retired without a named successor
    disagreement,   // a price differs from an imported source's by more than the diff threshold
};
INFERCOST_API std::string_view audit_kind_name(AuditKind k);
struct INFERCOST_API AuditFinding {
    std::string offering_id;
    AuditKind kind = AuditKind::stale_check;
    std::string detail;
    std::optional<Date> date;  // the checked date, the retirement date or the source's date
};
inline constexpr int kAuditStaleDays = 90;
inline constexpr int kAuditRetiringDays = 90;
// The catalog's findings as of `on`, offering by offering, then the disagreements of each diff.
INFERCOST_API std::vector<AuditFinding> audit_catalog(const Catalog& catalog, Date on,
                                                      const std::vector<CatalogDiff>& diffs = {},
                                                      int stale_days = kAuditStaleDays,
                                                      int retiring_days = kAuditRetiringDays);

// Writes a catalog as pricing/ YAML files (api/<provider>.yaml and fx.yaml) that Catalog::load reads back. The
// folder is written whole beside `dir` and then put in its place, so a failure (a full disk, no permission) leaves
// what was there untouched and no earlier file stays beside the new ones. InputError for a `dir` that already holds
// files unless `replace`, and for a `dir` that is a file.
INFERCOST_API void write_catalog(const Catalog& catalog, const std::filesystem::path& dir, bool replace = false);

// ---- JSON: the one writer of every versioned document

// A JSON value: null, a flag, a whole number, a real number, text, an array or an object (keys in order).
struct INFERCOST_API JsonValue {
    using Array = std::vector<JsonValue>;
    using Object = std::vector<std::pair<std::string, JsonValue>>;
    std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object> value;

    JsonValue() = default;
    JsonValue(std::nullptr_t) {}
    JsonValue(bool b) : value(b) {}
    JsonValue(std::int64_t n) : value(n) {}
    JsonValue(double x) : value(x) {}
    JsonValue(std::string s) : value(std::move(s)) {}
    JsonValue(const char* s) : value(std::string(s)) {}
    JsonValue(Array a) : value(std::move(a)) {}
    JsonValue(Object o) : value(std::move(o)) {}
};

// One cell as JSON.
INFERCOST_API JsonValue json_cell(const Cell& cell);
// The rows of a table, each an object keyed by column name.
INFERCOST_API JsonValue json_records(const Table& t);
// The one row of a table (a claim check, a plan summary) as an object; InputError when it has another count.
INFERCOST_API JsonValue json_record(const Table& t);
// The columns of a table: name, kind, heading, and for money the currency (or currency_column) and unit.
INFERCOST_API JsonValue json_columns(const Table& t);

// The text of a value, indented by `indent` spaces per level (no line breaks with a negative indent).
INFERCOST_API std::string write_json(const JsonValue& v, int indent = 2);

// A number as JSON writes it: eight significant digits, at least two decimals. Beyond the eighth digit a figure
// carries binary rounding and terms too small to matter (a price tier's far tail, 2e-8 of a request's cost), which
// read as noise.
INFERCOST_API double clean_number(double x);

}  // namespace infercost
