#include "infercost/core/time.hpp"

#include "infercost/core/error.hpp"

#include <cctype>
#include <cstdio>
#include <string>

namespace infercost {
namespace {

using namespace std::chrono;

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

[[noreturn]] void bad(std::string_view what, std::string_view text, std::string_view expected) {
    throw InputError("'" + std::string(text) + "' is not a valid " + std::string(what) + "; expected " +
                     std::string(expected));
}

}  // namespace

Date parse_date(std::string_view text) {
    constexpr std::string_view expected = "a date written YYYY-MM-DD";
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
        !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2)))
        bad("date", text, expected);
    year_month_day ymd{year(to_int(text.substr(0, 4))), month(static_cast<unsigned>(to_int(text.substr(5, 2)))),
                       day(static_cast<unsigned>(to_int(text.substr(8, 2))))};
    if (!ymd.ok()) bad("date", text, "a day that exists in the calendar");
    return sys_days(ymd);
}

UtcOffset parse_utc_offset(std::string_view text) {
    constexpr std::string_view expected = "a UTC offset such as +08:00, -05:00 or Z";
    std::string_view s = text;
    if (s == "Z" || s == "UTC" || s == "utc") return UtcOffset{0};
    if (s.size() > 3 && (s.substr(0, 3) == "UTC" || s.substr(0, 3) == "utc")) s = s.substr(3);
    if (s.empty() || (s[0] != '+' && s[0] != '-')) bad("UTC offset", text, expected);
    const int sign = s[0] == '-' ? -1 : 1;
    s = s.substr(1);
    int hours = 0;
    int minutes = 0;
    if (s.size() == 5 && s[2] == ':' && all_digits(s.substr(0, 2)) && all_digits(s.substr(3, 2))) {
        hours = to_int(s.substr(0, 2));
        minutes = to_int(s.substr(3, 2));
    } else if (s.size() == 4 && all_digits(s)) {
        hours = to_int(s.substr(0, 2));
        minutes = to_int(s.substr(2, 2));
    } else if ((s.size() == 1 || s.size() == 2) && all_digits(s)) {
        hours = to_int(s);
    } else {
        bad("UTC offset", text, expected);
    }
    if (hours > 14 || minutes > 59) bad("UTC offset", text, "an offset between -14:00 and +14:00");
    return UtcOffset{sign * (hours * 60 + minutes)};
}

std::string format_clock(int minutes) {
    char b[24];
    std::snprintf(b, sizeof b, "%02d:%02d", minutes / 60, minutes % 60);
    return b;
}

int parse_clock(std::string_view text) {
    if (text.size() != 5 || text[2] != ':' || !all_digits(text.substr(0, 2)) || !all_digits(text.substr(3, 2)))
        bad("time of day", text, "HH:MM");
    const int h = to_int(text.substr(0, 2));
    const int m = to_int(text.substr(3, 2));
    if (m > 59 || h > 24 || (h == 24 && m != 0)) bad("time of day", text, "a time between 00:00 and 24:00");
    return h * 60 + m;
}

Timestamp parse_timestamp(std::string_view text) {
    constexpr std::string_view expected = "YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z (or with +HH:MM)";
    if (text.size() == 10) return sys_seconds(parse_date(text));
    if (text.size() < 16 || (text[10] != 'T' && text[10] != ' ')) bad("date-time", text, expected);
    const Date d = parse_date(text.substr(0, 10));
    std::string_view rest = text.substr(11);
    if (rest.size() < 5) bad("date-time", text, expected);
    const int hm = parse_clock(rest.substr(0, 5));
    int seconds = 0;
    rest = rest.substr(5);
    if (!rest.empty() && rest[0] == ':') {
        if (rest.size() < 3 || !all_digits(rest.substr(1, 2))) bad("date-time", text, expected);
        seconds = to_int(rest.substr(1, 2));
        if (seconds > 59) bad("date-time", text, expected);
        rest = rest.substr(3);
        // Fractions of a second are accepted and dropped: prices change on whole seconds at most.
        if (!rest.empty() && rest[0] == '.') {
            std::size_t i = 1;
            while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
            if (i == 1) bad("date-time", text, expected);
            rest = rest.substr(i);
        }
    }
    if (rest.empty()) bad("date-time", text, "a date-time with its zone (Z or +HH:MM); a time without one is ambiguous");
    const UtcOffset off = parse_utc_offset(rest);
    return sys_seconds(d) + minutes(hm) + std::chrono::seconds(seconds) - minutes(off.minutes);
}

weekday parse_weekday(std::string_view text) {
    std::string s;
    for (char c : text) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const char* names[7][2] = {{"sun", "sunday"},   {"mon", "monday"}, {"tue", "tuesday"},
                                      {"wed", "wednesday"}, {"thu", "thursday"}, {"fri", "friday"},
                                      {"sat", "saturday"}};
    for (unsigned i = 0; i < 7; ++i)
        if (s == names[i][0] || s == names[i][1]) return weekday(i);
    bad("weekday", text, "mon, tue, wed, thu, fri, sat or sun");
}

std::string format_date(Date d) {
    const year_month_day ymd(d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::string format_timestamp(Timestamp t) {
    const Date d = floor<days>(t);
    const auto s = (t - sys_seconds(d)).count();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lldZ", format_date(d).c_str(),
                  static_cast<long long>(s / 3600), static_cast<long long>((s / 60) % 60),
                  static_cast<long long>(s % 60));
    return buf;
}

std::string format_utc_offset(UtcOffset o) {
    const int a = o.minutes < 0 ? -o.minutes : o.minutes;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", o.minutes < 0 ? '-' : '+', a / 60, a % 60);
    return buf;
}

LocalTime to_local(Timestamp t, UtcOffset offset) {
    const auto local = t + minutes(offset.minutes);
    const Date d = floor<days>(local);
    return LocalTime{d, static_cast<int>(duration_cast<minutes>(local - sys_seconds(d)).count())};
}

Timestamp start_of_day(Date d, UtcOffset offset) { return sys_seconds(d) - minutes(offset.minutes); }

Date add_months(Date d, int months) {
    const year_month_day ymd(d);
    const year_month ym = year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
    return sys_days(ym / day(1));
}

}  // namespace infercost
