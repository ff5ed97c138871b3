#include "actors/services.hpp"

#include "actors/messages.hpp"
#include "actors/supervisor.hpp"
#include "actors/system_monitor.hpp"
#include "actors/topic_registry.hpp"

namespace sw::actors {

client_context services::client_ctx(const config::config& cfg) const {
    return client_context{registry, supervisor, cfg.websocket, cfg.server.max_message_bytes, stats};
}

void services::stop() const {
    // The supervisor stops its children on sw_shutdown; the exit that follows is queued
    // behind it (same priority, same sender), so no child outlives the services.
    if (supervisor)
        caf::anon_send(supervisor, sw_shutdown_atom_v);
    for (const auto& a : {system_monitor, supervisor, registry})
        if (a)
            caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

services start_services(caf::actor_system& sys, const config::config& cfg, std::string version) {
    services s;
    s.stats = std::make_shared<server_stats>();
    s.stats->version = std::move(version);
    s.registry = spawn_topic_registry(sys);
    s.supervisor = spawn_supervisor(sys, cfg.websocket, cfg.actors);
    s.system_monitor = spawn_system_monitor(
        sys, system_monitor_context{s.registry, s.supervisor, cfg.system, s.stats});
    return s;
}

} // namespace sw::actors
