#include "actors/supervisor.hpp"

#include <array>
#include <map>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "actors/messages.hpp"
#include "actors/send.hpp"

namespace sw::actors {
namespace {

using clock_point = caf::actor_clock::time_point;

struct child_state {
    child_spec spec;
    caf::actor handle{};
    clock_point started{};
    unsigned failures_in_row = 0;
    std::uint64_t restarts = 0;
    std::string last_exit{};
    bool restart_pending = false;
};

struct supervisor_state {
    static constexpr const char* name = "supervisor";
    trace::slot_ptr trace_slot; // mailbox depth and the actor trace (actors/trace.hpp)

    config::websocket_config ws;
    config::actors_config actors;
    std::unordered_map<caf::actor_addr, caf::actor> clients;
    std::map<std::string, child_state> children;
    std::unordered_map<caf::actor_addr, std::string> child_names;
    std::uint64_t opened = 0;
    std::array<std::uint64_t, close_reason_count> closed{};
    std::uint64_t crashed = 0;
    std::uint64_t inactive_warnings = 0;
    std::uint64_t restarts = 0;
    bool shutting_down = false;

    [[nodiscard]] std::uint64_t closed_total() const {
        std::uint64_t n = 0;
        for (auto c : closed)
            n += c;
        return n;
    }

    [[nodiscard]] nlohmann::json stats() const {
        nlohmann::json by_reason = nlohmann::json::object();
        for (std::size_t i = 0; i < close_reason_count; ++i)
            by_reason[to_string(static_cast<close_reason>(i))] = closed[i];
        nlohmann::json kids = nlohmann::json::object();
        for (const auto& [child_name, c] : children)
            kids[child_name] = {{"running", static_cast<bool>(c.handle)},
                                {"restarts", c.restarts},
                                {"last_exit", c.last_exit}};
        return {{"active", clients.size()},
                {"opened", opened},
                {"closed", closed_total()},
                {"closed_by_reason", by_reason},
                {"crashed", crashed},
                {"inactive_warnings", inactive_warnings},
                {"restarts", restarts},
                {"children", kids}};
    }
};

using supervisor_actor_t = caf::stateful_actor<supervisor_state>;

constexpr auto summary_period = std::chrono::minutes(1);

void start_child(supervisor_actor_t* self, child_state& c) {
    c.restart_pending = false;
    c.handle = c.spec.start(self->system());
    c.started = self->clock().now();
    if (!c.handle)
        return;
    self->state.child_names[c.handle.address()] = c.spec.name;
    self->monitor(c.handle);
}

/// initial x 2^(failures-1), capped at max.
caf::timespan backoff(const config::actors_config& cfg, unsigned failures) {
    auto delay = std::chrono::duration_cast<caf::timespan>(cfg.restart_backoff_initial);
    const auto cap = std::chrono::duration_cast<caf::timespan>(cfg.restart_backoff_max);
    for (unsigned i = 1; i < failures && delay < cap; ++i)
        delay *= 2;
    return std::min(delay, cap);
}

void on_child_down(supervisor_actor_t* self, const std::string& name, const caf::error& reason) {
    auto& st = self->state;
    auto it = st.children.find(name);
    if (it == st.children.end())
        return;
    auto& c = it->second;
    c.handle = nullptr;
    c.last_exit = reason ? self->system().render(reason) : "normal";
    if (!reason || reason == caf::exit_reason::normal || reason == caf::exit_reason::user_shutdown
        || st.shutting_down)
        return; // stopped on purpose
    const bool ran_long =
        self->clock().now() - c.started
        >= std::chrono::duration_cast<caf::timespan>(st.actors.restart_backoff_max);
    c.failures_in_row = ran_long ? 1 : c.failures_in_row + 1;
    auto delay = backoff(st.actors, c.failures_in_row);
    c.restart_pending = true;
    spdlog::warn("{} failed ({}); restarting in {} ms",
                 name,
                 c.last_exit,
                 std::chrono::duration_cast<std::chrono::milliseconds>(delay).count());
    tell_later(self, delay, sw_restart_atom_v, name);
}

void on_down(supervisor_actor_t* self, caf::down_msg& dm) {
    auto& st = self->state;
    if (auto child = st.child_names.find(dm.source); child != st.child_names.end()) {
        auto name = std::move(child->second);
        st.child_names.erase(child);
        on_child_down(self, name, dm.reason);
        return;
    }
    if (st.clients.erase(dm.source) == 0)
        return;
    // A client that ended normally already reported its reason (sw_closed).
    if (dm.reason && dm.reason != caf::exit_reason::normal) {
        ++st.crashed;
        ++st.closed[static_cast<std::size_t>(close_reason::error)];
        spdlog::warn("client actor {} died: {}", dm.source.id(), self->system().render(dm.reason));
    }
}

void log_summary(const supervisor_state& st) {
    spdlog::info("connections: {} active, {} opened, {} closed (stale {}, slow {}, rate {}, "
                 "error {}), {} inactive warnings, {} restarts",
                 st.clients.size(),
                 st.opened,
                 st.closed_total(),
                 st.closed[static_cast<std::size_t>(close_reason::stale)],
                 st.closed[static_cast<std::size_t>(close_reason::slow)],
                 st.closed[static_cast<std::size_t>(close_reason::rate)],
                 st.closed[static_cast<std::size_t>(close_reason::error)],
                 st.inactive_warnings,
                 st.restarts);
}

caf::behavior supervisor_behavior(supervisor_actor_t* self,
                                  config::websocket_config ws,
                                  config::actors_config actors) {
    self->state.trace_slot = trace::enter(self);
    self->state.ws = ws;
    self->state.actors = actors;
    self->set_down_handler([self](caf::down_msg& dm) { on_down(self, dm); });
    tell_later(self, ws.heartbeat_interval, sw_beat_atom_v);
    tell_later(self, summary_period, sw_tick_atom_v);
    return {
        [self](sw_client_atom, const caf::actor& client) {
            trace::handling h{self, sw_client_atom_v};
            auto& st = self->state;
            self->monitor(client);
            st.clients.emplace(client.address(), client);
            ++st.opened;
            if (st.shutting_down)
                tell(self, client, sw_shutdown_atom_v);
        },
        [self](sw_closed_atom, close_reason why) {
            trace::handling h{self, sw_closed_atom_v};
            ++self->state.closed[static_cast<std::size_t>(why)];
        },
        [self](sw_idle_atom, const std::string& client_id, double seconds) {
            trace::handling h{self, sw_idle_atom_v};
            ++self->state.inactive_warnings;
            spdlog::warn("client {} inactive for {:.1f} s", client_id, seconds);
        },
        [self](sw_superv_atom, child_spec& spec) {
            trace::handling h{self, sw_superv_atom_v};
            auto name = spec.name;
            auto [it, inserted] = self->state.children.try_emplace(name);
            if (!inserted && it->second.handle) // replaced: stop the old one first
                caf::anon_send_exit(it->second.handle, caf::exit_reason::user_shutdown);
            it->second = child_state{std::move(spec)};
            start_child(self, it->second);
        },
        [self](sw_unsup_atom, const std::string& name) {
            trace::handling h{self, sw_unsup_atom_v};
            auto& st = self->state;
            auto it = st.children.find(name);
            if (it == st.children.end())
                return;
            if (it->second.handle) {
                st.child_names.erase(it->second.handle.address());
                self->demonitor(it->second.handle);
                caf::anon_send_exit(it->second.handle, caf::exit_reason::user_shutdown);
            }
            st.children.erase(it);
        },
        [self](sw_restart_atom, const std::string& name) {
            trace::handling h{self, sw_restart_atom_v};
            auto& st = self->state;
            auto it = st.children.find(name);
            if (it == st.children.end() || !it->second.restart_pending || st.shutting_down)
                return;
            ++it->second.restarts;
            ++st.restarts;
            start_child(self, it->second);
            if (const auto& child = it->second.handle) {
                // Local actors know their state's name; the trace wants that, not the spec's.
                const auto* local =
                    dynamic_cast<caf::local_actor*>(caf::actor_cast<caf::abstract_actor*>(child));
                trace::restarted(child.id(),
                                 local != nullptr ? local->name() : "actor",
                                 it->second.restarts,
                                 name + " after " + it->second.last_exit);
            }
            spdlog::info("restarted {} (restart {})", name, it->second.restarts);
        },
        [self](sw_beat_atom) {
            trace::handling h{self, sw_beat_atom_v};
            auto now = self->clock().now();
            for (const auto& [addr, client] : self->state.clients)
                tell(self, client, sw_beat_atom_v, now);
            tell_later(self, self->state.ws.heartbeat_interval, sw_beat_atom_v);
        },
        [self](sw_tick_atom) {
            trace::handling h{self, sw_tick_atom_v};
            log_summary(self->state);
            tell_later(self, summary_period, sw_tick_atom_v);
        },
        [self](sw_shutdown_atom) {
            trace::handling h{self, sw_shutdown_atom_v};
            auto& st = self->state;
            st.shutting_down = true;
            for (const auto& [addr, client] : st.clients)
                tell(self, client, sw_shutdown_atom_v);
            for (auto& [name, c] : st.children)
                if (c.handle)
                    caf::anon_send_exit(c.handle, caf::exit_reason::user_shutdown);
            return static_cast<std::uint64_t>(st.clients.size());
        },
        [self](sw_stats_atom) {
            trace::handling h{self, sw_stats_atom_v};
            return self->state.stats();
        },
    };
}

} // namespace

const char* to_string(close_reason r) noexcept {
    switch (r) {
    case close_reason::normal:
        return "normal";
    case close_reason::stale:
        return "stale";
    case close_reason::slow:
        return "slow";
    case close_reason::rate:
        return "rate";
    case close_reason::error:
        return "error";
    case close_reason::shutdown:
        return "shutdown";
    }
    return "unknown";
}

caf::actor spawn_supervisor(caf::actor_system& sys,
                            const config::websocket_config& ws,
                            const config::actors_config& actors) {
    return sys.spawn(supervisor_behavior, ws, actors);
}

} // namespace sw::actors
