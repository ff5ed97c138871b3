#pragma once
// The solowatch configuration: one TOML file, validated by us with line-precise errors.
// Each struct below is the schema of one TOML table; every field carries its default and
// is documented (with its unit) in config/solowatch.toml.

#include <chrono>
#include <cstddef>
#include <cstdint>
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

    bool operator==(const actors_config&) const = default;
};

/// [log]
struct log_config {
    std::string level = "info";  ///< trace|debug|info|warn|error|critical|off
    std::string format = "text"; ///< text|json

    bool operator==(const log_config&) const = default;
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

    bool operator==(const miner_config&) const = default;
};

/// [fleet]
struct fleet_config {
    duration publish_interval{250};      ///< batch changed miners into one update; >= 10ms
    duration offline_backoff_max{60000}; ///< poll an offline miner at most this rarely; >= 100ms

    bool operator==(const fleet_config&) const = default;
};

struct config {
    server_config server;
    websocket_config websocket;
    system_config system;
    actors_config actors;
    log_config log;
    fleet_config fleet;
    std::vector<miner_config> miners;
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

/// Reads and parses a file. A missing or unreadable file is an error, never an exception.
tl::expected<config, config_errors> load_config_file(const std::string& path) noexcept;

/// Renders the effective configuration as TOML that parse_config accepts again.
std::string to_toml(const config& cfg);

/// "250ms", "30s", "5m", "1h", "1.5s" -> milliseconds. Units: ms, s, m, h. No unit is an error.
tl::expected<duration, std::string> parse_duration(std::string_view text) noexcept;

/// The shortest exact spelling: 30000ms -> "30s", 250ms -> "250ms", 300000ms -> "5m".
std::string format_duration(duration d);

} // namespace sw::config
