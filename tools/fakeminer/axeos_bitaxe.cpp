// The Bitaxe-family /api/system/info body. The v2.15 shape is the fixture
// (fixtures/miners/axeos_v2.15.0_system_info.json) key for key; older generations drop the
// keys added after them. Which release added which key is approximate (from the changelog
// and MINERS.md); what matters is that every documented quirk appears in some profile.

#include <cmath>

#include "tools/fakeminer/axeos_reply.hpp"
#include "tools/fakeminer/json_util.hpp"

namespace sw::fakeminer {

namespace {

struct generation {
    int minor = 15;            // v2.<minor>
    const char* version = "";  // firmware version string
    bool lucky = false;        // LuckyMiner fork: adds minerModel
    const char* board = "601"; // boardVersion
    const char* asic = "BM1370";
    int small_cores = 2040;
};

generation generation_of(const miner_spec& miner) {
    const auto name = miner.prof->name;
    if (name == "v2.10")
        return {10, "v2.10.1"};
    if (name == "v2.5")
        return {5, "v2.5.1"};
    if (name == "v2.1")
        return {1, "v2.1.8", false, "204", "BM1366", 894};
    if (name == "luckyminer")
        return {15, "v2.15.0", true, "LV07", "BM1366", 894};
    return {15, "v2.15.0"};
}

const char* stratum_user_prefix = "bc1q99n3pu025yyu0jlywpmwzalyhm36tg5u37w20d.";

ojson pool_entry(int id, const char* url, int port, const std::string& user) {
    ojson p;
    p["id"] = id;
    p["stratumProtocol"] = "SV1";
    p["stratumURL"] = url;
    p["stratumPort"] = port;
    p["stratumUser"] = user;
    p["stratumPassword"] = "*****";
    p["stratumSuggestedDifficulty"] = 1000;
    p["stratumExtranonceSubscribe"] = false;
    p["stratumTLS"] = 0;
    p["stratumCert"] = "";
    p["stratumDecodeCoinbase"] = true;
    p["stratumV2ChannelType"] = "extended";
    p["stratumV2AuthorityPubkey"] = "";
    p["stratumV2RequireAuth"] = false;
    return p;
}

ojson partitions() {
    auto part = [](const char* label,
                   bool current,
                   bool factory,
                   const char* version,
                   const char* date,
                   const char* time,
                   int usage) {
        return ojson{{"label", label},
                     {"isCurrent", current},
                     {"isFactory", factory},
                     {"version", version},
                     {"compileDate", date},
                     {"compileTime", time},
                     {"usagePercent", usage}};
    };
    return ojson::array({part("factory", false, true, "v2.13.2", "Apr  2 2026", "10:21:44", 71),
                         part("ota_0", false, false, "v2.14.2", "Jul  1 2026", "18:02:11", 73),
                         part("ota_1", true, false, "v2.15.0", "Aug 20 2026", "14:55:09", 74)});
}

} // namespace

std::string
bitaxe_info_json(const miner_spec& miner, const miner_values& v, const network_values& net) {
    const auto g = generation_of(miner);
    const auto& model = miner.prof->model;
    const bool raw = g.minor < 2; // v2.1 printed C floats widened to double
    // Every measured float goes through this: raw floats for old firmware, else 7 decimals.
    auto f = [raw](double x) {
        return cjson_number(raw ? as_float(x) : round_to(x, 7));
    };
    auto diff = [&](double d) -> ojson {
        if (g.minor >= 11)
            return static_cast<std::uint64_t>(d);
        return difficulty_string(d, g.minor == 10);
    };
    const std::string user = stratum_user_prefix + miner.name;
    const double scale = v.frequency_mhz / model.frequency_mhz;
    const double voltage_mv = quantize(5180 + 4 * v.noise, 1.25);
    const auto uptime = std::max<std::int64_t>(v.uptime_s, 0);
    const auto fan_pct = std::lround(v.fan_pct);
    const auto fan_rpm = std::lround(v.fan_pct / 100 * model.fan_max_rpm);

    ojson j;
    // INA260 resolution on current firmware; old firmware shows the float noise instead.
    j["power"] = f(raw ? round_to(v.power_w, 2) : quantize(v.power_w, 1.0 / 256));
    j["voltage"] = f(raw ? voltage_mv + 0.3 * v.noise : voltage_mv);
    j["current"] = f(quantize(v.power_w / voltage_mv * 1e6, 1.25));
    j["temp"] = f(raw ? round_to(v.temp_c, 2) : quantize(v.temp_c, 0.125));
    if (g.minor >= 9)
        j["temp2"] = -1; // no second sensor on a Gamma
    j["vrTemp"] = f(std::round(v.vr_temp_c));
    j["coreVoltageActual"] = std::lround(1146 + 4 * v.noise);
    if (g.minor >= 12)
        j["actualFrequency"] = cjson_number(v.frequency_mhz);
    if (g.minor >= 7)
        j["expectedHashrate"] = f(std::round(model.expected_ghs * scale));
    j[g.minor < 2 ? "fanSpeed" : "fanspeed"] = fan_pct;
    j["fanrpm"] = fan_rpm;
    if (g.minor >= 12)
        j["fan2rpm"] = 0;
    j["hashRate"] = f(v.hashrate_ghs);
    if (g.minor >= 12) {
        j["hashRate_1m"] = f(v.avg_1m_ghs);
        j["hashRate_10m"] = f(v.avg_10m_ghs);
        j["hashRate_1h"] = f(v.avg_1h_ghs);
    }
    if (g.minor >= 14)
        j["errorPercentage"] = f(0.39 + 0.1 * v.noise);
    j["sharesAccepted"] = v.accepted;
    j["sharesRejected"] = v.rejected;
    if (g.minor >= 14)
        j["sharesPending"] = 0;
    j["bestDiff"] = diff(v.best_ever);
    j["bestSessionDiff"] = diff(v.best_session);
    if (g.minor >= 9)
        j["poolDifficulty"] = cjson_number(model.pool_difficulty);
    if (g.minor >= 8)
        j["responseTime"] = f(38 + 9 * v.noise);
    if (g.minor >= 14) {
        j["responseShareBatch"] = 1;
        j["processTime"] = f(0.412 + 0.05 * v.noise);
        j["workReceived"] = v.getworks * 10;
    }
    if (g.minor >= 11 && uptime > 5) { // solo fields appear once a job was decoded
        const double total_sats = 312500000 + 1705873 + static_cast<double>(net.height % 97) * 1e4;
        j["blockFound"] = v.blocks_found;
        j["showNewBlock"] = v.blocks_found > 0;
        j["blockHeight"] = net.height;
        j["scriptsig"] = "..h..,H...ckpool.org/solo/";
        j["networkDifficulty"] = cjson_number(net.difficulty);
        j["coinbaseValueTotalSatoshis"] = cjson_number(total_sats);
        j["coinbaseValueUserSatoshis"] = cjson_number(std::round(total_sats * 0.99));
    }
    j["freeHeap"] = 8402276 + std::lround(2000 * v.noise);
    if (g.minor >= 14) {
        j["freeHeapInternal"] = 112840;
        j["freeHeapSpiram"] = 8289436;
        j["minFreeHeap"] = 8171044;
        j["maxAllocHeap"] = 45056;
    }
    j["uptimeSeconds"] = uptime;
    if (g.minor >= 15) {
        const double log2_work = v.lifetime_hashes > 1 ? std::log2(v.lifetime_hashes) : 0;
        j["totalUptimeSeconds"] = v.total_uptime_s;
        j["totalHashes"] = std::round(v.lifetime_hashes / 1e14) * 1e14;
        j["totalLog2Work"] = round_to(log2_work, 3);
        j["cpuUsage"] = round_to(18.4 + 3 * v.noise, 1);
    }
    if (g.minor >= 10)
        j["miningPaused"] = false;
    if (g.minor >= 3)
        j["overheat_mode"] = v.temp_c >= 75 ? 1 : 0;
    j["wifiStatus"] = "Connected!";
    if (g.minor >= 6)
        j["wifiRSSI"] = std::lround(-57 + 3 * v.noise);
    j["version"] = g.version;
    if (g.minor >= 7) {
        j["axeOSVersion"] = g.version;
        j["idfVersion"] = g.minor >= 15 ? "v5.5.1" : "v5.3.1";
    }
    j["boardVersion"] = g.board;
    if (g.lucky)
        j["minerModel"] = "Lucky LV07";
    if (g.minor >= 4) {
        j["maxPower"] = 40;
        j["nominalVoltage"] = 5;
    }
    if (g.minor < 15)
        j["asicCount"] = 1; // moved to /api/system/asic later
    j["smallCoreCount"] = g.small_cores;
    j["ASICModel"] = g.asic;
    if (g.minor >= 8)
        j["isPSRAMAvailable"] = 1;
    if (g.minor >= 6)
        j["resetReason"] = v.reset_reason;
    j["runningPartition"] = "ota_1";
    j["macAddr"] = mac_string(miner, true);
    j["hostname"] = miner.name;
    j["ssid"] = "HomeLAN";
    if (g.minor >= 8)
        j["ipv4"] = miner.host;
    if (g.minor >= 15) {
        j["ipv6"] = "fe80::53ff:fe57:4600:" + std::to_string(miner.index);
        j["apEnabled"] = 0;
        j["poolConnectionInfo"] = "IPv4";
    }
    if (g.minor >= 3)
        j["isUsingFallbackStratum"] = 0;
    if (g.minor >= 15) {
        j["primaryPoolIndex"] = 0;
        j["secondaryPoolIndex"] = 1;
        j["useFallbackStratum"] = 0;
        j["pools"] = ojson::array({pool_entry(0, "solo.ckpool.org", 3333, user),
                                   pool_entry(1, "public-pool.io", 21496, user)});
    }
    j["stratumURL"] = "solo.ckpool.org";
    j["stratumPort"] = 3333;
    j["stratumUser"] = user;
    if (g.minor >= 15) {
        j["stratumSuggestedDifficulty"] = 1000;
        j["stratumExtranonceSubscribe"] = false;
        j["stratumTLS"] = 0;
        j["stratumCert"] = "";
        j["stratumDecodeCoinbase"] = true;
        j["stratumProtocol"] = "SV1";
        j["stratumV2AuthorityPubkey"] = "";
        j["stratumV2ChannelType"] = "extended";
    }
    if (g.minor >= 2) {
        j["fallbackStratumURL"] = "public-pool.io";
        j["fallbackStratumPort"] = 21496;
        j["fallbackStratumUser"] = user;
    }
    if (g.minor >= 15) {
        j["fallbackStratumSuggestedDifficulty"] = 1000;
        j["fallbackStratumExtranonceSubscribe"] = false;
        j["fallbackStratumTLS"] = 0;
        j["fallbackStratumCert"] = "";
        j["fallbackStratumDecodeCoinbase"] = true;
        j["fallbackStratumProtocol"] = "SV1";
        j["fallbackStratumV2AuthorityPubkey"] = "";
        j["fallbackStratumV2ChannelType"] = "extended";
        j["useCustomWWW"] = 0;
    }
    if (g.minor >= 8)
        j["overclockEnabled"] = 0;
    if (g.minor >= 10) {
        j["display"] = "SSD1306 (128x32)";
        j["rotation"] = 0;
    } else {
        j["flipscreen"] = 0;
    }
    j["invertscreen"] = 0;
    if (g.minor >= 10)
        j["displayTimeout"] = -1;
    if (g.minor < 10)
        j["invertfanpolarity"] = 1;
    j["autofanspeed"] = 1;
    if (g.minor >= 15) {
        j["manualFanSpeed"] = 100;
        j["minFanSpeed"] = 25;
    }
    if (g.minor >= 3)
        j["temptarget"] = 60;
    j["coreVoltage"] = 1150;
    j["frequency"] = cjson_number(v.frequency_mhz);
    if (g.minor >= 12) {
        j["statsFrequency"] = 120;
        j["statsLimit"] = 720;
    }
    if (g.minor >= 14) {
        const double total = round_to(v.hashrate_ghs, 1);
        ojson domains = ojson::array();
        for (int d = 0; d < 4; ++d)
            domains.push_back(round_to(total / 4 * (1 + 0.01 * (d - 1.5) * v.noise), 1));
        j["hashrateMonitor"] = {
            {"asics",
             ojson::array(
                 {{{"total", total}, {"errorCount", v.hw_errors / 1000}, {"domains", domains}}})}};
    }
    if (g.minor >= 15)
        j["partitions"] = partitions();
    if (g.minor >= 4) {
        ojson reasons = ojson::array();
        if (v.rejected_above_target > 0)
            reasons.push_back({{"message", "Above target"}, {"count", v.rejected_above_target}});
        if (v.rejected > v.rejected_above_target)
            reasons.push_back(
                {{"message", "Stale"}, {"count", v.rejected - v.rejected_above_target}});
        j["sharesRejectedReasons"] = reasons;
    }
    if (g.minor >= 15) {
        j["blockSignals"] = ojson::array();
        j["coinbaseOutputs"] = ojson::array(
            {{{"value", 311063814}, {"address", "bc1q99n3pu025yyu0jlywpmwzalyhm36tg5u37w20d"}},
             {{"value", 3142059}, {"address", "bc1qckpoolfeeaddressxxxxxxxxxxxxxxxxxxxxxx"}}});
    }
    return j.dump();
}

} // namespace sw::fakeminer
