#pragma once
// A session's outbound queue, bounded by messages and bytes. The front frame may be in
// flight on the socket and is never touched. When a push would exceed a cap, queued updates
// that a newer one supersedes (same topic, full-state topics) are dropped first; if the
// frame still does not fit, the push reports overflow and the session closes the client
// (1013). Pure: no I/O, unit-tested.

#include <cstddef>
#include <cstdint>
#include <deque>

#include "actors/messages.hpp"

namespace sw::net {

class outbound_queue {
public:
    enum class push_result : std::uint8_t { queued, conflated, overflow };

    outbound_queue(std::size_t max_messages, std::size_t max_bytes)
        : max_messages_(max_messages)
        , max_bytes_(max_bytes) {}

    /// `front_in_flight`: the front frame is being written and must stay.
    push_result push(actors::outbound_frame frame, bool front_in_flight);

    [[nodiscard]] bool empty() const { return frames_.empty(); }

    [[nodiscard]] std::size_t size() const { return frames_.size(); }

    [[nodiscard]] std::size_t bytes() const { return bytes_; }

    [[nodiscard]] const actors::outbound_frame& front() const { return frames_.front(); }

    void pop_front();

    /// Drops every frame except an in-flight front (used before a forced close).
    void drop_pending(bool front_in_flight);

    /// Frames dropped by conflation since construction.
    [[nodiscard]] std::uint64_t conflated() const { return conflated_; }

private:
    [[nodiscard]] bool fits(std::size_t extra_bytes) const {
        return frames_.size() + 1 <= max_messages_ && bytes_ + extra_bytes <= max_bytes_;
    }

    /// Removes the oldest queued frame that `newer` supersedes; false when there is none.
    bool drop_superseded(const actors::outbound_frame& newer, bool front_in_flight);

    std::size_t max_messages_;
    std::size_t max_bytes_;
    std::deque<actors::outbound_frame> frames_;
    std::size_t bytes_ = 0;
    std::uint64_t conflated_ = 0;
};

} // namespace sw::net
