// Data governance: who hosts a model decides where the data goes. Facts per offering (deployment class,
// jurisdictions, retention, origin and licence of the weights) and policies that options pass or fail.
#pragma once

#include "infercost/export.hpp"
#include "infercost/core/time.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace infercost {

enum class DeploymentClass {
    first_party_mainland_china,     // a Chinese lab's own API served from mainland China
    china_provider_foreign_region,  // a China-headquartered provider serving from outside the mainland
    first_party_foreign,            // a non-Chinese lab's own API
    third_party_host,               // a host serving open weights (Together, Fireworks, Bedrock...)
    router,                         // an aggregator passing traffic to an upstream (OpenRouter...)
    self_hosted_cloud,              // your own deployment in your cloud account
    self_hosted_on_premises,        // your own hardware
};
INFERCOST_API std::string_view deployment_class_name(DeploymentClass c);
INFERCOST_API std::optional<DeploymentClass> deployment_class_from_name(std::string_view name);

enum class ZeroRetention { default_on, available, not_available, unknown };
enum class TrainingUse { no, opt_out, yes, unknown };
INFERCOST_API std::string_view zero_retention_name(ZeroRetention z);
INFERCOST_API std::string_view training_use_name(TrainingUse t);
INFERCOST_API std::optional<ZeroRetention> zero_retention_from_name(std::string_view name);
INFERCOST_API std::optional<TrainingUse> training_use_from_name(std::string_view name);

struct INFERCOST_API GovernanceFacts {
    DeploymentClass deployment_class = DeploymentClass::third_party_host;
    std::string deployment_mode;                 // free text: region, mode, routing
    std::vector<std::string> inference_jurisdictions;  // ISO 3166-1 alpha-2
    bool jurisdictions_complete = true;  // false: the provider does not publish every country it may use
    bool may_route_to_mainland_china = false;
    std::string provider_home;                   // ISO alpha-2
    std::string model_origin;                    // ISO alpha-2 of the lab that trained the model
    bool open_weights = false;
    std::string license;
    ZeroRetention zero_data_retention = ZeroRetention::unknown;
    TrainingUse trains_on_customer_data = TrainingUse::unknown;
    std::string source;  // URL backing the facts
    Date checked{};
    bool self_hosted() const {
        return deployment_class == DeploymentClass::self_hosted_cloud ||
               deployment_class == DeploymentClass::self_hosted_on_premises;
    }
};

// ISO 3166-1 alpha-2 codes and named groups of them (EU, EEA), from pricing/jurisdictions.yaml.
class INFERCOST_API Jurisdictions {
public:
    Jurisdictions() = default;
    Jurisdictions(std::set<std::string> codes, std::map<std::string, std::vector<std::string>> groups);
    bool is_code(const std::string& c) const { return codes_.count(c) > 0; }
    bool is_group(const std::string& g) const { return groups_.count(g) > 0; }
    // A code, or the codes of a group; InputError for neither.
    std::vector<std::string> expand(const std::string& code_or_group) const;
    const std::set<std::string>& codes() const { return codes_; }

private:
    std::set<std::string> codes_;
    std::map<std::string, std::vector<std::string>> groups_;
};

// A data-governance policy (docs/policies.md). Empty rules allow everything.
struct INFERCOST_API Policy {
    std::string name;
    std::string note;
    std::optional<std::set<DeploymentClass>> allowed_deployment_classes;
    std::optional<std::set<std::string>> allowed_jurisdictions;  // expanded codes; inference must run only there
    std::set<std::string> refused_model_origins;                 // refused whatever the host
    bool forbid_mainland_china_routing = false;
    bool require_zero_data_retention = false;                    // default_on or available
    bool require_no_training = false;                            // trains_on_customer_data must be `no`
    bool require_open_weights = false;
    std::map<std::string, bool> data_classes;                    // data class -> requires self-hosting
};

struct INFERCOST_API PolicyVerdict {
    bool passes = true;
    std::vector<std::string> reasons;  // every rule the option fails, each a sentence
};


// InputError naming the policy's classes when `data_class` is not empty and not one of them.
INFERCOST_API void require_data_class(const Policy& policy, const std::string& data_class);

// `data_class` names one of the policy's data classes (empty for none); InputError for an unknown one.
INFERCOST_API PolicyVerdict evaluate(const Policy& policy, const GovernanceFacts& facts, const std::string& data_class = "");

}  // namespace infercost
