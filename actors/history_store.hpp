#pragma once
// history_store: the SQLite file behind [history]. Samples of every miner and of the fleet at
// three resolutions (raw, 5-minute and 1-hour averages, all in one table keyed by resolution,
// series and time) and every alert update. Used by one actor only (actors/history.hpp): the
// store is not thread-safe and needs no lock. Every method throws SQLite::Exception (a
// std::runtime_error) when the file cannot be read or written; the actor decides what to do.
//
// Times are unix seconds (UTC). A series is a miner id, or "" for the fleet totals.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.hpp"

namespace SQLite {
class Database;
}

namespace sw::actors {

/// One sample: a miner's latest poll (or the fleet totals) at one moment.
struct history_sample {
    std::string series; ///< miner id; "" = the fleet
    std::string name;   ///< the configured name (lets the API find a miner by name)
    std::int64_t ts = 0;
    double online = 0; ///< miner: 1 or 0 (an average: the fraction online); fleet: miners online
    std::optional<double> hashrate_ghs;
    std::optional<double> power_w;
    std::optional<double> temp_asic_c;
    std::optional<double> temp_vr_c;
    std::optional<double> fan_rpm;
    std::optional<double> shares_accepted;
    std::optional<double> shares_rejected;
    std::optional<double> best_difficulty;

    bool operator==(const history_sample&) const = default;
};

/// One stored alert update (the alerts topic's `alert` object).
struct history_alert {
    std::int64_t ts = 0;
    nlohmann::json alert;
};

/// The resolutions, finest first: 0 = raw (one row per sample), then bucket widths.
inline constexpr std::int64_t resolution_raw = 0;
inline constexpr std::int64_t resolution_5m = 300;
inline constexpr std::int64_t resolution_1h = 3600;

/// A series for the API: time-aligned arrays, one entry per step.
struct history_series {
    std::int64_t from = 0;
    std::int64_t to = 0;
    std::int64_t step = 0;       ///< seconds between points
    std::int64_t resolution = 0; ///< the table read: resolution_raw / _5m / _1h
    std::vector<std::int64_t> t; ///< bucket starts; a gap in the data is one null point
    std::vector<std::vector<std::optional<double>>> columns; ///< in history_columns order
};

/// The sample columns, in the order of history_series::columns and of the table.
inline constexpr std::array<std::string_view, 9> history_columns{"online",
                                                                 "hashrate_ghs",
                                                                 "power_w",
                                                                 "temp_asic_c",
                                                                 "temp_vr_c",
                                                                 "fan_rpm",
                                                                 "shares_accepted",
                                                                 "shares_rejected",
                                                                 "best_difficulty"};

/// What maintenance did (for the log and the tests).
struct maintenance_result {
    std::int64_t aggregated_5m = 0; ///< 5-minute rows written
    std::int64_t aggregated_1h = 0; ///< 1-hour rows written
    std::int64_t pruned = 0;        ///< rows deleted (samples and alerts)
};

class history_store {
public:
    /// Opens (creating) the file in WAL mode and checks it (PRAGMA quick_check). A file that
    /// fails the check is moved aside to "<path>.corrupt-<unix time>" and a new one started;
    /// `notice` then says so. Throws when the file cannot be opened or created.
    explicit history_store(const std::string& path, std::string* notice = nullptr);
    ~history_store();
    history_store(const history_store&) = delete;
    history_store& operator=(const history_store&) = delete;

    /// Writes the samples (same series and time: replaced) and the alerts in one transaction.
    /// All or nothing: on a throw nothing was written.
    void append(const std::vector<history_sample>& samples,
                const std::vector<history_alert>& alerts);

    /// Averages complete buckets into the 5-minute and 1-hour tables (from where the last run
    /// stopped, or from the oldest late sample written since), then deletes rows past their
    /// retention.
    maintenance_result maintain(std::int64_t now, const config::history_config& cfg);

    /// The series over [from, to], from the finest resolution that still holds `from` and
    /// gives at most `max_points` points at a step of at least `step` (0: the resolution's
    /// own). Consecutive points further apart than two steps get a null point between them,
    /// so a chart breaks its line where the miner was not sampled.
    history_series query(const std::string& series,
                         std::int64_t from,
                         std::int64_t to,
                         std::int64_t step,
                         std::int64_t now,
                         const config::history_config& cfg);

    /// The series a miner's history is kept under: `key` when it is a stored series, else the
    /// series last sampled under that configured name; nullopt when neither.
    std::optional<std::string> find_series(const std::string& key);

    /// Alert updates in [from, to], oldest first, at most `limit`.
    std::vector<history_alert> alerts(std::int64_t from, std::int64_t to, std::size_t limit);

    /// The file's size on disk with its WAL, in bytes.
    [[nodiscard]] std::uint64_t file_bytes() const;

private:
    void open_checked(std::string* notice);
    void create_schema();
    std::optional<std::int64_t> watermark(std::int64_t resolution);
    void set_watermark(std::int64_t resolution, std::int64_t value);
    std::int64_t aggregate(std::int64_t into, std::int64_t from_resolution, std::int64_t now);

    std::string path_;
    std::unique_ptr<SQLite::Database> db_;
};

/// The JSON of a series, for the API: {"series", "from", "to", "step", "resolution" ("raw",
/// "5m", "1h"), "t": [...], and one array per column}. For the fleet ("" series) `online` is
/// named `miners_online` and the per-miner columns (temperatures, fan) are left out.
std::string to_json_text(const std::string& series, const history_series& s);

} // namespace sw::actors
