#include "tools/fakeminer/json_util.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace sw::fakeminer {

double round_to(double x, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(x * scale) / scale;
}

double quantize(double x, double step) {
    return std::round(x / step) * step;
}

double as_float(double x) {
    return static_cast<double>(static_cast<float>(x));
}

ojson cjson_number(double x) {
    if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 9e15)
        return static_cast<std::int64_t>(x);
    return x;
}

std::string difficulty_string(double value, bool space) {
    static constexpr std::array<const char*, 7> suffixes{"", "K", "M", "G", "T", "P", "E"};
    if (value < 1000)
        return std::to_string(static_cast<long long>(value));
    std::size_t s = 0;
    double scaled = value;
    while (scaled >= 1000 && s + 1 < suffixes.size()) {
        scaled /= 1000;
        ++s;
    }
    // "%.3g" of 999.9 prints "1e+03": real firmware sent "1e+03M"; we move up a suffix instead
    // of reproducing that bug, which no poller could reasonably be asked to parse.
    if (scaled >= 999.5 && s + 1 < suffixes.size()) {
        scaled /= 1000;
        ++s;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, space ? "%.3g %s" : "%.3g%s", scaled, suffixes[s]);
    return buf;
}

std::string hms(std::int64_t seconds) {
    char buf[32];
    std::snprintf(buf,
                  sizeof buf,
                  "%lld:%02lld:%02lld",
                  static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60),
                  static_cast<long long>(seconds % 60));
    return buf;
}

std::int64_t wall_clock_s() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace sw::fakeminer
