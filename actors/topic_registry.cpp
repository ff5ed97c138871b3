#include "actors/topic_registry.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <unordered_map>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

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
    const void* batch_key = nullptr; // session_sink::batch_key
};

/// A topic's subscribers with one batch key, as the immutable list a broadcast hands over.
struct batch_list {
    const void* key = nullptr;
    std::shared_ptr<const sink_list> sinks;
};

/// The hand-over to the I/O thread of one batch key: one post per broadcast, bounded.
struct lane {
    batch_gauge in_flight = std::make_shared<std::atomic<std::size_t>>(0);
    std::vector<frame_batch> waiting; // while in_flight is at the bound, in order
};

struct topic_slot {
    std::vector<subscriber> subscribers; // dense, for the fan-out loop
    std::vector<batch_list> batches;     // subscribers by batch key; rebuilt when stale
    bool batches_stale = true;
    std::uint64_t seq = 0;
    shared_bytes state;           // JSON text
    shared_bytes snapshot;        // cached snapshot frame for `seq`; reset on publish
    std::uint64_t deliveries = 0; // frames queued to subscribers (broadcasts x subscribers)
    std::uint64_t bytes = 0;      // their bytes
};

struct membership {
    caf::actor handle;
    std::weak_ptr<session_sink> sink;
    const void* batch_key = nullptr;
    topic_mask mask = 0;
    std::array<std::uint32_t, protocol::topic_count> index{}; // position in subscribers
};

struct registry_state {
    static constexpr const char* name = "topic_registry";
    trace::slot_ptr trace_slot; // mailbox depth and the actor trace (actors/trace.hpp)

    // Past max_batches_in_flight broadcasts not yet delivered, an I/O thread is behind:
    // further ones wait here (see lane), where a newer full-state update replaces a waiting
    // one, instead of piling up in the I/O thread's queue with no bound.
    registry_limits limits;
    std::uint64_t waiting_dropped = 0; // broadcasts dropped because too many waited

    std::array<topic_slot, protocol::topic_count> topics;
    std::unordered_map<caf::actor_addr, membership> members;
    std::unordered_map<const void*, lane> lanes; // by batch key: one per I/O thread
    bool drain_scheduled = false;

    registry_state() {
        for (auto t : protocol::all_topics)
            slot(t).state = std::make_shared<const std::string>(initial_state(t));
    }

    topic_slot& slot(topic t) { return topics[static_cast<std::size_t>(t)]; }

    void add(membership& m, topic t) {
        auto& subs = slot(t).subscribers;
        m.index[static_cast<std::size_t>(t)] = static_cast<std::uint32_t>(subs.size());
        subs.push_back(subscriber{m.handle.address(), m.sink, m.batch_key});
        slot(t).batches_stale = true;
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
        slot(t).batches_stale = true;
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

    /// The topic's subscribers grouped by batch key, rebuilt at the first broadcast after a
    /// change (subscriptions change far less often than broadcasts go out).
    const std::vector<batch_list>& batches(topic_slot& s) {
        if (!s.batches_stale)
            return s.batches;
        std::unordered_map<const void*, sink_list> by_key;
        for (const auto& sub : s.subscribers)
            by_key[sub.batch_key].push_back(sub.sink);
        s.batches.clear();
        for (auto& [key, list] : by_key)
            s.batches.push_back(
                batch_list{key, std::make_shared<const sink_list>(std::move(list))});
        s.batches_stale = false;
        return s.batches;
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

/// Hands `batches` to their I/O thread in one crossing, through any of their sinks alive.
void post(lane& l, std::vector<frame_batch> batches) {
    std::shared_ptr<session_sink> via;
    for (const auto& b : batches) {
        for (const auto& weak : *b.sinks)
            if ((via = weak.lock()))
                break;
        if (via)
            break;
    }
    if (!via)
        return; // every session of these batches is gone
    l.in_flight->fetch_add(batches.size(), std::memory_order_relaxed);
    via->send_batches(std::move(batches), l.in_flight);
}

/// Hands over what waits in `l` once the I/O thread is below the bound; else asks for
/// another look after batch_retry_interval.
void drain(registry_actor* self, lane& l) {
    if (l.waiting.empty())
        return;
    if (l.in_flight->load(std::memory_order_relaxed) < self->state.limits.max_batches_in_flight) {
        post(l, std::exchange(l.waiting, {}));
        return;
    }
    if (!self->state.drain_scheduled) {
        self->state.drain_scheduled = true;
        tell_later(self, self->state.limits.batch_retry_interval, sw_flush_atom_v);
    }
}

/// The trace's drop record, for each subscriber of a waiting broadcast that will not go out.
void trace_dropped(const frame_batch& b, const char* why) {
    if (!b.frame.has_topic || !trace::wants(b.frame.trace_id))
        return;
    for (const auto& weak : *b.sinks)
        if (auto sink = weak.lock())
            sink->trace_dropped(b.frame, why);
}

/// Too many broadcasts wait for an I/O thread that has stopped: the oldest update goes, as
/// every subscriber's full session queue would drop it. Snapshots stay (a subscriber
/// without its snapshot would have no state to apply updates to).
void drop_oldest_waiting(registry_actor* self, lane& l) {
    auto oldest = std::find_if(l.waiting.begin(), l.waiting.end(), [](const frame_batch& w) {
        return !w.frame.is_snapshot;
    });
    if (oldest == l.waiting.end())
        return;
    trace_dropped(*oldest, "dropped");
    l.waiting.erase(oldest);
    // Logged at the first drop and then at every 1000th, not once per broadcast.
    if (self->state.waiting_dropped++ % 1000 == 0)
        spdlog::warn("the I/O thread is behind by {} broadcasts: dropping the oldest ({} so "
                     "far); [websocket] max_queue_messages bounds the wait",
                     l.waiting.size() + 1,
                     self->state.waiting_dropped);
}

/// One frame to the sinks of `b` (all with batch key `key`): at once when the I/O thread
/// keeps up, else it waits, in order with everything else for that thread. A waiting update
/// of a full-state topic is replaced by a newer one of the same topic (its subscribers see a
/// skipped seq, as a conflating session queue would show them).
void hand_over(registry_actor* self, const void* key, frame_batch b) {
    auto& l = self->state.lanes[key];
    if (l.waiting.empty()
        && l.in_flight->load(std::memory_order_relaxed)
               < self->state.limits.max_batches_in_flight) {
        std::vector<frame_batch> one;
        one.push_back(std::move(b));
        post(l, std::move(one));
        return;
    }
    const auto& f = b.frame;
    if (f.has_topic && f.supersedes_older && !f.is_snapshot) {
        auto older = std::find_if(l.waiting.begin(), l.waiting.end(), [&](const frame_batch& w) {
            return w.frame.has_topic && w.frame.topic == f.topic && !w.frame.is_snapshot
                   && w.sinks == b.sinks;
        });
        if (older != l.waiting.end()) {
            trace_dropped(*older, "conflated");
            l.waiting.erase(older);
        }
    }
    if (l.waiting.size() >= self->state.limits.max_waiting)
        drop_oldest_waiting(self, l);
    l.waiting.push_back(std::move(b));
    drain(self, l);
}

/// One frame to one subscriber: through its lane while broadcasts wait there, so that it
/// cannot overtake them.
void send_one(registry_actor* self, const membership& m, outbound_frame frame) {
    if (m.batch_key != nullptr) {
        auto it = self->state.lanes.find(m.batch_key);
        if (it != self->state.lanes.end() && !it->second.waiting.empty()) {
            hand_over(self,
                      m.batch_key,
                      frame_batch{std::move(frame), std::make_shared<const sink_list>(1, m.sink)});
            return;
        }
    }
    if (auto target = m.sink.lock())
        target->send_frame(std::move(frame));
}

caf::behavior registry_behavior(registry_actor* self, registry_limits limits) {
    self->state.trace_slot = trace::enter(self);
    self->state.limits = limits;
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
                if (auto target = sink.lock())
                    it->second.batch_key = target->batch_key();
                self->monitor(client);
            }
            for (auto t : protocol::all_topics) {
                auto bit = static_cast<topic_mask>(1U << static_cast<unsigned>(t));
                if ((mask & bit) == 0 || (it->second.mask & bit) != 0)
                    continue;
                st.add(it->second, t);
                send_one(self, it->second, st.snapshot_frame(t));
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
            // One hand-over per I/O thread (batch key) for the whole subscriber list; sinks
            // without a key (other I/O set-ups, tests) get theirs one by one.
            std::uint64_t delivered = 0;
            for (const auto& b : self->state.batches(s)) {
                if (b.key == nullptr) {
                    for (const auto& weak : *b.sinks)
                        if (auto sink = weak.lock()) {
                            sink->send_frame(frame);
                            ++delivered;
                        }
                    continue;
                }
                delivered += b.sinks->size();
                hand_over(self, b.key, frame_batch{frame, b.sinks});
            }
            s.deliveries += delivered;
            s.bytes += delivered * frame.bytes->size();
        },
        [self](sw_flush_atom) {
            // Broadcasts wait for an I/O thread that was behind (see hand_over).
            trace::handling h{self, sw_flush_atom_v};
            self->state.drain_scheduled = false;
            for (auto& [key, l] : self->state.lanes)
                drain(self, l);
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

caf::actor spawn_topic_registry(caf::actor_system& sys, registry_limits limits) {
    return sys.spawn(registry_behavior, limits);
}

} // namespace sw::actors
