// Scenario files: a workload, a horizon, a baseline and candidates, and an optional claim to check.
// The format is described in docs/scenario-format.md.
#pragma once

#include "infercost/export.hpp"

#include "infercost/scenario/comparison.hpp"
#include "infercost/uncertainty/distribution.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace infercost {

struct INFERCOST_API ClaimSpec {
    Money saving_per_year{0.0, Currency("USD")};
    Option baseline;
    Option candidate;
    std::vector<Option> also;  // other lists of the candidate to check the claim on (claim_variants)
};

struct INFERCOST_API Scenario {
    std::string name;
    std::string description;
    SourceRef loaded_from;  // the scenario file (or the name given to parse_scenario)
    Workload workload;
    ComparisonSettings settings;
    std::vector<Option> options;  // the baseline first, then the candidates
    std::size_t baseline = 0;
    std::optional<ClaimSpec> claim;
    std::optional<std::filesystem::path> policy_file;  // resolved against the scenario file's folder
    std::string data_class;                            // the data class of the workload, under that policy
    // What is not known of the inputs (their values at `workload` and the options are the stated, central case);
    // the workload's length distributions say instead how requests vary inside the traffic.
    Uncertainty uncertainty;
};


// Runs the scenario's comparison.
INFERCOST_API Comparison run_scenario(const Scenario& s, const Catalog& catalog);
// Judges the scenario's comparison by its policy; InputError if it names none.
INFERCOST_API PolicyCheck check_scenario_policy(const Scenario& s, const Comparison& c, const Catalog& catalog);
// Checks the scenario's claim; InputError if it has none.
INFERCOST_API ClaimCheck check_scenario_claim(const Scenario& s, const Catalog& catalog);
// The scenario's claim under other workload shapes and on the other lists it names (`claim.also`).
INFERCOST_API std::vector<ClaimVariant> scenario_claim_variants(const Scenario& s, const Catalog& catalog);

}  // namespace infercost
