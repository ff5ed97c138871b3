// AxeOS firmware generations and forks the fixtures do not cover, written from MINERS.md.

#include <catch2/catch.hpp>

#include "miners/axeos.hpp"

#include "fixture.hpp"

using namespace sw::miners;
using sw::miners::test::read_fixture;
using json = nlohmann::json;

namespace {

json v2_15() {
    return json::parse(read_fixture("axeos_v2.15.0_system_info.json"));
}

miner_reading parse_ok(const json& info) {
    auto r = parse_axeos_info(info.dump());
    if (!r) {
        FAIL("parse failed: " << r.error().message);
    }
    return *r;
}

parse_error parse_fail(std::string_view body) {
    auto r = parse_axeos_info(body);
    REQUIRE_FALSE(r);
    INFO("message: " << r.error().message);
    CHECK_THAT(r.error().message, Catch::StartsWith("axeos /api/system/info: "));
    return r.error();
}

} // namespace

TEST_CASE("AxeOS before v2.11 sends best difficulties as suffixed strings") {
    json info = v2_15();
    info["bestDiff"] = "4.29G";
    info["bestSessionDiff"] = "88.2M";
    const auto r = parse_ok(info);
    CHECK(*r.best_difficulty.all_time == Approx(4.29e9));
    CHECK(*r.best_difficulty.session == Approx(88.2e6));
}

TEST_CASE("AxeOS v2.10 puts a space before the suffix and small values have none") {
    json info = v2_15();
    info["bestDiff"] = "1.46 G";
    info["bestSessionDiff"] = "512";
    const auto r = parse_ok(info);
    CHECK(*r.best_difficulty.all_time == Approx(1.46e9));
    CHECK(*r.best_difficulty.session == 512.0);
}

TEST_CASE("AxeOS before v2.2 names the fan duty fanSpeed") {
    json info = v2_15();
    info.erase("fanspeed");
    info["fanSpeed"] = 100;
    const auto r = parse_ok(info);
    REQUIRE(r.fans.size() == 1);
    CHECK(*r.fans[0].pct == 100.0);
    CHECK(*r.fans[0].rpm == 4315);
}

TEST_CASE("old AxeOS raw floats are taken as they are") {
    const auto r =
        parse_axeos_info(R"({"power":11.670000076293945,"voltage":5093.75,"current":2218.75,)"
                         R"("temp":47.5,"vrTemp":0,"hashRate":465.1234567890123,"bestDiff":"1.2M",)"
                         R"("sharesAccepted":12,"sharesRejected":0,"uptimeSeconds":3600,)"
                         R"("fanspeed":35.29411764705882,"fanrpm":3600,"version":"v2.1.0"})");
    REQUIRE(r);
    CHECK(*r->power_w == Approx(11.670000076293945));
    CHECK(*r->hashrate_ghs.now == Approx(465.1234567890123));
    CHECK(*r->fans[0].pct == Approx(35.29411764705882));
    CHECK(*r->best_difficulty.all_time == Approx(1.2e6));
    CHECK_FALSE(r->best_difficulty.session);
    CHECK_FALSE(r->network.difficulty); // solo fields only since v2.11
    CHECK(r->make == "Bitaxe");
}

TEST_CASE("a temperature of -1 means the sensor is not ready yet") {
    json info = v2_15();
    info["temp"] = -1;
    info["vrTemp"] = -1;
    const auto r = parse_ok(info);
    CHECK_FALSE(r.temp_c.asic);
    CHECK_FALSE(r.temp_c.vr);
    CHECK_FALSE(max_temp(r.temp_c));
}

TEST_CASE("NerdQAxe aliases string best difficulty and hottest-chip temp are understood") {
    const auto r = parse_axeos_info(R"({
        "power": 78.4, "voltage": 12050, "current": 6510, "temp": 66.5, "vrTemp": 58,
        "asicTemps": [61.0, 63.5, 66.5, 62.0], "hashRate": 4850.2, "hashRate_10m": 4801.0,
        "expectedHashrate": 4800, "bestDiff": "270M", "bestSessionDiff": "12.5M",
        "stratumDifficulty": 4096, "foundBlocks": 1, "fanspeed": 60, "fanrpm": 5100,
        "fanrpm2": 4980, "sharesAccepted": 1200, "sharesRejected": 4, "uptimeSeconds": 7200,
        "hostip": "192.168.1.77", "macAddr": "AA:BB:CC:DD:EE:01", "hostname": "nerdqaxe",
        "deviceModel": "NerdQAxe++", "ASICModel": "BM1370", "version": "v1.0.34",
        "lastResetReason": "Brownout reset", "stratumURL": "solo.ckpool.org",
        "stratumPort": 3333, "stratumUser": "bc1qnerd.q1", "isUsingFallbackStratum": false,
        "networkDifficulty": 126411437451912, "blockHeight": 925001})");
    REQUIRE(r);
    CHECK(r->make == "NerdQAxe");
    CHECK(r->model == "NerdQAxe++");
    CHECK(r->ip == "192.168.1.77");
    CHECK(*r->blocks_found == 1);
    CHECK(r->reset_reason == "Brownout reset");
    CHECK(*r->pool.difficulty == 4096.0);
    CHECK(*r->best_difficulty.all_time == Approx(270e6));
    CHECK(*r->best_difficulty.session == Approx(12.5e6));
    CHECK(*r->temp_c.asic == Approx((61.0 + 63.5 + 66.5 + 62.0) / 4)); // average of chips
    CHECK(*r->temp_c.chip_max == 66.5);                                // `temp` is the hottest chip
    CHECK(*max_temp(r->temp_c) == 66.5);
    REQUIRE(r->fans.size() == 2);
    CHECK(*r->fans[1].rpm == 4980);
    CHECK(r->pool.url == "stratum+tcp://solo.ckpool.org:3333");
    CHECK(r->pool.fallback_active == false);
}

TEST_CASE("LuckyMiner is told apart by its minerModel key") {
    json info = v2_15();
    info["minerModel"] = "LV07";
    const auto r = parse_ok(info);
    CHECK(r.make == "LuckyMiner");
    CHECK(r.model == "LV07");
}

TEST_CASE("fault keys become fault strings only when set") {
    json info = v2_15();
    info["overheat_mode"] = 1;
    info["power_fault"] = "Vcore out of range";
    info["hardware_fault"] = "ASIC not responding";
    info["miningPaused"] = true;
    const auto r = parse_ok(info);
    CHECK(r.faults
          == std::vector<std::string>{"overheat",
                                      "power_fault: Vcore out of range",
                                      "hardware_fault: ASIC not responding",
                                      "paused"});
    info["overheat_mode"] = 0;
    info["power_fault"] = "";
    info.erase("hardware_fault");
    info["miningPaused"] = false;
    CHECK(parse_ok(info).faults.empty());
}

TEST_CASE("the fallback pool is reported while it is in use as 0/1 or as a bool") {
    for (const json& flag : {json(1), json(true)}) {
        json info = v2_15();
        info["isUsingFallbackStratum"] = flag;
        const auto r = parse_ok(info);
        CHECK(r.pool.fallback_active == true);
        CHECK(r.pool.url == "stratum+tcp://public-pool.io:21496");
    }
    json info = v2_15();
    info["isUsingFallbackStratum"] = false;
    info["stratumURL"] = "stratum+ssl://solo.example:4333";
    CHECK(parse_ok(info).pool.url == "stratum+ssl://solo.example:4333");
    info["stratumURL"] = "solo.example";
    info["stratumTLS"] = 1;
    CHECK(parse_ok(info).pool.url == "stratum+ssl://solo.example:3333");
}

TEST_CASE("an AxeOS info with only a hashrate leaves everything else absent") {
    const auto r = parse_axeos_info(R"({"hashRate": 500})");
    REQUIRE(r);
    miner_snapshot s;
    s.reading = *r;
    const json j = to_json(s);
    CHECK(j["hashrate_ghs"]["now"] == 500.0);
    CHECK(j["hashrate_ghs"]["avg_10m"].is_null());
    CHECK(j["power_w"].is_null());
    CHECK(j["efficiency_j_per_th"].is_null());
    CHECK(j["temp_c"]["max"].is_null());
    CHECK(j["shares"]["accepted"].is_null());
    CHECK(j["pool"]["url"].is_null());
    CHECK(j["pool"]["fallback_active"].is_null());
    CHECK(j["blocks_found"].is_null());
    CHECK(j["network"]["height"].is_null());
    CHECK(j["fans"].empty());
    CHECK(j["make"] == "Bitaxe");
}

TEST_CASE("unusable optional values are absent rather than guessed") {
    json info = v2_15();
    info["power"] = "n/a";
    info["sharesAccepted"] = json::array();
    info["bestDiff"] = "lots";
    const auto r = parse_ok(info);
    CHECK_FALSE(r.power_w);
    CHECK_FALSE(r.shares.accepted);
    CHECK_FALSE(r.best_difficulty.all_time);
}

TEST_CASE("AxeOS replies without a usable hashrate are errors naming the key") {
    auto e = parse_fail(R"({"power": 17.8})");
    CHECK(e.code == parse_errc::missing_key);
    CHECK_THAT(e.message, Catch::Contains("hashRate"));
    e = parse_fail(R"({"hashRate": "fast"})");
    CHECK(e.code == parse_errc::bad_value);
    CHECK_THAT(e.message, Catch::Contains("hashRate") && Catch::Contains("fast"));
}

TEST_CASE("an HTML page an empty body garbage or a list are refused with a clear message") {
    auto e = parse_fail("<!DOCTYPE html><html><body>401 Unauthorized</body></html>");
    CHECK(e.code == parse_errc::not_json);
    CHECK_THAT(e.message, Catch::Contains("looks like HTML") && Catch::Contains("DOCTYPE"));
    CHECK(parse_fail("").code == parse_errc::empty_reply);
    CHECK(parse_fail(" \r\n").code == parse_errc::empty_reply);
    CHECK(parse_fail(std::string("\x01\xff\xfe garbage", 12)).code == parse_errc::not_json);
    CHECK(parse_fail("[1,2,3]").code == parse_errc::bad_shape);
    CHECK(parse_fail(std::string(100, '[') + std::string(100, ']')).code == parse_errc::too_deep);
}
