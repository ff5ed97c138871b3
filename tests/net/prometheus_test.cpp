#include "net/prometheus.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

using namespace sw::net;
using sw::miners::miner_kind;
using sw::miners::miner_snapshot;

namespace {

/// MINERS.md section 3's Bitaxe, a cgminer-family S21 and an offline NerdQAxe whose reading
/// is all nulls.
std::vector<miner_snapshot> three_miners() {
    miner_snapshot gamma;
    gamma.id = "a4:cf:12:9b:00:01";
    gamma.name = "gamma-1";
    gamma.host = "192.168.1.50";
    gamma.online = true;
    auto& g = gamma.reading;
    g.make = "Bitaxe";
    g.model = "Gamma";
    g.firmware = "v2.15.0";
    g.uptime_s = 86400;
    g.hashrate_ghs.now = 1093.5;
    g.hashrate_ghs.avg_1m = 1102.3;
    g.hashrate_ghs.avg_10m = 1079.0;
    g.expected_hashrate_ghs = 1071.0;
    g.power_w = 17.84;
    g.temp_c.asic = 58.6;
    g.temp_c.vr = 52.0;
    g.fans = {{4315, 43.0}};
    g.shares = {48213, 31, std::nullopt, std::nullopt};
    g.best_difficulty = {2134873562.0, 412553961.0};
    g.blocks_found = 0;
    g.network.difficulty = 126.41e12;

    miner_snapshot s21;
    s21.id = "s21 \"garage\"\\north"; // configured name as id: quotes and backslash to escape
    s21.name = s21.id;
    s21.host = "192.168.1.60";
    s21.kind = miner_kind::cgminer;
    s21.online = true;
    auto& s = s21.reading;
    s.make = "Antminer";
    s.model = "S21";
    s.uptime_s = 3600;
    s.hashrate_ghs.now = 201234.5;
    s.hashrate_ghs.avg_5m = 200100.0;
    s.temp_c = {72.0, std::nullopt, std::nullopt, 81.0, 66.0};
    s.fans = {{5880, std::nullopt}, {5940, std::nullopt}, {std::nullopt, 60.0}, {6000, 70.0}};
    s.shares.accepted = 9120;
    s.shares.rejected = 4;
    s.best_difficulty.session = 7.3e10;

    miner_snapshot nerd;
    nerd.id = "nerd-1";
    nerd.name = "nerd-1";
    nerd.host = "192.168.1.70";
    nerd.online = false;
    nerd.last_error = "timeout";
    return {gamma, s21, nerd};
}

sw::miners::fleet_totals fleet_of(const std::vector<miner_snapshot>& miners) {
    using namespace std::chrono;
    sw::miners::best_tracker best(sw::miners::fixed_offset_day_start(hours(0)));
    std::vector<const miner_snapshot*> ptrs;
    const auto now = sys_days{year{2026} / 11 / 26} + hours(12); // fixed: "today" must not flake
    for (const auto& m : miners) {
        best.observe(m, now);
        ptrs.push_back(&m);
    }
    return sw::miners::compute_fleet_totals(ptrs, std::nullopt, best, now);
}

server_figures busy_server() {
    server_figures s;
    s.uptime_seconds = 5025.25;
    s.connections_open = 12;
    s.connections_refused = {{"limit", 3}, {"origin", 1}, {"per_ip", 0}, {"accept_rate", 7}};
    s.connections_closed = {{"client", 40}, {"slow", 2}};
    s.topics = {{"miners", 5, 1200, 3400000}, {"metrics", 7, 600, 200000}};
    s.frames_dropped = 9;
    s.frames_conflated = 31;
    s.http_requests = 77;
    s.polls = {{"gamma-1", 1000, 2, 0}, {"nerd-1", 10, 990, 5}};
    s.mailbox_high_water = {{"fleet", 4}, {"topic_registry", 17}};
    return s; // resident_bytes unknown
}

std::string rendered() {
    const auto miners = three_miners();
    return render_metrics(miners, fleet_of(miners), busy_server());
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

std::string metric_name(const std::string& sample_line) {
    return sample_line.substr(0, sample_line.find_first_of("{ "));
}

/// The sample lines of the metric `name`.
std::vector<std::string> samples_of(const std::string& text, const std::string& name) {
    std::vector<std::string> out;
    for (const auto& line : lines_of(text)) {
        if (!line.starts_with('#') && metric_name(line) == name) {
            out.push_back(line);
        }
    }
    return out;
}

double value_of(const std::string& sample_line) {
    return std::stod(sample_line.substr(sample_line.rfind(' ') + 1));
}

struct run_result {
    int exit_code = -1;
    std::string output;
};

/// Runs a shell command, stdout and stderr together.
run_result run(const std::string& command) {
    run_result r;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) {
        r.output.append(buf.data(), n);
    }
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

} // namespace

TEST_CASE("label values escape backslash quote and line feed", "[prometheus]") {
    CHECK(escape_label_value("plain") == "plain");
    CHECK(escape_label_value("a\\b\"c\nd") == R"(a\\b\"c\nd)");
    exposition ex;
    ex.family("x_items", "Help with \\ and\nnewline.", metric_type::gauge);
    ex.sample({{"name", "say \"hi\"\n"}}, 1.0);
    CHECK(ex.text()
          == "# HELP x_items Help with \\\\ and\\nnewline.\n"
             "# TYPE x_items gauge\n"
             "x_items{name=\"say \\\"hi\\\"\\n\"} 1\n");
}

TEST_CASE("rendered miner labels are escaped", "[prometheus]") {
    const auto up = samples_of(rendered(), "solowatch_miner_up");
    CHECK(up
          == std::vector<std::string>{
              R"(solowatch_miner_up{miner="gamma-1",kind="axeos"} 1)",
              R"(solowatch_miner_up{miner="s21 \"garage\"\\north",kind="cgminer"} 1)",
              R"(solowatch_miner_up{miner="nerd-1",kind="axeos"} 0)"});
}

TEST_CASE("unknown and non-finite values are omitted", "[prometheus]") {
    exposition ex;
    ex.family("x_value", "A value.", metric_type::gauge);
    ex.sample(std::nullopt);
    ex.sample({{"a", "b"}}, NAN);
    ex.sample(INFINITY);
    ex.sample(-INFINITY);
    CHECK(ex.text() == "# HELP x_value A value.\n# TYPE x_value gauge\n");

    const auto text = rendered();
    CHECK(text.find("NaN") == std::string::npos);
    CHECK(text.find("Inf") == std::string::npos);
    CHECK(samples_of(text, "solowatch_resident_memory_bytes").empty());
    CHECK(samples_of(text, "solowatch_fleet_power_watts")
          == std::vector<std::string>{"solowatch_fleet_power_watts 17.84"});
    // The S21 reports no power and no VR temperature; the offline miner reports nothing.
    CHECK(samples_of(text, "solowatch_miner_power_watts").size() == 1);
    CHECK(samples_of(text, "solowatch_miner_temperature_celsius").size() == 2 + 3);
    CHECK(samples_of(text, "solowatch_miner_fan_rpm").size() == 1 + 3);
    CHECK(text.find("solowatch_miner_hashrate_hashes_per_second{miner=\"nerd-1\"")
          == std::string::npos);
}

TEST_CASE("an offline miner keeps up info and tallies but not its stale readings", "[prometheus]") {
    auto miners = three_miners();
    miners[0].online = false; // gamma-1 keeps its last reading in the snapshot
    const auto text = render_metrics(miners, fleet_of(miners), busy_server());
    const std::string gamma = "{miner=\"gamma-1\",kind=\"axeos\"";
    const auto has = [&](const std::string& name) {
        return text.find(name + gamma) != std::string::npos;
    };
    CHECK(has("solowatch_miner_up"));
    CHECK(has("solowatch_miner_info"));
    CHECK(has("solowatch_miner_shares_accepted_total"));
    CHECK(has("solowatch_miner_best_difficulty"));
    CHECK(has("solowatch_miner_blocks_found_total"));
    CHECK_FALSE(has("solowatch_miner_hashrate_hashes_per_second"));
    CHECK_FALSE(has("solowatch_miner_power_watts"));
    CHECK_FALSE(has("solowatch_miner_temperature_celsius"));
    CHECK_FALSE(has("solowatch_miner_fan_rpm"));
    CHECK_FALSE(has("solowatch_miner_uptime_seconds"));
}

TEST_CASE("every family appears once with HELP and TYPE before its samples", "[prometheus]") {
    const auto text = rendered();
    std::map<std::string, int> help;
    std::map<std::string, std::string> type;
    std::set<std::string> closed; // families whose sample block has ended
    std::string current;
    for (const auto& line : lines_of(text)) {
        INFO(line);
        if (line.starts_with("# HELP ")) {
            const auto name = metric_name(line.substr(7));
            CHECK(++help[name] == 1);
            if (!current.empty()) {
                closed.insert(current);
            }
            current = name;
        } else if (line.starts_with("# TYPE ")) {
            const auto rest = line.substr(7);
            const auto name = metric_name(rest);
            CHECK(name == current);
            CHECK(type.emplace(name, rest.substr(name.size() + 1)).second);
        } else {
            const auto name = metric_name(line);
            CHECK(name == current);
            CHECK(type.count(name) == 1);
            CHECK_FALSE(closed.count(name));
        }
    }
    for (const auto& [name, t] : type) {
        INFO(name);
        CHECK(help[name] == 1);
        CHECK((t == "counter" || t == "gauge"));
        CHECK((t == "counter") == name.ends_with("_total"));
    }
    for (const char* name : {"solowatch_miner_up",
                             "solowatch_miner_info",
                             "solowatch_miner_hashrate_hashes_per_second",
                             "solowatch_miner_expected_hashrate_hashes_per_second",
                             "solowatch_miner_power_watts",
                             "solowatch_miner_temperature_celsius",
                             "solowatch_miner_fan_rpm",
                             "solowatch_miner_shares_accepted_total",
                             "solowatch_miner_shares_rejected_total",
                             "solowatch_miner_best_difficulty",
                             "solowatch_miner_blocks_found_total",
                             "solowatch_miner_uptime_seconds",
                             "solowatch_fleet_hashrate_hashes_per_second",
                             "solowatch_fleet_power_watts",
                             "solowatch_fleet_efficiency_joules_per_hash",
                             "solowatch_fleet_miners_online",
                             "solowatch_fleet_miners",
                             "solowatch_fleet_best_difficulty",
                             "solowatch_fleet_network_difficulty",
                             "solowatch_fleet_expected_seconds_to_block",
                             "solowatch_fleet_block_probability_day",
                             "solowatch_fleet_block_probability_year",
                             "solowatch_fleet_blocks_found",
                             "solowatch_uptime_seconds",
                             "solowatch_resident_memory_bytes",
                             "solowatch_connections_open",
                             "solowatch_connections_refused_total",
                             "solowatch_connections_closed_total",
                             "solowatch_topic_subscribers",
                             "solowatch_broadcasts_total",
                             "solowatch_broadcast_bytes_total",
                             "solowatch_frames_dropped_total",
                             "solowatch_frames_conflated_total",
                             "solowatch_http_requests_total",
                             "solowatch_polls_total",
                             "solowatch_actor_mailbox_high_water"}) {
        INFO(name);
        CHECK(type.count(name) == 1);
    }
}

TEST_CASE("a family declared again collects its samples in one block", "[prometheus]") {
    exposition ex;
    ex.family("a_total", "A.", metric_type::counter);
    ex.sample({{"k", "1"}}, 1.0);
    ex.family("b", "B.", metric_type::gauge);
    ex.sample(2.0);
    ex.family("a_total", "A.", metric_type::counter);
    ex.sample({{"k", "2"}}, 3.0);
    CHECK(ex.text()
          == "# HELP a_total A.\n# TYPE a_total counter\n"
             "a_total{k=\"1\"} 1\na_total{k=\"2\"} 3\n"
             "# HELP b B.\n# TYPE b gauge\nb 2\n");
}

TEST_CASE("the builder refuses malformed names and misuse", "[prometheus]") {
    exposition ex;
    CHECK_THROWS_AS(ex.sample(1.0), std::logic_error);
    CHECK_THROWS_AS(ex.family("9lives", "x", metric_type::gauge), std::invalid_argument);
    CHECK_THROWS_AS(ex.family("has-dash", "x", metric_type::gauge), std::invalid_argument);
    ex.family("ok:rule_name", "x", metric_type::gauge);
    CHECK_THROWS_AS(ex.sample({{"bad:label", "v"}}, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(ex.sample({{"__reserved", "v"}}, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(ex.family("ok:rule_name", "x", metric_type::counter), std::logic_error);
    CHECK_THROWS_AS(ex.family("ok:rule_name", "other help", metric_type::gauge), std::logic_error);
}

TEST_CASE("values are written in their shortest exact form", "[prometheus]") {
    CHECK(format_value(48213.0) == "48213");
    CHECK(format_value(0.5) == "0.5");
    CHECK(format_value(17.84) == "17.84");
    CHECK(format_value(200000.0) == "200000");
    CHECK(format_value(126.41e12) == "126410000000000");
    CHECK(format_value(-3.0) == "-3");
    CHECK(std::stod(format_value(1e300)) == 1e300);
    CHECK(std::stod(format_value(1.75e-7)) == 1.75e-7);
}

TEST_CASE("rendered figures are in base units", "[prometheus]") {
    const auto text = rendered();
    const auto hashrate = samples_of(text, "solowatch_miner_hashrate_hashes_per_second");
    REQUIRE(hashrate.size() == 2);
    CHECK(value_of(hashrate[0]) == Approx(1102.3e9)); // avg_1m of the Bitaxe
    CHECK(value_of(hashrate[1]) == Approx(201234.5e9));
    CHECK(samples_of(text, "solowatch_fleet_miners_online")
          == std::vector<std::string>{"solowatch_fleet_miners_online 2"});
    // The S21 booted an hour ago: its session best is today's and the fleet's record.
    const auto best = samples_of(text, "solowatch_fleet_best_difficulty");
    REQUIRE(best.size() == 2);
    CHECK(best[0].starts_with(R"(solowatch_fleet_best_difficulty{scope="all_time"} )"));
    CHECK(value_of(best[0]) == 7.3e10);
    CHECK(best[1].starts_with(R"(solowatch_fleet_best_difficulty{scope="today"} )"));
    CHECK(value_of(best[1]) == 7.3e10);
    const auto polls = samples_of(text, "solowatch_polls_total");
    REQUIRE(polls.size() == 6);
    CHECK(polls[4] == R"(solowatch_polls_total{miner="nerd-1",result="failed"} 990)");
    const auto efficiency = samples_of(text, "solowatch_fleet_efficiency_joules_per_hash");
    REQUIRE(efficiency.size() == 1);
    CHECK(value_of(efficiency[0]) == Approx(17.84 / 1102.3e9));
}

TEST_CASE("promtool accepts the rendered metrics without complaints", "[prometheus][promtool]") {
    char path[] = "/tmp/solowatch-metrics-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    const auto text = rendered();
    const auto written = ::write(fd, text.data(), text.size());
    ::close(fd);
    REQUIRE(written == static_cast<ssize_t>(text.size()));
    // A missing promtool fails here (exit 127) instead of skipping: the test script installs it.
    const auto r = run(std::string("promtool check metrics < ") + path);
    std::filesystem::remove(path);
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.empty());
}

TEST_CASE("promtool complaints make the check fail", "[prometheus][promtool]") {
    // Proves the test above can fail: a counter without _total is a lint error.
    const auto r = run("printf '# HELP bad_count x\\n# TYPE bad_count counter\\nbad_count 1\\n'"
                       " | promtool check metrics");
    CHECK(r.exit_code != 0);
    CHECK(r.output.find("_total") != std::string::npos);
}
