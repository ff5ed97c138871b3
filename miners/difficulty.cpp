#include "miners/difficulty.hpp"

#include <charconv>
#include <cmath>

#include "miners/json_read.hpp"

namespace sw::miners {

namespace {

std::optional<double> suffix_scale(char c) noexcept {
    switch (c) {
    case 'k':
    case 'K':
        return 1e3;
    case 'M':
        return 1e6;
    case 'G':
        return 1e9;
    case 'T':
        return 1e12;
    case 'P':
        return 1e15;
    case 'E':
        return 1e18;
    default:
        return std::nullopt;
    }
}

} // namespace

std::optional<double> parse_difficulty(std::string_view text) noexcept {
    std::string_view s = trim(text);
    if (!s.empty() && s.front() == '+') {
        s.remove_prefix(1);
    }
    double value = 0.0;
    // from_chars takes the longest number: "2E" stops before the E, which is then the suffix.
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || !std::isfinite(value) || value < 0.0) {
        return std::nullopt;
    }
    std::string_view rest = trim(s.substr(static_cast<std::size_t>(end - s.data())));
    if (rest.empty()) {
        return value;
    }
    if (rest.size() != 1) {
        return std::nullopt;
    }
    const auto scale = suffix_scale(rest.front());
    if (!scale) {
        return std::nullopt;
    }
    const double scaled = value * *scale;
    return std::isfinite(scaled) ? std::optional<double>(scaled) : std::nullopt;
}

std::optional<double> difficulty_from_json(const nlohmann::json& value) noexcept {
    if (value.is_string()) {
        return parse_difficulty(std::string_view(value.get_ref<const std::string&>()));
    }
    if (!value.is_number()) {
        return std::nullopt;
    }
    const auto d = as_number(value);
    return (d && *d >= 0.0) ? d : std::nullopt;
}

} // namespace sw::miners
