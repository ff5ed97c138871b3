#include "actors/fleet.hpp"

#include <map>
#include <optional>
#include <set>

#include "actors/messages.hpp"
#include "actors/send.hpp"

namespace sw::actors {
namespace {

/// A miner's latest snapshot: the JSON text its poller serialized (published, compared and
/// served without re-serializing) and the struct (for metrics and /metrics).
struct miner_entry {
    std::string id;
    std::string text;
    snapshot_ptr snap;
    poll_counts polls;
};

struct fleet_state {
    static constexpr const char* name = "fleet";
    trace::slot_ptr trace_slot; // mailbox depth and the actor trace (actors/trace.hpp)
    // The first traced poll among those a pending miners / metrics publication merges: the
    // publication carries its trace id (docs/TRACE.md, "Following one update").
    std::uint64_t flush_trace = 0;
    std::uint64_t metrics_trace = 0;

    caf::actor registry;
    caf::actor alerts;
    fleet_settings settings;
    std::map<std::string, miner_entry> by_name;  // sorted: the snapshot lists miners by name
    std::optional<std::set<std::string>> roster; // none until the owner sends one
    std::set<std::string> dirty;
    std::vector<std::string> removed_ids;
    bool flush_pending = false;
    miners::best_tracker best;
    std::optional<miners::fleet_totals> published_totals;
    bool metrics_pending = false;

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

    [[nodiscard]] miners::fleet_totals totals() const {
        std::vector<const miners::miner_snapshot*> snaps;
        snaps.reserve(by_name.size());
        for (const auto& [n, entry] : by_name)
            snaps.push_back(entry.snap.get());
        std::optional<double> configured;
        if (settings.network_difficulty > 0)
            configured = settings.network_difficulty;
        return miners::compute_fleet_totals(
            snaps, configured, best, std::chrono::system_clock::now());
    }
};

using fleet_actor_t = caf::stateful_actor<fleet_state>;

void schedule_flush(fleet_actor_t* self) {
    if (self->state.flush_pending)
        return;
    self->state.flush_pending = true;
    tell_later(self, self->state.settings.fleet.publish_interval, sw_flush_atom_v);
}

void schedule_metrics(fleet_actor_t* self) {
    if (self->state.metrics_pending)
        return;
    self->state.metrics_pending = true;
    tell_later(self, self->state.settings.metrics_interval, sw_metrics_atom_v);
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
                    std::move(keys),
                    trace::current_id()};
    tell(self, st.registry, sw_publish_atom_v, std::move(pub));
}

/// Publishes the metrics when they differ from what subscribers last got.
void publish_metrics(fleet_actor_t* self) {
    auto& st = self->state;
    st.metrics_pending = false;
    auto totals = st.totals();
    if (st.published_totals && *st.published_totals == totals)
        return;
    st.published_totals = totals;
    auto text = std::make_shared<const std::string>(miners::to_json(totals).dump());
    tell(self,
         st.registry,
         sw_publish_atom_v,
         publication{protocol::topic::metrics, text, text, nullptr, trace::current_id()});
}

caf::behavior fleet_behavior(fleet_actor_t* self,
                             caf::actor registry,
                             caf::actor alerts,
                             fleet_settings settings) {
    self->state.trace_slot = trace::enter(self);
    self->state.registry = std::move(registry);
    self->state.alerts = std::move(alerts);
    self->state.settings = std::move(settings);
    schedule_metrics(self); // the topic's state holds the (empty) fleet from the start
    return {
        [self](sw_snapshot_atom,
               const std::string& miner,
               std::string& id,
               std::string& text,
               snapshot_ptr& snap) {
            const auto trace_id = snap ? snap->trace_id : 0;
            trace::handling h{self, sw_snapshot_atom_v, trace_id};
            h.set_miner(id);
            auto& st = self->state;
            if (st.roster && st.roster->count(miner) == 0)
                return; // a late poll of a miner the config no longer lists
            if (st.metrics_trace == 0)
                st.metrics_trace = trace_id;
            if (snap) {
                st.best.observe(*snap, std::chrono::system_clock::now());
                if (st.alerts)
                    tell(self, st.alerts, sw_snapshot_atom_v, snap);
            }
            auto [it, fresh] = st.by_name.try_emplace(miner);
            auto& entry = it->second;
            entry.snap = std::move(snap);
            schedule_metrics(self);
            if (!fresh) {
                if (entry.text == text)
                    return;
                if (entry.id != id)
                    st.removed_ids.push_back(entry.id);
            }
            entry.id = std::move(id);
            entry.text = std::move(text);
            if (st.flush_trace == 0)
                st.flush_trace = trace_id;
            st.dirty.insert(miner);
            schedule_flush(self);
        },
        [self](sw_roster_atom, miner_roster& next) {
            trace::handling h{self, sw_roster_atom_v};
            auto& st = self->state;
            st.roster = std::move(next.names);
            for (auto it = st.by_name.begin(); it != st.by_name.end();) {
                if (st.roster->count(it->first) != 0) {
                    ++it;
                    continue;
                }
                if (st.alerts)
                    tell(self, st.alerts, sw_forget_atom_v, it->first);
                st.removed_ids.push_back(it->second.id);
                st.dirty.erase(it->first);
                it = st.by_name.erase(it);
                schedule_flush(self);
                schedule_metrics(self);
            }
        },
        [self](sw_reload_atom, const fleet_settings& next) {
            trace::handling h{self, sw_reload_atom_v};
            self->state.settings = next;
            schedule_metrics(self);
        },
        [self](sw_pollcnt_atom, const std::string& miner, const poll_counts& counts) {
            trace::handling h{self, sw_pollcnt_atom_v};
            auto it = self->state.by_name.find(miner);
            if (it != self->state.by_name.end())
                it->second.polls = counts;
        },
        [self](sw_flush_atom) {
            trace::handling h{self, sw_flush_atom_v, std::exchange(self->state.flush_trace, 0)};
            flush(self);
        },
        [self](sw_metrics_atom) {
            trace::handling h{self, sw_metrics_atom_v, std::exchange(self->state.metrics_trace, 0)};
            publish_metrics(self);
        },
        [self](sw_metrics_atom, const std::string&) -> std::string {
            trace::handling h{self, sw_metrics_atom_v};
            return miners::to_json(self->state.totals()).dump();
        },
        [self](sw_view_atom) -> fleet_view_ptr {
            trace::handling h{self, sw_view_atom_v};
            const auto& st = self->state;
            auto view = std::make_shared<fleet_view>();
            view->miners.reserve(st.by_name.size());
            for (const auto& [n, entry] : st.by_name) {
                if (entry.snap)
                    view->miners.push_back(*entry.snap);
                view->polls.emplace_back(n, entry.polls);
            }
            view->totals = st.totals();
            return view;
        },
        [self](sw_miners_atom, const std::string& which) -> std::string {
            trace::handling h{self, sw_miners_atom_v};
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

caf::actor spawn_fleet(caf::actor_system& sys,
                       caf::actor registry,
                       caf::actor alerts,
                       const fleet_settings& settings) {
    return sys.spawn(fleet_behavior, std::move(registry), std::move(alerts), settings);
}

} // namespace sw::actors
