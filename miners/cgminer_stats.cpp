// Readers of stats/estats (Antminer key families, Avalon `MM ID<n>` strings) and of the Braiins
// OS fans/temps commands.

#include <iterator>
#include <map>

#include "miners/avalon_mm.hpp"
#include "miners/cgminer_common.hpp"
#include "miners/cgminer_sections.hpp"
#include "miners/json_read.hpp"

namespace sw::miners {

namespace {

using detail::json;
using result = tl::expected<void, parse_error>;
using mm_fields = std::vector<std::pair<std::string, std::string>>;

/// `key` = prefix + digits -> the digits' value ("fan3" -> 3); else nullopt.
std::optional<int> indexed(std::string_view key, std::string_view prefix) {
    if (key.size() <= prefix.size() || key.size() > prefix.size() + 3
        || key.substr(0, prefix.size()) != prefix) {
        return std::nullopt;
    }
    int n = 0;
    for (const char c : key.substr(prefix.size())) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        n = n * 10 + (c - '0');
    }
    return n;
}

/// The hottest of "61-63-60-62" (S19 temp_chipN / temp_pcbN) or of a plain number.
std::optional<double> hottest(const json& value) {
    if (!value.is_string()) {
        return detail::sensor_temp(as_number(value));
    }
    std::optional<double> best;
    std::string_view s = value.get_ref<const std::string&>();
    while (!s.empty()) {
        const std::size_t dash = s.find('-');
        detail::keep_max(best, detail::sensor_temp(parse_number(s.substr(0, dash))));
        s = dash == std::string_view::npos ? std::string_view{} : s.substr(dash + 1);
    }
    return best;
}

std::optional<double> rate_unit_to_ghs(const std::optional<std::string>& unit) {
    if (!unit) {
        return 1.0; // S9/S19 stock and Vnish omit rate_unit: their rates are GH/s
    }
    if (iequals(*unit, "GH/s")) {
        return 1.0;
    }
    if (iequals(*unit, "MH/s")) {
        return 1e-3;
    }
    if (iequals(*unit, "TH/s")) {
        return 1e3;
    }
    return std::nullopt; // an unknown unit: no expected hashrate rather than a wrong one
}

void read_antminer(const json& item, miner_reading& r) {
    detail::read_rates(item, r.hashrate_ghs);
    if (auto elapsed = integer_at(item, "Elapsed")) {
        r.uptime_s = elapsed;
    }
    if (auto ideal = number_at(item, "total_rateideal")) {
        if (auto scale = rate_unit_to_ghs(text_at(item, "rate_unit"))) {
            r.expected_hashrate_ghs = *ideal * *scale;
        }
    }
    std::map<int, std::int64_t> fans; // chain and fan indices need not be contiguous
    for (const auto& [key, value] : item.items()) {
        if (indexed(key, "temp_chip") || indexed(key, "temp2_") || indexed(key, "temp3_")) {
            detail::keep_max(r.temp_c.chip_max, hottest(value));
        } else if (indexed(key, "temp_pcb") || indexed(key, "temp")) {
            detail::keep_max(r.temp_c.board, hottest(value));
        } else if (auto fan = indexed(key, "fan")) {
            if (auto rpm = as_integer(value); rpm && *rpm >= 0) {
                fans[*fan] = *rpm;
            }
        }
    }
    r.temp_c.asic = r.temp_c.chip_max; // no average is reported: the hottest chip stands in
    // Controllers report every fan slot; fan_num says how many are fitted. Drop idle slots
    // (0 rpm), highest index first, until the count matches; a fitted fan at 0 rpm stays.
    if (auto fitted = integer_at(item, "fan_num"); fitted && *fitted >= 0) {
        for (auto it = fans.end(); it != fans.begin() && std::ssize(fans) > *fitted;) {
            --it;
            it = it->second == 0 ? fans.erase(it) : it;
        }
    }
    const auto pct = number_at(item, "fan_pwm");
    for (const auto& [index, rpm] : fans) {
        r.fans.push_back({rpm, pct});
    }
    if (istarts_with(text_at(item, "ID").value_or(""), "BTM")) {
        r.make = "Antminer";
    }
}

std::optional<double> mm_number(const mm_fields& f, std::string_view key, std::size_t index = 0) {
    const auto value = avalon_mm_value(f, key);
    if (!value) {
        return std::nullopt;
    }
    const auto numbers = avalon_mm_numbers(*value);
    return index < numbers.size() ? std::optional<double>(numbers[index]) : std::nullopt;
}

void add(std::optional<double>& sum, std::optional<double> v) {
    if (v) {
        sum = sum.value_or(0.0) + *v;
    }
}

/// One Avalon module (`MM ID<n>`). Modules of one controller add up: hashrates and power
/// are summed, the hottest readings kept.
void read_avalon_module(const mm_fields& f, miner_reading& r, double& tavg_sum, int& tavg_n) {
    add(r.hashrate_ghs.now, mm_number(f, "GHSspd"));
    add(r.hashrate_ghs.avg_total, mm_number(f, "GHSavg"));
    add(r.expected_hashrate_ghs, mm_number(f, "GHSmm"));
    auto power = mm_number(f, "WALLPOWER");
    if (!power || *power <= 0.0) {
        power = mm_number(f, "PS", 6); // Nano 3s: PSU array, watts at index 6
    }
    if (power && *power > 0.0) {
        add(r.power_w, power);
    }
    detail::keep_max(r.temp_c.chip_max, detail::sensor_temp(mm_number(f, "TMax")));
    if (auto tavg = detail::sensor_temp(mm_number(f, "TAvg"))) {
        tavg_sum += *tavg;
        ++tavg_n;
    }
    for (const char* key : {"Temp", "ITemp"}) { // -273 = no ambient sensor
        if (auto t = mm_number(f, key); t && *t > -100.0 && !r.temp_c.ambient) {
            r.temp_c.ambient = t;
        }
    }
    const auto pct = mm_number(f, "FanR");
    for (int i = 1; i <= 16; ++i) {
        // The bound keeps the cast defined for corrupt values; real fans stay far below.
        if (auto rpm = mm_number(f, "Fan" + std::to_string(i)); rpm && *rpm >= 0.0 && *rpm < 1e9) {
            r.fans.push_back({static_cast<std::int64_t>(*rpm), pct});
        }
    }
    if (auto ver = avalon_mm_value(f, "Ver"); ver && !r.firmware) {
        auto [model, firmware] = split_avalon_version(*ver);
        r.model = model;
        r.firmware = firmware.empty() ? std::nullopt : std::optional<std::string>(firmware);
    }
}

result stats_body(const cgminer_reply& reply, miner_reading& r, std::string_view command) {
    auto items = detail::section(reply, command, "STATS");
    if (!items) {
        return tl::unexpected(std::move(items.error()));
    }
    double tavg_sum = 0.0;
    int tavg_n = 0;
    bool avalon = false;
    for (const json* item : *items) {
        if (istarts_with(text_at(*item, "ID").value_or(""), "POOL")) {
            continue; // per-pool network counters
        }
        if (auto type = text_at(*item, "Type"); type && !member(*item, "STATS")) {
            detail::apply_antminer_type(*type, r); // the version-like first element
            continue;
        }
        bool module = false;
        for (const auto& [key, value] : item->items()) {
            if (key.rfind("MM ID", 0) == 0 && value.is_string()) {
                read_avalon_module(
                    parse_avalon_mm(value.get_ref<const std::string&>()), r, tavg_sum, tavg_n);
                module = true;
            }
        }
        if (module) {
            avalon = true;
            if (!r.uptime_s) {
                r.uptime_s = integer_at(*item, "Elapsed");
            }
        } else {
            read_antminer(*item, r);
        }
    }
    if (avalon) {
        r.make = "Avalon";
        r.temp_c.asic = tavg_n > 0 ? std::optional<double>(tavg_sum / tavg_n) : std::nullopt;
    }
    return {};
}

result fans_body(const cgminer_reply& reply, miner_reading& r) {
    auto items = detail::section(reply, "fans", "FANS");
    if (!items) {
        return tl::unexpected(std::move(items.error()));
    }
    for (const json* fan : *items) {
        r.fans.push_back({integer_at(*fan, "RPM"), number_at(*fan, "Speed")});
    }
    return {};
}

result temps_body(const cgminer_reply& reply, miner_reading& r) {
    auto items = detail::section(reply, "temps", "TEMPS");
    if (!items) {
        return tl::unexpected(std::move(items.error()));
    }
    for (const json* t : *items) {
        detail::keep_max(r.temp_c.board, detail::sensor_temp(number_at(*t, "Board")));
        detail::keep_max(r.temp_c.chip_max, detail::sensor_temp(number_at(*t, "Chip")));
    }
    r.temp_c.asic = r.temp_c.chip_max;
    return {};
}

} // namespace

result read_stats(const cgminer_reply& reply, miner_reading& reading, std::string_view command) {
    return detail::read_part(reply, command, reading, [command](const auto& r, auto& out) {
        return stats_body(r, out, command);
    });
}

result read_fans(const cgminer_reply& reply, miner_reading& reading) {
    return detail::read_part(reply, "fans", reading, fans_body);
}

result read_temps(const cgminer_reply& reply, miner_reading& reading) {
    return detail::read_part(reply, "temps", reading, temps_body);
}

} // namespace sw::miners
