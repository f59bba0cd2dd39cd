// Writing a catalog back as pricing/ YAML (docs/catalog-format.md), e.g. after an import.
#include "infercost/core/error.hpp"
#include "infercost/io.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>

namespace infercost {

namespace {

void emit_prices(YAML::Emitter& out, const MeterPrices& p) {
    out << YAML::Flow << YAML::BeginMap;
    for (Meter m : kAllMeters)
        if (auto v = p.get(m)) out << YAML::Key << std::string(meter_name(m)) << YAML::Value << *v;
    out << YAML::EndMap;
}

void emit_adjustment_body(YAML::Emitter& out, const PriceAdjustment& a) {
    if (!a.is_override) {
        out << YAML::Key << "multiplier" << YAML::Value << a.multiplier;
        if (!a.meters.empty()) {
            out << YAML::Key << "meters" << YAML::Value << YAML::Flow << YAML::BeginSeq;
            for (Meter m : a.meters) out << std::string(meter_name(m));
            out << YAML::EndSeq;
        }
    } else if (a.level_prices.empty()) {
        out << YAML::Key << "prices" << YAML::Value;
        emit_prices(out, a.prices);
    } else {
        out << YAML::Key << "levels" << YAML::Value << YAML::BeginSeq;
        for (const auto& p : a.level_prices) emit_prices(out, p);
        out << YAML::EndSeq;
    }
}

void emit_version(YAML::Emitter& out, const PriceVersion& v) {
    out << YAML::BeginMap;
    out << YAML::Key << "effective_from" << YAML::Value << format_timestamp(v.effective_from);
    out << YAML::Key << "currency" << YAML::Value << v.currency.code();
    out << YAML::Key << "source" << YAML::Value << v.source;
    if (!v.read_url.empty()) out << YAML::Key << "read_url" << YAML::Value << v.read_url;
    out << YAML::Key << "checked" << YAML::Value << format_date(v.checked);
    if (v.verified != Verification::unknown)
        out << YAML::Key << "verified" << YAML::Value << std::string(verification_name(v.verified));
    if (!v.note.empty()) out << YAML::Key << "note" << YAML::Value << v.note;
    out << YAML::Key << "prices" << YAML::Value;
    emit_prices(out, v.prices);
    bool any_fallback = false;
    for (const auto& f : v.fallbacks) any_fallback = any_fallback || f.has_value();
    if (any_fallback) {
        out << YAML::Key << "fallbacks" << YAML::Value << YAML::Flow << YAML::BeginMap;
        for (Meter m : kAllMeters)
            if (auto f = v.fallbacks[static_cast<std::size_t>(m)])
                out << YAML::Key << std::string(meter_name(m)) << YAML::Value << std::string(meter_name(*f));
        out << YAML::EndMap;
    }
    if (v.tiers) {
        const ContextTiers& t = *v.tiers;
        out << YAML::Key << "tiers" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "basis" << YAML::Value << (t.basis == TierBasis::whole_request ? "whole_request" : "graduated");
        out << YAML::Key << "boundary" << YAML::Value << (t.boundary == Boundary::greater ? "gt" : "ge");
        out << YAML::Key << "counts_cached" << YAML::Value << t.counts_cached;
        out << YAML::Key << "missing_meter" << YAML::Value << (t.missing_meter == MissingMeter::base ? "base" : "error");
        out << YAML::Key << "levels" << YAML::Value << YAML::BeginSeq;
        for (const auto& lv : t.levels) {
            out << YAML::BeginMap << YAML::Key << "above" << YAML::Value << lv.above << YAML::Key << "prices" << YAML::Value;
            emit_prices(out, lv.prices);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq << YAML::EndMap;
    }
    if (!v.time_rules.empty()) {
        out << YAML::Key << "time_rules" << YAML::Value << YAML::BeginSeq;
        for (const auto& r : v.time_rules) {
            out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << r.name;
            out << YAML::Key << "utc_offset" << YAML::Value << YAML::DoubleQuoted << format_utc_offset(r.utc_offset);
            if (!r.windows.empty()) {
                out << YAML::Key << "windows" << YAML::Value << YAML::Flow << YAML::BeginSeq;
                for (const auto& w : r.windows) out << format_clock(w.start_minute) + "-" + format_clock(w.end_minute);
                out << YAML::EndSeq;
            }
            static const char* names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
            bool all = true;
            for (bool b : r.weekdays) all = all && b;
            if (!all) {
                out << YAML::Key << "weekdays" << YAML::Value << YAML::Flow << YAML::BeginSeq;
                for (unsigned i = 1; i <= 7; ++i)
                    if (r.weekdays[i % 7]) out << names[i % 7];
                out << YAML::EndSeq;
            }
            for (const auto& [key, dates] : {std::pair{"excluded_dates", &r.excluded_dates}, std::pair{"included_dates", &r.included_dates}}) {
                if (dates->empty()) continue;
                out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
                for (Date d : *dates) out << format_date(d);
                out << YAML::EndSeq;
            }
            emit_adjustment_body(out, r.adjustment);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    if (!v.service_tiers.empty()) {
        out << YAML::Key << "service_tiers" << YAML::Value << YAML::BeginMap;
        for (const auto& [t, a] : v.service_tiers) {
            out << YAML::Key << std::string(service_tier_name(t)) << YAML::Value << YAML::BeginMap;
            emit_adjustment_body(out, a);
            if (a.cached_as_input) out << YAML::Key << "cache_discount" << YAML::Value << false;
            out << YAML::EndMap;
        }
        out << YAML::EndMap;
    }
    if (!v.scopes.empty()) {
        out << YAML::Key << "scopes" << YAML::Value << YAML::BeginMap;
        for (const auto& [name, a] : v.scopes) {
            out << YAML::Key << name << YAML::Value << YAML::BeginMap;
            emit_adjustment_body(out, a);
            out << YAML::EndMap;
        }
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
}

// `shown` is the path the user named (the file is written inside a temporary folder beside it).
void write_file(const std::filesystem::path& p, const std::filesystem::path& shown, const YAML::Emitter& out) {
    if (!out.good()) throw Error("could not write YAML for " + shown.string() + ": " + out.GetLastError());
    std::ofstream f(p);
    if (!f) throw InputError("cannot write '" + shown.string() + "': " + std::strerror(errno));
    f << "# Written by infercost.\n" << out.c_str() << "\n";
    f.close();  // a full disk shows here, when the last buffer is written
    if (!f) throw InputError("cannot write '" + shown.string() + "': " + std::strerror(errno ? errno : EIO));
}

// A folder that holds the new catalog while it is written: beside the target, so that the swap is a rename on one
// file system. Removed unless committed.
class StagingDir {
public:
    explicit StagingDir(const std::filesystem::path& target) {
        const auto parent = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
        std::error_code ec;
        std::filesystem::create_directories(parent, ec);  // a failure shows in mkdtemp's error below
        std::string leaf = ".";
        leaf += target.filename().string();
        leaf += ".infercost-XXXXXX";
        std::string pattern = (parent / leaf).string();
        if (!mkdtemp(pattern.data()))
            throw InputError("cannot write the catalog to '" + target.string() + "': " + std::strerror(errno) +
                             " (its parent folder must exist and be writable)");
        path_ = pattern;
    }
    ~StagingDir() {
        std::error_code ec;
        if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    StagingDir(const StagingDir&) = delete;
    StagingDir& operator=(const StagingDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    void committed() { path_.clear(); }

private:
    std::filesystem::path path_;
};

std::string file_name(const std::string& provider) {
    std::string s;
    for (char c : provider) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
    return s + ".yaml";
}

}  // namespace

void write_catalog(const Catalog& catalog, const std::filesystem::path& folder, bool replace) {
    namespace fs = std::filesystem;
    const fs::path target = folder.has_filename() ? folder : folder.parent_path();  // "out/" names the folder out
    std::error_code ec;
    const auto status = fs::symlink_status(target, ec);
    const bool exists = fs::exists(status);
    if (exists && !fs::is_directory(status))
        throw InputError("cannot write the catalog to '" + target.string() + "': it is a file; a catalog is a folder");
    if (exists && !fs::is_empty(target, ec) && !replace)
        throw InputError("'" + target.string() + "' already holds files; to replace it with the new catalog, pass "
                         "--force (replace=True in Python), or name a new folder");
    // The catalog is written whole into a folder beside the target, then swapped in: a failure leaves the old one
    // as it was, and no file of an earlier catalog stays beside the new ones.
    StagingDir staging(target);
    const fs::path dir = staging.path();
    fs::create_directories(dir / "api");
    std::map<std::string, std::vector<const Offering*>> by_provider;
    for (const auto& o : catalog.offerings()) by_provider[o.provider].push_back(&o);
    std::map<std::string, const Provider*> providers;
    for (const auto& p : catalog.providers()) providers[p.id] = &p;
    for (const auto& [pid, offerings] : by_provider) {
        YAML::Emitter out;
        out << YAML::BeginMap << YAML::Key << "provider" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "id" << YAML::Value << pid;
        const Provider* p = providers.count(pid) ? providers[pid] : nullptr;
        out << YAML::Key << "name" << YAML::Value << (p && !p->name.empty() ? p->name : pid);
        if (p && !p->homepage.empty()) out << YAML::Key << "homepage" << YAML::Value << p->homepage;
        if (p && !p->model_developer.empty()) out << YAML::Key << "model_developer" << YAML::Value << p->model_developer;
        out << YAML::EndMap << YAML::Key << "offerings" << YAML::Value << YAML::BeginSeq;
        for (const Offering* o : offerings) {
            // The catalog format files an offering under "<provider>/"; imported keys that lack the prefix get it.
            const std::string id = o->id.rfind(pid + "/", 0) == 0 ? o->id : pid + "/" + o->id;
            out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << id;
            out << YAML::Key << "model" << YAML::Value << o->model;
            if (!o->display_name.empty()) out << YAML::Key << "display_name" << YAML::Value << o->display_name;
            if (o->context_window) out << YAML::Key << "context_window" << YAML::Value << *o->context_window;
            if (o->max_output) out << YAML::Key << "max_output" << YAML::Value << *o->max_output;
            std::vector<std::string> aliases;
            for (const auto& a : o->aliases)
                if (a != id) aliases.push_back(a);
            if (id != o->id) aliases.push_back(o->id);
            if (!aliases.empty()) {
                out << YAML::Key << "aliases" << YAML::Value << YAML::Flow << YAML::BeginSeq;
                for (const auto& a : aliases) out << a;
                out << YAML::EndSeq;
            }
            if (!o->notes.empty()) out << YAML::Key << "notes" << YAML::Value << o->notes;
            if (o->deprecated) out << YAML::Key << "deprecated" << YAML::Value << format_timestamp(*o->deprecated);
            if (o->retired) out << YAML::Key << "retired" << YAML::Value << format_timestamp(*o->retired);
            if (!o->successor.empty()) out << YAML::Key << "successor" << YAML::Value << o->successor;
            out << YAML::Key << "versions" << YAML::Value << YAML::BeginSeq;
            for (const auto& v : o->versions) emit_version(out, v);
            out << YAML::EndSeq << YAML::EndMap;
        }
        out << YAML::EndSeq << YAML::EndMap;
        write_file(dir / "api" / file_name(pid), target / "api" / file_name(pid), out);
    }
    YAML::Emitter fx;
    fx << YAML::BeginMap << YAML::Key << "currencies" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& c : catalog.fx().currencies()) fx << c.code();
    fx << YAML::EndSeq << YAML::Key << "rates" << YAML::Value << YAML::BeginSeq;
    for (const auto& r : catalog.fx().rates()) {
        fx << YAML::BeginMap << YAML::Key << "date" << YAML::Value << format_date(r.date) << YAML::Key << "base"
           << YAML::Value << r.base.code() << YAML::Key << "quote" << YAML::Value << r.quote.code() << YAML::Key
           << "rate" << YAML::Value << r.rate << YAML::Key << "source" << YAML::Value << r.source << YAML::Key
           << "checked" << YAML::Value << format_date(r.checked) << YAML::EndMap;
    }
    fx << YAML::EndSeq << YAML::EndMap;
    write_file(dir / "fx.yaml", target / "fx.yaml", fx);
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                             fs::perms::others_exec, ec);  // mkdtemp's folder is private; a catalog is not
    const auto swap_error = [&](const std::error_code& e) {
        return InputError("cannot put the catalog in place at '" + target.string() + "': " + e.message());
    };
    if (!exists) {
        fs::rename(dir, target, ec);
        if (ec) throw swap_error(ec);
    } else {
        StagingDir old(target);  // an empty folder whose name the old catalog takes until the new one is in
        fs::remove(old.path(), ec);
        fs::rename(target, old.path(), ec);
        if (ec) throw swap_error(ec);
        fs::rename(dir, target, ec);
        if (ec) {
            std::error_code back;
            fs::rename(old.path(), target, back);  // the old catalog goes back where it was
            old.committed();
            throw swap_error(ec);
        }
    }
    staging.committed();
}

}  // namespace infercost
