// `summary` on the checked-in sample: the figures listed in sample_trace.hpp.
#include <sstream>

#include <catch2/catch.hpp>

#include "tools/sample_trace.hpp"
#include "tools/trace/summary.hpp"

using namespace sw::trace_tool;
using nlohmann::json;

namespace {

json sample_summary() {
    auto t = read_trace_file(sw::test::trace_data("sample.jsonl"));
    REQUIRE(t);
    return to_json(summarize(*t));
}

json actor(const json& s, std::uint64_t id) {
    for (const auto& a : s["actors"])
        if (a["id"] == id)
            return a;
    FAIL("no actor " << id << " in the summary");
    return {};
}

} // namespace

TEST_CASE("Summary counts messages in and out by kind per actor") {
    json s = sample_summary();
    CHECK(s["records"] == 47);
    json registry = actor(s, 3);
    CHECK(registry["name"] == "topic_registry");
    CHECK(registry["in"] == json{{"sw_sub", 3}, {"sw_publish", 2}});
    CHECK(registry["out"].empty());
    json fleet = actor(s, 5);
    CHECK(fleet["in"] == json{{"sw_snap", 2}});
    CHECK(fleet["out"] == json{{"sw_publish", 2}});
    json io = actor(s, 0);
    CHECK(io["name"] == "io");
    CHECK(io["out"] == json{{"sw_frame", 3}});
}

TEST_CASE("Summary gives handle time p50 p99 and max and the deepest mailbox") {
    json s = sample_summary();
    json registry = actor(s, 3);
    CHECK(registry["handle_us"] == json{{"count", 5}, {"p50", 14}, {"p99", 300}, {"max", 300}});
    CHECK(registry["depth_max"] == 2);
    json fleet = actor(s, 5);
    CHECK(fleet["handle_us"]["p50"] == 40);
    CHECK(fleet["handle_us"]["max"] == 55);
}

TEST_CASE("Summary marks lifetimes as from spawn to exit or from first to last seen") {
    json s = sample_summary();
    json failed = actor(s, 8)["lifetime"];
    CHECK(failed["from"] == "spawn");
    CHECK(failed["to"] == "exit");
    CHECK(failed["duration_us"] == 2'500'000 - 250);
    json running = actor(s, 5)["lifetime"];
    CHECK(running["to"] == "last_seen");
    CHECK(actor(s, 0)["lifetime"]["from"] == "first_seen");
}

TEST_CASE("Summary lists restarts and exits with their reasons") {
    json s = sample_summary();
    REQUIRE(s["restarts"].size() == 1);
    CHECK(s["restarts"][0]["actor"] == 14);
    CHECK(s["restarts"][0]["attempt"] == 1);
    CHECK(s["restarts"][0]["reason"] == "cgminer: connection reset by peer");
    REQUIRE(s["exits"].size() == 1);
    CHECK(s["exits"][0]["actor"] == 8);
    CHECK(s["exits"][0]["reason"] == "cgminer: connection reset by peer");
    CHECK(actor(s, 14)["lifetime"]["from"] == "spawn");
}

TEST_CASE("Summary ranks the top talkers by message count") {
    json s = sample_summary();
    REQUIRE_FALSE(s["top_talkers"].empty());
    json top = s["top_talkers"][0];
    CHECK(top["from"] == 5);
    CHECK(top["to"] == 3);
    CHECK(top["messages"] == 2);
    auto t = read_trace_file(sw::test::trace_data("sample.jsonl"));
    REQUIRE(t);
    CHECK(summarize(*t, 3).top_talkers.size() == 3);
}

TEST_CASE("The summary table names every actor and the restart") {
    auto t = read_trace_file(sw::test::trace_data("sample.jsonl"));
    REQUIRE(t);
    std::ostringstream out;
    print_summary(out, summarize(*t));
    const std::string text = out.str();
    for (const char* label : {"topic_registry#3",
                              "fleet#5",
                              "miner_poller#7",
                              "miner_poller#8",
                              "miner_poller#14",
                              "client#11",
                              "client#12",
                              "client#13"})
        CHECK_THAT(text, Catch::Contains(label));
    CHECK_THAT(text, Catch::Contains("RESTARTS (1)"));
    CHECK_THAT(text, Catch::Contains("spawn..exit"));
}

TEST_CASE("Percentiles use the nearest rank") {
    trace t;
    for (std::int64_t d = 1; d <= 100; ++d) {
        record r;
        r.ev = event::handle;
        r.n = static_cast<std::uint64_t>(d);
        r.ts = d;
        r.actor = 1;
        r.name = "a";
        r.kind = "k";
        r.dur_us = 101 - d; // unsorted input
        t.records.push_back(r);
    }
    auto s = summarize(t);
    REQUIRE(s.actors.size() == 1);
    CHECK(s.actors[0].handle_us.p50 == 50);
    CHECK(s.actors[0].handle_us.p99 == 99);
    CHECK(s.actors[0].handle_us.max == 100);
}
