#include "actors/history_store.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

namespace sw::actors {
namespace {

constexpr int busy_timeout_ms = 250; // a locked file fails the write; the actor retries later
constexpr int schema_version = 1;

// clang-format off
constexpr const char* schema_sql =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS samples("
    " res INTEGER NOT NULL, series TEXT NOT NULL, ts INTEGER NOT NULL, name TEXT,"
    " online REAL, hashrate_ghs REAL, power_w REAL, temp_asic_c REAL, temp_vr_c REAL,"
    " fan_rpm REAL, shares_accepted REAL, shares_rejected REAL, best_difficulty REAL,"
    " PRIMARY KEY(res, series, ts)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS alerts(ts INTEGER NOT NULL, body TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS alerts_by_time ON alerts(ts);";

constexpr const char* insert_sample_sql =
    "INSERT OR REPLACE INTO samples VALUES(0,?,?,?,?,?,?,?,?,?,?,?,?)";

// Averages of gauges; the largest of counters and best difficulty (they only grow between
// restarts, so the bucket's last value is its largest).
constexpr const char* aggregate_sql =
    "INSERT OR REPLACE INTO samples "
    "SELECT ?1, series, (ts / ?1) * ?1, max(name), avg(online), avg(hashrate_ghs), avg(power_w),"
    " avg(temp_asic_c), avg(temp_vr_c), avg(fan_rpm), max(shares_accepted),"
    " max(shares_rejected), max(best_difficulty)"
    " FROM samples WHERE res = ?2 AND ts >= ?3 AND ts < ?4 GROUP BY series, ts / ?1";

// The three ranges: [?2,?3) of 1-hour rows, [?4,?5) of 5-minute rows, [?6,?7] of raw rows.
constexpr const char* query_sql =
    "SELECT (ts / ?8) * ?8 AS bucket, avg(online), avg(hashrate_ghs), avg(power_w),"
    " avg(temp_asic_c), avg(temp_vr_c), avg(fan_rpm), max(shares_accepted),"
    " max(shares_rejected), max(best_difficulty)"
    " FROM samples WHERE series = ?1 AND ("
    "  (res = 3600 AND ts >= ?2 AND ts < ?3) OR (res = 300 AND ts >= ?4 AND ts < ?5)"
    "  OR (res = 0 AND ts >= ?6 AND ts <= ?7))"
    " GROUP BY bucket ORDER BY bucket";

// clang-format on

std::int64_t seconds(config::duration d) {
    return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

std::int64_t floor_to(std::int64_t t, std::int64_t width) {
    return t / width * width;
}

void bind_optional(SQLite::Statement& st, int index, const std::optional<double>& v) {
    if (v)
        st.bind(index, *v);
    else
        st.bind(index);
}

std::string resolution_name(std::int64_t res) {
    if (res == resolution_1h)
        return "1h";
    if (res == resolution_5m)
        return "5m";
    return "raw";
}

void move_aside(const std::string& path, const std::string& suffix) {
    for (const char* part : {"", "-wal", "-shm"}) {
        std::error_code ec;
        if (std::filesystem::exists(path + part, ec))
            std::filesystem::rename(path + part, path + suffix + part, ec);
    }
}

} // namespace

history_store::history_store(const std::string& path, std::string* notice) : path_(path) {
    open_checked(notice);
}

history_store::~history_store() = default;

void history_store::open_checked(std::string* notice) {
    const int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
    db_ = std::make_unique<SQLite::Database>(path_, flags, busy_timeout_ms);
    std::string check;
    try {
        check = db_->execAndGet("PRAGMA quick_check").getString();
    } catch (const SQLite::Exception& e) {
        // Not a database at all, or damaged beyond reading: start afresh. Any other failure
        // (a lock, an I/O error) is not the file's fault and goes to the caller.
        const int code = e.getErrorCode() & 0xff;
        if (code != SQLITE_CORRUPT && code != SQLITE_NOTADB)
            throw;
        check = e.what();
    }
    if (check != "ok") {
        db_.reset();
        const auto aside = ".corrupt-" + std::to_string(std::time(nullptr));
        move_aside(path_, aside);
        if (notice != nullptr)
            *notice = path_ + " failed its check (" + check + "); moved to " + path_ + aside
                      + " and started a new file";
        db_ = std::make_unique<SQLite::Database>(path_, flags, busy_timeout_ms);
    }
    // WAL: a crash or kill -9 loses at most the transaction being written, never the file.
    // synchronous=NORMAL in WAL mode keeps that, without an fsync per transaction.
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=NORMAL");
    create_schema();
}

void history_store::create_schema() {
    SQLite::Transaction tx(*db_);
    db_->exec(schema_sql);
    SQLite::Statement get(*db_, "SELECT value FROM meta WHERE key = 'schema'");
    if (get.executeStep()) {
        const auto found = get.getColumn(0).getInt64();
        if (found > schema_version)
            throw std::runtime_error(path_ + " was written by a newer solowatch (schema "
                                     + std::to_string(found) + ")");
    } else {
        SQLite::Statement put(*db_, "INSERT INTO meta VALUES('schema', ?)");
        put.bind(1, schema_version);
        put.exec();
    }
    tx.commit();
}

std::optional<std::int64_t> history_store::watermark(std::int64_t resolution) {
    SQLite::Statement get(*db_, "SELECT value FROM meta WHERE key = ?");
    get.bind(1, "done_" + std::to_string(resolution));
    if (get.executeStep())
        return get.getColumn(0).getInt64();
    return std::nullopt;
}

void history_store::set_watermark(std::int64_t resolution, std::int64_t value) {
    SQLite::Statement put(*db_, "INSERT OR REPLACE INTO meta VALUES(?, ?)");
    put.bind(1, "done_" + std::to_string(resolution));
    put.bind(2, value);
    put.exec();
}

void history_store::append(const std::vector<history_sample>& samples,
                           const std::vector<history_alert>& alerts) {
    if (samples.empty() && alerts.empty())
        return;
    SQLite::Transaction tx(*db_);
    SQLite::Statement insert(*db_, insert_sample_sql);
    std::optional<std::int64_t> oldest;
    for (const auto& s : samples) {
        insert.bind(1, s.series);
        insert.bind(2, s.ts);
        insert.bind(3, s.name);
        insert.bind(4, s.online);
        bind_optional(insert, 5, s.hashrate_ghs);
        bind_optional(insert, 6, s.power_w);
        bind_optional(insert, 7, s.temp_asic_c);
        bind_optional(insert, 8, s.temp_vr_c);
        bind_optional(insert, 9, s.fan_rpm);
        bind_optional(insert, 10, s.shares_accepted);
        bind_optional(insert, 11, s.shares_rejected);
        bind_optional(insert, 12, s.best_difficulty);
        insert.exec();
        insert.reset();
        oldest = std::min(oldest.value_or(s.ts), s.ts);
    }
    SQLite::Statement put_alert(*db_, "INSERT INTO alerts VALUES(?, ?)");
    for (const auto& a : alerts) {
        put_alert.bind(1, a.ts);
        put_alert.bind(2, a.alert.dump());
        put_alert.exec();
        put_alert.reset();
    }
    // Samples that waited out a failure may land in buckets already averaged: those buckets
    // are averaged again at the next maintenance.
    if (oldest) {
        for (auto res : {resolution_5m, resolution_1h}) {
            auto done = watermark(res);
            if (done && *oldest < *done)
                set_watermark(res, floor_to(*oldest, res));
        }
    }
    tx.commit();
}

std::int64_t
history_store::aggregate(std::int64_t into, std::int64_t from_resolution, std::int64_t now) {
    const auto end = floor_to(now, into); // buckets before this one are complete
    auto start = watermark(into);
    if (!start) {
        SQLite::Statement oldest(*db_, "SELECT min(ts) FROM samples WHERE res = ?");
        oldest.bind(1, from_resolution);
        oldest.executeStep();
        if (oldest.getColumn(0).isNull()) {
            set_watermark(into, end);
            return 0;
        }
        start = floor_to(oldest.getColumn(0).getInt64(), into);
    }
    if (*start >= end)
        return 0;
    SQLite::Statement run(*db_, aggregate_sql);
    run.bind(1, into);
    run.bind(2, from_resolution);
    run.bind(3, *start);
    run.bind(4, end);
    const auto written = run.exec();
    set_watermark(into, end);
    return written;
}

maintenance_result history_store::maintain(std::int64_t now, const config::history_config& cfg) {
    maintenance_result r;
    SQLite::Transaction tx(*db_);
    r.aggregated_5m = aggregate(resolution_5m, resolution_raw, now);
    r.aggregated_1h = aggregate(resolution_1h, resolution_5m, now);
    const std::array<std::pair<std::int64_t, config::duration>, 3> keep{{
        {resolution_raw, cfg.raw_retention},
        {resolution_5m, cfg.five_minute_retention},
        {resolution_1h, cfg.hourly_retention},
    }};
    SQLite::Statement prune(*db_, "DELETE FROM samples WHERE res = ? AND ts < ?");
    for (const auto& [res, retention] : keep) {
        prune.bind(1, res);
        prune.bind(2, now - seconds(retention));
        r.pruned += prune.exec();
        prune.reset();
    }
    SQLite::Statement prune_alerts(*db_, "DELETE FROM alerts WHERE ts < ?");
    prune_alerts.bind(1, now - seconds(cfg.alert_retention));
    r.pruned += prune_alerts.exec();
    tx.commit();
    return r;
}

history_series history_store::query(const std::string& series,
                                    std::int64_t from,
                                    std::int64_t to,
                                    std::int64_t step,
                                    std::int64_t now,
                                    const config::history_config& cfg) {
    history_series out;
    out.from = from;
    out.to = to;
    // The finest resolution whose retention still reaches back to `from`.
    const auto raw_step = std::max<std::int64_t>(1, seconds(cfg.sample_interval));
    std::int64_t base = raw_step;
    out.resolution = resolution_raw;
    if (from < now - seconds(cfg.raw_retention)) {
        out.resolution =
            from < now - seconds(cfg.five_minute_retention) ? resolution_1h : resolution_5m;
        base = out.resolution;
    }
    const auto max_points = static_cast<std::int64_t>(std::max<std::size_t>(cfg.max_points, 1));
    const auto fit = (to - from + max_points - 1) / max_points; // widest step that fits
    out.step = std::max({base, step, fit});
    out.step = (out.step + base - 1) / base * base; // whole buckets of the table read

    // Recent samples are not averaged yet: read them from the finer tables.
    const auto done_1h =
        out.resolution == resolution_1h ? watermark(resolution_1h).value_or(from) : from;
    const auto done_5m = out.resolution != resolution_raw
                             ? std::max(done_1h, watermark(resolution_5m).value_or(done_1h))
                             : from;
    SQLite::Statement q(*db_, query_sql);
    q.bind(1, series);
    q.bind(2, from);
    q.bind(3, std::min(done_1h, to + 1));
    q.bind(4, std::max(from, done_1h));
    q.bind(5, std::min(done_5m, to + 1));
    q.bind(6, std::max(from, done_5m));
    q.bind(7, to);
    q.bind(8, out.step);
    out.columns.resize(history_columns.size());
    auto push_row = [&](std::int64_t t, auto value_of) {
        out.t.push_back(t);
        for (std::size_t c = 0; c < history_columns.size(); ++c)
            out.columns[c].push_back(value_of(c));
    };
    while (q.executeStep()) {
        const auto t = q.getColumn(0).getInt64();
        if (!out.t.empty() && t - out.t.back() > 2 * out.step)
            push_row(out.t.back() + out.step, [](std::size_t) { return std::optional<double>{}; });
        push_row(t, [&](std::size_t c) {
            const auto col = q.getColumn(static_cast<int>(c) + 1);
            return col.isNull() ? std::optional<double>{} : std::optional<double>{col.getDouble()};
        });
    }
    return out;
}

std::optional<std::string> history_store::find_series(const std::string& key) {
    SQLite::Statement by_id(*db_,
                            "SELECT series FROM samples WHERE res IN (0, 300, 3600) AND series = ?"
                            " LIMIT 1");
    by_id.bind(1, key);
    if (by_id.executeStep())
        return key;
    SQLite::Statement by_name(
        *db_,
        "SELECT series FROM samples WHERE name = ? AND series != '' ORDER BY ts DESC LIMIT 1");
    by_name.bind(1, key);
    if (by_name.executeStep())
        return by_name.getColumn(0).getString();
    return std::nullopt;
}

std::vector<history_alert>
history_store::alerts(std::int64_t from, std::int64_t to, std::size_t limit) {
    SQLite::Statement q(*db_,
                        "SELECT ts, body FROM alerts WHERE ts >= ? AND ts <= ?"
                        " ORDER BY ts DESC, rowid DESC LIMIT ?");
    q.bind(1, from);
    q.bind(2, to);
    q.bind(3, static_cast<std::int64_t>(limit));
    std::vector<history_alert> out;
    while (q.executeStep()) {
        auto body = nlohmann::json::parse(q.getColumn(1).getString(), nullptr, false);
        if (!body.is_discarded())
            out.push_back(history_alert{q.getColumn(0).getInt64(), std::move(body)});
    }
    std::reverse(out.begin(), out.end()); // the newest `limit`, oldest first
    return out;
}

std::uint64_t history_store::file_bytes() const {
    std::uint64_t total = 0;
    for (const char* part : {"", "-wal"}) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path_ + part, ec);
        if (!ec)
            total += size;
    }
    return total;
}

std::string to_json_text(const std::string& series, const history_series& s) {
    const bool fleet = series.empty();
    nlohmann::json out = {{"series", fleet ? "fleet" : series},
                          {"from", s.from},
                          {"to", s.to},
                          {"step", s.step},
                          {"resolution", resolution_name(s.resolution)},
                          {"t", s.t}};
    for (std::size_t c = 0; c < history_columns.size(); ++c) {
        std::string name(history_columns[c]);
        if (fleet && (name.starts_with("temp_") || name == "fan_rpm"))
            continue;
        if (fleet && name == "online")
            name = "miners_online";
        auto& column = out[name] = nlohmann::json::array();
        if (c >= s.columns.size())
            continue; // a series with no rows read: every column empty
        for (const auto& v : s.columns[c])
            column.push_back(v ? nlohmann::json(*v) : nlohmann::json(nullptr));
    }
    return out.dump();
}

} // namespace sw::actors
