#include "actors/client_actor.hpp"

#include <atomic>
#include <bitset>
#include <optional>
#include <utility>

#include "actors/messages.hpp"
#include "actors/rate_limiter.hpp"
#include "actors/send.hpp"
#include "actors/topic_registry.hpp"
#include "protocol/encode.hpp"

namespace sw::actors {
namespace {

using protocol::topic;
using steady = std::chrono::steady_clock;
using wall = std::chrono::system_clock;

std::atomic<std::uint64_t> next_client_sequence{1};

struct client_state {
    static constexpr const char* name = "client";
    trace::slot_ptr trace_slot; // mailbox depth and the actor trace (actors/trace.hpp)

    client_context ctx;
    std::weak_ptr<session_sink> sink;
    client_info info;
    std::string client_id;
    wall::time_point connected_at;
    wall::time_point last_activity_wall;
    std::optional<wall::time_point> last_ping_wall;
    steady::time_point last_activity;
    std::bitset<protocol::topic_count> subscribed;
    std::uint64_t message_count = 0; // data frames received
    std::uint64_t conflated = 0;     // updates the session dropped for a newer one
    bool inactive_warned = false;
    std::optional<close_reason> closing; ///< set once we decided to close, and why
    std::optional<rate_limiter> limiter;

    /// Frames queued to the session: replies and broadcasts (the registry queues those
    /// directly), counted by the session.
    [[nodiscard]] traffic sent() const {
        auto s = sink.lock();
        return s ? s->sent() : traffic{};
    }

    [[nodiscard]] topic_mask mask() const { return static_cast<topic_mask>(subscribed.to_ulong()); }

    std::vector<topic> held_topics() const {
        std::vector<topic> out;
        for (auto t : protocol::all_topics)
            if (subscribed.test(static_cast<std::size_t>(t)))
                out.push_back(t);
        return out;
    }
};

using client_actor_t = caf::stateful_actor<client_state>;

void send_text(client_actor_t* self, std::string text) {
    auto& st = self->state;
    auto sink = st.sink.lock();
    if (!sink)
        return;
    sink->send_frame(make_text_frame(text));
}

void close_session(client_actor_t* self, close_reason why, std::uint16_t code, std::string reason) {
    auto& st = self->state;
    if (st.closing)
        return;
    st.closing = why;
    if (auto sink = st.sink.lock())
        sink->close(code, std::move(reason));
}

void touch(client_actor_t* self) {
    auto& st = self->state;
    st.last_activity = self->clock().now(); // the actor clock: virtual time in tests
    st.last_activity_wall = wall::now();
    st.inactive_warned = false;
}

topic_mask mask_of(const std::vector<topic>& topics) {
    topic_mask m = 0;
    for (auto t : topics)
        m = static_cast<topic_mask>(m | (1U << static_cast<unsigned>(t)));
    return m;
}

void on_subscribe(client_actor_t* self, const protocol::request& req) {
    auto& st = self->state;
    std::vector<topic> added;
    for (auto t : req.topics) {
        if (!st.subscribed.test(static_cast<std::size_t>(t))) {
            st.subscribed.set(static_cast<std::size_t>(t));
            added.push_back(t);
        }
    }
    // The session lets the new topics through and the reply is queued before the registry
    // learns of the subscription, so the client sees `subscribed` first and then one
    // `<topic>_snapshot` per added topic.
    if (auto sink = st.sink.lock(); sink && !added.empty())
        sink->set_topics(st.mask());
    send_text(self, protocol::encode_subscribed(req.id, added, st.held_topics()));
    if (!added.empty())
        tell(self, st.ctx.registry, sw_sub_atom_v, mask_of(added), caf::actor{self}, st.sink);
}

void on_unsubscribe(client_actor_t* self, const protocol::request& req) {
    auto& st = self->state;
    std::vector<topic> removed;
    for (auto t : req.topics) {
        if (st.subscribed.test(static_cast<std::size_t>(t))) {
            st.subscribed.reset(static_cast<std::size_t>(t));
            removed.push_back(t);
        }
    }
    if (auto sink = st.sink.lock(); sink && !removed.empty())
        sink->set_topics(st.mask()); // before the reply: nothing of these topics follows it
    send_text(self, protocol::encode_unsubscribed(req.id, removed, st.held_topics()));
    if (!removed.empty())
        tell(self, st.ctx.registry, sw_unsub_atom_v, mask_of(removed), caf::actor{self});
}

void on_ping(client_actor_t* self, const protocol::request& req) {
    auto& st = self->state;
    st.last_ping_wall = wall::now();
    std::optional<protocol::ping_stats> stats;
    if (req.include_stats) {
        stats = protocol::ping_stats{protocol::format_timestamp(st.connected_at),
                                     st.message_count,
                                     st.sent().frames,
                                     st.held_topics(),
                                     st.ctx.stats->active_connections.load(),
                                     st.ctx.stats->uptime_seconds()};
    }
    send_text(self, protocol::encode_pong(req.id, protocol::format_timestamp(wall::now()), stats));
}

void on_get_status(client_actor_t* self, const protocol::request& req) {
    auto& st = self->state;
    protocol::status s;
    s.client_id = st.client_id;
    s.connected_at = protocol::format_timestamp(st.connected_at);
    s.last_activity = protocol::format_timestamp(st.last_activity_wall);
    if (st.last_ping_wall)
        s.last_ping = protocol::format_timestamp(*st.last_ping_wall);
    s.subscribed_topics = st.held_topics();
    s.message_count = st.message_count;
    const auto sent = st.sent();
    s.messages_sent = sent.frames;
    s.remote_addr = st.info.remote_addr;
    s.user_agent = st.info.user_agent;
    s.active_connections = st.ctx.stats->active_connections.load();
    s.uptime_seconds = st.ctx.stats->uptime_seconds();
    s.version = st.ctx.stats->version;
    s.connection = {
        {"duration_seconds", std::chrono::duration<double>(wall::now() - st.connected_at).count()},
        {"frames_in", st.message_count},
        {"frames_out", sent.frames},
        {"bytes_out", sent.bytes},
        {"rate_limited", st.limiter ? st.limiter->refused() : 0},
        {"conflated", st.conflated},
    };
    send_text(self, protocol::encode_status(req.id, s));
}

void on_get_topics(client_actor_t* self, const protocol::request& req) {
    // `await` keeps replies in request order: nothing else is handled until counts arrive.
    self->request(self->state.ctx.registry, std::chrono::seconds(5), sw_topics_atom_v)
        .await(
            [self, id = req.id](const std::vector<std::uint64_t>& counts) {
                std::vector<protocol::topic_stat> topics;
                for (auto t : protocol::all_topics) {
                    auto i = static_cast<std::size_t>(t);
                    topics.push_back({t, i < counts.size() ? counts[i] : 0});
                }
                send_text(self, protocol::encode_topics(id, topics));
            },
            [self, id = req.id](const caf::error&) {
                std::vector<protocol::topic_stat> topics;
                for (auto t : protocol::all_topics)
                    topics.push_back({t, 0});
                send_text(self, protocol::encode_topics(id, topics));
            });
}

void dispatch(client_actor_t* self, const protocol::request& req) {
    switch (req.type) {
    case protocol::request_type::subscribe:
        on_subscribe(self, req);
        break;
    case protocol::request_type::unsubscribe:
        on_unsubscribe(self, req);
        break;
    case protocol::request_type::ping:
        on_ping(self, req);
        break;
    case protocol::request_type::get_status:
        on_get_status(self, req);
        break;
    case protocol::request_type::get_topics:
        on_get_topics(self, req);
        break;
    }
}

/// The id of a frame the rate limiter refused, so the error can echo it.
nlohmann::json peek_id(const std::string& text) {
    auto decoded = protocol::decode_request(text);
    return decoded ? decoded->id : decoded.error().id;
}

void on_text(client_actor_t* self, std::string& text) {
    auto& st = self->state;
    touch(self);
    ++st.message_count;
    if (st.closing)
        return;
    switch (st.limiter->on_request(self->clock().now())) {
    case rate_limiter::verdict::allow:
        break;
    case rate_limiter::verdict::refuse:
        send_text(self,
                  protocol::encode_error(protocol::rate_limited_error(
                      peek_id(text), st.ctx.websocket.rate_limit_per_second)));
        return;
    case rate_limiter::verdict::refuse_quiet:
        return;
    case rate_limiter::verdict::close:
        close_session(self,
                      close_reason::rate,
                      protocol::close_code::policy_violation,
                      "rate limit exceeded");
        return;
    }
    auto decoded = protocol::decode_request(text);
    if (!decoded) {
        send_text(self, protocol::encode_error(decoded.error()));
        return;
    }
    dispatch(self, *decoded);
}

void on_beat(client_actor_t* self, steady::time_point now) {
    auto& st = self->state;
    const auto& ws = st.ctx.websocket;
    auto silent = now - st.last_activity;
    auto interval = std::chrono::duration<double>(ws.heartbeat_interval);
    if (silent >= interval * ws.stale_factor) {
        // Not reading, so no close handshake can complete: drop the TCP connection.
        if (!st.closing) {
            st.closing = close_reason::stale;
            if (auto sink = st.sink.lock())
                sink->abort();
        }
        return;
    }
    if (!st.inactive_warned && silent >= interval * ws.inactive_factor) {
        st.inactive_warned = true;
        // The supervisor logs it and counts it on `system`.
        tell(self,
             st.ctx.supervisor,
             sw_idle_atom_v,
             st.client_id,
             std::chrono::duration<double>(silent).count());
    }
    // The supervisor's clock ticks once per heartbeat_interval: every beat is a ping.
    if (auto sink = st.sink.lock())
        sink->ping();
}

caf::behavior client_behavior(client_actor_t* self,
                              client_context ctx,
                              std::weak_ptr<session_sink> sink,
                              client_info info) {
    self->state.trace_slot = trace::enter(self);
    auto& st = self->state;
    st.ctx = std::move(ctx);
    st.sink = std::move(sink);
    st.info = std::move(info);
    // Moved, not copied: one copy of the id per client is enough (info's is left empty).
    st.client_id =
        st.info.client_id.empty() ? next_client_id() : std::exchange(st.info.client_id, {});
    st.connected_at = wall::now();
    touch(self);
    const auto& ws = st.ctx.websocket;
    st.limiter.emplace(
        ws.rate_limit_per_second,
        ws.rate_limit_burst,
        ws.flood_factor,
        static_cast<int>(
            std::chrono::duration_cast<std::chrono::seconds>(ws.flood_duration).count()),
        st.last_activity);
    // An actor that dies for any reason other than its session ending closes the session
    // with 1011; the registry and supervisor see the down message and drop it everywhere.
    self->attach_functor([weak = st.sink](const caf::error& reason) {
        if (reason == caf::exit_reason::normal)
            return;
        if (auto s = weak.lock())
            s->close(protocol::close_code::internal_error, "internal error");
    });
    send_text(self,
              protocol::encode_welcome(protocol::welcome{
                  st.client_id,
                  protocol::format_timestamp(st.connected_at),
                  std::chrono::duration<double>(st.ctx.websocket.heartbeat_interval).count(),
                  st.ctx.stats->version}));
    return {
        [self](sw_text_atom, std::string& text) {
            trace::handling h{self, sw_text_atom_v};
            on_text(self, text);
        },
        [self](sw_binary_atom) {
            trace::handling h{self, sw_binary_atom_v};
            auto& s = self->state;
            touch(self);
            ++s.message_count;
            send_text(self, protocol::encode_error(protocol::binary_frame_error()));
        },
        [self](sw_toobig_atom) {
            trace::handling h{self, sw_toobig_atom_v};
            auto& s = self->state;
            touch(self);
            send_text(
                self,
                protocol::encode_error(protocol::message_too_large_error(s.ctx.max_message_bytes)));
            close_session(self,
                          close_reason::error,
                          protocol::close_code::message_too_big,
                          "message too big");
        },
        [self](sw_pong_atom) {
            trace::handling h{self, sw_pong_atom_v};
            touch(self);
            self->state.last_ping_wall = wall::now();
        },
        [self](sw_beat_atom, steady::time_point now) {
            trace::handling h{self, sw_beat_atom_v};
            on_beat(self, now);
        },
        [self](sw_confl_atom) {
            trace::handling h{self, sw_confl_atom_v};
            ++self->state.conflated;
        },
        [self](sw_shutdown_atom) {
            trace::handling h{self, sw_shutdown_atom_v};
            close_session(
                self, close_reason::shutdown, protocol::close_code::going_away, "server shutdown");
        },
        [self](sw_closed_atom, close_reason session_reason) {
            trace::handling h{self, sw_closed_atom_v};
            // The session is gone: leave every topic, then stop. The registry and supervisor
            // also see our down message; this just makes the cleanup immediate.
            auto& s = self->state;
            auto held = s.held_topics();
            if (!held.empty())
                tell(self, s.ctx.registry, sw_unsub_atom_v, mask_of(held), caf::actor{self});
            s.subscribed.reset();
            tell(self, s.ctx.supervisor, sw_closed_atom_v, s.closing.value_or(session_reason));
            self->quit();
        },
    };
}

} // namespace

std::string next_client_id() {
    return protocol::make_client_id(next_client_sequence.fetch_add(1));
}

caf::actor spawn_client(caf::actor_system& sys,
                        const client_context& ctx,
                        std::weak_ptr<session_sink> sink,
                        client_info info) {
    auto client = sys.spawn(client_behavior, ctx, std::move(sink), std::move(info));
    tell_from_outside(ctx.supervisor, sw_client_atom_v, client);
    return client;
}

} // namespace sw::actors
