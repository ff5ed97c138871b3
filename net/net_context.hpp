#pragma once
// What every listener and session of one server shares: the configuration, the actor
// system, the services a client actor needs, and the process-wide gauges.

#include <memory>
#include <vector>

#include <caf/all.hpp>

#include "actors/client_actor.hpp"
#include "actors/server_stats.hpp"
#include "config/config.hpp"

namespace sw::net {

struct net_context {
    caf::actor_system& system;
    config::config cfg;
    actors::client_context clients;
    caf::actor fleet; ///< answers the REST API's miner questions
    std::shared_ptr<actors::server_stats> stats;
    caf::actor alerts; ///< the alert engine: active alerts and history (may be null)
    std::vector<caf::actor> notifiers; ///< one per [[notify]] channel
    caf::actor history;                ///< the history API (null: [history] is off)
};

} // namespace sw::net
