// End to end: with [actors] trace = "on", one miner's poll is followed through the fleet and
// the registry to a subscribed client's socket write, from outside (GET /api/trace and the
// trace file); the mode changes at run time; SIGUSR1 dumps the ring.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include <catch2/catch.hpp>

#include "support/server_process.hpp"
#include "support/wait.hpp"
#include "support/ws_client.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

constexpr int base_port = 24190;
constexpr auto no_limit = std::numeric_limits<std::int64_t>::max();

std::string folder_of(const std::string& path) {
    return path.substr(0, path.rfind('/'));
}

std::string trace_toml(const std::string& file) {
    return "[actors]\ntrace = \"on\"\ntrace_file = \"" + file + "\"\n\n"
           + "[[miners]]\nname = \"traced\"\nkind = \"axeos\"\nhost = \"127.0.0.1\"\n"
           + "port = " + std::to_string(base_port) + "\npoll_interval = \"200ms\"\n\n";
}

/// The records of GET /api/trace (the meta line first).
std::vector<json> ring(unsigned short port) {
    std::vector<json> out;
    auto r = http_get(port, "/api/trace");
    if (!r || r->status != 200)
        return out;
    std::istringstream lines(r->body);
    for (std::string line; std::getline(lines, line);)
        out.push_back(json::parse(line, nullptr, false));
    return out;
}

const json* find(const std::vector<json>& records, const std::function<bool(const json&)>& pred) {
    for (const auto& r : records)
        if (pred(r))
            return &r;
    return nullptr;
}

/// Runs solowatch-trace with `args`; its stdout.
std::string run_trace_tool(const std::string& args) {
    std::string out;
    if (FILE* p = ::popen((std::string(SOLOWATCH_TRACE_TOOL) + " " + args + " 2>/dev/null").c_str(),
                          "r")) {
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;)
            out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

} // namespace

TEST_CASE("a traced broadcast is followed from the poll to the socket write") {
    fake_fleet fleet("--axeos 1 --base-port " + std::to_string(base_port));
    REQUIRE(fleet.ready());
    const auto file = folder_of(write_temp_file("placeholder", "")) + "/trace.jsonl";
    server_process server("", trace_toml(file));
    REQUIRE(server.started());

    ws_client client;
    REQUIRE(client.connect(server.port()).ok);
    auto welcome = client.read_json();
    REQUIRE(welcome);
    const auto client_id = (*welcome)["client_id"].get<std::string>();
    REQUIRE(client.request({{"type", "subscribe"}, {"topics", {"miners"}}, {"id", "s"}}));
    // The first update after the snapshot: a poll of our miner, delivered to us.
    auto update = client.read_type("miners_update", std::chrono::seconds(10));
    REQUIRE(update);
    const auto broadcast = (*update)["broadcast_id"].get<std::string>();

    std::vector<json> records;
    const json* write = nullptr;
    REQUIRE(wait_until(
        [&] {
            records = ring(server.port());
            write = find(records, [&](const json& r) {
                return r.value("ev", "") == "write" && r.value("broadcast_id", "") == broadcast
                       && r.value("client", "") == client_id;
            });
            if (write == nullptr)
                return false;
            // A handler's record is kept when it ends, and the I/O thread can write the frame
            // (usually at once, with one send()) before the registry's handler has ended.
            const auto id = (*write).value("trace_id", std::uint64_t{0});
            return find(records,
                        [&](const json& r) {
                            return r.value("ev", "") == "handle"
                                   && r.value("name", "") == "topic_registry"
                                   && r.value("kind", "") == "sw_publish"
                                   && r.value("trace_id", std::uint64_t{0}) == id;
                        })
                   != nullptr;
        },
        std::chrono::seconds(10)));
    REQUIRE(records.front()["ev"] == "meta");
    CHECK(records.front()["format"] == "solowatch-trace");
    CHECK((*write)["wait_us"].get<std::int64_t>() >= 0);
    const auto trace_id = (*write)["trace_id"].get<std::uint64_t>();
    REQUIRE(trace_id > 0);

    // The hops of that update, each with the same trace id, in time order. The same trace id
    // can also ride on the metrics publication the poll caused, so the registry hop is the
    // last one that started before our deliver (and the fleet's send the last before that).
    auto hop = [&](const std::string& ev,
                   const std::string& who,
                   const std::string& kind,
                   std::int64_t not_after = no_limit) {
        const json* found = nullptr;
        for (const auto& r : records) {
            const bool actor_matches =
                r.value(ev == "send" ? "from_name" : "name", "") == who || who.empty();
            if (r.value("ev", "") == ev && r.value("trace_id", std::uint64_t{0}) == trace_id
                && actor_matches && (kind.empty() || r.value("kind", "") == kind)
                && r.value("ts", no_limit) <= not_after
                && (found == nullptr || r["ts"] >= (*found)["ts"]))
                found = &r;
        }
        return found;
    };
    const json* deliver = find(records, [&](const json& r) {
        return r.value("ev", "") == "deliver" && r.value("broadcast_id", "") == broadcast
               && r.value("client", "") == client_id;
    });
    REQUIRE(deliver);
    const json* polled = hop("handle", "miner_poller", "sw_polled");
    const json* to_fleet = hop("send", "miner_poller", "sw_snap");
    const json* in_fleet = hop("handle", "fleet", "sw_snap");
    const json* in_registry =
        hop("handle", "topic_registry", "sw_publish", (*deliver)["ts"].get<std::int64_t>());
    REQUIRE(in_registry);
    const json* to_registry =
        hop("send", "fleet", "sw_publish", (*in_registry)["ts"].get<std::int64_t>());
    REQUIRE(polled);
    REQUIRE(to_fleet);
    REQUIRE(in_fleet);
    REQUIRE(to_registry);
    REQUIRE(in_registry);
    REQUIRE(deliver);
    CHECK((*to_fleet)["to_name"] == "fleet");
    CHECK((*to_registry)["to_name"] == "topic_registry");
    CHECK((*deliver)["name"] == "topic_registry");
    CHECK((*deliver)["trace_id"] == trace_id);
    const std::vector<const json*> path{polled, in_fleet, in_registry, deliver, write};
    for (std::size_t i = 1; i < path.size(); ++i)
        CHECK((*path[i])["ts"].get<std::int64_t>() >= (*path[i - 1])["ts"].get<std::int64_t>());
    for (const auto* handled : {polled, in_fleet, in_registry})
        CHECK((*handled)["dur_us"].get<std::int64_t>() >= 0);

    // The file writer catches up within its period. Wait for our client's write record itself:
    // the deliver and the write of one frame may reach the file in different batches.
    const auto has_our_write = [&](const std::string& text) {
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);)
            if (line.find(R"("ev":"write")") != std::string::npos
                && line.find("\"" + broadcast + "\"") != std::string::npos
                && line.find(client_id) != std::string::npos)
                return true;
        return false;
    };
    REQUIRE(wait_until([&] { return has_our_write(read_file(file)); }, std::chrono::seconds(5)));
    CHECK(read_file(file).starts_with(R"({"ev":"meta","format":"solowatch-trace")"));

    // From outside, the tool answers "where did this broadcast go": registry -> our client
    // -> the socket write, each hop with a non-negative delay.
    auto followed =
        json::parse(run_trace_tool("follow --json " + broadcast + " " + file), nullptr, false);
    REQUIRE(followed.is_object());
    std::vector<std::string> events;
    for (const auto& e : followed["timeline"]) {
        CHECK(e["since_previous_us"].get<std::int64_t>() >= 0);
        const auto& r = e["record"];
        if (r.value("client", "") == client_id || r.value("name", "") == "topic_registry")
            events.push_back(r.value("ev", "") + ":" + r.value("name", r.value("client", "")));
    }
    const auto at = [&](const std::string& what) {
        return std::find(events.begin(), events.end(), what) - events.begin();
    };
    const auto n = static_cast<std::ptrdiff_t>(events.size());
    CHECK(at("handle:topic_registry") < n);
    CHECK(at("deliver:topic_registry") < n);
    CHECK(at("write:" + client_id) < n);
    CHECK(at("handle:topic_registry") < at("deliver:topic_registry"));
    CHECK(at("deliver:topic_registry") < at("write:" + client_id));
    bool reached_us = false;
    for (const auto& d : followed["reached"])
        reached_us =
            reached_us || (d["client"] == client_id && d["wait_us"].get<std::int64_t>() >= 0);
    CHECK(reached_us);

    // The Chrome export of the same file opens in a trace viewer: every event has ph ts pid tid.
    const auto chrome = file + ".chrome.json";
    run_trace_tool("export --format chrome -o " + chrome + " " + file);
    auto exported = json::parse(read_file(chrome), nullptr, false);
    REQUIRE(exported.contains("traceEvents"));
    REQUIRE(exported["traceEvents"].is_array());
    CHECK_FALSE(exported["traceEvents"].empty());
    for (const auto& e : exported["traceEvents"])
        REQUIRE((e.contains("ph") && e.contains("ts") && e.contains("pid") && e.contains("tid")));

    // SIGUSR1: the ring goes to "<file>.dump".
    REQUIRE(::kill(server.pid(), SIGUSR1) == 0);
    REQUIRE(
        wait_until([&] { return read_file(file + ".dump").find(broadcast) != std::string::npos; },
                   std::chrono::seconds(5)));
    CHECK(read_file(file + ".dump").find(R"("source":"dump:sigusr1")") != std::string::npos);
}

TEST_CASE("the trace mode changes at run time and bad requests get clear errors") {
    server_process server("", "[actors]\ntrace = \"off\"\ntrace_file = \"\"\n");
    REQUIRE(server.started());

    auto set = http_call(server.port(), "POST", "/api/trace", R"({"mode":"sampled","sample":7})");
    REQUIRE(set);
    CHECK(set->status == 200);
    auto body = json::parse(set->body, nullptr, false);
    CHECK(body["mode"] == "sampled");
    CHECK(body["sample"] == 7);

    auto bad_mode = http_call(server.port(), "POST", "/api/trace", R"({"mode":"loud"})");
    REQUIRE(bad_mode);
    CHECK(bad_mode->status == 400);
    CHECK(bad_mode->body.find("invalid_request") != std::string::npos);

    auto bad_sample = http_call(server.port(), "POST", "/api/trace", R"({"mode":"on","sample":0})");
    REQUIRE(bad_sample);
    CHECK(bad_sample->status == 400);

    auto bad_query = http_get(server.port(), "/api/trace?since=abc");
    REQUIRE(bad_query);
    CHECK(bad_query->status == 400);

    auto off = http_call(server.port(), "POST", "/api/trace", R"({"mode":"off"})");
    REQUIRE(off);
    CHECK(json::parse(off->body, nullptr, false)["mode"] == "off");
    // The spawns are kept whatever the mode: the ring shows the actors that started.
    auto all = http_get(server.port(), "/api/trace");
    REQUIRE(all);
    CHECK(all->body.find(R"("ev":"spawn")") != std::string::npos);
    CHECK(all->body.find(R"("name":"topic_registry")") != std::string::npos);
}
