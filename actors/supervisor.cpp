#include "actors/supervisor.hpp"

#include <array>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "actors/messages.hpp"
#include "actors/send.hpp"

namespace sw::actors {
namespace {

struct supervisor_state {
    static constexpr const char* name = "supervisor";

    config::websocket_config ws;
    std::unordered_map<caf::actor_addr, caf::actor> clients;
    std::uint64_t opened = 0;
    std::array<std::uint64_t, close_reason_count> closed{};
    std::uint64_t crashed = 0;
    std::uint64_t inactive_warnings = 0;
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
        return {{"active", clients.size()},
                {"opened", opened},
                {"closed", closed_total()},
                {"closed_by_reason", by_reason},
                {"crashed", crashed},
                {"inactive_warnings", inactive_warnings}};
    }
};

using supervisor_actor_t = caf::stateful_actor<supervisor_state>;

constexpr auto summary_period = std::chrono::minutes(1);

caf::behavior supervisor_behavior(supervisor_actor_t* self, config::websocket_config ws) {
    self->state.ws = ws;
    self->set_down_handler([self](caf::down_msg& dm) {
        auto& st = self->state;
        if (st.clients.erase(dm.source) == 0)
            return;
        // A client that ended normally already reported its reason (sw_closed).
        if (dm.reason && dm.reason != caf::exit_reason::normal) {
            ++st.crashed;
            ++st.closed[static_cast<std::size_t>(close_reason::error)];
            spdlog::warn(
                "client actor {} died: {}", dm.source.id(), self->system().render(dm.reason));
        }
    });
    tell_later(self, ws.heartbeat_interval, sw_beat_atom_v);
    tell_later(self, summary_period, sw_tick_atom_v);
    return {
        [self](sw_client_atom, const caf::actor& client) {
            auto& st = self->state;
            self->monitor(client);
            st.clients.emplace(client.address(), client);
            ++st.opened;
            if (st.shutting_down)
                tell(self, client, sw_shutdown_atom_v);
        },
        [self](sw_closed_atom, close_reason why) {
            ++self->state.closed[static_cast<std::size_t>(why)];
        },
        [self](sw_idle_atom, const std::string& client_id, double seconds) {
            ++self->state.inactive_warnings;
            spdlog::warn("client {} inactive for {:.1f} s", client_id, seconds);
        },
        [self](sw_beat_atom) {
            auto now = self->clock().now();
            for (const auto& [addr, client] : self->state.clients)
                tell(self, client, sw_beat_atom_v, now);
            tell_later(self, self->state.ws.heartbeat_interval, sw_beat_atom_v);
        },
        [self](sw_tick_atom) {
            const auto& st = self->state;
            spdlog::info("connections: {} active, {} opened, {} closed (stale {}, slow {}, "
                         "rate {}, error {}), {} inactive warnings",
                         st.clients.size(),
                         st.opened,
                         st.closed_total(),
                         st.closed[static_cast<std::size_t>(close_reason::stale)],
                         st.closed[static_cast<std::size_t>(close_reason::slow)],
                         st.closed[static_cast<std::size_t>(close_reason::rate)],
                         st.closed[static_cast<std::size_t>(close_reason::error)],
                         st.inactive_warnings);
            tell_later(self, summary_period, sw_tick_atom_v);
        },
        [self](sw_shutdown_atom) {
            auto& st = self->state;
            st.shutting_down = true;
            for (const auto& [addr, client] : st.clients)
                tell(self, client, sw_shutdown_atom_v);
            return static_cast<std::uint64_t>(st.clients.size());
        },
        [self](sw_stats_atom) { return self->state.stats(); },
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

caf::actor spawn_supervisor(caf::actor_system& sys, const config::websocket_config& ws) {
    return sys.spawn(supervisor_behavior, ws);
}

} // namespace sw::actors
