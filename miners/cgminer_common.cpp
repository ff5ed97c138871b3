#include "miners/cgminer_common.hpp"

#include <cmath>

#include "miners/json_read.hpp"

namespace sw::miners::detail {

namespace {

std::optional<double> unit_to_ghs(std::string_view unit) noexcept {
    if (iequals(unit, "KHS")) {
        return 1e-6;
    }
    if (iequals(unit, "MHS")) {
        return 1e-3;
    }
    if (iequals(unit, "GHS")) {
        return 1.0;
    }
    if (iequals(unit, "THS")) {
        return 1e3;
    }
    return std::nullopt;
}

/// "30s" -> 30; anything else nullopt.
std::optional<int> seconds_window(std::string_view window) noexcept {
    if (window.size() < 2 || window.size() > 6 || window.back() != 's') {
        return std::nullopt;
    }
    int n = 0;
    for (std::size_t i = 0; i + 1 < window.size(); ++i) {
        if (window[i] < '0' || window[i] > '9') {
            return std::nullopt;
        }
        n = n * 10 + (window[i] - '0');
    }
    return n;
}

std::optional<double>* window_slot(hashrate_figures& r, std::string_view window) noexcept {
    if (window == "av") {
        return &r.avg_total;
    }
    if (window == "1m") {
        return &r.avg_1m;
    }
    if (window == "5m") {
        return &r.avg_5m;
    }
    if (window == "10m") {
        return &r.avg_10m;
    }
    if (window == "15m") {
        return &r.avg_15m;
    }
    if (window == "1h" || window == "60m") {
        return &r.avg_1h;
    }
    if (window == "24h" || window == "1d") {
        return &r.avg_24h;
    }
    return nullptr;
}

} // namespace

parse_error cgminer_error(parse_errc code, std::string_view command, const std::string& text) {
    return parse_error{code, "cgminer " + std::string(command) + ": " + text, {}, {}};
}

tl::expected<section_items, parse_error>
section(const cgminer_reply& reply, std::string_view command, std::string_view key) {
    const json* value = member(reply.root, key);
    if (!value) {
        return tl::unexpected(cgminer_error(
            parse_errc::missing_key, command, "reply has no " + std::string(key) + " section"));
    }
    section_items items;
    if (value->is_object()) {
        items.push_back(value);
        return items;
    }
    if (!value->is_array()) {
        return tl::unexpected(cgminer_error(
            parse_errc::bad_shape, command, std::string(key) + " is " + quote_value(*value)));
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
        const json& item = (*value)[i];
        if (!item.is_object()) {
            return tl::unexpected(
                cgminer_error(parse_errc::bad_shape,
                              command,
                              std::string(key) + "[" + std::to_string(i) + "] is not an object"));
        }
        items.push_back(&item);
    }
    return items;
}

std::optional<double> sensor_temp(std::optional<double> t) noexcept {
    return (t && std::isfinite(*t) && *t > 0.0) ? t : std::nullopt;
}

void keep_max(std::optional<double>& slot, std::optional<double> value) noexcept {
    if (value && (!slot || *value > *slot)) {
        slot = value;
    }
}

rate_scan read_rates(const json& object, hashrate_figures& rates) {
    rate_scan scan;
    std::optional<int> now_window;
    for (const auto& [key, value] : object.items()) {
        const std::size_t space = key.find(' ');
        if (space == std::string::npos) {
            continue;
        }
        const auto scale = unit_to_ghs(std::string_view(key).substr(0, space));
        if (!scale) {
            continue;
        }
        const std::string_view window = std::string_view(key).substr(space + 1);
        const auto seconds = seconds_window(window);
        std::optional<double>* slot = seconds ? &rates.now : window_slot(rates, window);
        if (!slot) {
            continue;
        }
        scan.any_key = true;
        const auto number = as_number(value);
        if (!number || *number < 0.0) {
            if (!scan.bad_key) {
                scan.bad_key = key + " = " + quote_value(value);
            }
            continue;
        }
        scan.any_value = true;
        if (seconds) {
            if (now_window && *now_window <= *seconds) {
                continue; // keep the shortest interval as "now"
            }
            now_window = seconds;
        } else if (*slot) {
            continue; // MHS and GHS of the same window: the first one read stays
        }
        *slot = *number * *scale;
    }
    return scan;
}

void apply_antminer_type(std::string_view type, miner_reading& reading) {
    std::string_view t = trim(type);
    if (t.empty()) {
        return;
    }
    std::optional<std::string> firmware;
    const std::size_t paren = t.find(" (");
    if (paren != std::string_view::npos && t.back() == ')') {
        firmware = std::string(trim(t.substr(paren + 2, t.size() - paren - 3)));
        t = trim(t.substr(0, paren));
    }
    if (istarts_with(t, "Antminer ")) {
        if (!reading.make) {
            reading.make = "Antminer";
        }
        t = trim(t.substr(9));
    }
    if (!reading.model && !t.empty()) {
        reading.model = std::string(t);
    }
    if (!reading.firmware && firmware && !firmware->empty()) {
        reading.firmware = firmware;
    }
}

void apply_description_hints(const cgminer_status& status, miner_reading& reading) {
    const std::string& d = status.description;
    if (icontains(d, "bosminer") || icontains(d, "boser")) {
        if (!reading.make) {
            reading.make = "Braiins";
        }
        if (!reading.firmware) {
            reading.firmware = d;
        }
    } else if (icontains(d, "btminer") && !reading.make) {
        reading.make = "Whatsminer";
    }
}

} // namespace sw::miners::detail
