// `follow` on the checked-in sample: paths and unreached clients listed in sample_trace.hpp.
#include <sstream>

#include <catch2/catch.hpp>

#include "tools/sample_trace.hpp"
#include "tools/trace/follow.hpp"

using namespace sw::trace_tool;

namespace {

const trace& sample() {
    return sw::test::loaded_sample();
}

std::vector<std::string> events(const follow_result& f) {
    std::vector<std::string> out;
    for (const auto& e : f.timeline)
        out.emplace_back(to_string(e.rec->ev));
    return out;
}

const delivery* find(const follow_result& f, const std::string& bid, const std::string& client) {
    for (const auto& d : f.deliveries)
        if (d.broadcast_id == bid && d.client == client)
            return &d;
    return nullptr;
}

} // namespace

TEST_CASE("Ids are classified by their shape") {
    CHECK(classify_id("1001") == id_kind::trace_id);
    CHECK(classify_id("miners-12") == id_kind::broadcast_id);
    CHECK(classify_id("system-3") == id_kind::broadcast_id);
    CHECK(classify_id("metrics-1") == id_kind::broadcast_id);
    CHECK(classify_id("alerts-9") == id_kind::broadcast_id);
    CHECK(classify_id("client_ab12") == id_kind::client);
    CHECK(classify_id("bitaxe-1") == id_kind::miner);
    CHECK(classify_id("miners-x") == id_kind::miner);
}

TEST_CASE("Following a trace_id shows poller to fleet to registry to each socket") {
    auto f = follow(sample(), "1001");
    REQUIRE(f);
    CHECK(f->kind == id_kind::trace_id);
    CHECK(events(*f)
          == std::vector<std::string>{"send",
                                      "handle",
                                      "send",
                                      "handle",
                                      "deliver",
                                      "deliver",
                                      "deliver",
                                      "write",
                                      "write",
                                      "drop"});
    CHECK(f->timeline.front().rec->from_name == "miner_poller");
    CHECK(f->timeline.front().since_first_us == 0);
    CHECK(f->timeline.back().since_first_us == 1970);
    CHECK(f->timeline[1].since_previous_us == 70); // poller send -> fleet handle
    for (const auto& e : f->timeline)
        CHECK(e.since_previous_us >= 0);
}

TEST_CASE("Following a trace_id lists the client it never reached as conflated") {
    auto f = follow(sample(), "1001");
    REQUIRE(f);
    REQUIRE(f->deliveries.size() == 3);
    const delivery* a1 = find(*f, "miners-1", "client_a1");
    REQUIRE(a1);
    CHECK(a1->reached);
    CHECK(a1->wait_us == 150);
    const delivery* c3 = find(*f, "miners-1", "client_c3");
    REQUIRE(c3);
    CHECK_FALSE(c3->reached);
    CHECK(c3->reason == "conflated");
}

TEST_CASE("Following a broadcast_id includes its upstream path and unwritten clients") {
    auto f = follow(sample(), "miners-2");
    REQUIRE(f);
    CHECK(f->kind == id_kind::broadcast_id);
    CHECK(f->timeline.size() == 9);
    CHECK(f->timeline.front().rec->miner == "antminer-2");
    const delivery* b2 = find(*f, "miners-2", "client_b2");
    REQUIRE(b2);
    CHECK_FALSE(b2->reached);
    CHECK(b2->reason == "no write recorded");
    std::ostringstream out;
    print_follow(out, *f);
    CHECK_THAT(out.str(), Catch::Contains("Never reached (1)") && Catch::Contains("client_b2"));
}

TEST_CASE("Following a client id shows its subscription and every broadcast to it") {
    auto f = follow(sample(), "client_c3");
    REQUIRE(f);
    CHECK(f->kind == id_kind::client);
    CHECK(events(*f)
          == std::vector<std::string>{
              "read", "send", "handle", "send", "handle", "deliver", "drop", "deliver", "write"});
    REQUIRE(f->deliveries.size() == 2);
    CHECK(find(*f, "miners-1", "client_c3")->reason == "conflated");
    CHECK(find(*f, "miners-2", "client_c3")->reached);
}

TEST_CASE("Following a miner id follows the updates of that miner only") {
    auto f = follow(sample(), "bitaxe-1");
    REQUIRE(f);
    CHECK(f->kind == id_kind::miner);
    CHECK(f->timeline.size() == 10);
    for (const auto& e : f->timeline)
        CHECK(e.rec->trace_id == 1001);
}

TEST_CASE("Following an id with no record gives nothing") {
    CHECK_FALSE(follow(sample(), "4242"));
    CHECK_FALSE(follow(sample(), "miners-99"));
    CHECK_FALSE(follow(sample(), "client_zz"));
    CHECK_FALSE(follow(sample(), "nonexistent-miner"));
}

TEST_CASE("Follow JSON separates reached and not reached clients") {
    auto f = follow(sample(), "1002");
    REQUIRE(f);
    auto j = to_json(*f);
    CHECK(j["id_kind"] == "trace_id");
    CHECK(j["timeline"].size() == 9);
    CHECK(j["reached"].size() == 2);
    REQUIRE(j["not_reached"].size() == 1);
    CHECK(j["not_reached"][0]["client"] == "client_b2");
    CHECK(j["timeline"][0]["record"]["ev"] == "send");
}
