#include "net/outbound_queue.hpp"

#include <algorithm>

namespace sw::net {

namespace {

std::size_t size_of(const actors::outbound_frame& f) {
    return f.bytes ? f.bytes->size() : 0;
}

/// True when `newer` carries everything `older` does, so dropping `older` loses nothing a
/// client needs (it can still see the skipped seq).
bool supersedes(const actors::outbound_frame& newer, const actors::outbound_frame& older) {
    if (!newer.has_topic || !older.has_topic || newer.topic != older.topic || older.is_snapshot)
        return false;
    if (newer.supersedes_older)
        return true;
    if (!newer.keys || !older.keys)
        return false;
    return std::all_of(older.keys->begin(), older.keys->end(), [&](const std::string& k) {
        return std::find(newer.keys->begin(), newer.keys->end(), k) != newer.keys->end();
    });
}

} // namespace

bool outbound_queue::drop_superseded(const actors::outbound_frame& newer, std::size_t in_flight) {
    if (!newer.has_topic || (!newer.supersedes_older && !newer.keys))
        return false;
    auto it = frames_.begin() + static_cast<std::ptrdiff_t>(std::min(in_flight, frames_.size()));
    for (; it != frames_.end(); ++it) {
        if (supersedes(newer, *it)) {
            if (observer_)
                observer_(*it, "conflated");
            bytes_ -= size_of(*it);
            frames_.erase(it);
            ++conflated_;
            return true;
        }
    }
    return false;
}

outbound_queue::push_result outbound_queue::push(actors::outbound_frame frame,
                                                 std::size_t in_flight) {
    const auto size = size_of(frame);
    bool conflated = false;
    while (!fits(size)) {
        if (!drop_superseded(frame, in_flight))
            return push_result::overflow;
        conflated = true;
    }
    bytes_ += size;
    frames_.push_back(std::move(frame));
    return conflated ? push_result::conflated : push_result::queued;
}

void outbound_queue::pop_front(std::size_t n) {
    for (; n > 0 && !frames_.empty(); --n) {
        bytes_ -= size_of(frames_.front());
        frames_.pop_front();
    }
    if (frames_.empty())
        frames_.shrink_to_fit(); // an emptied boost deque frees its map and last block
}

void outbound_queue::drop_pending(std::size_t in_flight) {
    while (frames_.size() > in_flight) {
        if (observer_)
            observer_(frames_.back(), "dropped");
        bytes_ -= size_of(frames_.back());
        frames_.pop_back();
    }
}

} // namespace sw::net
