// Dates, instants and fixed UTC offsets. Price rules are written on a stated clock (a UTC offset such
// as +08:00), so no time-zone database is needed and results never depend on the machine's zone.
#pragma once

#include "infercost/export.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace infercost {

using Timestamp = std::chrono::sys_seconds;  // an instant, UTC
using Date = std::chrono::sys_days;           // a calendar day

// A fixed offset from UTC, in minutes (+480 for UTC+08:00).
struct INFERCOST_API UtcOffset {
    int minutes = 0;
    friend bool operator==(UtcOffset, UtcOffset) = default;
};

// "YYYY-MM-DD"; throws InputError on anything else or on an impossible date.
INFERCOST_API Date parse_date(std::string_view text);
// "YYYY-MM-DD" (midnight UTC), "YYYY-MM-DDTHH:MM[:SS]" followed by "Z" or "+HH:MM"/"-HH:MM";
// a space may stand for the "T". A date-time with no zone is refused: it would be a guess.
INFERCOST_API Timestamp parse_timestamp(std::string_view text);
// "+08:00", "-05:00", "+0530", "Z", "UTC", "UTC+8".
INFERCOST_API UtcOffset parse_utc_offset(std::string_view text);
// "HH:MM" as minutes after midnight; "24:00" is allowed as an end of day.
INFERCOST_API int parse_clock(std::string_view text);
// Minutes after midnight (0..1440) as "HH:MM", the form parse_clock reads.
INFERCOST_API std::string format_clock(int minutes);
// "mon".."sun" (also full English names), case-insensitive.
INFERCOST_API std::chrono::weekday parse_weekday(std::string_view text);

INFERCOST_API std::string format_date(Date d);
INFERCOST_API std::string format_timestamp(Timestamp t);  // "2026-08-16T16:00:00Z"
INFERCOST_API std::string format_utc_offset(UtcOffset o); // "+08:00"

// The local calendar day and minute of the day of an instant on a clock with the given offset.
struct INFERCOST_API LocalTime {
    Date date;
    int minute_of_day;  // 0..1439
    std::chrono::weekday weekday() const { return std::chrono::weekday(date); }
};
INFERCOST_API LocalTime to_local(Timestamp t, UtcOffset offset);

// The first instant of a date on a clock with the given offset.
INFERCOST_API Timestamp start_of_day(Date d, UtcOffset offset);

// First day of the month `months` months after the month of `d` (d itself need not be a first).
INFERCOST_API Date add_months(Date d, int months);

}  // namespace infercost
