// Readers of the cgminer commands version, summary, pools and devs, and the dispatcher.
// stats/estats/fans/temps are in cgminer_stats.cpp.

#include "miners/cgminer_sections.hpp"

#include <algorithm>

#include "miners/cgminer_common.hpp"
#include "miners/difficulty.hpp"
#include "miners/json_read.hpp"

namespace sw::miners {

namespace {

using detail::json;
using result = tl::expected<void, parse_error>;

/// Whatsminer quotes its firmware: "'20200917.22.REL'".
std::optional<std::string> unquoted(std::optional<std::string> text) {
    if (!text) {
        return text;
    }
    std::string_view t = *text;
    while (!t.empty() && (t.front() == '\'' || t.front() == '"')) {
        t.remove_prefix(1);
    }
    while (!t.empty() && (t.back() == '\'' || t.back() == '"')) {
        t.remove_suffix(1);
    }
    return t.empty() ? std::nullopt : std::optional<std::string>(std::string(t));
}

void set_mac(miner_reading& r, const json& object, std::string_view key) {
    if (auto mac = text_at(object, key)) {
        r.mac = normalize_mac(*mac);
    }
}

result version_body(const cgminer_reply& reply, miner_reading& r) {
    // Whatsminer's newer API answers with its data in an object under Msg.
    if (const json* msg = member(reply.root, "Msg"); msg && msg->is_object()) {
        r.firmware = unquoted(text_at(*msg, "fw_ver"));
        set_mac(r, *msg, "mac");
        if (icontains(text_at(*msg, "api_ver").value_or(""), "whatsminer")) {
            r.make = "Whatsminer";
        }
        return {};
    }
    auto items = detail::section(reply, "version", "VERSION");
    if (!items) {
        return tl::unexpected(std::move(items.error()));
    }
    if (items->empty()) {
        return {};
    }
    const json& v = *items->front();
    if (auto prod = text_at(v, "PROD"); prod && istarts_with(*prod, "Avalon")) {
        r.make = "Avalon";
        r.model = text_at(v, "MODEL");
        if (!r.model) {
            const std::size_t space = prod->find(' ');
            r.model = space == std::string::npos ? *prod : prod->substr(space + 1);
        }
        r.firmware = text_at(v, "VERSION");
    }
    for (const char* key : {"BOSminer", "BOSer"}) {
        if (auto bos = text_at(v, key)) {
            r.make = "Braiins";
            r.firmware = icontains(*bos, "bos") ? *bos : std::string(key) + " " + *bos;
        }
    }
    if (auto type = text_at(v, "Type")) {
        detail::apply_antminer_type(*type, r);
    }
    if (member(v, "BMMiner") && !r.make) {
        r.make = "Antminer";
    }
    if (r.make == "Antminer" && !r.firmware) {
        r.firmware = text_at(v, "CompileTime"); // stock Bitmain firmware is named by its date
    }
    for (const char* key : {"Firmware", "Firmware Version", "FW"}) {
        if (!r.firmware) {
            r.firmware = unquoted(text_at(v, key));
        }
    }
    for (const char* key : {"Model", "MODEL"}) {
        if (!r.model) {
            r.model = text_at(v, key);
        }
    }
    set_mac(r, v, "MAC");
    return {};
}

result summary_body(const cgminer_reply& reply, miner_reading& r) {
    auto items = detail::section(reply, "summary", "SUMMARY");
    if (!items) {
        return tl::unexpected(std::move(items.error()));
    }
    if (items->empty()) {
        return tl::unexpected(
            detail::cgminer_error(parse_errc::missing_key, "summary", "SUMMARY is empty"));
    }
    const json& s = *items->front();
    const auto scan = detail::read_rates(s, r.hashrate_ghs);
    if (!scan.any_key) {
        return tl::unexpected(detail::cgminer_error(
            parse_errc::missing_key,
            "summary",
            "no hashrate key (expected \"MHS av\", \"MHS <n>s\", \"GHS 5s\" or \"GHS av\")"));
    }
    if (!scan.any_value) {
        return tl::unexpected(detail::cgminer_error(
            parse_errc::bad_value, "summary", "hashrate is not a number: " + *scan.bad_key));
    }
    r.uptime_s = integer_at(s, "Elapsed");
    r.shares.accepted = integer_at(s, "Accepted");
    r.shares.rejected = integer_at(s, "Rejected");
    r.shares.stale = integer_at(s, "Stale");
    r.shares.hardware_errors = integer_at(s, "Hardware Errors");
    if (const json* best = member(s, "Best Share")) {
        r.best_difficulty.session = difficulty_from_json(*best);
    }
    r.blocks_found = integer_at(s, "Found Blocks");
    // Whatsminer extras.
    r.power_w = number_at(s, "Power");
    r.temp_c.asic = detail::sensor_temp(number_at(s, "Chip Temp Avg"));
    r.temp_c.chip_max = detail::sensor_temp(number_at(s, "Chip Temp Max"));
    r.temp_c.board = detail::sensor_temp(number_at(s, "Temperature"));
    r.temp_c.ambient = number_at(s, "Env Temp");
    for (const char* key : {"Fan Speed In", "Fan Speed Out"}) {
        if (auto rpm = integer_at(s, key)) {
            r.fans.push_back({rpm, std::nullopt});
        }
    }
    set_mac(r, s, "MAC");
    r.expected_hashrate_ghs = number_at(s, "Factory GHS");
    if (!r.expected_hashrate_ghs) {
        if (auto target = number_at(s, "Target MHS")) {
            r.expected_hashrate_ghs = *target / 1000.0;
        }
    }
    r.firmware = unquoted(text_at(s, "Firmware Version"));
    for (const char* key : {"Factory GHS", "Power_RT", "Chip Temp Max"}) {
        if (member(s, key)) {
            r.make = "Whatsminer";
        }
    }
    return {};
}

bool is_dev_fee(const json& pool) {
    return iequals(text_at(pool, "URL").value_or(""), "DevFee")
           || iequals(text_at(pool, "User").value_or(""), "DevFee");
}

result pools_body(const cgminer_reply& reply, miner_reading& r) {
    auto items = detail::section(reply, "pools", "POOLS");
    if (!items) {
        return tl::unexpected(std::move(items.error()));
    }
    std::vector<const json*> pools;
    std::copy_if(items->begin(), items->end(), std::back_inserter(pools), [](const json* p) {
        return !is_dev_fee(*p); // Vnish's dev-fee pool is never "the user's pool"
    });
    const json* active = nullptr;
    for (const json* p : pools) {
        if (flag_at(*p, "Stratum Active").value_or(false)) {
            active = p;
            break;
        }
    }
    std::optional<std::int64_t> top_priority;
    for (const json* p : pools) {
        const auto priority = integer_at(*p, "Priority");
        if (priority && (!top_priority || *priority < *top_priority)) {
            top_priority = priority;
        }
    }
    if (!active) {
        std::optional<std::int64_t> best;
        for (const json* p : pools) {
            const auto priority = integer_at(*p, "Priority");
            if (priority && iequals(text_at(*p, "Status").value_or(""), "Alive")
                && (!best || *priority < *best)) {
                best = priority;
                active = p;
            }
        }
    }
    if (!active) {
        return {};
    }
    const json& p = *active;
    r.pool.url = text_at(p, "URL");
    r.pool.user = text_at(p, "User");
    // 0 is what cgminer shows before the pool set a difficulty: not a difficulty.
    for (const char* key : {"Stratum Difficulty", "Work Difficulty", "Diff"}) {
        if (const json* v = member(p, key); v && !r.pool.difficulty) {
            if (auto d = difficulty_from_json(*v); d && *d > 0.0) {
                r.pool.difficulty = d;
            }
        }
    }
    if (const auto priority = integer_at(p, "Priority"); priority && top_priority) {
        r.pool.fallback_active = *priority > *top_priority;
    }
    if (auto height = integer_at(p, "Current Block Height"); height && *height > 0) {
        r.network.height = height;
    }
    return {};
}

result devs_body(const cgminer_reply& reply, miner_reading& r) {
    auto items = detail::section(reply, "devs", "DEVS");
    if (!items) {
        return tl::unexpected(std::move(items.error()));
    }
    for (const json* dev : *items) {
        hashrate_figures board;
        detail::read_rates(*dev, board);
        auto add = [](std::optional<double>& sum, const std::optional<double>& v) {
            if (v) {
                sum = sum.value_or(0.0) + *v;
            }
        };
        add(r.hashrate_ghs.now, board.now);
        add(r.hashrate_ghs.avg_1m, board.avg_1m);
        add(r.hashrate_ghs.avg_5m, board.avg_5m);
        add(r.hashrate_ghs.avg_15m, board.avg_15m);
        add(r.hashrate_ghs.avg_total, board.avg_total);
        detail::keep_max(r.temp_c.chip_max, detail::sensor_temp(number_at(*dev, "Temperature")));
    }
    return {};
}

} // namespace

result read_version(const cgminer_reply& reply, miner_reading& reading) {
    return detail::read_part(reply, "version", reading, version_body);
}

result read_summary(const cgminer_reply& reply, miner_reading& reading) {
    return detail::read_part(reply, "summary", reading, summary_body);
}

result read_pools(const cgminer_reply& reply, miner_reading& reading) {
    return detail::read_part(reply, "pools", reading, pools_body);
}

result read_devs(const cgminer_reply& reply, miner_reading& reading) {
    return detail::read_part(reply, "devs", reading, devs_body);
}

result apply_cgminer_command(std::string_view command,
                             const cgminer_reply& reply,
                             miner_reading& reading) {
    if (command == "version") {
        return read_version(reply, reading);
    }
    if (command == "summary") {
        return read_summary(reply, reading);
    }
    if (command == "pools") {
        return read_pools(reply, reading);
    }
    if (command == "stats" || command == "estats") {
        return read_stats(reply, reading, command);
    }
    if (command == "devs") {
        return read_devs(reply, reading);
    }
    if (command == "fans") {
        return read_fans(reply, reading);
    }
    if (command == "temps") {
        return read_temps(reply, reading);
    }
    return tl::unexpected(
        detail::cgminer_error(parse_errc::bad_shape, command, "no reader for this command"));
}

} // namespace sw::miners
