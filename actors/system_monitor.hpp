#pragma once
// system_monitor: publishes server health on the `system` topic every publish_interval:
// connections (from the supervisor), subscribers per topic (from the registry), running
// actors, uptime, resident memory, and the history file's status.
//
// Messages:
//   (sw_tick)               itself: publish now, schedule the next one
//   (sw_hstatus, json)      history: its status (the `history` object); a change between
//                           working and failing is published at once

#include <memory>

#include <caf/all.hpp>

#include "actors/server_stats.hpp"
#include "config/config.hpp"

namespace sw::actors {

struct system_monitor_context {
    caf::actor registry;
    caf::actor supervisor;
    config::system_config system;
    std::shared_ptr<server_stats> stats;
};

caf::actor spawn_system_monitor(caf::actor_system& sys, system_monitor_context ctx);

/// Resident set size of this process in bytes (0 when /proc is unreadable).
std::uint64_t resident_memory_bytes() noexcept;

} // namespace sw::actors
