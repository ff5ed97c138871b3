#pragma once
// The simulated device profiles (firmware generations and makes) and fault modes, as tables:
// one row per profile, so --help, the README and validation all read the same list.

#include <cstdint>
#include <span>
#include <string_view>

namespace sw::fakeminer {

// The protocol a miner speaks: AxeOS HTTP/JSON or the cgminer TCP API.
enum class miner_kind { axeos, cgminer };

std::string_view to_string(miner_kind kind);

// What the drift simulation needs to know about one device.
struct device_model {
    double nominal_ghs = 0;     // long-run mean hashrate, GH/s
    double expected_ghs = 0;    // what the firmware reports as expected (frequency x cores)
    double pool_difficulty = 0; // stratum difficulty the pool hands out (sets the share rate)
    double ambient_c = 25;      // air temperature
    double chip_rise_c = 0;     // chip temperature above ambient at full load
    double idle_w = 0;          // power while booting / idle
    double full_w = 0;          // power at nominal hashrate
    int fans = 1;               // fan count reported
    double fan_max_rpm = 0;     // RPM at 100 %
    double frequency_mhz = 0;   // default chip frequency; hashrate scales with it
};

struct profile {
    std::string_view name;            // CLI name, e.g. "v2.15"
    miner_kind kind;                  // protocol
    std::string_view hostname_prefix; // hostname / config name: "<prefix>-<index>"
    std::string_view summary;         // one line for --help
    device_model model;
};

// Every profile, AxeOS first.
std::span<const profile> all_profiles();

// nullptr when the name is unknown.
const profile* find_profile(std::string_view name);

// How a miner misbehaves; none = a healthy miner.
enum class fault_mode : std::uint8_t {
    none,
    hang,        // accept, read the request, never answer
    slow,        // answer after --slow-ms
    garbage,     // random bytes instead of a reply, then close
    close,       // close mid-reply: truncated JSON
    http401,     // AxeOS: 401 Unauthorized to everything
    denied,      // cgminer: STATUS E code 45 "Access denied"
    refuse,      // do not listen: connection refused
    broken_json, // cgminer: one of the field-seen broken-JSON shapes
};

struct fault_info {
    fault_mode mode;
    std::string_view name;
    bool axeos;   // allowed on AxeOS miners
    bool cgminer; // allowed on cgminer miners
    std::string_view summary;
};

std::span<const fault_info> all_faults();

const fault_info* find_fault(std::string_view name);

std::string_view to_string(fault_mode mode);

// The broken-JSON shapes of MINERS.md section 2, each repairable by the documented fix.
enum class broken_variant : std::uint8_t {
    rotate,         // a different variant on each connection, in this order:
    trailing_comma, // `,}` before the last brace
    missing_comma,  // `}{` between two array elements (falls back to trailing_comma)
    leading_comma,  // `[,{` at the start of the data array
    raw_newline,    // a raw newline inside a string value
    nan_value,      // a bare `nan` as a number
    truncated,      // the final `}` missing (NUL still sent)
    string_numbers, // numbers sent as strings, `" 12.0000"`
};

inline constexpr int broken_variant_count = 7; // not counting rotate

std::string_view to_string(broken_variant variant);

// Parses a variant name; false when unknown.
bool parse_broken_variant(std::string_view name, broken_variant& out);

} // namespace sw::fakeminer
