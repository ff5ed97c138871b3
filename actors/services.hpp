#pragma once
// The long-lived actors of one server, started together and stopped together.

#include <memory>

#include <caf/all.hpp>

#include "actors/client_actor.hpp"
#include "actors/server_stats.hpp"
#include "config/config.hpp"

namespace sw::actors {

struct services {
    caf::actor registry;
    caf::actor supervisor;
    caf::actor system_monitor;
    std::shared_ptr<server_stats> stats;

    /// What a client actor needs to know of the services.
    [[nodiscard]] client_context client_ctx(const config::config& cfg) const;

    /// Sends every service an exit message; the caller then awaits all actors.
    void stop() const;
};

services start_services(caf::actor_system& sys, const config::config& cfg, std::string version);

} // namespace sw::actors
