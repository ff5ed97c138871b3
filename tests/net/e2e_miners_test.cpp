// End to end: the server polls a simulated fleet (solowatch-fakeminer: real protocols, real
// sockets) and publishes normalized snapshots; faulty miners go offline with a clear error
// while healthy ones keep their schedule; SIGHUP reloads the miner list.
#include <csignal>

#include <catch2/catch.hpp>

#include "support/server_process.hpp"
#include "support/wait.hpp"
#include "support/ws_client.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

std::string miner_toml(const std::string& name, const std::string& kind, int port) {
    return "[[miners]]\nname = \"" + name + "\"\nkind = \"" + kind + "\"\nhost = \"127.0.0.1\"\n"
           + "port = " + std::to_string(port) + "\npoll_interval = \"200ms\"\ntimeout = \"300ms\"\n"
           + "offline_after = 2\n\n";
}

std::optional<json> api(unsigned short port, const std::string& path) {
    auto r = http_get(port, path);
    if (!r || r->status != 200)
        return std::nullopt;
    return json::parse(r->body, nullptr, false);
}

/// The miners of GET /api/miners by name.
std::map<std::string, json> miners_by_name(unsigned short port) {
    std::map<std::string, json> out;
    if (auto all = api(port, "/api/miners"))
        for (const auto& m : (*all)["miners"])
            out[m["name"].get<std::string>()] = m;
    return out;
}

} // namespace

TEST_CASE("healthy miners report normalized values and faulty ones go offline with a reason") {
    const int base = 24100;
    // 0 v2.15, 1 v2.5 (string difficulties), 2 nano3s, 3 s19, 4 hangs, 5 refuses.
    fake_fleet fleet("--axeos 2 --cgminer 4 --base-port " + std::to_string(base)
                     + " --axeos-firmware v2.15,v2.5 --cgminer-profile "
                       "avalon_nano3s,antminer_s19,avalon_nano3s,antminer_s19 "
                       "--fault 4:hang --fault 5:refuse");
    REQUIRE(fleet.ready());
    server_process server(
        "",
        miner_toml("gamma", "axeos", base) + miner_toml("old", "axeos", base + 1)
            + miner_toml("nano", "cgminer", base + 2) + miner_toml("s19", "cgminer", base + 3)
            + miner_toml("hung", "cgminer", base + 4) + miner_toml("gone", "cgminer", base + 5));
    REQUIRE(server.started());

    std::map<std::string, json> m;
    bool settled = wait_until(
        [&] {
            m = miners_by_name(server.port());
            return m.size() == 6 && m["gamma"]["online"] == true && m["old"]["online"] == true
                   && m["nano"]["online"] == true && m["s19"]["online"] == true
                   && m["hung"]["last_error"].is_string() && m["gone"]["last_error"].is_string()
                   && m["hung"]["online"] == false && m["gone"]["online"] == false;
        },
        std::chrono::seconds(20));
    REQUIRE(settled);

    // Units: GH/s whatever the miner used; ids are MACs when reported.
    auto ghs = [&](const std::string& n) {
        return m[n]["hashrate_ghs"]["now"].get<double>();
    };
    CHECK(ghs("gamma") > 300);
    CHECK(ghs("gamma") < 3000);
    CHECK(ghs("nano") > 2000);
    CHECK(ghs("nano") < 12000);
    CHECK(ghs("s19") > 50000);
    CHECK(ghs("s19") < 300000);
    CHECK(m["gamma"]["kind"] == "axeos");
    CHECK(m["s19"]["kind"] == "cgminer");
    CHECK(m["gamma"]["id"].get<std::string>().find(':') != std::string::npos);
    CHECK(m["old"]["best_difficulty"]["all_time"].is_number()); // "4.29G"-style strings parsed
    CHECK(m["gamma"]["last_error"].is_null());
    CHECK(m["hung"]["last_error"].get<std::string>().find("timeout") != std::string::npos);
    CHECK(m["gone"]["last_error"].get<std::string>().find("refused") != std::string::npos);
    CHECK(m["hung"]["id"] == "hung"); // never answered: the configured name

    // The hung miner's 300 ms polls overran its 200 ms schedule: those polls were skipped and
    // counted, never queued up.
    auto health = http_get(server.port(), "/healthz");
    REQUIRE(health);
    auto polls = json::parse(health->body)["polls"];
    CHECK(polls["skipped"].get<int>() > 0);
    CHECK(polls["ok"].get<int>() > 0);
    CHECK(polls["failed"].get<int>() > 0);

    // One miner by id or name; unknown ones are a JSON 404.
    auto one = api(server.port(), "/api/miners/" + m["gamma"]["id"].get<std::string>());
    REQUIRE(one);
    CHECK((*one)["name"] == "gamma");
    auto missing = http_get(server.port(), "/api/miners/nope");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(json::parse(missing->body)["error"]["code"] == "miner_not_found");
}

TEST_CASE("the miners topic sends the whole fleet as snapshot then only changed miners") {
    const int base = 24120;
    fake_fleet fleet("--axeos 2 --cgminer 0 --base-port " + std::to_string(base));
    REQUIRE(fleet.ready());
    server_process server("",
                          miner_toml("a", "axeos", base) + miner_toml("b", "axeos", base + 1)
                              + "[fleet]\npublish_interval = \"50ms\"\n");
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port()).ok);
    REQUIRE(c.read_json());
    REQUIRE(c.send_text(R"({"type":"subscribe","topics":["miners"]})"));
    auto snap = c.read_type("miners_snapshot");
    REQUIRE(snap);
    CHECK((*snap)["data"]["miners"].is_array());
    std::optional<std::uint64_t> last;
    for (int i = 0; i < 10; ++i) {
        auto u = c.read_type("miners_update");
        REQUIRE(u);
        auto seq = (*u)["seq"].get<std::uint64_t>();
        if (last)
            CHECK(seq == *last + 1);
        last = seq;
        CHECK((*u)["data"]["miners"].size() >= 1);
        CHECK((*u)["data"]["miners"].size() <= 2);
        for (const auto& miner : (*u)["data"]["miners"])
            CHECK(miner.contains("hashrate_ghs"));
    }
}

TEST_CASE("SIGHUP adds and removes miners and a bad file changes nothing") {
    const int base = 24140;
    fake_fleet fleet("--axeos 2 --cgminer 0 --base-port " + std::to_string(base));
    REQUIRE(fleet.ready());
    server_process server("", miner_toml("first", "axeos", base));
    REQUIRE(server.started());
    REQUIRE(wait_until([&] { return miners_by_name(server.port()).count("first") == 1; }));
    ws_client watcher;
    REQUIRE(watcher.connect(server.port()).ok);
    REQUIRE(watcher.read_json());

    server.rewrite_config("", miner_toml("second", "axeos", base + 1));
    ::kill(server.pid(), SIGHUP);
    CHECK(wait_until([&] {
        auto m = miners_by_name(server.port());
        return m.count("second") == 1 && m.count("first") == 0;
    }));

    server.rewrite_config("", "[[miners]]\nname = \"broken\"\n");
    ::kill(server.pid(), SIGHUP);
    CHECK(wait_until(
        [&] { return server.log().find("running configuration stays") != std::string::npos; }));
    CHECK(miners_by_name(server.port()).count("second") == 1);

    // The connection was never touched.
    auto pong = watcher.request(json{{"type", "ping"}, {"id", 1}});
    REQUIRE(pong);
    CHECK((*pong)["type"] == "pong");
}

TEST_CASE("a duplicate miner name is refused at start") {
    auto path = write_temp_file("dup.toml",
                                "[server]\nlisten = \"127.0.0.1:0\"\n\n"
                                    + miner_toml("x", "axeos", 1) + miner_toml("x", "cgminer", 2));
    auto r = run_solowatch("--config " + path);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("duplicate miner name") != std::string::npos);
}
