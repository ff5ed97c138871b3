// Supervised children in virtual time: a child that fails is restarted after 1 s, 2 s,
// 4 s ... up to the maximum; stopping it on purpose is not a failure.
#include <atomic>

#include <caf/scheduler/test_coordinator.hpp>
#include <catch2/catch.hpp>

#include "actors/messages.hpp"
#include "actors/supervisor.hpp"

using namespace sw::actors;
using namespace std::chrono_literals;

namespace {

struct restart_fixture {
    caf::actor_system_config cfg;
    std::unique_ptr<caf::actor_system> sys;
    caf::scheduler::test_coordinator* sched = nullptr;
    caf::actor supervisor;
    std::shared_ptr<int> starts = std::make_shared<int>(0);
    std::shared_ptr<bool> fail = std::make_shared<bool>(true);

    restart_fixture() {
        cfg.set("scheduler.policy", caf::atom("testing"));
        sys = std::make_unique<caf::actor_system>(cfg);
        sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
        sw::config::actors_config actors;
        actors.restart_backoff_initial = 1000ms;
        actors.restart_backoff_max = 4000ms;
        supervisor = spawn_supervisor(*sys, sw::config::websocket_config{}, actors);
        sched->run();
    }

    /// A child that fails as soon as it starts while *fail is set.
    child_spec flaky() {
        return child_spec{"flaky", [starts = starts, fail = fail](caf::actor_system& s) {
                              ++*starts;
                              return s.spawn([fail](caf::event_based_actor* self) -> caf::behavior {
                                  if (*fail)
                                      self->quit(caf::sec::runtime_error);
                                  return {[](int) {
                                  }};
                              });
                          }};
    }

    void advance(caf::timespan dt) {
        sched->advance_time(dt);
        sched->run();
    }

    nlohmann::json stats() {
        nlohmann::json out;
        caf::scoped_actor self{*sys};
        auto handle = self->request(supervisor, caf::infinite, sw_stats_atom_v);
        sched->run();
        handle.receive([&](nlohmann::json& j) { out = std::move(j); }, [](caf::error&) {});
        return out;
    }

    ~restart_fixture() {
        caf::anon_send(supervisor, sw_shutdown_atom_v);
        caf::anon_send_exit(supervisor, caf::exit_reason::kill);
        sched->run();
    }
};

} // namespace

TEST_CASE_METHOD(restart_fixture,
                 "a failing child is restarted with doubling backoff up to the cap") {
    caf::anon_send(supervisor, sw_superv_atom_v, flaky());
    sched->run();
    CHECK(*starts == 1);
    advance(999ms);
    CHECK(*starts == 1);
    advance(1ms); // 1 s after the first failure
    CHECK(*starts == 2);
    advance(1999ms);
    CHECK(*starts == 2);
    advance(1ms); // 2 s after the second
    CHECK(*starts == 3);
    advance(4000ms); // 4 s
    CHECK(*starts == 4);
    advance(4000ms); // capped at 4 s
    CHECK(*starts == 5);
    auto s = stats();
    CHECK(s["restarts"] == 4);
    CHECK(s["children"]["flaky"]["restarts"] == 4);
    CHECK(s["children"]["flaky"]["running"] == false);
}

TEST_CASE_METHOD(restart_fixture,
                 "a child that recovers keeps running and is not restarted again") {
    caf::anon_send(supervisor, sw_superv_atom_v, flaky());
    sched->run();
    *fail = false;
    advance(1000ms);
    CHECK(*starts == 2);
    advance(60000ms);
    CHECK(*starts == 2);
    CHECK(stats()["children"]["flaky"]["running"] == true);
}

TEST_CASE_METHOD(restart_fixture, "a child stopped on purpose is not restarted") {
    *fail = false;
    caf::anon_send(supervisor, sw_superv_atom_v, flaky());
    sched->run();
    caf::anon_send(supervisor, sw_unsup_atom_v, std::string("flaky"));
    sched->run();
    advance(10000ms);
    CHECK(*starts == 1);
    CHECK(stats()["children"].empty());
}
