// Ranges instead of one number: Monte Carlo over a scenario's uncertain inputs, and which inputs move the savings.
//
// A scenario's comparison is taken apart, once, into the parts each uncertain input acts on: for every option and
// month, a cost per request that is affine in the cache, cache-write and reasoning shares and the web searches per
// request and linear in the output length; a volume that scales with the stated volume and the growth; the cache
// storage and one-off costs beside them; and a factor for a price change or an exchange rate. The parts are priced
// by the comparison engine itself, and the decomposition is checked against it at the corners of the inputs'
// ranges before any sample is drawn, so a draw costs a few multiply-adds instead of a comparison. Options whose cost
// is not affine in the inputs (a self-hosted plan steps with whole replicas) are priced by the engine at every draw.
#pragma once

#include "infercost/export.hpp"

#include "infercost/core/fx.hpp"
#include "infercost/core/time.hpp"
#include "infercost/scenario/scenario.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace infercost {

// The sample counts a run accepts, and the memory its samples may take, before anything is allocated.
inline constexpr std::uint64_t kMaxSamples = 50'000'000;
inline constexpr double kMaxSampleBytes = 8.0 * 1024 * 1024 * 1024;
// The most samples of a scenario with options the engine prices draw by draw (a comparison each).
inline constexpr std::uint64_t kMaxReplannedSamples = 100'000;
// The probabilities the ranges are given at.
inline constexpr double kRangeQuantiles[] = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
inline constexpr std::size_t kRangeQuantileCount = 7;

// The paths an uncertain input may name, with what each stands for (docs/uncertainty.md).
struct INFERCOST_API InputPath {
    std::string pattern;      // "workload.cached_share", "price_change.<option>", "fx.<currency>"
    std::string meaning;
};
INFERCOST_API const std::vector<InputPath>& uncertain_input_paths();

struct INFERCOST_API MonteCarloOptions {
    std::uint64_t samples = 10'000;
    std::uint64_t seed = 1;
    unsigned threads = 0;    // 0: every core; results do not depend on it
    bool monthly = true;     // also the ranges of each month's cost (the projection's fan)
    bool keep_samples = true;
};

struct INFERCOST_API Estimate {
    double value = 0;
    double standard_error = 0;
};

// A range of one quantity over the samples: mean, spread and the quantiles at kRangeQuantiles, each with its
// Monte Carlo standard error (of a quantile: from the distribution-free 95% interval of the order statistics).
struct INFERCOST_API Range {
    Estimate mean;
    double sd = 0;
    std::vector<Estimate> quantiles;
    double min = 0, max = 0;
};

struct INFERCOST_API MonteCarloResult {
    std::string scenario;
    std::vector<std::string> inputs;        // the uncertain inputs' paths
    std::vector<std::string> distributions; // and what was stated of them
    std::vector<std::string> options;       // the options' labels, the baseline among them
    std::size_t baseline = 0;
    Currency currency{"USD"};
    std::uint64_t samples = 0;
    std::uint64_t seed = 0;
    Period period;
    std::vector<double> nominal_per_year;   // per option: the comparison at the stated values
    std::vector<Range> per_year;            // per option: the cost per year
    std::vector<Range> saving_per_year;     // per option: the baseline's cost minus the option's (zero for the baseline)
    std::vector<Estimate> probability_cheaper;  // per option: P(cheaper than the baseline)
    // A comparison per task: per option, the cost per successful task as stated and its range (else empty).
    std::vector<double> nominal_per_successful_task;
    std::vector<Range> per_successful_task;
    // The scenario's claim: its candidate, the claimed saving per year and P(saving >= claim).
    std::optional<std::size_t> claim_option;
    double claimed_saving = 0;
    Estimate probability_claim;
    std::vector<Date> months;
    // With MonteCarloOptions::monthly: [option][month][quantile] at kRangeQuantiles, and the mean [option][month].
    std::vector<std::vector<std::vector<double>>> monthly_quantiles;
    std::vector<std::vector<double>> monthly_mean;
    // With keep_samples: the drawn inputs (samples x inputs, row-major) and each option's cost per year
    // (options x samples, row-major).
    std::vector<double> input_samples;
    std::vector<double> per_year_samples;
    std::vector<std::string> notes;
};

// Draws the scenario's uncertain inputs and prices each draw: API options through the decomposition; self-hosted and
// hybrid options, and every option of a comparison per task or with credits or a committed spend, through the engine
// at every draw (a comparison each, at most kMaxReplannedSamples draws). InputError before any memory is taken for a
// scenario without uncertain inputs, a sample count outside the limits or whose samples would pass kMaxSampleBytes,
// an input path that names nothing in the scenario, or a distribution that can draw a value outside its input's range
// (a share above 1, a negative volume).
INFERCOST_API MonteCarloResult monte_carlo(const Scenario& s, const Catalog& catalog, const MonteCarloOptions& options = {});

// The decomposition a run prices (see the top of this header), for inspection and for an independent implementation
// (the benchmark's numpy one). A sample's cost per year of option o is
//   per_year * sum_m [one_off[o][m] + factor_o * (volume * growth_m * sum_f phi_f * coefficients[o][f][m] + storage[o][m])]
// with phi_0 = 1; phi_f = x_i - stated_i for an affine input i (times the output scale s = x / stated for the
// reasoning share); the last feature s - 1 when the output length is uncertain; volume = x / stated of the volume
// input; growth_m = (1 + x)^m (monthly) or (1 + x)^(m/12) (yearly) over the stated growth's factor; and factor_o the
// product of (1 + x) over its price changes and stated / x over its exchange rates.
struct INFERCOST_API Decomposition {
    std::vector<std::string> inputs;
    std::vector<std::string> roles;   // "volume", "affine", "reasoning_share", "output_mean", "growth_yearly",
                                      // "growth_monthly", "price_change", "fx"
    std::vector<double> stated;
    std::vector<int> feature_input;   // per feature: the input it comes from (-1: the constant)
    std::vector<std::string> options;
    std::size_t months = 0;
    std::vector<double> coefficients;  // options x features x months
    std::vector<double> storage, one_off;  // options x months
    std::vector<std::vector<std::size_t>> factor_inputs;  // per option
    std::vector<double> growth_stated;  // per month
    double per_year = 1;
};
INFERCOST_API Decomposition decompose(const Scenario& s, const Catalog& catalog);

// One-at-a-time swings: each input between its p10 and p90 with the others at their medians.
struct INFERCOST_API TornadoBar {
    std::string input;
    double low_value = 0, high_value = 0;        // the input's p10 and p90
    double saving_at_low = 0, saving_at_high = 0;  // the candidate's saving per year there
    double swing = 0;                            // |saving_at_high - saving_at_low|
};
// In a comparison per task the tornado's saving is per successful task (the baseline's cost per successful task less
// the candidate's), so that a success rate moves it; otherwise per year.
struct INFERCOST_API Tornado {
    std::string measure = "per year";  // what the saving is of: "per year", or "per successful task" with tasks
    std::string candidate;
    std::string baseline;
    Currency currency{"USD"};
    double base_saving = 0;  // every input at its median
    std::vector<TornadoBar> bars;  // widest swing first
};
// `candidate`: an option's label or offering id; empty: the claim's candidate, else the cheapest option at the
// medians that is not the baseline.
INFERCOST_API Tornado tornado(const Scenario& s, const Catalog& catalog, const std::string& candidate = "");

// One input swept across values with the others at their medians: each option's saving per year at each value.
struct INFERCOST_API Sweep {
    std::string input;
    std::vector<double> values;
    std::vector<std::string> options;
    std::size_t baseline = 0;
    Currency currency{"USD"};
    std::vector<std::vector<double>> saving_per_year;  // [option][value]
};
// `values` empty: `points` values evenly spaced from the input's p1 to its p99.
INFERCOST_API Sweep sweep(const Scenario& s, const Catalog& catalog, const std::string& input,
                          std::vector<double> values = {}, int points = 21);

}  // namespace infercost
