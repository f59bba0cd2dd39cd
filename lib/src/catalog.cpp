#include "infercost/catalog.hpp"

#include "infercost/core/error.hpp"

#include <map>

namespace infercost {

struct Catalog::Data {
    std::vector<Provider> providers;
    std::vector<Offering> offerings;
    FxTable fx;
    HolidayCalendars calendars;
    Jurisdictions jurisdictions;
    std::filesystem::path dir;
    std::shared_ptr<const HardwareCatalog> hardware;
    std::map<std::string, std::size_t, std::less<>> index;  // id and aliases -> offering
    struct Dated {
        std::size_t offering;
        std::optional<Timestamp> from, until;
    };
    std::map<std::string, std::vector<Dated>, std::less<>> dated;  // dated alias -> spans
};

Catalog::Catalog(std::vector<Provider> providers, std::vector<Offering> offerings, FxTable fx,
                 std::filesystem::path directory, Jurisdictions jurisdictions,
                 std::shared_ptr<const HardwareCatalog> hardware, HolidayCalendars calendars) {
    auto d = std::make_shared<Data>();
    for (const auto& o : offerings) {
        validate_offering(o);
        for (const auto& v : o.versions)
            if (!fx.knows(v.currency))
                throw InputError("offering '" + o.id + "' is priced in " + v.currency.code() +
                                 ", which the FX table does not list");
    }
    d->providers = std::move(providers);
    d->offerings = std::move(offerings);
    d->fx = std::move(fx);
    d->dir = std::move(directory);
    d->jurisdictions = std::move(jurisdictions);
    d->hardware = std::move(hardware);
    d->calendars = std::move(calendars);
    for (std::size_t i = 0; i < d->offerings.size(); ++i) {
        const Offering& o = d->offerings[i];
        if (!d->index.emplace(o.id, i).second) throw InputError("duplicate offering id '" + o.id + "'");
    }
    for (const auto& o : d->offerings)
        if (!o.successor.empty() && !d->index.count(o.successor))
            throw InputError("offering '" + o.id + "' names the successor '" + o.successor +
                             "', which is not an offering in the catalog");
    for (std::size_t i = 0; i < d->offerings.size(); ++i)
        for (const auto& a : d->offerings[i].aliases)
            if (!d->index.emplace(a, i).second)
                throw InputError("alias '" + a + "' of offering '" + d->offerings[i].id + "' is already an id or alias");
    for (std::size_t i = 0; i < d->offerings.size(); ++i)
        for (const auto& a : d->offerings[i].dated_aliases) {
            if (d->index.count(a.name))
                throw InputError("dated alias '" + a.name + "' of offering '" + d->offerings[i].id +
                                 "' is already an id or alias");
            for (const auto& other : d->dated[a.name]) {
                const bool disjoint = (a.until && other.from && *a.until <= *other.from) ||
                                      (other.until && a.from && *other.until <= *a.from);
                if (!disjoint)
                    throw InputError("dated alias '" + a.name + "' points at two offerings at once ('" +
                                     d->offerings[other.offering].id + "' and '" + d->offerings[i].id + "')");
            }
            d->dated[a.name].push_back(Data::Dated{i, a.from, a.until});
        }
    if (d->hardware && !d->jurisdictions.codes().empty())
        for (const auto& o : d->hardware->cloud_offers)
            for (const auto& j : o.jurisdictions)
                if (!d->jurisdictions.is_code(j))
                    throw InputError("cloud offer '" + o.id + "' lists '" + j + "', which is not an ISO 3166-1 code in jurisdictions.yaml");
    if (d->hardware)
        for (const auto& m : d->hardware->models)
            for (const auto& id : m.served_by)
                if (!d->index.count(id))
                    throw InputError(m.loaded_from.file, 1, 1, "served_by", "model '" + m.id + "' lists '" + id + "', which is not an offering id");
    data_ = std::move(d);
}

bool Catalog::has_hardware() const noexcept { return data_->hardware != nullptr; }

const HardwareCatalog& Catalog::hardware() const {
    if (!data_->hardware)
        throw Error("this catalog has no self-hosting data; load a catalog directory that holds gpus.yaml, clouds/ and models/");
    return *data_->hardware;
}

const std::shared_ptr<const HardwareCatalog>& Catalog::hardware_ptr() const noexcept { return data_->hardware; }

const HolidayCalendars& Catalog::calendars() const noexcept { return data_->calendars; }
const std::vector<Offering>& Catalog::offerings() const noexcept { return data_->offerings; }
const std::vector<Provider>& Catalog::providers() const noexcept { return data_->providers; }
const FxTable& Catalog::fx() const noexcept { return data_->fx; }
const Jurisdictions& Catalog::jurisdictions() const noexcept { return data_->jurisdictions; }
const std::filesystem::path& Catalog::directory() const noexcept { return data_->dir; }

const Offering& Catalog::offering(std::string_view id) const {
    auto it = data_->index.find(id);
    if (it != data_->index.end()) return data_->offerings[it->second];
    if (auto d = data_->dated.find(id); d != data_->dated.end()) {
        if (d->second.size() == 1) return data_->offerings[d->second.front().offering];
        std::vector<std::string> targets;
        for (const auto& x : d->second) targets.push_back(data_->offerings[x.offering].id);
        throw NotFoundError("offering (the alias has named several offerings over time; give a time, or one of these)",
                            std::string(id), targets);
    }
    // The name as an API or a log writes it: the provider's own model name (which may hold slashes, as in
    // accounts/fireworks/models/x or deepseek/deepseek-v3.2 at a router), "<provider>/<model>", or a name an
    // alias gives under the offering's provider. Any offering it fits is a hit; more than one is an error.
    // A provider's own name prefix ("models/gemini-2.5-pro") narrows the search to that provider's offerings.
    std::map<std::string_view, std::string_view> stripped;  // provider -> the name without its prefix
    for (const auto& p : data_->providers)
        for (const auto& pre : p.name_prefixes)
            if (id.size() > pre.size() && id.compare(0, pre.size(), pre) == 0) stripped[p.id] = id.substr(pre.size());
    auto fits = [](const Offering& o, std::string_view name) {
        const auto slash = name.find('/');
        bool ok = o.model == name;
        if (slash != std::string_view::npos) ok = ok || (o.provider == name.substr(0, slash) && o.model == name.substr(slash + 1));
        for (const auto& a : o.aliases)
            ok = ok || (a.size() == o.provider.size() + 1 + name.size() && a.compare(0, o.provider.size(), o.provider) == 0 &&
                        a[o.provider.size()] == '/' && a.compare(o.provider.size() + 1, std::string::npos, name) == 0);
        return ok;
    };
    std::vector<const Offering*> hits;
    for (const auto& o : data_->offerings) {
        auto s = stripped.find(o.provider);
        if (fits(o, id) || (s != stripped.end() && fits(o, s->second))) hits.push_back(&o);
    }
    if (hits.size() == 1) return *hits.front();
    std::vector<std::string> ids;
    if (hits.size() > 1) {
        for (const Offering* o : hits) ids.push_back(o->id);
        throw NotFoundError("offering (the name is served by several offerings; pick one)", std::string(id), ids);
    }
    for (const auto& [k, _] : data_->index) ids.push_back(k);
    throw NotFoundError("offering", std::string(id), close_matches(std::string(id), ids));
}

const Offering& Catalog::offering_at(std::string_view id, Timestamp at) const {
    if (auto d = data_->dated.find(id); d != data_->dated.end()) {
        for (const auto& x : d->second)
            if ((!x.from || *x.from <= at) && (!x.until || at < *x.until)) return data_->offerings[x.offering];
        std::vector<std::string> targets;
        for (const auto& x : d->second) targets.push_back(data_->offerings[x.offering].id);
        throw NotFoundError("offering (the alias named no offering at " + format_timestamp(at) + ")", std::string(id),
                            targets);
    }
    return offering(id);
}

bool Catalog::contains(std::string_view id) const { return data_->index.find(id) != data_->index.end(); }

std::vector<const Offering*> Catalog::by_provider(std::string_view provider) const {
    std::vector<const Offering*> out;
    for (const auto& o : data_->offerings)
        if (o.provider == provider) out.push_back(&o);
    if (out.empty()) {
        std::vector<std::string> ids;
        for (const auto& p : data_->providers) ids.push_back(p.id);
        throw NotFoundError("provider", std::string(provider), close_matches(std::string(provider), ids));
    }
    return out;
}

}  // namespace infercost
