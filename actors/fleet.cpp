#include "actors/fleet.hpp"

#include <map>
#include <set>

#include "actors/messages.hpp"
#include "actors/send.hpp"

namespace sw::actors {
namespace {

/// A miner's latest snapshot, kept as the JSON text its poller serialized: published,
/// compared and served without ever copying or re-serializing a JSON tree.
struct miner_entry {
    std::string id;
    std::string text;
};

struct fleet_state {
    static constexpr const char* name = "fleet";

    caf::actor registry;
    config::fleet_config cfg;
    std::map<std::string, miner_entry> by_name; // sorted: the snapshot lists miners by name
    std::set<std::string> dirty;
    std::vector<std::string> removed_ids;
    bool flush_pending = false;

    /// `[snap,snap,...]` of every miner, in name order.
    [[nodiscard]] std::string all() const {
        std::string out = "[";
        for (const auto& [n, entry] : by_name) {
            if (out.size() > 1)
                out += ',';
            out += entry.text;
        }
        return out += ']';
    }
};

using fleet_actor_t = caf::stateful_actor<fleet_state>;

void schedule_flush(fleet_actor_t* self) {
    if (self->state.flush_pending)
        return;
    self->state.flush_pending = true;
    tell_later(self, self->state.cfg.publish_interval, sw_flush_atom_v);
}

void flush(fleet_actor_t* self) {
    auto& st = self->state;
    st.flush_pending = false;
    if (st.dirty.empty() && st.removed_ids.empty())
        return;
    auto keys = std::make_shared<std::vector<std::string>>();
    std::string data = R"({"miners":[)";
    for (const auto& n : st.dirty) {
        const auto& entry = st.by_name.at(n);
        if (!keys->empty())
            data += ',';
        keys->push_back(entry.id);
        data += entry.text;
    }
    data += ']';
    if (!st.removed_ids.empty()) {
        data += R"(,"removed":)" + nlohmann::json(st.removed_ids).dump();
        keys.reset(); // a removal is not carried by a later update: never conflate it away
    }
    data += '}';
    st.dirty.clear();
    st.removed_ids.clear();
    publication pub{protocol::topic::miners,
                    std::make_shared<const std::string>(std::move(data)),
                    std::make_shared<const std::string>(R"({"miners":)" + st.all() + "}"),
                    std::move(keys)};
    tell(self, st.registry, sw_publish_atom_v, std::move(pub));
}

caf::behavior fleet_behavior(fleet_actor_t* self, caf::actor registry, config::fleet_config cfg) {
    self->state.registry = std::move(registry);
    self->state.cfg = cfg;
    return {
        [self](sw_snapshot_atom, const std::string& miner, std::string& id, std::string& text) {
            auto& st = self->state;
            auto [it, fresh] = st.by_name.try_emplace(miner);
            auto& entry = it->second;
            if (!fresh) {
                if (entry.text == text)
                    return;
                if (entry.id != id)
                    st.removed_ids.push_back(entry.id);
            }
            entry.id = std::move(id);
            entry.text = std::move(text);
            st.dirty.insert(miner);
            schedule_flush(self);
        },
        [self](sw_forget_atom, const std::string& miner) {
            auto& st = self->state;
            auto it = st.by_name.find(miner);
            if (it == st.by_name.end())
                return;
            st.removed_ids.push_back(it->second.id);
            st.by_name.erase(it);
            st.dirty.erase(miner);
            schedule_flush(self);
        },
        [self](sw_flush_atom) { flush(self); },
        [self](sw_miners_atom, const std::string& which) -> std::string {
            const auto& st = self->state;
            if (which.empty())
                return st.all();
            for (const auto& [n, entry] : st.by_name)
                if (entry.id == which || n == which)
                    return entry.text;
            return {};
        },
    };
}

} // namespace

caf::actor
spawn_fleet(caf::actor_system& sys, caf::actor registry, const config::fleet_config& cfg) {
    return sys.spawn(fleet_behavior, std::move(registry), cfg);
}

} // namespace sw::actors
