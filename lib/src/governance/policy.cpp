#include "infercost/governance/policy.hpp"

#include "infercost/core/error.hpp"

#include <algorithm>
#include <array>

namespace infercost {

namespace {
constexpr std::array<std::string_view, 7> kClassNames = {
    "first_party_mainland_china", "china_provider_foreign_region", "first_party_foreign", "third_party_host",
    "router", "self_hosted_cloud", "self_hosted_on_premises"};
constexpr std::array<std::string_view, 4> kRetentionNames = {"default", "available", "not_available", "unknown"};
constexpr std::array<std::string_view, 4> kTrainingNames = {"no", "opt_out", "yes", "unknown"};

template <class E, std::size_t N>
std::optional<E> from_name(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == name) return static_cast<E>(i);
    return std::nullopt;
}
}  // namespace

std::string_view deployment_class_name(DeploymentClass c) { return kClassNames[static_cast<std::size_t>(c)]; }

std::optional<DeploymentClass> deployment_class_from_name(std::string_view name) {
    return from_name<DeploymentClass>(kClassNames, name);
}

std::string_view zero_retention_name(ZeroRetention z) { return kRetentionNames[static_cast<std::size_t>(z)]; }
std::string_view training_use_name(TrainingUse t) { return kTrainingNames[static_cast<std::size_t>(t)]; }
std::optional<ZeroRetention> zero_retention_from_name(std::string_view n) { return from_name<ZeroRetention>(kRetentionNames, n); }
std::optional<TrainingUse> training_use_from_name(std::string_view n) { return from_name<TrainingUse>(kTrainingNames, n); }

Jurisdictions::Jurisdictions(std::set<std::string> codes, std::map<std::string, std::vector<std::string>> groups)
    : codes_(std::move(codes)), groups_(std::move(groups)) {
    for (const auto& [g, members] : groups_)
        for (const auto& c : members)
            if (!codes_.count(c)) throw InputError("jurisdiction group " + g + " lists the unknown code " + c);
}

std::vector<std::string> Jurisdictions::expand(const std::string& c) const {
    if (codes_.count(c)) return {c};
    if (auto it = groups_.find(c); it != groups_.end()) return it->second;
    throw InputError("unknown jurisdiction '" + c + "'; use an ISO 3166-1 alpha-2 code (US, DE, CN...) or a group (EU, EEA)");
}

void require_data_class(const Policy& p, const std::string& data_class) {
    if (data_class.empty() || p.data_classes.count(data_class)) return;
    std::string known;
    for (const auto& [k, _] : p.data_classes) known += (known.empty() ? "" : ", ") + k;
    throw InputError("policy '" + p.name + "' has no data class '" + data_class + "'" +
                     (known.empty() ? "" : "; it defines: " + known));
}

PolicyVerdict evaluate(const Policy& p, const GovernanceFacts& f, const std::string& data_class) {
    PolicyVerdict v;
    auto fail = [&](std::string r) {
        v.passes = false;
        v.reasons.push_back(std::move(r));
    };
    const std::string cls(deployment_class_name(f.deployment_class));
    if (p.allowed_deployment_classes && !p.allowed_deployment_classes->count(f.deployment_class))
        fail("deployment class " + cls + " is not allowed");
    if (p.allowed_jurisdictions) {
        std::vector<std::string> outside;
        for (const auto& j : f.inference_jurisdictions)
            if (!p.allowed_jurisdictions->count(j)) outside.push_back(j);
        if (f.inference_jurisdictions.empty()) fail("where inference runs is not known");
        else if (!f.jurisdictions_complete)
            fail("the provider does not publish every country where inference may run, so it cannot be shown to stay "
                 "in the allowed jurisdictions");
        if (!outside.empty()) {
            std::string list;
            for (const auto& j : outside) list += (list.empty() ? "" : ", ") + j;
            fail("inference may run in " + list + ", outside the allowed jurisdictions");
        }
    }
    if (p.forbid_mainland_china_routing && f.may_route_to_mainland_china)
        fail("a deployment mode can route inference to mainland China");
    if (p.refused_model_origins.count(f.model_origin))
        fail("the model was trained by a lab from " + f.model_origin + ", an origin the policy refuses whatever the host");
    if (p.require_zero_data_retention && f.zero_data_retention != ZeroRetention::default_on &&
        f.zero_data_retention != ZeroRetention::available && !f.self_hosted())
        fail(std::string("zero data retention is ") +
             (f.zero_data_retention == ZeroRetention::unknown ? "not documented" : "not available"));
    if (p.require_no_training && f.trains_on_customer_data != TrainingUse::no && !f.self_hosted())
        fail(std::string("the provider's use of customer data for training is ") +
             std::string(training_use_name(f.trains_on_customer_data)) + ", not 'no'");
    if (p.require_open_weights && !f.open_weights) fail("the weights are not open");
    if (!data_class.empty()) {
        require_data_class(p, data_class);
        if (p.data_classes.at(data_class) && !f.self_hosted())
            fail("data class '" + data_class + "' must be processed on a self-hosted deployment");
    }
    return v;
}

}  // namespace infercost
