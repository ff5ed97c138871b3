#pragma once
// The CAF -> Asio half of the bridge: what a client actor may ask of its WebSocket session.
// Implemented in net/ by the session; every call only posts to the session's strand, so it
// is safe from any actor thread and never blocks.

#include <cstdint>
#include <string>

#include "actors/messages.hpp"

namespace sw::actors {

class session_sink {
public:
    virtual ~session_sink() = default;

    /// Queues one frame; the session bounds its queue and closes a slow consumer itself.
    virtual void send_frame(outbound_frame frame) = 0;

    /// Sends a WebSocket ping control frame (the heartbeat).
    virtual void ping() = 0;

    /// Closes with a close frame carrying `code` after what is queued has been sent.
    virtual void close(std::uint16_t code, std::string reason) = 0;

    /// Drops the TCP connection without a close handshake (a peer that does not read).
    virtual void abort() = 0;
};

} // namespace sw::actors
