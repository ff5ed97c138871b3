#pragma once
// The CAF -> Asio half of the bridge: what a client actor may ask of its WebSocket session,
// and where the registry puts each broadcast frame for a subscriber.
// Implemented in net/ by the session; every call only posts to the session's strand, so it
// is safe from any actor thread and never blocks.

#include <cstdint>
#include <string>

#include "actors/messages.hpp"

namespace sw::actors {

/// Frames and bytes a session has queued for its client (statistics).
struct traffic {
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
};

class session_sink {
public:
    virtual ~session_sink() = default;

    /// The topics whose broadcasts the session lets through. Applied in order with the frames
    /// queued before and after it: the client actor sets it before its `subscribed` /
    /// `unsubscribed` reply, so a broadcast the registry sent just before it saw an
    /// unsubscribe never follows the `unsubscribed` reply.
    virtual void set_topics(topic_mask topics) = 0;

    /// What was queued so far; safe from any thread.
    [[nodiscard]] virtual traffic sent() const = 0;

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
