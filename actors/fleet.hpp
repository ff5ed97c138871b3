#pragma once
// fleet: the latest snapshot of every miner. Gathers the miners that changed and publishes
// them together on `miners` at most once per [fleet] publish_interval (data.miners holds the
// changed ones; the topic's state, sent as the snapshot to new subscribers, holds them all).
// A miner whose id changed (it reported its MAC for the first time) or that was removed by a
// reload is listed in data.removed.
//
// Messages:
//   (sw_snap, name, id, text)      poller: a miner's new snapshot, as JSON text
//   (sw_forget, name)              owner: the miner was removed from the config
//   (sw_flush)                     itself: publish what changed
//   (sw_miners, which) -> string   REST: which = "": every miner as a JSON array, sorted by
//                                  name; else the miner with that id or name ("" if none)

#include <caf/all.hpp>

#include "config/config.hpp"

namespace sw::actors {

caf::actor
spawn_fleet(caf::actor_system& sys, caf::actor registry, const config::fleet_config& cfg);

} // namespace sw::actors
