// [metrics], [network], [alerts] with its rule tables, per-miner overrides and
// effective_alerts: defaults, ranges by line, unknown names, round trip, merging.
#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "config/helpers.hpp"

using Catch::Contains;
using sw::config::alert_rule_config;
using sw::config::alerts_config;
using sw::config::config;
using sw::config::effective_alerts;
using sw::config::miner_config;
using sw::config::test::accepted;
using sw::config::test::refused;
using sw::config::test::refused_once;
using namespace std::chrono_literals;

TEST_CASE("metrics network and alerts default to the documented values") {
    const config cfg = accepted("");
    CHECK(cfg.metrics.publish_interval == 1s);
    CHECK(cfg.network.difficulty == 0.0);
    const alerts_config& a = cfg.alerts;
    CHECK(a.cooldown == 10min);
    CHECK(a.history_size == 500);
    for (const auto id : sw::config::alert_rule_ids) {
        INFO(id);
        REQUIRE(a.rule(id) != nullptr);
        CHECK(a.rule(id)->enabled);
    }
    CHECK(a.rule("nope") == nullptr);
    CHECK(a.offline.severity == "critical");
    CHECK_FALSE(a.offline.cooldown);
    CHECK(a.asic_temp.warning == 68.0);
    CHECK(a.asic_temp.critical == 75.0);
    CHECK(a.asic_temp.cgminer_warning == 95.0);
    CHECK(a.asic_temp.cgminer_critical == 105.0);
    CHECK(a.asic_temp.clear_margin == 3.0);
    CHECK(a.vr_temp.warning == 90.0);
    CHECK(a.vr_temp.critical == 100.0);
    CHECK(a.vr_temp.clear_margin == 5.0);
    CHECK(a.hashrate_drop.severity == "warning");
    CHECK(a.hashrate_drop.percent == 70.0);
    CHECK(a.hashrate_drop.hold == 10min);
    CHECK(a.hashrate_drop.clear_margin == 5.0);
    CHECK(a.reject_rate.severity == "warning");
    CHECK(a.reject_rate.percent == 5.0);
    CHECK(a.reject_rate.window == 30min);
    CHECK(a.reject_rate.clear_margin == 1.0);
    CHECK(a.reject_rate.min_shares == 20);
    CHECK(a.restart.severity == "warning");
    CHECK(a.fallback_pool.severity == "warning");
    CHECK(a.fault.severity == "critical");
    CHECK(a.new_best.severity == "info");
    CHECK(a.new_best.cooldown == 0ms);
    CHECK(a.block_found.severity == "critical");
    CHECK(a.block_found.cooldown == 0ms);
    CHECK(cfg.notify.empty());
}

TEST_CASE("every alert key is read into its field") {
    const config cfg = accepted(R"(
[metrics]
publish_interval = "250ms"

[network]
difficulty = 126410000000000

[alerts]
cooldown = "5m"
history_size = 42

[alerts.offline]
enabled = false
cooldown = "1m"
severity = "warning"

[alerts.asic_temp]
warning = 60
critical = 70.5
cgminer_warning = 90
cgminer_critical = 100
clear_margin = 2

[alerts.vr_temp]
warning = 80
critical = 95
clear_margin = 4

[alerts.hashrate_drop]
severity = "critical"
percent = 50
hold = "15m"
clear_margin = 10

[alerts.reject_rate]
percent = 8
window = "1h"
clear_margin = 2
min_shares = 0

[alerts.new_best]
cooldown = "30s"
severity = "warning"
)");
    CHECK(cfg.metrics.publish_interval == 250ms);
    CHECK(cfg.network.difficulty == 126410000000000.0);
    const alerts_config& a = cfg.alerts;
    CHECK(a.cooldown == 5min);
    CHECK(a.history_size == 42);
    CHECK_FALSE(a.offline.enabled);
    CHECK(a.offline.cooldown == 1min);
    CHECK(a.offline.severity == "warning");
    CHECK(a.asic_temp.warning == 60.0);
    CHECK(a.asic_temp.critical == 70.5);
    CHECK(a.asic_temp.cgminer_warning == 90.0);
    CHECK(a.asic_temp.cgminer_critical == 100.0);
    CHECK(a.asic_temp.clear_margin == 2.0);
    CHECK(a.vr_temp.warning == 80.0);
    CHECK(a.vr_temp.critical == 95.0);
    CHECK(a.vr_temp.clear_margin == 4.0);
    CHECK(a.hashrate_drop.severity == "critical");
    CHECK(a.hashrate_drop.percent == 50.0);
    CHECK(a.hashrate_drop.hold == 15min);
    CHECK(a.hashrate_drop.clear_margin == 10.0);
    CHECK(a.reject_rate.percent == 8.0);
    CHECK(a.reject_rate.window == 1h);
    CHECK(a.reject_rate.clear_margin == 2.0);
    CHECK(a.reject_rate.min_shares == 0);
    CHECK(a.new_best.cooldown == 30s);
    CHECK(a.new_best.severity == "warning");
    // Untouched rules keep their defaults.
    CHECK(a.fault == alerts_config{}.fault);
}

TEST_CASE("each new key out of range is refused at its line with the range") {
    struct bad {
        const char* text;
        const char* key;
        const char* says;
    };

    const auto [text, key, says] = GENERATE(values<bad>({
        {"[metrics]\npublish_interval = \"9ms\"\n", "metrics.publish_interval", "at least 10ms"},
        {"[network]\ndifficulty = -1\n", "network.difficulty", "of at least 0"},
        {"[network]\ndifficulty = \"126T\"\n", "network.difficulty", "is not a number"},
        {"[alerts]\ncooldown = \"-1s\"\n", "alerts.cooldown", "cannot be negative"},
        {"[alerts]\nhistory_size = 0\n", "alerts.history_size", "from 1 to 100000"},
        {"[alerts]\nhistory_size = 100001\n", "alerts.history_size", "from 1 to 100000"},
        {"[alerts.offline]\nenabled = \"yes\"\n", "alerts.offline.enabled", "not a boolean"},
        {"[alerts.offline]\nseverity = \"high\"\n",
         "alerts.offline.severity",
         "expected one of info|warning|critical"},
        {"[alerts.new_best]\nseverity = \"waring\"\n",
         "alerts.new_best.severity",
         "did you mean 'warning'?"},
        {"[alerts.fault]\ncooldown = 5\n", "alerts.fault.cooldown", "is not a duration"},
        {"[alerts.asic_temp]\nwarning = 151\n", "alerts.asic_temp.warning", "from 0 to 150"},
        {"[alerts.asic_temp]\ncritical = -1\n", "alerts.asic_temp.critical", "from 0 to 150"},
        {"[alerts.asic_temp]\ncgminer_warning = 200\n",
         "alerts.asic_temp.cgminer_warning",
         "from 0 to 150"},
        {"[alerts.asic_temp]\ncgminer_critical = nan\n",
         "alerts.asic_temp.cgminer_critical",
         "out of range"},
        {"[alerts.asic_temp]\nclear_margin = 101\n",
         "alerts.asic_temp.clear_margin",
         "from 0 to 100"},
        {"[alerts.vr_temp]\ncritical = \"hot\"\n", "alerts.vr_temp.critical", "is not a number"},
        {"[alerts.hashrate_drop]\npercent = 100.5\n",
         "alerts.hashrate_drop.percent",
         "from 0 to 100"},
        {"[alerts.hashrate_drop]\nhold = \"10\"\n", "alerts.hashrate_drop.hold", "duration"},
        {"[alerts.reject_rate]\nwindow = \"500ms\"\n", "alerts.reject_rate.window", "at least 1s"},
        {"[alerts.reject_rate]\nmin_shares = 1000001\n",
         "alerts.reject_rate.min_shares",
         "from 0 to 1000000"},
        {"[alerts.reject_rate]\nmin_shares = 2.5\n",
         "alerts.reject_rate.min_shares",
         "not an integer"},
    }));
    INFO(text);
    const auto e = refused_once(text);
    CHECK(e.line == 2);
    CHECK(e.key == key);
    CHECK_THAT(e.message, Contains(says));
}

TEST_CASE("crossed thresholds are refused at the key that has to change") {
    const auto e = refused_once("[alerts.asic_temp]\nwarning = 70\ncritical = 69\n");
    CHECK(e.line == 3);
    CHECK(e.key == "alerts.asic_temp.critical");
    CHECK(e.message == "critical (69) must be at least warning (70)");
    // Only the warning is in the file: it is the one to change.
    const auto low = refused_once("[alerts.vr_temp]\n\nwarning = 101\n");
    CHECK(low.line == 3);
    CHECK(low.key == "alerts.vr_temp.warning");
    const auto cg = refused_once("[alerts.asic_temp]\ncgminer_critical = 90\n");
    CHECK(cg.key == "alerts.asic_temp.cgminer_critical");
    CHECK_THAT(cg.message, Contains("at least cgminer_warning (95)"));
    CHECK(accepted("alerts.asic_temp.critical = 68").alerts.asic_temp.critical == 68.0);
}

TEST_CASE("a reject clear_margin above the percent is refused as never clearing") {
    const auto e = refused_once("[alerts.reject_rate]\npercent = 2\nclear_margin = 3\n");
    CHECK(e.line == 3);
    CHECK(e.key == "alerts.reject_rate.clear_margin");
    CHECK_THAT(e.message, Contains("could never clear"));
}

TEST_CASE("unknown keys and rules under alerts are refused with a suggestion") {
    const auto typo = refused_once("[alerts.asic_temp]\nwarnin = 60\n");
    CHECK(typo.line == 2);
    CHECK(typo.key == "alerts.asic_temp.warnin");
    CHECK(typo.message == "unknown key 'warnin' (did you mean 'warning'?)");
    // A key of another rule: the message lists what this rule takes.
    const auto other = refused_once("[alerts.offline]\nhold = \"5m\"\n");
    CHECK(other.message == "unknown key 'hold' (offline takes: enabled cooldown severity)");
    const auto severity = refused_once("[alerts.asic_temp]\nseverity = \"critical\"\n");
    CHECK_THAT(severity.message, Contains("asic_temp takes: enabled cooldown warning critical"));
    const auto rule = refused_once("[alerts]\n[alerts.asic_tmp]\nwarning = 60\n");
    CHECK(rule.line == 2);
    CHECK(rule.key == "alerts.asic_tmp");
    CHECK(rule.message == "unknown alert rule 'asic_tmp' (did you mean 'asic_temp'?)");
    CHECK(refused_once("alerts.cooldwn = \"1m\"").message
          == "unknown key 'cooldwn' (did you mean 'cooldown'?)");
    CHECK(refused_once("[alerts]\nhashrate_drop = 0.5\n").message
          == "0.5 is not a table: expected a [alerts.hashrate_drop] table");
    CHECK_THAT(refused_once("[alerts.jackpot]\n").message, Contains("(rules: offline asic_temp"));
    CHECK(refused_once("history_size = 10").message
          == "unknown key 'history_size' (it belongs in [alerts])");
    CHECK(refused_once("[asic_temp]\nwarning = 60\n").message
          == "unknown table 'asic_temp' (it belongs in [alerts.asic_temp])");
}

namespace {

const char* two_miners = R"(
[[miners]]
name = "gamma"
kind = "axeos"
host = "10.0.0.1"

[miners.alerts.asic_temp]
critical = 72
clear_margin = 1.5

[miners.alerts.new_best]
enabled = false

[[miners]]
name = "nano"
kind = "cgminer"
host = "10.0.0.2"

[miners.alerts.reject_rate]
cooldown = "1h"
min_shares = 100
)";

} // namespace

TEST_CASE("per-miner overrides are read into their miner") {
    const config cfg = accepted(two_miners);
    REQUIRE(cfg.miners.size() == 2);
    const auto& gamma = cfg.miners[0].alerts;
    REQUIRE(gamma.size() == 2);
    CHECK(gamma.at("asic_temp").critical == 72.0);
    CHECK(gamma.at("asic_temp").clear_margin == 1.5);
    CHECK_FALSE(gamma.at("asic_temp").warning);
    CHECK(gamma.at("new_best").enabled == false);
    const auto& nano = cfg.miners[1].alerts;
    REQUIRE(nano.size() == 1);
    CHECK(nano.at("reject_rate").cooldown == 1h);
    CHECK(nano.at("reject_rate").min_shares == 100);
    // Inline tables say the same thing.
    const config inline_form = accepted(R"([[miners]]
name = "a"
kind = "axeos"
host = "h"
alerts = { offline = { severity = "warning" } }
)");
    CHECK(inline_form.miners[0].alerts.at("offline").severity == "warning");
}

TEST_CASE("an unknown rule name in a miner's overrides is refused at its line") {
    const auto errors = refused(R"([[miners]]
name = "a"
kind = "axeos"
host = "h"

[miners.alerts.asic_tmp]
warning = 60

[miners.alerts.vr_temp]
percent = 5
)");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].line == 6);
    CHECK(errors[0].key == "miners[0].alerts.asic_tmp");
    CHECK(errors[0].message == "unknown alert rule 'asic_tmp' (did you mean 'asic_temp'?)");
    CHECK(errors[1].line == 10);
    CHECK(errors[1].key == "miners[0].alerts.vr_temp.percent");
    CHECK_THAT(errors[1].message, Contains("vr_temp takes:"));
    CHECK_THAT(
        refused_once("[[miners]]\nname = \"a\"\nkind = \"axeos\"\nhost = \"h\"\nalerts = 1\n")
            .message,
        Contains("is not a table"));
}

TEST_CASE("an override out of range is refused with the miner's key") {
    const auto e = refused_once(R"([[miners]]
name = "a"
kind = "axeos"
host = "h"
[miners.alerts.hashrate_drop]
hold = "soon"
)");
    CHECK(e.line == 6);
    CHECK(e.key == "miners[0].alerts.hashrate_drop.hold");
}

TEST_CASE("a miner override that crosses the effective thresholds is refused at the miner") {
    // A cgminer miner's effective critical is cgminer_critical (105): warning 110 crosses it.
    const auto e = refused_once(R"([[miners]]
name = "s19"
kind = "cgminer"
host = "h"
[miners.alerts.asic_temp]
warning = 110
)");
    CHECK(e.line == 6);
    CHECK(e.key == "miners[0].alerts.asic_temp.warning");
    CHECK(e.message == "critical (105) must be at least warning (110)");
    // The same override on an AxeOS miner crosses the AxeOS critical (75).
    CHECK_THAT(refused_once("[[miners]]\nname = \"g\"\nkind = \"axeos\"\nhost = \"h\"\n"
                            "alerts.asic_temp.warning = 80\n")
                   .message,
               Contains("critical (75)"));
}

TEST_CASE("a bad global pair is reported once and not again for each miner") {
    const auto errors = refused(R"([alerts.vr_temp]
critical = 80

[[miners]]
name = "a"
kind = "axeos"
host = "h"
[miners.alerts.vr_temp]
enabled = false

[[miners]]
name = "b"
kind = "axeos"
host = "h2"
[miners.alerts.new_best]
enabled = false
)");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].key == "alerts.vr_temp.critical");
}

TEST_CASE("effective_alerts merges a miner's overrides over the global rules") {
    config cfg = accepted(std::string("[alerts]\ncooldown = \"5m\"\n[alerts.offline]\n"
                                      "cooldown = \"1m\"\n")
                          + two_miners);
    const alerts_config gamma = effective_alerts(cfg.alerts, cfg.miners[0]);
    CHECK(gamma.asic_temp.warning == 68.0);
    CHECK(gamma.asic_temp.critical == 72.0);
    CHECK(gamma.asic_temp.clear_margin == 1.5);
    CHECK_FALSE(gamma.new_best.enabled);
    CHECK(gamma.new_best.cooldown == 0ms);
    // Every cooldown is resolved: the rule's own, else the [alerts] cooldown.
    CHECK(gamma.offline.cooldown == 1min);
    CHECK(gamma.asic_temp.cooldown == 5min);
    CHECK(gamma.block_found.cooldown == 0ms);
    CHECK(gamma.reject_rate == [&] {
        alert_rule_config r = cfg.alerts.reject_rate;
        r.cooldown = 5min;
        return r;
    }());

    const alerts_config nano = effective_alerts(cfg.alerts, cfg.miners[1]);
    // A cgminer miner gets the cgminer pair as its asic_temp thresholds.
    CHECK(nano.asic_temp.warning == 95.0);
    CHECK(nano.asic_temp.critical == 105.0);
    CHECK(nano.reject_rate.cooldown == 1h);
    CHECK(nano.reject_rate.min_shares == 100);
    CHECK(nano.reject_rate.percent == 5.0);
    CHECK(nano.new_best.enabled);
    CHECK(nano.history_size == cfg.alerts.history_size);
}

TEST_CASE("effective_alerts on a cgminer miner prefers its own warning and critical") {
    alerts_config global;
    miner_config m;
    m.kind = "cgminer";
    m.alerts["asic_temp"].warning = 80.0;
    alerts_config eff = effective_alerts(global, m);
    CHECK(eff.asic_temp.warning == 80.0);
    CHECK(eff.asic_temp.critical == 105.0);
    m.alerts["asic_temp"].cgminer_critical = 99.0;
    eff = effective_alerts(global, m);
    CHECK(eff.asic_temp.critical == 99.0);
    m.alerts["asic_temp"].critical = 90.0;
    eff = effective_alerts(global, m);
    CHECK(eff.asic_temp.critical == 90.0);
    // An AxeOS miner never uses the cgminer pair.
    m.kind = "axeos";
    m.alerts.clear();
    m.alerts["asic_temp"].cgminer_warning = 10.0;
    eff = effective_alerts(global, m);
    CHECK(eff.asic_temp.warning == 68.0);
}

TEST_CASE("to_toml writes alert rules and overrides that read back equal") {
    config cfg;
    cfg.source_path = "round.toml";
    cfg.metrics.publish_interval = 1500ms;
    cfg.network.difficulty = 1.2641e14;
    cfg.alerts.cooldown = 90s;
    cfg.alerts.history_size = 7;
    cfg.alerts.offline.enabled = false;
    cfg.alerts.offline.cooldown = 0ms;
    cfg.alerts.asic_temp = {.enabled = true,
                            .cooldown = 2min,
                            .warning = 61.5,
                            .critical = 70.0,
                            .cgminer_warning = 80.0,
                            .cgminer_critical = 99.25,
                            .clear_margin = 0.5};
    cfg.alerts.hashrate_drop.hold = 0ms;
    cfg.alerts.hashrate_drop.percent = 1.0 / 3.0;
    cfg.alerts.reject_rate.window = 5s;
    cfg.alerts.reject_rate.min_shares = 0;
    cfg.alerts.restart.cooldown = 3h;
    cfg.alerts.block_found.severity = "warning";
    miner_config m;
    m.name = "s19";
    m.kind = "cgminer";
    m.host = "10.0.0.9";
    m.port = 4028;
    m.alerts["asic_temp"].warning = 90.0;
    m.alerts["asic_temp"].cooldown = 1h;
    m.alerts["reject_rate"].min_shares = 5;
    m.alerts["reject_rate"].window = 10min;
    m.alerts["fault"] = {}; // an empty override table survives too
    m.alerts["offline"].enabled = true;
    m.alerts["offline"].severity = "info";
    cfg.miners.push_back(m);

    const std::string text = sw::config::to_toml(cfg);
    INFO(text);
    const auto again = sw::config::parse_config(text, "round.toml");
    REQUIRE(again);
    CHECK(*again == cfg);
    CHECK_THAT(text, Contains("[miners.alerts.asic_temp]\ncooldown = \"1h\"\nwarning = 90.0\n"));
    CHECK_THAT(text, Contains("[alerts.fault]\nenabled = true\n# cooldown: the [alerts]"));
    CHECK_THAT(text, Contains("[network]\ndifficulty = 126410000000000.0\n"));
}
