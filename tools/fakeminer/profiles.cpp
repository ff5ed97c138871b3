#include "tools/fakeminer/profiles.hpp"

#include <array>

namespace sw::fakeminer {

namespace {

// Pool difficulties are picked so every device sends roughly one share every 4-5 s: enough
// for counters to move visibly during a demo, like a solo pool's vardiff would settle.
constexpr std::array profiles{
    profile{"v2.15",
            miner_kind::axeos,
            "bitaxe",
            "Bitaxe Gamma, AxeOS v2.15: the fixture shape, numeric difficulties, solo fields",
            {1100, 1071, 1000, 25, 34, 6, 17.8, 1, 10000, 525}},
    profile{"v2.10",
            miner_kind::axeos,
            "bitaxe",
            "Bitaxe Gamma, AxeOS v2.10: difficulties as strings with a space (\"1.46 G\")",
            {1100, 1071, 1000, 25, 34, 6, 17.8, 1, 10000, 525}},
    profile{"v2.5",
            miner_kind::axeos,
            "bitaxe",
            "Bitaxe Gamma, AxeOS v2.5: strings (\"4.29G\"), no solo fields, no /api/system/asic, "
            "no Origin check",
            {1100, 1071, 1000, 25, 34, 6, 17.8, 1, 10000, 525}},
    profile{"v2.1",
            miner_kind::axeos,
            "bitaxe-ultra",
            "Bitaxe Ultra, AxeOS v2.1: fanSpeed, raw floats (11.670000076293945), strings, no "
            "/api/system/asic, no Origin check",
            {450, 434, 512, 25, 30, 5, 12.5, 1, 10000, 485}},
    profile{"nerdqaxe",
            miner_kind::axeos,
            "nerdqaxe",
            "NerdQAxe++ v1.0.36: hostip, foundBlocks, fanrpm2, lastResetReason, "
            "stratumDifficulty, asicTemps[], numeric difficulties, no /api/system/asic",
            {4800, 4814, 4096, 25, 36, 15, 76, 2, 6000, 590}},
    profile{"nerdqaxe_old",
            miner_kind::axeos,
            "nerdqaxe",
            "NerdQAxe++ v1.0.34: as nerdqaxe with string difficulties (\"270M\")",
            {4800, 4814, 4096, 25, 36, 15, 76, 2, 6000, 590}},
    profile{"luckyminer",
            miner_kind::axeos,
            "luckyminer",
            "LuckyMiner LV07 (AxeOS v2.15 fork): adds minerModel",
            {1000, 980, 1000, 25, 33, 6, 20, 1, 9000, 525}},
    profile{"avalon_nano3s",
            miner_kind::cgminer,
            "nano3s",
            "Avalon Nano 3s, cgminer 4.11.1: version, summary (MHS 30s), estats/stats with the "
            "MM ID0 string, pools, devs; accepts joined commands; When = uptime",
            {6000, 6100, 6000, 25, 65, 20, 140, 1, 4600, 464.89}},
    profile{"antminer_s19",
            miner_kind::cgminer,
            "s19",
            "Antminer S19 XP on Vnish 1.2.0: GHS 5s as a string, stats with temp_chipN strings, "
            "DevFee pool; REFUSES joined commands (code 14)",
            {140000, 144400, 131072, 25, 50, 200, 3010, 4, 6000, 495}},
    profile{"whatsminer",
            miner_kind::cgminer,
            "whatsminer",
            "Whatsminer M30S++ (btminer): STATUS as a bare object, Power, Temperature, Fan Speed "
            "In/Out, Chip Temp Min/Max/Avg, MAC; summary, pools, devs, get_version",
            {68000, 67051, 65536, 25, 55, 150, 3491, 2, 7000, 622}},
    profile{"braiins_s9",
            miner_kind::cgminer,
            "s9",
            "Antminer S9 on Braiins OS: MHS 24h, fans and temps commands (chains 6, 7, 8)",
            {14000, 13500, 16384, 25, 45, 100, 1300, 4, 6000, 650}},
};

constexpr std::array faults{
    fault_info{fault_mode::none, "none", true, true, "healthy"},
    fault_info{fault_mode::hang, "hang", true, true, "accept, read the request, never answer"},
    fault_info{fault_mode::slow, "slow", true, true, "answer after --slow-ms"},
    fault_info{fault_mode::garbage, "garbage", true, true, "random bytes, then close"},
    fault_info{fault_mode::close, "close", true, true, "close mid-reply (truncated JSON)"},
    fault_info{fault_mode::http401, "http401", true, false, "AxeOS: 401 Unauthorized"},
    fault_info{fault_mode::denied, "denied", false, true, "cgminer: STATUS E code 45"},
    fault_info{fault_mode::refuse, "refuse", true, true, "do not listen: connection refused"},
    fault_info{fault_mode::broken_json,
               "broken_json",
               false,
               true,
               "cgminer: broken JSON (optional :VARIANT, default rotates)"},
};

constexpr std::array<std::string_view, broken_variant_count + 1> variant_names{
    "rotate",
    "trailing_comma",
    "missing_comma",
    "leading_comma",
    "raw_newline",
    "nan_value",
    "truncated",
    "string_numbers",
};

} // namespace

std::string_view to_string(miner_kind kind) {
    return kind == miner_kind::axeos ? "axeos" : "cgminer";
}

std::span<const profile> all_profiles() {
    return profiles;
}

const profile* find_profile(std::string_view name) {
    for (const auto& p : profiles)
        if (p.name == name)
            return &p;
    return nullptr;
}

std::span<const fault_info> all_faults() {
    return faults;
}

const fault_info* find_fault(std::string_view name) {
    for (const auto& f : faults)
        if (f.name == name)
            return &f;
    return nullptr;
}

std::string_view to_string(fault_mode mode) {
    for (const auto& f : faults)
        if (f.mode == mode)
            return f.name;
    return "?";
}

std::string_view to_string(broken_variant variant) {
    return variant_names.at(static_cast<std::size_t>(variant));
}

bool parse_broken_variant(std::string_view name, broken_variant& out) {
    for (std::size_t i = 0; i < variant_names.size(); ++i) {
        if (variant_names[i] == name) {
            out = static_cast<broken_variant>(i);
            return true;
        }
    }
    return false;
}

} // namespace sw::fakeminer
