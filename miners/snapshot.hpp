#pragma once
// The normalized miner snapshot of MINERS.md section 3: what every driver produces and what the
// `miners` topic, the REST API and the dashboard carry. Units are part of the names. A value
// the miner did not report stays empty (JSON null): never a made-up zero.
//
// Split in two: a miner_reading is what one poll measured (filled by the parsers in
// miners/axeos.hpp and miners/cgminer_sections.hpp); a miner_snapshot adds the identity and
// status that the poller owns (name, host, kind, online, last_seen, last_error, restarted).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sw::miners {

/// GH/s whatever unit the miner used. The JSON carries now/avg_1m/avg_10m/avg_1h; the other
/// windows are what cgminer firmware reports instead (5m, 15m, 24h, since start) and let the
/// hashrate_drop rule fall back when a miner has no 10-min average.
struct hashrate_figures {
    std::optional<double> now;
    std::optional<double> avg_1m;
    std::optional<double> avg_10m;
    std::optional<double> avg_1h;
    std::optional<double> avg_5m;    ///< not in JSON
    std::optional<double> avg_15m;   ///< not in JSON
    std::optional<double> avg_24h;   ///< not in JSON (Braiins `MHS 24h`)
    std::optional<double> avg_total; ///< not in JSON: since the mining process started
};

/// Degrees Celsius. `asic` is the miner's main chip figure: the average where the firmware
/// reports one (AxeOS `temp`, Avalon TAvg, Whatsminer Chip Temp Avg), else the hottest chip
/// (Antminer, Braiins). `chip_max` / `board` feed temp_c.max only.
struct temperatures {
    std::optional<double> asic;
    std::optional<double> vr;
    std::optional<double> ambient;
    std::optional<double> chip_max; ///< not in JSON: hottest chip sensor reported
    std::optional<double> board;    ///< not in JSON: hottest board (PCB) sensor reported
};

struct fan_reading {
    std::optional<std::int64_t> rpm;
    std::optional<double> pct; ///< PWM duty in percent
};

struct share_counts {
    std::optional<std::int64_t> accepted;
    std::optional<std::int64_t> rejected;
    std::optional<std::int64_t> stale;           ///< not in JSON
    std::optional<std::int64_t> hardware_errors; ///< not in JSON
};

struct best_difficulties {
    std::optional<double> all_time; ///< persisted by the miner (AxeOS bestDiff)
    std::optional<double> session;  ///< since boot / process start (cgminer Best Share)
};

struct pool_status {
    std::optional<std::string> url;
    std::optional<std::string> user;
    std::optional<double> difficulty;
    std::optional<bool> fallback_active;
};

struct network_status {
    std::optional<double> difficulty;
    std::optional<std::int64_t> height;
};

/// What one poll measured. Fields marked "not in JSON" are kept for the poller and the alert
/// rules (reset_reason feeds the restart alert, mac feeds the id).
struct miner_reading {
    std::optional<std::string> mac; ///< lower case, colon separated (normalize_mac)
    std::optional<std::string> make;
    std::optional<std::string> model;
    std::optional<std::string> firmware;
    std::optional<std::string> hostname;     ///< not in JSON (AxeOS)
    std::optional<std::string> ip;           ///< not in JSON (AxeOS ipv4 / NerdQAxe hostip)
    std::optional<std::string> asic_model;   ///< not in JSON ("BM1370")
    std::optional<std::int64_t> asic_count;  ///< not in JSON
    std::optional<std::string> reset_reason; ///< not in JSON (AxeOS resetReason)
    std::optional<std::int64_t> uptime_s;
    hashrate_figures hashrate_ghs;
    std::optional<double> expected_hashrate_ghs;
    std::optional<double> power_w;
    std::optional<double> input_voltage_v; ///< not in JSON (AxeOS `voltage` is mV)
    std::optional<double> input_current_a; ///< not in JSON (AxeOS `current` is mA)
    temperatures temp_c;
    std::vector<fan_reading> fans;
    share_counts shares;
    best_difficulties best_difficulty;
    pool_status pool;
    std::optional<std::int64_t> blocks_found;
    network_status network;
    std::vector<std::string> faults; ///< "overheat", "power_fault: <text>", "paused", ...
};

/// Fills every field `into` lacks from `from` (first writer wins); lists are taken when
/// `into`'s is empty, faults are united. Used to combine several commands of one poll.
void fill_missing(miner_reading& into, const miner_reading& from);

enum class miner_kind : std::uint8_t { axeos, cgminer };

std::string_view to_string(miner_kind kind) noexcept;

struct miner_snapshot {
    std::string id;   ///< miner_id(): lower-case MAC, else the configured name
    std::string name; ///< configured
    std::string host; ///< configured
    miner_kind kind = miner_kind::axeos;
    bool online = false;
    std::optional<std::string> last_seen;  ///< RFC 3339 with ms, formatted by the caller
    std::optional<std::string> last_error; ///< why the last poll failed
    bool restarted = false;                ///< first poll after uptime went down
    miner_reading reading;
    std::uint64_t trace_id = 0; ///< the poll's id in the actor trace; 0: not traced
};

/// The section-3 JSON: exactly its names, nesting and units; absent values are null.
/// Difficulties that are whole numbers are written as JSON integers (as in the example).
nlohmann::json to_json(const miner_snapshot& snapshot);

/// "2C:54:91:88:C9:E3", "2c-54-91-88-c9-e3", "e0e1a93f8523" -> "2c:54:91:88:c9:e3".
/// Text that is not 12 hex digits (ignoring ':' '-' '.') is returned lower-cased and trimmed;
/// blank text and the all-zero MAC give nullopt.
std::optional<std::string> normalize_mac(std::string_view text);

/// The snapshot id: the (normalized) MAC when the miner reported one, else the configured name.
std::string miner_id(const miner_reading& reading, std::string_view configured_name);

/// A difficulty as JSON: whole numbers (the usual case) as integers, so 126410000000000 does
/// not print as 126410000000000.0; beyond 2^53 a double is not an exact integer and stays one.
/// Unknown or not finite: null.
nlohmann::json difficulty_json(const std::optional<double>& v);

/// power_w / (hashrate_ghs.now / 1000) when both are known and the hashrate is > 0.
std::optional<double> efficiency_j_per_th(const miner_reading& reading) noexcept;

/// rejected / (accepted + rejected) * 100 when both are known and the sum is > 0.
std::optional<double> reject_pct(const share_counts& shares) noexcept;

/// The highest of every known temperature (asic, vr, ambient, chip_max, board).
std::optional<double> max_temp(const temperatures& temps) noexcept;

} // namespace sw::miners
