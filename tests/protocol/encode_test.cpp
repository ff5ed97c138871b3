// Encoders: each frame parsed back and checked field by field against PROTOCOL.md.

#include "protocol/encode.hpp"

#include <string>

#include <catch2/catch.hpp>

using namespace sw::protocol;
using json = nlohmann::json;

namespace {

/// Parses an encoded frame, requiring valid compact JSON.
json parse(const std::string& frame) {
    INFO(frame);
    REQUIRE(json::accept(frame));
    const json j = json::parse(frame);
    REQUIRE(j.is_object());
    // Compact: re-dumping with the field order kept gives the same bytes (no spaces).
    CHECK(frame == nlohmann::ordered_json::parse(frame).dump());
    return j;
}

const json all_sorted = json{"alerts", "metrics", "miners", "system"};

} // namespace

TEST_CASE("the welcome carries every PROTOCOL.md field") {
    const welcome w{"client_0123456789abcdef", "2026-11-26T12:00:00.123Z", 30.0, "0.1.0"};
    const std::string frame = encode_welcome(w);
    CHECK(frame.rfind(R"({"type":"connection_established",)", 0) == 0);
    const json j = parse(frame);
    CHECK(j.size() == 6);
    CHECK(j["type"] == "connection_established");
    CHECK(j["client_id"] == "client_0123456789abcdef");
    CHECK(j["timestamp"] == "2026-11-26T12:00:00.123Z");
    CHECK(j["available_topics"] == json{"miners", "alerts", "system", "metrics"});
    CHECK(j["heartbeat_interval"].is_number_float());
    CHECK(j["heartbeat_interval"] == 30.0);
    CHECK(frame.find(R"("heartbeat_interval":30.0)") != std::string::npos);
    const json& info = j["server_info"];
    CHECK(info.size() == 3);
    CHECK(info["version"] == "0.1.0");
    CHECK(info["protocol"] == 1);
    CHECK(info["features"]
          == json{"real_time_updates",
                  "multi_topic_subscription",
                  "heartbeat",
                  "snapshots",
                  "sequence_numbers"});
}

TEST_CASE("subscribed lists the changed topics in order and all held topics sorted") {
    const json j = parse(encode_subscribed(
        json(1), {topic::system, topic::alerts}, {topic::miners, topic::system, topic::alerts}));
    CHECK(j.size() == 4);
    CHECK(j["type"] == "subscribed");
    CHECK(j["topics"] == json{"system", "alerts"});
    CHECK(j["subscribed_topics"] == json{"alerts", "miners", "system"});
    CHECK(j["id"] == 1);
}

TEST_CASE("unsubscribed without an id has no id field and empty lists stay arrays") {
    const json j = parse(encode_unsubscribed(nullptr, {}, {}));
    CHECK(j
          == json{{"type", "unsubscribed"},
                  {"topics", json::array()},
                  {"subscribed_topics", json::array()}});
}

TEST_CASE("replies echo string integer and float ids unchanged") {
    CHECK(parse(encode_subscribed(json("a\"b"), {}, {}))["id"] == "a\"b");
    CHECK(parse(encode_subscribed(json(-3), {}, {}))["id"] == -3);
    const json f = parse(encode_subscribed(json(2.5), {}, {}))["id"];
    CHECK(f.is_number_float());
    CHECK(f == 2.5);
}

TEST_CASE("a pong without stats has only type timestamp and id") {
    const json j = parse(encode_pong(json("p1"), "2026-11-26T12:00:00.000Z", std::nullopt));
    CHECK(j == json{{"type", "pong"}, {"timestamp", "2026-11-26T12:00:00.000Z"}, {"id", "p1"}});
}

TEST_CASE("a pong with stats carries every stats field") {
    ping_stats stats;
    stats.connected_at = "2026-11-26T11:00:00.000Z";
    stats.message_count = 12;
    stats.messages_sent = 340;
    stats.subscribed_topics = {topic::system, topic::miners};
    stats.active_connections = 3;
    stats.uptime_seconds = 3600.5;
    const json j = parse(encode_pong(nullptr, "2026-11-26T12:00:00.000Z", stats));
    CHECK(j.size() == 3);
    CHECK_FALSE(j.contains("id"));
    const json& s = j["stats"];
    CHECK(s.size() == 6);
    CHECK(s["connected_at"] == "2026-11-26T11:00:00.000Z");
    CHECK(s["message_count"] == 12);
    CHECK(s["messages_sent"] == 340);
    CHECK(s["subscribed_topics"] == json{"miners", "system"});
    CHECK(s["active_connections"] == 3);
    CHECK(s["uptime_seconds"] == 3600.5);
}

TEST_CASE("a status carries every PROTOCOL.md field plus the connection figures") {
    status s;
    s.client_id = "client_00000000000000ff";
    s.connected_at = "2026-11-26T11:00:00.000Z";
    s.last_activity = "2026-11-26T11:59:59.000Z";
    s.last_ping = "2026-11-26T11:59:30.000Z";
    s.subscribed_topics = {topic::metrics, topic::alerts};
    s.message_count = 5;
    s.messages_sent = 9;
    s.remote_addr = "192.168.1.20:51234";
    s.user_agent = "curl/8.0";
    s.active_connections = 2;
    s.uptime_seconds = 42.0;
    s.version = "0.1.0";
    s.connection = json{{"queued_bytes", 0}, {"dropped", 1}};
    const json j = parse(encode_status(json(4), s));
    CHECK(j.size() == 14);
    CHECK(j["type"] == "status");
    CHECK(j["client_id"] == "client_00000000000000ff");
    CHECK(j["connected_at"] == "2026-11-26T11:00:00.000Z");
    CHECK(j["last_activity"] == "2026-11-26T11:59:59.000Z");
    CHECK(j["last_ping"] == "2026-11-26T11:59:30.000Z");
    CHECK(j["subscribed_topics"] == json{"alerts", "metrics"});
    CHECK(j["message_count"] == 5);
    CHECK(j["messages_sent"] == 9);
    CHECK(j["connection_status"] == "active");
    CHECK(j["remote_addr"] == "192.168.1.20:51234");
    CHECK(j["user_agent"] == "curl/8.0");
    CHECK(j["server"]
          == json{{"active_connections", 2}, {"uptime_seconds", 42.0}, {"version", "0.1.0"}});
    CHECK(j["connection"] == json{{"queued_bytes", 0}, {"dropped", 1}});
    CHECK(j["id"] == 4);
}

TEST_CASE("a status before any ping has last_ping null") {
    status s;
    const json j = parse(encode_status(nullptr, s));
    CHECK(j.contains("last_ping"));
    CHECK(j["last_ping"].is_null());
    CHECK(j["connection"] == json::object());
    CHECK_FALSE(j.contains("id"));
}

TEST_CASE("a status with an invalid UTF-8 user agent still encodes valid JSON") {
    status s;
    s.user_agent = "bot\xff\xfe";
    const json j = parse(encode_status(nullptr, s));
    CHECK(j["user_agent"].get<std::string>().rfind("bot", 0) == 0);
}

TEST_CASE("topics lists name description and subscribers in the order given") {
    const json j = parse(
        encode_topics(json(5), {{topic::alerts, 2}, {topic::miners, 0}, {topic::metrics, 7}}));
    CHECK(j.size() == 3);
    CHECK(j["type"] == "topics");
    CHECK(j["id"] == 5);
    REQUIRE(j["topics"].size() == 3);
    CHECK(j["topics"][0]
          == json{{"name", "alerts"},
                  {"description", "Alerts raised and cleared by the alert engine"},
                  {"subscribers", 2}});
    CHECK(j["topics"][1]["name"] == "miners");
    CHECK(j["topics"][1]["subscribers"] == 0);
    CHECK(j["topics"][2]["name"] == "metrics");
    CHECK(j["topics"][2]["description"] == "Fleet aggregates and solo-mining odds");
}

TEST_CASE("an error frame has type code message details and the id when there is one") {
    const error e{error_code::invalid_topic,
                  "unknown topic 'foo'",
                  json{{"supported_topics", all_sorted}},
                  json(7)};
    const std::string frame = encode_error(e);
    CHECK(frame.rfind(R"({"type":"error",)", 0) == 0);
    const json j = parse(frame);
    CHECK(j
          == json{{"type", "error"},
                  {"code", "invalid_topic"},
                  {"message", "unknown topic 'foo'"},
                  {"details", {{"supported_topics", all_sorted}}},
                  {"id", 7}});
    const json no_id = parse(encode_error(binary_frame_error()));
    CHECK_FALSE(no_id.contains("id"));
    CHECK(no_id["details"] == json{{"reason", "binary_frame"}});
}

TEST_CASE("every error code has its wire name") {
    CHECK(to_string(error_code::invalid_json) == "invalid_json");
    CHECK(to_string(error_code::invalid_message) == "invalid_message");
    CHECK(to_string(error_code::unknown_type) == "unknown_type");
    CHECK(to_string(error_code::invalid_topic) == "invalid_topic");
    CHECK(to_string(error_code::rate_limited) == "rate_limited");
    CHECK(to_string(error_code::message_too_large) == "message_too_large");
    CHECK(parse(encode_error(message_too_large_error(10)))["code"] == "message_too_large");
    CHECK(parse(encode_error(rate_limited_error(json(1), 5)))["code"] == "rate_limited");
}

TEST_CASE("a broadcast has its fields in the documented order") {
    const json data{{"miners", json::array({{{"id", "m1"}, {"hashrate_ghs", 1200.5}}})}};
    const std::string frame =
        encode_broadcast(topic::miners, 1842, "2026-11-26T12:00:05.001Z", data);
    CHECK(frame
          == R"({"type":"miners_update","topic":"miners","broadcast_id":"miners-1842",)"
             R"("seq":1842,"timestamp":"2026-11-26T12:00:05.001Z","data":)"
                 + data.dump() + "}");
    const json j = json::parse(frame);
    CHECK(j["type"] == "miners_update");
    CHECK(j["topic"] == "miners");
    CHECK(j["broadcast_id"] == "miners-1842");
    CHECK(j["seq"] == 1842);
    CHECK(j["timestamp"] == "2026-11-26T12:00:05.001Z");
    CHECK(j["data"] == data);
}

TEST_CASE("a snapshot has type topic seq timestamp and data but no broadcast_id") {
    const std::string frame = encode_snapshot(
        topic::alerts, 0, "2026-11-26T12:00:05.001Z", json{{"alerts", json::array()}});
    CHECK(frame
          == R"({"type":"alerts_snapshot","topic":"alerts","seq":0,)"
             R"("timestamp":"2026-11-26T12:00:05.001Z","data":{"alerts":[]}})");
}

TEST_CASE("broadcasts escape odd timestamps and survive invalid UTF-8 in data") {
    const std::string frame =
        encode_broadcast(topic::system, 1, "a\"b", json{{"host", std::string("x\xff")}});
    const json j = parse(frame);
    CHECK(j["timestamp"] == "a\"b");
    CHECK(j["type"] == "system_update");
    CHECK(j["broadcast_id"] == "system-1");
}

TEST_CASE("topic names parsing and descriptions match the protocol") {
    CHECK(to_string(topic::miners) == "miners");
    CHECK(to_string(topic::alerts) == "alerts");
    CHECK(to_string(topic::system) == "system");
    CHECK(to_string(topic::metrics) == "metrics");
    for (const topic t : all_topics) {
        CHECK(parse_topic(to_string(t)) == t);
        CHECK_FALSE(description(t).empty());
    }
    CHECK_FALSE(parse_topic("Miners").has_value());
    CHECK_FALSE(parse_topic("").has_value());
    CHECK(description(topic::miners)
          == "Per-miner snapshots: hashrate, temperatures, power, shares, state");
    CHECK(description(topic::system)
          == "Server health: connections, topics, actors, memory, uptime");
    CHECK(sorted_names({topic::system, topic::miners, topic::alerts, topic::metrics})
          == std::vector<std::string>{"alerts", "metrics", "miners", "system"});
}
