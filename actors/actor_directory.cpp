#include "actors/actor_directory.hpp"

#include <algorithm>
#include <map>
#include <mutex>

namespace sw::actors::trace {

slot_ptr actor_directory::add(std::uint64_t id, const char* name) {
    auto slot = std::make_shared<actor_slot>();
    slot->id = id;
    slot->name = name != nullptr ? name : "actor";
    std::unique_lock lock{mu_};
    live_[id] = slot;
    return slot;
}

void actor_directory::remove(const actor_slot& slot) {
    std::unique_lock lock{mu_};
    auto& retired = retired_high_water_[slot.name];
    retired = std::max<std::uint64_t>(retired, slot.high_water.load(std::memory_order_relaxed));
    live_.erase(slot.id);
}

std::pair<const char*, std::int64_t> actor_directory::describe(std::uint64_t id) const {
    std::shared_lock lock{mu_};
    auto it = live_.find(id);
    if (it == live_.end())
        return {nullptr, -1};
    return {it->second->name, it->second->depth.load(std::memory_order_relaxed)};
}

std::vector<mailbox_figures> actor_directory::mailboxes() const {
    std::map<std::string, mailbox_figures> by_name;
    std::shared_lock lock{mu_};
    for (const auto& [name, high] : retired_high_water_) {
        auto& f = by_name[name];
        f.name = name;
        f.high_water = high;
    }
    for (const auto& [id, slot] : live_) {
        auto& f = by_name[slot->name];
        f.name = slot->name;
        f.live += 1;
        f.depth = std::max<std::uint64_t>(f.depth, slot->depth.load(std::memory_order_relaxed));
        f.high_water =
            std::max<std::uint64_t>(f.high_water, slot->high_water.load(std::memory_order_relaxed));
    }
    std::vector<mailbox_figures> out;
    out.reserve(by_name.size());
    for (auto& [name, f] : by_name)
        out.push_back(std::move(f));
    return out;
}

actor_directory& directory() {
    static actor_directory instance;
    return instance;
}

} // namespace sw::actors::trace
