// Antminer replies: S19 XP on Vnish (fixtures/miners/antminer_s19xp_vnish_*: GH/s figures,
// "GHS 5s" as a string, per-chain stats keys) and S9 on Braiins OS (braiins_os_s9_*: MHS
// with full float precision, MHS 24h, fans and temps commands, chains 6-8).

#include <cmath>
#include <cstdio>

#include "tools/fakeminer/cgminer_reply.hpp"

namespace sw::fakeminer {

namespace {

constexpr const char* vnish_type = "Antminer S19 XP (Vnish 1.2.0-rc1)";

std::string str2(double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    return buf;
}

std::string dash_list(std::initializer_list<double> values) {
    std::string s;
    for (double v : values) {
        if (!s.empty())
            s += '-';
        s += std::to_string(std::lround(v));
    }
    return s;
}

ojson s19_stats(const reply_context& ctx) {
    const auto& v = ctx.v;
    const auto& model = ctx.miner.prof->model;
    const auto uptime = std::max<std::int64_t>(v.uptime_s, 0);
    const double scale = v.frequency_mhz / model.frequency_mhz;
    ojson head = {{"Cgminer", "4.11.1"},
                  {"Miner", "uart_trans.1.3"},
                  {"CompileTime", "Sat Jun 24 11:17:59 UTC 2023"},
                  {"Type", vnish_type}};
    ojson s;
    s["STATS"] = 0;
    s["ID"] = "BTM_S19XP";
    s["Elapsed"] = uptime;
    s["Calls"] = 0;
    s["Wait"] = 0.0;
    s["Max"] = 0.0;
    s["Min"] = 99999999.0;
    s["GHS 5s"] = str2(v.hashrate_ghs);
    s["GHS av"] = r2(uptime > 0 ? v.session_hashes / 1e9 / static_cast<double>(uptime) : 0);
    s["miner_count"] = 3;
    s["total_acn"] = 330;
    s["frequency"] = 495;
    s["total_freqavg"] = r2(v.frequency_mhz - 5.5);
    s["total_rateideal"] = r2(model.expected_ghs * scale);
    s["total_rate"] = r2(v.hashrate_ghs);
    s["rate_unit"] = "GH/s";
    s["state"] = v.hashrate_ghs > 0 ? "mining" : "initializing";
    s["fan_num"] = model.fans;
    s["fan_mode"] = 0;
    s["fan_pwm"] = std::lround(v.fan_pct * 0.6);
    for (int f = 1; f <= model.fans; ++f)
        s["fan" + std::to_string(f)] =
            std::lround(v.fan_pct / 100 * model.fan_max_rpm * 0.55 + 30 * f);
    s["temp_num"] = 3;
    // Vnish groups the per-chain keys by name (temp1..3, then temp2_1..3, ...): one loop per
    // key keeps that order. Chain 2 runs coolest, as in the fixture.
    const double spread[] = {0.0, -3.0, -1.0};
    auto chip = [&](int c) {
        return v.temp_max_c + spread[c - 1];
    };
    auto per_chain = [&](const std::string& prefix, const auto& value) {
        for (int c = 1; c <= 3; ++c)
            s[prefix + std::to_string(c)] = value(c);
    };
    per_chain("temp", [&](int c) { return std::lround(chip(c) - 15); });
    per_chain("temp2_", [&](int c) { return std::lround(chip(c)); });
    per_chain("temp3_", [&](int c) { return std::lround(chip(c)); });
    per_chain("temp_sens", [](int) { return "m-m"; });
    // Four sensors per chain, inlet pair then outlet pair ("61-63-60-62" style).
    per_chain("temp_pcb", [&](int c) {
        return dash_list({chip(c) - 38, chip(c) - 36, chip(c) - 15, chip(c) - 16});
    });
    per_chain("temp_chip", [&](int c) {
        return dash_list({chip(c) - 23, chip(c) - 21, chip(c), chip(c) - 1});
    });
    per_chain("chain_state", [](int) { return "mining"; });
    per_chain("chain_acn", [](int) { return 110; });
    per_chain("chain_vol", [](int) { return 12625; });
    per_chain("freq_avg", [&](int c) { return r2(v.frequency_mhz - 5 + c); });
    per_chain("chain_rateideal", [&](int) { return r2(model.expected_ghs * scale / 3); });
    per_chain("chain_rate",
              [&](int c) { return r2(v.hashrate_ghs / 3 * (1 + 0.01 * (c - 2) * v.noise)); });
    per_chain("chain_hw", [&](int c) { return c == 2 ? v.hw_errors : 0; });
    per_chain("chain_acs", [](int) {
        std::string acs;
        for (int group = 0; group < 11; ++group)
            acs += group == 0 ? "oooooooooo" : " oooooooooo";
        return acs;
    });
    per_chain("chain_consumption", [](int) { return 0; });
    s["miner_version"] = "uart_trans.1.3";
    s["build_version"] = "1.2.0-rc1";
    return envelope(ctx, "CGMiner stats", 70, "STATS", ojson::array({head, s}));
}

ojson s19_pool(const reply_context& ctx, bool devfee) {
    const auto& v = ctx.v;
    const double pool = devfee ? 2048.0 : ctx.miner.prof->model.pool_difficulty;
    const double frac = devfee ? 0.04 : 1.0; // the fee pool gets a few percent of the time
    const auto acc = static_cast<std::uint64_t>(static_cast<double>(v.accepted) * frac);
    ojson p;
    p["POOL"] = devfee ? 3 : 0;
    p["URL"] = devfee ? "DevFee" : "stratum+tcp://solo.ckpool.org:3333";
    p["Status"] = "Alive";
    p["Priority"] = devfee ? 3 : 0;
    p["Long Poll"] = "N";
    p["Getworks"] = static_cast<std::uint64_t>(static_cast<double>(v.getworks) * frac);
    p["Accepted"] = acc;
    p["Rejected"] = devfee ? 0 : v.rejected;
    p["Stale"] = devfee ? 0 : v.stale;
    p["Works"] = v.getworks * 5757;
    p["Discarded"] = v.getworks * 12;
    p["Get Failures"] = 0;
    p["Remote Failures"] = 0;
    p["User"] = devfee ? "DevFee" : "bc1q99n3pu025yyu0jlywpmwzalyhm36tg5u37w20d." + ctx.miner.name;
    p["Type"] = devfee ? 1 : 0;
    p["Last Share Time"] = hms(devfee ? 396 : 3);
    p["Diff"] = difficulty_string(pool, false);
    p["Diff1 Shares"] = 0;
    p["Proxy Type"] = "";
    p["Proxy"] = "";
    p["Difficulty Accepted"] = static_cast<double>(acc) * pool;
    p["Difficulty Rejected"] = devfee ? 0.0 : v.diff_rejected;
    p["Difficulty Stale"] = devfee ? 0.0 : static_cast<double>(v.stale) * pool;
    p["Last Share Difficulty"] = pool;
    p["Work Difficulty"] = pool;
    p["Has Stratum"] = true;
    p["Stratum Active"] = !devfee;
    p["Stratum URL"] = devfee ? "" : "solo.ckpool.org";
    p["Stratum Difficulty"] = devfee ? 0.0 : pool;
    p["Has Vmask"] = true;
    p["Best Share"] = static_cast<std::uint64_t>(v.best_session * (devfee ? 0.03 : 1.0));
    const double all = v.diff_accepted + v.diff_rejected + static_cast<double>(v.stale) * pool;
    p["Pool Rejected%"] = devfee || all <= 0 ? 0.0 : round_to(v.diff_rejected / all * 100, 4);
    p["Pool Stale%"] =
        devfee || all <= 0 ? 0.0 : round_to(static_cast<double>(v.stale) * pool / all * 100, 4);
    p["Bad Work"] = 0;
    p["Current Block Height"] = devfee ? ctx.net.height - 1 : ctx.net.height;
    p["Current Block Version"] = 536870912;
    return p;
}

} // namespace

std::optional<ojson> antminer_command(const reply_context& ctx, std::string_view command) {
    const auto& v = ctx.v;
    const auto uptime = std::max<std::int64_t>(v.uptime_s, 0);
    if (command == "summary") {
        ojson s;
        s["Elapsed"] = uptime;
        s["GHS 5s"] = str2(v.hashrate_ghs); // a string on this firmware
        s["GHS av"] = r2(uptime > 0 ? v.session_hashes / 1e9 / static_cast<double>(uptime) : 0);
        s.update(summary_counters(ctx));
        s["Fee Percent"] = 3.8449;
        return envelope(ctx, "Summary", 11, "SUMMARY", ojson::array({s}));
    }
    if (command == "stats")
        return s19_stats(ctx);
    if (command == "pools")
        return envelope(ctx,
                        "2 Pool(s)",
                        7,
                        "POOLS",
                        ojson::array({s19_pool(ctx, false), s19_pool(ctx, true)}));
    if (command == "version") {
        ojson ver = {{"CGMiner", "4.11.1"},
                     {"API", "3.7"},
                     {"Miner", "uart_trans.1.3"},
                     {"CompileTime", "Sat Jun 24 11:17:59 UTC 2023"},
                     {"Type", vnish_type}};
        return envelope(ctx, "CGMiner versions", 22, "VERSION", ojson::array({ver}));
    }
    return std::nullopt;
}

std::optional<ojson> braiins_command(const reply_context& ctx, std::string_view command) {
    const auto& v = ctx.v;
    const auto& model = ctx.miner.prof->model;
    const auto uptime = std::max<std::int64_t>(v.uptime_s, 0);
    if (command == "summary") {
        ojson s;
        s["Elapsed"] = uptime;
        // BOSminer is written in Rust and prints full f64 precision.
        s["MHS av"] = uptime > 0 ? v.session_hashes / 1e6 / static_cast<double>(uptime) : 0.0;
        s["MHS 5s"] = v.hashrate_ghs * 1000;
        s["MHS 1m"] = v.avg_1m_ghs * 1000;
        s["MHS 5m"] = v.avg_5m_ghs * 1000;
        s["MHS 15m"] = v.avg_15m_ghs * 1000;
        s["MHS 24h"] = v.avg_24h_ghs * 1000;
        s.update(summary_counters(ctx));
        return envelope(ctx, "Summary", 11, "SUMMARY", ojson::array({s}));
    }
    if (command == "fans") {
        ojson fans = ojson::array();
        for (int f = 0; f < model.fans; ++f) {
            // Two fans fitted out of four slots, as on the fixture's S9.
            const long rpm = f < 2 ? std::lround(v.fan_pct / 100 * model.fan_max_rpm) : 0;
            fans.push_back(
                {{"FAN", f}, {"ID", f}, {"RPM", rpm}, {"Speed", std::lround(v.fan_pct)}});
        }
        return envelope(ctx, std::to_string(model.fans) + " Fan(s)", 202, "FANS", fans);
    }
    if (command == "temps") {
        ojson temps = ojson::array();
        for (int c = 0; c < 3; ++c) // S9 chain ids are 6, 7, 8
            temps.push_back({{"TEMP", c},
                             {"ID", 6 + c},
                             {"Board", round_to(v.vr_temp_c - 2.0 * c, 1)},
                             {"Chip", round_to(v.temp_max_c - 2.0 * c, 1)}});
        return envelope(ctx, "3 Temp(s)", 201, "TEMPS", temps);
    }
    if (command == "pools")
        return envelope(
            ctx,
            "2 Pool(s)",
            7,
            "POOLS",
            ojson::array({standard_pool(ctx, 0, "stratum+tcp://solo.ckpool.org:3333", true),
                          standard_pool(ctx, 1, "stratum+tcp://public-pool.io:21496", false)}));
    if (command == "version")
        return envelope(
            ctx,
            "BOSminer versions",
            22,
            "VERSION",
            ojson::array({{{"BOSminer", "bosminer-plus-tuner 0.9.0-26ba61b9"}, {"API", "3.7"}}}));
    return std::nullopt;
}

} // namespace sw::fakeminer
