#include "miners/fleet_metrics.hpp"

#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>

using namespace sw::miners;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

constexpr double network_difficulty = 126.41e12;
constexpr double seconds_per_year = 365.25 * 86400.0;

/// 2026-11-26T00:00:00Z, a Thursday; tests run at a fixed UTC+2 so the local day starts at
/// 22:00 UTC the day before.
const wall_time utc_midnight = std::chrono::sys_days{std::chrono::year{2026} / 11 / 26};
constexpr std::chrono::seconds utc_plus_2 = 2h;

miner_snapshot miner(std::string name, bool online, std::optional<double> ghs) {
    miner_snapshot s;
    s.id = name;
    s.name = std::move(name);
    s.online = online;
    s.reading.hashrate_ghs.avg_1m = ghs;
    return s;
}

std::vector<const miner_snapshot*> pointers(const std::vector<miner_snapshot>& miners) {
    std::vector<const miner_snapshot*> out;
    out.reserve(miners.size());
    for (const auto& m : miners) {
        out.push_back(&m);
    }
    return out;
}

fleet_totals totals(const std::vector<miner_snapshot>& miners,
                    std::optional<double> configured = network_difficulty) {
    const best_tracker best(fixed_offset_day_start(utc_plus_2));
    return compute_fleet_totals(pointers(miners), configured, best, utc_midnight);
}

} // namespace

TEST_CASE("fleet odds of a 1.1 TH/s fleet match the worked figures of MINERS.md") {
    const auto t = totals({miner("a", true, 600.0), miner("b", true, 500.0)});
    CHECK(t.total_hashrate_ghs == Approx(1100.0));
    REQUIRE(t.expected_seconds_to_block);
    CHECK(*t.expected_seconds_to_block / seconds_per_year == Approx(15600).epsilon(0.005));
    REQUIRE(t.block_probability_day);
    CHECK(*t.block_probability_day == Approx(1.75e-7).epsilon(0.005));
    REQUIRE(t.block_probability_year);
    CHECK(*t.block_probability_year == Approx(-std::expm1(-1.0 / 15600.0)).epsilon(0.005));
}

TEST_CASE("fleet odds of a 140 TH/s fleet match the worked figures of MINERS.md") {
    const auto t = totals({miner("s21", true, 140000.0)});
    CHECK(*t.expected_seconds_to_block / seconds_per_year == Approx(123).epsilon(0.005));
    CHECK(*t.block_probability_day == Approx(2.23e-5).epsilon(0.005));
}

TEST_CASE("offline miners count in the total but not in hashrate power or odds") {
    auto on = miner("on", true, 1100.0);
    on.reading.power_w = 20.0;
    on.reading.blocks_found = 1;
    auto off = miner("off", false, 140000.0); // its last reading stays in the snapshot
    off.reading.power_w = 3500.0;
    off.reading.network.difficulty = 1e12;
    off.reading.blocks_found = 2;
    const auto t = totals({on, off});
    CHECK(t.miners_total == 2);
    CHECK(t.miners_online == 1);
    CHECK(t.total_hashrate_ghs == Approx(1100.0));
    CHECK(t.total_power_w == Approx(20.0));
    CHECK(t.efficiency_j_per_th == Approx(20.0 / 1.1));
    CHECK(t.network_difficulty == network_difficulty); // the offline miner's vote is ignored
    CHECK(*t.block_probability_day == Approx(1.75e-7).epsilon(0.005));
    CHECK(t.blocks_found == 3); // found blocks stay found while a miner is offline
}

TEST_CASE("fleet hashrate prefers the 1-min average then now then the 10-min average") {
    miner_reading r;
    CHECK_FALSE(fleet_hashrate_ghs(r));
    r.hashrate_ghs.avg_10m = 3.0;
    CHECK(fleet_hashrate_ghs(r) == 3.0);
    r.hashrate_ghs.now = 2.0;
    CHECK(fleet_hashrate_ghs(r) == 2.0);
    r.hashrate_ghs.avg_1m = 1.0;
    CHECK(fleet_hashrate_ghs(r) == 1.0);
    r.hashrate_ghs.avg_1m = NAN;
    CHECK(fleet_hashrate_ghs(r) == 2.0);
}

TEST_CASE("power and efficiency are null when no online miner reports them") {
    const auto t = totals({miner("a", true, 1000.0), miner("b", true, std::nullopt)});
    CHECK(t.total_hashrate_ghs == Approx(1000.0));
    CHECK_FALSE(t.total_power_w);
    CHECK_FALSE(t.efficiency_j_per_th);
}

TEST_CASE("efficiency uses only miners that report both power and hashrate") {
    auto a = miner("a", true, 1000.0);
    a.reading.power_w = 15.0;
    auto b = miner("b", true, std::nullopt); // power without hashrate: in the power total only
    b.reading.power_w = 40.0;
    auto c = miner("c", true, 2000.0); // hashrate without power: in the hashrate total only
    const auto t = totals({a, b, c});
    CHECK(t.total_power_w == Approx(55.0));
    CHECK(t.total_hashrate_ghs == Approx(3000.0));
    CHECK(t.efficiency_j_per_th == Approx(15.0));
}

TEST_CASE("an empty or unknown fleet gives nulls and zero counts") {
    const auto t = totals({}, std::nullopt);
    CHECK(t == fleet_totals{});
    const json j = to_json(t);
    CHECK(j["total_hashrate_ghs"] == 0.0);
    CHECK(j["miners_total"] == 0);
    for (const char* key : {"total_power_w",
                            "efficiency_j_per_th",
                            "best_difficulty",
                            "best_difficulty_today",
                            "best_percent_of_network",
                            "network_difficulty",
                            "expected_seconds_to_block",
                            "block_probability_day",
                            "block_probability_year"}) {
        INFO(key);
        CHECK(j.at(key).is_null());
    }
}

TEST_CASE("odds are null without hashrate even when the difficulty is known") {
    const auto t = totals({miner("a", true, std::nullopt)});
    CHECK(t.network_difficulty == network_difficulty);
    CHECK(t.total_hashrate_ghs == 0.0);
    CHECK_FALSE(t.expected_seconds_to_block);
    CHECK_FALSE(t.block_probability_day);
    CHECK_FALSE(t.block_probability_year);
}

TEST_CASE("network difficulty is the majority of online miners and a tie goes to the larger") {
    auto m = [](std::string name, double d) {
        auto s = miner(std::move(name), true, 1000.0);
        s.reading.network.difficulty = d;
        return s;
    };
    CHECK(totals({m("a", 1e14), m("b", 2e14), m("c", 1e14)}).network_difficulty == 1e14);
    CHECK(totals({m("a", 1e14), m("b", 2e14)}).network_difficulty == 2e14);
    CHECK(totals({m("a", 2e14), m("b", 1e14)}).network_difficulty == 2e14);
    CHECK(totals({m("a", 1e14), m("b", 2e14), m("c", 2e14), m("d", 1e14), m("e", 3e14)})
              .network_difficulty
          == 2e14);
}

TEST_CASE("network difficulty falls back to the configured value only when it is positive") {
    const std::vector<miner_snapshot> fleet{miner("a", true, 1000.0)};
    CHECK(totals(fleet, 5e13).network_difficulty == 5e13);
    CHECK_FALSE(totals(fleet, 0.0).network_difficulty);
    CHECK_FALSE(totals(fleet, std::nullopt).network_difficulty);
    const auto t = totals(fleet, std::nullopt);
    CHECK_FALSE(t.expected_seconds_to_block);
    CHECK_FALSE(t.block_probability_day);
    CHECK_FALSE(t.block_probability_year);
}

TEST_CASE("to_json carries exactly the metrics fields with integer difficulties") {
    auto a = miner("a", true, 1100.0);
    a.reading.power_w = 17.84;
    a.reading.network.difficulty = network_difficulty;
    a.reading.best_difficulty.all_time = 2134873562.0;
    a.reading.blocks_found = 1;
    best_tracker best(fixed_offset_day_start(utc_plus_2));
    best.observe(a, utc_midnight);
    const auto t = compute_fleet_totals({&a}, std::nullopt, best, utc_midnight);
    const json j = to_json(t);
    std::vector<std::string> keys;
    for (const auto& [key, value] : j.items()) {
        keys.push_back(key);
    }
    std::sort(keys.begin(), keys.end());
    CHECK(keys
          == std::vector<std::string>{"best_difficulty",
                                      "best_difficulty_today",
                                      "best_percent_of_network",
                                      "block_probability_day",
                                      "block_probability_year",
                                      "blocks_found",
                                      "efficiency_j_per_th",
                                      "expected_seconds_to_block",
                                      "miners_online",
                                      "miners_total",
                                      "network_difficulty",
                                      "total_hashrate_ghs",
                                      "total_power_w"});
    CHECK(j["network_difficulty"].is_number_integer());
    CHECK(j["network_difficulty"] == 126410000000000);
    CHECK(j["best_difficulty"] == 2134873562);
    CHECK(j["best_difficulty_today"].is_null()); // first sight: not proven to be from today
    CHECK(j["best_percent_of_network"].get<double>()
          == Approx(2134873562.0 / network_difficulty * 100.0));
    CHECK(j["blocks_found"] == 1);
    CHECK(j["miners_online"] == 1);
}

TEST_CASE("fixed offset days start at local midnight") {
    const auto start = fixed_offset_day_start(utc_plus_2);
    CHECK(start(utc_midnight) == utc_midnight - 2h);
    CHECK(start(utc_midnight + 21h + 59min) == utc_midnight - 2h);
    CHECK(start(utc_midnight + 22h) == utc_midnight + 22h);
    CHECK(fixed_offset_day_start(-5h)(utc_midnight + 1h) == utc_midnight - 19h);
}

TEST_CASE("local day start is a midnight at or before the time") {
    const auto start = local_day_start();
    const auto now = std::chrono::system_clock::now();
    CHECK(start(now) <= now);
    CHECK(now - start(now) < 25h); // 25: the day DST ends
    CHECK(start(start(now)) == start(now));
}

TEST_CASE("best tracker all-time is the max of all-time and session bests of every miner") {
    best_tracker best(fixed_offset_day_start(utc_plus_2));
    CHECK_FALSE(best.all_time());
    auto a = miner("a", true, 1.0);
    a.reading.best_difficulty.all_time = 5e9;
    auto b = miner("b", false, 1.0);
    b.reading.best_difficulty.session = 7e9; // cgminer: a session best only
    best.observe(a, utc_midnight);
    CHECK(best.all_time() == 5e9);
    best.observe(b, utc_midnight);
    CHECK(best.all_time() == 7e9);
    b.reading.best_difficulty.session = 1e3; // rebooted: the fleet record stays
    best.observe(b, utc_midnight + 1min);
    CHECK(best.all_time() == 7e9);
}

TEST_CASE("best tracker today counts bests that went up today") {
    const wall_time noon = utc_midnight + 10h; // 12:00 local
    best_tracker best(fixed_offset_day_start(utc_plus_2));
    auto a = miner("a", true, 1.0);
    a.reading.uptime_s = 3 * 86400; // booted days ago
    a.reading.best_difficulty = {9e9, 4e9};
    best.observe(a, noon);
    CHECK_FALSE(best.today(noon)); // old bests: not from today
    a.reading.best_difficulty.session = 6e9;
    best.observe(a, noon + 1min);
    CHECK(best.today(noon + 1min) == 6e9);
    a.reading.best_difficulty = {1e10, 1e10};
    best.observe(a, noon + 2min);
    CHECK(best.today(noon + 2min) == 1e10);
    CHECK(best.all_time() == 1e10);
}

TEST_CASE("best tracker today counts the session best of a miner booted today") {
    const wall_time morning = utc_midnight + 6h; // 08:00 local
    best_tracker best(fixed_offset_day_start(utc_plus_2));
    auto a = miner("a", true, 1.0);
    a.reading.best_difficulty = {9e9, 3e8};
    a.reading.uptime_s = 7 * 3600; // booted 01:00 local
    best.observe(a, morning);
    CHECK(best.today(morning) == 3e8);

    best_tracker other(fixed_offset_day_start(utc_plus_2));
    a.reading.uptime_s = 9 * 3600; // booted 23:00 local yesterday
    other.observe(a, morning);
    CHECK_FALSE(other.today(morning));
}

TEST_CASE("best tracker ignores the stale uptime of an offline miner") {
    const wall_time evening = utc_midnight + 18h; // 20:00 local
    best_tracker best(fixed_offset_day_start(utc_plus_2));
    auto a = miner("a", false, 1.0);
    a.reading.best_difficulty.session = 3e8;
    a.reading.uptime_s = 60; // last reading from who knows when
    best.observe(a, evening);
    CHECK_FALSE(best.today(evening));
    CHECK(best.all_time() == 3e8);
}

TEST_CASE("best tracker resets today at the local day start") {
    const wall_time before = utc_midnight + 21h + 59min; // 23:59 local
    const wall_time after = utc_midnight + 22h + 1min;   // 00:01 local the next day
    best_tracker best(fixed_offset_day_start(utc_plus_2));
    auto a = miner("a", true, 1.0);
    a.reading.uptime_s = 86400 * 3;
    a.reading.best_difficulty.session = 1e6;
    best.observe(a, before - 1h);
    a.reading.best_difficulty.session = 5e8;
    best.observe(a, before);
    CHECK(best.today(before) == 5e8);
    CHECK_FALSE(best.today(after)); // rolled over even before the next observation
    best.observe(a, after);
    CHECK_FALSE(best.today(after)); // unchanged since yesterday
    a.reading.best_difficulty.session = 6e8;
    best.observe(a, after + 1min);
    CHECK(best.today(after + 1min) == 6e8);
    CHECK(best.all_time() == 6e8);
}

TEST_CASE("a miner back from offline with the same best does not count for today") {
    const wall_time noon = utc_midnight + 10h;
    best_tracker best(fixed_offset_day_start(utc_plus_2));
    auto a = miner("a", true, 1.0);
    a.reading.uptime_s = 86400 * 3;
    a.reading.best_difficulty.all_time = 9e9;
    best.observe(a, noon);
    a.online = false;
    a.reading.best_difficulty.all_time.reset(); // nulls while away
    best.observe(a, noon + 1min);
    a.online = true;
    a.reading.best_difficulty.all_time = 9e9;
    best.observe(a, noon + 2min);
    CHECK_FALSE(best.today(noon + 2min));
}

TEST_CASE("fleet totals take both bests from the tracker") {
    const wall_time noon = utc_midnight + 10h;
    best_tracker best(fixed_offset_day_start(utc_plus_2));
    auto a = miner("a", true, 1000.0);
    a.reading.uptime_s = 3600;
    a.reading.best_difficulty = {2e9, 4e8};
    best.observe(a, noon);
    const auto t = compute_fleet_totals({&a}, network_difficulty, best, noon);
    CHECK(t.best_difficulty == 2e9);
    CHECK(t.best_difficulty_today == 4e8);
    CHECK(t.best_percent_of_network == Approx(2e9 / network_difficulty * 100.0));
    const auto tomorrow = compute_fleet_totals({&a}, network_difficulty, best, noon + 24h);
    CHECK_FALSE(tomorrow.best_difficulty_today);
}
