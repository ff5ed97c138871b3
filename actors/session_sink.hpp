#pragma once
// The CAF -> Asio half of the bridge: what a client actor may ask of its WebSocket session,
// and where the registry puts each broadcast frame for a subscriber.
// Implemented in net/ by the session; every call only posts to the session's I/O thread, so
// it is safe from any actor thread and never blocks.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/messages.hpp"

namespace sw::actors {

/// Frames and bytes a session has queued for its client (statistics).
struct traffic {
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
};

class session_sink;

/// The sessions of one topic that share a batch key (see session_sink::batch_key).
using sink_list = std::vector<std::weak_ptr<session_sink>>;

/// One broadcast for many sessions: the frame, shared, and who gets it. The list is an
/// immutable snapshot the registry rebuilds when subscriptions change, so handing it over
/// copies one pointer, not a pointer per subscriber.
struct frame_batch {
    outbound_frame frame;
    std::shared_ptr<const sink_list> sinks;
};

/// Batches handed to an I/O thread and not yet delivered there (the registry bounds it).
using batch_gauge = std::shared_ptr<std::atomic<std::size_t>>;

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

    /// Sessions that run on the same single I/O thread return the same non-null key: one
    /// broadcast to all of them can cross to that thread in one hand-over (send_batches)
    /// instead of one per session. Null: this sink only takes send_frame. Fixed for the
    /// sink's lifetime.
    [[nodiscard]] virtual const void* batch_key() const { return nullptr; }

    /// Queues each batch's frame to every sink of its list that is still alive, batch after
    /// batch, then subtracts the number of batches from `in_flight`. Every sink of every list
    /// has this sink's batch_key. Ordered with everything sent before to any of those sinks
    /// (send_frame, set_topics, ...), as if send_frame had been called for each of them: the
    /// same guarantees hold.
    virtual void send_batches(std::vector<frame_batch> batches, batch_gauge in_flight) {
        for (auto& b : batches)
            for (const auto& weak : *b.sinks)
                if (auto sink = weak.lock())
                    sink->send_frame(b.frame);
        if (in_flight)
            in_flight->fetch_sub(batches.size(), std::memory_order_relaxed);
    }

    /// Records in the trace that `frame`, meant for this session, was dropped before it
    /// reached the session (`why`: "conflated" or "dropped"). Safe from any thread.
    virtual void trace_dropped(const outbound_frame& /*frame*/, const char* /*why*/) const {}

    /// Sends a WebSocket ping control frame (the heartbeat).
    virtual void ping() = 0;

    /// Closes with a close frame carrying `code` after what is queued has been sent.
    virtual void close(std::uint16_t code, std::string reason) = 0;

    /// Drops the TCP connection without a close handshake (a peer that does not read).
    virtual void abort() = 0;
};

} // namespace sw::actors
