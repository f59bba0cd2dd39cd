// Shared machinery of the LiteLLM and OpenRouter importers: reading JSON values with locations, collecting
// one entry's prices, and turning them into an offering with the data-quality checks. Private to io/.
#pragma once

#include "infercost/core/error.hpp"
#include "infercost/io.hpp"

#include "json_reader.hpp"

#include <map>
#include <optional>
#include <string>

namespace infercost::io::import_detail {

[[noreturn]] void fail_at(const std::string& file, const JsonNode& node, const std::string& message);
// A JSON file parsed with the JSON reader (json_reader.hpp): syntax, duplicate keys, depth and size checked.
JsonNode load_json(const std::string& file);
// A JSON number (not a string), or InputError at its location naming `field`.
double number_at(const std::string& file, const JsonNode& node, const std::string& field);
// A number written as a JSON string ("0.0000025"), as OpenRouter writes prices.
double string_number_at(const std::string& file, const JsonNode& node, const std::string& field);
double per_million(double per_token);
std::string num(double v);

class EntryBuilder {
public:
    EntryBuilder(std::string key, std::string provider);

    // `service` is "", "batches", "flex", "priority" or "ultrafast"; `threshold` 0 for the base level.
    void set_price(std::int64_t threshold, const std::string& service, Meter m, double per_token, const std::string& field);
    void set_request_fee(double usd);
    void set_web_search_fee(double usd);  // per call
    // A service tier or serving scope written as one multiplier on every token meter (LiteLLM's
    // provider_specific_entry: fast mode, US-only inference).
    void set_tier_multiplier(ServiceTier t, double m) { tier_multipliers_[t] = m; }
    void set_scope_multiplier(const std::string& scope, double m) { scope_multipliers_[scope] = m; }
    void set_context_window(double tokens);
    void set_boundary(Boundary b) { boundary_ = b; }
    void set_deprecation_date(Date d) { entry_.deprecation_date = d; }
    void set_source(std::string url) { source_ = std::move(url); }
    void add_time_rule(TimeRule r) { time_rules_.push_back(std::move(r)); }
    void flag(const std::string& reason) { entry_.flags.push_back(reason); }
    void reject(const std::string& reason);
    void unpriced(const std::string& reason);
    void unmapped(const std::string& key) { entry_.unmapped_keys.push_back(key); }
    void not_text(const std::string& reason);
    bool rejected() const { return rejected_; }
    // Hands the flags and unmapped keys gathered so far to an entry the caller records.
    void move_findings_to(ImportEntry& e) {
        for (auto& f : entry_.flags) e.flags.push_back(std::move(f));
        for (auto& k : entry_.unmapped_keys) e.unmapped_keys.push_back(std::move(k));
        entry_.flags.clear();
        entry_.unmapped_keys.clear();
    }

private:
    friend class Importer;
    ImportEntry entry_;
    std::map<std::int64_t, std::map<std::string, MeterPrices>> prices_;  // per million
    std::optional<double> request_fee_;
    std::optional<double> web_search_fee_;
    std::map<ServiceTier, double> tier_multipliers_;
    std::map<std::string, double> scope_multipliers_;
    std::optional<std::int64_t> context_window_;
    Boundary boundary_ = Boundary::greater;
    std::string source_;
    std::vector<TimeRule> time_rules_;
    bool rejected_ = false;
    bool unpriced_ = false;
    bool not_text_ = false;
};

class Importer {
public:
    Importer(std::string source, std::string file, const ImportOptions& options, std::string default_url);
    EntryBuilder entry(const std::string& key, const std::string& provider) const { return EntryBuilder(key, provider); }
    // Checks the entry, records it in the report and, when it is priced, builds its offering.
    void finish(EntryBuilder b);
    // Records an entry whose offering the caller built (several price versions): validates it, merges a
    // duplicate catalog id with the same prices into an alias, and files it.
    void add(ImportEntry e, Offering o);
    const ImportReport& report() const { return report_; }
    void record(ImportEntry e) { report_.entries.push_back(std::move(e)); }
    ImportedCatalog result(const FxTable& fx);
    void set_date_basis(std::string basis) { report_.source_date_basis = std::move(basis); }

private:
    ImportReport report_;
    std::string url_;
    std::vector<Offering> offerings_;
    std::map<std::string, std::size_t> by_catalog_id_;  // "<provider>/<model>", as the catalog files it -> offering
    std::map<std::string, Provider> providers_;
};

}  // namespace infercost::io::import_detail
