#include "miners/snapshot.hpp"

#include <set>

#include <catch2/catch.hpp>

using namespace sw::miners;
using json = nlohmann::json;

namespace {

/// The example of MINERS.md section 3.
const json section3_example = json::parse(R"({"id": "a4:cf:12:9b:00:01", "name": "gamma-1",
 "host": "192.168.1.50", "kind": "axeos", "make": "Bitaxe", "model": "Gamma", "firmware": "v2.15.0",
 "online": true, "last_seen": "2026-11-26T12:00:05.001Z", "last_error": null,
 "uptime_s": 86400, "restarted": false,
 "hashrate_ghs": {"now": 1093.5, "avg_1m": 1102.3, "avg_10m": 1079.0, "avg_1h": 1069.7},
 "expected_hashrate_ghs": 1071.0,
 "power_w": 17.84, "efficiency_j_per_th": 16.31,
 "temp_c": {"asic": 58.6, "vr": 52.0, "max": 58.6, "ambient": null},
 "fans": [{"rpm": 4315, "pct": 43}],
 "shares": {"accepted": 48213, "rejected": 31, "reject_pct": 0.064},
 "best_difficulty": {"all_time": 2134873562, "session": 412553961},
 "pool": {"url": "stratum+tcp://solo.example:3333", "user": "bc1q....gamma", "difficulty": 10000, "fallback_active": false},
 "blocks_found": 0,
 "network": {"difficulty": 126410000000000, "height": 925000},
 "faults": []})");

miner_snapshot example_snapshot() {
    miner_snapshot s;
    s.name = "gamma-1";
    s.host = "192.168.1.50";
    s.kind = miner_kind::axeos;
    s.online = true;
    s.last_seen = "2026-11-26T12:00:05.001Z";
    miner_reading& r = s.reading;
    r.mac = "A4:CF:12:9B:00:01";
    r.make = "Bitaxe";
    r.model = "Gamma";
    r.firmware = "v2.15.0";
    r.uptime_s = 86400;
    r.hashrate_ghs = {1093.5, 1102.3, 1079.0, 1069.7, {}, {}, {}, {}};
    r.expected_hashrate_ghs = 1071.0;
    r.power_w = 17.84;
    r.temp_c.asic = 58.6;
    r.temp_c.vr = 52.0;
    r.fans.push_back({4315, 43.0});
    r.shares.accepted = 48213;
    r.shares.rejected = 31;
    r.best_difficulty = {2134873562.0, 412553961.0};
    r.pool = {"stratum+tcp://solo.example:3333", "bc1q....gamma", 10000.0, false};
    r.blocks_found = 0;
    r.network = {126410000000000.0, 925000};
    s.id = miner_id(r, s.name);
    return s;
}

/// Same keys at every level, same JSON types (numbers compared loosely, rounded in the doc).
void check_same_shape(const json& expected, const json& actual, const std::string& path) {
    INFO("at " << path);
    if (expected.is_object()) {
        REQUIRE(actual.is_object());
        std::set<std::string> a;
        std::set<std::string> b;
        for (const auto& [k, v] : expected.items()) {
            a.insert(k);
        }
        for (const auto& [k, v] : actual.items()) {
            b.insert(k);
        }
        REQUIRE(a == b);
        for (const auto& [k, v] : expected.items()) {
            check_same_shape(v, actual.at(k), path + "." + k);
        }
    } else if (expected.is_array()) {
        REQUIRE(actual.is_array());
        REQUIRE(actual.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            check_same_shape(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
        }
    } else if (expected.is_number()) {
        REQUIRE(actual.is_number());
        CHECK(actual.get<double>() == Approx(expected.get<double>()).epsilon(0.005));
    } else {
        CHECK(actual == expected);
    }
}

} // namespace

TEST_CASE("to_json produces the section-3 example field for field") {
    const json j = to_json(example_snapshot());
    check_same_shape(section3_example, j, "$");
}

TEST_CASE("to_json writes whole difficulties as integers and counts as integers") {
    const json j = to_json(example_snapshot());
    CHECK(j["network"]["difficulty"].is_number_integer());
    CHECK(j["best_difficulty"]["all_time"].get<std::int64_t>() == 2134873562);
    CHECK(j["pool"]["difficulty"].dump() == "10000");
    CHECK(j["fans"][0]["rpm"].is_number_integer());
    CHECK(j["uptime_s"].is_number_integer());
}

TEST_CASE("an empty reading gives nulls never made-up zeros") {
    miner_snapshot s;
    s.id = miner_id(s.reading, "rig-7");
    s.name = "rig-7";
    s.host = "10.0.0.7";
    s.kind = miner_kind::cgminer;
    s.last_error = "timeout";
    const json j = to_json(s);
    CHECK(j["id"] == "rig-7");
    CHECK(j["kind"] == "cgminer");
    CHECK(j["online"] == false);
    CHECK(j["last_seen"].is_null());
    CHECK(j["last_error"] == "timeout");
    for (const char* key : {"make",
                            "model",
                            "firmware",
                            "uptime_s",
                            "expected_hashrate_ghs",
                            "power_w",
                            "efficiency_j_per_th",
                            "blocks_found"}) {
        INFO(key);
        CHECK(j[key].is_null());
    }
    for (const char* key : {"now", "avg_1m", "avg_10m", "avg_1h"}) {
        CHECK(j["hashrate_ghs"][key].is_null());
    }
    for (const char* key : {"asic", "vr", "max", "ambient"}) {
        CHECK(j["temp_c"][key].is_null());
    }
    CHECK(j["shares"]["reject_pct"].is_null());
    CHECK(j["pool"]["fallback_active"].is_null());
    CHECK(j["network"]["difficulty"].is_null());
    CHECK(j["fans"] == json::array());
    CHECK(j["faults"] == json::array());
}

TEST_CASE("derived figures need both of their inputs") {
    miner_reading r;
    r.power_w = 17.84;
    CHECK_FALSE(efficiency_j_per_th(r));
    r.hashrate_ghs.now = 0.0;
    CHECK_FALSE(efficiency_j_per_th(r)); // a stopped miner has no efficiency
    r.hashrate_ghs.now = 1093.5;
    CHECK(*efficiency_j_per_th(r) == Approx(17.84 / 1.0935));

    share_counts shares;
    shares.accepted = 48213;
    CHECK_FALSE(reject_pct(shares));
    shares.rejected = 31;
    CHECK(*reject_pct(shares) == Approx(31.0 / 48244.0 * 100.0));
    shares = {0, 0, {}, {}};
    CHECK_FALSE(reject_pct(shares));
}

TEST_CASE("temp max is the hottest known sensor including ones only kept internally") {
    temperatures t;
    CHECK_FALSE(max_temp(t));
    t.vr = 52.0;
    CHECK(*max_temp(t) == 52.0);
    t.asic = 58.6;
    CHECK(*max_temp(t) == 58.6);
    t.chip_max = 75.0;
    CHECK(*max_temp(t) == 75.0);
}

TEST_CASE("the id is the lower-case MAC else the configured name") {
    miner_reading r;
    CHECK(miner_id(r, "gamma-1") == "gamma-1");
    r.mac = "2C:54:91:88:C9:E3";
    CHECK(miner_id(r, "gamma-1") == "2c:54:91:88:c9:e3");
    r.mac = "e0e1a93f8523"; // Avalon prints it without separators
    CHECK(miner_id(r, "nano") == "e0:e1:a9:3f:85:23");
    CHECK(*normalize_mac("2c-54-91-88-c9-e3") == "2c:54:91:88:c9:e3");
    CHECK_FALSE(normalize_mac("00:00:00:00:00:00"));
    CHECK_FALSE(normalize_mac("  "));
    CHECK(*normalize_mac("Not-A-MAC") == "not-a-mac");
}

TEST_CASE("fill_missing keeps what is known and adds what is not") {
    miner_reading a;
    a.hashrate_ghs.now = 100.0;
    a.faults = {"overheat"};
    miner_reading b;
    b.hashrate_ghs.now = 999.0;
    b.hashrate_ghs.avg_1m = 98.0;
    b.fans.push_back({1000, {}});
    b.faults = {"overheat", "paused"};
    fill_missing(a, b);
    CHECK(*a.hashrate_ghs.now == 100.0);
    CHECK(*a.hashrate_ghs.avg_1m == 98.0);
    CHECK(a.fans.size() == 1);
    CHECK(a.faults == std::vector<std::string>{"overheat", "paused"});
}
