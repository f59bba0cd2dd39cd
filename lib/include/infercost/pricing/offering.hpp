// Price lists and the pricing of one request.
//
// Usage semantics (see docs/semantics.md): `input` counts the whole prompt, and `cached_input` and
// `cache_write` are parts of it; `output` counts everything generated, and `reasoning` is a part of it.
// No token is ever counted twice.
#pragma once

#include "infercost/export.hpp"
#include "infercost/governance/policy.hpp"
#include "infercost/core/provenance.hpp"
#include "infercost/core/time.hpp"
#include "infercost/core/units.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace infercost {

// What is billed. Token meters are priced per million tokens; `request` and `web_search` per call;
// `cache_storage` per million token-hours of prompt kept in a paid cache.
enum class Meter {
    input,             // prompt tokens neither read from nor written to a cache
    cached_input,      // prompt tokens read from a cache
    cache_write,       // prompt tokens written to a cache with the provider's default retention (Anthropic 5 minutes)
    cache_write_long,  // prompt tokens written with the longer retention (Anthropic 1 hour, OpenAI 12 hours)
    output,            // generated tokens other than reasoning
    reasoning,         // reasoning tokens
    request,           // a fee per request
    web_search,        // a fee per web search or fetch call the request makes
    cache_storage,     // keeping cached prompt tokens, per million token-hours
};
inline constexpr std::size_t kMeterCount = 9;
inline constexpr std::array<Meter, kMeterCount> kAllMeters = {
    Meter::input,     Meter::cached_input, Meter::cache_write, Meter::cache_write_long, Meter::output,
    Meter::reasoning, Meter::request,      Meter::web_search,  Meter::cache_storage};
INFERCOST_API std::string_view meter_name(Meter m);
INFERCOST_API std::optional<Meter> meter_from_name(std::string_view name);
constexpr bool is_token_meter(Meter m) { return m <= Meter::reasoning; }
// The quantity a meter's price is for: a million tokens, one call, or a million token-hours.
constexpr double meter_unit(Meter m) { return m == Meter::request || m == Meter::web_search ? 1.0 : 1e6; }
INFERCOST_API std::string_view meter_unit_name(Meter m);  // "1M tokens", "call", "1M token-hours"

// One optional price per meter, in the price list's currency.
class INFERCOST_API MeterPrices {
public:
    std::optional<double> get(Meter m) const { return v_[static_cast<std::size_t>(m)]; }
    bool has(Meter m) const { return v_[static_cast<std::size_t>(m)].has_value(); }
    void set(Meter m, double price);
    bool empty() const;

private:
    std::array<std::optional<double>, kMeterCount> v_{};
};

enum class TierBasis { whole_request, graduated };
enum class Boundary { greater, greater_equal };  // a level applies when the prompt is > (or >=) its threshold
enum class MissingMeter { base, error };         // what a meter missing from a level is priced at

struct INFERCOST_API TierLevel {
    std::int64_t above = 0;  // threshold in prompt tokens
    MeterPrices prices;
};

// Context tiers chosen per request from the prompt size. The version's own prices are the level from 0.
struct INFERCOST_API ContextTiers {
    TierBasis basis = TierBasis::whole_request;
    Boundary boundary = Boundary::greater;
    bool counts_cached = true;  // do cached and cache-write tokens count toward the threshold?
    MissingMeter missing_meter = MissingMeter::base;
    std::vector<TierLevel> levels;  // ascending thresholds, all above 0
};

// A discount, surcharge or replacement of prices: as a multiplier on some meters, or as override prices.
struct INFERCOST_API PriceAdjustment {
    bool is_override = false;
    double multiplier = 1.0;
    std::vector<Meter> meters;               // meters the multiplier applies to; empty: all token meters
    MeterPrices prices;                      // override prices for the base level
    std::vector<MeterPrices> level_prices;   // override prices per context level (one per level), if any
    // A service tier that gives no cache discount: cached prompt tokens are billed at the tier's input rate
    // (Alibaba's batch calls). Catalog key `cache_discount: false`.
    bool cached_as_input = false;
};

struct INFERCOST_API TimeWindow {
    int start_minute = 0;  // minutes after local midnight
    int end_minute = 0;    // exclusive; an end at or before the start wraps past midnight
};

// Public holidays of one calendar year (pricing/calendars/<id>.yaml).
struct INFERCOST_API HolidayYear {
    int year = 0;
    bool provisional = false;  // the official arrangement is not published; only the days the law fixes are listed
    std::vector<Date> holidays;  // every day off
    std::vector<Date> workdays;  // make-up working days (weekend days that are working days)
    std::string source;
    Date checked{};
    std::string note;
};
struct INFERCOST_API HolidayCalendar {
    std::string id;
    std::string name;
    std::vector<HolidayYear> years;  // ascending, without gaps
};

using HolidayCalendars = std::map<std::string, HolidayCalendar, std::less<>>;

// A holiday calendar a time rule excludes: its days are in the rule's excluded_dates; this says which years
// are known, and which of them only provisionally, so that results over other years can say so.
struct INFERCOST_API CalendarUse {
    std::string id;
    std::string name;
    int first_year = 0;
    int last_year = 0;
    std::vector<int> provisional_years;
};

// A time-of-day rule on its own clock. It applies at an instant when the local date is an included date,
// or when the date is not excluded, the weekday is listed and the time falls in a window.
struct INFERCOST_API TimeRule {
    std::string name;
    UtcOffset utc_offset;
    std::vector<TimeWindow> windows;         // empty: all day
    std::array<bool, 7> weekdays{true, true, true, true, true, true, true};  // indexed Sun=0..Sat=6
    std::vector<Date> excluded_dates;
    std::vector<Date> included_dates;
    std::vector<CalendarUse> excluded_calendars;  // holiday calendars whose days are among excluded_dates
    PriceAdjustment adjustment;

    bool applies_at(Timestamp t) const;
};

// How fast a request is served, as the provider bills it: its standard speed, the batch interface, flex
// (cheaper, may wait), priority (OpenAI's Fast, Gemini Priority), Anthropic's fast mode, OpenAI's Ultrafast.
enum class ServiceTier { standard, batch, flex, priority, fast, ultrafast };
INFERCOST_API std::string_view service_tier_name(ServiceTier t);
INFERCOST_API std::optional<ServiceTier> service_tier_from_name(std::string_view name);

// One effective-dated version of a price list.
struct INFERCOST_API PriceVersion {
    Timestamp effective_from{};
    Currency currency{"USD"};
    std::string source;    // canonical URL of the provider's price page
    std::string read_url;  // the page actually read, where it is not `source` (a copy, an archive); empty if it is
    Date checked{};        // the date the page was read
    Verification verified = Verification::unknown;
    std::string note;
    MeterPrices prices;  // per million tokens; `request` per request
    std::array<std::optional<Meter>, kMeterCount> fallbacks{};  // meter -> meter it is billed as
    std::optional<ContextTiers> tiers;
    std::vector<TimeRule> time_rules;  // the first that applies wins
    std::map<ServiceTier, PriceAdjustment> service_tiers;
    // Serving scopes priced apart from the list's default (regional processing, data residency, a geography):
    // by name, an adjustment applied on top of the service tier (OpenAI's data-residency endpoints +10%,
    // Anthropic's US-only inference x1.1).
    std::map<std::string, PriceAdjustment, std::less<>> scopes;
};

// A model at a provider at a price list, with the list's history.
struct INFERCOST_API Offering {
    std::string id;
    std::string provider;
    std::string model;
    std::string display_name;
    std::optional<std::int64_t> context_window;  // prompt plus output, in tokens
    std::optional<std::int64_t> max_output;      // tokens generated per request at most
    std::vector<std::string> aliases;
    std::string notes;
    std::optional<Timestamp> deprecated;  // the provider announced its end (or the announced shutdown date)
    std::optional<Timestamp> retired;     // the provider stopped serving it at this instant
    std::string successor;                // offering id the provider names as replacement; empty if none
    struct DatedAlias {
        std::string name;
        std::optional<Timestamp> from;   // inclusive
        std::optional<Timestamp> until;  // exclusive
    };
    std::vector<DatedAlias> dated_aliases;  // names that pointed here for a span of time only
    std::vector<PriceVersion> versions;  // ascending effective_from
    std::optional<GovernanceFacts> governance;  // who hosts it and where the data goes (pricing/governance/)

    // The version in force at `t`; InputError if `t` is before the first version or after retirement.
    std::size_t version_index_at(Timestamp t) const;
    const PriceVersion& version_at(Timestamp t) const { return versions[version_index_at(t)]; }
};

// Checks the internal consistency of an offering (what the catalog loader also checks, for offerings
// built in code). Throws InputError naming the offering and what to fix.
INFERCOST_API void validate_offering(const Offering& o);

// Token usage of one request, in infercost's semantics (see the header comment).
struct INFERCOST_API Usage {
    TokenCount input;         // the whole prompt
    TokenCount cached_input;  // part of input read from cache
    TokenCount cache_write;   // part of input written to cache
    TokenCount output;        // everything generated
    TokenCount reasoning;     // part of output spent on reasoning
    TokenCount cache_write_long{};  // part of input written to a cache with the longer retention
    std::int64_t web_searches = 0;  // web search or fetch calls made by the request
    // Throws InputError for negative counts or parts larger than their whole.
    void validate() const;
};

// OpenAI-style usage: prompt_tokens includes cached tokens; completion_tokens includes reasoning tokens.
struct INFERCOST_API OpenAIUsage {
    std::int64_t prompt_tokens = 0;
    std::int64_t cached_tokens = 0;      // prompt_tokens_details.cached_tokens
    std::int64_t completion_tokens = 0;
    std::int64_t reasoning_tokens = 0;   // completion_tokens_details.reasoning_tokens
};
// Anthropic-style usage: input_tokens excludes cache reads and writes; output_tokens includes thinking.
struct INFERCOST_API AnthropicUsage {
    std::int64_t input_tokens = 0;
    std::int64_t cache_read_input_tokens = 0;
    std::int64_t cache_creation_input_tokens = 0;
    std::int64_t output_tokens = 0;
    std::int64_t thinking_tokens = 0;  // if known; part of output_tokens
    // cache_creation.ephemeral_1h_input_tokens: the part of cache_creation_input_tokens written for one hour
    std::int64_t cache_creation_1h_input_tokens = 0;
    std::int64_t web_search_requests = 0;  // server_tool_use.web_search_requests
};
INFERCOST_API Usage from_openai(const OpenAIUsage& u);
INFERCOST_API Usage from_anthropic(const AnthropicUsage& u);

struct INFERCOST_API RequestOptions {
    Timestamp at{};  // when the request is made; selects the version and the time rules
    ServiceTier service_tier = ServiceTier::standard;
    std::string scope;  // a serving scope of the version (PriceVersion::scopes); empty: the list's default
};

struct INFERCOST_API MeterCharge {
    Meter meter;
    double quantity;  // in the meter's unit: tokens, calls or token-hours
    double rate;      // per meter_unit(meter) of them, after all rules
    int level;        // context level that priced it (0 = base)
    Money cost;
};

struct INFERCOST_API PriceBreakdown {
    std::string offering_id;
    std::size_t version_index = 0;
    Timestamp version_from{};
    std::string source;
    Date checked{};
    Currency currency{"USD"};
    int level = 0;  // context level chosen by the prompt size
    std::string time_rule;  // the time rule that applied, empty if none
    ServiceTier service_tier = ServiceTier::standard;
    std::string scope;  // the serving scope priced; empty: the list's default
    std::vector<MeterCharge> charges;
    Money total{0.0, Currency("USD")};

    Money cost_of(Meter m) const;
};

// InputError when a request's prompt plus output exceeds the offering's context window or its output exceeds the
// maximum output: the provider would refuse it, so it has no price.
INFERCOST_API void check_request_limits(const Offering& offering, const Usage& usage);
INFERCOST_API PriceBreakdown price_request(const Offering& offering, const Usage& usage, const RequestOptions& options);

// Prices many requests at once, over memory the caller owns (a numpy array, an Eigen matrix, a vector);
// infercost/pricing/batch.hpp offers the same over Eigen matrices. Each row is one request with the columns
// of kUsageColumnNames (the semantics of Usage): the first five always, the last two where the log has them
// (a log without them made no long cache writes and no web searches). A bad row is refused with its index.
// `unix_seconds` holds one instant for all rows or one per row.
inline constexpr std::size_t kUsageColumns = 7;
inline constexpr std::size_t kBasicUsageColumns = 5;
inline constexpr std::array<std::string_view, kUsageColumns> kUsageColumnNames = {
    "input", "cached_input", "cache_write", "output", "reasoning", "cache_write_long", "web_searches"};

// A read-only view of usage rows: element (i, j) is data[i * row_stride + j * column_stride], strides
// counted in elements, so a row-major, column-major or sliced array is read in place.
struct INFERCOST_API UsageRows {
    const std::int64_t* data = nullptr;
    std::size_t rows = 0;
    std::ptrdiff_t row_stride = static_cast<std::ptrdiff_t>(kBasicUsageColumns);
    std::ptrdiff_t column_stride = 1;
    std::size_t columns = kBasicUsageColumns;  // kBasicUsageColumns or kUsageColumns

    std::int64_t at(std::size_t row, std::size_t column) const noexcept {
        return data[static_cast<std::ptrdiff_t>(row) * row_stride + static_cast<std::ptrdiff_t>(column) * column_stride];
    }
};

// Fills `total` (one value per row) and `by_meter` (rows x kMeterCount, row-major, columns in Meter order)
// and returns the currency of the amounts. InputError if a buffer has the wrong size; CurrencyError if the
// rows fall in price versions of different currencies.
INFERCOST_API Currency price_batch_into(const Offering& offering, const UsageRows& usage,
                                        std::span<const std::int64_t> unix_seconds, ServiceTier tier,
                                        std::span<double> total, std::span<double> by_meter,
                                        std::string_view scope = {});

// The same into vectors the result owns.
struct INFERCOST_API BatchPrices {
    std::vector<double> total;     // per request
    std::vector<double> by_meter;  // rows x kMeterCount, row-major, columns in Meter order
    Currency currency{"USD"};

    std::size_t rows() const noexcept { return total.size(); }
    double cost(std::size_t row, Meter m) const { return by_meter.at(row * kMeterCount + static_cast<std::size_t>(m)); }
};
INFERCOST_API BatchPrices price_batch(const Offering& offering, const UsageRows& usage,
                                      std::span<const std::int64_t> unix_seconds,
                                      ServiceTier tier = ServiceTier::standard, std::string_view scope = {});

// The per-meter rates that apply for one (version, context level, service tier, time rule) combination,
// with fallbacks resolved. A meter with neither a price nor a fallback is empty; using it is an error.
struct INFERCOST_API ResolvedRates {
    std::array<std::optional<double>, kMeterCount> rate{};
    // The rate of `m`, or InputError naming the offering, version and meter if it has none.
    double require(Meter m, const Offering& o, const PriceVersion& v) const;
};
// `scope` names one of the version's serving scopes (empty: the default); InputError listing them otherwise.
INFERCOST_API ResolvedRates resolve_rates(const Offering& o, const PriceVersion& v, int level, ServiceTier tier,
                            const TimeRule* rule, std::string_view scope = {});

// The context levels' thresholds as "greater than" thresholds in prompt tokens: a `>=` boundary at t
// is `>` at t-1. Element 0 belongs to the base level and is 0.
INFERCOST_API std::vector<double> greater_than_thresholds(const PriceVersion& v);

}  // namespace infercost
