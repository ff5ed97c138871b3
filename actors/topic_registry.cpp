#include "actors/topic_registry.hpp"

#include <array>
#include <unordered_map>
#include <vector>

#include "actors/messages.hpp"
#include "actors/send.hpp"
#include "actors/session_sink.hpp"
#include "protocol/encode.hpp"

namespace sw::actors {
namespace {

using protocol::topic;

/// Every topic always has a state, so a snapshot can always be sent.
std::string initial_state(topic t) {
    switch (t) {
    case topic::miners:
        return R"({"miners":[]})";
    case topic::alerts:
        return R"({"alerts":[]})";
    case topic::system:
    case topic::metrics:
        break;
    }
    return "{}";
}

/// Topics whose every update is the full state (system figures, fleet metrics).
bool supersedes_older(topic t) {
    return t == topic::system || t == topic::metrics;
}

struct subscriber {
    caf::actor_addr client;
    std::weak_ptr<session_sink> sink;
};

struct topic_slot {
    std::vector<subscriber> subscribers; // dense, for the fan-out loop
    std::uint64_t seq = 0;
    shared_bytes state;           // JSON text
    shared_bytes snapshot;        // cached snapshot frame for `seq`; reset on publish
    std::uint64_t deliveries = 0; // frames queued to subscribers (broadcasts x subscribers)
    std::uint64_t bytes = 0;      // their bytes
};

struct membership {
    caf::actor handle;
    std::weak_ptr<session_sink> sink;
    topic_mask mask = 0;
    std::array<std::uint32_t, protocol::topic_count> index{}; // position in subscribers
};

struct registry_state {
    static constexpr const char* name = "topic_registry";
    trace::slot_ptr trace_slot; // mailbox depth and the actor trace (actors/trace.hpp)

    std::array<topic_slot, protocol::topic_count> topics;
    std::unordered_map<caf::actor_addr, membership> members;

    registry_state() {
        for (auto t : protocol::all_topics)
            slot(t).state = std::make_shared<const std::string>(initial_state(t));
    }

    topic_slot& slot(topic t) { return topics[static_cast<std::size_t>(t)]; }

    void add(membership& m, topic t) {
        auto& subs = slot(t).subscribers;
        m.index[static_cast<std::size_t>(t)] = static_cast<std::uint32_t>(subs.size());
        subs.push_back(subscriber{m.handle.address(), m.sink});
        m.mask = static_cast<topic_mask>(m.mask | (1U << static_cast<unsigned>(t)));
    }

    /// Swap-remove keeps the fan-out vector dense; fix the moved member's index.
    void remove(membership& m, topic t) {
        auto& subs = slot(t).subscribers;
        auto pos = m.index[static_cast<std::size_t>(t)];
        if (pos + 1 != subs.size()) {
            subs[pos] = std::move(subs.back());
            members[subs[pos].client].index[static_cast<std::size_t>(t)] = pos;
        }
        subs.pop_back();
        m.mask = static_cast<topic_mask>(m.mask & ~(1U << static_cast<unsigned>(t)));
    }

    void remove_all(const caf::actor_addr& addr) {
        auto it = members.find(addr);
        if (it == members.end())
            return;
        for (auto t : protocol::all_topics)
            if ((it->second.mask & (1U << static_cast<unsigned>(t))) != 0)
                remove(it->second, t);
        members.erase(it);
    }

    outbound_frame snapshot_frame(topic t) {
        auto& s = slot(t);
        if (!s.snapshot) {
            auto now = protocol::format_timestamp(std::chrono::system_clock::now());
            s.snapshot = std::make_shared<const std::string>(
                protocol::frame_text(protocol::encode_snapshot_text(t, s.seq, now, *s.state)));
        }
        return outbound_frame{s.snapshot, true, t, s.seq, true};
    }
};

using registry_actor = caf::stateful_actor<registry_state>;

caf::behavior registry_behavior(registry_actor* self) {
    self->state.trace_slot = trace::enter(self);
    self->set_down_handler([self](caf::down_msg& dm) {
        trace::handling h{self, caf::atom("down")};
        self->state.remove_all(dm.source);
    });
    return {
        [self](sw_sub_atom,
               topic_mask mask,
               const caf::actor& client,
               const std::weak_ptr<session_sink>& sink) {
            trace::handling h{self, sw_sub_atom_v};
            auto& st = self->state;
            auto [it, inserted] = st.members.try_emplace(client.address());
            if (inserted) {
                it->second.handle = client;
                it->second.sink = sink;
                self->monitor(client);
            }
            auto target = sink.lock();
            for (auto t : protocol::all_topics) {
                auto bit = static_cast<topic_mask>(1U << static_cast<unsigned>(t));
                if ((mask & bit) == 0 || (it->second.mask & bit) != 0)
                    continue;
                st.add(it->second, t);
                if (target)
                    target->send_frame(st.snapshot_frame(t));
            }
        },
        [self](sw_unsub_atom, topic_mask mask, const caf::actor& client) {
            trace::handling h{self, sw_unsub_atom_v};
            auto& st = self->state;
            auto it = st.members.find(client.address());
            if (it == st.members.end())
                return;
            for (auto t : protocol::all_topics) {
                auto bit = static_cast<topic_mask>(1U << static_cast<unsigned>(t));
                if ((mask & bit) != 0 && (it->second.mask & bit) != 0)
                    st.remove(it->second, t);
            }
            if (it->second.mask == 0) {
                self->demonitor(client);
                st.members.erase(it);
            }
        },
        [self](sw_publish_atom, publication& pub) {
            trace::handling h{self, sw_publish_atom_v, pub.trace_id};
            auto& s = self->state.slot(pub.topic);
            s.seq += 1;
            if (pub.state)
                s.state = std::move(pub.state);
            s.snapshot.reset();

            auto now = protocol::format_timestamp(std::chrono::system_clock::now());
            outbound_frame frame{std::make_shared<const std::string>(
                                     protocol::frame_text(protocol::encode_broadcast_text(
                                         pub.topic, s.seq, now, pub.data ? *pub.data : "{}"))),
                                 true,
                                 pub.topic,
                                 s.seq,
                                 false,
                                 supersedes_older(pub.topic),
                                 std::move(pub.keys),
                                 pub.trace_id};
            std::uint64_t delivered = 0;
            for (const auto& sub : s.subscribers) {
                if (auto sink = sub.sink.lock()) {
                    sink->send_frame(frame);
                    ++delivered;
                }
            }
            s.deliveries += delivered;
            s.bytes += delivered * frame.bytes->size();
        },
        [self](sw_stats_atom) {
            trace::handling h{self, sw_stats_atom_v};
            nlohmann::json out = nlohmann::json::object();
            for (auto t : protocol::all_topics) {
                const auto& s = self->state.slot(t);
                out[std::string(protocol::to_string(t))] = {{"subscribers", s.subscribers.size()},
                                                            {"broadcasts", s.seq},
                                                            {"deliveries", s.deliveries},
                                                            {"bytes", s.bytes}};
            }
            return out;
        },
        [self](sw_topics_atom) {
            trace::handling h{self, sw_topics_atom_v};
            std::vector<std::uint64_t> counts;
            counts.reserve(protocol::topic_count);
            for (const auto& s : self->state.topics)
                counts.push_back(s.subscribers.size());
            return counts;
        },
    };
}

} // namespace

caf::actor spawn_topic_registry(caf::actor_system& sys) {
    return sys.spawn(registry_behavior);
}

} // namespace sw::actors
