#include "miners/snapshot.hpp"

#include <algorithm>
#include <cmath>

#include "miners/json_read.hpp"

namespace sw::miners {

namespace {

using json = nlohmann::json;

template <typename T>
void fill(std::optional<T>& into, const std::optional<T>& from) {
    if (!into && from) {
        into = from;
    }
}

template <typename T>
json opt(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

json opt_number(const std::optional<double>& v) {
    return (v && std::isfinite(*v)) ? json(*v) : json(nullptr);
}

bool is_hex(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

void fill_missing(miner_reading& into, const miner_reading& from) {
    fill(into.mac, from.mac);
    fill(into.make, from.make);
    fill(into.model, from.model);
    fill(into.firmware, from.firmware);
    fill(into.hostname, from.hostname);
    fill(into.ip, from.ip);
    fill(into.asic_model, from.asic_model);
    fill(into.asic_count, from.asic_count);
    fill(into.reset_reason, from.reset_reason);
    fill(into.uptime_s, from.uptime_s);
    auto& h = into.hashrate_ghs;
    const auto& fh = from.hashrate_ghs;
    fill(h.now, fh.now);
    fill(h.avg_1m, fh.avg_1m);
    fill(h.avg_10m, fh.avg_10m);
    fill(h.avg_1h, fh.avg_1h);
    fill(h.avg_5m, fh.avg_5m);
    fill(h.avg_15m, fh.avg_15m);
    fill(h.avg_24h, fh.avg_24h);
    fill(h.avg_total, fh.avg_total);
    fill(into.expected_hashrate_ghs, from.expected_hashrate_ghs);
    fill(into.power_w, from.power_w);
    fill(into.input_voltage_v, from.input_voltage_v);
    fill(into.input_current_a, from.input_current_a);
    fill(into.temp_c.asic, from.temp_c.asic);
    fill(into.temp_c.vr, from.temp_c.vr);
    fill(into.temp_c.ambient, from.temp_c.ambient);
    fill(into.temp_c.chip_max, from.temp_c.chip_max);
    fill(into.temp_c.board, from.temp_c.board);
    if (into.fans.empty()) {
        into.fans = from.fans;
    }
    fill(into.shares.accepted, from.shares.accepted);
    fill(into.shares.rejected, from.shares.rejected);
    fill(into.shares.stale, from.shares.stale);
    fill(into.shares.hardware_errors, from.shares.hardware_errors);
    fill(into.best_difficulty.all_time, from.best_difficulty.all_time);
    fill(into.best_difficulty.session, from.best_difficulty.session);
    fill(into.pool.url, from.pool.url);
    fill(into.pool.user, from.pool.user);
    fill(into.pool.difficulty, from.pool.difficulty);
    fill(into.pool.fallback_active, from.pool.fallback_active);
    fill(into.blocks_found, from.blocks_found);
    fill(into.network.difficulty, from.network.difficulty);
    fill(into.network.height, from.network.height);
    for (const auto& fault : from.faults) {
        if (std::find(into.faults.begin(), into.faults.end(), fault) == into.faults.end()) {
            into.faults.push_back(fault);
        }
    }
}

std::string_view to_string(miner_kind kind) noexcept {
    return kind == miner_kind::axeos ? "axeos" : "cgminer";
}

std::optional<std::string> normalize_mac(std::string_view text) {
    const std::string_view t = trim(text);
    if (t.empty()) {
        return std::nullopt;
    }
    std::string hex;
    bool only_mac_chars = true;
    for (const char c : t) {
        if (is_hex(c)) {
            hex += lower(c);
        } else if (c != ':' && c != '-' && c != '.') {
            only_mac_chars = false;
        }
    }
    if (!only_mac_chars || hex.size() != 12) {
        std::string out(t);
        std::transform(out.begin(), out.end(), out.begin(), lower);
        return out;
    }
    if (hex == "000000000000") {
        return std::nullopt; // firmware placeholder before the interface is up
    }
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        if (i > 0) {
            out += ':';
        }
        out += hex.substr(i, 2);
    }
    return out;
}

std::string miner_id(const miner_reading& reading, std::string_view configured_name) {
    if (reading.mac) {
        if (auto mac = normalize_mac(*reading.mac)) {
            return *mac;
        }
    }
    return std::string(configured_name);
}

std::optional<double> efficiency_j_per_th(const miner_reading& reading) noexcept {
    const auto& power = reading.power_w;
    const auto& ghs = reading.hashrate_ghs.now;
    if (!power || !ghs || !(*ghs > 0.0) || !std::isfinite(*power)) {
        return std::nullopt;
    }
    return *power / (*ghs / 1000.0);
}

std::optional<double> reject_pct(const share_counts& shares) noexcept {
    if (!shares.accepted || !shares.rejected) {
        return std::nullopt;
    }
    const double total =
        static_cast<double>(*shares.accepted) + static_cast<double>(*shares.rejected);
    if (!(total > 0.0)) {
        return std::nullopt;
    }
    return static_cast<double>(*shares.rejected) / total * 100.0;
}

std::optional<double> max_temp(const temperatures& temps) noexcept {
    std::optional<double> best;
    for (const auto& t : {temps.asic, temps.vr, temps.ambient, temps.chip_max, temps.board}) {
        if (t && std::isfinite(*t) && (!best || *t > *best)) {
            best = t;
        }
    }
    return best;
}

json to_json(const miner_snapshot& s) {
    const miner_reading& r = s.reading;
    json fans = json::array();
    for (const auto& fan : r.fans) {
        fans.push_back({{"rpm", opt(fan.rpm)}, {"pct", opt_number(fan.pct)}});
    }
    json faults = json::array();
    for (const auto& fault : r.faults) {
        faults.push_back(fault);
    }
    const auto& h = r.hashrate_ghs;
    return json{
        {"id", s.id},
        {"name", s.name},
        {"host", s.host},
        {"kind", to_string(s.kind)},
        {"make", opt(r.make)},
        {"model", opt(r.model)},
        {"firmware", opt(r.firmware)},
        {"online", s.online},
        {"last_seen", opt(s.last_seen)},
        {"last_error", opt(s.last_error)},
        {"uptime_s", opt(r.uptime_s)},
        {"restarted", s.restarted},
        {"hashrate_ghs",
         {{"now", opt_number(h.now)},
          {"avg_1m", opt_number(h.avg_1m)},
          {"avg_10m", opt_number(h.avg_10m)},
          {"avg_1h", opt_number(h.avg_1h)}}},
        {"expected_hashrate_ghs", opt_number(r.expected_hashrate_ghs)},
        {"power_w", opt_number(r.power_w)},
        {"efficiency_j_per_th", opt_number(efficiency_j_per_th(r))},
        {"temp_c",
         {{"asic", opt_number(r.temp_c.asic)},
          {"vr", opt_number(r.temp_c.vr)},
          {"max", opt_number(max_temp(r.temp_c))},
          {"ambient", opt_number(r.temp_c.ambient)}}},
        {"fans", std::move(fans)},
        {"shares",
         {{"accepted", opt(r.shares.accepted)},
          {"rejected", opt(r.shares.rejected)},
          {"reject_pct", opt_number(reject_pct(r.shares))}}},
        {"best_difficulty",
         {{"all_time", difficulty_json(r.best_difficulty.all_time)},
          {"session", difficulty_json(r.best_difficulty.session)}}},
        {"pool",
         {{"url", opt(r.pool.url)},
          {"user", opt(r.pool.user)},
          {"difficulty", difficulty_json(r.pool.difficulty)},
          {"fallback_active", opt(r.pool.fallback_active)}}},
        {"blocks_found", opt(r.blocks_found)},
        {"network",
         {{"difficulty", difficulty_json(r.network.difficulty)},
          {"height", opt(r.network.height)}}},
        {"faults", std::move(faults)},
    };
}

nlohmann::json difficulty_json(const std::optional<double>& v) {
    constexpr double exact_limit = 9007199254740992.0; // 2^53
    if (!v || !std::isfinite(*v)) {
        return nullptr;
    }
    if (std::floor(*v) == *v && std::fabs(*v) < exact_limit) {
        return static_cast<std::int64_t>(*v);
    }
    return *v;
}

} // namespace sw::miners
