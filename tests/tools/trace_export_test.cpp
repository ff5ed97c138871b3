// `export --format chrome` on the checked-in sample: valid Chrome trace event JSON.
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "tools/sample_trace.hpp"
#include "tools/trace/chrome_export.hpp"

using namespace sw::trace_tool;
using nlohmann::json;

namespace {

json exported() {
    auto t = read_trace_file(sw::test::trace_data("sample.jsonl"));
    REQUIRE(t);
    // Round-trip through text, as a viewer would read the file.
    return json::parse(chrome_trace(*t).dump());
}

} // namespace

TEST_CASE("The Chrome export has a traceEvents array whose events have ph ts pid and tid") {
    json j = exported();
    REQUIRE(j["traceEvents"].is_array());
    CHECK(j["displayTimeUnit"] == "ms");
    CHECK(j["traceEvents"].size() > 47);
    for (const auto& e : j["traceEvents"]) {
        INFO(e.dump());
        CHECK(e["ph"].is_string());
        CHECK(e["ts"].is_number());
        CHECK(e["pid"] == 1);
        CHECK(e["tid"].is_number_integer());
    }
}

TEST_CASE("The Chrome export names one track per actor and per client socket") {
    const json j = exported(); // held: a loop over a temporary's member would dangle
    std::map<int, std::string> names;
    for (const auto& e : j["traceEvents"])
        if (e["ph"] == "M" && e["name"] == "thread_name")
            names[e["tid"].get<int>()] = e["args"]["name"].get<std::string>();
    CHECK(names[3] == "topic_registry#3");
    CHECK(names[5] == "fleet#5");
    CHECK(names[14] == "miner_poller#14");
    CHECK(names[0] == "io");
    std::set<std::string> all;
    for (const auto& [tid, name] : names)
        all.insert(name);
    CHECK(all.count("client_c3 (socket)") == 1);
}

TEST_CASE("Handles are complete events and sends are flows to the receiving handle") {
    json j = exported();
    std::size_t slices = 0;
    std::map<int, json> starts;
    std::map<int, json> finishes;
    for (const auto& e : j["traceEvents"]) {
        if (e["ph"] == "X" && e["name"] == "sw_publish") {
            ++slices;
            CHECK(e["tid"] == 3);
            CHECK(e["dur"].get<int>() > 0);
        }
        if (e["ph"] == "s")
            starts[e["id"].get<int>()] = e;
        if (e["ph"] == "f") {
            finishes[e["id"].get<int>()] = e;
            CHECK(e["bp"] == "e");
        }
    }
    CHECK(slices == 2);
    REQUIRE(starts.size() == 10); // every send in the sample has its handle
    REQUIRE(finishes.size() == starts.size());
    for (const auto& [id, s] : starts) {
        const json& f = finishes[id];
        CHECK(f["name"] == s["name"]);
        CHECK(f["ts"].get<std::int64_t>() >= s["ts"].get<std::int64_t>());
    }
}

TEST_CASE("Socket and lifecycle events are instants") {
    std::size_t drops = 0;
    std::size_t restarts = 0;
    const json j = exported();
    for (const auto& e : j["traceEvents"]) {
        const std::string name = e["name"];
        if (name.rfind("drop ", 0) == 0) {
            ++drops;
            CHECK(e["ph"] == "i");
            CHECK(e["args"]["broadcast_id"] == "miners-1");
        }
        if (name.rfind("restart ", 0) == 0) {
            ++restarts;
            CHECK(e["ph"] == "i");
            CHECK(e["tid"] == 14);
        }
    }
    CHECK(drops == 1);
    CHECK(restarts == 1);
}
