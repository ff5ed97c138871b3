// RFC 3339 timestamps. Formatted by hand after gmtime_r: strftime/put_time would consult the
// locale, and broadcasts format one timestamp each.

#include <ctime>

#include "protocol/encode.hpp"

namespace sw::protocol {

namespace {

void put_digits(char* out, int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

} // namespace

std::string format_timestamp(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    // floor, not duration_cast: before 1970 truncation would round towards the epoch.
    const auto in_ms = floor<milliseconds>(t);
    const auto in_s = floor<seconds>(in_ms);
    const auto millis = static_cast<int>((in_ms - in_s).count());
    const std::time_t secs = system_clock::to_time_t(system_clock::time_point{in_s});
    std::tm tm{};
    if (gmtime_r(&secs, &tm) == nullptr) {
        return "1970-01-01T00:00:00.000Z";
    }
    // system_clock counts int64 nanoseconds here, so the year is within 1677..2262 and
    // always fits the four digits RFC 3339 allows.
    std::string out = "0000-00-00T00:00:00.000Z";
    put_digits(out.data(), tm.tm_year + 1900, 4);
    put_digits(out.data() + 5, tm.tm_mon + 1, 2);
    put_digits(out.data() + 8, tm.tm_mday, 2);
    put_digits(out.data() + 11, tm.tm_hour, 2);
    put_digits(out.data() + 14, tm.tm_min, 2);
    put_digits(out.data() + 17, tm.tm_sec, 2);
    put_digits(out.data() + 20, millis, 3);
    return out;
}

} // namespace sw::protocol
