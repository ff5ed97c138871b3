// solowatch-history-sim: how big the [history] file gets and how fast it answers. Writes a
// simulated fleet's samples into a fresh file through the same store the server uses, one
// transaction per sample interval, running maintenance (averaging, pruning) on schedule, all
// in simulated time; then prints the file size, the rows per resolution and query times.
//   solowatch-history-sim [--miners 20] [--days 7] [--interval 30] [--file PATH] [--json]
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "actors/history_store.hpp"

#include <CLI/CLI.hpp>

using namespace sw::actors;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// A plausible miner: hashrate and temperature wander, shares grow, one miner in ten is
/// offline for an hour a day.
history_sample simulated(int miner, std::int64_t ts, std::int64_t start) {
    history_sample s;
    s.series = "02:00:00:00:00:" + std::to_string(10 + miner);
    s.name = "miner-" + std::to_string(miner);
    s.ts = ts;
    const bool offline = miner % 10 == 0 && (ts - start) % 86400 < 3600;
    s.online = offline ? 0 : 1;
    if (offline)
        return s;
    const double phase = static_cast<double>(ts) / 600.0 + miner;
    s.hashrate_ghs = 1000.0 + 80.0 * std::sin(phase);
    s.power_w = 15.0 + std::sin(phase / 3);
    s.temp_asic_c = 58.0 + 4.0 * std::sin(phase / 7);
    s.temp_vr_c = 62.0 + 3.0 * std::sin(phase / 5);
    s.fan_rpm = 4200.0 + 100.0 * std::sin(phase / 2);
    s.shares_accepted = static_cast<double>((ts - start) / 10);
    s.shares_rejected = static_cast<double>((ts - start) / 4000);
    s.best_difficulty = 1.0e9;
    return s;
}

} // namespace

int run(int argc, char** argv);

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "solowatch-history-sim: " << e.what() << '\n';
        return 2;
    }
}

int run(int argc, char** argv) {
    CLI::App app{"Writes a simulated fleet's history and reports the file size"};
    int miners = 20;
    int days = 7;
    int interval = 30;
    std::string file =
        (std::filesystem::temp_directory_path() / "solowatch-history-sim.db").string();
    bool as_json = false;
    app.add_option("--miners", miners, "simulated miners")->check(CLI::Range(1, 10000));
    app.add_option("--days", days, "simulated days")->check(CLI::Range(1, 3650));
    app.add_option("--interval", interval, "[history] sample_interval in seconds")
        ->check(CLI::Range(1, 3600));
    app.add_option("--file", file, "the file to write (replaced)");
    app.add_flag("--json", as_json, "one JSON object instead of the table");
    CLI11_PARSE(app, argc, argv);

    for (const char* part : {"", "-wal", "-shm"})
        std::filesystem::remove(file + part);
    sw::config::history_config cfg; // the defaults: 48 h raw, 30 d of 5 min, 2 y of 1 h
    cfg.sample_interval = std::chrono::seconds(interval);
    const auto maintenance =
        std::chrono::duration_cast<std::chrono::seconds>(cfg.maintenance_interval).count();

    history_store store(file);
    const std::int64_t start = 1'800'000'000;
    const std::int64_t end = start + static_cast<std::int64_t>(days) * 86400;
    const auto t0 = std::chrono::steady_clock::now();
    std::int64_t rows = 0;
    std::int64_t next_maintenance = start + maintenance;
    std::vector<history_sample> batch;
    for (std::int64_t ts = start; ts < end; ts += interval) {
        batch.clear();
        double total = 0;
        int online = 0;
        for (int m = 0; m < miners; ++m) {
            batch.push_back(simulated(m, ts, start));
            total += batch.back().hashrate_ghs.value_or(0);
            online += static_cast<int>(batch.back().online);
        }
        history_sample fleet;
        fleet.ts = ts;
        fleet.online = online;
        fleet.hashrate_ghs = total;
        batch.push_back(fleet);
        store.append(batch, {});
        rows += static_cast<std::int64_t>(batch.size());
        if (ts >= next_maintenance) {
            store.maintain(ts, cfg);
            next_maintenance += maintenance;
        }
    }
    const double write_s = seconds_since(t0);

    // What the dashboard asks: one miner over 1 h, 24 h, 7 d and 30 d.
    nlohmann::ordered_json queries = nlohmann::ordered_json::object();
    for (const auto& [label, range] : std::initializer_list<std::pair<const char*, std::int64_t>>{
             {"1h", 3600}, {"24h", 86400}, {"7d", 7 * 86400}, {"30d", 30 * 86400}}) {
        const auto q0 = std::chrono::steady_clock::now();
        auto s = store.query("02:00:00:00:00:11", end - range, end, range / 1000, end, cfg);
        queries[label] = {{"ms", seconds_since(q0) * 1000},
                          {"points", s.t.size()},
                          {"step", s.step},
                          {"resolution", s.resolution}};
    }
    nlohmann::ordered_json out = {{"miners", miners},
                                  {"days", days},
                                  {"interval_s", interval},
                                  {"rows_written", rows},
                                  {"write_seconds", write_s},
                                  {"rows_per_second", static_cast<double>(rows) / write_s},
                                  {"file_bytes", store.file_bytes()},
                                  {"queries", queries}};
    if (as_json) {
        std::cout << out.dump() << '\n';
        return 0;
    }
    std::cout << "history: " << miners << " miners, " << days << " days at " << interval
              << " s: " << rows << " rows in " << write_s << " s; file "
              << static_cast<double>(store.file_bytes()) / (1024.0 * 1024.0) << " MiB\n";
    for (const auto& [label, q] : queries.items())
        std::cout << "  query " << label << ": " << q["points"] << " points (step " << q["step"]
                  << " s) in " << q["ms"].get<double>() << " ms\n";
    return 0;
}
