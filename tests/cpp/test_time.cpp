#include "helpers.hpp"

#include <doctest/doctest.h>

using namespace infercost;
using namespace std::chrono;

TEST_CASE("dates and date-times parse strictly") {
    CHECK(format_date(parse_date("2026-08-16")) == "2026-08-16");
    CHECK(format_timestamp(parse_timestamp("2026-08-16T16:00:00Z")) == "2026-08-16T16:00:00Z");
    // 00:30 at +08:00 is 16:30 the day before in UTC.
    CHECK(format_timestamp(parse_timestamp("2025-02-27T00:30+08:00")) == "2025-02-26T16:30:00Z");
    CHECK(format_timestamp(parse_timestamp("2025-02-27")) == "2025-02-27T00:00:00Z");
    CHECK(format_timestamp(parse_timestamp("2026-07-24T18:23:43.215560+00:00")) == "2026-07-24T18:23:43Z");
    CHECK_THROWS_AS(parse_date("2026-02-30"), InputError);
    CHECK_THROWS_AS(parse_date("2026/02/01"), InputError);
    CHECK_THROWS_AS(parse_date("26-02-01"), InputError);
    // A time without a zone would be a guess.
    CHECK_THROWS_WITH_AS(parse_timestamp("2026-08-16T16:00"), doctest::Contains("zone"), InputError);
}

TEST_CASE("UTC offsets, clocks and weekdays") {
    CHECK(parse_utc_offset("+08:00").minutes == 480);
    CHECK(parse_utc_offset("-05:00").minutes == -300);
    CHECK(parse_utc_offset("+0530").minutes == 330);
    CHECK(parse_utc_offset("UTC+8").minutes == 480);
    CHECK(parse_utc_offset("Z").minutes == 0);
    CHECK_THROWS_AS(parse_utc_offset("+15:00"), InputError);
    CHECK_THROWS_AS(parse_utc_offset("Asia/Shanghai"), InputError);
    CHECK(parse_clock("16:30") == 990);
    CHECK(parse_clock("24:00") == 1440);
    CHECK_THROWS_AS(parse_clock("24:30"), InputError);
    // And back: 990 minutes = 16 h 30 min; 65 = 1 h 5 min; the end of the day is written 24:00.
    CHECK(format_clock(990) == "16:30");
    CHECK(format_clock(65) == "01:05");
    CHECK(format_clock(1440) == "24:00");
    CHECK(parse_weekday("Mon") == Monday);
    CHECK(parse_weekday("sunday") == Sunday);
    CHECK_THROWS_AS(parse_weekday("funday"), InputError);
    CHECK(format_utc_offset(UtcOffset{-330}) == "-05:30");
}

TEST_CASE("local time on a clock") {
    // 2026-08-16T16:00Z is 2026-08-17 00:00 in Beijing (+08:00), a Monday.
    const LocalTime lt = to_local(parse_timestamp("2026-08-16T16:00:00Z"), UtcOffset{480});
    CHECK(format_date(lt.date) == "2026-08-17");
    CHECK(lt.minute_of_day == 0);
    CHECK(lt.weekday() == Monday);
    CHECK(format_timestamp(start_of_day(parse_date("2026-08-17"), UtcOffset{480})) == "2026-08-16T16:00:00Z");
}
