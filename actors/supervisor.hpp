#pragma once
// supervisor: owns the heartbeat clock (one timer for the whole server, not one per client)
// and the list of live client actors. Monitors every client it is told about, counts
// connections by close reason, logs a summary every minute, and runs the shutdown sequence.
//
// Messages:
//   (sw_client, actor)           io side: a client actor was spawned; monitor it
//   (sw_closed, close_reason)    client: its session ended, and why
//   (sw_idle, client_id, secs)   client: no activity for inactive_factor x interval
//   (sw_beat)                    itself: every heartbeat_interval; forwards the time to clients
//   (sw_tick)                    itself: every minute; the summary log line
//   (sw_shutdown)                main: close every client with 1001 (later ones too)
//   (sw_stats) -> nlohmann::json connection totals for the `system` topic

#include <caf/all.hpp>

#include "config/config.hpp"

namespace sw::actors {

caf::actor spawn_supervisor(caf::actor_system& sys, const config::websocket_config& ws);

} // namespace sw::actors
