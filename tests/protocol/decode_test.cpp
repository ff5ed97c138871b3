// decode_request: the five request types, ids, and the fields each type reads.

#include <catch2/catch.hpp>

#include "protocol/protocol.hpp"

#include "decode_helpers.hpp"

using namespace sw::protocol;
using sw::protocol::test::decode_fail;
using sw::protocol::test::decode_ok;
using json = nlohmann::json;

TEST_CASE("a subscribe with a topics array yields those topics in order") {
    const request r = decode_ok(R"({"type":"subscribe","topics":["miners","alerts"],"id":1})");
    CHECK(r.type == request_type::subscribe);
    CHECK(r.topics == std::vector<topic>{topic::miners, topic::alerts});
    CHECK(r.id == json(1));
}

TEST_CASE("an unsubscribe with a topics array yields those topics") {
    const request r = decode_ok(R"({"type":"unsubscribe","topics":["alerts"],"id":2})");
    CHECK(r.type == request_type::unsubscribe);
    CHECK(r.topics == std::vector<topic>{topic::alerts});
}

TEST_CASE("topics may be a single string") {
    const request r = decode_ok(R"({"type":"subscribe","topics":"system"})");
    CHECK(r.topics == std::vector<topic>{topic::system});
}

TEST_CASE("the alias topic is accepted as a string or an array") {
    CHECK(decode_ok(R"({"type":"subscribe","topic":"metrics"})").topics
          == std::vector<topic>{topic::metrics});
    CHECK(decode_ok(R"({"type":"unsubscribe","topic":["metrics","miners"]})").topics
          == std::vector<topic>{topic::metrics, topic::miners});
}

TEST_CASE("topics wins over topic when a request has both") {
    const request r = decode_ok(R"({"type":"subscribe","topic":"alerts","topics":["miners"]})");
    CHECK(r.topics == std::vector<topic>{topic::miners});
    const error e = decode_fail(R"({"type":"subscribe","topic":"alerts","topics":5})");
    CHECK(e.code == error_code::invalid_message);
    CHECK(e.details["field"] == "topics");
}

TEST_CASE("duplicate topics are removed keeping the first occurrence's order") {
    const request r = decode_ok(
        R"({"type":"subscribe","topics":["system","miners","system","alerts","miners"]})");
    CHECK(r.topics == std::vector<topic>{topic::system, topic::miners, topic::alerts});
}

TEST_CASE("an empty topics array is accepted and names no topic") {
    const request r = decode_ok(R"({"type":"subscribe","topics":[]})");
    CHECK(r.topics.empty());
}

TEST_CASE("a ping without include_stats does not ask for stats") {
    const request r = decode_ok(R"({"type":"ping"})");
    CHECK(r.type == request_type::ping);
    CHECK_FALSE(r.include_stats);
    CHECK(r.id.is_null());
}

TEST_CASE("a ping with include_stats true or false is read") {
    CHECK(decode_ok(R"({"type":"ping","include_stats":true,"id":3})").include_stats);
    CHECK_FALSE(decode_ok(R"({"type":"ping","include_stats":false})").include_stats);
}

TEST_CASE("a ping with a non-boolean include_stats is an invalid_message naming the field") {
    for (const char* value : {"1", "\"true\"", "null", "[]", "{}"}) {
        const std::string frame =
            std::string(R"({"type":"ping","id":"p","include_stats":)") + value + "}";
        const error e = decode_fail(frame);
        CHECK(e.code == error_code::invalid_message);
        CHECK(e.details["field"] == "include_stats");
        CHECK(e.id == "p");
    }
}

TEST_CASE("get_status and get_topics decode with their id") {
    const request status = decode_ok(R"({"type":"get_status","id":4})");
    CHECK(status.type == request_type::get_status);
    CHECK(status.id == json(4));
    const request topics = decode_ok(R"({"type":"get_topics","id":5})");
    CHECK(topics.type == request_type::get_topics);
    CHECK(topics.id == json(5));
}

TEST_CASE("unknown extra fields are ignored") {
    const request r = decode_ok(R"({"type":"get_topics","extra":{"a":[1,2]},"x":null})");
    CHECK(r.type == request_type::get_topics);
}

TEST_CASE("a string integer or float id is kept as given") {
    CHECK(decode_ok(R"({"type":"ping","id":"abc"})").id == json("abc"));
    CHECK(decode_ok(R"({"type":"ping","id":-7})").id == json(-7));
    CHECK(decode_ok(R"({"type":"ping","id":18446744073709551615})").id
          == json(18446744073709551615ULL));
    const json f = decode_ok(R"({"type":"ping","id":1.5})").id;
    CHECK(f.is_number_float());
    CHECK(f.get<double>() == 1.5);
}

TEST_CASE("an id that is not a string or number is an invalid_message without an id") {
    for (const char* value : {"true", "[1]", "{\"a\":1}"}) {
        const std::string frame = std::string(R"({"type":"ping","id":)") + value + "}";
        const error e = decode_fail(frame);
        CHECK(e.code == error_code::invalid_message);
        CHECK(e.details["field"] == "id");
        CHECK(e.id.is_null());
    }
}

TEST_CASE("an id of null is treated as no id") {
    const request r = decode_ok(R"({"type":"ping","id":null})");
    CHECK(r.id.is_null());
}

TEST_CASE("a bad id is reported before a missing or unknown type") {
    CHECK(decode_fail(R"({"id":false})").details["field"] == "id");
    CHECK(decode_fail(R"({"id":false,"type":"nope"})").details["field"] == "id");
}

TEST_CASE("a missing or non-string type is an invalid_message naming type") {
    for (const char* frame : {R"({"id":9})",
                              R"({"id":9,"type":1})",
                              R"({"id":9,"type":null})",
                              R"({"id":9,"type":["ping"]})"}) {
        const error e = decode_fail(frame);
        CHECK(e.code == error_code::invalid_message);
        CHECK(e.details["field"] == "type");
        CHECK(e.id == json(9));
    }
}

TEST_CASE("an unknown type is unknown_type listing the supported types sorted") {
    const error e = decode_fail(R"({"type":"Subscribe","id":"x"})");
    CHECK(e.code == error_code::unknown_type);
    CHECK(e.details["supported_types"]
          == json{"get_status", "get_topics", "ping", "subscribe", "unsubscribe"});
    CHECK(e.message.find("Subscribe") != std::string::npos);
    CHECK(e.id == "x");
}

TEST_CASE("a subscribe without topics is an invalid_message naming topics") {
    const error e = decode_fail(R"({"type":"subscribe","id":1.25})");
    CHECK(e.code == error_code::invalid_message);
    CHECK(e.details["field"] == "topics");
    CHECK(e.id == json(1.25));
}

TEST_CASE("topics of the wrong type are an invalid_message naming topics alias included") {
    for (const char* key : {"topics", "topic"}) {
        for (const char* value :
             {"5", "{}", "null", "true", R"(["miners",1])", R"([["miners"]])"}) {
            const std::string frame =
                std::string(R"({"type":"unsubscribe","id":"u",")") + key + "\":" + value + "}";
            const error e = decode_fail(frame);
            INFO(frame);
            CHECK(e.code == error_code::invalid_message);
            CHECK(e.details["field"] == "topics");
            CHECK(e.id == "u");
        }
    }
}

TEST_CASE("an unknown topic refuses the whole request with invalid_topic") {
    const error e = decode_fail(R"({"type":"subscribe","topics":["miners","foo"],"id":7})");
    CHECK(e.code == error_code::invalid_topic);
    CHECK(e.message == "unknown topic 'foo'");
    CHECK(e.details["supported_topics"] == json{"alerts", "metrics", "miners", "system"});
    CHECK(e.details["invalid_topics"] == json{"foo"});
    CHECK(e.id == json(7));
}

TEST_CASE("several unknown topics are all listed once in order") {
    const error e = decode_fail(R"({"type":"unsubscribe","topic":["bar","miners","foo","bar"]})");
    CHECK(e.code == error_code::invalid_topic);
    CHECK(e.message == "unknown topics 'bar', 'foo'");
    CHECK(e.details["invalid_topics"] == json{"bar", "foo"});
}

TEST_CASE("topic names are case-sensitive and a single unknown string is refused") {
    const error e = decode_fail(R"({"type":"subscribe","topics":"Miners"})");
    CHECK(e.code == error_code::invalid_topic);
    CHECK(e.details["invalid_topics"] == json{"Miners"});
}

TEST_CASE("a frame naming thousands of unknown topics keeps the message short") {
    std::string frame = R"({"type":"subscribe","topics":[)";
    for (int i = 0; i < 5000; ++i) {
        frame += (i == 0 ? "\"t" : ",\"t") + std::to_string(i) + "\"";
    }
    frame += "]}";
    const error e = decode_fail(frame);
    CHECK(e.code == error_code::invalid_topic);
    CHECK(e.details["invalid_topics"].size() == 5000);
    CHECK(e.message.size() < 200);
}
