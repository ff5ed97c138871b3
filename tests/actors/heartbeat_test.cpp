// The heartbeat in virtual time: the supervisor's one clock, pings, and the exact tick at
// which a silent client is dropped (CAF's test_coordinator; no real waiting).
#include <caf/scheduler/test_coordinator.hpp>
#include <catch2/catch.hpp>

#include "actors/client_actor.hpp"
#include "actors/messages.hpp"
#include "actors/supervisor.hpp"
#include "actors/topic_registry.hpp"

#include "fake_sink.hpp"

using namespace sw::actors;
using namespace std::chrono_literals;

namespace {

struct virtual_time_fixture {
    caf::actor_system_config cfg;
    std::unique_ptr<caf::actor_system> sys;
    caf::scheduler::test_coordinator* sched = nullptr;
    sw::config::websocket_config ws;
    caf::actor registry;
    caf::actor supervisor;
    caf::actor client;
    std::shared_ptr<sw::test::fake_sink> sink = std::make_shared<sw::test::fake_sink>();

    virtual_time_fixture() {
        cfg.set("scheduler.policy", caf::atom("testing"));
        sys = std::make_unique<caf::actor_system>(cfg);
        sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
        ws.heartbeat_interval = 1000ms;
        ws.stale_factor = 2.5;
        ws.inactive_factor = 2.0;
    }

    void start() {
        registry = spawn_topic_registry(*sys);
        supervisor = spawn_supervisor(*sys, ws, sw::config::actors_config{});
        client_context ctx{registry, supervisor, ws, 65536, std::make_shared<server_stats>()};
        client = spawn_client(*sys, ctx, sink, client_info{"127.0.0.1:1", "test", ""});
        sched->run();
    }

    /// Advances virtual time by `dt` and runs everything that became due.
    void advance(caf::timespan dt) {
        sched->advance_time(dt);
        sched->run();
    }

    ~virtual_time_fixture() {
        for (const auto& a : {client, supervisor, registry})
            if (a)
                caf::anon_send_exit(a, caf::exit_reason::kill);
        sched->run();
    }
};

} // namespace

TEST_CASE_METHOD(virtual_time_fixture, "each heartbeat tick sends one ping") {
    start();
    CHECK(sink->pings() == 0);
    advance(1000ms);
    CHECK(sink->pings() == 1);
    advance(1000ms);
    CHECK(sink->pings() == 2);
}

TEST_CASE_METHOD(virtual_time_fixture,
                 "a silent client is dropped at the first tick past 2.5 intervals") {
    start();
    advance(1000ms); // 1.0 intervals of silence
    advance(1000ms); // 2.0
    CHECK_FALSE(sink->aborted());
    advance(1000ms); // 3.0 >= 2.5: dropped without a close handshake
    CHECK(sink->aborted());
}

TEST_CASE_METHOD(virtual_time_fixture, "activity of any kind resets the stale clock") {
    start();
    advance(1000ms);
    advance(500ms);
    caf::anon_send(client, sw_pong_atom_v); // at 1.5 intervals
    sched->run();
    advance(500ms);  // t = 2.0, silent 0.5
    advance(1000ms); // t = 3.0, silent 1.5
    advance(1000ms); // t = 4.0, silent 2.5... not yet past? exactly 2.5 is stale
    CHECK(sink->aborted());
}

TEST_CASE_METHOD(virtual_time_fixture, "an application message counts as activity too") {
    start();
    advance(1000ms);
    advance(1000ms);
    caf::anon_send(client, sw_text_atom_v, std::string(R"({"type":"ping","id":1})"));
    sched->run();    // t = 2.0: the client answered with a frame, not a pong
    advance(1000ms); // silent 1.0
    advance(1000ms); // silent 2.0
    CHECK_FALSE(sink->aborted());
    advance(1000ms); // silent 3.0
    CHECK(sink->aborted());
}

TEST_CASE_METHOD(virtual_time_fixture,
                 "a client actor killed on purpose closes its session with 1011") {
    start();
    caf::anon_send_exit(client, caf::exit_reason::kill);
    sched->run();
    CHECK(sink->close_code() == 1011);
}
