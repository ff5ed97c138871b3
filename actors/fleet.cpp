#include "actors/fleet.hpp"

#include <map>
#include <set>

#include "actors/messages.hpp"
#include "actors/send.hpp"

namespace sw::actors {
namespace {

using nlohmann::json;

struct fleet_state {
    static constexpr const char* name = "fleet";

    caf::actor registry;
    config::fleet_config cfg;
    std::map<std::string, json> by_name; // sorted: the snapshot lists miners by name
    std::set<std::string> dirty;
    std::vector<std::string> removed_ids;
    bool flush_pending = false;

    [[nodiscard]] json all() const {
        json out = json::array();
        for (const auto& [n, snap] : by_name)
            out.push_back(snap);
        return out;
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
    json changed = json::array();
    auto keys = std::make_shared<std::vector<std::string>>();
    for (const auto& n : st.dirty) {
        const auto& snap = st.by_name.at(n);
        keys->push_back(snap.value("id", n));
        changed.push_back(snap);
    }
    json data{{"miners", std::move(changed)}};
    if (!st.removed_ids.empty()) {
        data["removed"] = st.removed_ids;
        keys.reset(); // a removal is not carried by a later update: never conflate it away
    }
    st.dirty.clear();
    st.removed_ids.clear();
    publication pub{protocol::topic::miners,
                    std::make_shared<const json>(std::move(data)),
                    std::make_shared<const json>(json{{"miners", st.all()}}),
                    std::move(keys)};
    tell(self, st.registry, sw_publish_atom_v, std::move(pub));
}

caf::behavior fleet_behavior(fleet_actor_t* self, caf::actor registry, config::fleet_config cfg) {
    self->state.registry = std::move(registry);
    self->state.cfg = cfg;
    return {
        [self](sw_snapshot_atom, const std::string& miner, json& snap) {
            auto& st = self->state;
            auto it = st.by_name.find(miner);
            if (it != st.by_name.end()) {
                if (it->second == snap)
                    return;
                auto old_id = it->second.value("id", miner);
                if (old_id != snap.value("id", miner))
                    st.removed_ids.push_back(old_id);
                it->second = std::move(snap);
            } else {
                st.by_name.emplace(miner, std::move(snap));
            }
            st.dirty.insert(miner);
            schedule_flush(self);
        },
        [self](sw_forget_atom, const std::string& miner) {
            auto& st = self->state;
            auto it = st.by_name.find(miner);
            if (it == st.by_name.end())
                return;
            st.removed_ids.push_back(it->second.value("id", miner));
            st.by_name.erase(it);
            st.dirty.erase(miner);
            schedule_flush(self);
        },
        [self](sw_flush_atom) { flush(self); },
        [self](sw_miners_atom) { return self->state.all(); },
    };
}

} // namespace

caf::actor
spawn_fleet(caf::actor_system& sys, caf::actor registry, const config::fleet_config& cfg) {
    return sys.spawn(fleet_behavior, std::move(registry), cfg);
}

} // namespace sw::actors
