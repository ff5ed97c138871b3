#pragma once
// Every live actor by id: its name and its mailbox depth as it last saw it. The trace names
// a message's receiver from here, and /metrics reports each kind of actor's mailbox
// high-water mark. Each actor updates only its own slot (relaxed atomics); the map itself is
// touched only at spawn and exit, and read by tracing and scrapes.

#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace sw::actors::trace {

struct actor_slot {
    std::uint64_t id = 0;
    const char* name = "actor";
    std::atomic<std::uint32_t> depth{0};
    std::atomic<std::uint32_t> high_water{0};

    /// Called by the owner as it starts handling a message, with the messages still waiting.
    void observe(std::size_t waiting) noexcept {
        const auto d = static_cast<std::uint32_t>(std::min<std::size_t>(waiting, UINT32_MAX));
        depth.store(d, std::memory_order_relaxed);
        if (d > high_water.load(std::memory_order_relaxed))
            high_water.store(d, std::memory_order_relaxed);
    }
};

using slot_ptr = std::shared_ptr<actor_slot>;

/// Mailbox figures of all actors of one name.
struct mailbox_figures {
    std::string name;
    std::uint64_t live = 0;       ///< actors of this name alive now
    std::uint64_t depth = 0;      ///< the deepest mailbox among them now
    std::uint64_t high_water = 0; ///< the deepest mailbox any of them (alive or not) ever had
};

class actor_directory {
public:
    slot_ptr add(std::uint64_t id, const char* name);
    void remove(const actor_slot& slot);

    /// The receiver's name and last seen depth; {nullptr, -1} for an unknown id.
    [[nodiscard]] std::pair<const char*, std::int64_t> describe(std::uint64_t id) const;

    /// One entry per actor name, sorted by name.
    [[nodiscard]] std::vector<mailbox_figures> mailboxes() const;

private:
    mutable std::shared_mutex mu_;
    std::unordered_map<std::uint64_t, slot_ptr> live_;
    std::unordered_map<std::string, std::uint64_t> retired_high_water_;
};

/// The process-wide directory (like the logger, shared by every actor system in the process).
actor_directory& directory();

} // namespace sw::actors::trace
