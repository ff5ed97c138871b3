// The history actor on a real actor system: it samples a (fake) fleet every sample_interval,
// stores alert updates, answers the history API, and keeps monitoring, and the rows, while
// its file cannot be written. Every wait has a deadline.
#include "actors/history.hpp"

#include <filesystem>
#include <mutex>

#include <catch2/catch.hpp>

#include "actors/messages.hpp"
#include "actors/notifier.hpp"

#include "support/wait.hpp"

using namespace sw::actors;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr auto deadline = std::chrono::seconds(15);

fleet_view_ptr two_miners() {
    auto view = std::make_shared<fleet_view>();
    for (const char* id : {"aa:aa:aa:aa:aa:01", "aa:aa:aa:aa:aa:02"}) {
        sw::miners::miner_snapshot m;
        m.id = id;
        m.name = std::string("bitaxe-") + id[16];
        m.online = true;
        m.reading.hashrate_ghs.avg_1m = 1000;
        m.reading.power_w = 15;
        m.reading.temp_c.asic = 60;
        view->miners.push_back(m);
    }
    view->miners.back().online = false;
    view->totals.total_hashrate_ghs = 1000;
    view->totals.miners_online = 1;
    view->totals.miners_total = 2;
    return view;
}

/// The latest status the history actor reported (it stands in for the system monitor).
struct status_box {
    std::mutex mutex;
    json latest;

    json get() {
        std::lock_guard lock(mutex);
        return latest;
    }
};

struct history_fixture {
    caf::actor_system_config cfg;
    std::unique_ptr<caf::actor_system> sys;
    std::shared_ptr<status_box> status = std::make_shared<status_box>();
    caf::actor monitor;
    caf::actor fleet;
    std::filesystem::path dir;

    explicit history_fixture(const std::string& name) {
        cfg.set("scheduler.max-threads", 2);
        sys = std::make_unique<caf::actor_system>(cfg);
        monitor = sys->spawn([box = status]() -> caf::behavior {
            return {[box](sw_hstatus_atom, const json& s) {
                std::lock_guard lock(box->mutex);
                box->latest = s;
            }};
        });
        fleet = sys->spawn([]() -> caf::behavior {
            return {[](sw_view_atom) -> fleet_view_ptr {
                return two_miners();
            }};
        });
        dir = std::filesystem::temp_directory_path() / ("solowatch-history-actor-" + name);
        std::filesystem::remove_all(dir);
    }

    caf::actor start(const std::string& path) {
        sw::config::history_config h;
        h.sample_interval = 1s;
        h.maintenance_interval = 1s;
        auto a = spawn_history(*sys, history_context{monitor, h, path});
        caf::anon_send(a, sw_view_atom_v, fleet);
        return a;
    }

    std::uint64_t written() {
        auto s = status->get();
        return s.is_object() ? s.value("samples_written", std::uint64_t{0}) : 0;
    }

    history_reply ask(const caf::actor& history, caf::atom_value kind, history_query q) {
        caf::scoped_actor self{*sys};
        history_reply out{history_reply::kind::unavailable, "no answer"};
        auto handle = [&](history_reply& r) {
            out = std::move(r);
        };
        auto fail = [&](caf::error& e) {
            out.text = sys->render(e);
        };
        if (kind == sw_hquery_atom_v)
            self->request(history, deadline, sw_hquery_atom_v, q).receive(handle, fail);
        else
            self->request(history, deadline, sw_halerts_atom_v, q).receive(handle, fail);
        return out;
    }

    ~history_fixture() {
        for (const auto& a : {monitor, fleet})
            caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    }
};

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

TEST_CASE("samples_of takes one row per miner and one of the fleet") {
    auto rows = samples_of(*two_miners(), 1234);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].series == "aa:aa:aa:aa:aa:01");
    CHECK(rows[0].name == "bitaxe-1");
    CHECK(rows[0].online == 1);
    CHECK(rows[0].hashrate_ghs == Approx(1000));
    CHECK(rows[0].temp_asic_c == Approx(60));
    CHECK(rows[1].online == 0);
    CHECK_FALSE(rows[1].hashrate_ghs.has_value()); // offline: no figures, not stale ones
    CHECK(rows[2].series.empty());
    CHECK(rows[2].online == 1);
    CHECK(rows[2].ts == 1234);
}

TEST_CASE("the history actor samples the fleet and answers for a miner and the fleet") {
    history_fixture f("samples");
    std::filesystem::create_directories(f.dir);
    auto history = f.start((f.dir / "h.db").string());
    REQUIRE(sw::test::wait_until([&] { return f.written() >= 6; }, deadline)); // two ticks

    const auto now = unix_now();
    auto by_name = f.ask(history, sw_hquery_atom_v, {"bitaxe-1", now - 600, now + 1});
    REQUIRE(by_name.status == history_reply::kind::ok);
    auto body = json::parse(by_name.text);
    CHECK(body["series"] == "aa:aa:aa:aa:aa:01");
    REQUIRE_FALSE(body["t"].empty());
    CHECK(body["hashrate_ghs"].back() == 1000.0);

    auto fleet = json::parse(f.ask(history, sw_hquery_atom_v, {"", now - 600, now + 1}).text);
    CHECK(fleet["miners_online"].back() == 1.0);

    auto missing = f.ask(history, sw_hquery_atom_v, {"nobody", now - 600, now + 1});
    CHECK(missing.status == history_reply::kind::not_found);

    // An alert update is stored and comes back at once.
    notification n;
    n.alert = json{{"id", "alert-1"}, {"rule", "offline"}, {"state", "raised"}};
    caf::anon_send(history, sw_notify_atom_v, n);
    auto alerts = f.ask(history, sw_halerts_atom_v, {"", now - 600, now + 600, 0, 10});
    REQUIRE(alerts.status == history_reply::kind::ok);
    CHECK(json::parse(alerts.text)["alerts"][0]["id"] == "alert-1");
    CHECK(f.status->get()["ok"] == true);
    caf::anon_send_exit(history, caf::exit_reason::user_shutdown);
}

TEST_CASE("a file that cannot be written keeps the rows until it can") {
    history_fixture f("unwritable");
    const auto folder = f.dir / "not-yet";
    auto history = f.start((folder / "h.db").string()); // the folder does not exist
    REQUIRE(sw::test::wait_until(
        [&] {
            auto s = f.status->get();
            return s.is_object() && s["ok"] == false && s["pending_rows"].get<int>() >= 6;
        },
        deadline));
    CHECK(f.status->get()["error"].get<std::string>().find("unable to open") != std::string::npos);
    auto answer = f.ask(history, sw_hquery_atom_v, {"", 0, 10});
    CHECK(answer.status == history_reply::kind::unavailable);

    std::filesystem::create_directories(folder); // the disk is back
    REQUIRE(sw::test::wait_until([&] { return f.status->get()["ok"] == true; }, deadline));
    const auto s = f.status->get();
    CHECK(s["pending_rows"] == 0);
    CHECK(s["dropped_rows"] == 0);
    CHECK(s["samples_written"].get<int>() >= 6); // the rows that waited were written too
    caf::anon_send_exit(history, caf::exit_reason::user_shutdown);
}
