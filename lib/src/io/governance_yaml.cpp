// pricing/jurisdictions.yaml, pricing/governance/<provider>.yaml and policy files (docs/policies.md).
#include "governance_yaml.hpp"

#include "infercost/core/error.hpp"
#include "infercost/io.hpp"
#include "yaml_reader.hpp"

#include <algorithm>
#include <map>

namespace infercost::io {

namespace {

std::string code_at(const YamlNode& n, const Jurisdictions& j) {
    const std::string c = n.str();
    if (!j.is_code(c)) n.fail("unknown jurisdiction code '" + c + "'; use an ISO 3166-1 alpha-2 code such as US, SG or CN");
    return c;
}

DeploymentClass class_at(const YamlNode& n) {
    const std::string s = n.str();
    if (auto c = deployment_class_from_name(s)) return *c;
    n.fail("unknown deployment class '" + s + "'; use first_party_mainland_china, china_provider_foreign_region, "
           "first_party_foreign, third_party_host, router, self_hosted_cloud or self_hosted_on_premises");
}

// Applies the fields present in `n` onto `f`.
void read_facts(const YamlNode& n, GovernanceFacts& f, const Jurisdictions& j, bool allow_model_fields) {
    if (allow_model_fields)
        n.expect_keys({"deployment_class", "deployment_mode", "inference_jurisdictions", "jurisdictions_complete",
                       "may_route_to_mainland_china", "zero_data_retention", "trains_on_customer_data", "source",
                       "model_origin", "open_weights", "license"});
    else
        n.expect_keys({"deployment_class", "deployment_mode", "inference_jurisdictions", "jurisdictions_complete",
                       "may_route_to_mainland_china", "zero_data_retention", "trains_on_customer_data", "source"});
    if (auto x = n.get("deployment_class")) f.deployment_class = class_at(*x);
    if (auto x = n.get("deployment_mode")) f.deployment_mode = x->str();
    if (auto x = n.get("inference_jurisdictions")) {
        f.inference_jurisdictions.clear();
        for (const auto& item : x->items()) f.inference_jurisdictions.push_back(code_at(item, j));
        if (f.inference_jurisdictions.empty()) x->fail("lists no jurisdictions");
    }
    if (auto x = n.get("jurisdictions_complete")) f.jurisdictions_complete = x->boolean();
    if (auto x = n.get("may_route_to_mainland_china")) f.may_route_to_mainland_china = x->boolean();
    if (auto x = n.get("zero_data_retention")) {
        const auto z = zero_retention_from_name(x->str());
        if (!z) x->fail("unknown value '" + x->str() + "'; use default, available, not_available or unknown");
        f.zero_data_retention = *z;
    }
    if (auto x = n.get("trains_on_customer_data")) {
        const auto t = training_use_from_name(x->str());
        if (!t) x->fail("unknown value '" + x->str() + "'; use no, opt_out, yes or unknown");
        f.trains_on_customer_data = *t;
    }
    if (auto x = n.get("source")) {
        f.source = x->str();
        if (f.source.rfind("http", 0) != 0) x->fail("expected the URL of the source page");
    }
    if (!allow_model_fields) return;
    if (auto x = n.get("model_origin")) f.model_origin = code_at(*x, j);
    if (auto x = n.get("open_weights")) f.open_weights = x->boolean();
    if (auto x = n.get("license")) f.license = x->str();
}

}  // namespace

Jurisdictions read_jurisdictions(const std::string& file) {
    const YamlNode root = YamlNode::load_file(file);
    root.expect_keys({"source", "checked", "codes", "groups"});
    std::set<std::string> codes;
    for (const auto& item : root.at("codes").items()) {
        const std::string c = item.str();
        if (c.size() != 2 || !std::isupper(static_cast<unsigned char>(c[0])) || !std::isupper(static_cast<unsigned char>(c[1])))
            item.fail("a jurisdiction code is two upper-case letters");
        codes.insert(c);
    }
    std::map<std::string, std::vector<std::string>> groups;
    if (auto g = root.get("groups")) {
        for (const auto& [name, members] : g->entries()) {
            for (const auto& m : members.items()) {
                if (!codes.count(m.str())) m.fail("unknown code '" + m.str() + "' in group " + name);
                groups[name].push_back(m.str());
            }
        }
    }
    return Jurisdictions(std::move(codes), std::move(groups));
}

void attach_governance(const std::filesystem::path& dir, std::vector<Offering>& offerings, const Jurisdictions& j) {
    namespace fs = std::filesystem;
    const std::vector<fs::path> files = yaml_files(dir);
    std::map<std::string, Offering*> by_id;
    for (auto& o : offerings) by_id[o.id] = &o;
    for (const auto& f : files) {
        const YamlNode root = YamlNode::load_file(f.string());
        root.expect_keys({"provider", "provider_home", "sources", "defaults", "offerings"});
        const std::string provider = root.at("provider").str();
        GovernanceFacts defaults;
        defaults.provider_home = code_at(root.at("provider_home"), j);
        std::map<std::string, Date> checked_by_url;
        for (const auto& s : root.at("sources").items()) {
            s.expect_keys({"url", "checked", "about"});
            const std::string url = s.at("url").str();
            if (url.rfind("http", 0) != 0) s.at("url").fail("expected a URL");
            checked_by_url[url] = s.at("checked").date();
        }
        const YamlNode dn = root.at("defaults");
        read_facts(dn, defaults, j, false);
        for (const auto& [id, on] : root.at("offerings").entries()) {
            auto it = by_id.find(id);
            if (it == by_id.end()) on.fail("no offering '" + id + "' in the catalog");
            if (it->second->provider != provider)
                on.fail("offering '" + id + "' belongs to provider '" + it->second->provider + "', not '" + provider + "'");
            if (it->second->governance) on.fail("offering '" + id + "' has governance facts in another file too");
            GovernanceFacts facts = defaults;
            read_facts(on, facts, j, true);
            if (facts.inference_jurisdictions.empty()) on.fail("no inference_jurisdictions (in the offering or `defaults`)");
            if (facts.model_origin.empty()) on.fail("missing required field 'model_origin'");
            if (!on.has("open_weights")) on.fail("missing required field 'open_weights'");
            if (facts.license.empty()) on.fail("missing required field 'license'");
            if (facts.source.empty()) on.fail("no source (in the offering or `defaults`)");
            auto c = checked_by_url.find(facts.source);
            if (c == checked_by_url.end()) on.fail("the source " + facts.source + " is not listed under `sources` with its checked date");
            facts.checked = c->second;
            it->second->governance = std::move(facts);
        }
    }
}

}  // namespace infercost::io

namespace infercost {

Policy load_policy(const std::string& file, const Jurisdictions& j) {
    using io::YamlNode;
    const YamlNode root = YamlNode::load_file(file);
    root.expect_keys({"policy", "allowed_deployment_classes", "allowed_jurisdictions", "refused_model_origins",
                      "forbid_mainland_china_routing", "require_zero_data_retention", "require_no_training",
                      "require_open_weights", "data_classes"});
    Policy p;
    const YamlNode head = root.at("policy");
    head.expect_keys({"name", "note"});
    p.name = head.at("name").str();
    if (auto n = head.get("note")) p.note = n->str();
    if (auto a = root.get("allowed_deployment_classes")) {
        p.allowed_deployment_classes.emplace();
        for (const auto& item : a->items()) p.allowed_deployment_classes->insert(io::class_at(item));
    }
    if (auto a = root.get("allowed_jurisdictions")) {
        p.allowed_jurisdictions.emplace();
        for (const auto& item : a->items()) {
            const std::string c = item.str();
            if (!j.is_code(c) && !j.is_group(c))
                item.fail("unknown jurisdiction '" + c + "'; use an ISO 3166-1 alpha-2 code (US, DE...) or a group (EU, EEA)");
            for (const auto& x : j.expand(c)) p.allowed_jurisdictions->insert(x);
        }
    }
    if (auto a = root.get("refused_model_origins"))
        for (const auto& item : a->items()) p.refused_model_origins.insert(io::code_at(item, j));
    if (auto a = root.get("forbid_mainland_china_routing")) p.forbid_mainland_china_routing = a->boolean();
    if (auto a = root.get("require_zero_data_retention")) p.require_zero_data_retention = a->boolean();
    if (auto a = root.get("require_no_training")) p.require_no_training = a->boolean();
    if (auto a = root.get("require_open_weights")) p.require_open_weights = a->boolean();
    if (auto a = root.get("data_classes")) {
        for (const auto& [name, rules] : a->entries()) {
            rules.expect_keys({"require_self_hosting"});
            p.data_classes[name] = rules.at("require_self_hosting").boolean();
        }
    }
    return p;
}

}  // namespace infercost
