#pragma once
// supervisor: owns the heartbeat clock (one timer for the whole server, not one per client),
// the list of live client actors, and the children it restarts. Monitors every client it is
// told about, counts connections by close reason, restarts failed children with exponential
// backoff, logs a summary every minute, and runs the shutdown sequence.
//
// Messages:
//   (sw_client, actor)           io side: a client actor was spawned; monitor it
//   (sw_closed, close_reason)    client: its session ended, and why
//   (sw_idle, client_id, secs)   client: no activity for inactive_factor x interval
//   (sw_superv, child_spec)      owner: start a child and restart it whenever it fails
//   (sw_unsup, name)             owner: stop that child on purpose and forget it
//   (sw_restart, name)           itself: a backoff delay ended
//   (sw_beat)                    itself: every heartbeat_interval; forwards the time to clients
//   (sw_tick)                    itself: every minute; the summary log line
//   (sw_shutdown)                main: close every client with 1001 (later ones too)
//   (sw_stats) -> nlohmann::json connection and restart figures for the `system` topic

#include <functional>
#include <string>

#include <caf/all.hpp>

#include "config/config.hpp"

namespace sw::actors {

/// How to start an actor that may fail for outside reasons (a miner poller). It is
/// restarted after restart_backoff_initial, doubling per failure in a row up to
/// restart_backoff_max; a child that ran longer than the maximum starts afresh at initial.
/// Exiting with `normal` or `user_shutdown` is not a failure.
struct child_spec {
    std::string name;
    std::function<caf::actor(caf::actor_system&)> start;
};

caf::actor spawn_supervisor(caf::actor_system& sys,
                            const config::websocket_config& ws,
                            const config::actors_config& actors);

} // namespace sw::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::child_spec)
