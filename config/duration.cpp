// parse_duration / format_duration: durations are exact whole milliseconds, so a value read
// and written back is the same value.

#include <array>
#include <cstdint>
#include <string>

#include "config/config.hpp"
#include "config/text.hpp"

namespace sw::config {

namespace {

struct unit {
    std::string_view name;
    std::int64_t ms;
};

constexpr std::array<unit, 4> units{{{"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}}};

// 12 integer digits of hours still fit in int64 milliseconds (3.6e18 < 9.2e18).
constexpr std::size_t max_integer_digits = 12;
// Any more fraction digits than this cannot land on a whole millisecond for any unit.
constexpr std::size_t max_fraction_digits = 9;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::int64_t to_int(std::string_view digits) {
    std::int64_t value = 0;
    for (const char c : digits) {
        value = value * 10 + (c - '0');
    }
    return value;
}

tl::expected<duration, std::string> parse(std::string_view text) {
    auto refuse = [&](std::string_view detail) {
        std::string message = detail::quoted(text) + " is not a duration: ";
        if (!detail.empty()) {
            message.append(detail).append("; ");
        }
        return tl::unexpected(message.append(detail::duration_hint));
    };
    if (!text.empty() && text.front() == '-') {
        return refuse("a duration cannot be negative");
    }
    std::size_t i = 0;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    std::string_view whole = text.substr(0, i);
    std::string_view fraction;
    if (i < text.size() && text[i] == '.') {
        const std::size_t start = ++i;
        while (i < text.size() && is_digit(text[i])) {
            ++i;
        }
        fraction = text.substr(start, i - start);
        if (fraction.empty()) {
            return refuse("");
        }
    }
    if (whole.empty()) {
        return refuse("");
    }
    const std::string_view unit_name = text.substr(i);
    if (unit_name.empty()) {
        return refuse("");
    }
    const unit* found = nullptr;
    for (const auto& u : units) {
        if (u.name == unit_name) {
            found = &u;
        }
    }
    if (found == nullptr) {
        return refuse("unknown unit " + detail::quoted(unit_name) + " (use ms, s, m or h)");
    }
    whole.remove_prefix(std::min(whole.find_first_not_of('0'), whole.size()));
    fraction = fraction.substr(0, fraction.find_last_not_of('0') + 1);
    if (whole.size() > max_integer_digits) {
        return refuse("it is too large");
    }
    std::int64_t ms = to_int(whole) * found->ms;
    if (fraction.size() > max_fraction_digits) {
        return refuse("it is not a whole number of milliseconds");
    }
    std::int64_t scale = 1;
    for (std::size_t k = 0; k < fraction.size(); ++k) {
        scale *= 10;
    }
    const std::int64_t part = to_int(fraction) * found->ms; // 0 when there is no fraction
    if (part % scale != 0) {
        return refuse("it is not a whole number of milliseconds");
    }
    ms += part / scale;
    return duration{ms};
}

} // namespace

tl::expected<duration, std::string> parse_duration(std::string_view text) noexcept {
    try {
        return parse(text);
    } catch (...) {
        // Only allocation can fail here; an empty message does not allocate.
        return tl::unexpected(std::string{});
    }
}

std::string format_duration(duration d) {
    const std::int64_t ms = d.count();
    for (const auto& u : units) {
        if (ms != 0 && ms % u.ms == 0) {
            return std::to_string(ms / u.ms) + std::string(u.name);
        }
    }
    return "0ms";
}

} // namespace sw::config
