// End to end: the server keeps history in its SQLite file while it polls a simulated miner;
// the history API answers for a miner (by name or percent-encoded id) and the fleet; the
// history survives kill -9 and a restart; bad requests get a 400; and a file that cannot be
// written leaves monitoring running and says so on the `system` topic.
#include <csignal>
#include <filesystem>

#include <catch2/catch.hpp>

#include "support/server_process.hpp"
#include "support/wait.hpp"
#include "support/ws_client.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

constexpr int base = 24200; // the simulated miner's port

std::string miner_toml(int port) {
    return "[[miners]]\nname = \"hist\"\nkind = \"axeos\"\nhost = \"127.0.0.1\"\nport = "
           + std::to_string(port) + "\npoll_interval = \"200ms\"\ntimeout = \"300ms\"\n\n";
}

// The waits below ask every few milliseconds: far past the default accept rate per address.
constexpr const char* server_toml = "accept_rate_per_second = 100000\n";

std::string history_toml(const std::string& path) {
    return "[history]\npath = \"" + path + "\"\nsample_interval = \"1s\"\n\n";
}

std::optional<json> api(unsigned short port, const std::string& path, unsigned want = 200) {
    auto r = http_get(port, path);
    if (!r || r->status != want) {
        UNSCOPED_INFO(path << " answered "
                           << (r ? std::to_string(r->status) + " " + r->body : "nothing"));
        return std::nullopt;
    }
    return json::parse(r->body, nullptr, false);
}

std::string fresh_dir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("solowatch-e2e-history-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// "?from=&to=" for the last ten minutes: short enough for one point per 1-s sample.
std::string recent() {
    return "?from=" + std::to_string(unix_now() - 600) + "&to=" + std::to_string(unix_now() + 1);
}

/// Points of the fleet series with a hashrate above 0.
std::size_t fleet_points(unsigned short port) {
    auto body = api(port, "/api/history/fleet" + recent());
    if (!body || !(*body)["hashrate_ghs"].is_array())
        return 0;
    std::size_t n = 0;
    for (const auto& v : (*body)["hashrate_ghs"])
        n += v.is_number() && v.get<double>() > 0 ? 1 : 0;
    return n;
}

} // namespace

TEST_CASE("the history API serves samples that survive kill -9 and a restart") {
    fake_fleet fleet("--axeos 1 --cgminer 0 --base-port " + std::to_string(base));
    REQUIRE(fleet.ready());
    const auto db = fresh_dir("restart") + "/history.db";
    std::string miner_id;
    std::int64_t first_t = 0;
    {
        server_process server(server_toml, history_toml(db) + miner_toml(base));
        REQUIRE(server.started());
        REQUIRE(
            wait_until([&] { return fleet_points(server.port()) >= 2; }, std::chrono::seconds(20)));

        auto miner = api(server.port(), "/api/miners/hist/history" + recent());
        REQUIRE(miner);
        miner_id = (*miner)["series"].get<std::string>();
        CHECK(miner_id.find(':') != std::string::npos); // the simulator reports a MAC
        CHECK((*miner)["resolution"] == "raw");
        CHECK((*miner)["step"] == 1);
        REQUIRE_FALSE((*miner)["t"].empty());
        CHECK((*miner)["t"].size() == (*miner)["temp_asic_c"].size());
        first_t = (*miner)["t"][0].get<std::int64_t>();

        // The id as a browser encodes it (colons as %3A) finds the same series.
        std::string encoded;
        for (char c : miner_id)
            encoded += c == ':' ? std::string("%3A") : std::string(1, c);
        auto by_id = api(server.port(), "/api/miners/" + encoded + "/history" + recent());
        REQUIRE(by_id);
        CHECK((*by_id)["series"] == miner_id);

        CHECK_FALSE(server.stop(SIGKILL).has_value()); // killed: no clean shutdown
    }
    server_process again(server_toml, history_toml(db) + miner_toml(base));
    REQUIRE(again.started());
    auto before = api(again.port(),
                      "/api/miners/hist/history?from=" + std::to_string(first_t - 1)
                          + "&to=" + std::to_string(first_t + 1));
    REQUIRE(before);
    REQUIRE_FALSE((*before)["t"].empty());
    CHECK((*before)["t"][0] == first_t);
    CHECK(again.log().find("moved to") == std::string::npos); // the file passed its check
}

TEST_CASE("history requests with bad parameters get a clear 400 and unknown miners a 404") {
    const auto db = fresh_dir("errors") + "/history.db";
    server_process server(server_toml, history_toml(db));
    REQUIRE(server.started());
    for (const char* bad : {"/api/history/fleet?from=abc",
                            "/api/history/fleet?from=20&to=10",
                            "/api/history/fleet?step=-5",
                            "/api/history/alerts?limit=0",
                            "/api/history/fleet?to=18446744073709551615"}) {
        INFO(bad);
        auto body = api(server.port(), bad, 400);
        REQUIRE(body);
        CHECK((*body)["error"]["code"] == "invalid_request");
    }
    auto missing = api(server.port(), "/api/miners/nobody/history", 404);
    REQUIRE(missing);
    CHECK((*missing)["error"]["code"] == "miner_not_found");
    auto alerts = api(server.port(), "/api/history/alerts");
    REQUIRE(alerts);
    CHECK((*alerts)["alerts"].is_array());
}

TEST_CASE("a history file that cannot be written leaves monitoring running") {
    fake_fleet fleet("--axeos 1 --cgminer 0 --base-port " + std::to_string(base + 1));
    REQUIRE(fleet.ready());
    server_process server(std::string(server_toml) + "\n[system]\npublish_interval = \"200ms\"\n",
                          history_toml("/nonexistent-solowatch-folder/h.db")
                              + miner_toml(base + 1));
    REQUIRE(server.started());
    ws_client c;
    REQUIRE(c.connect(server.port()).ok);
    REQUIRE(c.read_json());
    REQUIRE(c.request(json{{"type", "subscribe"}, {"topics", {"system"}}, {"id", 1}}));
    std::optional<json> history;
    CHECK(wait_until(
        [&] {
            auto m = c.read_json();
            if (m && (*m)["type"] == "system_update"
                && (*m)["data"]["history"].value("ok", true) == false)
                history = (*m)["data"]["history"];
            return history.has_value();
        },
        std::chrono::seconds(15)));
    REQUIRE(history);
    CHECK((*history)["error"].get<std::string>().find("unable to open") != std::string::npos);
    CHECK(server.log().find("monitoring goes on") != std::string::npos);
    // Polling and the REST API go on; the history API says why it cannot answer.
    CHECK(wait_until([&] {
        auto m = api(server.port(), "/api/miners/hist");
        return m && (*m)["online"] == true;
    }));
    auto unavailable = api(server.port(), "/api/history/fleet", 503);
    REQUIRE(unavailable);
    CHECK((*unavailable)["error"]["code"] == "unavailable");
}
