// A workload fitted to a usage log, so that a scenario starts from real traffic, with how well the fit matches.
#pragma once

#include "infercost/export.hpp"
#include "infercost/demand/calendar.hpp"
#include "infercost/demand/workload.hpp"
#include "infercost/logs/replay.hpp"

#include <cstddef>
#include <vector>

namespace infercost {

// Observed against fitted for one token length: the log's requests against the fitted distribution.
struct INFERCOST_API LengthFit {
    double observed_mean = 0, fitted_mean = 0;
    double observed_p50 = 0, fitted_p50 = 0;
    double observed_p90 = 0, fitted_p90 = 0;
    double observed_p99 = 0, fitted_p99 = 0;
};

struct INFERCOST_API LogProfile {
    Workload workload;  // volume, lengths, shares, hourly and weekday shape on the profile's clock; no growth
    Date first_day{}, last_day{};  // on the profile's clock, both included
    int days = 0;
    double rows = 0, requests = 0;
    double aggregated_requests = 0;   // requests in rows that sum several: their lengths are known only as means
    // Per local hour, first_day 00:00 to the end of last_day; a bucket longer than an hour is spread evenly over it.
    std::vector<double> hourly_requests;
    // How well the hour-by-weekday shape explains the hours: 1 - SSE/SST over the observed hours (R squared),
    // and the mean absolute error of the fitted hours as a share of the mean hour.
    double shape_r2 = 0, shape_mae_share = 0;
    LengthFit input, output;
    // Growth of the daily volume, adjusted for the weekday shape: a compound monthly rate fitted by least squares
    // on the logarithm of the days' requests, with its standard error. Reported, not put into the workload: a
    // month of traffic says little about next year.
    double growth_per_month = 0, growth_standard_error = 0;
    bool growth_fitted = false;  // needs at least 14 days
};

// Rows with an unknown number of requests are refused (the volume would be a guess). InputError for an empty log.
INFERCOST_API LogProfile profile_log(const UsageLog& log, UtcOffset clock = {});

}  // namespace infercost
