// The fleet in virtual time: changed miners are batched into one `miners` publication per
// publish_interval, unchanged snapshots publish nothing, removals are announced; the fleet
// metrics go out on `metrics` at most once per metrics interval, and only when they changed.
#include "actors/fleet.hpp"

#include <caf/scheduler/test_coordinator.hpp>
#include <catch2/catch.hpp>

#include "actors/messages.hpp"

using namespace sw::actors;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct fleet_fixture {
    caf::actor_system_config cfg;
    std::unique_ptr<caf::actor_system> sys;
    caf::scheduler::test_coordinator* sched = nullptr;
    std::shared_ptr<std::vector<publication>> published = // `miners` publications
        std::make_shared<std::vector<publication>>();
    std::shared_ptr<std::vector<publication>> metrics = // `metrics` publications
        std::make_shared<std::vector<publication>>();
    caf::actor registry;
    caf::actor fleet;

    fleet_fixture() {
        cfg.set("scheduler.policy", caf::atom("testing"));
        sys = std::make_unique<caf::actor_system>(cfg);
        sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
        // Stands in for the topic registry: records what the fleet publishes.
        registry = sys->spawn([rec = published, met = metrics]() -> caf::behavior {
            return {[rec, met](sw_publish_atom, publication& p) {
                (p.topic == sw::protocol::topic::metrics ? met : rec)->push_back(std::move(p));
            }};
        });
        fleet_settings settings;
        settings.fleet.publish_interval = 250ms;
        settings.metrics_interval = 1000ms;
        fleet = spawn_fleet(*sys, registry, caf::actor{}, settings);
        sched->run();
    }

    void snapshot(const std::string& name, const json& snap) {
        auto s = std::make_shared<sw::miners::miner_snapshot>();
        s->id = snap["id"].get<std::string>();
        s->name = name;
        s->online = true;
        s->reading.hashrate_ghs.now = snap["hashrate_ghs"]["now"].get<double>();
        caf::anon_send(fleet,
                       sw_snapshot_atom_v,
                       name,
                       snap["id"].get<std::string>(),
                       snap.dump(),
                       snapshot_ptr{std::move(s)});
        sched->run();
    }

    void roster(std::set<std::string> names) {
        caf::anon_send(fleet, sw_roster_atom_v, miner_roster{std::move(names)});
        sched->run();
    }

    void advance(caf::timespan dt) {
        sched->advance_time(dt);
        sched->run();
    }

    ~fleet_fixture() {
        caf::anon_send_exit(fleet, caf::exit_reason::kill);
        caf::anon_send_exit(registry, caf::exit_reason::kill);
        sched->run();
    }
};

json miner(const std::string& id, double ghs) {
    return {{"id", id}, {"hashrate_ghs", {{"now", ghs}}}};
}

} // namespace

TEST_CASE_METHOD(fleet_fixture, "changes within one interval go out as one update") {
    snapshot("a", miner("aa", 1.0));
    snapshot("b", miner("bb", 2.0));
    CHECK(published->empty()); // not before the interval ends
    advance(250ms);
    REQUIRE(published->size() == 1);
    const auto& p = published->front();
    CHECK(p.topic == sw::protocol::topic::miners);
    CHECK(json::parse(*p.data)["miners"].size() == 2);
    CHECK(json::parse(*p.state)["miners"].size() == 2);
    REQUIRE(p.keys);
    CHECK(*p.keys == std::vector<std::string>{"aa", "bb"});
}

TEST_CASE_METHOD(fleet_fixture, "only changed miners are published and the state holds them all") {
    snapshot("a", miner("aa", 1.0));
    snapshot("b", miner("bb", 2.0));
    advance(250ms);
    snapshot("a", miner("aa", 1.0)); // unchanged
    snapshot("b", miner("bb", 3.0));
    advance(250ms);
    REQUIRE(published->size() == 2);
    const auto& p = published->back();
    CHECK(json::parse(*p.data)["miners"].size() == 1);
    CHECK(json::parse(*p.data)["miners"][0]["id"] == "bb");
    CHECK(json::parse(*p.state)["miners"].size() == 2);
    advance(1000ms);
    CHECK(published->size() == 2); // nothing changed, nothing sent
}

TEST_CASE_METHOD(fleet_fixture, "a removed miner and a changed id are announced in data.removed") {
    snapshot("a", miner("a", 1.0)); // no MAC yet: id is the name
    snapshot("b", miner("bb", 2.0));
    advance(250ms);
    snapshot("a", miner("11:22:33:44:55:66", 1.0));
    roster({"a"}); // b left the config
    sched->run();
    advance(250ms);
    REQUIRE(published->size() == 2);
    const auto& p = published->back();
    CHECK(json::parse(*p.data)["removed"] == json({"a", "bb"}));
    CHECK_FALSE(p.keys); // never conflated away
    CHECK(json::parse(*p.state)["miners"].size() == 1);
}

TEST_CASE_METHOD(fleet_fixture, "a late poll of a removed miner does not bring it back") {
    roster({"a", "b"});
    snapshot("a", miner("aa", 1.0));
    snapshot("b", miner("bb", 2.0));
    advance(250ms);
    roster({"a"});
    snapshot("b", miner("bb", 2.5)); // its poller was stopping: this poll was in flight
    advance(250ms);
    REQUIRE(published->size() == 2);
    CHECK(json::parse(*published->back().data)["removed"] == json({"bb"}));
    CHECK(json::parse(*published->back().state)["miners"].size() == 1);
    snapshot("c", miner("cc", 3.0)); // never configured
    advance(250ms);
    CHECK(published->size() == 2);
    roster({"a", "b"}); // b is back in the config: its new poller's polls count again
    snapshot("b", miner("bb", 4.0));
    advance(250ms);
    REQUIRE(published->size() == 3);
    CHECK(json::parse(*published->back().state)["miners"].size() == 2);
}

TEST_CASE_METHOD(fleet_fixture, "fleet metrics are published when they change and not more often") {
    advance(1000ms);
    REQUIRE(metrics->size() == 1); // the empty fleet: the topic has a state from the start
    CHECK(json::parse(*metrics->back().data)["miners_total"] == 0);
    snapshot("a", miner("aa", 1000.0));
    snapshot("b", miner("bb", 500.0));
    advance(500ms);
    CHECK(metrics->size() == 1); // not before the metrics interval ends
    advance(500ms);
    REQUIRE(metrics->size() == 2);
    auto m = json::parse(*metrics->back().data);
    CHECK(m["total_hashrate_ghs"].get<double>() == Approx(1500.0));
    CHECK(m["miners_online"] == 2);
    CHECK(m["miners_total"] == 2);
    CHECK(*metrics->back().state == *metrics->back().data); // full state: conflatable
    snapshot("a", miner("aa", 1000.0));                     // the same figures again
    advance(1000ms);
    CHECK(metrics->size() == 2);
}
