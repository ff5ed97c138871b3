#pragma once
// client: one per WebSocket connection. Owns the connection state (id, times, subscriptions,
// counters, rate limiter) and a weak handle to its session's outbound queue. Decodes each
// frame with protocol/, answers requests, subscribes its session's sink with the registry
// (which then queues broadcasts to it directly), and enforces the heartbeat and rate limits.
//
// Messages:
//   (sw_text, std::string)          session: a text frame
//   (sw_binary)                     session: a binary frame
//   (sw_toobig)                     session: a frame over max_message_bytes
//   (sw_pong)                       session: a pong control frame
//   (sw_closed, close_reason)       session: the connection ended; the actor quits
//   (sw_beat, steady time_point)    supervisor: the heartbeat clock
//   (sw_shutdown)                   supervisor: close with 1001

#include <memory>
#include <string>

#include <caf/all.hpp>

#include "actors/server_stats.hpp"
#include "actors/session_sink.hpp"
#include "config/config.hpp"

namespace sw::actors {

/// What the bridge knows about a connection when its client actor is spawned.
struct client_info {
    std::string remote_addr;
    std::string user_agent;
    /// The protocol client id; "" makes a fresh one (next_client_id()).
    std::string client_id;
};

/// A fresh client id, unique for the life of the process. The session takes one before it
/// spawns its client actor, so its trace records name the same client.
std::string next_client_id();

/// The long-lived services a client actor talks to.
struct client_context {
    caf::actor registry;
    caf::actor supervisor;
    config::websocket_config websocket;
    std::size_t max_message_bytes = 65536;
    std::shared_ptr<server_stats> stats;
};

/// Spawns the actor, registers it with the supervisor, and sends the welcome frame.
caf::actor spawn_client(caf::actor_system& sys,
                        const client_context& ctx,
                        std::weak_ptr<session_sink> sink,
                        client_info info);

} // namespace sw::actors
