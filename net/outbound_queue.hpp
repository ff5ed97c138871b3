#pragma once
// A session's outbound queue, bounded by messages and bytes. The first `in_flight` frames
// are being written (one gathered write) and are never touched. When a push would exceed a cap,
// queued updates that a newer one supersedes (same topic, full-state topics) are dropped first; if
// the frame still does not fit, the push reports overflow and the session closes the client (1013).
// Pure: no I/O, unit-tested.

#include <cstddef>
#include <cstdint>
#include <functional>

#include <boost/container/deque.hpp>

#include "actors/messages.hpp"

namespace sw::net {

class outbound_queue {
public:
    enum class push_result : std::uint8_t { queued, conflated, overflow };

    outbound_queue(std::size_t max_messages, std::size_t max_bytes)
        : max_messages_(max_messages)
        , max_bytes_(max_bytes) {}

    /// `in_flight`: how many frames at the front are being written and must stay.
    push_result push(actors::outbound_frame frame, std::size_t in_flight);

    [[nodiscard]] bool empty() const { return frames_.empty(); }

    [[nodiscard]] std::size_t size() const { return frames_.size(); }

    [[nodiscard]] std::size_t bytes() const { return bytes_; }

    [[nodiscard]] const actors::outbound_frame& operator[](std::size_t i) const {
        return frames_[i];
    }

    /// Removes the first `n` frames (a completed write).
    void pop_front(std::size_t n = 1);

    /// Drops every frame except the `in_flight` ones (used before a forced close).
    void drop_pending(std::size_t in_flight);

    /// Called with each frame the queue throws away and why ("conflated", "dropped"), before
    /// it goes (the actor trace records it).
    using drop_observer = std::function<void(const actors::outbound_frame&, const char* reason)>;

    void observe_drops(drop_observer observer) { observer_ = std::move(observer); }

    /// Frames dropped by conflation since construction.
    [[nodiscard]] std::uint64_t conflated() const { return conflated_; }

private:
    [[nodiscard]] bool fits(std::size_t extra_bytes) const {
        return frames_.size() + 1 <= max_messages_ && bytes_ + extra_bytes <= max_bytes_;
    }

    /// Removes the oldest queued frame that `newer` supersedes; false when there is none.
    bool drop_superseded(const actors::outbound_frame& newer, std::size_t in_flight);

    std::size_t max_messages_;
    std::size_t max_bytes_;
    // Boost's deque allocates nothing until the first push and frees everything once empty
    // (pop_front): most sessions write every frame at once and never queue one, and
    // std::deque would hold ~0.5 KiB for each of them from construction.
    boost::container::deque<actors::outbound_frame> frames_;
    std::size_t bytes_ = 0;
    std::uint64_t conflated_ = 0;
    drop_observer observer_;
};

} // namespace sw::net
