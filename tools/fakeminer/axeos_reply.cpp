// AxeOS dispatch by profile, the /api/system/asic body, and the NerdQAxe++ info shape. The
// NerdQAxe++ firmware forked ESP-Miner early and names things its own way (MINERS.md section
// 1); its key list here follows the fork's JSON writer as remembered, not a recorded reply.

#include "tools/fakeminer/axeos_reply.hpp"

#include <algorithm>
#include <cmath>

#include "tools/fakeminer/json_util.hpp"

namespace sw::fakeminer {

namespace {

bool is_nerdqaxe(const miner_spec& miner) {
    return miner.prof->name.starts_with("nerdqaxe");
}

} // namespace

std::string
axeos_info_json(const miner_spec& miner, const miner_values& v, const network_values& net) {
    return is_nerdqaxe(miner) ? nerdqaxe_info_json(miner, v, net) : bitaxe_info_json(miner, v, net);
}

bool axeos_checks_origin(const miner_spec& miner) {
    const auto name = miner.prof->name;
    return name != "v2.5" && name != "v2.1";
}

std::optional<std::string> axeos_asic_json(const miner_spec& miner) {
    const auto name = miner.prof->name;
    if (name == "v2.5" || name == "v2.1" || is_nerdqaxe(miner))
        return std::nullopt;
    const bool lucky = name == "luckyminer";
    // Shape of fixtures/miners/axeos_v2.15.0_system_asic.json.
    ojson j;
    j["ASICModel"] = lucky ? "BM1366" : "BM1370";
    j["deviceModel"] = lucky ? "LV07" : "Gamma";
    j["swarmColor"] = lucky ? "purple" : "green";
    j["asicCount"] = 1;
    j["hashDomains"] = 4;
    j["defaultFrequency"] = 525;
    j["frequencyOptions"] = {400, 490, 525, 550, 600, 625};
    j["defaultVoltage"] = 1150;
    j["voltageOptions"] = {1000, 1060, 1100, 1150, 1200, 1250};
    return j.dump();
}

std::string
nerdqaxe_info_json(const miner_spec& miner, const miner_values& v, const network_values& net) {
    const auto& model = miner.prof->model;
    const bool old = miner.prof->name == "nerdqaxe_old";
    auto diff = [old](double d) -> ojson {
        if (old)
            return difficulty_string(d, false); // "270M" up to v1.0.34
        return static_cast<std::uint64_t>(d);
    };
    const auto uptime = std::max<std::int64_t>(v.uptime_s, 0);
    const std::string user = "bc1q99n3pu025yyu0jlywpmwzalyhm36tg5u37w20d." + miner.name;
    // Four chips; the fork reports the hottest one as `temp`.
    ojson chips = ojson::array();
    double hottest = -273;
    for (int c = 0; c < 4; ++c) {
        const double t = round_to(v.temp_c + (c - 1.5) * 1.2 + 0.3 * v.noise * (c % 2), 2);
        hottest = std::max(hottest, t);
        chips.push_back(cjson_number(t));
    }
    const double scale = v.frequency_mhz / model.frequency_mhz;
    // ArduinoJson prints 63.0 as 63: integral values go out as integers.
    auto f = [](double x, int decimals) {
        return cjson_number(round_to(x, decimals));
    };

    ojson j;
    j["power"] = f(v.power_w, 3);
    j["maxPower"] = 100;
    j["minPower"] = 5;
    j["voltage"] = f(12010 + 20 * v.noise, 1);
    j["current"] = f(v.power_w / 12.01 * 1000, 1);
    j["temp"] = cjson_number(hottest);
    j["vrTemp"] = f(v.vr_temp_c, 1);
    j["hashRateTimestamp"] = uptime * 1000;
    j["hashRate"] = f(v.hashrate_ghs, 3);
    j["hashRate_10m"] = f(v.avg_10m_ghs, 3);
    j["hashRate_1h"] = f(v.avg_1h_ghs, 3);
    j["hashRate_1d"] = f(v.avg_24h_ghs, 3);
    j["jobInterval"] = 1200;
    j["bestDiff"] = diff(v.best_ever);
    j["bestSessionDiff"] = diff(v.best_session);
    j["stratumDifficulty"] = cjson_number(model.pool_difficulty);
    j["freeHeap"] = 6934520 + std::lround(3000 * v.noise);
    j["freeHeapInt"] = 98212;
    j["coreVoltage"] = 1200;
    j["defaultCoreVoltage"] = 1200;
    j["coreVoltageActual"] = std::lround(1195 + 4 * v.noise);
    j["frequency"] = cjson_number(v.frequency_mhz);
    j["defaultFrequency"] = cjson_number(model.frequency_mhz);
    j["ssid"] = "HomeLAN";
    j["hostname"] = miner.name;
    j["hostip"] = miner.host;
    j["macAddr"] = mac_string(miner, true);
    j["wifiStatus"] = "Connected!";
    j["wifiRSSI"] = std::lround(-61 + 3 * v.noise);
    j["sharesAccepted"] = v.accepted;
    j["sharesRejected"] = v.rejected;
    j["uptimeSeconds"] = uptime;
    j["lastResetReason"] = v.reset_reason;
    j["asicCount"] = 4;
    j["smallCoreCount"] = 2040;
    j["ASICModel"] = "BM1370";
    j["deviceModel"] = "NerdQAxe++";
    j["stratumURL"] = "solo.ckpool.org";
    j["stratumPort"] = 3333;
    j["stratumUser"] = user;
    j["stratumEnonceSubscribe"] = 0;
    j["stratumTLS"] = 0;
    j["fallbackStratumURL"] = "public-pool.io";
    j["fallbackStratumPort"] = 21496;
    j["fallbackStratumUser"] = user;
    j["fallbackStratumEnonceSubscribe"] = 0;
    j["fallbackStratumTLS"] = 0;
    j["isUsingFallbackStratum"] = false;
    j["poolMode"] = 0;
    j["foundBlocks"] = v.blocks_found;
    j["totalFoundBlocks"] = v.blocks_found;
    j["networkDifficulty"] = cjson_number(net.difficulty);
    j["blockHeight"] = net.height;
    j["expectedHashrate"] = f(model.expected_ghs * scale, 0);
    j["version"] = old ? "v1.0.34" : "v1.0.36";
    j["runningPartition"] = "ota_0";
    j["overheat_temp"] = 70;
    j["flipscreen"] = 1;
    j["invertscreen"] = 0;
    j["autoscreenoff"] = 0;
    j["invertfanpolarity"] = 1;
    j["autofanspeed"] = 2;
    j["fanspeed"] = f(v.fan_pct, 1);
    j["manualFanSpeed"] = 100;
    j["fanrpm"] = std::lround(v.fan_pct / 100 * model.fan_max_rpm);
    j["fanrpm2"] = std::lround(v.fan_pct / 100 * model.fan_max_rpm * 0.97);
    j["pidTargetTemp"] = 55;
    j["lastpingrtt"] = f(24 + 4 * v.noise, 1);
    j["recentpingloss"] = 0;
    j["asicTemps"] = chips;
    return j.dump();
}

} // namespace sw::fakeminer
