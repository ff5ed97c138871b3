// End to end: faults injected into the simulated fleet raise alerts on the `alerts` topic, in
// GET /api/alerts and at a webhook, exactly once each, and clear exactly once on recovery; the
// fleet metrics
// match what the miners report; /metrics passes promtool.
#include <cstdio>
#include <fstream>
#include <map>

#include <catch2/catch.hpp>

#include "support/http_receiver.hpp"
#include "support/server_process.hpp"
#include "support/wait.hpp"
#include "support/ws_client.hpp"

using namespace sw::test;
using nlohmann::json;

namespace {

std::string miner_toml(const std::string& name, int port, const std::string& poll) {
    return "[[miners]]\nname = \"" + name
           + "\"\nkind = \"axeos\"\nhost = \"127.0.0.1\"\nport = " + std::to_string(port)
           + "\npoll_interval = \"" + poll + "\"\ntimeout = \"300ms\"\noffline_after = 2\n\n";
}

std::optional<json> api(unsigned short port, const std::string& path) {
    auto r = http_get(port, path);
    if (!r || r->status != 200)
        return std::nullopt;
    return json::parse(r->body, nullptr, false);
}

bool online(unsigned short port, const std::string& name) {
    auto m = api(port, "/api/miners/" + name);
    return m && (*m)["online"] == true;
}

/// The alert updates a subscriber saw, read as they come.
struct alert_log {
    ws_client& client;
    std::vector<json> updates;

    /// Reads updates until `done(updates)` holds or the deadline passes.
    template <class Pred>
    bool read_until(Pred done, std::chrono::seconds timeout = std::chrono::seconds(30)) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done(updates)) {
            if (std::chrono::steady_clock::now() >= deadline)
                return false;
            // One read until the deadline: the test client cannot read again after a
            // timed-out read (the cancelled operation leaves the stream unusable).
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            auto u = client.read_type("alerts_update", left);
            if (!u)
                return false;
            updates.push_back((*u)["data"]["alert"]);
        }
        return true;
    }

    [[nodiscard]] std::size_t
    count(const std::string& miner, const std::string& rule, const std::string& state) const {
        std::size_t n = 0;
        for (const auto& a : updates)
            n += a["miner_name"] == miner && a["rule"] == rule && a["state"] == state ? 1 : 0;
        return n;
    }
};

auto has(const std::string& miner, const std::string& rule, const std::string& state) {
    return [=](const std::vector<json>& updates) {
        for (const auto& a : updates)
            if (a["miner_name"] == miner && a["rule"] == rule && a["state"] == state)
                return true;
        return false;
    };
}

} // namespace

TEST_CASE("an overheating miner and an offline one raise once and clear once") {
    const int base = 24160;
    fake_fleet fleet("--axeos 2 --cgminer 0 --base-port " + std::to_string(base));
    REQUIRE(fleet.ready());
    http_receiver hook;
    server_process server("",
                          miner_toml("hot", base, "200ms") + miner_toml("flaky", base + 1, "200ms")
                              + "[[notify]]\nkind = \"webhook\"\nurl = \"http://127.0.0.1:"
                              + std::to_string(hook.port())
                              + "/hook\"\nrules = [\"asic_temp\", \"fault\", \"offline\"]\n"
                              // An offline miner is polled at most every second, not every
                              // minute, so its return is seen soon after its reboot.
                              + "\n[fleet]\noffline_backoff_max = \"1s\"\n");
    REQUIRE(server.started());
    REQUIRE(
        wait_until([&] { return online(server.port(), "hot") && online(server.port(), "flaky"); },
                   std::chrono::seconds(20)));

    ws_client c;
    REQUIRE(c.connect(server.port()).ok);
    REQUIRE(c.read_json());
    REQUIRE(c.send_text(R"({"type":"subscribe","topics":["alerts"]})"));
    auto snap = c.read_type("alerts_snapshot");
    REQUIRE(snap);
    CHECK((*snap)["data"]["alerts"].is_array());
    alert_log log{c, {}};

    // A cooling fault on "hot": ~60 C -> ~90 C, past AxeOS critical (75); the firmware's
    // overheat flag comes with it.
    auto patched = http_call(base, "PATCH", "/api/system", R"({"simTempOffset": 30})");
    REQUIRE(patched);
    REQUIRE(patched->status == 200);
    REQUIRE(log.read_until(has("hot", "asic_temp", "raised")));
    REQUIRE(log.read_until(has("hot", "fault", "raised")));

    // "flaky" reboots: its port is closed for ~15 s, so it goes offline.
    auto restarted = http_call(base + 1, "POST", "/api/system/restart", "");
    REQUIRE(restarted);
    REQUIRE(log.read_until(has("flaky", "offline", "raised")));

    auto active = api(server.port(), "/api/alerts");
    REQUIRE(active);
    std::map<std::string, json> by_rule;
    for (const auto& a : (*active)["alerts"])
        by_rule[a["miner_name"].get<std::string>() + "/" + a["rule"].get<std::string>()] = a;
    REQUIRE(by_rule.count("hot/asic_temp") == 1);
    CHECK(by_rule["hot/asic_temp"]["severity"] == "critical");
    CHECK(by_rule["hot/asic_temp"]["threshold"].get<double>() == Approx(75.0));
    CHECK(by_rule["hot/asic_temp"]["value"].get<double>() >= 75.0);
    CHECK(by_rule.count("flaky/offline") == 1);

    // Recovery: cooling restored, the reboot over.
    REQUIRE(http_call(base, "PATCH", "/api/system", R"({"simTempOffset": 0})"));
    REQUIRE(log.read_until(has("hot", "asic_temp", "cleared")));
    REQUIRE(log.read_until(has("hot", "fault", "cleared")));
    REQUIRE(log.read_until(has("flaky", "offline", "cleared"), std::chrono::seconds(40)));

    for (const auto& [miner, rule] : std::vector<std::pair<std::string, std::string>>{
             {"hot", "asic_temp"}, {"hot", "fault"}, {"flaky", "offline"}}) {
        INFO(miner << " " << rule);
        CHECK(log.count(miner, rule, "raised") == 1);
        CHECK(log.count(miner, rule, "cleared") == 1);
    }
    // A clear keeps the id of its raise.
    std::map<std::string, std::string> raised_ids;
    for (const auto& a : log.updates)
        if (a["state"] == "raised")
            raised_ids[a["miner_name"].get<std::string>() + a["rule"].get<std::string>()] =
                a["id"].get<std::string>();
    for (const auto& a : log.updates)
        if (a["state"] == "cleared")
            CHECK(a["id"]
                  == raised_ids[a["miner_name"].get<std::string>() + a["rule"].get<std::string>()]);

    // The webhook got the same story: each alert raised once and cleared once, in order.
    std::vector<json> posted;
    REQUIRE(wait_until([&] {
        posted.clear();
        for (const auto& r : hook.requests())
            posted.push_back(json::parse(r.body, nullptr, false));
        return posted.size() >= 6;
    }));
    for (const auto& [miner, rule] : std::vector<std::pair<std::string, std::string>>{
             {"hot", "asic_temp"}, {"hot", "fault"}, {"flaky", "offline"}}) {
        INFO("webhook " << miner << " " << rule);
        std::vector<std::string> states;
        for (const auto& p : posted)
            if (p["miner_name"] == miner && p["rule"] == rule)
                states.push_back(p["state"].get<std::string>());
        CHECK(states == std::vector<std::string>{"raised", "cleared"});
    }
    CHECK(hook.requests().front().method == "POST");
    CHECK(hook.requests().front().target == "/hook");
    CHECK(posted.size() == 6);

    auto after = api(server.port(), "/api/alerts?all=1");
    REQUIRE(after);
    for (const auto& a : (*after)["alerts"])
        CHECK((a["rule"] != "asic_temp" && a["rule"] != "offline"));
    CHECK((*after)["history"].size() >= 6);
}

TEST_CASE("fleet metrics match the miners and /metrics passes promtool") {
    const int base = 24170;
    fake_fleet fleet("--axeos 2 --cgminer 1 --base-port " + std::to_string(base));
    REQUIRE(fleet.ready());
    server_process server("",
                          miner_toml("a", base, "5s") + miner_toml("b", base + 1, "5s")
                              + "[[miners]]\nname = \"c\"\nkind = \"cgminer\"\nhost = "
                                "\"127.0.0.1\"\nport = "
                              + std::to_string(base + 2)
                              + "\npoll_interval = \"5s\"\n\n[metrics]\npublish_interval = "
                                "\"50ms\"\n\n[network]\ndifficulty = 126410000000000.0\n");
    REQUIRE(server.started());
    REQUIRE(wait_until(
        [&] {
            return online(server.port(), "a") && online(server.port(), "b")
                   && online(server.port(), "c");
        },
        std::chrono::seconds(20)));

    // Polls every 5 s: read the miners, the metrics, the miners again, and judge a pass
    // where nothing changed in between.
    json miners;
    json metrics;
    REQUIRE(wait_until(
        [&] {
            auto before = api(server.port(), "/api/miners");
            auto m = api(server.port(), "/api/metrics");
            auto again = api(server.port(), "/api/miners");
            if (!before || !m || !again || *before != *again)
                return false;
            miners = (*before)["miners"];
            metrics = *m;
            return true;
        },
        std::chrono::seconds(20)));

    double ghs = 0;
    double watts = 0;
    std::map<double, int> votes;
    for (const auto& m : miners) {
        const auto& h = m["hashrate_ghs"];
        ghs += h["avg_1m"].is_number() ? h["avg_1m"].get<double>() : h["now"].get<double>();
        if (m["power_w"].is_number())
            watts += m["power_w"].get<double>();
        if (m["network"]["difficulty"].is_number())
            ++votes[m["network"]["difficulty"].get<double>()];
    }
    CHECK(metrics["miners_total"] == 3);
    CHECK(metrics["miners_online"] == 3);
    CHECK(metrics["total_hashrate_ghs"].get<double>() == Approx(ghs));
    CHECK(metrics["total_power_w"].get<double>() == Approx(watts));
    // The miners' own network difficulty wins over the configured fallback when they report it.
    double difficulty = 126410000000000.0;
    int best_votes = 0;
    for (const auto& [d, n] : votes)
        if (n >= best_votes) {
            best_votes = n;
            difficulty = d;
        }
    CHECK(metrics["network_difficulty"].get<double>() == Approx(difficulty));
    const double expected_s = difficulty * 4294967296.0 / (ghs * 1e9);
    CHECK(metrics["expected_seconds_to_block"].get<double>() == Approx(expected_s));
    CHECK(metrics["block_probability_day"].get<double>()
          == Approx(-std::expm1(-86400.0 / expected_s)));

    auto status = api(server.port(), "/api/status");
    REQUIRE(status);
    CHECK((*status)["fleet"]["miners_total"] == 3);
    CHECK((*status)["server"]["version"].is_string());

    auto scrape = http_get(server.port(), "/metrics");
    REQUIRE(scrape);
    REQUIRE(scrape->status == 200);
    CHECK(scrape->headers["Content-Type"].find("text/plain") == 0);
    CHECK(scrape->body.find("solowatch_miner_up{") != std::string::npos);
    CHECK(scrape->body.find("solowatch_polls_total{") != std::string::npos);
    CHECK(scrape->body.find("solowatch_broadcasts_total{") != std::string::npos);
    auto path = write_temp_file("scrape.prom", scrape->body);
    auto cmd = "promtool check metrics < " + path + " 2>&1";
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[512];
    while (std::fgets(buf, sizeof buf, p) != nullptr)
        out += buf;
    const int rc = ::pclose(p);
    INFO(out);
    CHECK(rc == 0);
    CHECK(out.empty());
}
