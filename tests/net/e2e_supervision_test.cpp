// End to end: what the supervisor promises about dead, frozen, slow and flooding clients,
// checked with real peers (child processes, paused readers) against the real binary.
#include <csignal>
#include <thread>

#include <catch2/catch.hpp>

#include "support/server_process.hpp"
#include "support/wait.hpp"
#include "support/ws_client.hpp"
#include <sys/wait.h>
#include <unistd.h>

using namespace sw::test;
using nlohmann::json;

namespace {

std::uint64_t connections(unsigned short port) {
    auto r = http_get(port, "/healthz");
    return r ? json::parse(r->body)["connections"].get<std::uint64_t>() : ~0ULL;
}

/// A client in a child process: connects, reads the welcome, tells the parent, then idles.
/// Returns the child's pid once it is connected.
pid_t connected_child(unsigned short port) {
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t pid = ::fork();
    if (pid == 0) {
        ::close(ready[0]);
        ws_client c;
        bool ok = c.connect(port).ok && c.read_json().has_value();
        char byte = ok ? '1' : '0';
        (void)!::write(ready[1], &byte, 1);
        ::pause(); // until killed
        ::_exit(0);
    }
    ::close(ready[1]);
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    ::close(ready[0]);
    REQUIRE(byte == '1');
    return pid;
}

} // namespace

TEST_CASE("a client process killed with -9 is cleaned up at once") {
    server_process server;
    REQUIRE(server.started());
    pid_t child = connected_child(server.port());
    REQUIRE(connections(server.port()) == 1);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    CHECK(wait_until([&] { return connections(server.port()) == 0; }, std::chrono::seconds(2)));
}

TEST_CASE("a frozen client (SIGSTOP) is dropped by the heartbeat") {
    server_process server("", "[websocket]\nheartbeat_interval = \"200ms\"\n");
    REQUIRE(server.started());
    pid_t child = connected_child(server.port());
    ::kill(child, SIGSTOP);
    // 2.5 intervals plus one tick is 0.7 s; the deadline leaves room for a loaded machine.
    CHECK(wait_until([&] { return connections(server.port()) == 0; }, std::chrono::seconds(5)));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
}

TEST_CASE("a client that answers no pings but sends messages stays connected") {
    server_process server("", "[websocket]\nheartbeat_interval = \"100ms\"\n");
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port()).ok);
    // Not reading means Beast never answers the server's pings; only our frames show life.
    // The pacing below spaces the frames over ten heartbeat intervals; it synchronizes nothing.
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    int sent = 0;
    while (std::chrono::steady_clock::now() < until) {
        REQUIRE(c.send_text(R"({"type":"ping","id":)" + std::to_string(sent++) + "}"));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    auto status = c.request(json{{"type", "get_status"}, {"id", "last"}});
    REQUIRE(status);
    CHECK((*status)["message_count"] == sent + 1);
    CHECK_FALSE(c.closed());
}

TEST_CASE("a slow consumer is conflated and dropped while a normal client misses no seq") {
    server_process server("",
                          "[websocket]\nsend_timeout = \"500ms\"\nmax_queue_messages = 8\n"
                          "[system]\npublish_interval = \"10ms\"\n");
    REQUIRE(server.started());
    ws_client normal;
    ws_client slow;
    REQUIRE(normal.connect(server.port()).ok);
    REQUIRE(slow.connect(server.port(), {}, 2048).ok);
    for (auto* c : {&normal, &slow}) {
        REQUIRE(c->read_json());
        REQUIRE(c->send_text(R"({"type":"subscribe","topics":["system"]})"));
    }
    REQUIRE(normal.read_type("system_snapshot"));
    // `slow` never reads again. `normal` reads every update until the server reports the
    // slow consumer closed, checking that its own seq never skips.
    std::optional<std::uint64_t> last;
    bool gap = false;
    bool slow_closed = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!slow_closed && std::chrono::steady_clock::now() < deadline) {
        auto j = normal.read_json();
        REQUIRE(j);
        if ((*j)["type"] != "system_update")
            continue;
        auto seq = (*j)["seq"].get<std::uint64_t>();
        gap = gap || (last && seq != *last + 1);
        last = seq;
        slow_closed = (*j)["data"]["connections"]["closed_by_reason"]["slow"] == 1;
    }
    CHECK(slow_closed);
    CHECK_FALSE(gap);
}

TEST_CASE("a client past its rate limit gets rate_limited at most one error a second") {
    server_process server("", "[websocket]\nrate_limit_per_second = 5\nrate_limit_burst = 5\n");
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port()).ok);
    REQUIRE(c.read_json());
    for (int i = 0; i < 20; ++i)
        REQUIRE(c.send_text(R"({"type":"ping","id":)" + std::to_string(i) + "}"));
    int pongs = 0;
    int limited = 0;
    while (auto j = c.read_json(std::chrono::milliseconds(500))) {
        if ((*j)["type"] == "pong")
            ++pongs;
        if ((*j)["type"] == "error" && (*j)["code"] == "rate_limited")
            ++limited;
    }
    CHECK(pongs >= 5);
    CHECK(pongs < 20);
    CHECK(limited == 1);
}

TEST_CASE("a client flooding past flood_factor x the limit is closed with 1008") {
    server_process server("",
                          "[websocket]\nrate_limit_per_second = 10\nrate_limit_burst = 10\n"
                          "flood_factor = 2\nflood_duration = \"1s\"\n");
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port()).ok);
    REQUIRE(c.read_json());
    for (int i = 0; i < 40; ++i)
        if (!c.send_text(R"({"type":"ping"})"))
            break;
    CHECK(c.wait_close() == std::optional<std::uint16_t>(1008));
}

TEST_CASE("one address may hold at most max_connections_per_ip connections") {
    server_process server("max_connections_per_ip = 3\n");
    REQUIRE(server.started());
    std::vector<std::unique_ptr<ws_client>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<ws_client>());
        REQUIRE(held.back()->connect(server.port()).ok);
    }
    ws_client extra;
    auto r = extra.connect(server.port());
    CHECK_FALSE(r.ok);
    CHECK(r.status == 0); // closed at accept: no HTTP answer at all
    held.pop_back();
    CHECK(wait_until([&] {
        ws_client again;
        return again.connect(server.port()).ok;
    }));
}

TEST_CASE("new connections past accept_rate_per_second are refused") {
    server_process server("accept_rate_per_second = 5\n");
    REQUIRE(server.started());
    int admitted = 0;
    for (int i = 0; i < 15; ++i) {
        ws_client c;
        admitted += c.connect(server.port()).ok ? 1 : 0;
    }
    CHECK(admitted >= 5);
    CHECK(admitted < 15);
}
