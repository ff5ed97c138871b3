// Antminer (Vnish, stock S9/S19 variants), Whatsminer and Braiins OS through the readers.

#include "miners/cgminer_sections.hpp"

#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace sw::miners;
using sw::miners::test::read_fixture;
using json = nlohmann::json;

namespace {

tl::expected<void, parse_error>
apply(std::string_view command, std::string_view wire, miner_reading& r) {
    const auto reply = parse_cgminer_reply(wire, command);
    if (!reply) {
        return tl::unexpected(reply.error());
    }
    return apply_cgminer_command(command, *reply, r);
}

miner_reading read_one(std::string_view command, std::string_view wire) {
    miner_reading r;
    const auto done = apply(command, wire, r);
    if (!done) {
        FAIL(done.error().message);
    }
    return r;
}

std::string envelope(std::string_view section, const std::string& items) {
    return R"({"STATUS":[{"STATUS":"S","When":1,"Code":70,"Msg":"x","Description":"cgminer 4.11.1"}],")"
           + std::string(section) + "\":" + items + ",\"id\":1}";
}

} // namespace

TEST_CASE("Antminer S19 XP (Vnish) summary takes GH/s values sent as strings") {
    const auto r = read_one("summary", read_fixture("antminer_s19xp_vnish_summary.wire"));
    CHECK(*r.hashrate_ghs.now == Approx(140258.58));
    CHECK(*r.hashrate_ghs.avg_total == Approx(142562.73));
    CHECK(*r.uptime_s == 331780);
    CHECK(*r.shares.accepted == 226146);
    CHECK(*r.shares.rejected == 94);
    CHECK(*r.shares.stale == 177);
    CHECK(*r.shares.hardware_errors == 8004);
    CHECK(*r.best_difficulty.session == 11482220369.0);
    CHECK(*r.blocks_found == 0);
}

TEST_CASE("Antminer S19 XP (Vnish) stats give model temperatures fans and expected rate") {
    const auto r = read_one("stats", read_fixture("antminer_s19xp_vnish_stats.wire"));
    CHECK(r.make == "Antminer");
    CHECK(r.model == "S19 XP");
    CHECK(r.firmware == "Vnish 1.2.0-rc1");
    CHECK(*r.hashrate_ghs.now == Approx(140258.58));
    CHECK(*r.hashrate_ghs.avg_total == Approx(142562.48));
    CHECK(*r.expected_hashrate_ghs == Approx(144399.77));
    CHECK(*r.temp_c.chip_max == 75.0); // temp_chip1 "52-75"
    CHECK(*r.temp_c.asic == 75.0);
    CHECK(*r.temp_c.board == 60.0); // temp_pcb1 "37-60"
    CHECK(*r.uptime_s == 331311);
    REQUIRE(r.fans.size() == 4);
    CHECK(*r.fans[0].rpm == 2790);
    CHECK(*r.fans[3].rpm == 2910);
    CHECK(*r.fans[2].pct == 25.0);
}

TEST_CASE("Vnish's DevFee pool is never chosen as the user's pool") {
    const auto r = read_one("pools", read_fixture("antminer_s19xp_vnish_pools.wire"));
    CHECK(r.pool.url == "stratum+tcp://eu.ss.btc.com:1800");
    CHECK(r.pool.user == "divcr1");
    CHECK(*r.pool.difficulty == 524288.0);
    CHECK(r.pool.fallback_active == false);
    CHECK(*r.network.height == 810322);

    // While the dev fee is being mined, DevFee is the stratum-active one.
    json pools = json::parse(read_fixture("antminer_s19xp_vnish_pools.json"));
    pools["POOLS"][0]["Stratum Active"] = false;
    pools["POOLS"][1]["Stratum Active"] = true;
    const auto during_fee = read_one("pools", pools.dump());
    CHECK(during_fee.pool.url == "stratum+tcp://eu.ss.btc.com:1800");
    CHECK(during_fee.pool.fallback_active == false);
}

TEST_CASE("a lower-priority pool in use means the fallback is active") {
    json pools = json::parse(read_fixture("cgminer_avalon_A1566_pools.json"));
    pools["POOLS"][0]["Status"] = "Dead";
    pools["POOLS"][0]["Stratum Active"] = false;
    const auto alive_only = read_one("pools", pools.dump());
    CHECK(alive_only.pool.url == "stratum+tcp://stratum.pool.io:3334");
    CHECK(alive_only.pool.fallback_active == true);
    CHECK_FALSE(alive_only.pool.difficulty); // Stratum/Work Difficulty 0: not set yet
    CHECK_FALSE(alive_only.network.height);  // Current Block Height 0
}

TEST_CASE("stock S9 stats: non-contiguous chains idle fan slots temp2_N chip sensors") {
    const std::string stats = envelope(
        "STATS",
        R"([{"BMMiner":"2.0.0","Miner":"16.8.1.3","CompileTime":"Fri Nov 17 17:37:49 CST 2017","Type":"Antminer S9"},)"
        R"({"STATS":0,"ID":"BC50","Elapsed":4532,"GHS 5s":"13932.12","GHS av":13876.45,)"
        R"("fan_num":2,"fan1":0,"fan2":0,"fan3":5880,"fan4":0,"fan5":0,"fan6":6000,"fan7":0,"fan8":0,)"
        R"("temp_num":3,"temp1":0,"temp6":60,"temp7":58,"temp8":62,"temp2_1":0,"temp2_6":75,)"
        R"("temp2_7":73,"temp2_8":78,"chain_rate6":"4650.1","chain_rate7":"4640.7","chain_rate8":"4641.3",)"
        R"("total_rateideal":13500.0,"rate_unit":"GH/s"}])");
    const auto r = read_one("stats", stats);
    CHECK(r.make == "Antminer");
    CHECK(r.model == "S9");
    CHECK(*r.hashrate_ghs.now == Approx(13932.12));
    CHECK(*r.expected_hashrate_ghs == 13500.0);
    CHECK(*r.temp_c.chip_max == 78.0);
    CHECK(*r.temp_c.board == 62.0);
    REQUIRE(r.fans.size() == 2);
    CHECK(*r.fans[0].rpm == 5880);
    CHECK(*r.fans[1].rpm == 6000);

    miner_reading v;
    REQUIRE(
        apply("version",
              envelope("VERSION",
                       R"([{"BMMiner":"2.0.0","API":"3.1","Miner":"16.8.1.3",)"
                       R"("CompileTime":"Fri Nov 17 17:37:49 CST 2017","Type":"Antminer S9"}])"),
              v));
    CHECK(v.make == "Antminer");
    CHECK(v.model == "S9");
    CHECK(v.firmware == "Fri Nov 17 17:37:49 CST 2017");
}

TEST_CASE("stock S19 chip strings and a TH/s rate unit are read") {
    const auto r =
        read_one("stats",
                 envelope("STATS",
                          R"([{"STATS":0,"ID":"BTM_SOC0","GHS 5s":95123.4,"fan_num":4,"fan1":3000,)"
                          R"("fan2":0,"fan3":3100,"fan4":3050,"temp_chip1":"61-63-60-62",)"
                          R"("temp_chip3":"64-66-63-65","temp_pcb1":"45-47-44-46",)"
                          R"("total_rateideal":95.0,"rate_unit":"TH/s"}])"));
    CHECK(r.make == "Antminer");
    CHECK(*r.temp_c.chip_max == 66.0);
    CHECK(*r.temp_c.board == 47.0);
    CHECK(*r.expected_hashrate_ghs == 95000.0);
    REQUIRE(r.fans.size() == 4); // four fitted: the stopped one stays visible
    CHECK(*r.fans[1].rpm == 0);
}

TEST_CASE("Whatsminer summary carries power temperatures fans MAC and factory rate") {
    const auto r = read_one("summary", read_fixture("whatsminer_summary.wire"));
    CHECK(r.make == "Whatsminer");
    CHECK(r.firmware == "20200917.22.REL");
    CHECK(r.mac == "c4:11:04:01:3c:75");
    CHECK(*r.hashrate_ghs.now == Approx(64143.77795));
    CHECK(*r.hashrate_ghs.avg_1m == Approx(67266.44769));
    CHECK(*r.hashrate_ghs.avg_total == Approx(68710.59719));
    CHECK(*r.expected_hashrate_ghs == 67051.0);
    CHECK(*r.power_w == 3491.0);
    CHECK(*r.temp_c.asic == Approx(79.34));
    CHECK(*r.temp_c.chip_max == Approx(87.7));
    CHECK(*r.temp_c.board == 72.0);
    CHECK(*r.temp_c.ambient == 28.5);
    REQUIRE(r.fans.size() == 2);
    CHECK(*r.fans[0].rpm == 4950);
    CHECK(*r.fans[1].rpm == 4920);
    CHECK(*r.blocks_found == 25);
    CHECK(*r.shares.accepted == 5018);
    CHECK(*r.shares.rejected == 29);
    CHECK(*r.best_difficulty.session == 1003626349.0);
    CHECK(*r.uptime_s == 66295);
}

TEST_CASE("Braiins OS summary fans and temps") {
    miner_reading r;
    REQUIRE(apply("summary", read_fixture("braiins_os_s9_summary.wire"), r));
    REQUIRE(apply("fans", read_fixture("braiins_os_s9_fans.wire"), r));
    REQUIRE(apply("temps", read_fixture("braiins_os_s9_temps.wire"), r));
    CHECK(r.make == "Braiins");
    CHECK(r.firmware == "BOSminer bosminer-plus-tuner 0.9.0-26ba61b9");
    CHECK(*r.hashrate_ghs.now == Approx(14274.425317759488));
    CHECK(*r.hashrate_ghs.avg_24h == Approx(14.256109965463167));
    CHECK(*r.hashrate_ghs.avg_total == Approx(16698.158653278796));
    CHECK(*r.uptime_s == 92);
    CHECK(*r.shares.accepted == 68);
    CHECK(*r.best_difficulty.session == 65536.0);
    REQUIRE(r.fans.size() == 4);
    CHECK(*r.fans[0].rpm == 1560);
    CHECK(*r.fans[0].pct == 1.0);
    CHECK(*r.temp_c.board == 53.0);
    CHECK_FALSE(r.temp_c.asic); // Chip 0.0: no chip sensor
    CHECK(*max_temp(r.temp_c) == 53.0);
}

TEST_CASE("a summary with only a hashrate leaves every other field absent") {
    const auto r = read_one("summary", envelope("SUMMARY", R"([{"MHS av":1000.0}])"));
    CHECK(*r.hashrate_ghs.avg_total == 1.0);
    CHECK_FALSE(r.hashrate_ghs.now);
    CHECK_FALSE(r.uptime_s);
    CHECK_FALSE(r.shares.accepted);
    CHECK_FALSE(r.best_difficulty.session);
    CHECK_FALSE(r.blocks_found);
    CHECK_FALSE(r.make);
    CHECK(r.fans.empty());
}

TEST_CASE("numbers sent as padded strings are read") {
    const auto r = read_one(
        "summary",
        envelope("SUMMARY", R"([{"GHS 5s":" 95.5 ","Accepted":" 12.0000","Elapsed":"60"}])"));
    CHECK(*r.hashrate_ghs.now == 95.5);
    CHECK(*r.shares.accepted == 12);
    CHECK(*r.uptime_s == 60);
}

TEST_CASE("section errors name the command and the key") {
    miner_reading r;
    auto e = apply("summary", envelope("SUMMARY", R"([{"Elapsed":5}])"), r);
    REQUIRE_FALSE(e);
    CHECK(e.error().code == parse_errc::missing_key);
    CHECK_THAT(e.error().message,
               Catch::StartsWith("cgminer summary: ") && Catch::Contains("MHS av"));
    e = apply("summary", envelope("SUMMARY", R"([{"GHS 5s":"fast"}])"), r);
    CHECK(e.error().code == parse_errc::bad_value);
    CHECK_THAT(e.error().message, Catch::Contains("GHS 5s") && Catch::Contains("fast"));
    e = apply("pools", envelope("SUMMARY", "[]"), r);
    CHECK(e.error().code == parse_errc::missing_key);
    CHECK_THAT(e.error().message, Catch::Contains("POOLS"));
    e = apply("stats", envelope("STATS", "[1]"), r);
    CHECK(e.error().code == parse_errc::bad_shape);
    CHECK_THAT(e.error().message, Catch::Contains("STATS[0]"));
    e = apply("coffee", envelope("STATS", "[]"), r);
    CHECK_FALSE(e);
    CHECK(r.hashrate_ghs.now == std::nullopt); // failed readers leave the reading alone
}
