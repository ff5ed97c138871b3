#include "actors/notifier.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>

#include <spdlog/spdlog.h>

#include "actors/messages.hpp"
#include "actors/send.hpp"

namespace sw::actors {
namespace {

using nlohmann::json;

struct notifier_state {
    static constexpr const char* name = "notifier";
    trace::slot_ptr trace_slot; // mailbox depth and the actor trace (actors/trace.hpp)

    notify_channel channel;
    std::shared_ptr<miner_io> io;
    std::deque<notification> queue; // waiting behind `current`
    std::optional<notification> current;
    http_post_request request;    // `current`, formatted once
    std::size_t attempts = 0;     // of `current` so far
    std::uint64_t attempt_id = 0; // results and retry timers of older attempts are ignored
    std::uint64_t sent = 0;
    std::uint64_t failed = 0;
    std::uint64_t retried = 0;
    std::uint64_t dropped = 0;
    std::uint64_t dropping = 0; // drops in the current run of a full queue
    std::string last_error;
    std::uint64_t next_test = 0;
    std::map<std::uint64_t, caf::response_promise> tests;
};

using notifier_actor_t = caf::stateful_actor<notifier_state>;

/// retry_backoff x 2^(retry - 1), capped at an hour so large retry counts cannot overflow.
caf::timespan backoff(const notify_channel& channel, std::size_t retry) {
    const auto cap = std::chrono::duration_cast<caf::timespan>(std::chrono::hours(1));
    auto delay = std::chrono::duration_cast<caf::timespan>(channel.retry_backoff);
    for (std::size_t i = 1; i < retry && delay < cap; ++i)
        delay *= 2;
    return std::min(delay, cap);
}

/// Starts a POST on the io thread; its result comes back as (atom, id, post_result).
template <class Atom>
void post(notifier_actor_t* self, Atom atom, std::uint64_t id, http_post_request request) {
    auto& st = self->state;
    if (!known_kind(st.channel.kind)) {
        post_result refused{0, "unknown channel kind '" + st.channel.kind + "'", false};
        tell(self, self, atom, id, std::move(refused));
        return;
    }
    http_post(st.io->context(),
              std::move(request),
              st.channel.timeout,
              [me = caf::actor{self}, atom, id](post_result result) {
                  tell_from_outside(me, atom, id, std::move(result));
              });
}

void send_current(notifier_actor_t* self) {
    auto& st = self->state;
    ++st.attempts;
    ++st.attempt_id;
    post(self, sw_posted_atom_v, st.attempt_id, st.request);
}

void start_next(notifier_actor_t* self) {
    auto& st = self->state;
    st.current.reset();
    if (st.queue.empty())
        return;
    st.current = std::move(st.queue.front());
    st.queue.pop_front();
    st.request = format_request(st.channel, *st.current);
    st.attempts = 0;
    send_current(self);
}

void on_notify(notifier_actor_t* self, notification n) {
    auto& st = self->state;
    if (!wants(st.channel, n))
        return;
    if (st.current && st.queue.size() >= st.channel.queue_size) {
        ++st.dropped;
        // One line per run of drops, not one per drop: a storm must not flood the log too.
        if (++st.dropping == 1)
            spdlog::warn("notify {}: queue full ({} waiting), dropping '{}' and what follows",
                         st.channel.name,
                         st.queue.size(),
                         n.title);
        return;
    }
    if (st.dropping > 0) {
        spdlog::warn("notify {}: queue has room again; {} notifications were dropped",
                     st.channel.name,
                     st.dropping);
        st.dropping = 0;
    }
    st.queue.push_back(std::move(n));
    if (!st.current)
        start_next(self);
}

void on_posted(notifier_actor_t* self, std::uint64_t id, post_result& result) {
    auto& st = self->state;
    if (id != st.attempt_id || !st.current)
        return;
    if (result.ok()) {
        ++st.sent;
        st.last_error.clear();
        return start_next(self);
    }
    st.last_error = result.error;
    if (result.retryable && st.attempts <= st.channel.retries) {
        ++st.retried;
        const auto delay = backoff(st.channel, st.attempts);
        spdlog::info("notify {}: '{}' failed ({}); retry {} of {} in {} ms",
                     st.channel.name,
                     st.current->title,
                     result.error,
                     st.attempts,
                     st.channel.retries,
                     std::chrono::duration_cast<std::chrono::milliseconds>(delay).count());
        tell_later(self, delay, sw_nretry_atom_v, st.attempt_id);
        return;
    }
    ++st.failed;
    spdlog::warn("notify {}: dropping '{}' after {} attempt(s): {}",
                 st.channel.name,
                 st.current->title,
                 st.attempts,
                 result.error);
    start_next(self);
}

json stats_of(const notifier_state& st) {
    return {{"channel", st.channel.name},
            {"kind", st.channel.kind},
            {"sent", st.sent},
            {"failed", st.failed},
            {"retried", st.retried},
            {"dropped", st.dropped},
            {"queued", st.queue.size() + (st.current ? 1 : 0)},
            {"last_error", st.last_error.empty() ? json() : json(st.last_error)}};
}

caf::behavior
notifier_behavior(notifier_actor_t* self, notify_channel channel, std::shared_ptr<miner_io> io) {
    self->state.trace_slot = trace::enter(self);
    auto& st = self->state;
    st.channel = std::move(channel);
    st.io = std::move(io);
    if (!known_kind(st.channel.kind))
        spdlog::error(
            "notify {}: unknown kind '{}': nothing will be sent", st.channel.name, st.channel.kind);
    return {
        [self](sw_notify_atom, notification& n) {
            trace::handling h{self, sw_notify_atom_v};
            on_notify(self, std::move(n));
        },
        [self](sw_posted_atom, std::uint64_t id, post_result& result) {
            trace::handling h{self, sw_posted_atom_v};
            on_posted(self, id, result);
        },
        [self](sw_nretry_atom, std::uint64_t id) {
            trace::handling h{self, sw_nretry_atom_v};
            if (id == self->state.attempt_id && self->state.current)
                send_current(self);
        },
        [self](sw_stats_atom) -> json {
            trace::handling h{self, sw_stats_atom_v};
            return stats_of(self->state);
        },
        [self](sw_ntest_atom) -> caf::response_promise {
            trace::handling h{self, sw_ntest_atom_v};
            auto& s = self->state;
            auto promise = self->make_response_promise();
            const auto id = ++s.next_test;
            s.tests.emplace(id, promise);
            post(
                self, sw_ntest_atom_v, id, format_request(s.channel, test_notification(s.channel)));
            return promise;
        },
        [self](sw_ntest_atom, std::uint64_t id, post_result& result) {
            trace::handling h{self, sw_ntest_atom_v};
            auto& s = self->state;
            auto it = s.tests.find(id);
            if (it == s.tests.end())
                return;
            it->second.deliver(json{{"channel", s.channel.name},
                                    {"ok", result.ok()},
                                    {"status", result.status ? json(result.status) : json()},
                                    {"error", result.ok() ? json() : json(result.error)}});
            s.tests.erase(it);
        },
    };
}

} // namespace

caf::actor
spawn_notifier(caf::actor_system& sys, notify_channel channel, std::shared_ptr<miner_io> io) {
    return sys.spawn(notifier_behavior, std::move(channel), std::move(io));
}

} // namespace sw::actors
