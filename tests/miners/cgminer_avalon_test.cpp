// Avalon (Nano 3s, A1566) fixtures through the cgminer readers, and the MM ID0 scanner.

#include <catch2/catch.hpp>

#include "miners/avalon_mm.hpp"
#include "miners/cgminer_sections.hpp"

#include "fixture.hpp"

using namespace sw::miners;
using sw::miners::test::read_fixture;

namespace {

miner_reading read_one(std::string_view command, std::string_view fixture) {
    const auto reply = parse_cgminer_reply(read_fixture(fixture), command);
    if (!reply) {
        FAIL(reply.error().message);
    }
    miner_reading r;
    const auto done = apply_cgminer_command(command, *reply, r);
    if (!done) {
        FAIL(done.error().message);
    }
    return r;
}

} // namespace

TEST_CASE("Avalon Nano 3s version names make model firmware and MAC") {
    const auto r = read_one("version", "avalon_nano3s_version.wire");
    CHECK(r.make == "Avalon");
    CHECK(r.model == "Nano3s");
    CHECK(r.firmware == "25021401_56abae7");
    CHECK(r.mac == "e0:e1:a9:3f:85:23");
}

TEST_CASE("Avalon Nano 3s summary converts MH/s to GH/s the 30 s window being now") {
    const auto r = read_one("summary", "avalon_nano3s_summary.wire");
    CHECK(*r.uptime_s == 10010);
    CHECK(*r.hashrate_ghs.now == Approx(6601.44213));
    CHECK(*r.hashrate_ghs.avg_1m == Approx(6612.87951));
    CHECK(*r.hashrate_ghs.avg_5m == Approx(6689.21436));
    CHECK(*r.hashrate_ghs.avg_15m == Approx(6681.03277));
    CHECK(*r.hashrate_ghs.avg_total == Approx(6676.35898));
    CHECK_FALSE(r.hashrate_ghs.avg_10m);
    CHECK_FALSE(r.hashrate_ghs.avg_1h);
    CHECK(*r.shares.accepted == 2547);
    CHECK(*r.shares.rejected == 10);
    CHECK(*r.shares.stale == 0);
    CHECK(*r.best_difficulty.session == 12031286.0);
    CHECK_FALSE(r.best_difficulty.all_time);
    CHECK(*r.blocks_found == 0);
    CHECK_FALSE(r.power_w);
}

TEST_CASE("Avalon Nano 3s estats MM ID0 gives hashrate temperatures fan and PSU watts") {
    const auto r = read_one("estats", "avalon_nano3s_estats.wire");
    CHECK(r.make == "Avalon");
    CHECK(r.model == "Nano3s");
    CHECK(r.firmware == "25021401_56abae7");
    CHECK(*r.uptime_s == 10027);
    CHECK(*r.hashrate_ghs.now == Approx(6598.84));
    CHECK(*r.hashrate_ghs.avg_total == Approx(6695.18));
    CHECK(*r.expected_hashrate_ghs == Approx(6783.65));
    CHECK(*r.power_w == 133.0); // PS[...] index 6
    CHECK(*r.temp_c.asic == 90.0);
    CHECK(*r.temp_c.chip_max == 95.0);
    CHECK_FALSE(r.temp_c.ambient); // ITemp[-273]: no sensor
    REQUIRE(r.fans.size() == 1);
    CHECK(*r.fans[0].rpm == 1520);
    CHECK(*r.fans[0].pct == 33.0);
}

TEST_CASE("Avalon A1566 stats and estats read the same module skipping pool entries") {
    for (const char* command : {"stats", "estats"}) {
        INFO(command);
        const auto r = read_one(command, std::string("cgminer_avalon_A1566_") + command + ".wire");
        CHECK(r.make == "Avalon");
        CHECK(r.model == "15-194");
        CHECK(r.firmware == "24102401_25462b2_9ddf522");
        CHECK(*r.hashrate_ghs.now == Approx(199241.07));
        CHECK(*r.hashrate_ghs.avg_total == Approx(184007.00));
        CHECK(*r.expected_hashrate_ghs == Approx(201920.42));
        CHECK(*r.power_w == 3731.0); // WALLPOWER
        CHECK(*r.temp_c.asic == 70.0);
        CHECK(*r.temp_c.chip_max == 78.0);
        CHECK(*r.temp_c.ambient == 31.0);
        CHECK(*max_temp(r.temp_c) == 78.0);
        REQUIRE(r.fans.size() == 2);
        CHECK(*r.fans[0].rpm == 4275);
        CHECK(*r.fans[1].rpm == 4282);
        CHECK(*r.fans[1].pct == 49.0);
        CHECK(*r.uptime_s == 975);
    }
}

TEST_CASE("Avalon A1566 version pools and devs") {
    const auto v = read_one("version", "cgminer_avalon_A1566_version.wire");
    CHECK(v.make == "Avalon");
    CHECK(v.model == "15-194");
    CHECK(v.mac == "12:34:56:78:90:12");

    const auto p = read_one("pools", "cgminer_avalon_A1566_pools.wire");
    CHECK(p.pool.url == "stratum+tcp://stratum.pool.io:3333");
    CHECK(p.pool.user == "pool_username.real_worker");
    CHECK(*p.pool.difficulty == 262144.0);
    CHECK(p.pool.fallback_active == false);
    CHECK(*p.network.height == 882588);

    const auto d = read_one("devs", "cgminer_avalon_A1566_devs.wire");
    CHECK(*d.hashrate_ghs.now == Approx(197497.92649));
    CHECK(*d.hashrate_ghs.avg_15m == Approx(124648.83518));
    CHECK_FALSE(d.temp_c.chip_max); // Temperature -273
}

TEST_CASE("a whole Avalon poll combines commands the first reader of a field winning") {
    miner_reading r;
    for (const auto& [command, fixture] : std::vector<std::pair<std::string, std::string>>{
             {"version", "cgminer_avalon_A1566_version.wire"},
             {"pools", "cgminer_avalon_A1566_pools.wire"},
             {"estats", "cgminer_avalon_A1566_estats.wire"},
             {"devs", "cgminer_avalon_A1566_devs.wire"}}) {
        const auto reply = parse_cgminer_reply(read_fixture(fixture), command);
        REQUIRE(reply);
        REQUIRE(apply_cgminer_command(command, *reply, r));
    }
    CHECK(*r.hashrate_ghs.now == Approx(199241.07)); // estats before devs
    CHECK(r.mac == "12:34:56:78:90:12");
    miner_snapshot s;
    s.kind = miner_kind::cgminer;
    s.id = miner_id(r, "a1566");
    s.reading = r;
    const auto j = to_json(s);
    CHECK(j["id"] == "12:34:56:78:90:12");
    CHECK(j["efficiency_j_per_th"].get<double>() == Approx(3731.0 / 199.24107));
    CHECK(j["network"]["height"] == 882588);
    CHECK(j["network"]["difficulty"].is_null());
}

TEST_CASE("the MM ID scanner matches the documented pattern") {
    const auto f = parse_avalon_mm(
        "Ver[Nano3s-25021401_56abae7] SYSTEMSTATU[Work: In Work, Hash Board: 1] "
        "PS[0 0 27541 4 0 3756 133] FanR[33%] FACOPTS0[] [orphan] Bad[x[y] Tail[open");
    REQUIRE(f.size() == 6);
    CHECK(f[0] == std::pair<std::string, std::string>{"Ver", "Nano3s-25021401_56abae7"});
    CHECK(f[1].second == "Work: In Work, Hash Board: 1");
    CHECK(avalon_mm_numbers(f[2].second) == std::vector<double>{0, 0, 27541, 4, 0, 3756, 133});
    CHECK(avalon_mm_numbers(f[3].second) == std::vector<double>{33});
    CHECK(f[4] == std::pair<std::string, std::string>{"FACOPTS0", ""});
    CHECK(f[5] == std::pair<std::string, std::string>{"Bad", "x[y"});
    CHECK(avalon_mm_numbers(" 85  91 x 3") == std::vector<double>{85, 91});
}

TEST_CASE("Avalon Ver splits into model and firmware at the dated part") {
    CHECK(split_avalon_version("15-194-24102401_25462b2_9ddf522")
          == std::pair<std::optional<std::string>, std::string>{"15-194",
                                                                "24102401_25462b2_9ddf522"});
    CHECK(split_avalon_version("Nano3s-25021401_56abae7").first == "Nano3s");
    CHECK_FALSE(split_avalon_version("custom").first);
}
