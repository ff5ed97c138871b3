// Avalon Nano 3s replies, shaped like fixtures/miners/avalon_nano3s_*: the useful figures are
// inside the one "MM ID0" string of estats, `Key[value] Key[v1 v2] ...`.

#include <array>
#include <cmath>
#include <cstdio>

#include "tools/fakeminer/cgminer_reply.hpp"

namespace sw::fakeminer {

namespace {

std::string fmt(const char* format, double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}

std::string dna(const miner_spec& miner) {
    return "020100" + mac_string(miner, false).substr(2);
}

std::string mm_id0(const reply_context& ctx) {
    const auto& v = ctx.v;
    const auto& model = ctx.miner.prof->model;
    const auto uptime = std::max<std::int64_t>(v.uptime_s, 0);
    const long tavg = std::lround(v.temp_c);
    const long tmax = std::lround(v.temp_max_c);
    const long watts = std::lround(v.power_w * 0.95);
    const std::string avg =
        fmt("%.2f", uptime > 0 ? v.session_hashes / 1e9 / static_cast<double>(uptime) : 0);
    const std::string dh = fmt("%.3f", 2.3 + 0.1 * v.noise);
    // Per-chip sensors around the average; the hottest matches TMax.
    static constexpr std::array<double, 12> offsets{-5, 1, 1, 1, 1, 0, -5, -4, 5, 5, 1, -3};
    std::string pvt;
    for (double off : offsets) {
        if (!pvt.empty())
            pvt += ' ';
        pvt += fmt("%3.0f", static_cast<double>(tavg) + off);
    }
    std::string s;
    s += "Ver[Nano3s-25021401_56abae7] LVer[25021401_56abae7] BVer[25021401_56abae7] FW[Release]";
    s += " LED[0-0] LEDUser[0-100-100-5-0-255] LcdOnoff[1] LcdSwitch[2] DNA[" + dna(ctx.miner);
    s += "] MEMFREE[" + std::to_string(63728 + std::lround(200 * v.noise));
    s += "] PFCnt[0] NETFAIL[0 0 0 0 0 0 0 0] SYSTEMSTATU[Work: In Work, Hash Board: 1] Elapsed[";
    s += std::to_string(uptime) + "] BOOTBY[0x01.00000000] LW[";
    s += std::to_string(static_cast<std::uint64_t>(v.session_hashes / 4294967296.0 / 2000));
    s += "] MH[0] DHW[0] HW[" + std::to_string(v.hw_errors) + "] DH[" + dh + "%]";
    s += " ITemp[-273] OTemp[" + std::to_string(std::lround(v.vr_temp_c)) + "] TMax[";
    s += std::to_string(tmax) + "] TAvg[" + std::to_string(tavg) + "] TarT[90] Fan1[";
    s += std::to_string(std::lround(v.fan_pct / 100 * model.fan_max_rpm)) + "] FanR[";
    s += std::to_string(std::lround(v.fan_pct)) + "%] PS[0 0 27541 4 0 3756 ";
    s += std::to_string(watts) + "] GHSspd[" + fmt("%.2f", v.hashrate_ghs) + "] DHspd[" + dh;
    s += "%] GHSmm[" + fmt("%.2f", model.expected_ghs * v.frequency_mhz / model.frequency_mhz);
    s += "] GHSavg[" + avg + "] WU["
         + fmt("%.2f", v.diff_accepted / std::max<double>(static_cast<double>(uptime), 1) * 60);
    s += "] Freq[" + fmt("%.2f", v.frequency_mhz) + "] MGHS[" + avg + "] MTmax[";
    s += std::to_string(tmax) + "] MTavg[" + std::to_string(tavg) + "] TA[12] Core[A3197S]";
    s += " BIN[60] PING[78] SoftOFF[0] ECHU[0] ECMM[0] PLL0[499 254 423 648] SF0[432 450 471 492]";
    s += " PVT_T0[" + pvt + "] PVT_V0[299 303 301 303 300 301 306 301 297 296 303 305]";
    s += " MW0[321 338 337 334 296 338 294 322 309 283 318 321] CRC[0] COMCRC[0] ATA2[";
    s += std::to_string(watts) + "-90-3756-432-20] WORKMODE[2] WORKLEVEL[0] MPO[";
    s += std::to_string(watts) + "] CALIALL[7] ADJ[1]";
    return s;
}

ojson estats(const reply_context& ctx) {
    ojson st;
    st["STATS"] = 0;
    st["ID"] = "AVA100";
    st["Elapsed"] = std::max<std::int64_t>(ctx.v.uptime_s, 0);
    st["Calls"] = 0;
    st["Wait"] = 0.0;
    st["Max"] = 0.0;
    st["Min"] = 99999999.0;
    st["MM ID0"] = mm_id0(ctx);
    st["MM Count"] = 1;
    st["Smart Speed"] = 1;
    st["Voltage Level Offset"] = 0;
    st["Nonce Mask"] = 25;
    return envelope(ctx, "CGMiner stats", 70, "STATS", ojson::array({st}));
}

void hashrates_mhs(const reply_context& ctx, ojson& j) {
    const auto& v = ctx.v;
    const auto up = static_cast<double>(std::max<std::int64_t>(v.uptime_s, 1));
    j["MHS av"] = r2(v.session_hashes / 1e6 / up);
    j["MHS 30s"] = r2(v.hashrate_ghs * 1000);
    j["MHS 1m"] = r2(v.avg_1m_ghs * 1000);
    j["MHS 5m"] = r2(v.avg_5m_ghs * 1000);
    j["MHS 15m"] = r2(v.avg_15m_ghs * 1000);
}

} // namespace

std::optional<ojson> avalon_command(const reply_context& ctx, std::string_view command) {
    const auto& v = ctx.v;
    const auto uptime = std::max<std::int64_t>(v.uptime_s, 0);
    if (command == "version") {
        ojson ver = {{"CGMiner", "4.11.1"},
                     {"API", "3.7"},
                     {"PROD", "Avalon Nano3s"},
                     {"MODEL", "Nano3s"},
                     {"HWTYPE", "PMMv1_X1"},
                     {"SWTYPE", "MM319"},
                     {"VERSION", "25021401_56abae7"},
                     {"LOADER", "d0d779de.00"},
                     {"DNA", dna(ctx.miner)},
                     {"MAC", mac_string(ctx.miner, false)},
                     {"UPAPI", "2"}};
        return envelope(ctx, "CGMiner versions", 22, "VERSION", ojson::array({ver}));
    }
    if (command == "summary") {
        ojson s;
        s["Elapsed"] = uptime;
        hashrates_mhs(ctx, s);
        s.update(summary_counters(ctx));
        return envelope(ctx, "Summary", 11, "SUMMARY", ojson::array({s}));
    }
    if (command == "estats" || command == "stats")
        return estats(ctx);
    if (command == "pools") {
        auto pools =
            ojson::array({standard_pool(ctx, 0, "stratum+tcp://solo.ckpool.org:3333", true),
                          standard_pool(ctx, 1, "stratum+tcp://public-pool.io:21496", false),
                          standard_pool(ctx, 2, "stratum+tcp://solo.ckpool.org:443", false)});
        return envelope(ctx, "3 Pool(s)", 7, "POOLS", std::move(pools));
    }
    if (command == "devs") {
        ojson d;
        d["ASC"] = 0;
        d["Name"] = "AVA10";
        d["ID"] = 0;
        d["Enabled"] = "Y";
        d["Status"] = "Alive";
        d["Temperature"] = -273.0; // no ambient sensor
        hashrates_mhs(ctx, d);
        d["Accepted"] = v.accepted;
        d["Rejected"] = v.rejected;
        d["Hardware Errors"] = v.hw_errors;
        d["Utility"] = r2(static_cast<double>(v.accepted)
                          / static_cast<double>(std::max<std::int64_t>(uptime, 1)) * 60);
        d["Last Share Pool"] = 0;
        d["Last Share Time"] = ctx.when - 3;
        d["Total MH"] = std::round(v.session_hashes / 1e6);
        d["Diff1 Work"] = static_cast<std::uint64_t>(v.diff_accepted + v.diff_rejected);
        d["Difficulty Accepted"] = v.diff_accepted;
        d["Difficulty Rejected"] = v.diff_rejected;
        d["Last Share Difficulty"] = ctx.miner.prof->model.pool_difficulty;
        d["Last Valid Work"] = ctx.when;
        d["Device Hardware%"] = 0.0;
        const double all = v.diff_accepted + v.diff_rejected;
        d["Device Rejected%"] = all > 0 ? round_to(v.diff_rejected / all * 100, 4) : 0.0;
        d["Device Elapsed"] = uptime;
        return envelope(ctx, "1 ASC(s)", 9, "DEVS", ojson::array({d}));
    }
    return std::nullopt;
}

} // namespace sw::fakeminer
