// AxeOS v2.15.0 as recorded, and the asic endpoint and live-mode merging.

#include "miners/axeos.hpp"

#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace sw::miners;
using sw::miners::test::read_fixture;
using json = nlohmann::json;

TEST_CASE("the AxeOS v2.15.0 info fixture parses with its values in snapshot units") {
    const auto parsed = parse_axeos_info(read_fixture("axeos_v2.15.0_system_info.json"));
    REQUIRE(parsed);
    const miner_reading& r = *parsed;
    CHECK(r.make == "Bitaxe");
    CHECK(r.firmware == "v2.15.0");
    CHECK(r.asic_model == "BM1370");
    CHECK_FALSE(r.model); // only /api/system/asic names the device model
    CHECK(r.mac == "2c:54:91:88:c9:e3");
    CHECK(r.hostname == "bitaxe-gamma-1");
    CHECK(r.ip == "192.168.1.41");
    CHECK(*r.uptime_s == 263811);
    CHECK(*r.hashrate_ghs.now == Approx(1093.4812012));
    CHECK(*r.hashrate_ghs.avg_1m == Approx(1102.3049316));
    CHECK(*r.hashrate_ghs.avg_10m == Approx(1078.9625244));
    CHECK(*r.hashrate_ghs.avg_1h == Approx(1069.7015381));
    CHECK(*r.expected_hashrate_ghs == 1071.0);
    CHECK(*r.power_w == Approx(17.8359375));
    CHECK(*r.input_voltage_v == Approx(5.18125)); // mV on the wire
    CHECK(*r.input_current_a == Approx(3.4375));  // mA on the wire
    CHECK(*r.temp_c.asic == Approx(58.625));
    CHECK(*r.temp_c.vr == 52.0);
    CHECK_FALSE(r.temp_c.chip_max); // temp2 = -1: no second sensor
    CHECK_FALSE(r.temp_c.ambient);
    REQUIRE(r.fans.size() == 1); // fan2rpm = 0 on a one-fan board
    CHECK(*r.fans[0].rpm == 4315);
    CHECK(*r.fans[0].pct == 43.0);
    CHECK(*r.shares.accepted == 48213);
    CHECK(*r.shares.rejected == 31);
    CHECK(*r.best_difficulty.all_time == 2134873562.0);
    CHECK(*r.best_difficulty.session == 412553961.0);
    CHECK(r.pool.url == "stratum+tcp://solo.ckpool.org:3333");
    CHECK(r.pool.user == "bc1q99n3pu025yyu0jlywpmwzalyhm36tg5u37w20d.gamma1");
    CHECK(*r.pool.difficulty == 10000.0);
    CHECK(r.pool.fallback_active == false);
    CHECK(*r.blocks_found == 0);
    CHECK(*r.network.difficulty == 126411437451912.0);
    CHECK(*r.network.height == 912345);
    CHECK(r.reset_reason == "Software reset via esp_restart");
    CHECK(r.faults.empty());
}

TEST_CASE("the AxeOS info fixture becomes the section-3 snapshot JSON") {
    auto r = parse_axeos_info(read_fixture("axeos_v2.15.0_system_info.json"));
    REQUIRE(r);
    const auto asic = parse_axeos_asic(read_fixture("axeos_v2.15.0_system_asic.json"));
    REQUIRE(asic);
    apply_axeos_asic(*r, *asic);
    miner_snapshot s;
    s.name = "gamma-1";
    s.host = "192.168.1.41";
    s.online = true;
    s.id = miner_id(*r, s.name);
    s.reading = *r;
    const json j = to_json(s);
    CHECK(j["id"] == "2c:54:91:88:c9:e3");
    CHECK(j["model"] == "Gamma");
    CHECK(j["efficiency_j_per_th"].get<double>() == Approx(17.8359375 / 1.0934812012));
    CHECK(j["shares"]["reject_pct"].get<double>() == Approx(31.0 / 48244.0 * 100.0));
    CHECK(j["temp_c"]["max"].get<double>() == Approx(58.625));
    CHECK(j["temp_c"]["ambient"].is_null());
    CHECK(j["network"]["difficulty"].get<std::int64_t>() == 126411437451912);
    CHECK(j["fans"] == json::parse(R"([{"rpm":4315,"pct":43.0}])"));
}

TEST_CASE("the AxeOS asic endpoint gives the device model and chip count") {
    const auto asic = parse_axeos_asic(read_fixture("axeos_v2.15.0_system_asic.json"));
    REQUIRE(asic);
    CHECK(asic->device_model == "Gamma");
    CHECK(asic->asic_model == "BM1370");
    CHECK(*asic->asic_count == 1);
    miner_reading r;
    r.model = "old";
    apply_axeos_asic(r, *asic);
    CHECK(r.model == "Gamma");
    CHECK(*r.asic_count == 1);
}

TEST_CASE("an asic reply without any of its keys is an error naming them") {
    const auto asic = parse_axeos_asic(R"({"swarmColor":"green"})");
    REQUIRE_FALSE(asic);
    CHECK(asic.error().code == parse_errc::missing_key);
    CHECK_THAT(asic.error().message, Catch::Contains("deviceModel"));
}

TEST_CASE("live mode: the first frame is the full object updates overwrite listed keys") {
    json cached;
    REQUIRE(apply_axeos_live_frame(cached, read_fixture("axeos_v2.15.0_system_info.json")));
    REQUIRE(apply_axeos_live_frame(
        cached, R"({"event":"update","data":{"hashRate":1200.5,"sharesAccepted":48214}})"));
    REQUIRE(apply_axeos_live_frame(cached, R"({"event":"ping"})"));
    const auto r = read_axeos_info(cached);
    REQUIRE(r);
    CHECK(*r->hashrate_ghs.now == 1200.5);
    CHECK(*r->shares.accepted == 48214);
    CHECK(*r->shares.rejected == 31); // untouched keys stay

    const json before = cached;
    const auto bad = apply_axeos_live_frame(cached, "{\"event\":\"update\",");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == parse_errc::not_json);
    CHECK(cached == before);
}
