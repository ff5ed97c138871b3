// The miner poller in virtual time with a scripted driver: a fixed schedule without drift,
// skipped polls instead of piled-up ones, offline after offline_after failures with a
// doubling interval, and `restarted` on the first poll after uptime went down.
#include <deque>

#include <boost/asio/io_context.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <catch2/catch.hpp>

#include "actors/messages.hpp"
#include "actors/miner_poller.hpp"

using namespace sw::actors;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

/// A driver whose polls complete only when the test says so.
class scripted_driver : public sw::miners::miner_driver {
public:
    void poll(boost::asio::io_context&, sw::miners::poll_callback done) override {
        ++started;
        pending.push_back(std::move(done));
    }

    /// Completes the oldest running poll.
    void complete(sw::miners::poll_outcome outcome) {
        auto done = std::move(pending.front());
        pending.pop_front();
        done(std::move(outcome));
    }

    int started = 0;
    std::deque<sw::miners::poll_callback> pending;
};

sw::miners::miner_reading reading(std::int64_t uptime) {
    sw::miners::miner_reading r;
    r.uptime_s = uptime;
    r.hashrate_ghs.now = 1000.0 + static_cast<double>(uptime);
    return r;
}

struct poller_fixture {
    caf::actor_system_config cfg;
    std::unique_ptr<caf::actor_system> sys;
    caf::scheduler::test_coordinator* sched = nullptr;
    boost::asio::io_context io; // unused by the scripted driver
    std::shared_ptr<scripted_driver> driver = std::make_shared<scripted_driver>();
    std::shared_ptr<std::vector<json>> seen = std::make_shared<std::vector<json>>();
    std::shared_ptr<server_stats> stats = std::make_shared<server_stats>();
    caf::actor fleet;
    caf::actor poller;

    poller_fixture() {
        cfg.set("scheduler.policy", caf::atom("testing"));
        sys = std::make_unique<caf::actor_system>(cfg);
        sched = &dynamic_cast<caf::scheduler::test_coordinator&>(sys->scheduler());
        fleet = sys->spawn([rec = seen]() -> caf::behavior {
            return {[rec](sw_snapshot_atom,
                          const std::string&,
                          const std::string& id,
                          const std::string& text,
                          const snapshot_ptr& snap) {
                        REQUIRE(snap);
                        CHECK(snap->id == id); // the struct and the text describe the same poll
                        rec->push_back(json::parse(text));
                    },
                    [](sw_pollcnt_atom, const std::string&, const poll_counts&) {
                    }};
        });
    }

    void start(std::size_t offline_after = 2) {
        sw::config::miner_config m{"m1", "axeos", "127.0.0.1", 80, 1000ms, 500ms, offline_after};
        sw::config::fleet_config fc;
        fc.offline_backoff_max = 4000ms;
        poller_context ctx{fleet, stats, &io, fc, [d = driver](const auto&) {
                               return d;
                           }};
        poller = spawn_miner_poller(*sys, m, ctx);
        sched->run();
    }

    void advance(caf::timespan dt) {
        sched->advance_time(dt);
        sched->run();
    }

    void complete(sw::miners::poll_outcome outcome) {
        driver->complete(std::move(outcome));
        sched->run();
    }

    ~poller_fixture() {
        for (const auto& a : {poller, fleet})
            if (a)
                caf::anon_send_exit(a, caf::exit_reason::kill);
        sched->run();
    }
};

} // namespace

TEST_CASE_METHOD(poller_fixture, "polls start on a fixed one-interval grid") {
    start();
    CHECK(driver->started == 1);
    advance(300ms);
    complete(reading(100)); // a slow answer does not shift the grid
    advance(699ms);
    CHECK(driver->started == 1);
    advance(1ms);
    CHECK(driver->started == 2);
    complete(reading(101));
    advance(1000ms);
    CHECK(driver->started == 3);
    REQUIRE_FALSE(seen->empty());
    CHECK(seen->back()["online"] == true);
    CHECK(seen->back()["hashrate_ghs"]["now"] == 1101.0);
}

TEST_CASE_METHOD(poller_fixture,
                 "a poll still running when the next is due is skipped and counted") {
    start();
    advance(1000ms);
    advance(1000ms);
    CHECK(driver->started == 1); // never two polls of one miner at once
    CHECK(stats->polls_skipped == 2);
    complete(reading(5));
    advance(1000ms);
    CHECK(driver->started == 2);
}

TEST_CASE_METHOD(poller_fixture, "offline after offline_after failures and polled less often") {
    start(2);
    complete(tl::make_unexpected(std::string("connection refused")));
    CHECK(seen->back()["last_error"] == "connection refused");
    advance(1000ms);
    complete(tl::make_unexpected(std::string("connection refused")));
    CHECK(seen->back()["online"] == false);
    // The tick at t = 2 s was already due; from there the interval doubles: 2 s, then 4 s
    // (the cap).
    advance(1000ms);
    CHECK(driver->started == 3);
    complete(tl::make_unexpected(std::string("connection refused")));
    advance(1999ms);
    CHECK(driver->started == 3);
    advance(1ms);
    CHECK(driver->started == 4); // t = 4 s
    complete(reading(7));        // back: online, and the normal cadence at once
    CHECK(seen->back()["online"] == true);
    CHECK(seen->back()["last_error"].is_null());
    advance(1000ms);
    CHECK(driver->started == 5);
    complete(reading(8));
    advance(1000ms);
    CHECK(driver->started == 6);
    complete(reading(9));
    advance(1000ms);
    CHECK(driver->started == 7);
    complete(reading(10));
    advance(1000ms); // t = 8 s: the old offline schedule's tick is ignored, not counted
    CHECK(driver->started == 8);
    CHECK(stats->polls_skipped == 0);
}

TEST_CASE_METHOD(poller_fixture, "restarted is set on the first poll after uptime went down") {
    start();
    complete(reading(5000));
    CHECK(seen->back()["restarted"] == false);
    advance(1000ms);
    complete(reading(3));
    CHECK(seen->back()["restarted"] == true);
    CHECK(seen->back()["uptime_s"] == 3);
    advance(1000ms);
    complete(reading(4));
    CHECK(seen->back()["restarted"] == false);
}
