#pragma once
// Fleet aggregates of the `metrics` topic (PROTOCOL.md) and the fleet's best difficulty. Pure:
// the caller passes the snapshots, the clock reading and the start of the local day, so tests
// run on virtual time with a fixed UTC offset.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "miners/snapshot.hpp"

namespace sw::miners {

struct fleet_totals {
    double total_hashrate_ghs = 0;             ///< online miners
    std::optional<double> total_power_w;       ///< online miners reporting power
    std::optional<double> efficiency_j_per_th; ///< over online miners reporting both
    std::int64_t miners_online = 0;
    std::int64_t miners_total = 0;
    std::optional<double> best_difficulty;         ///< fleet all-time (best_tracker)
    std::optional<double> best_difficulty_today;   ///< best_tracker
    std::optional<double> best_percent_of_network; ///< best_difficulty / network * 100
    std::optional<double> network_difficulty;      ///< majority of miners, else configured
    std::optional<double> expected_seconds_to_block;
    std::optional<double> block_probability_day;  ///< 86400 s
    std::optional<double> block_probability_year; ///< 365.25 days
    std::int64_t blocks_found = 0;                ///< sum over every miner, offline ones too

    bool operator==(const fleet_totals&) const = default;
};

/// The `metrics` topic data: PROTOCOL.md's field names plus `blocks_found`; unknown is null.
/// Difficulties that are whole numbers are JSON integers, as in the miner snapshot.
nlohmann::json to_json(const fleet_totals& totals);

/// The hashrate a miner contributes to the fleet: avg_1m, else now, else avg_10m. The 1-min
/// average is steadier than `now` (one sample of the ASIC counters) and fresher than 10 min.
std::optional<double> fleet_hashrate_ghs(const miner_reading& reading) noexcept;

using wall_time = std::chrono::system_clock::time_point;

/// Gives the start of the local calendar day that contains its argument.
using day_start_fn = std::function<wall_time(wall_time)>;

/// Local days of the process's time zone (TZ), DST included (localtime_r / mktime).
day_start_fn local_day_start();

/// Local days at a fixed offset from UTC (east positive): for tests and fixed-zone setups.
day_start_fn fixed_offset_day_start(std::chrono::seconds utc_offset);

/// The fleet's best difficulty, all-time and today. Miners report only their all-time and
/// session bests, not when a share was found, so "today" is what can be proven to be from
/// today: a best that went up while observed today, and the session best of an online miner
/// whose uptime says it booted today. A share found today below an older session best is
/// invisible to every poller; that is the firmware's limit.
class best_tracker {
public:
    explicit best_tracker(day_start_fn day_start = local_day_start());

    /// Feed every snapshot after each poll (offline ones too: they keep their last reading).
    void observe(const miner_snapshot& snap, wall_time now);

    /// The highest all-time or session best ever observed from any miner.
    [[nodiscard]] std::optional<double> all_time() const { return all_time_; }

    /// The best of the local day containing `now`; nullopt once that day is not the one the
    /// observations were made on (the day rolled over) or nothing is known from today.
    [[nodiscard]] std::optional<double> today(wall_time now) const;

private:
    struct last_seen {
        std::optional<double> all_time;
        std::optional<double> session;
    };

    void roll_day(wall_time now);
    void consider(const std::optional<double>& value, std::optional<double>& last, bool online);

    day_start_fn day_start_;
    std::optional<wall_time> day_; ///< start of the day today_ belongs to
    std::optional<double> all_time_;
    std::optional<double> today_;
    std::unordered_map<std::string, last_seen> miners_; ///< by snapshot id
};

/// Aggregates the fleet. Null pointers are skipped. Only online miners count toward hashrate,
/// power, efficiency, the network difficulty vote and the odds; blocks_found sums every miner.
/// Network difficulty: the value most online miners report (a tie goes to the larger), else
/// `configured_network_difficulty` when > 0, else unknown.
fleet_totals compute_fleet_totals(const std::vector<const miner_snapshot*>& miners,
                                  std::optional<double> configured_network_difficulty,
                                  const best_tracker& best,
                                  wall_time now);

} // namespace sw::miners
