#include "actors/miner_poller.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "actors/messages.hpp"
#include "actors/send.hpp"
#include "miners/driver.hpp"
#include "protocol/encode.hpp"

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::miners::poll_outcome)

namespace sw::actors {
namespace {

using clock_point = caf::actor_clock::time_point;

struct poller_state {
    static constexpr const char* name = "miner_poller";
    trace::slot_ptr trace_slot; // mailbox depth and the actor trace (actors/trace.hpp)

    config::miner_config miner;
    poller_context ctx;
    std::shared_ptr<miners::miner_driver> driver;
    miners::miner_snapshot snapshot;
    std::string last_sent; // the JSON text last sent to the fleet
    std::size_t failures_in_row = 0;
    std::uint64_t polls = 0;
    std::uint64_t skipped = 0;
    std::uint64_t ok = 0;
    std::uint64_t failed = 0;
    bool in_flight = false;
    clock_point next_due{};
    caf::timespan interval{};
    std::uint64_t schedule = 0; // ticks of an older schedule are ignored
};

using poller_actor_t = caf::stateful_actor<poller_state>;

miners::miner_kind kind_of(const std::string& kind) {
    return kind == "cgminer" ? miners::miner_kind::cgminer : miners::miner_kind::axeos;
}

/// The poll interval for the current state: the configured one while the miner answers;
/// doubling per failure once it is offline, up to offline_backoff_max.
caf::timespan interval_for(const poller_state& st) {
    const auto base = std::chrono::duration_cast<caf::timespan>(st.miner.poll_interval);
    if (st.failures_in_row < st.miner.offline_after)
        return base;
    const auto cap = std::max(
        base, std::chrono::duration_cast<caf::timespan>(st.ctx.fleet_cfg.offline_backoff_max));
    auto delay = base;
    for (std::size_t i = st.miner.offline_after; i <= st.failures_in_row && delay < cap; ++i)
        delay *= 2;
    return std::min(delay, cap);
}

void send_if_changed(poller_actor_t* self) {
    auto& st = self->state;
    // Serialized once here; the fleet, the registry and the REST API only splice the text.
    auto text =
        miners::to_json(st.snapshot).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text == st.last_sent)
        return;
    st.last_sent = text;
    auto snap = std::make_shared<miners::miner_snapshot>(st.snapshot);
    snap->trace_id = trace::current_id();
    tell(self,
         st.ctx.fleet,
         sw_snapshot_atom_v,
         st.miner.name,
         st.snapshot.id,
         std::move(text),
         snapshot_ptr{std::move(snap)});
}

void on_success(poller_actor_t* self, miners::miner_reading reading) {
    auto& st = self->state;
    auto& snap = st.snapshot;
    const auto previous_uptime = snap.reading.uptime_s;
    snap.restarted = previous_uptime && reading.uptime_s && *reading.uptime_s < *previous_uptime;
    if (snap.restarted)
        spdlog::info("miner {} restarted (uptime {} s -> {} s)",
                     st.miner.name,
                     *previous_uptime,
                     *reading.uptime_s);
    snap.reading = std::move(reading);
    snap.id = miners::miner_id(snap.reading, st.miner.name);
    snap.online = true;
    snap.last_error.reset();
    snap.last_seen = protocol::format_timestamp(std::chrono::system_clock::now());
    if (st.failures_in_row >= st.miner.offline_after)
        spdlog::info("miner {} is back online", st.miner.name);
    st.failures_in_row = 0;
}

void on_failure(poller_actor_t* self, std::string error) {
    auto& st = self->state;
    ++st.failures_in_row;
    st.snapshot.restarted = false;
    if (st.snapshot.last_error != error)
        spdlog::debug("miner {}: {}", st.miner.name, error);
    st.snapshot.last_error = std::move(error);
    if (st.failures_in_row == st.miner.offline_after) {
        st.snapshot.online = false;
        spdlog::warn("miner {} is offline: {}", st.miner.name, *st.snapshot.last_error);
    }
}

void start_poll(poller_actor_t* self) {
    auto& st = self->state;
    st.in_flight = true;
    ++st.polls;
    st.driver->poll(*st.ctx.io, [me = caf::actor{self}](miners::poll_outcome outcome) {
        tell_from_outside(me, sw_polled_atom_v, std::move(outcome));
    });
}

caf::behavior
poller_behavior(poller_actor_t* self, config::miner_config miner, poller_context ctx) {
    auto& st = self->state;
    st.trace_slot = trace::enter(self);
    st.miner = std::move(miner);
    st.ctx = ctx;
    st.driver = st.ctx.make_driver
                    ? st.ctx.make_driver(st.miner)
                    : miners::make_driver(
                        kind_of(st.miner.kind),
                        miners::driver_options{st.miner.host, st.miner.port, st.miner.timeout});
    st.snapshot.id = st.miner.name;
    st.snapshot.name = st.miner.name;
    st.snapshot.host = st.miner.host;
    st.snapshot.kind = kind_of(st.miner.kind);
    st.interval = interval_for(st);
    st.next_due = self->clock().now();
    send_if_changed(self); // the fleet lists the miner (offline, unknown) before its first poll
    tell(self, self, sw_poll_atom_v, st.schedule);
    return {
        [self](sw_poll_atom, std::uint64_t schedule) {
            trace::handling h{self, sw_poll_atom_v};
            auto& s = self->state;
            if (schedule != s.schedule)
                return; // replaced by a new schedule (the miner came back)
            // Fixed cadence: the next poll is due one interval after this one was due, not
            // after this one finished, so the schedule does not drift.
            auto now = self->clock().now();
            s.next_due += s.interval;
            if (s.next_due < now)
                s.next_due = now + s.interval; // we were late (a long pause): restart the grid
            tell_later(self, s.next_due - now, sw_poll_atom_v, s.schedule);
            if (s.in_flight) {
                ++s.skipped;
                s.ctx.stats->polls_skipped.fetch_add(1, std::memory_order_relaxed);
                return;
            }
            start_poll(self);
        },
        [self](sw_polled_atom, miners::poll_outcome& outcome) {
            // A finished poll starts an update: the trace follows it to every socket.
            trace::handling h{self, sw_polled_atom_v, trace::begin_update()};
            auto& s = self->state;
            h.set_miner(s.snapshot.id);
            s.in_flight = false;
            (outcome ? s.ctx.stats->polls_ok : s.ctx.stats->polls_failed)
                .fetch_add(1, std::memory_order_relaxed);
            ++(outcome ? s.ok : s.failed);
            const bool was_offline = s.failures_in_row >= s.miner.offline_after;
            if (outcome)
                on_success(self, std::move(*outcome));
            else
                on_failure(self, std::move(outcome.error()));
            s.interval = interval_for(s);
            if (was_offline && outcome) {
                // Back online: return to the normal cadence now, not after the long offline
                // interval that is already scheduled.
                ++s.schedule;
                s.next_due = self->clock().now() + s.interval;
                tell_later(self, s.interval, sw_poll_atom_v, s.schedule);
            }
            send_if_changed(self);
            // Per-miner counts for /metrics; cumulative, so a lost one costs nothing.
            tell(self,
                 s.ctx.fleet,
                 sw_pollcnt_atom_v,
                 s.miner.name,
                 poll_counts{s.ok, s.failed, s.skipped});
        },
    };
}

} // namespace

caf::actor spawn_miner_poller(caf::actor_system& sys,
                              const config::miner_config& miner,
                              const poller_context& ctx) {
    return sys.spawn(poller_behavior, miner, ctx);
}

} // namespace sw::actors
