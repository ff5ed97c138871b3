#pragma once
// Server -> client frames of protocol v1 (../shared/PROTOCOL.md), serialized to text.
// Field names here are the wire contract: add fields, never rename or drop one.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/protocol.hpp"

namespace sw::protocol {

/// RFC 3339 UTC with milliseconds: "2026-11-26T12:00:00.123Z".
std::string format_timestamp(std::chrono::system_clock::time_point t);

/// "client_" + 16 lower-case hex digits. A bijective mix of `sequence`, so distinct
/// sequence numbers always give distinct ids (never reused in a process) that do not
/// reveal the connection count.
std::string make_client_id(std::uint64_t sequence);

struct welcome {
    std::string client_id;
    std::string timestamp;
    double heartbeat_interval_seconds = 30.0;
    std::string version;
};

std::string encode_welcome(const welcome& w);

/// `subscribed` (or `unsubscribed`): `topics` changed now, `subscribed_topics` all held.
std::string encode_subscribed(const nlohmann::json& id,
                              const std::vector<topic>& changed,
                              const std::vector<topic>& held);

std::string encode_unsubscribed(const nlohmann::json& id,
                                const std::vector<topic>& changed,
                                const std::vector<topic>& held);

/// The `stats` of a pong with include_stats.
struct ping_stats {
    std::string connected_at;
    std::uint64_t message_count = 0;
    std::uint64_t messages_sent = 0;
    std::vector<topic> subscribed_topics;
    std::uint64_t active_connections = 0;
    double uptime_seconds = 0;
};

std::string encode_pong(const nlohmann::json& id,
                        std::string_view timestamp,
                        const std::optional<ping_stats>& stats);

/// The reply to get_status.
struct status {
    std::string client_id;
    std::string connected_at;
    std::string last_activity;
    std::optional<std::string> last_ping; ///< null before any pong or application ping
    std::vector<topic> subscribed_topics;
    std::uint64_t message_count = 0; ///< data frames received, this request included
    std::uint64_t messages_sent = 0;
    std::string remote_addr;
    std::string user_agent;
    std::uint64_t active_connections = 0;
    double uptime_seconds = 0;
    std::string version;
    nlohmann::json connection = nlohmann::json::object(); ///< extra per-connection figures
};

std::string encode_status(const nlohmann::json& id, const status& s);

struct topic_stat {
    topic name = topic::miners;
    std::uint64_t subscribers = 0;
};

std::string encode_topics(const nlohmann::json& id, const std::vector<topic_stat>& topics);

std::string encode_error(const error& e);

/// `<topic>_update` with topic, broadcast_id "<topic>-<seq>", seq, timestamp, data.
std::string encode_broadcast(topic t,
                             std::uint64_t seq,
                             std::string_view timestamp,
                             const nlohmann::json& data);

/// The same frames around `data_json`, JSON text serialized once by the publisher (so a
/// fleet of snapshots is never copied as a JSON tree). The text must be valid JSON.
std::string encode_broadcast_text(topic t,
                                  std::uint64_t seq,
                                  std::string_view timestamp,
                                  std::string_view data_json);

std::string encode_snapshot_text(topic t,
                                 std::uint64_t seq,
                                 std::string_view timestamp,
                                 std::string_view data_json);

/// `<topic>_snapshot` with topic, seq (last broadcast included), timestamp, data.
std::string
encode_snapshot(topic t, std::uint64_t seq, std::string_view timestamp, const nlohmann::json& data);

} // namespace sw::protocol
