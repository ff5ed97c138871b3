#pragma once
// The simulator's settings (filled by the CLI in main.cpp) and the list of miners they expand
// to. No I/O here, so the expansion rules can be read and checked in one place.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/fakeminer/profiles.hpp"

namespace sw::fakeminer {

// Every CLI option; the defaults here are the documented defaults.
struct options {
    int axeos = 3;                                              // --axeos N
    int cgminer = 2;                                            // --cgminer M
    int base_port = 14000;                                      // --base-port P
    std::string host = "127.0.0.1";                             // --host (127.x only)
    std::string axeos_firmware = "v2.15,v2.10,nerdqaxe,v2.5";   // cycled over AxeOS miners
    std::string cgminer_profile = "avalon_nano3s,antminer_s19"; // cycled over cgminer miners
    std::vector<std::string> faults;                            // --fault INDEX:MODE[:VARIANT]
    std::uint64_t seed = 1;                                     // --seed: deterministic drift
    double restart_every_s = 0;                                 // 0 = never restart
    int slow_ms = 3000;                                         // delay of the slow fault
    double duration_s = 0;                                      // 0 = run until a signal
    bool print_config = false;                                  // print TOML and exit
};

// One simulated miner, fully resolved.
struct miner_spec {
    int index = 0;                 // 0..N+M-1, AxeOS first
    const profile* prof = nullptr; // never null after build_miners
    std::string host;              // listen address
    std::uint16_t port = 0;
    fault_mode fault = fault_mode::none;
    broken_variant variant = broken_variant::rotate; // broken_json only
    std::string name;                                // hostname and config name, unique
    std::array<std::uint8_t, 6> mac{};               // unique, locally administered
    std::uint64_t seed = 0;                          // per-miner drift seed

    miner_kind kind() const { return prof->kind; }
};

// Expands options into miners; on a bad option returns nullopt and says why in `error`.
std::optional<std::vector<miner_spec>> build_miners(const options& opt, std::string& error);

// True for a dotted IPv4 address in 127.0.0.0/8: the simulator never listens elsewhere.
bool is_loopback_ipv4(const std::string& host);

// "[[miners]]" TOML blocks (name, kind, host, port) for a solowatch config.
std::string to_toml(const std::vector<miner_spec>& miners);

// The one startup line printed per miner.
std::string describe(const miner_spec& miner);

// MAC as "AA:BB:CC:DD:EE:FF" (upper, colons) or "aabbccddeeff" (lower, bare), as firmware does.
std::string mac_string(const miner_spec& miner, bool upper_with_colons);

} // namespace sw::fakeminer
