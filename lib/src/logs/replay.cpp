#include "infercost/logs/replay.hpp"

#include "infercost/core/error.hpp"
#include "infercost/core/limits.hpp"
#include "infercost/detail/format.hpp"
#include "../pricing/charging.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>

namespace infercost {

namespace {

constexpr std::size_t kServiceTierCodes = 6;

// What is wrong with row i's codes (its offering, service tier, scope and group indices, its request count and its
// bucket's end), or nothing: the row checks of UsageLog::validate, which the replay makes block by block.
std::string row_code_problem(const UsageLog& log, std::size_t i) {
    const std::string row = "usage row " + std::to_string(i) + ": ";
    if (!log.unix_seconds_end.empty() &&
        (log.unix_seconds_end[i] <= log.unix_seconds[i] ||
         static_cast<double>(log.unix_seconds_end[i]) - static_cast<double>(log.unix_seconds[i]) > 366.0 * 86400))
        return row + "the bucket ends (" + std::to_string(log.unix_seconds_end[i]) + ") at or before it starts (" +
               std::to_string(log.unix_seconds[i]) + "), or more than a year after";
    if (!log.offering.empty() && (log.offering[i] < 0 || static_cast<std::size_t>(log.offering[i]) >= log.offerings.size()))
        return row + "offering index " + std::to_string(log.offering[i]) + " is outside the log's " +
               std::to_string(log.offerings.size()) + " offerings";
    if (!log.tier.empty() && log.tier[i] >= kServiceTierCodes)
        return row + "service tier code " + std::to_string(log.tier[i]) + " is not a service tier";
    if (!log.scope.empty() && (log.scope[i] < -1 || log.scope[i] >= static_cast<std::int32_t>(log.scopes.size())))
        return row + "scope index " + std::to_string(log.scope[i]) + " is outside the log's " +
               std::to_string(log.scopes.size()) + " scopes";
    if (!log.group.empty() && (log.group[i] < 0 || log.group[i] >= log.groups))
        return row + "group " + std::to_string(log.group[i]) + " is outside 0.." + std::to_string(log.groups - 1);
    if (!log.requests.empty() && log.requests[i] < 0)
        return row + "requests is negative (" + std::to_string(log.requests[i]) +
               "); give the number of requests the row stands for, or 0 where it is not known";
    return {};
}

// The log's shape: column lengths, counts of offerings, scopes and groups.
void check_shape(const UsageLog& log) {
    const std::size_t n = log.rows();
    auto length = [&](std::size_t got, const char* what) {
        if (got != 0 && got != n)
            throw InputError(std::string("a usage log's ") + what + " column has " + std::to_string(got) +
                             " entries for " + std::to_string(n) + " rows; give one per row");
    };
    if (n > 0 && (log.usage[0].empty() || log.usage[3].empty()))
        throw InputError("a usage log needs its input and output token counts");
    for (std::size_t k = 0; k < kUsageColumns; ++k) length(log.usage[k].size(), std::string(kUsageColumnNames[k]).c_str());
    length(log.unix_seconds_end.size(), "bucket end");
    length(log.requests.size(), "requests");
    length(log.offering.size(), "offering");
    length(log.tier.size(), "service tier");
    length(log.scope.size(), "scope");
    length(log.group.size(), "group");
    if (log.offerings.size() > static_cast<std::size_t>(kMaxReplayOfferings))
        throw InputError("a usage log names " + std::to_string(log.offerings.size()) + " offerings; a replay keys at most " +
                         std::to_string(kMaxReplayOfferings));
    if (log.scopes.size() > static_cast<std::size_t>(kMaxReplayScopes))
        throw InputError("a usage log names " + std::to_string(log.scopes.size()) + " serving scopes; a replay keys at most " +
                         std::to_string(kMaxReplayScopes));
    if (log.groups < 1 || log.groups > kMaxReplayGroups)
        throw InputError("a usage log has " + std::to_string(log.groups) + " attribution groups; a replay keys 1 to " +
                         std::to_string(kMaxReplayGroups));
    for (const Offering* o : log.offerings)
        if (!o) throw InputError("a usage log's offerings include a null offering");
}

}  // namespace

void UsageLog::validate() const {
    check_shape(*this);
    for (std::size_t i = 0; i < rows(); ++i)
        if (const std::string problem = row_code_problem(*this, i); !problem.empty()) throw InputError(problem);
}

namespace {

using detail::RequestRules;
constexpr std::int64_t kDay = 86400;
constexpr std::size_t kQty = kMeterCount;
constexpr std::int64_t kMaxDay = (std::int64_t{1} << 18) - 1;  // 2687-09-03: a day index fits 18 bits
// Counts above kMaxTokenCount per row are refused: a block's sums of them stay within int64.
constexpr std::int64_t kMaxCount = kMaxTokenCount;


std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
std::int64_t secs(Timestamp t) { return t.time_since_epoch().count(); }

// A span of time over which an offering prices alike: one price version and one time rule (or none).
struct Segment {
    std::int64_t start = 0, end = 0;  // [start, end)
    std::int32_t version = 0;
    const TimeRule* rule = nullptr;
    bool contains(std::int64_t t) const { return t >= start && t < end; }
};

Segment segment_at(const Offering& o, std::int64_t t) {
    const Timestamp ts{std::chrono::seconds(t)};
    const std::size_t vi = o.version_index_at(ts);
    const PriceVersion& v = o.versions[vi];
    Segment s;
    s.version = static_cast<std::int32_t>(vi);
    s.start = secs(v.effective_from);
    s.end = vi + 1 < o.versions.size() ? secs(o.versions[vi + 1].effective_from) : std::numeric_limits<std::int64_t>::max();
    if (o.retired) s.end = std::min(s.end, secs(*o.retired));
    s.rule = detail::time_rule_at(v, ts);
    // A time rule's outcome changes only at its local midnights and at the edges of its windows.
    for (const TimeRule& r : v.time_rules) {
        const std::int64_t local = t + std::int64_t{r.utc_offset.minutes} * 60;
        const std::int64_t into_day = local - floor_div(local, kDay) * kDay;
        std::int64_t prev = 0, next = kDay;
        for (const TimeWindow& w : r.windows)
            for (const std::int64_t e : {std::int64_t{w.start_minute} * 60, std::int64_t{w.end_minute} * 60}) {
                if (e <= into_day) prev = std::max(prev, e);
                else next = std::min(next, e);
            }
        s.start = std::max(s.start, t - (into_day - prev));
        s.end = std::min(s.end, t + (next - into_day));
    }
    return s;
}

// What ends a segment: the offering's retirement, its next price version, or a time rule's edge.
std::string change_at_end(const Offering& o, const Segment& s) {
    if (o.retired && s.end == secs(*o.retired)) return "it is retired";
    const auto next = static_cast<std::size_t>(s.version) + 1;
    if (next < o.versions.size() && s.end == secs(o.versions[next].effective_from)) return "a new price version";
    return "a time-of-day rule";
}

// A row's class within a block: the day, group, own offering, service tier and scope, packed into 64 bits.
std::uint64_t class_key(std::int64_t day, std::int32_t group, std::int32_t own, std::uint8_t tier, std::int32_t scope) {
    return static_cast<std::uint64_t>(day) | static_cast<std::uint64_t>(group) << 18 |
           static_cast<std::uint64_t>(own + 1) << 40 | static_cast<std::uint64_t>(tier) << 54 |
           static_cast<std::uint64_t>(scope + 1) << 57;
}

struct RowClass {
    std::uint64_t key = 0;
    std::int32_t day = 0, group = 0, own = -1, scope = -1;
    std::uint8_t tier = 0;
    std::int64_t rows = 0, requests = 0, unknown = 0;
    std::array<std::int64_t, kQty> qty{};  // per meter; request holds the known requests
};

struct CellKey {
    std::uint64_t cls;
    std::int32_t column;
    std::int32_t version;
    bool operator==(const CellKey&) const = default;
};
struct CellKeyHash {
    std::size_t operator()(const CellKey& k) const noexcept {
        std::uint64_t h = k.cls * 0x9E3779B97F4A7C15ull ^ (static_cast<std::uint64_t>(k.column) << 32 | static_cast<std::uint32_t>(k.version));
        h ^= h >> 29;
        return static_cast<std::size_t>(h * 0xBF58476D1CE4E5B9ull);
    }
};
struct CellAcc {
    std::int64_t rows = 0, requests = 0, unknown = 0;
    std::array<double, kQty> qty{};
    std::array<double, kQty> cost{};
};
struct Cells {
    std::unordered_map<CellKey, std::size_t, CellKeyHash> index;
    std::vector<std::pair<CellKey, CellAcc>> acc;
    std::vector<std::int64_t> over_limits, at_mean;  // per column
    std::size_t slot(const CellKey& k) {
        auto [it, fresh] = index.try_emplace(k, acc.size());
        if (fresh) acc.push_back({k, CellAcc{}});
        return it->second;
    }
    CellAcc& at(const CellKey& k) { return acc[slot(k)].second; }
};

// What a row uses of every meter before tiering: the split of Usage semantics into billed parts.
std::array<std::int64_t, kQty> row_quantities(const Usage& u, std::int64_t requests) {
    std::array<std::int64_t, kQty> q{};
    q[static_cast<std::size_t>(Meter::input)] =
        u.input.value() - u.cached_input.value() - u.cache_write.value() - u.cache_write_long.value();
    q[static_cast<std::size_t>(Meter::cached_input)] = u.cached_input.value();
    q[static_cast<std::size_t>(Meter::cache_write)] = u.cache_write.value();
    q[static_cast<std::size_t>(Meter::cache_write_long)] = u.cache_write_long.value();
    q[static_cast<std::size_t>(Meter::output)] = u.output.value() - u.reasoning.value();
    q[static_cast<std::size_t>(Meter::reasoning)] = u.reasoning.value();
    q[static_cast<std::size_t>(Meter::request)] = requests;
    q[static_cast<std::size_t>(Meter::web_search)] = u.web_searches;
    return q;
}

std::string row_label(std::size_t i) { return "usage row " + std::to_string(i); }

// Per-thread rules of one offering: its last segment and its rate tables by (version, rule, tier, scope).
struct OfferingRules {
    std::optional<Segment> segment;
    std::map<std::tuple<std::int32_t, const TimeRule*, std::uint8_t, std::int32_t>, RequestRules> rules;
};

class Replayer {
public:
    Replayer(const UsageLog& log, const std::vector<const Offering*>& columns, const ReplayOptions& opt)
        : log_(log), columns_(columns), opt_(opt) {}

    Cells block(std::size_t b) {
        first_ = b * kReplayBlockRows;
        last_ = std::min(log_.rows(), first_ + kReplayBlockRows);
        Cells out;
        out.over_limits.assign(columns_.size(), 0);
        out.at_mean.assign(columns_.size(), 0);
        read_rows();
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            if (columns_[c]) {
                price(out, c, *columns_[c], -1);
            } else {
                for (const std::int32_t k : owns_) price(out, c, *log_.offerings[static_cast<std::size_t>(k)], k);
            }
        }
        return out;
    }

private:
    Usage usage(std::size_t i) const { return log_.usage_at(i); }
    std::int64_t requests(std::size_t i) const { return log_.requests.empty() ? 1 : log_.requests[i]; }
    std::uint8_t tier(std::size_t i) const { return log_.tier.empty() ? 0 : log_.tier[i]; }
    std::int32_t scope(std::size_t i) const { return log_.scope.empty() ? -1 : log_.scope[i]; }
    std::int32_t own(std::size_t i) const { return log_.offering.empty() ? -1 : log_.offering[i]; }

    // The log's usage columns, nullptr for one the log lacks.
    std::array<const std::int64_t*, kUsageColumns> columns() const {
        std::array<const std::int64_t*, kUsageColumns> c{};
        for (std::size_t k = 0; k < kUsageColumns; ++k) c[k] = log_.usage[k].empty() ? nullptr : log_.usage[k].data();
        return c;
    }
    static std::int64_t at(const std::int64_t* c, std::size_t i) { return c ? c[i] : 0; }

    // The slot of a class key in the block's open-addressing table, adding the class if new.
    std::size_t class_slot(std::uint64_t key, std::size_t i, std::int64_t day, std::int32_t k) {
        if (key == last_key_) return last_slot_;
        // Logs interleave a few models row by row: the last class of each of the first offerings is kept too.
        const bool cached_own = k >= 0 && static_cast<std::size_t>(k) < kOwnCache;
        if (cached_own && own_key_[static_cast<std::size_t>(k)] == key) {
            last_key_ = key;
            last_slot_ = own_slot_[static_cast<std::size_t>(k)];
            return last_slot_;
        }
        std::size_t h = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 40) & (table_.size() - 1);
        while (table_[h].second != kEmpty && table_[h].first != key) h = (h + 1) & (table_.size() - 1);
        if (table_[h].second == kEmpty) {
            RowClass c;
            c.key = key;
            c.day = static_cast<std::int32_t>(day);
            c.group = log_.group.empty() ? 0 : log_.group[i];
            c.own = k;
            c.tier = tier(i);
            c.scope = scope(i);
            table_[h] = {key, classes_.size()};
            classes_.push_back(c);
            if (k >= 0 && std::find(owns_.begin(), owns_.end(), k) == owns_.end()) owns_.push_back(k);
            if (classes_.size() * 2 > table_.size()) grow_table();
        }
        last_key_ = key;
        last_slot_ = table_[find_slot(key)].second;
        if (cached_own) {
            own_key_[static_cast<std::size_t>(k)] = key;
            own_slot_[static_cast<std::size_t>(k)] = last_slot_;
        }
        return last_slot_;
    }
    std::size_t find_slot(std::uint64_t key) const {
        std::size_t h = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 40) & (table_.size() - 1);
        while (table_[h].first != key || table_[h].second == kEmpty) h = (h + 1) & (table_.size() - 1);
        return h;
    }
    void grow_table() {
        table_.assign(table_.size() * 2, {0, kEmpty});
        for (std::size_t s = 0; s < classes_.size(); ++s) {
            std::size_t h = static_cast<std::size_t>((classes_[s].key * 0x9E3779B97F4A7C15ull) >> 40) & (table_.size() - 1);
            while (table_[h].second != kEmpty) h = (h + 1) & (table_.size() - 1);
            table_[h] = {classes_[s].key, s};
        }
    }

    // One pass over the block's rows: checks them and sums each class's quantities.
    void read_rows() {
        classes_.clear();
        owns_.clear();
        table_.assign(1024, {0, kEmpty});
        last_key_ = ~std::uint64_t{0};
        own_key_.fill(~std::uint64_t{0});
        row_class_.resize(last_ - first_);
        std::int64_t tmin = std::numeric_limits<std::int64_t>::max(), tmax = std::numeric_limits<std::int64_t>::min();
        std::int64_t max_in = 0, max_unc = 0, max_out = 0, max_all = 0;
        std::int64_t min_in = std::numeric_limits<std::int64_t>::max(), min_unc = std::numeric_limits<std::int64_t>::max();
        double max_out_mean = 0, max_all_mean = 0;
        bool aggregated = false;
        const auto col = columns();
        const auto offering_count = static_cast<std::int32_t>(log_.offerings.size());
        const auto scope_count = static_cast<std::int32_t>(log_.scopes.size());
        const std::int64_t offset = std::int64_t{opt_.day_offset.minutes} * 60;
        std::int64_t day = 0, day_from = 1, day_to = 0;  // the current day and its span [day_from, day_to)
        for (std::size_t i = first_; i < last_; ++i) {
            const std::int64_t in = col[0][i], cached = at(col[1], i), write = at(col[2], i), out = col[3][i],
                               reasoning = at(col[4], i), write_long = at(col[5], i), searches = at(col[6], i);
            // The checks of Usage::validate without building one (it runs only to word a refusal); the parts are
            // compared by subtraction, which cannot overflow once every count is known to be non-negative.
            if ((in | cached | write | out | reasoning | write_long | searches) < 0 || in > kMaxCount || out > kMaxCount ||
                searches > kMaxCount || cached > in || write > in - cached ||
                write_long > in - cached - write || reasoning > out) {
                try {
                    usage(i).validate();
                } catch (const InputError& e) {
                    throw InputError(row_label(i) + ": " + e.what());
                }
                throw InputError(row_label(i) + ": a count above " + format_count(static_cast<double>(kMaxCount)) +
                                 " is not a log's; sums of such counts would overflow");
            }
            const std::int64_t t = log_.unix_seconds[i];
            const std::int64_t n = requests(i);
            if (n > kMaxCount)  // summed per class like the token counts
                throw InputError(row_label(i) + ": " + format_count(static_cast<double>(n)) + " requests is above " +
                                 format_count(static_cast<double>(kMaxCount)) + ", more than a log's row can hold");
            const std::int32_t k = own(i), sc = scope(i), gr = log_.group.empty() ? 0 : log_.group[i];
            const std::uint8_t tr = tier(i);
            if (n < 0 || k < -1 || k >= offering_count || tr >= kServiceTierCodes || sc < -1 || sc >= scope_count ||
                gr < 0 || gr >= log_.groups || (k < 0 && !log_.offering.empty()) ||
                (!log_.unix_seconds_end.empty() &&
                 !(log_.unix_seconds_end[i] > t && static_cast<double>(log_.unix_seconds_end[i]) - static_cast<double>(t) <= 366.0 * kDay)))
                throw InputError(row_code_problem(log_, i));
            // Rows come mostly in time order: the day of the row before is usually the day of this one.
            // Instants far outside the years a replay covers are refused before any day arithmetic, which would
            // overflow on them.
            if (t < -2 * kDay || t > (kMaxDay + 2) * kDay)
                throw InputError(row_label(i) + ": the instant " + std::to_string(t) +
                                 " (seconds since 1970) is outside the years 1970 to 2687 a replay covers");
            if (t < day_from || t >= day_to) {
                day = floor_div(t + offset, kDay);
                day_from = day * kDay - offset;
                day_to = day_from + kDay;
            }
            if (day < 0 || day > kMaxDay)
                throw InputError(row_label(i) + ": the instant " + std::to_string(t) +
                                 " (seconds since 1970) is outside the years 1970 to 2687 a replay covers");
            tmin = std::min(tmin, t);
            tmax = std::max(tmax, log_.unix_seconds_end.empty() ? t : log_.unix_seconds_end[i] - 1);
            const std::uint64_t key = class_key(day, gr, k, tr, sc);
            const std::size_t slot = class_slot(key, i, day, k);
            RowClass& c = classes_[slot];
            row_class_[i - first_] = static_cast<std::int32_t>(slot);
            const std::int64_t uncached = in - cached - write - write_long;
            c.qty[static_cast<std::size_t>(Meter::input)] += uncached;
            c.qty[static_cast<std::size_t>(Meter::cached_input)] += cached;
            c.qty[static_cast<std::size_t>(Meter::cache_write)] += write;
            c.qty[static_cast<std::size_t>(Meter::cache_write_long)] += write_long;
            c.qty[static_cast<std::size_t>(Meter::output)] += out - reasoning;
            c.qty[static_cast<std::size_t>(Meter::reasoning)] += reasoning;
            c.qty[static_cast<std::size_t>(Meter::request)] += n;
            c.qty[static_cast<std::size_t>(Meter::web_search)] += searches;
            c.rows += 1;
            c.requests += n;
            c.unknown += n == 0;
            // The block's extremes, in whole tokens (local: the stores above cannot alias them).
            max_in = std::max(max_in, in);
            max_unc = std::max(max_unc, uncached);
            if (n == 1) {
                min_in = std::min(min_in, in);
                min_unc = std::min(min_unc, uncached);
                max_out = std::max(max_out, out);
                max_all = std::max(max_all, in + out);
            } else {
                aggregated = true;
                if (n > 1) {  // the limits are per request: at the mean here; a row of unknown requests has none
                    const double per = static_cast<double>(n);
                    max_out_mean = std::max(max_out_mean, static_cast<double>(out) / per);
                    max_all_mean = std::max(max_all_mean, static_cast<double>(in + out) / per);
                }
            }
        }
        tmin_ = tmin;
        tmax_ = tmax;
        aggregated_ = aggregated;
        max_key_ = static_cast<double>(max_in);
        max_uncached_key_ = static_cast<double>(max_unc);
        min_key_ = min_in == std::numeric_limits<std::int64_t>::max() ? std::numeric_limits<double>::infinity() : static_cast<double>(min_in);
        min_uncached_key_ = min_unc == std::numeric_limits<std::int64_t>::max() ? std::numeric_limits<double>::infinity() : static_cast<double>(min_unc);
        max_output_ = std::max(static_cast<double>(max_out), max_out_mean);
        max_window_ = std::max(static_cast<double>(max_all), max_all_mean);
        std::sort(owns_.begin(), owns_.end());
    }

    // A bucket [from, to) is priced at its start only if the offering prices alike over all of it: the segments that
    // follow must keep the version and the time rule until the bucket ends.
    static void check_bucket(const Offering& o, const Segment& seg, std::int64_t from, std::int64_t to) {
        Segment cur = seg;
        while (!cur.contains(to - 1)) {
            std::optional<Segment> next;
            try {
                next = segment_at(o, cur.end);
            } catch (const InputError&) {
            }
            if (!next || next->version != seg.version || next->rule != seg.rule)
                throw InputError("the row covers " + format_timestamp(Timestamp(std::chrono::seconds(from))) + " to " +
                                 format_timestamp(Timestamp(std::chrono::seconds(to))) + ", and " + o.id +
                                 "'s price changes within it at " + format_timestamp(Timestamp(std::chrono::seconds(cur.end))) +
                                 " (" + change_at_end(o, cur) + "); give finer buckets (hourly usage) or per-request rows");
            cur = *next;
        }
    }

    const RequestRules& rules(OfferingRules& r, const Offering& o, const Segment& s, std::uint8_t tier, std::int32_t scope) {
        const auto key = std::make_tuple(s.version, s.rule, tier, scope);
        auto it = r.rules.find(key);
        if (it == r.rules.end())
            it = r.rules.emplace(key, detail::rules_for(o, static_cast<std::size_t>(s.version), s.rule,
                                                        static_cast<ServiceTier>(tier),
                                                        scope < 0 ? std::string_view{} : log_.scopes[static_cast<std::size_t>(scope)]))
                     .first;
        return it->second;
    }

    // Can the whole block be priced from its class sums? Only when every row is priced alike: one segment,
    // one context level for every row, no row near the offering's limits, no per-row costs asked for.
    bool alike(const Offering& o, OfferingRules& r, Segment& seg, int& level) {
        if (!opt_.row_costs.empty()) return false;
        if (o.max_output && max_output_ > static_cast<double>(*o.max_output)) return false;
        if (o.context_window && max_window_ > static_cast<double>(*o.context_window)) return false;
        if (!r.segment) return false;
        seg = *r.segment;
        if (!seg.contains(tmax_)) return false;
        const PriceVersion& v = o.versions[static_cast<std::size_t>(seg.version)];
        level = 0;
        if (!v.tiers) return true;
        const std::vector<double> t = greater_than_thresholds(v);
        const bool counts_cached = v.tiers->counts_cached;
        if ((counts_cached ? max_key_ : max_uncached_key_) <= t[1]) return true;  // every request below the first level
        if (aggregated_ || v.tiers->basis == TierBasis::graduated) return false;
        level = detail::level_of(t, counts_cached ? min_key_ : min_uncached_key_);
        return level == detail::level_of(t, counts_cached ? max_key_ : max_uncached_key_);
    }

    void price(Cells& out, std::size_t column, const Offering& o, std::int32_t only) {
        OfferingRules& r = cache_[&o];
        // The path a block takes must depend on the block alone, not on what this thread priced before: the segment
        // is the one at the block's first instant (or none, and the row-by-row pass names the row).
        try {
            if (!r.segment || !r.segment->contains(tmin_)) r.segment = segment_at(o, tmin_);
        } catch (const InputError&) {
            r.segment.reset();
        }
        Segment seg;
        int level = 0;
        // A list that lacks a row's tier or scope, or a meter it uses, is refused by the row-by-row pass, with the row.
        try {
            if (alike(o, r, seg, level) && price_classes(out, column, o, r, seg, level, only)) return;
            if (price_levels(out, column, o, r, only)) return;
        } catch (const InputError&) {
        }
        price_rows(out, column, o, r, only);
    }

    // One segment, one request per row, whole-request tiers: each row's level and limits are looked at, and the
    // quantities summed per class and level are priced once. False (nothing added) where that does not hold.
    bool price_levels(Cells& out, std::size_t column, const Offering& o, OfferingRules& r, std::int32_t only) {
        if (!opt_.row_costs.empty() || aggregated_ || !r.segment || !r.segment->contains(tmin_) || !r.segment->contains(tmax_))
            return false;
        const Segment seg = *r.segment;
        const PriceVersion& v = o.versions[static_cast<std::size_t>(seg.version)];
        if (v.tiers && v.tiers->basis == TierBasis::graduated) return false;
        const bool limits = (o.max_output && max_output_ > static_cast<double>(*o.max_output)) ||
                            (o.context_window && max_window_ > static_cast<double>(*o.context_window));
        if (limits && opt_.over_limits == OverLimits::refuse) return false;  // the row-by-row pass names the row
        const std::vector<double> t = greater_than_thresholds(v);
        const std::size_t levels = t.size();
        const bool counts_cached = !v.tiers || v.tiers->counts_cached;
        const std::int64_t max_out = o.max_output ? *o.max_output : std::numeric_limits<std::int64_t>::max();
        const std::int64_t window = o.context_window ? *o.context_window : std::numeric_limits<std::int64_t>::max();
        // Only the rows above the first level, and those beyond the limits, are summed here: the first level's sums
        // are the class's (from the row pass) less the others, so most rows cost a load and a comparison.
        level_sums_.assign(classes_.size() * levels, {});
        excluded_.assign(classes_.size(), {});
        std::int64_t over = 0;
        const auto col = columns();
        const double first_level = levels > 1 ? t[1] : std::numeric_limits<double>::infinity();
        auto add = [&](std::array<std::int64_t, kQty + 1>& acc, std::size_t i, std::int64_t uncached) {
            const std::int64_t cached = at(col[1], i), write = at(col[2], i), write_long = at(col[5], i),
                               reasoning = at(col[4], i), generated = col[3][i];
            acc[static_cast<std::size_t>(Meter::input)] += uncached;
            acc[static_cast<std::size_t>(Meter::cached_input)] += cached;
            acc[static_cast<std::size_t>(Meter::cache_write)] += write;
            acc[static_cast<std::size_t>(Meter::cache_write_long)] += write_long;
            acc[static_cast<std::size_t>(Meter::output)] += generated - reasoning;
            acc[static_cast<std::size_t>(Meter::reasoning)] += reasoning;
            acc[static_cast<std::size_t>(Meter::request)] += 1;
            acc[static_cast<std::size_t>(Meter::web_search)] += at(col[6], i);
            acc[kQty] += 1;
        };
        auto uncached_of = [&](std::size_t i, std::int64_t in) { return in - at(col[1], i) - at(col[2], i) - at(col[5], i); };
        if (levels > 1 || limits)
            for (std::size_t i = first_; i < last_; ++i) {
                const std::int32_t cls = row_class_[i - first_];
                if (only >= 0 && classes_[static_cast<std::size_t>(cls)].own != only) continue;
                const std::int64_t in = col[0][i];
                if (limits) {
                    const std::int64_t generated = col[3][i];
                    if (generated > max_out || static_cast<double>(in) + static_cast<double>(generated) > static_cast<double>(window)) {
                        ++over;
                        add(excluded_[static_cast<std::size_t>(cls)], i, uncached_of(i, in));
                        continue;
                    }
                }
                const std::int64_t key_tokens = counts_cached ? in : uncached_of(i, in);
                const double key = static_cast<double>(key_tokens);
                if (!(key > first_level)) continue;  // the first level: by subtraction below
                std::size_t lvl = 0;
                for (std::size_t k = 1; k < levels; ++k) lvl += key > t[k];
                add(level_sums_[static_cast<std::size_t>(cls) * levels + lvl], i, counts_cached ? uncached_of(i, in) : key_tokens);
            }
        // The first level: each class's sums less its rows at the other levels and its rows beyond the limits.
        for (std::size_t ci = 0; ci < classes_.size(); ++ci) {
            const RowClass& c = classes_[ci];
            if (only >= 0 && c.own != only) continue;
            auto& first = level_sums_[ci * levels];
            for (std::size_t m = 0; m < kQty; ++m) first[m] = c.qty[m] - excluded_[ci][m];
            first[kQty] = c.rows - excluded_[ci][kQty];
            for (std::size_t lvl = 1; lvl < levels; ++lvl)
                for (std::size_t m = 0; m <= kQty; ++m) first[m] -= level_sums_[ci * levels + lvl][m];
        }
        // Price every (class, level); a meter without a price sends the block to the row-by-row pass.
        std::vector<std::pair<std::size_t, std::array<double, kQty>>> priced;
        for (std::size_t ci = 0; ci < classes_.size(); ++ci) {
            const RowClass& c = classes_[ci];
            if (only >= 0 && c.own != only) continue;
            const RequestRules& rr = rules(r, o, seg, c.tier, c.scope);
            for (std::size_t lvl = 0; lvl < levels; ++lvl) {
                const auto& acc = level_sums_[ci * levels + lvl];
                if (acc[kQty] == 0) continue;
                const ResolvedRates& rates = rr.rates[lvl];
                std::array<double, kQty> cost{};
                for (std::size_t m = 0; m < kQty; ++m) {
                    const Meter meter = static_cast<Meter>(m);
                    if (meter == Meter::request ? !rates.rate[m] : acc[m] <= 0) continue;
                    if (!rates.rate[m]) return false;
                    cost[m] = *rates.rate[m] * static_cast<double>(acc[m]) / meter_unit(meter);
                }
                priced.emplace_back(ci * levels + lvl, cost);
            }
        }
        for (const auto& [slot, cost] : priced) {
            const RowClass& c = classes_[slot / levels];
            const auto& acc = level_sums_[slot];
            CellAcc& a = out.at(CellKey{c.key, static_cast<std::int32_t>(column), seg.version});
            a.rows += acc[kQty];
            a.requests += acc[kQty];
            for (std::size_t m = 0; m < kQty; ++m) {
                a.qty[m] += static_cast<double>(acc[m]);
                a.cost[m] += cost[m];
            }
        }
        out.over_limits[column] += over;
        return true;
    }

    // Prices each class from its sums; false (and nothing added) where a row must be looked at on its own.
    bool price_classes(Cells& out, std::size_t column, const Offering& o, OfferingRules& r, const Segment& seg,
                       int level, std::int32_t only) {
        std::vector<std::pair<const RowClass*, std::array<double, kQty>>> priced;
        for (const RowClass& c : classes_) {
            if (only >= 0 && c.own != only) continue;
            const ResolvedRates& rates = rules(r, o, seg, c.tier, c.scope).rates[static_cast<std::size_t>(level)];
            std::array<double, kQty> cost{};
            for (std::size_t m = 0; m < kQty; ++m) {
                const Meter meter = static_cast<Meter>(m);
                if (meter == Meter::request) {
                    if (!rates.rate[m]) continue;
                    if (c.unknown > 0) return false;
                } else if (c.qty[m] <= 0) {
                    continue;
                }
                if (!rates.rate[m]) return false;
                cost[m] = *rates.rate[m] * static_cast<double>(c.qty[m]) / meter_unit(meter);
            }
            priced.emplace_back(&c, cost);
        }
        for (const auto& [c, cost] : priced) {
            CellAcc& a = out.at(CellKey{c->key, static_cast<std::int32_t>(column), seg.version});
            a.rows += c->rows;
            a.requests += c->requests;
            a.unknown += c->unknown;
            for (std::size_t m = 0; m < kQty; ++m) {
                a.qty[m] += static_cast<double>(c->qty[m]);
                a.cost[m] += cost[m];
            }
        }
        return true;
    }

    void price_rows(Cells& out, std::size_t column, const Offering& o, OfferingRules& r, std::int32_t only) {
        const std::size_t ncol = columns_.size();
        const RequestRules* last_rules = nullptr;
        std::uint8_t last_tier = 0;
        std::int32_t last_scope = -1;
        std::int32_t last_class = -1, last_version = -1;
        std::size_t last_cell = 0;
        for (std::size_t i = first_; i < last_; ++i) {
            if (only >= 0 && own(i) != only) continue;
            const std::int64_t t = log_.unix_seconds[i];
            const Usage u = usage(i);
            const std::int64_t n = requests(i);
            double* row_cost = opt_.row_costs.empty() ? nullptr : &opt_.row_costs[i * ncol + column];
            try {
                if (!r.segment || !r.segment->contains(t)) {
                    r.segment = segment_at(o, t);
                    last_rules = nullptr;
                }
                const Segment& seg = *r.segment;
                if (!log_.unix_seconds_end.empty()) check_bucket(o, seg, t, log_.unix_seconds_end[i]);
                if (!last_rules || tier(i) != last_tier || scope(i) != last_scope) {
                    last_rules = &rules(r, o, seg, tier(i), scope(i));
                    last_tier = tier(i);
                    last_scope = scope(i);
                }
                const RequestRules& rr = *last_rules;
                const bool tiered = rr.thresholds.size() > 1;
                const PriceVersion& v = *rr.version;
                if (n == 0 && rr.rates[0].rate[static_cast<std::size_t>(Meter::request)])
                    throw InputError(o.id + " charges a fee per request, and the row does not say how many requests it holds");
                double per = 1;
                bool at_mean = false;
                if (n != 1 && tiered && detail::tier_key(v, u) > rr.thresholds[1]) {
                    if (opt_.aggregate_tiers == AggregateTiers::refuse || n == 0)
                        throw InputError(
                            "the row sums " + (n == 0 ? std::string("an unknown number of") : std::to_string(n)) +
                            " requests with " + format_count(detail::tier_key(v, u)) + " prompt tokens, and " + o.id +
                            " prices each request by its prompt size (a context level above " +
                            format_count(rr.thresholds[1]) + " tokens), which the row does not give" +
                            (n == 0 ? "; give per-request rows" : "; give per-request rows, or tier each request at the row's mean prompt (aggregate tiers: mean)"));
                    at_mean = true;
                }
                if (n > 1) per = static_cast<double>(n);
                // The limits apply per request: exactly for a request, at the mean for an aggregate; a row that does not
                // say how many requests it holds cannot be checked (its requests' sizes are unknown).
                const double out_tokens = static_cast<double>(u.output.value()) / per;
                const double all_tokens = (static_cast<double>(u.input.value()) + static_cast<double>(u.output.value())) / per;
                const bool over = n != 0 && ((o.max_output && out_tokens > static_cast<double>(*o.max_output)) ||
                                             (o.context_window && all_tokens > static_cast<double>(*o.context_window)));
                if (over && opt_.over_limits == OverLimits::refuse) {
                    if (n <= 1) check_request_limits(o, u);  // throws with the request's figures
                    throw InputError("the row's " + std::to_string(n) + " requests average " + format_count(all_tokens) +
                                     " tokens each, beyond what " + o.id + " serves (context window " +
                                     (o.context_window ? std::to_string(*o.context_window) : std::string("none")) +
                                     ", maximum output " + (o.max_output ? std::to_string(*o.max_output) : std::string("none")) + ")");
                }
                if (over) {
                    out.over_limits[column] += 1;
                    if (row_cost) *row_cost = std::numeric_limits<double>::quiet_NaN();
                    continue;
                }
                if (at_mean) out.at_mean[column] += 1;
                const std::int32_t cls = row_class_[i - first_];
                if (cls != last_class || seg.version != last_version) {
                    last_cell = out.slot(CellKey{classes_[static_cast<std::size_t>(cls)].key, static_cast<std::int32_t>(column), seg.version});
                    last_class = cls;
                    last_version = seg.version;
                }
                CellAcc& a = out.acc[last_cell].second;
                const auto q = row_quantities(u, n);
                double sum = 0;
                detail::charge_usage(o, rr, u, per, [&](Meter m, double qty, int, double rate) {
                    const double c = rate * qty / meter_unit(m);
                    a.cost[static_cast<std::size_t>(m)] += c;
                    sum += c;
                });
                a.rows += 1;
                a.requests += n;
                a.unknown += n == 0;
                for (std::size_t m = 0; m < kQty; ++m) a.qty[m] += static_cast<double>(q[m]);
                if (row_cost) *row_cost = sum;
            } catch (const InputError& e) {
                throw InputError(row_label(i) + " (" + o.id + "): " + e.what());
            }
        }
    }

    const UsageLog& log_;
    const std::vector<const Offering*>& columns_;
    const ReplayOptions& opt_;
    std::size_t first_ = 0, last_ = 0;
    std::vector<RowClass> classes_;
    static constexpr std::size_t kEmpty = std::numeric_limits<std::size_t>::max();
    std::vector<std::pair<std::uint64_t, std::size_t>> table_;  // class key -> slot in classes_
    std::uint64_t last_key_ = ~std::uint64_t{0};
    std::size_t last_slot_ = 0;
    static constexpr std::size_t kOwnCache = 64;
    std::array<std::uint64_t, kOwnCache> own_key_{};
    std::array<std::size_t, kOwnCache> own_slot_{};
    std::vector<std::int32_t> row_class_;
    std::vector<std::array<std::int64_t, kQty + 1>> level_sums_;  // per class and level: quantities, rows
    std::vector<std::array<std::int64_t, kQty + 1>> excluded_;    // per class: the rows beyond the limits
    std::vector<std::int32_t> owns_;
    std::int64_t tmin_ = 0, tmax_ = 0;
    double max_key_ = 0, max_uncached_key_ = 0, min_key_ = 0, min_uncached_key_ = 0, max_output_ = 0, max_window_ = 0;
    bool aggregated_ = false;
    std::unordered_map<const Offering*, OfferingRules> cache_;
};

}  // namespace

ReplayResult replay(const UsageLog& log, const std::vector<const Offering*>& candidates, const ReplayOptions& opt) {
    check_shape(log);  // the rows' codes are checked block by block, in the row pass
    for (const Offering* o : candidates)
        if (!o) throw InputError("a replay's candidates include a null offering");
    if (opt.reporting_currency && !opt.fx) throw InputError("a reporting currency needs an exchange-rate table");
    ReplayResult result;
    if (opt.own) {
        if (log.offering.empty() && log.rows() > 0)
            throw InputError("the log names no offering per row, so it cannot be priced under its own offerings; "
                             "give the model column, or price it under candidates only");
        result.columns.push_back(nullptr);
    }
    result.columns.insert(result.columns.end(), candidates.begin(), candidates.end());
    if (result.columns.empty()) throw InputError("a replay needs at least one offering to price the log under");
    if (!opt.row_costs.empty() && opt.row_costs.size() != log.rows() * result.columns.size())
        throw InputError("the per-row cost buffer holds " + std::to_string(opt.row_costs.size()) + " values; it needs " +
                         std::to_string(log.rows() * result.columns.size()) + " (rows x columns)");
    result.rows = log.rows();
    result.reporting_currency = opt.reporting_currency;
    const std::size_t blocks = (log.rows() + kReplayBlockRows - 1) / kReplayBlockRows;
    result.blocks = blocks;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t threads =
        std::max<std::size_t>(1, std::min<std::size_t>(opt.threads > 0 ? static_cast<std::size_t>(opt.threads) : cores, blocks));
    result.threads = static_cast<int>(threads);

    // Blocks are priced in any order and added to the totals strictly in block order.
    Cells total;
    total.over_limits.assign(result.columns.size(), 0);
    total.at_mean.assign(result.columns.size(), 0);
    std::vector<std::optional<Cells>> pending(blocks);
    std::size_t next_to_merge = 0;
    std::mutex mutex;
    std::atomic<std::size_t> next_block{0};
    std::atomic<std::size_t> failed_block{std::numeric_limits<std::size_t>::max()};
    std::vector<std::exception_ptr> errors(blocks);
    auto merge = [&](Cells& c) {
        for (auto& [k, a] : c.acc) {
            CellAcc& t = total.at(k);
            t.rows += a.rows;
            t.requests += a.requests;
            t.unknown += a.unknown;
            for (std::size_t m = 0; m < kQty; ++m) {
                t.qty[m] += a.qty[m];
                t.cost[m] += a.cost[m];
            }
        }
        for (std::size_t c2 = 0; c2 < total.over_limits.size(); ++c2) {
            total.over_limits[c2] += c.over_limits[c2];
            total.at_mean[c2] += c.at_mean[c2];
        }
    };
    auto work = [&] {
        Replayer r(log, result.columns, opt);
        for (std::size_t b; (b = next_block.fetch_add(1)) < blocks;) {
            if (b > failed_block.load()) break;
            try {
                Cells c = r.block(b);
                std::lock_guard<std::mutex> lock(mutex);
                pending[b] = std::move(c);
                while (next_to_merge < blocks && pending[next_to_merge]) {
                    merge(*pending[next_to_merge]);
                    pending[next_to_merge].reset();
                    ++next_to_merge;
                    if (opt.progress) opt.progress(std::min(log.rows(), next_to_merge * kReplayBlockRows), log.rows());
                }
            } catch (...) {
                errors[b] = std::current_exception();
                std::size_t cur = failed_block.load();
                while (b < cur && !failed_block.compare_exchange_weak(cur, b)) {}
            }
        }
    };
    if (threads == 1) {
        work();
    } else {
        std::vector<std::thread> pool;
        for (std::size_t k = 0; k < threads; ++k) pool.emplace_back(work);
        for (auto& th : pool) th.join();
    }
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);

    // Cells in a stable order, with their currencies and reporting amounts.
    std::vector<ReplayCell> cells;
    cells.reserve(total.acc.size());
    std::map<std::pair<std::string, std::int32_t>, FxConversion> rates;
    for (const auto& [k, a] : total.acc) {
        ReplayCell c;
        c.column = k.column;
        c.day = static_cast<std::int32_t>(k.cls & kMaxDay);
        c.group = static_cast<std::int32_t>(k.cls >> 18 & ((1u << 22) - 1));
        c.offering = static_cast<std::int32_t>(k.cls >> 40 & ((1u << 14) - 1)) - 1;
        c.tier = static_cast<ServiceTier>(k.cls >> 54 & 7u);
        c.scope = static_cast<std::int32_t>(k.cls >> 57 & 31u) - 1;
        c.version = k.version;
        c.rows = a.rows;
        c.requests = a.requests;
        c.rows_unknown_requests = a.unknown;
        c.quantity = a.qty;
        c.cost = a.cost;
        for (const double x : a.cost) c.total += x;
        const Offering* by = result.columns[static_cast<std::size_t>(k.column)];
        if (!by) by = log.offerings[static_cast<std::size_t>(c.offering)];
        c.currency = by->versions[static_cast<std::size_t>(c.version)].currency;
        if (opt.reporting_currency) {
            const auto key = std::make_pair(c.currency.code(), c.day);
            auto it = rates.find(key);
            if (it == rates.end())
                it = rates.emplace(key, opt.fx->conversion(c.currency, *opt.reporting_currency,
                                                           Date(std::chrono::days(c.day)))).first;
            c.fx_rate = it->second.rate;
            c.fx_rate_date = it->second.rate_date;
            c.reporting_total = c.total * c.fx_rate;
        }
        cells.push_back(c);
    }
    std::sort(cells.begin(), cells.end(), [](const ReplayCell& a, const ReplayCell& b) {
        return std::tie(a.column, a.day, a.group, a.offering, a.tier, a.scope, a.version) <
               std::tie(b.column, b.day, b.group, b.offering, b.tier, b.scope, b.version);
    });
    result.cells = std::move(cells);
    result.rows_over_limits = total.over_limits;
    result.rows_tiered_at_mean = total.at_mean;
    return result;
}

}  // namespace infercost
