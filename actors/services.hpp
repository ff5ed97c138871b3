#pragma once
// The long-lived actors of one server, started together and stopped together, and the
// reconciliation of the configured miners with the running pollers (at start and on reload).

#include <memory>
#include <vector>

#include <caf/all.hpp>

#include "actors/client_actor.hpp"
#include "actors/miner_io.hpp"
#include "actors/server_stats.hpp"
#include "actors/trace.hpp"
#include "config/config.hpp"

namespace sw::actors {

struct services {
    caf::actor registry;
    caf::actor supervisor;
    caf::actor system_monitor;
    caf::actor fleet;
    caf::actor alerts;  ///< the alert engine
    caf::actor history; ///< null when [history] path is ""
    std::vector<caf::actor> notifiers;
    std::shared_ptr<server_stats> stats;
    std::shared_ptr<miner_io> io;
    std::shared_ptr<miner_io> notify_io;      ///< the notifiers' HTTP(S) POSTs
    std::vector<config::miner_config> miners; ///< what the pollers currently run

    /// What a client actor needs to know of the services.
    [[nodiscard]] client_context client_ctx(const config::config& cfg) const;

    /// Starts pollers for added miners, stops removed ones, restarts changed ones. Other
    /// actors and every connection are untouched.
    void apply_miners(const config::config& cfg);

    /// A reloaded configuration: miners as apply_miners, then the fleet's intervals and the
    /// alert rules (their state is kept).
    void reload(const config::config& cfg);

    /// Stops the pollers, then every service; the caller then awaits all actors.
    void stop();
};

/// The [actors] trace keys as the trace takes them (the file resolved beside the config).
trace::settings trace_settings_of(const config::config& cfg);

/// Configures the trace, then spawns the services.
services start_services(caf::actor_system& sys, const config::config& cfg, std::string version);

} // namespace sw::actors
