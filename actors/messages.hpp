#pragma once
// The messages actors exchange. Every atom is prefixed `sw_` because CAF atoms equal by value
// are the same type and CAF predefines dozens of short ones (`publish`, `tick`, ...).
// Atoms hold at most 10 characters from [0-9A-Za-z_ ].

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <caf/type_id.hpp>
#include <nlohmann/json.hpp>

#include "miners/snapshot.hpp"
#include "protocol/protocol.hpp"
#include "protocol/ws_frame.hpp"

namespace sw::actors {

class session_sink;

/// A poller's latest snapshot, shared read-only by the fleet, the alert engine and history.
using snapshot_ptr = std::shared_ptr<const miners::miner_snapshot>;

/// A bit per topic, indexed by the protocol::topic enumerator.
using topic_mask = std::uint8_t;

/// One serialized frame shared by every client it goes to: serialized once, never copied.
using shared_bytes = std::shared_ptr<const std::string>;

/// A frame on its way to a session's outbound queue. `bytes` is one complete WebSocket text
/// frame (header and JSON, protocol::frame_text): the session writes it to the socket as is.
struct outbound_frame {
    shared_bytes bytes;
    /// Set for broadcasts and snapshots: the session may conflate queued updates by topic.
    bool has_topic = false;
    protocol::topic topic = protocol::topic::miners;
    std::uint64_t seq = 0;
    bool is_snapshot = false;
    /// The update carries the topic's whole state, so a newer one makes an older one still
    /// queued for the same topic redundant (the session may drop the older when full).
    bool supersedes_older = false;
    /// For per-item topics (miners): the items this update carries in full. An older queued
    /// update of the topic whose keys are all among these is redundant.
    std::shared_ptr<const std::vector<std::string>> keys{};
    /// The update's id in the actor trace (0: not traced) and when the registry handed the
    /// frame to the session (microseconds since the epoch), for the trace's write records.
    std::uint64_t trace_id = 0;
    std::int64_t delivered_at_us = 0;
};

/// Frames JSON text for one client (a reply or an error); broadcasts are framed once by the
/// registry and shared instead.
inline outbound_frame make_text_frame(std::string_view json_text) {
    return outbound_frame{std::make_shared<const std::string>(protocol::frame_text(json_text))};
}

/// The JSON text of a frame (what tests and tools inspect).
inline std::string_view payload_of(const outbound_frame& frame) {
    return frame.bytes ? protocol::frame_payload(*frame.bytes) : std::string_view{};
}

/// A publication on a topic: `data` goes out as the update; `state` becomes the topic's
/// retained state, sent as the snapshot to new subscribers (null: unchanged). Both are JSON
/// text, serialized once by the publisher, shared and immutable: the registry splices them
/// into frames without parsing or copying a JSON tree.
struct publication {
    protocol::topic topic = protocol::topic::system;
    shared_bytes data;
    shared_bytes state;
    /// Optional: the items `data` carries in full (miner ids), for conflation.
    std::shared_ptr<const std::vector<std::string>> keys{};
    /// The update's id in the actor trace; 0: not traced.
    std::uint64_t trace_id = 0;
};

/// A poller's cumulative poll results (for /metrics).
struct poll_counts {
    std::uint64_t ok = 0;
    std::uint64_t failed = 0;
    std::uint64_t skipped = 0; ///< due while the previous poll still ran
};

/// Why a session ended, as the supervisor counts it.
enum class close_reason : std::uint8_t {
    normal,   ///< the peer closed or the socket failed
    stale,    ///< no activity for stale_factor x heartbeat_interval
    slow,     ///< outbound queue over its caps, or a write over send_timeout
    rate,     ///< flooding past the rate limit
    error,    ///< protocol violation we close for (1009) or internal error (1011)
    shutdown, ///< server shutdown (1001)
};

inline constexpr std::size_t close_reason_count = 6;

const char* to_string(close_reason r) noexcept;

} // namespace sw::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(nlohmann::json)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::outbound_frame)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::publication)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::close_reason)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::weak_ptr<sw::actors::session_sink>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::snapshot_ptr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::poll_counts)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::chrono::steady_clock::time_point)

CAF_BEGIN_TYPE_ID_BLOCK(solowatch, caf::first_custom_type_id)

    // session -> client: a text frame read from the socket
    CAF_ADD_ATOM(solowatch, sw::actors, sw_text_atom, "sw_text")
    // session -> client: a binary frame read from the socket (refused)
    CAF_ADD_ATOM(solowatch, sw::actors, sw_binary_atom, "sw_binary")
    // session -> client: a frame over max_message_bytes; reading has stopped
    CAF_ADD_ATOM(solowatch, sw::actors, sw_toobig_atom, "sw_toobig")
    // session -> client: a pong control frame arrived
    CAF_ADD_ATOM(solowatch, sw::actors, sw_pong_atom, "sw_pong")
    // session -> client: the connection is gone (with a close_reason)
    CAF_ADD_ATOM(solowatch, sw::actors, sw_closed_atom, "sw_closed")
    // client -> registry: subscribe / unsubscribe a topic mask
    CAF_ADD_ATOM(solowatch, sw::actors, sw_sub_atom, "sw_sub")
    CAF_ADD_ATOM(solowatch, sw::actors, sw_unsub_atom, "sw_unsub")
    // publisher -> registry: a publication
    CAF_ADD_ATOM(solowatch, sw::actors, sw_publish_atom, "sw_publish")
    // anyone -> registry: subscriber counts per topic
    CAF_ADD_ATOM(solowatch, sw::actors, sw_topics_atom, "sw_topics")
    // io -> supervisor: a client actor was spawned
    CAF_ADD_ATOM(solowatch, sw::actors, sw_client_atom, "sw_client")
    // supervisor -> itself and clients: the heartbeat clock
    CAF_ADD_ATOM(solowatch, sw::actors, sw_beat_atom, "sw_beat")
    // client -> supervisor: no activity for inactive_factor x heartbeat_interval
    CAF_ADD_ATOM(solowatch, sw::actors, sw_idle_atom, "sw_idle")
    // session -> client: the queue dropped an update superseded by a newer one
    CAF_ADD_ATOM(solowatch, sw::actors, sw_confl_atom, "sw_confl")
    // owner -> supervisor: start a child_spec and restart it with backoff when it fails
    CAF_ADD_ATOM(solowatch, sw::actors, sw_superv_atom, "sw_superv")
    // owner -> supervisor: stop a supervised child on purpose and forget it
    CAF_ADD_ATOM(solowatch, sw::actors, sw_unsup_atom, "sw_unsup")
    // supervisor -> itself: a backoff delay ended; start the named child again
    CAF_ADD_ATOM(solowatch, sw::actors, sw_restart_atom, "sw_restart")
    // poller -> itself: a poll is due; io side -> poller: the poll finished
    CAF_ADD_ATOM(solowatch, sw::actors, sw_poll_atom, "sw_poll")
    CAF_ADD_ATOM(solowatch, sw::actors, sw_polled_atom, "sw_polled")
    // poller -> fleet: (name, snapshot json); fleet -> alert engine: forget a removed miner
    CAF_ADD_ATOM(solowatch, sw::actors, sw_snapshot_atom, "sw_snap")
    CAF_ADD_ATOM(solowatch, sw::actors, sw_forget_atom, "sw_forget")
    // history -> itself: downsample and prune; REST -> history: a series, stored alerts;
    // history -> system_monitor: its status for the `system` topic
    CAF_ADD_ATOM(solowatch, sw::actors, sw_maint_atom, "sw_maint")
    CAF_ADD_ATOM(solowatch, sw::actors, sw_hquery_atom, "sw_hquery")
    CAF_ADD_ATOM(solowatch, sw::actors, sw_halerts_atom, "sw_halerts")
    CAF_ADD_ATOM(solowatch, sw::actors, sw_hstatus_atom, "sw_hstatus")
    // owner -> fleet: the configured miner names (miner_roster)
    CAF_ADD_ATOM(solowatch, sw::actors, sw_roster_atom, "sw_roster")
    // fleet -> itself: publish what changed; registry -> itself: retry broadcasts that wait
    // for the I/O thread; anyone -> fleet: the miners as JSON
    CAF_ADD_ATOM(solowatch, sw::actors, sw_flush_atom, "sw_flush")
    CAF_ADD_ATOM(solowatch, sw::actors, sw_miners_atom, "sw_miners")
    // main -> supervisor -> clients: close everything with 1001
    CAF_ADD_ATOM(solowatch, sw::actors, sw_shutdown_atom, "sw_shutdwn")
    // anyone -> supervisor: connection statistics
    CAF_ADD_ATOM(solowatch, sw::actors, sw_stats_atom, "sw_stats")
    // system_monitor -> itself: publish now
    CAF_ADD_ATOM(solowatch, sw::actors, sw_tick_atom, "sw_tick")
    // fleet -> itself: compute and publish the fleet metrics; REST -> fleet: the metrics
    CAF_ADD_ATOM(solowatch, sw::actors, sw_metrics_atom, "sw_metrics")
    // REST /metrics -> fleet: every snapshot and the totals (fleet_view)
    CAF_ADD_ATOM(solowatch, sw::actors, sw_view_atom, "sw_view")
    // REST -> alert engine: the active alerts (or the recent history) as JSON text
    CAF_ADD_ATOM(solowatch, sw::actors, sw_alerts_atom, "sw_alerts")
    // poller -> fleet: its cumulative poll counts
    CAF_ADD_ATOM(solowatch, sw::actors, sw_pollcnt_atom, "sw_pollcnt")
    // alert engine -> notifier: (sw_notify, notification) to deliver on the channel
    CAF_ADD_ATOM(solowatch, sw::actors, sw_notify_atom, "sw_notify")
    // io side -> notifier: (sw_posted, attempt id, post_result) an HTTP POST finished
    CAF_ADD_ATOM(solowatch, sw::actors, sw_posted_atom, "sw_posted")
    // notifier -> itself: (sw_nretry, attempt id) a retry backoff ended
    CAF_ADD_ATOM(solowatch, sw::actors, sw_nretry_atom, "sw_nretry")
    // REST -> notifier: (sw_ntest) send a test notification now, reply with the result
    CAF_ADD_ATOM(solowatch, sw::actors, sw_ntest_atom, "sw_ntest")
    // owner -> services: the configuration was reloaded
    CAF_ADD_ATOM(solowatch, sw::actors, sw_reload_atom, "sw_reload")

CAF_END_TYPE_ID_BLOCK(solowatch)
