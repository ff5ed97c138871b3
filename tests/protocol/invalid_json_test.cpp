// Frames that are not a JSON object within the depth limit, and the depth scan itself.

#include <string>

#include <catch2/catch.hpp>

#include "protocol/protocol.hpp"

#include "decode_helpers.hpp"

using namespace sw::protocol;
using sw::protocol::test::decode_fail;
using sw::protocol::test::decode_ok;
using json = nlohmann::json;

namespace {

/// A valid request whose `extra` field nests arrays so the whole frame is `depth` deep.
std::string request_of_depth(std::size_t depth) {
    const std::size_t arrays = depth - 1; // the top-level object is level 1
    return R"({"type":"ping","extra":)" + std::string(arrays, '[') + std::string(arrays, ']') + "}";
}

} // namespace

TEST_CASE("exceeds_depth counts arrays and objects with the top level as depth 1") {
    CHECK_FALSE(exceeds_depth("{}", 1));
    CHECK(exceeds_depth("{}", 0));
    CHECK_FALSE(exceeds_depth(R"({"a":[{"b":[]}]})", 4));
    CHECK(exceeds_depth(R"({"a":[{"b":[]}]})", 3));
    CHECK_FALSE(exceeds_depth("[][][][]", 1));
    CHECK_FALSE(exceeds_depth("", 0));
    CHECK_FALSE(exceeds_depth("123", 0));
}

TEST_CASE("exceeds_depth ignores brackets inside strings and honours escapes") {
    CHECK_FALSE(exceeds_depth(R"({"a":"[[[[{{{{"})", 1));
    CHECK_FALSE(exceeds_depth(R"({"a":"x\"[[[[\"y"})", 1));
    CHECK_FALSE(exceeds_depth(R"({"a\\":"[["})", 1));
    // `\\` ends the escape, so the following quote closes the string and `[` counts.
    CHECK(exceeds_depth(R"({"a\\":[1]})", 1));
}

TEST_CASE("a frame nested 32 levels deep is accepted") {
    const request r = decode_ok(request_of_depth(32));
    CHECK(r.type == request_type::ping);
}

TEST_CASE("a frame nested 33 levels deep is refused as invalid_json") {
    const error e = decode_fail(request_of_depth(33));
    CHECK(e.code == error_code::invalid_json);
    CHECK(e.message == "nesting deeper than 32 levels");
    CHECK(e.details["reason"] == "too_deep");
    CHECK(e.details["max_depth"] == 32);
    CHECK(e.id.is_null());
}

TEST_CASE("brackets inside strings and escaped quotes do not count towards the depth") {
    const std::string inner = std::string(40, '[') + "\\\"" + std::string(40, '{');
    const std::string frame = request_of_depth(32).insert(1, "\"s\":\"" + inner + "\",");
    const request r = decode_ok(frame);
    CHECK(r.type == request_type::ping);
}

TEST_CASE("a frame nested 100000 levels deep is refused without crashing") {
    const std::string arrays(100000, '[');
    const error e = decode_fail(arrays + std::string(100000, ']'));
    CHECK(e.code == error_code::invalid_json);
    CHECK(e.details["reason"] == "too_deep");
    // Unbalanced and unterminated too: the scan stops at level 33.
    CHECK(decode_fail(std::string(100000, '{')).code == error_code::invalid_json);
}

TEST_CASE("unparseable text is invalid_json with the reason and position") {
    for (const char* frame : {"",
                              "{",
                              "{\"type\":\"ping\"",
                              "{\"type\":ping}",
                              "hello",
                              "{\"type\":\"ping\"} trailing",
                              "{'type':'ping'}",
                              "{\"a\":1,}"}) {
        const error e = decode_fail(frame);
        INFO(frame);
        CHECK(e.code == error_code::invalid_json);
        CHECK(e.details["reason"] == "parse_error");
        CHECK(e.details.contains("position"));
        CHECK(e.message.rfind("invalid JSON", 0) == 0);
        CHECK(e.id.is_null());
    }
}

TEST_CASE("valid JSON that is not an object is invalid_json") {
    for (const char* frame : {"[]", "[{\"type\":\"ping\"}]", "\"ping\"", "42", "null", "true"}) {
        const error e = decode_fail(frame);
        INFO(frame);
        CHECK(e.code == error_code::invalid_json);
        CHECK(e.details["reason"] == "not_an_object");
    }
}

TEST_CASE("invalid UTF-8 is invalid_json and the message stays valid UTF-8") {
    for (const std::string& frame : {std::string("{\"type\":\"ping\",\"x\":\"\xff\xfe\"}"),
                                     std::string("{\"type\":\"ping\",\"x\":\"\xc3\"}"),
                                     std::string("{\"type\":\"\xed\xa0\x80\"}"),
                                     std::string("\xef\xbb\xbf\xff")}) {
        const error e = decode_fail(frame);
        CHECK(e.code == error_code::invalid_json);
        CHECK_NOTHROW(json(e.message).dump());
    }
}

TEST_CASE("a very long unterminated string gives a bounded error message") {
    const error e = decode_fail("{\"type\":\"" + std::string(100000, 'a'));
    CHECK(e.code == error_code::invalid_json);
    CHECK(e.message.size() < 300);
}

TEST_CASE("a binary frame error is invalid_json with reason binary_frame") {
    const error e = binary_frame_error();
    CHECK(e.code == error_code::invalid_json);
    CHECK(e.message == "binary frames are not supported; send JSON text frames");
    CHECK(e.details == json{{"reason", "binary_frame"}});
    CHECK(e.id.is_null());
}

TEST_CASE("a message_too_large error gives the limit in bytes") {
    const error e = message_too_large_error(65536);
    CHECK(e.code == error_code::message_too_large);
    CHECK(e.details == json{{"max_message_bytes", 65536}});
    CHECK(e.id.is_null());
}

TEST_CASE("a rate_limited error gives the limit and echoes the id") {
    const error e = rate_limited_error(json("req-1"), 20.0);
    CHECK(e.code == error_code::rate_limited);
    CHECK(e.details == json{{"limit_per_second", 20.0}});
    CHECK(e.id == "req-1");
    CHECK(e.message.find("20") != std::string::npos);
    CHECK(rate_limited_error(nullptr, 2.5).id.is_null());
}
