// One test per broken-JSON case of MINERS.md section 2: each repaired text must parse to the
// value the firmware meant.

#include <catch2/catch.hpp>

#include "miners/cgminer.hpp"

#include "fixture.hpp"

using sw::miners::repair_cgminer_json;
using sw::miners::test::read_fixture;
using json = nlohmann::json;

namespace {

json repaired(std::string_view wire) {
    const std::string text = repair_cgminer_json(wire);
    INFO("wire: " << wire << "\nrepaired: " << text);
    json value = json::parse(text, nullptr, false);
    REQUIRE_FALSE(value.is_discarded());
    return value;
}

} // namespace

TEST_CASE("repair strips the trailing NUL and blanks of the wire") {
    CHECK(repaired(std::string("{\"id\":1}\0", 9)) == json{{"id", 1}});
    CHECK(repaired(std::string(" {\"id\":1} \n\0\0", 14)) == json{{"id", 1}});
}

TEST_CASE("repair drops a comma before a closing brace or bracket") {
    CHECK(repaired(R"({"a":1,"b":[1,2,],})") == json::parse(R"({"a":1,"b":[1,2]})"));
    CHECK(repaired(R"({"a":1 , })") == json::parse(R"({"a":1})"));
}

TEST_CASE("repair escapes raw newlines and control characters inside strings") {
    const json v = repaired("{\"Msg\":\"line one\nline two\r\tend\x01\"}");
    CHECK(v["Msg"] == "line one\nline two\r\tend\x01");
}

TEST_CASE("repair separates objects written back to back") {
    CHECK(repaired(R"({"STATS":[{"a":1}{"b":2} {"c":3}]})")
          == json::parse(R"({"STATS":[{"a":1},{"b":2},{"c":3}]})"));
}

TEST_CASE("repair drops a comma right after an opening bracket") {
    CHECK(repaired(R"({"DEVS":[,{"a":1}]})") == json::parse(R"({"DEVS":[{"a":1}]})"));
    CHECK(repaired(R"({,"a":1,,"b":2})") == json::parse(R"({"a":1,"b":2})"));
}

TEST_CASE("repair turns bare and quoted inf and nan values into null") {
    const json v = repaired(
        R"({"a":inf,"b":-inf,"c":nan,"d":"inf","e":"NaN","f":[-nan,"-inf",1],"inf":"Inf"})");
    CHECK(v["a"].is_null());
    CHECK(v["b"].is_null());
    CHECK(v["c"].is_null());
    CHECK(v["d"].is_null());
    CHECK(v["e"].is_null());
    CHECK(v["f"] == json::parse("[null,null,1]"));
    CHECK(v["inf"].is_null()); // a key named inf stays a key
}

TEST_CASE("repair completes a reply that starts with a comma") {
    CHECK(repaired(std::string(",\"id\":1}\0", 9)) == json{{"id", 1}});
}

TEST_CASE("repair closes a truncated reply after its last complete value") {
    CHECK(repaired(R"({"STATUS":[{"STATUS":"S","Code":11}],"SUMMARY":[{"Elapsed":92)")
          == json::parse(R"({"STATUS":[{"STATUS":"S","Code":11}],"SUMMARY":[{"Elapsed":92}]})"));
    // Cut inside a string, after a key, after a colon, after a comma, inside a literal:
    CHECK(repaired(R"({"a":1,"b":"hal)") == json::parse(R"({"a":1})"));
    CHECK(repaired(R"({"a":1,"b")") == json::parse(R"({"a":1})"));
    CHECK(repaired(R"({"a":1,"b":)") == json::parse(R"({"a":1})"));
    CHECK(repaired(R"({"a":[1,2,)") == json::parse(R"({"a":[1,2]})"));
    CHECK(repaired(R"({"a":[true,fal)") == json::parse(R"({"a":[true]})"));
    CHECK(repaired(R"({"a":{"b":{)") == json::parse(R"({"a":{"b":{}}})"));
}

TEST_CASE("numbers sent as strings survive repair untouched") {
    const json v = repaired(R"({"GHS 5s":"140258.58","Accepted":" 12.0000"})");
    CHECK(v["GHS 5s"] == "140258.58");
    CHECK(v["Accepted"] == " 12.0000");
}

TEST_CASE("repair keeps escaped quotes and backslashes inside strings") {
    const json v = repaired(R"({"a":"say \"hi\" \\ }{ ,] ","b":"x"})");
    CHECK(v["a"] == "say \"hi\" \\ }{ ,] ");
}

TEST_CASE("repair leaves every recorded reply meaning the same") {
    for (const char* name : {"antminer_s19xp_vnish_pools",
                             "antminer_s19xp_vnish_stats",
                             "antminer_s19xp_vnish_summary",
                             "avalon_nano3s_estats",
                             "avalon_nano3s_summary",
                             "avalon_nano3s_version",
                             "braiins_os_s9_fans",
                             "braiins_os_s9_summary",
                             "braiins_os_s9_temps",
                             "cgminer_avalon_A1566_devs",
                             "cgminer_avalon_A1566_estats",
                             "cgminer_avalon_A1566_pools",
                             "cgminer_avalon_A1566_stats",
                             "cgminer_avalon_A1566_version",
                             "cgminer_error_invalid_command",
                             "whatsminer_summary"}) {
        INFO(name);
        const json pretty = json::parse(read_fixture(std::string(name) + ".json"));
        CHECK(repaired(read_fixture(std::string(name) + ".wire")) == pretty);
    }
}

TEST_CASE("repair of nothing or of text beyond repair does not throw") {
    CHECK(repair_cgminer_json("").empty());
    CHECK(repair_cgminer_json(std::string(3, '\0')).empty());
    CHECK_NOTHROW(repair_cgminer_json("<html><body>Not Found</body></html>"));
    CHECK_NOTHROW(repair_cgminer_json(std::string(100000, '[')));
}
