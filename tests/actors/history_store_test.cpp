// The history file without actors: samples in and series out, averaging into 5-minute and
// 1-hour rows, pruning, late samples, the resolution a range gets, a damaged file moved
// aside, and the JSON of a series. Times are made up (unix seconds), so no test waits.
#include "actors/history_store.hpp"

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

using namespace sw::actors;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

/// A fresh folder per test for the file and its -wal/-shm.
std::string fresh_path(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("solowatch-history-test-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return (dir / "history.db").string();
}

history_sample sample(const std::string& series, std::int64_t ts, double hashrate) {
    history_sample s;
    s.series = series;
    s.name = series.empty() ? "" : "name-" + series;
    s.ts = ts;
    s.online = 1;
    s.hashrate_ghs = hashrate;
    s.power_w = hashrate / 100;
    s.shares_accepted = static_cast<double>(ts);
    return s;
}

sw::config::history_config settings() {
    sw::config::history_config cfg;
    cfg.sample_interval = 30s;
    return cfg;
}

constexpr std::int64_t day = 86400;
constexpr std::int64_t t0 = 1'800'000'000 / 3600 * 3600; // a whole hour

std::size_t column(std::string_view name) {
    for (std::size_t i = 0; i < history_columns.size(); ++i)
        if (history_columns[i] == name)
            return i;
    FAIL("no column " << name);
    return 0;
}

} // namespace

TEST_CASE("raw samples come back as time-aligned arrays") {
    history_store store(fresh_path("raw"));
    store.append({sample("m1", t0, 100), sample("m1", t0 + 30, 200), sample("m2", t0, 999)}, {});
    auto s = store.query("m1", t0 - 60, t0 + 60, 0, t0 + 60, settings());
    CHECK(s.resolution == resolution_raw);
    CHECK(s.step == 30);
    REQUIRE(s.t == std::vector<std::int64_t>{t0, t0 + 30});
    const auto& hashrate = s.columns[column("hashrate_ghs")];
    CHECK(hashrate[0] == Approx(100));
    CHECK(hashrate[1] == Approx(200));
    CHECK_FALSE(s.columns[column("temp_asic_c")][0].has_value()); // never reported: null
}

TEST_CASE("a gap in the samples becomes one null point") {
    history_store store(fresh_path("gap"));
    store.append({sample("m", t0, 1), sample("m", t0 + 30, 1), sample("m", t0 + 600, 1)}, {});
    auto s = store.query("m", t0, t0 + 600, 0, t0 + 600, settings());
    REQUIRE(s.t == std::vector<std::int64_t>{t0, t0 + 30, t0 + 60, t0 + 600});
    CHECK_FALSE(s.columns[column("hashrate_ghs")][2].has_value());
}

TEST_CASE("maintenance averages complete buckets into 5-minute and 1-hour rows") {
    history_store store(fresh_path("aggregate"));
    std::vector<history_sample> rows;
    for (std::int64_t t = t0; t < t0 + 2 * 3600; t += 30) // two hours; 100 then 300 GH/s
        rows.push_back(sample("m", t, t < t0 + 3600 ? 100 : 300));
    store.append(rows, {});
    auto r = store.maintain(t0 + 2 * 3600 + 10, settings());
    CHECK(r.aggregated_5m == 24);
    CHECK(r.aggregated_1h == 2);
    CHECK(r.pruned == 0);
    CHECK(store.maintain(t0 + 2 * 3600 + 20, settings()).aggregated_5m == 0); // nothing new

    // Ten days later the raw rows are gone and the range is read from the 5-minute table.
    const auto later = t0 + 10 * day;
    auto pruned = store.maintain(later, settings());
    CHECK(pruned.pruned == 240);
    auto s = store.query("m", t0, t0 + 2 * 3600, 0, later, settings());
    CHECK(s.resolution == resolution_5m);
    CHECK(s.step == 300);
    REQUIRE(s.t.size() == 24);
    CHECK(s.columns[column("hashrate_ghs")].front() == Approx(100));
    CHECK(s.columns[column("hashrate_ghs")].back() == Approx(300));
    // Counters keep their largest value, not an average.
    CHECK(s.columns[column("shares_accepted")].front() == Approx(t0 + 270));

    // Beyond the 5-minute retention only the hourly averages are left.
    const auto much_later = t0 + 40 * day;
    store.maintain(much_later, settings());
    auto h = store.query("m", t0, t0 + 2 * 3600, 0, much_later, settings());
    CHECK(h.resolution == resolution_1h);
    REQUIRE(h.t == std::vector<std::int64_t>{t0, t0 + 3600});
    CHECK(h.columns[column("hashrate_ghs")][0] == Approx(100));
    CHECK(h.columns[column("hashrate_ghs")][1] == Approx(300));
}

TEST_CASE("a long range is averaged into wider steps up to max_points") {
    history_store store(fresh_path("points"));
    std::vector<history_sample> rows;
    for (std::int64_t t = t0; t < t0 + 3600; t += 30)
        rows.push_back(sample("m", t, 10));
    store.append(rows, {});
    auto cfg = settings();
    cfg.max_points = 10;
    auto s = store.query("m", t0, t0 + 3600, 0, t0 + 3600, cfg);
    CHECK(s.step == 360); // 3600 s / 10 points, in whole samples
    CHECK(s.t.size() <= 10);
    auto asked = store.query("m", t0, t0 + 3600, 900, t0 + 3600, cfg);
    CHECK(asked.step == 900);
    CHECK(asked.t.size() == 4);
}

TEST_CASE("recent samples not yet averaged are read from the raw table") {
    history_store store(fresh_path("recent"));
    std::vector<history_sample> rows;
    for (std::int64_t t = t0; t < t0 + 3 * day; t += 300)
        rows.push_back(sample("m", t, 50));
    store.append(rows, {});
    store.maintain(t0 + 3 * day - 3600, settings()); // the last hour is raw only
    auto s = store.query("m", t0, t0 + 3 * day, 0, t0 + 3 * day, settings());
    CHECK(s.resolution == resolution_5m);
    REQUIRE_FALSE(s.t.empty());
    CHECK(s.t.back() >= t0 + 3 * day - 600);
}

TEST_CASE("samples written late are averaged again") {
    history_store store(fresh_path("late"));
    store.append({sample("m", t0, 100)}, {});
    store.maintain(t0 + 3600, settings());
    // A sample that waited out a full disk lands in a bucket already averaged.
    store.append({sample("m", t0 + 30, 300)}, {});
    store.maintain(t0 + 3660, settings());
    auto s = store.query("m", t0, t0 + 299, 300, t0 + 10 * day, settings());
    REQUIRE(s.t.size() == 1);
    CHECK(s.columns[column("hashrate_ghs")][0] == Approx(200));
}

TEST_CASE("a miner is found by id or by its configured name") {
    history_store store(fresh_path("find"));
    store.append({sample("aa:bb:cc:dd:ee:ff", t0, 1), sample("", t0, 1)}, {});
    CHECK(store.find_series("aa:bb:cc:dd:ee:ff") == "aa:bb:cc:dd:ee:ff");
    CHECK(store.find_series("name-aa:bb:cc:dd:ee:ff") == "aa:bb:cc:dd:ee:ff");
    CHECK_FALSE(store.find_series("nobody").has_value());
}

TEST_CASE("alerts are stored and pruned") {
    history_store store(fresh_path("alerts"));
    store.append({},
                 {history_alert{t0, json{{"id", "a1"}, {"state", "raised"}}},
                  history_alert{t0 + 60, json{{"id", "a1"}, {"state", "cleared"}}},
                  history_alert{t0 + 120, json{{"id", "a2"}, {"state", "raised"}}}});
    auto all = store.alerts(t0, t0 + 200, 10);
    REQUIRE(all.size() == 3);
    CHECK(all[0].alert["state"] == "raised");
    CHECK(all[2].alert["id"] == "a2");
    auto newest = store.alerts(t0, t0 + 200, 2); // the newest two, oldest first
    REQUIRE(newest.size() == 2);
    CHECK(newest[0].alert["state"] == "cleared");
    auto cfg = settings();
    cfg.alert_retention = 1h;
    CHECK(store.maintain(t0 + 3600 + 90, cfg).pruned == 2);
    CHECK(store.alerts(0, t0 + 200, 10).size() == 1);
}

TEST_CASE("the file survives closing and reopening") {
    const auto path = fresh_path("reopen");
    {
        history_store store(path);
        store.append({sample("m", t0, 42)}, {});
    }
    history_store again(path);
    auto s = again.query("m", t0, t0, 0, t0, settings());
    REQUIRE(s.t.size() == 1);
    CHECK(s.columns[column("hashrate_ghs")][0] == Approx(42));
    CHECK(again.file_bytes() > 0);
}

TEST_CASE("a file that is not a database is moved aside and a new one started") {
    const auto path = fresh_path("corrupt");
    std::ofstream(path) << std::string(8192, 'x');
    std::string notice;
    history_store store(path, &notice);
    CHECK(notice.find("moved to") != std::string::npos);
    store.append({sample("m", t0, 1)}, {});
    std::size_t aside = 0;
    for (const auto& e :
         std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
        aside += e.path().filename().string().find(".corrupt-") != std::string::npos ? 1 : 0;
    CHECK(aside == 1);
}

TEST_CASE("a folder that does not exist is an error not a crash") {
    CHECK_THROWS_AS(history_store("/nonexistent-solowatch-dir/history.db"), std::runtime_error);
}

TEST_CASE("the fleet series names miners_online and leaves out per-miner columns") {
    history_store store(fresh_path("fleet"));
    auto fleet = sample("", t0, 1000);
    fleet.online = 3;
    store.append({fleet}, {});
    auto body = json::parse(to_json_text("", store.query("", t0, t0, 0, t0, settings())));
    CHECK(body["series"] == "fleet");
    CHECK(body["resolution"] == "raw");
    CHECK(body["miners_online"] == json::array({3.0}));
    CHECK(body["hashrate_ghs"] == json::array({1000.0}));
    CHECK_FALSE(body.contains("temp_asic_c"));
    auto miner = json::parse(to_json_text("m", history_series{}));
    CHECK(miner.contains("temp_asic_c"));
    CHECK(miner["t"].empty());
}
