// `tail`: the record filters, and the polling loop against a tiny server whose ring grows.
#include <chrono>
#include <sstream>

#include <catch2/catch.hpp>

#include "tools/sample_trace.hpp"
#include "tools/tiny_http_server.hpp"
#include "tools/trace/tail.hpp"

using namespace sw::trace_tool;
using sw::test::canned_response;

namespace {

const trace& sample() {
    return sw::test::loaded_sample();
}

std::size_t count(const tail_filter& f) {
    std::size_t n = 0;
    for (const auto& r : sample().records)
        n += matches(r, f) ? 1 : 0;
    return n;
}

} // namespace

TEST_CASE("Tail filters by actor name kind and id") {
    CHECK(count({}) == 47);
    CHECK(count({"fleet", "", ""}) == 7); // 2 handles, 2 sends to it, 2 from it, 1 spawn
    CHECK(count({"fleet#5", "sw_snap", ""}) == 4);
    CHECK(count({"", "drop", ""}) == 1);
    CHECK(count({"", "", "miners-2"}) == 5);
    CHECK(count({"", "", "client_b2"}) == 8);
    CHECK(count({"", "", "1001"}) == 10);
    CHECK(count({"", "", "antminer-2"}) == 4);
    CHECK(count({"nobody", "", ""}) == 0);
}

TEST_CASE("A tail line shows the time the record number and the event") {
    CHECK(tail_line(sample().records[0]) == "12:00:00.000100  #1  spawn topic_registry#3");
}

TEST_CASE("Tail prints the end of the ring then only new records") {
    const std::string meta =
        R"({"ev":"meta","format":"solowatch-trace","version":1,"ts":1,"pid":9,"mode":"on","sample":1,"source":"ring"})"
        "\n";
    auto spawn = [](int n) {
        return R"({"n":)" + std::to_string(n) + R"(,"ts":)" + std::to_string(n)
               + R"(,"ev":"spawn","actor":)" + std::to_string(n) + R"(,"name":"a"})" + "\n";
    };
    // The first request asks for the end of the ring; later ones for what is newer.
    sw::test::tiny_http_server server([&](const std::string& target) {
        if (target == "/api/trace?limit=2")
            return canned_response{200, meta + spawn(1) + spawn(2)};
        if (target == "/api/trace?since=2")
            return canned_response{200, meta + spawn(3)};
        return canned_response{200, meta};
    });
    tail_options options{*parse_http_url(server.url()), {}, 2, std::chrono::milliseconds(5)};
    std::ostringstream out; // the loop calls `done` on this thread: no locking needed
    std::ostringstream err;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto done = [&] {
        return out.str().find("#3 ") != std::string::npos
               || std::chrono::steady_clock::now() > deadline;
    };
    CHECK(run_tail(options, out, err, done) == 0);
    const std::string text = out.str();
    CHECK_THAT(text, Catch::Contains("#1  spawn a#1"));
    CHECK_THAT(text, Catch::Contains("#3  spawn a#3"));
    CHECK(std::count(text.begin(), text.end(), '\n') == 3); // nothing printed twice
    CHECK(err.str().empty());
}
