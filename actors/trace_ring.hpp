#pragma once
// The bounded in-memory ring of the last `trace_ring` records; memory grows with use. A mutex
// guards it because records come from every thread (actor workers and the Asio side); tracing
// observes the actors, so it must not be an actor itself (it would trace its own mailbox).

#include <cstdint>
#include <mutex>
#include <vector>

#include "actors/trace_record.hpp"

namespace sw::actors::trace {

class ring {
public:
    explicit ring(std::size_t capacity);

    /// Numbers the record (`n`) and keeps it, overwriting the oldest when full.
    void push(record r);

    /// Records with n > since, oldest first; at most the last `limit` of them (0: all).
    [[nodiscard]] std::vector<record> since(std::uint64_t since, std::size_t limit = 0) const;

    /// Keeps the newest records that fit into the new capacity.
    void resize(std::size_t capacity);

    /// The last record number given out (0: none yet).
    [[nodiscard]] std::uint64_t last() const;

private:
    mutable std::mutex mu_;
    std::vector<record> slots_; ///< grows up to capacity_, then wraps
    std::size_t capacity_;
    std::size_t head_ = 0;  ///< slot of the oldest record
    std::size_t count_ = 0; ///< records kept
    std::uint64_t next_ = 1;
};

} // namespace sw::actors::trace
