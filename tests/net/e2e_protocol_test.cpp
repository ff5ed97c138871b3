// End to end: the real binary on 127.0.0.1, spoken to by a Beast client, checked against
// PROTOCOL.md.
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "support/server_process.hpp"
#include "support/ws_client.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

// A fast system topic so broadcasts arrive within a test's patience.
const char* fast_system = "[system]\npublish_interval = \"50ms\"\n";

void expect_welcome(ws_client& c) {
    auto w = c.read_json();
    REQUIRE(w);
    CHECK((*w)["type"] == "connection_established");
    CHECK(std::regex_match((*w)["client_id"].get<std::string>(),
                           std::regex("^client_[0-9a-f]{12,}$")));
    CHECK(std::regex_match((*w)["timestamp"].get<std::string>(),
                           std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)")));
    CHECK((*w)["available_topics"] == json({"miners", "alerts", "system", "metrics"}));
    CHECK((*w)["heartbeat_interval"].is_number());
    CHECK((*w)["server_info"]["protocol"] == 1);
}

} // namespace

TEST_CASE("a new connection is welcomed with a unique client id and the topics") {
    server_process server;
    REQUIRE(server.started());
    ws_client a;
    ws_client b;
    REQUIRE(a.connect(server.port()).ok);
    REQUIRE(b.connect(server.port()).ok);
    auto wa = a.read_json();
    auto wb = b.read_json();
    REQUIRE(wa);
    REQUIRE(wb);
    CHECK((*wa)["client_id"] != (*wb)["client_id"]);
    CHECK((*wa)["heartbeat_interval"] == 30.0);
}

TEST_CASE("welcome frame has every field of protocol v1") {
    server_process server;
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port()).ok);
    expect_welcome(c);
}

TEST_CASE("subscribe replies then sends a snapshot of each new topic") {
    server_process server("", fast_system);
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port()).ok);
    expect_welcome(c);
    REQUIRE(c.send_text(R"({"type":"subscribe","topics":["miners","alerts"],"id":1})"));
    auto reply = c.read_json();
    REQUIRE(reply);
    CHECK((*reply)["type"] == "subscribed");
    CHECK((*reply)["id"] == 1);
    CHECK((*reply)["topics"] == json({"miners", "alerts"}));
    CHECK((*reply)["subscribed_topics"] == json({"alerts", "miners"}));
    std::set<std::string> snapshots;
    for (int i = 0; i < 2; ++i) {
        auto s = c.read_json();
        REQUIRE(s);
        snapshots.insert((*s)["type"].get<std::string>());
        CHECK((*s)["seq"] == 0);
        CHECK((*s)["data"].is_object());
    }
    CHECK(snapshots == std::set<std::string>{"miners_snapshot", "alerts_snapshot"});

    // Subscribing again to a held topic is not an error and adds nothing.
    auto again = c.request(json{{"type", "subscribe"}, {"topic", "miners"}, {"id", "x"}});
    REQUIRE(again);
    CHECK((*again)["type"] == "subscribed");
    CHECK((*again)["topics"] == json::array());
}

TEST_CASE("broadcasts carry consecutive seq and reach two clients as identical bytes") {
    server_process server("", fast_system);
    REQUIRE(server.started());
    ws_client a;
    ws_client b;
    REQUIRE(a.connect(server.port()).ok);
    REQUIRE(b.connect(server.port()).ok);
    for (auto* c : {&a, &b}) {
        REQUIRE(c->read_json());
        REQUIRE(c->send_text(R"({"type":"subscribe","topics":"system"})"));
        REQUIRE(c->read_type("subscribed"));
        REQUIRE(c->read_type("system_snapshot"));
    }
    // Read updates from both until they share a seq, then compare the frames byte for byte.
    std::map<std::uint64_t, std::string> from_a;
    std::optional<std::uint64_t> last_seq;
    for (int i = 0; i < 5; ++i) {
        auto text = a.read();
        REQUIRE(text);
        auto j = json::parse(*text);
        REQUIRE(j["type"] == "system_update");
        auto seq = j["seq"].get<std::uint64_t>();
        CHECK(j["broadcast_id"] == "system-" + std::to_string(seq));
        if (last_seq)
            CHECK(seq == *last_seq + 1);
        last_seq = seq;
        from_a[seq] = *text;
    }
    bool compared = false;
    for (int i = 0; i < 10 && !compared; ++i) {
        auto text = b.read();
        REQUIRE(text);
        auto seq = json::parse(*text)["seq"].get<std::uint64_t>();
        if (from_a.count(seq) != 0) {
            CHECK(*text == from_a[seq]);
            compared = true;
        }
    }
    CHECK(compared);
}

TEST_CASE("unsubscribe stops updates and lists what is still held") {
    server_process server("", fast_system);
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port()).ok);
    REQUIRE(c.read_json());
    REQUIRE(c.request(json{{"type", "subscribe"}, {"topics", {"system", "alerts"}}, {"id", 1}}));
    auto reply = c.request(json{{"type", "unsubscribe"}, {"topics", {"system"}}, {"id", 2}});
    REQUIRE(reply);
    CHECK((*reply)["type"] == "unsubscribed");
    CHECK((*reply)["topics"] == json({"system"}));
    CHECK((*reply)["subscribed_topics"] == json({"alerts"}));
    // After the reply, no system frame may follow: a ping round trip proves the queue is
    // drained past any update that was already in flight.
    REQUIRE(c.send_text(R"({"type":"ping","id":"p1"})"));
    std::optional<json> frame;
    while ((frame = c.read_json()) && (*frame)["type"] != "pong") {
    }
    REQUIRE(frame);
    auto late = c.read_json(std::chrono::milliseconds(300));
    CHECK_FALSE(late);
}

TEST_CASE("ping get_status and get_topics answer with their fields and echo the id") {
    server_process server;
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port(), {{"User-Agent", "probe/1.0"}}).ok);
    REQUIRE(c.read_json());
    REQUIRE(c.request(json{{"type", "subscribe"}, {"topics", {"metrics"}}, {"id", 1}}));

    auto pong = c.request(json{{"type", "ping"}, {"include_stats", true}, {"id", "abc"}});
    REQUIRE(pong);
    CHECK((*pong)["type"] == "pong");
    CHECK((*pong)["id"] == "abc");
    auto stats = (*pong)["stats"];
    for (auto key : {"connected_at",
                     "message_count",
                     "messages_sent",
                     "subscribed_topics",
                     "active_connections",
                     "uptime_seconds"})
        CHECK(stats.contains(key));
    CHECK(stats["message_count"] == 2);
    CHECK(stats["active_connections"] == 1);
    CHECK(stats["subscribed_topics"] == json({"metrics"}));

    auto plain = c.request(json{{"type", "ping"}, {"id", 2.5}});
    REQUIRE(plain);
    CHECK_FALSE(plain->contains("stats"));
    CHECK((*plain)["id"] == 2.5);

    auto status = c.request(json{{"type", "get_status"}, {"id", 9}});
    REQUIRE(status);
    CHECK((*status)["type"] == "status");
    CHECK((*status)["message_count"] == 4);
    CHECK((*status)["connection_status"] == "active");
    CHECK((*status)["user_agent"] == "probe/1.0");
    CHECK((*status)["remote_addr"].get<std::string>().rfind("127.0.0.1", 0) == 0);
    CHECK((*status)["last_ping"].is_string());
    CHECK((*status)["server"]["active_connections"] == 1);
    CHECK((*status)["subscribed_topics"] == json({"metrics"}));

    auto topics = c.request(json{{"type", "get_topics"}, {"id", 10}});
    REQUIRE(topics);
    REQUIRE((*topics)["topics"].size() == 4);
    for (const auto& t : (*topics)["topics"]) {
        CHECK(t["description"].is_string());
        CHECK(t["subscribers"] == (t["name"] == "metrics" ? 1 : 0));
    }
}

TEST_CASE("bad requests get an error with code and details and keep the connection") {
    server_process server;
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port()).ok);
    REQUIRE(c.read_json());

    REQUIRE(c.send_text("{not json"));
    auto e1 = c.read_json();
    REQUIRE(e1);
    CHECK((*e1)["code"] == "invalid_json");

    auto e2 = c.request(json{{"type", "launch"}, {"id", 1}});
    REQUIRE(e2);
    CHECK((*e2)["code"] == "unknown_type");
    CHECK((*e2)["details"]["supported_types"].size() == 5);

    auto e3 = c.request(json{{"type", "subscribe"}, {"topics", {"miners", "foo"}}, {"id", 2}});
    REQUIRE(e3);
    CHECK((*e3)["code"] == "invalid_topic");
    CHECK((*e3)["details"]["supported_topics"] == json({"alerts", "metrics", "miners", "system"}));

    auto e4 = c.request(json{{"type", "subscribe"}, {"topic", 5}, {"id", 3}});
    REQUIRE(e4);
    CHECK((*e4)["code"] == "invalid_message");
    CHECK((*e4)["details"]["field"] == "topics");

    std::string deep =
        R"({"type":"ping","id":4,"x":)" + std::string(40, '[') + std::string(40, ']') + "}";
    REQUIRE(c.send_text(deep));
    auto e5 = c.read_json();
    REQUIRE(e5);
    CHECK((*e5)["code"] == "invalid_json");

    REQUIRE(c.send_binary("\x01\x02\x03"));
    auto e6 = c.read_json();
    REQUIRE(e6);
    CHECK((*e6)["code"] == "invalid_json");

    // Still connected and answering.
    auto pong = c.request(json{{"type", "ping"}, {"id", 5}});
    REQUIRE(pong);
    CHECK((*pong)["type"] == "pong");
}

TEST_CASE("health placeholder page and unknown paths answer over plain HTTP") {
    server_process server;
    REQUIRE(server.started());
    auto health = http_get(server.port(), "/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(json::parse(health->body)["status"] == "ok");
    auto page = http_get(server.port(), "/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("solowatch") != std::string::npos);
    auto missing = http_get(server.port(), "/nope");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(json::parse(missing->body)["error"]["code"] == "not_found");
}
