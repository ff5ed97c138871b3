// The alert rules of MINERS.md section 5 in virtual time (the time is an argument): raises,
// holds, hysteresis, escalation with a stable id, cooldowns, offline suppression, events that
// fire once, disabled rules, per-miner overrides and the bounded history.
#include "actors/alert_rules.hpp"

#include <catch2/catch.hpp>

using namespace sw::actors;
using namespace std::chrono_literals;
using sw::config::alerts_config;
using sw::miners::miner_kind;
using sw::miners::miner_snapshot;
using time_point = alert_rules::time_point;

namespace {

// 2026-11-26T12:00:00Z
const time_point t0 =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + std::chrono::hours{12};

miner_snapshot online(const std::string& name = "gamma-1", miner_kind kind = miner_kind::axeos) {
    miner_snapshot s;
    s.id = "a4:cf:12:9b:00:01";
    s.name = name;
    s.host = "192.168.1.50";
    s.kind = kind;
    s.online = true;
    return s;
}

miner_snapshot asic(double celsius, const std::string& name = "gamma-1") {
    auto s = online(name);
    s.reading.temp_c.asic = celsius;
    return s;
}

miner_snapshot offline(const std::string& name = "gamma-1") {
    auto s = online(name);
    s.online = false;
    s.last_error = "timeout after 3000 ms";
    return s;
}

/// One engine, one miner's rules and virtual time.
struct engine_fixture {
    alert_rules engine{500};
    alerts_config rules;

    std::vector<alert> at(std::chrono::milliseconds t, const miner_snapshot& s) {
        return engine.evaluate(s, rules, t0 + t);
    }

    /// The single update expected at `t`.
    alert one(std::chrono::milliseconds t, const miner_snapshot& s) {
        auto updates = at(t, s);
        REQUIRE(updates.size() == 1);
        return updates.front();
    }
};

} // namespace

TEST_CASE("a miner that was never polled raises nothing", "[alert_rules]") {
    engine_fixture f;
    auto s = asic(90);
    s.online = false; // no last_error: not polled yet
    s.reading.temp_c.vr = 120;
    s.reading.faults = {"overheat"};
    CHECK(f.at(0s, s).empty());
    CHECK(f.at(1min, s).empty());
    CHECK(f.engine.active().empty());
    CHECK(f.engine.history().empty());
}

TEST_CASE("offline raises once and clears on the first good poll", "[alert_rules]") {
    engine_fixture f;
    auto down = offline();
    down.id = "gamma-1"; // no MAC seen yet: the id is the name
    const alert raised = f.one(0s, down);
    CHECK(raised.rule == "offline");
    CHECK(raised.severity == alert_severity::critical);
    CHECK(raised.state == alert_state::raised);
    CHECK_FALSE(raised.event);
    CHECK(raised.miner_id == "gamma-1");
    CHECK(raised.miner_name == "gamma-1");
    CHECK(raised.message == "gamma-1 offline: timeout after 3000 ms");
    CHECK(raised.raised_at == t0);
    CHECK(f.at(30s, down).empty());
    CHECK(f.engine.active() == std::vector<alert>{raised});

    const alert cleared = f.one(1min, online()); // the id is now the MAC
    CHECK(cleared.id == raised.id);
    CHECK(cleared.state == alert_state::cleared);
    CHECK(cleared.miner_id == "a4:cf:12:9b:00:01");
    CHECK(cleared.message == "gamma-1 back online");
    CHECK(cleared.raised_at == t0);
    CHECK(cleared.cleared_at == t0 + 1min);
    CHECK(cleared.updated_at == t0 + 1min);
    CHECK(f.engine.active().empty());
    CHECK(f.engine.history().size() == 2);
}

TEST_CASE("offline suppresses the other rules of the miner", "[alert_rules]") {
    engine_fixture f;
    const alert hot = f.one(0s, asic(70));
    CHECK(hot.rule == "asic_temp");
    // Offline with a stale cool reading and other faults: only the offline alert.
    auto down = offline();
    down.reading.temp_c.asic = 40;
    down.reading.temp_c.vr = 120;
    down.reading.faults = {"overheat"};
    down.restarted = true;
    const alert off = f.one(1min, down);
    CHECK(off.rule == "offline");
    REQUIRE(f.engine.active().size() == 2);
    CHECK(f.engine.active()[0].id == hot.id); // still active: not judged while offline
    // Back online and cool: both clear, offline first.
    const auto back = f.at(2min, asic(40));
    REQUIRE(back.size() == 2);
    CHECK(back[0].id == off.id);
    CHECK(back[1].id == hot.id);
    CHECK(back[1].state == alert_state::cleared);
}

TEST_CASE("asic_temp escalates and de-escalates keeping its id", "[alert_rules]") {
    engine_fixture f;
    CHECK(f.at(0s, asic(67.9)).empty());
    const alert warn = f.one(1s, asic(70));
    CHECK(warn.severity == alert_severity::warning);
    CHECK(warn.value == 70.0);
    CHECK(warn.threshold == 68.0);
    CHECK(warn.message == "gamma-1 ASIC temperature 70 C >= 68 C");
    // Escalation inside the cooldown: not a new raise, so never held back.
    const alert crit = f.one(2s, asic(76.2));
    CHECK(crit.id == warn.id);
    CHECK(crit.state == alert_state::raised);
    CHECK(crit.severity == alert_severity::critical);
    CHECK(crit.threshold == 75.0);
    CHECK(crit.message == "gamma-1 ASIC temperature 76.2 C >= 75 C");
    CHECK(crit.raised_at == t0 + 1s);
    CHECK(crit.updated_at == t0 + 2s);
    // Hysteresis: critical until below 75 - 3, warning until below 68 - 3.
    CHECK(f.at(3s, asic(72)).empty());
    const alert back_to_warning = f.one(4s, asic(71.9));
    CHECK(back_to_warning.id == warn.id);
    CHECK(back_to_warning.severity == alert_severity::warning);
    CHECK(f.at(5s, asic(65)).empty());
    const alert cleared = f.one(6s, asic(64.9));
    CHECK(cleared.id == warn.id);
    CHECK(cleared.state == alert_state::cleared);
    CHECK(cleared.threshold == 65.0);
    CHECK(f.engine.active().empty());
}

TEST_CASE("a value past both thresholds raises one critical alert", "[alert_rules]") {
    engine_fixture f;
    const alert a = f.one(0s, asic(80));
    CHECK(a.severity == alert_severity::critical);
    CHECK(f.engine.active().size() == 1);
}

TEST_CASE("asic_temp on a cgminer miner judges the hottest chip on the cgminer thresholds",
          "[alert_rules]") {
    engine_fixture f;
    sw::config::miner_config m;
    m.kind = "cgminer";
    f.rules = sw::config::effective_alerts(alerts_config{}, m);
    auto s = online("s19", miner_kind::cgminer);
    s.reading.temp_c.asic = 80; // the average: normal for these machines
    s.reading.temp_c.chip_max = 94.9;
    CHECK(f.at(0s, s).empty());
    s.reading.temp_c.chip_max = 96;
    const alert a = f.one(1s, s);
    CHECK(a.value == 96.0);
    CHECK(a.threshold == 95.0);
    // Without a per-chip figure the main one is judged.
    s.reading.temp_c.chip_max.reset();
    s.reading.temp_c.asic = 105;
    CHECK(f.one(2s, s).severity == alert_severity::critical);
    // An AxeOS miner is judged on `asic`, not on its hottest sensor.
    engine_fixture axe;
    auto g = asic(60);
    g.reading.temp_c.chip_max = 90;
    CHECK(axe.at(0s, g).empty());
}

TEST_CASE("vr_temp raises and clears with its own margin", "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    s.reading.temp_c.vr = 90;
    const alert a = f.one(0s, s);
    CHECK(a.rule == "vr_temp");
    CHECK(a.message == "gamma-1 VR temperature 90 C >= 90 C");
    s.reading.temp_c.vr = 100.5;
    CHECK(f.one(1s, s).severity == alert_severity::critical);
    s.reading.temp_c.vr = 85;
    CHECK(f.one(2s, s).severity == alert_severity::warning);
    CHECK(f.at(3s, s).empty());
    s.reading.temp_c.vr = 84.9;
    CHECK(f.one(4s, s).state == alert_state::cleared);
}

TEST_CASE("the cooldown holds back a second raise until it has passed", "[alert_rules]") {
    engine_fixture f;
    const alert first = f.one(0s, asic(70));
    CHECK(f.one(1min, asic(60)).state == alert_state::cleared);
    // The condition is back, but the last raise was less than 10 minutes ago.
    CHECK(f.at(2min, asic(70)).empty());
    CHECK(f.at(9min + 59s, asic(80)).empty());
    const alert second = f.one(10min, asic(70));
    CHECK(second.id != first.id);
    CHECK(second.state == alert_state::raised);
    CHECK(second.raised_at == t0 + 10min);
    // A rule's own cooldown wins over [alerts] cooldown.
    engine_fixture quick;
    quick.rules.asic_temp.cooldown = 30s;
    quick.one(0s, asic(70));
    quick.one(10s, asic(60));
    CHECK(quick.at(29s, asic(70)).empty());
    CHECK(quick.one(30s, asic(70)).state == alert_state::raised);
}

TEST_CASE("hashrate_drop raises after the hold and clears with hysteresis", "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    s.reading.expected_hashrate_ghs = 1000;
    s.reading.hashrate_ghs.now = 1100; // only the 10-min average counts
    s.reading.hashrate_ghs.avg_10m = 600;
    CHECK(f.at(0s, s).empty());
    CHECK(f.at(5min, s).empty());
    CHECK(f.at(9min + 59s, s).empty());
    const alert a = f.one(10min, s);
    CHECK(a.rule == "hashrate_drop");
    CHECK(a.severity == alert_severity::warning);
    CHECK(a.value == Approx(60.0));
    CHECK(a.threshold == 70.0);
    CHECK_THAT(a.message, Catch::Contains("60 % of expected 1000 GH/s"));
    s.reading.hashrate_ghs.avg_10m = 749; // above 70 % but below 70 + 5
    CHECK(f.at(11min, s).empty());
    s.reading.hashrate_ghs.avg_10m = 750;
    const alert cleared = f.one(12min, s);
    CHECK(cleared.id == a.id);
    CHECK(cleared.state == alert_state::cleared);
}

TEST_CASE("a hashrate recovery during the hold starts the hold over", "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    s.reading.expected_hashrate_ghs = 1000;
    s.reading.hashrate_ghs.avg_10m = 600;
    CHECK(f.at(0s, s).empty());
    s.reading.hashrate_ghs.avg_10m = 800;
    CHECK(f.at(5min, s).empty());
    s.reading.hashrate_ghs.avg_10m = 600;
    CHECK(f.at(6min, s).empty());
    CHECK(f.at(15min, s).empty());
    CHECK(f.one(16min, s).rule == "hashrate_drop");
}

TEST_CASE("hashrate_drop falls back from avg_10m to avg_15m avg_5m and now", "[alert_rules]") {
    auto run = [](auto fill) {
        engine_fixture f;
        f.rules.hashrate_drop.hold = 0ms;
        auto s = online();
        s.reading.expected_hashrate_ghs = 1000;
        fill(s.reading.hashrate_ghs);
        auto updates = f.at(0s, s);
        return updates.empty() ? -1.0 : updates.front().value.value_or(-2.0);
    };
    CHECK(run([](auto& h) {
              h.avg_15m = 500;
              h.avg_5m = 900;
              h.now = 900;
          })
          == Approx(50.0));
    CHECK(run([](auto& h) {
              h.avg_5m = 400;
              h.now = 900;
          })
          == Approx(40.0));
    CHECK(run([](auto& h) { h.now = 300; }) == Approx(30.0));
    CHECK(run([](auto& h) { h.avg_1h = 100; }) == -1.0); // no usable figure: no judgement
}

TEST_CASE("hashrate_drop without an expected figure compares with the 1-h median",
          "[alert_rules]") {
    engine_fixture f;
    f.rules.hashrate_drop.hold = 0ms;
    auto s = online();
    s.reading.hashrate_ghs.now = 1000;
    s.reading.hashrate_ghs.avg_10m = 1000;
    for (int minute = 0; minute < 9; ++minute) {
        CHECK(f.at(std::chrono::minutes(minute), s).empty());
    }
    // Far below the median, but only 9 minutes of samples so far: not judged yet.
    s.reading.hashrate_ghs.avg_10m = 100;
    CHECK(f.at(9min, s).empty());
    const alert a = f.one(10min, s);
    CHECK(a.value == Approx(10.0));
    CHECK_THAT(a.message, Catch::Contains("of the 1-h median 1000 GH/s"));
}

TEST_CASE("reject_rate waits for min_shares and clears with hysteresis", "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    auto shares = [&](std::int64_t accepted, std::int64_t rejected) {
        s.reading.shares.accepted = accepted;
        s.reading.shares.rejected = rejected;
        return s;
    };
    CHECK(f.at(0s, shares(1000, 0)).empty());
    CHECK(f.at(1min, shares(1010, 1)).empty());   // 9 % but only 11 shares in the window
    const alert a = f.one(2min, shares(1018, 2)); // 2 of 20: 10 %
    CHECK(a.rule == "reject_rate");
    CHECK(a.value == Approx(10.0));
    CHECK(a.threshold == 5.0);
    CHECK(f.at(3min, shares(1072, 4)).empty());         // 5.3 %
    CHECK(f.at(4min, shares(1094, 4)).empty());         // 4.08 %: below 5 but not <= 4
    const alert cleared = f.one(5min, shares(1100, 4)); // 3.85 %
    CHECK(cleared.id == a.id);
    CHECK(cleared.state == alert_state::cleared);
}

TEST_CASE("reject_rate forgets shares older than the window", "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    auto shares = [&](std::int64_t accepted, std::int64_t rejected) {
        s.reading.shares.accepted = accepted;
        s.reading.shares.rejected = rejected;
        return s;
    };
    CHECK(f.at(0s, shares(0, 0)).empty());
    CHECK(f.one(10min, shares(100, 20)).state == alert_state::raised);
    CHECK(f.at(20min, shares(200, 20)).empty()); // 20 of 220 since t0: still 9 %
    // The window (30 min) now starts after the rejects: 0 of 200.
    CHECK(f.one(41min, shares(400, 20)).state == alert_state::cleared);
}

TEST_CASE("a share counter going down restarts the reject window", "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    auto shares = [&](std::int64_t accepted, std::int64_t rejected) {
        s.reading.shares.accepted = accepted;
        s.reading.shares.rejected = rejected;
        return s;
    };
    CHECK(f.at(0s, shares(1000, 0)).empty());
    CHECK(f.at(1min, shares(10, 5)).empty()); // restarted: the window starts here
    CHECK(f.at(2min, shares(20, 5)).empty()); // 10 shares since
    const alert a = f.one(3min, shares(30, 10));
    CHECK(a.value == Approx(20.0)); // 5 of 25 since the restart
}

TEST_CASE("fallback_pool raises while the fallback is active", "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    s.reading.pool.fallback_active = true;
    s.reading.pool.url = "stratum+tcp://backup.example:3333";
    const alert a = f.one(0s, s);
    CHECK(a.rule == "fallback_pool");
    CHECK(a.severity == alert_severity::warning);
    CHECK_THAT(a.message, Catch::Contains("backup.example"));
    s.reading.pool.fallback_active.reset(); // not reported: no news
    CHECK(f.at(1s, s).empty());
    s.reading.pool.fallback_active = false;
    CHECK(f.one(2s, s).state == alert_state::cleared);
}

TEST_CASE("fault lists the faults and clears when none remain", "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    s.reading.faults = {"overheat", "power_fault: input voltage low"};
    const alert a = f.one(0s, s);
    CHECK(a.rule == "fault");
    CHECK(a.severity == alert_severity::critical);
    CHECK(a.message == "gamma-1 fault: overheat, power_fault: input voltage low");
    CHECK(f.at(1s, s).empty());
    s.reading.faults.clear();
    CHECK(f.one(2s, s).state == alert_state::cleared);
}

TEST_CASE("restart is an event with the reset reason that respects its cooldown", "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    s.restarted = true;
    s.reading.uptime_s = 12;
    s.reading.reset_reason = "brownout";
    const alert a = f.one(0s, s);
    CHECK(a.rule == "restart");
    CHECK(a.event);
    CHECK(a.state == alert_state::raised);
    CHECK(a.message == "gamma-1 restarted (reset reason: brownout)");
    CHECK(a.value == 12.0);
    CHECK(f.engine.active().empty()); // events are never active
    s.restarted = false;
    CHECK(f.at(5s, s).empty()); // and never cleared
    s.restarted = true;
    CHECK(f.at(5min, s).empty()); // within the 10 min cooldown
    const alert again = f.one(10min, s);
    CHECK(again.id != a.id);
}

TEST_CASE("new_best fires when the best goes up but not on the first observation",
          "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    s.reading.best_difficulty.all_time = 1e9;
    s.reading.best_difficulty.session = 5e8;
    CHECK(f.at(0s, s).empty());
    CHECK(f.at(1s, s).empty());
    s.reading.best_difficulty.all_time = 2.134873562e9;
    const alert a = f.one(2s, s);
    CHECK(a.rule == "new_best");
    CHECK(a.event);
    CHECK(a.severity == alert_severity::info);
    CHECK(a.value == 2.134873562e9);
    CHECK(a.threshold == 1e9);
    CHECK(a.message == "gamma-1 new best difficulty 2.13G (was 1G)");
    CHECK(f.at(3s, s).empty());
    // Its cooldown is 0: the next better share fires at once.
    s.reading.best_difficulty.all_time = 3e9;
    CHECK(f.one(4s, s).value == 3e9);
}

TEST_CASE("new_best on a cgminer miner follows the highest session best seen", "[alert_rules]") {
    engine_fixture f;
    auto s = online("nano", miner_kind::cgminer);
    s.reading.best_difficulty.session = 5e6;
    CHECK(f.at(0s, s).empty());
    s.reading.best_difficulty.session = 1e6; // restarted: the session best starts over
    CHECK(f.at(1min, s).empty());
    s.reading.best_difficulty.session = 4e6;
    CHECK(f.at(2min, s).empty());
    s.reading.best_difficulty.session = 6e6;
    CHECK(f.one(3min, s).threshold == 5e6);
}

TEST_CASE("block_found fires when the block count goes up but not on the first observation",
          "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    s.reading.blocks_found = 1;
    CHECK(f.at(0s, s).empty());
    s.reading.blocks_found = 2;
    const alert a = f.one(1s, s);
    CHECK(a.rule == "block_found");
    CHECK(a.event);
    CHECK(a.severity == alert_severity::critical);
    CHECK(a.value == 2.0);
    CHECK(f.at(2s, s).empty());
}

TEST_CASE("block_found fires once for a best share at or above the network difficulty",
          "[alert_rules]") {
    engine_fixture f;
    auto s = online();
    s.reading.network.difficulty = 1e12;
    s.reading.best_difficulty.all_time = 1e9;
    CHECK(f.at(0s, s).empty());
    s.reading.best_difficulty.all_time = 2e12;
    const auto updates = f.at(1s, s);
    REQUIRE(updates.size() == 2);
    CHECK(updates[0].rule == "new_best");
    CHECK(updates[1].rule == "block_found");
    CHECK(updates[1].value == 2e12);
    CHECK(updates[1].threshold == 1e12);
    CHECK(f.at(2s, s).empty());
    // A miner that reports no network difficulty is judged on [network] difficulty.
    engine_fixture g;
    g.engine.set_network_difficulty(5e9);
    auto c = online("nano", miner_kind::cgminer);
    c.reading.best_difficulty.session = 1e9;
    CHECK(g.at(0s, c).empty());
    c.reading.best_difficulty.session = 4e9; // a new best, below the network
    CHECK(g.one(1s, c).rule == "new_best");
    c.reading.best_difficulty.session = 5e9;
    CHECK(g.at(2s, c).size() == 2);
}

TEST_CASE("a disabled rule raises nothing and disabling an active rule clears it",
          "[alert_rules]") {
    engine_fixture f;
    f.rules.asic_temp.enabled = false;
    CHECK(f.at(0s, asic(80)).empty());
    f.rules.asic_temp.enabled = true;
    const alert a = f.one(1s, asic(80));
    f.rules.asic_temp.enabled = false; // a reload
    const alert cleared = f.one(2s, asic(80));
    CHECK(cleared.id == a.id);
    CHECK(cleared.state == alert_state::cleared);
    CHECK_THAT(cleared.message, Catch::Contains("disabled"));
    // reconfigure() clears without a snapshot, e.g. for a miner that stays offline.
    const alert off = f.one(3s, offline());
    f.rules.offline.enabled = false;
    const auto updates = f.engine.reconfigure("gamma-1", f.rules, t0 + 4s);
    REQUIRE(updates.size() == 1);
    CHECK(updates[0].id == off.id);
    CHECK(updates[0].state == alert_state::cleared);
    CHECK(f.engine.reconfigure("unknown", f.rules, t0 + 4s).empty());
    // Events are tracked while disabled: enabling later does not fire on old news.
    engine_fixture e;
    e.rules.new_best.enabled = false;
    auto s = online();
    s.reading.best_difficulty.all_time = 1e9;
    e.at(0s, s);
    s.reading.best_difficulty.all_time = 2e9;
    CHECK(e.at(1s, s).empty());
    e.rules.new_best.enabled = true;
    CHECK(e.at(2s, s).empty());
}

TEST_CASE("per-miner overrides change the rules of that miner only", "[alert_rules]") {
    const auto cfg = sw::config::parse_config(R"(
[[miners]]
name = "gamma-1"
kind = "axeos"
host = "10.0.0.1"
[miners.alerts.asic_temp]
warning = 72.0
[miners.alerts.fault]
enabled = false

[[miners]]
name = "gamma-2"
kind = "axeos"
host = "10.0.0.2"
)",
                                              "t.toml");
    REQUIRE(cfg);
    const auto one = sw::config::effective_alerts(cfg->alerts, cfg->miners[0]);
    const auto two = sw::config::effective_alerts(cfg->alerts, cfg->miners[1]);
    alert_rules engine{100};
    auto hot1 = asic(70, "gamma-1");
    hot1.reading.faults = {"overheat"};
    auto hot2 = asic(70, "gamma-2");
    hot2.reading.faults = {"overheat"};
    CHECK(engine.evaluate(hot1, one, t0).empty());
    const auto updates = engine.evaluate(hot2, two, t0);
    REQUIRE(updates.size() == 2);
    CHECK(updates[0].miner_name == "gamma-2");
    CHECK(updates[0].rule == "asic_temp");
    CHECK(updates[1].rule == "fault");
}

TEST_CASE("history keeps the last history_size updates oldest first", "[alert_rules]") {
    alert_rules engine{3};
    alerts_config rules;
    rules.asic_temp.cooldown = 0ms;
    for (int i = 0; i < 3; ++i) {
        engine.evaluate(asic(70), rules, t0 + std::chrono::minutes(2 * i));
        engine.evaluate(asic(60), rules, t0 + std::chrono::minutes(2 * i + 1));
    }
    REQUIRE(engine.history().size() == 3);
    CHECK(engine.history()[0].state == alert_state::cleared);
    CHECK(engine.history()[0].updated_at == t0 + 3min);
    CHECK(engine.history()[1].updated_at == t0 + 4min);
    CHECK(engine.history()[2].updated_at == t0 + 5min);
    engine.set_history_size(1);
    REQUIRE(engine.history().size() == 1);
    CHECK(engine.history()[0].updated_at == t0 + 5min);
}

TEST_CASE("forget clears the removed miner's alerts and drops its state", "[alert_rules]") {
    engine_fixture f;
    auto s = asic(70);
    s.reading.faults = {"overheat"};
    s.reading.best_difficulty.all_time = 1e9;
    CHECK(f.at(0s, s).size() == 2);
    const auto cleared = f.engine.forget("gamma-1", t0 + 1min);
    REQUIRE(cleared.size() == 2);
    for (const auto& a : cleared) {
        CHECK(a.state == alert_state::cleared);
        CHECK(a.message == "gamma-1 was removed from the configuration");
    }
    CHECK(f.engine.active().empty());
    CHECK(f.engine.forget("gamma-1", t0 + 2min).empty());
    // Added again: a fresh start, so its best is a first observation again.
    s.reading.best_difficulty.all_time = 2e9;
    const auto again = f.at(3min, s);
    REQUIRE(again.size() == 2);
    CHECK(again[0].rule == "asic_temp");
    CHECK(again[1].rule == "fault");
}

TEST_CASE("active lists alerts across miners oldest raise first", "[alert_rules]") {
    engine_fixture f;
    f.at(0s, asic(70, "b"));
    f.at(1s, asic(70, "a"));
    auto s = asic(70, "b");
    s.reading.faults = {"paused"};
    f.at(2s, s);
    const auto active = f.engine.active();
    REQUIRE(active.size() == 3);
    CHECK(active[0].miner_name == "b");
    CHECK(active[1].miner_name == "a");
    CHECK(active[2].rule == "fault");
}

TEST_CASE("to_json carries the protocol fields with RFC 3339 times", "[alert_rules]") {
    engine_fixture f;
    const auto raised = f.one(5001ms, asic(76.2));
    const auto j = to_json(raised);
    CHECK(j.at("id") == raised.id);
    CHECK(j.at("miner_id") == "a4:cf:12:9b:00:01");
    CHECK(j.at("miner_name") == "gamma-1");
    CHECK(j.at("rule") == "asic_temp");
    CHECK(j.at("severity") == "critical");
    CHECK(j.at("state") == "raised");
    CHECK(j.at("event") == false);
    CHECK(j.at("value") == 76.2);
    CHECK(j.at("threshold") == 75.0);
    CHECK(j.at("message") == "gamma-1 ASIC temperature 76.2 C >= 75 C");
    CHECK(j.at("raised_at") == "2026-11-26T12:00:05.001Z");
    CHECK(j.at("cleared_at").is_null());
    const auto cleared = to_json(f.one(6s, asic(60)));
    CHECK(cleared.at("state") == "cleared");
    CHECK(cleared.at("raised_at") == "2026-11-26T12:00:05.001Z");
    CHECK(cleared.at("cleared_at") == "2026-11-26T12:00:06.000Z");
    alert bare;
    bare.rule = "restart";
    bare.event = true;
    const auto event = to_json(bare);
    CHECK(event.at("value").is_null());
    CHECK(event.at("threshold").is_null());
    CHECK(event.at("severity") == "warning");
}

TEST_CASE("severities and states have their protocol names", "[alert_rules]") {
    CHECK(to_string(alert_severity::info) == "info");
    CHECK(to_string(alert_severity::critical) == "critical");
    CHECK(to_string(alert_state::cleared) == "cleared");
    CHECK(parse_severity("warning") == alert_severity::warning);
    CHECK_FALSE(parse_severity("warn"));
}
