// Whatsminer (btminer) replies, shaped like fixtures/miners/whatsminer_summary but with STATUS
// as a bare object (MINERS.md: "Whatsminer may send STATUS as a bare object"), and the
// machine's own extras: Power, Temperature, fan in/out, chip temperatures, MAC.

#include <cmath>

#include "tools/fakeminer/cgminer_reply.hpp"

namespace sw::fakeminer {

namespace {

// The counters Whatsminer prints after its own extras rather than after Best Share.
constexpr const char* tail_keys[] = {
    "Device Hardware%", "Device Rejected%", "Pool Rejected%", "Pool Stale%", "Last getwork"};

void hashrates(const miner_values& v, ojson& j) {
    const auto up = static_cast<double>(std::max<std::int64_t>(v.uptime_s, 1));
    j["MHS av"] = r2(v.session_hashes / 1e6 / up);
    j["MHS 5s"] = r2(v.hashrate_ghs * 1000);
    j["MHS 1m"] = r2(v.avg_1m_ghs * 1000);
    j["MHS 5m"] = r2(v.avg_5m_ghs * 1000);
    j["MHS 15m"] = r2(v.avg_15m_ghs * 1000);
}

ojson summary(const reply_context& ctx) {
    const auto& v = ctx.v;
    const auto& model = ctx.miner.prof->model;
    const auto uptime = std::max<std::int64_t>(v.uptime_s, 0);
    const long fan = std::lround(v.fan_pct / 100 * model.fan_max_rpm);
    ojson s;
    s["Elapsed"] = uptime;
    hashrates(v, s);
    auto counters = summary_counters(ctx);
    ojson tail;
    for (const char* key : tail_keys) {
        tail[key] = counters[key];
        counters.erase(key);
    }
    s.update(counters);
    s["Temperature"] = round_to(v.vr_temp_c, 1);
    s["freq_avg"] = std::lround(v.frequency_mhz);
    s["Fan Speed In"] = fan;
    s["Fan Speed Out"] = fan - 30;
    s["Voltage"] = 1300;
    s["Power"] = std::lround(v.power_w);
    s["Power_RT"] = std::lround(v.power_w - 9);
    s.update(tail);
    s["Uptime"] = uptime + 597; // the control board boots before btminer starts
    s["Chip Data"] = "HP3D04-20010214 C BINV04-192104B";
    s["Power Current"] = std::lround(v.power_w / 14.2);
    s["Power Fanspeed"] = 8880;
    s["Error Code Count"] = 0;
    s["Factory Error Code Count"] = 0;
    s["Security Mode"] = 0;
    s["Liquid Cooling"] = false;
    s["Hash Stable"] = uptime > 1500;
    s["Hash Stable Cost Seconds"] = 1498;
    s["Hash Deviation%"] = round_to(-0.3372 + 0.2 * v.noise, 4);
    s["Target Freq"] = std::lround(v.frequency_mhz);
    s["Target MHS"] = std::lround(model.expected_ghs * 1025.6);
    s["Env Temp"] = round_to(model.ambient_c + 3.5, 1);
    s["Power Mode"] = "Normal";
    s["Firmware Version"] = "'20200917.22.REL'"; // the quotes are part of the value
    s["CB Platform"] = "ALLWINNER_H3";
    s["CB Version"] = "V10";
    s["MAC"] = mac_string(ctx.miner, true);
    s["Factory GHS"] = std::lround(model.expected_ghs);
    s["Power Limit"] = 3500;
    s["Chip Temp Min"] = round_to(v.temp_c - 14, 1);
    s["Chip Temp Max"] = round_to(v.temp_max_c + 4, 1);
    s["Chip Temp Avg"] = round_to(v.temp_c, 2);
    return envelope(ctx, "Summary", 11, "SUMMARY", ojson::array({s}));
}

ojson devs(const reply_context& ctx) {
    const auto& v = ctx.v;
    const auto& model = ctx.miner.prof->model;
    const auto uptime = std::max<std::int64_t>(v.uptime_s, 0);
    const long fan = std::lround(v.fan_pct / 100 * model.fan_max_rpm);
    ojson boards = ojson::array();
    for (int b = 0; b < 3; ++b) {
        const double share = 1.0 / 3;
        ojson d;
        d["ASC"] = b;
        d["Slot"] = b;
        d["Enabled"] = "Y";
        d["Status"] = "Alive";
        d["Temperature"] = round_to(v.vr_temp_c - b, 1);
        d["Chip Frequency"] = std::lround(v.frequency_mhz);
        d["Fan Speed In"] = fan;
        d["Fan Speed Out"] = fan - 30;
        d["MHS av"] = r2(v.session_hashes / 1e6
                         / static_cast<double>(std::max<std::int64_t>(uptime, 1)) * share);
        d["MHS 5s"] = r2(v.hashrate_ghs * 1000 * share);
        d["MHS 1m"] = r2(v.avg_1m_ghs * 1000 * share);
        d["MHS 5m"] = r2(v.avg_5m_ghs * 1000 * share);
        d["MHS 15m"] = r2(v.avg_15m_ghs * 1000 * share);
        d["Accepted"] = v.accepted / 3;
        d["Rejected"] = v.rejected / 3;
        d["Hardware Errors"] = v.hw_errors / 3;
        d["Device Elapsed"] = uptime;
        d["Effective Chips"] = 148;
        d["PCB SN"] = "HEM1EP" + std::to_string(410000 + ctx.miner.index * 10 + b);
        d["Chip Temp Min"] = round_to(v.temp_c - 14 - b, 1);
        d["Chip Temp Max"] = round_to(v.temp_max_c + 4 - b, 1);
        d["Chip Temp Avg"] = round_to(v.temp_c - b, 2);
        boards.push_back(std::move(d));
    }
    return envelope(ctx, "3 ASC(s)", 9, "DEVS", boards);
}

} // namespace

std::optional<ojson> whatsminer_command(const reply_context& ctx, std::string_view command) {
    if (command == "summary")
        return summary(ctx);
    if (command == "devs" || command == "edevs")
        return devs(ctx);
    if (command == "pools")
        return envelope(
            ctx,
            "2 Pool(s)",
            7,
            "POOLS",
            ojson::array({standard_pool(ctx, 0, "stratum+tcp://solo.ckpool.org:3333", true),
                          standard_pool(ctx, 1, "stratum+tcp://public-pool.io:21496", false)}));
    if (command == "get_version") {
        // btminer's API v2 shape: everything in STATUS, Msg is an object.
        ojson j;
        j["STATUS"] = "S";
        j["When"] = ctx.when;
        j["Code"] = 131;
        j["Msg"] = {{"api_ver", "2.0.5"},
                    {"fw_ver", "20200917.22.REL"},
                    {"platform", "H3"},
                    {"chip", "K58R"}};
        j["Description"] = "";
        return j;
    }
    return std::nullopt;
}

} // namespace sw::fakeminer
