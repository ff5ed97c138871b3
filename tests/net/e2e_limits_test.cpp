// End to end: the limits that hold from day one, and the shutdown sequence.
#include <csignal>

#include <catch2/catch.hpp>

#include "support/server_process.hpp"
#include "support/ws_client.hpp"

using namespace sw::test;
using nlohmann::json;

TEST_CASE("a frame over max_message_bytes gets message_too_large then close 1009") {
    server_process server("max_message_bytes = 1024\n");
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port()).ok);
    REQUIRE(c.read_json());
    // Exactly at the limit is fine.
    std::string at_limit = R"({"type":"ping","id":1,"pad":")";
    at_limit += std::string(1024 - at_limit.size() - 2, 'x') + "\"}";
    REQUIRE(at_limit.size() == 1024);
    auto pong = c.request(json::parse(at_limit));
    REQUIRE(pong);
    CHECK((*pong)["type"] == "pong");

    REQUIRE(c.send_text(std::string(2000, 'x')));
    auto err = c.read_json();
    REQUIRE(err);
    CHECK((*err)["code"] == "message_too_large");
    CHECK((*err)["details"]["max_message_bytes"] == 1024);
    CHECK(c.wait_close() == std::optional<std::uint16_t>(1009));
}

TEST_CASE("connection max_connections + 1 is refused with HTTP 503") {
    server_process server("max_connections = 2\n");
    REQUIRE(server.started());
    ws_client a;
    ws_client b;
    ws_client c;
    REQUIRE(a.connect(server.port()).ok);
    REQUIRE(b.connect(server.port()).ok);
    REQUIRE(a.read_json());
    REQUIRE(b.read_json());
    auto refused = c.connect(server.port());
    CHECK_FALSE(refused.ok);
    CHECK(refused.status == 503);

    // A slot frees when a client leaves.
    a.drop();
    bool admitted = false;
    for (int attempt = 0; attempt < 200 && !admitted; ++attempt) {
        ws_client e;
        auto r = e.connect(server.port());
        admitted = r.ok;
        if (!admitted)
            REQUIRE(r.status == 503);
    }
    CHECK(admitted);
}

TEST_CASE("a foreign Origin is refused with 403 when allowed_origins is set") {
    server_process server(R"(allowed_origins = ["http://miners.lan:8080"])"
                          "\n");
    REQUIRE(server.started());
    ws_client foreign;
    auto r = foreign.connect(server.port(), {{"Origin", "http://evil.example"}});
    CHECK_FALSE(r.ok);
    CHECK(r.status == 403);

    ws_client allowed;
    CHECK(allowed.connect(server.port(), {{"Origin", "http://miners.lan:8080"}}).ok);

    ws_client script; // no Origin header: not a browser, always allowed
    CHECK(script.connect(server.port()).ok);
}

TEST_CASE("a client whose queue overflows is closed with 1013 while it still reads") {
    // Replies pile up because this client sends far faster than it reads, through a tiny
    // receive buffer; its queue holds 16 frames.
    server_process server("",
                          "[websocket]\nmax_queue_messages = 16\nrate_limit_per_second = 1000000\n"
                          "rate_limit_burst = 1000000\n");
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port(), {}, 4096).ok);
    const std::string pad(1000, 'x');
    int sent = 0;
    for (; sent < 20000; ++sent)
        if (!c.send_text(R"({"type":"ping","include_stats":true,"id":)" + std::to_string(sent)
                             + R"(,"pad":")" + pad + "\"}",
                         std::chrono::milliseconds(500)))
            break;
    int received = 0;
    while (c.read(std::chrono::seconds(5)))
        ++received;
    CHECK(c.close_code() == 1013);
    CHECK(received < sent);
}

TEST_CASE("SIGTERM closes every client with 1001 and exits 0") {
    server_process server;
    REQUIRE(server.started());
    std::vector<std::unique_ptr<ws_client>> clients;
    for (int i = 0; i < 20; ++i) {
        clients.push_back(std::make_unique<ws_client>());
        REQUIRE(clients.back()->connect(server.port()).ok);
        REQUIRE(clients.back()->read_json());
    }
    ::kill(server.pid(), SIGTERM);
    for (auto& c : clients)
        CHECK(c->wait_close() == std::optional<std::uint16_t>(1001));
    CHECK(server.stop(SIGTERM) == std::optional<int>(0));
}

TEST_CASE("check-config names the file line and key of a broken value") {
    auto path = write_temp_file("broken.toml",
                                "[server]\nlisten = \"127.0.0.1:8080\"\n\n[websocket]\n"
                                "heartbeat_interval = \"5\"\n");
    auto r = run_solowatch("--check-config " + path);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("broken.toml:5:") != std::string::npos);
    CHECK(r.output.find("websocket.heartbeat_interval") != std::string::npos);

    auto good = write_temp_file("good.toml", "[log]\nlevel = \"debug\"\n");
    auto ok = run_solowatch("--check-config " + good);
    CHECK(ok.exit_code == 0);
    CHECK(ok.output.find("level = \"debug\"") != std::string::npos);
}

TEST_CASE("a bad config refuses to start exits 1 and never listens") {
    auto path =
        write_temp_file("bad.toml", "[server]\nlisten = \"127.0.0.1:0\"\nmax_conections = 5\n");
    auto r = run_solowatch("--config " + path);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("bad.toml:3:") != std::string::npos);
    CHECK(r.output.find("max_connections") != std::string::npos); // the suggestion
    CHECK(r.output.find("listening") == std::string::npos);
}
