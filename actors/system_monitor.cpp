#include "actors/system_monitor.hpp"

#include <fstream>

#include "actors/messages.hpp"
#include "actors/send.hpp"

#include <unistd.h>

namespace sw::actors {
namespace {

struct monitor_state {
    static constexpr const char* name = "system_monitor";
    trace::slot_ptr trace_slot; // mailbox depth and the actor trace (actors/trace.hpp)
    system_monitor_context ctx;
    std::uint64_t last_polls = 0;
    std::chrono::steady_clock::time_point last_time = std::chrono::steady_clock::now();
    nlohmann::json history = {{"enabled", false}}; // the history actor's latest status
};

using monitor_actor_t = caf::stateful_actor<monitor_state>;

// Each request is answered by an actor of ours at once; this bound only matters when the
// system is shutting down, and then the publication is skipped.
constexpr auto ask_timeout = std::chrono::seconds(5);

/// Poll totals and the rate since the previous publication.
nlohmann::json poll_figures(monitor_state& st) {
    const auto& s = *st.ctx.stats;
    auto ok = s.polls_ok.load();
    auto failed = s.polls_failed.load();
    auto now = std::chrono::steady_clock::now();
    auto seconds = std::chrono::duration<double>(now - st.last_time).count();
    auto rate = seconds > 0 ? static_cast<double>(ok + failed - st.last_polls) / seconds : 0.0;
    st.last_polls = ok + failed;
    st.last_time = now;
    return {
        {"ok", ok}, {"failed", failed}, {"skipped", s.polls_skipped.load()}, {"per_second", rate}};
}

void publish(monitor_actor_t* self, nlohmann::json connections, std::vector<std::uint64_t> counts) {
    auto& st = self->state;
    nlohmann::json topics = nlohmann::json::object();
    for (auto t : protocol::all_topics) {
        auto i = static_cast<std::size_t>(t);
        topics[std::string(protocol::to_string(t))] = i < counts.size() ? counts[i] : 0;
    }
    connections["refused_at_limit"] = st.ctx.stats->refused_connections.load();
    connections["refused_origin"] = st.ctx.stats->refused_origins.load();
    connections["refused_per_ip"] = st.ctx.stats->refused_per_ip.load();
    connections["refused_accept_rate"] = st.ctx.stats->refused_accept_rate.load();
    auto data = std::make_shared<const std::string>(nlohmann::json{
        {"connections", std::move(connections)},
        {"topics", std::move(topics)},
        {"actors", self->system().registry().running()},
        {"uptime_seconds", st.ctx.stats->uptime_seconds()},
        {"memory", {{"rss_bytes", resident_memory_bytes()}}},
        {"http_requests", st.ctx.stats->http_requests.load()},
        {"polls", poll_figures(st)},
        {"version", st.ctx.stats->version},
        {"history", st.history},
    }
                                                        .dump());
    // The system topic's state is its latest figures: the update is the snapshot.
    tell(self,
         st.ctx.registry,
         sw_publish_atom_v,
         publication{protocol::topic::system, data, data, nullptr, trace::current_id()});
}

/// Asks the supervisor and the registry for their figures, then publishes.
void refresh(monitor_actor_t* self) {
    self->request(self->state.ctx.supervisor, ask_timeout, sw_stats_atom_v)
        .then([self](nlohmann::json& connections) {
            self->request(self->state.ctx.registry, ask_timeout, sw_topics_atom_v)
                .then([self, connections = std::move(connections)](
                          std::vector<std::uint64_t>& counts) mutable {
                    // The figures are an update of their own: a trace starts here.
                    trace::handling publishing{self, sw_publish_atom_v, trace::begin_update()};
                    publish(self, std::move(connections), std::move(counts));
                });
        });
}

caf::behavior monitor_behavior(monitor_actor_t* self, system_monitor_context ctx) {
    self->state.trace_slot = trace::enter(self);
    self->state.ctx = std::move(ctx);
    tell_later(self, self->state.ctx.system.publish_interval, sw_tick_atom_v);
    return {
        [self](sw_tick_atom) {
            trace::handling h{self, sw_tick_atom_v};
            tell_later(self, self->state.ctx.system.publish_interval, sw_tick_atom_v);
            refresh(self);
        },
        [self](sw_hstatus_atom, nlohmann::json& status) {
            trace::handling h{self, sw_hstatus_atom_v};
            auto& st = self->state;
            const bool changed = st.history.value("ok", true) != status.value("ok", true);
            st.history = std::move(status);
            if (changed)
                refresh(self); // a failing (or recovered) history file is news now
        },
    };
}

} // namespace

std::uint64_t resident_memory_bytes() noexcept {
    std::ifstream statm("/proc/self/statm");
    std::uint64_t size = 0;
    std::uint64_t resident = 0;
    if (!(statm >> size >> resident))
        return 0;
    return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

caf::actor spawn_system_monitor(caf::actor_system& sys, system_monitor_context ctx) {
    return sys.spawn(monitor_behavior, std::move(ctx));
}

} // namespace sw::actors
