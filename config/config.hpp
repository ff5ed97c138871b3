#pragma once
// The solowatch configuration: one TOML file, validated by us with line-precise errors.
// Each struct below is the schema of one TOML table; every field carries its default and
// is documented (with its unit) in config/solowatch.toml.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace sw::config {

using duration = std::chrono::milliseconds;

/// [server]
struct server_config {
    std::string listen = "0.0.0.0:8080";       ///< "host:port"; port 0 picks a free port
    std::string listen_host = "0.0.0.0";       ///< derived from `listen`
    std::uint16_t listen_port = 8080;          ///< derived from `listen`
    std::size_t max_connections = 10000;       ///< WebSocket clients at once; 1 .. 1000000
    std::size_t max_message_bytes = 65536;     ///< largest accepted client frame; 64 .. 16 MiB
    std::vector<std::string> allowed_origins;  ///< empty = any Origin
    std::size_t io_threads = 1;                ///< Asio threads for sockets; 1 .. 64
    duration handshake_timeout{10000};         ///< HTTP request / WS handshake / close; >= 100ms
    std::size_t max_request_bytes = 16384;     ///< largest HTTP request head; 1 KiB .. 1 MiB
    std::size_t max_connections_per_ip = 1000; ///< connections from one address; 1 .. 1000000
    double accept_rate_per_second = 200.0;     ///< new connections per second per address; > 0
    duration shutdown_timeout{5000};           ///< SIGTERM: wait this long for clients; >= 0
    std::string web_root;                      ///< serve the dashboard from here; "" = built in

    bool operator==(const server_config&) const = default;
};

/// [websocket]
struct websocket_config {
    duration heartbeat_interval{30000};    ///< ping every interval; >= 100ms
    double stale_factor = 2.5;             ///< close after factor x interval of silence; 1.5 .. 100
    double inactive_factor = 10.0;         ///< warn after factor x interval; 1 .. 1000
    duration send_timeout{5000};           ///< one write may take this long; >= 10ms
    std::size_t max_queue_bytes = 1048576; ///< per-client outbound bytes; 1 KiB .. 1 GiB
    std::size_t socket_send_buffer = 262144; ///< SO_SNDBUF per client, bytes; 0 = kernel's
    std::size_t max_queue_messages = 1024;   ///< per-client outbound frames; 1 .. 1000000
    double rate_limit_per_second = 50.0;     ///< token refill rate; > 0 .. 1000000
    double rate_limit_burst = 100.0;         ///< bucket size; >= 1
    double flood_factor = 10.0;              ///< close (1008) when sending at factor x rate...
    duration flood_duration{10000};          ///< ...for this long; >= 1s
    std::size_t max_batches_in_flight = 1;   ///< broadcasts queued to an I/O thread; 1 .. 1024
    duration batch_retry_interval{5};        ///< re-offer waiting broadcasts; 1ms .. 1s

    bool operator==(const websocket_config&) const = default;
};

/// [system]
struct system_config {
    duration publish_interval{5000}; ///< `system` topic cadence; >= 10ms

    bool operator==(const system_config&) const = default;
};

/// [actors]
struct actors_config {
    std::size_t scheduler_threads = 2;      ///< CAF worker threads; 1 .. 64
    std::string scheduler = "sharing";      ///< sharing|stealing (CAF scheduler policy)
    duration restart_backoff_initial{1000}; ///< first restart delay of a crashed actor; >= 10ms
    duration restart_backoff_max{60000};    ///< the delay doubles up to this; >= initial
    std::string trace = "off";              ///< off|on|sampled (docs/TRACE.md)
    std::size_t trace_sample = 100;         ///< "sampled": 1 update in N; 1 .. 1000000
    std::string trace_file = "solowatch.trace.jsonl"; ///< JSON Lines, beside the config; "" = none
    std::size_t trace_max_bytes = 64 * 1024 * 1024;   ///< rotate the file here; 64 KiB .. 16 GiB
    std::size_t trace_ring = 100000;                  ///< records kept in memory; 1000 .. 10000000

    bool operator==(const actors_config&) const = default;
};

/// [history]: samples and alerts kept in SQLite (actors/history_store.hpp)
struct history_config {
    std::string path = "solowatch.db";    ///< beside the config; "" = no history
    duration sample_interval{30000};      ///< one sample per miner and of the fleet; >= 1s
    duration raw_retention{48 * 3600000}; ///< raw samples; >= 10m
    duration five_minute_retention{720 * 3600000LL}; ///< 5-minute averages; >= 1h
    duration hourly_retention{17520 * 3600000LL};    ///< 1-hour averages; >= 1h
    duration alert_retention{17520 * 3600000LL};     ///< stored alert updates; >= 1h
    duration maintenance_interval{600000};           ///< downsample and prune this often; >= 1s
    std::size_t max_pending_rows = 100000; ///< held while the file cannot be written; 100 .. 10M
    std::size_t max_points = 2000;         ///< per series in one API answer; 10 .. 100000

    bool operator==(const history_config&) const = default;
};

/// [log]
struct log_config {
    std::string level = "info";  ///< trace|debug|info|warn|error|critical|off
    std::string format = "text"; ///< text|json

    bool operator==(const log_config&) const = default;
};

/// [metrics]
struct metrics_config {
    duration publish_interval{1000}; ///< `metrics` topic at most once per interval; >= 10ms

    bool operator==(const metrics_config&) const = default;
};

/// [network]
struct network_config {
    double difficulty = 0.0; ///< fallback when no miner reports one; 0 = unknown; >= 0

    bool operator==(const network_config&) const = default;
};

/// The rule ids of MINERS.md section 5, in the order of its table: what alerts carry in `rule`
/// and what names the [alerts.<rule>] tables.
inline constexpr std::array<std::string_view, 10> alert_rule_ids{"offline",
                                                                 "asic_temp",
                                                                 "vr_temp",
                                                                 "hashrate_drop",
                                                                 "reject_rate",
                                                                 "restart",
                                                                 "fallback_pool",
                                                                 "fault",
                                                                 "new_best",
                                                                 "block_found"};

/// The severities, least severe first: "info", "warning", "critical".
inline constexpr std::array<std::string_view, 3> alert_severities{"info", "warning", "critical"};

/// One [alerts.<rule>] table. Every rule has the same shape so that per-miner overrides and
/// their merging are written once; each rule accepts only the keys it uses (see
/// config/solowatch.toml) and ignores the other fields, which keep their zero defaults.
/// (Every member has an initializer, `{}` at least, so that designated initializers of these
/// structs compile under -Wmissing-field-initializers.)
struct alert_rule_config {
    bool enabled = true;
    std::optional<duration> cooldown{}; ///< between two raises per miner; empty = [alerts] cooldown
    std::string severity = "warning";   ///< info|warning|critical; rules without thresholds
    double warning = 0;                 ///< temperature rules: warning at >= this, deg C
    double critical = 0;                ///< temperature rules: critical at >= this, deg C
    double cgminer_warning = 0;         ///< asic_temp of cgminer miners (hottest chip), deg C
    double cgminer_critical = 0;        ///< asic_temp of cgminer miners (hottest chip), deg C
    double clear_margin = 0;            ///< hysteresis: deg C, or percentage points
    double percent = 0;                 ///< hashrate_drop: % of expected; reject_rate: % rejected
    duration hold{0};                   ///< hashrate_drop: below `percent` this long to raise
    duration window{0};                 ///< reject_rate: the rate is over this window
    std::size_t min_shares = 0;         ///< reject_rate: shares in the window before judging

    bool operator==(const alert_rule_config&) const = default;
};

/// [alerts] and its rule tables, with the defaults of MINERS.md section 5.
struct alerts_config {
    duration cooldown{600000};      ///< default per-miner cooldown of every rule; >= 0
    std::size_t history_size = 500; ///< alert updates kept for GET /api/alerts?all=1; 1 .. 100000
    alert_rule_config offline{.severity = "critical"};
    alert_rule_config asic_temp{.warning = 68.0,
                                .critical = 75.0,
                                .cgminer_warning = 95.0,
                                .cgminer_critical = 105.0,
                                .clear_margin = 3.0};
    alert_rule_config vr_temp{.warning = 90.0, .critical = 100.0, .clear_margin = 5.0};
    alert_rule_config hashrate_drop{.clear_margin = 5.0, .percent = 70.0, .hold = duration{600000}};
    alert_rule_config reject_rate{
        .clear_margin = 1.0, .percent = 5.0, .window = duration{1800000}, .min_shares = 20};
    alert_rule_config restart;
    alert_rule_config fallback_pool;
    alert_rule_config fault{.severity = "critical"};
    alert_rule_config new_best{.cooldown = duration{0}, .severity = "info"};
    alert_rule_config block_found{.cooldown = duration{0}, .severity = "critical"};

    /// The rule named `id` (one of alert_rule_ids), or nullptr.
    [[nodiscard]] const alert_rule_config* rule(std::string_view id) const;
    [[nodiscard]] alert_rule_config* rule(std::string_view id);

    bool operator==(const alerts_config&) const = default;
};

/// One [miners.alerts.<rule>] table: what a miner changes of the global rule; unset = global.
struct alert_rule_override {
    std::optional<bool> enabled{};
    std::optional<duration> cooldown{};
    std::optional<std::string> severity{};
    std::optional<double> warning{};  ///< asic_temp: applies to cgminer miners too
    std::optional<double> critical{}; ///< asic_temp: applies to cgminer miners too
    std::optional<double> cgminer_warning{};
    std::optional<double> cgminer_critical{};
    std::optional<double> clear_margin{};
    std::optional<double> percent{};
    std::optional<duration> hold{};
    std::optional<duration> window{};
    std::optional<std::size_t> min_shares{};

    bool operator==(const alert_rule_override&) const = default;
};

/// One [[miners]] table: a miner to poll.
struct miner_config {
    std::string name;              ///< unique; required
    std::string kind;              ///< "axeos" (HTTP) | "cgminer" (TCP API); required
    std::string host;              ///< IP address or host name; required
    std::uint16_t port = 0;        ///< default 80 (axeos) / 4028 (cgminer)
    duration poll_interval{5000};  ///< >= 100ms
    duration timeout{3000};        ///< each connect/write/read; >= 10ms
    std::size_t offline_after = 3; ///< failed polls in a row before offline; 1 .. 1000
    /// rule id -> this miner's [miners.alerts.<rule>] override; see effective_alerts().
    std::map<std::string, alert_rule_override, std::less<>> alerts{};

    bool operator==(const miner_config&) const = default;
};

/// [fleet]
struct fleet_config {
    duration publish_interval{250};      ///< batch changed miners into one update; >= 10ms
    duration offline_backoff_max{60000}; ///< poll an offline miner at most this rarely; >= 100ms

    bool operator==(const fleet_config&) const = default;
};

/// One [[notify]] table: a notification channel. Only parsed and validated here.
struct notify_config {
    std::string name{}; ///< unique; default "<kind>-<index>" (index in the file, from 0)
    std::string kind{}; ///< webhook|ntfy|discord|telegram; required
    std::string url{};  ///< webhook/ntfy/discord: required, http:// or https://
    std::string api_base = "https://api.telegram.org"; ///< telegram only
    std::string bot_token{};                           ///< telegram only: required
    std::string chat_id{}; ///< telegram only: required (a number or "@channel")
    std::map<std::string, std::string> headers{}; ///< extra HTTP headers; webhook/ntfy only
    std::string min_severity = "warning";         ///< info|warning|critical
    std::vector<std::string> rules{};             ///< rule ids to send; empty = every rule
    duration timeout{5000};                       ///< one delivery attempt; >= 100ms
    std::size_t retries = 3;                      ///< attempts after the first; 0 .. 20
    duration retry_backoff{2000};                 ///< before the first retry, doubling; >= 100ms
    std::size_t queue_size = 100;                 ///< alerts waiting for delivery; 1 .. 10000

    bool operator==(const notify_config&) const = default;
};

struct config {
    server_config server;
    websocket_config websocket;
    system_config system;
    actors_config actors;
    log_config log;
    fleet_config fleet;
    metrics_config metrics;
    network_config network;
    alerts_config alerts;
    history_config history;
    std::vector<miner_config> miners;
    std::vector<notify_config> notify;
    std::string source_path; ///< the file this was read from; empty for built-in defaults

    bool operator==(const config&) const = default;
};

/// One refusal: where in which file, which key, what was expected.
struct config_error {
    std::string file;
    std::size_t line = 0;   ///< 1-based; 0 when the problem has no position (missing file)
    std::size_t column = 0; ///< 1-based; 0 when unknown
    std::string key;        ///< dotted path, e.g. "websocket.heartbeat_interval"; may be empty
    std::string message;    ///< what was wrong and what was expected

    /// "FILE:LINE:COLUMN: KEY: MESSAGE" (parts without a value are left out).
    [[nodiscard]] std::string to_string() const;
};

using config_errors = std::vector<config_error>;

/// Parses and validates TOML text. `source_name` is used as the file in errors.
/// Reports every problem found, not just the first. Never throws.
tl::expected<config, config_errors> parse_config(std::string_view text,
                                                 std::string_view source_name) noexcept;

/// `path` as the server uses it: relative paths are taken from the config file's folder
/// (the working directory for built-in defaults); "" stays "".
std::string resolve_path(const config& cfg, const std::string& path);

/// Reads and parses a file. A missing or unreadable file is an error, never an exception.
tl::expected<config, config_errors> load_config_file(const std::string& path) noexcept;

/// The rules for one miner: `global` with the miner's [miners.alerts.<rule>] overrides applied,
/// every cooldown resolved (a rule without its own takes [alerts] cooldown), and for asic_temp
/// on a cgminer miner `warning`/`critical` taken from cgminer_warning/cgminer_critical unless
/// the miner overrides `warning`/`critical` themselves.
alerts_config effective_alerts(const alerts_config& global, const miner_config& miner);

/// Renders the effective configuration as TOML that parse_config accepts again.
std::string to_toml(const config& cfg);

/// "250ms", "30s", "5m", "1h", "1.5s" -> milliseconds. Units: ms, s, m, h. No unit is an error.
tl::expected<duration, std::string> parse_duration(std::string_view text) noexcept;

/// The shortest exact spelling: 30000ms -> "30s", 250ms -> "250ms", 300000ms -> "5m".
std::string format_duration(duration d);

} // namespace sw::config
