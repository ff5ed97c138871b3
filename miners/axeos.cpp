// AxeOS info/asic parsing. Key names and their aliases are spelled out where they are read so
// that a reader can grep a firmware key and find how it is mapped.

#include "miners/axeos.hpp"

#include <algorithm>

#include "miners/difficulty.hpp"
#include "miners/json_read.hpp"

namespace sw::miners {

namespace {

using json = nlohmann::json;

constexpr std::string_view info_what = "axeos /api/system/info";

/// ESP-Miner reports -1 while a sensor is not ready; -273-style sentinels mean "no sensor".
std::optional<double> valid_temp(std::optional<double> t) {
    if (!t || *t == -1.0 || *t <= -100.0) {
        return std::nullopt;
    }
    return t;
}

std::optional<double> first_number(const json& info, std::string_view a, std::string_view b) {
    auto v = number_at(info, a);
    return v ? v : number_at(info, b);
}

std::optional<double> scaled(std::optional<double> v, double factor) {
    return v ? std::optional<double>(*v * factor) : std::nullopt;
}

std::string detect_make(const json& info) {
    for (const char* key : {"hostip",
                            "foundBlocks",
                            "lastResetReason",
                            "stratumDifficulty",
                            "asicTemps",
                            "fanrpm2"}) {
        if (member(info, key)) {
            return "NerdQAxe";
        }
    }
    const std::string device = text_at(info, "deviceModel").value_or("");
    if (icontains(device, "nerd")) {
        return "NerdQAxe";
    }
    if (member(info, "minerModel") || icontains(device, "lucky")) {
        return "LuckyMiner";
    }
    return "Bitaxe";
}

/// "solo.ckpool.org" + 3333 -> "stratum+tcp://solo.ckpool.org:3333". ESP-Miner stores host and
/// port apart; the snapshot carries one URL like the cgminer family does.
std::optional<std::string> pool_url(const json& info, const std::string& prefix) {
    auto host = text_at(info, prefix + "URL");
    if (!host) {
        return std::nullopt;
    }
    std::string url = *host;
    std::size_t authority = url.find("://");
    if (authority == std::string::npos) {
        const bool tls = flag_at(info, prefix + "TLS").value_or(false);
        const bool sv2 = iequals(text_at(info, prefix + "Protocol").value_or(""), "SV2");
        url = std::string(sv2 ? "stratum2" : "stratum") + (tls ? "+ssl://" : "+tcp://") + url;
        authority = url.find("://");
    }
    const std::size_t start = authority + 3;
    const std::size_t end = url.find('/', start);
    const std::string hostport =
        url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const std::size_t bracket = hostport.rfind(']');
    const bool has_port =
        hostport.find(':', bracket == std::string::npos ? 0 : bracket) != std::string::npos;
    const auto port = integer_at(info, prefix + "Port");
    if (port && *port > 0 && !has_port) {
        url += ":" + std::to_string(*port);
    }
    return url;
}

void add_fault(std::vector<std::string>& faults, const json& info, const char* key) {
    const json* v = member(info, key);
    if (!v) {
        return;
    }
    if (auto text = as_text(*v)) {
        faults.push_back(std::string(key) + ": " + *text);
    } else if (as_flag(*v).value_or(false)) {
        faults.emplace_back(key);
    }
}

void read_temperatures(const json& info, bool nerdqaxe, temperatures& t) {
    const auto temp = valid_temp(number_at(info, "temp"));
    t.vr = valid_temp(number_at(info, "vrTemp"));
    t.chip_max = valid_temp(number_at(info, "temp2"));
    if (!nerdqaxe) {
        t.asic = temp;
        return;
    }
    // NerdQAxe's `temp` is its hottest chip; the average comes from the per-chip list.
    if (temp) {
        t.chip_max = t.chip_max ? std::max(*t.chip_max, *temp) : *temp;
    }
    double sum = 0.0;
    int count = 0;
    if (const json* chips = member(info, "asicTemps"); chips && chips->is_array()) {
        for (const auto& c : *chips) {
            if (auto v = valid_temp(as_number(c))) {
                sum += *v;
                ++count;
            }
        }
    }
    t.asic = count > 0 ? std::optional<double>(sum / count) : temp;
}

void read_fans(const json& info, std::vector<fan_reading>& fans) {
    const auto pct = first_number(info, "fanspeed", "fanSpeed"); // fanSpeed before v2.2
    const auto rpm = integer_at(info, "fanrpm");
    if (pct || rpm) {
        fans.push_back({rpm, pct});
    }
    // Single-fan boards still send fan2rpm = 0: a second fan is listed only when it spins.
    auto rpm2 = integer_at(info, "fan2rpm");
    if (!rpm2) {
        rpm2 = integer_at(info, "fanrpm2");
    }
    if (rpm2 && *rpm2 > 0) {
        fans.push_back({rpm2, std::nullopt});
    }
}

std::optional<std::int64_t> blocks_found(const json& info) {
    for (const char* key : {"blockFound", "foundBlocks"}) {
        const json* v = member(info, key);
        if (!v) {
            continue;
        }
        if (v->is_boolean()) {
            return v->get<bool>() ? 1 : 0; // early builds sent a flag: true = at least one
        }
        if (auto n = as_integer(*v); n && *n >= 0) {
            return n;
        }
    }
    return std::nullopt;
}

} // namespace

tl::expected<miner_reading, parse_error> read_axeos_info(const json& info) {
    const std::string prefix = std::string(info_what) + ": ";
    if (!info.is_object()) {
        return tl::unexpected(
            parse_error{parse_errc::bad_shape, prefix + "reply is not a JSON object", {}, {}});
    }
    const json* hash = member(info, "hashRate");
    if (!hash) {
        return tl::unexpected(
            parse_error{parse_errc::missing_key, prefix + "missing key \"hashRate\"", {}, {}});
    }
    miner_reading r;
    r.hashrate_ghs.now = as_number(*hash);
    if (!r.hashrate_ghs.now) {
        return tl::unexpected(
            parse_error{parse_errc::bad_value,
                        prefix + "key \"hashRate\" is not a number: " + quote_value(*hash),
                        {},
                        {}});
    }
    r.make = detect_make(info);
    const bool nerdqaxe = r.make == "NerdQAxe";
    r.hashrate_ghs.avg_1m = number_at(info, "hashRate_1m");
    r.hashrate_ghs.avg_10m = number_at(info, "hashRate_10m");
    r.hashrate_ghs.avg_1h = number_at(info, "hashRate_1h");
    r.expected_hashrate_ghs = number_at(info, "expectedHashrate");
    r.power_w = number_at(info, "power");
    r.input_voltage_v = scaled(number_at(info, "voltage"), 1e-3);
    r.input_current_a = scaled(number_at(info, "current"), 1e-3);
    read_temperatures(info, nerdqaxe, r.temp_c);
    read_fans(info, r.fans);
    r.shares.accepted = integer_at(info, "sharesAccepted");
    r.shares.rejected = integer_at(info, "sharesRejected");
    if (const json* v = member(info, "bestDiff")) {
        r.best_difficulty.all_time = difficulty_from_json(*v);
    }
    if (const json* v = member(info, "bestSessionDiff")) {
        r.best_difficulty.session = difficulty_from_json(*v);
    }
    r.pool.fallback_active = flag_at(info, "isUsingFallbackStratum");
    const std::string pool_prefix =
        r.pool.fallback_active.value_or(false) ? "fallbackStratum" : "stratum";
    r.pool.url = pool_url(info, pool_prefix);
    r.pool.user = text_at(info, pool_prefix + "User");
    for (const char* key : {"poolDifficulty", "stratumDifficulty"}) {
        if (const json* v = member(info, key); v && !r.pool.difficulty) {
            r.pool.difficulty = difficulty_from_json(*v);
        }
    }
    r.blocks_found = blocks_found(info);
    if (const json* v = member(info, "networkDifficulty")) {
        r.network.difficulty = difficulty_from_json(*v);
    }
    r.network.height = integer_at(info, "blockHeight");
    r.uptime_s = integer_at(info, "uptimeSeconds");
    if (auto mac = text_at(info, "macAddr")) {
        r.mac = normalize_mac(*mac);
    }
    r.hostname = text_at(info, "hostname");
    r.ip = text_at(info, "ipv4");
    if (!r.ip) {
        r.ip = text_at(info, "hostip");
    }
    r.model = text_at(info, "deviceModel");
    if (!r.model) {
        r.model = text_at(info, "minerModel");
    }
    r.asic_model = text_at(info, "ASICModel");
    r.firmware = text_at(info, "version");
    r.reset_reason = text_at(info, "resetReason");
    if (!r.reset_reason) {
        r.reset_reason = text_at(info, "lastResetReason");
    }
    if (flag_at(info, "overheat_mode").value_or(false)) {
        r.faults.emplace_back("overheat");
    }
    add_fault(r.faults, info, "power_fault");
    add_fault(r.faults, info, "hardware_fault");
    if (flag_at(info, "miningPaused").value_or(false)) {
        r.faults.emplace_back("paused");
    }
    return r;
}

tl::expected<miner_reading, parse_error> parse_axeos_info(std::string_view body) {
    try {
        auto info = parse_untrusted(body, info_what);
        if (!info) {
            return tl::unexpected(std::move(info.error()));
        }
        return read_axeos_info(*info);
    } catch (const std::exception& e) { // last resort: allocation failure and the like
        return tl::unexpected(
            parse_error{parse_errc::bad_shape, std::string(info_what) + ": " + e.what(), {}, {}});
    }
}

} // namespace sw::miners
