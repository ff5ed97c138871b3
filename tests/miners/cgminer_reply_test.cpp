// The cgminer envelope: STATUS shapes, error replies, joined replies, unusable bytes.

#include <catch2/catch.hpp>

#include "miners/cgminer.hpp"
#include "miners/cgminer_sections.hpp"

#include "fixture.hpp"

using namespace sw::miners;
using sw::miners::test::read_fixture;

namespace {

parse_error reply_fail(std::string_view wire, std::string_view command = "summary") {
    auto r = parse_cgminer_reply(wire, command);
    REQUIRE_FALSE(r);
    INFO("message: " << r.error().message);
    CHECK_THAT(r.error().message, Catch::StartsWith("cgminer " + std::string(command) + ": "));
    return r.error();
}

} // namespace

TEST_CASE("a STATUS list envelope gives its letter code message and description") {
    const auto r = parse_cgminer_reply(read_fixture("avalon_nano3s_summary.wire"), "summary");
    REQUIRE(r);
    CHECK(r->status.letter == 'S');
    CHECK(*r->status.code == 11);
    CHECK(r->status.msg == "Summary");
    CHECK(r->status.description == "cgminer 4.11.1");
    CHECK(*r->status.when == 10040);
    CHECK_FALSE(r->joined());
}

TEST_CASE("Whatsminer's STATUS may be a bare object") {
    const auto r = parse_cgminer_reply(
        R"({"STATUS":{"STATUS":"S","When":1604757733,"Code":11,"Msg":"Summary","Description":"btminer"},)"
        R"("SUMMARY":[{"Elapsed":10,"MHS av":68710597.19}],"id":1})");
    REQUIRE(r);
    CHECK(r->status.letter == 'S');
    CHECK(*r->status.code == 11);
    miner_reading reading;
    REQUIRE(read_summary(*r, reading));
    CHECK(*reading.hashrate_ghs.avg_total == Approx(68710.59719));
    CHECK(reading.make == "Whatsminer"); // from the Description
}

TEST_CASE("Whatsminer's STATUS may be a letter with Code and Msg beside it") {
    const auto r = parse_cgminer_reply(
        R"({"STATUS":"S","When":1,"Code":131,"Msg":{"api_ver":"whatsminer v1.3",)"
        R"("fw_ver":"20200917.22.REL","mac":"C4:11:04:01:3C:75"},"Description":""})",
        "version");
    REQUIRE(r);
    CHECK(*r->status.code == 131);
    CHECK(r->status.msg.empty()); // Msg is data here, not text
    miner_reading reading;
    REQUIRE(read_version(*r, reading));
    CHECK(reading.make == "Whatsminer");
    CHECK(reading.firmware == "20200917.22.REL");
    CHECK(reading.mac == "c4:11:04:01:3c:75");
}

TEST_CASE("an invalid-command reply is a miner error with code 14") {
    const auto e = reply_fail(read_fixture("cgminer_error_invalid_command.wire"), "estats");
    CHECK(e.code == parse_errc::miner_error);
    CHECK(*e.miner_code == 14);
    CHECK(e.miner_msg == "Invalid command");
    CHECK(e.invalid_command());
    CHECK_FALSE(e.access_denied());
    CHECK(e.refused());
    CHECK_THAT(e.message, Catch::Contains("code 14") && Catch::Contains("Invalid command"));
}

TEST_CASE("an access-denied reply is a miner error with code 45") {
    const auto e = reply_fail(
        R"({"STATUS":[{"STATUS":"E","When":1,"Code":45,"Msg":"Access denied to 'devs' command",)"
        R"("Description":"cgminer 4.11.1"}],"id":1})",
        "devs");
    CHECK(e.access_denied());
    CHECK_FALSE(e.invalid_command());
    CHECK(e.refused());
    CHECK(e.miner_msg == "Access denied to 'devs' command");
}

TEST_CASE("a fatal status is an error too and other codes are not refusals") {
    const auto e = reply_fail(R"({"STATUS":[{"STATUS":"F","Code":2,"Msg":"boom"}]})");
    CHECK(e.code == parse_errc::miner_error);
    CHECK(*e.miner_code == 2);
    CHECK_FALSE(e.refused());
}

TEST_CASE("info and warning statuses still carry data") {
    for (const char* letter : {"I", "W"}) {
        const auto r = parse_cgminer_reply(std::string(R"({"STATUS":[{"STATUS":")") + letter
                                           + R"(","Code":7,"Msg":"No pools"}],"POOLS":[]})");
        REQUIRE(r);
        CHECK(r->status.letter == letter[0]);
    }
}

TEST_CASE("a joined reply gives each command its own envelope") {
    const std::string summary = read_fixture("antminer_s19xp_vnish_summary.json");
    const std::string pools = read_fixture("antminer_s19xp_vnish_pools.json");
    const std::string stats = read_fixture("cgminer_error_invalid_command.json");
    const std::string wire = "{\"summary\":[" + summary + "],\"pools\":[" + pools + "],\"estats\":["
                             + stats + "],\"id\":1}";
    const auto r = parse_cgminer_reply(wire + std::string(1, '\0'), "summary+pools+estats");
    REQUIRE(r);
    CHECK(r->joined());
    CHECK(r->parts == std::vector<std::string>{"estats", "pools", "summary"});
    const auto s = r->part("summary");
    REQUIRE(s);
    CHECK(*s->status.code == 11);
    const auto e = r->part("estats");
    REQUIRE_FALSE(e);
    CHECK(e.error().invalid_command());
    const auto missing = r->part("devs");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == parse_errc::missing_key);

    // The readers take their own part of a joined reply.
    miner_reading reading;
    REQUIRE(read_summary(*r, reading));
    REQUIRE(read_pools(*r, reading));
    CHECK(*reading.hashrate_ghs.now == Approx(140258.58));
    CHECK(reading.pool.url == "stratum+tcp://eu.ss.btc.com:1800");
    CHECK(read_stats(*r, reading, "estats").error().invalid_command());
}

TEST_CASE("a joined refusal is a plain error reply") {
    const auto e = reply_fail(
        R"({"STATUS":[{"STATUS":"E","Code":45,"Msg":"Access denied to 'summary+pools' command"}],"id":1})");
    CHECK(e.access_denied());
}

TEST_CASE("unusable replies are errors with a clear message") {
    CHECK(reply_fail("").code == parse_errc::empty_reply);
    CHECK(reply_fail(std::string(1, '\0')).code == parse_errc::empty_reply);
    auto e = reply_fail("<html><head><title>404 Not Found</title></head></html>");
    CHECK(e.code == parse_errc::not_json);
    CHECK_THAT(e.message, Catch::Contains("looks like HTML") && Catch::Contains("404"));
    e = reply_fail(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
    CHECK(e.code == parse_errc::not_json);
    CHECK(reply_fail("STATUS=S,When=1,Code=11,Msg=Summary|").code == parse_errc::not_json);
    CHECK(reply_fail("[1,2]").code == parse_errc::bad_shape);
    e = reply_fail(R"({"SUMMARY":[{"Elapsed":1}]})");
    CHECK(e.code == parse_errc::bad_shape);
    CHECK_THAT(e.message, Catch::Contains("no STATUS"));
    e = reply_fail(R"({"STATUS":[{"STATUS":"Q"}]})");
    CHECK_THAT(e.message, Catch::Contains("unknown STATUS letter"));
    CHECK(reply_fail(std::string(70, '[')).code == parse_errc::too_deep);
}

TEST_CASE("a broken but repairable reply parses") {
    const auto r = parse_cgminer_reply(std::string(
        R"({"STATUS":[{"STATUS":"S","Code":11,"Msg":"Summary",}],"SUMMARY":[{"MHS 5s":inf,"MHS av":5000.0,"Elapsed":9)"));
    REQUIRE(r);
    miner_reading reading;
    REQUIRE(read_summary(*r, reading));
    CHECK_FALSE(reading.hashrate_ghs.now);
    CHECK(*reading.hashrate_ghs.avg_total == 5.0);
    CHECK(*reading.uptime_s == 9);
}
