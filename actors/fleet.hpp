#pragma once
// fleet: the latest snapshot of every miner, and the fleet metrics computed from them.
// Gathers the miners that changed and publishes them together on `miners` at most once per
// [fleet] publish_interval (data.miners holds the changed ones; the topic's state, sent as the
// snapshot to new subscribers, holds them all). A miner whose id changed (it reported its MAC
// for the first time) or that was removed by a reload is listed in data.removed. The fleet
// totals and solo odds go out on `metrics` when they changed, at most once per
// [metrics] publish_interval. Every snapshot is passed on to the alert engine.
//
// Messages:
//   (sw_snap, name, id, text, snapshot_ptr)  poller: a miner's new snapshot
//   (sw_pollcnt, name, poll_counts)          poller: its poll counts so far
//   (sw_roster, miner_roster)                owner: the miners the config lists, sent
//                                            before their pollers start. Drops the others
//                                            (data.removed) and from then on ignores
//                                            snapshots of unlisted miners: a poller being
//                                            stopped may have one in flight. Until the
//                                            first roster every snapshot is taken.
//   (sw_reload, fleet_settings)              owner: new intervals / network difficulty
//   (sw_flush)                               itself: publish what changed
//   (sw_metrics)                             itself: compute and publish the metrics
//   (sw_miners, which) -> string             REST: which = "": every miner as a JSON array,
//                                            sorted by name; else the miner with that id or
//                                            name ("" if none)
//   (sw_metrics, "get") -> string            REST: the metrics object as JSON text
//   (sw_view) -> fleet_view_ptr              /metrics: every snapshot and the totals

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "config/config.hpp"
#include "miners/fleet_metrics.hpp"
#include "miners/snapshot.hpp"

namespace sw::actors {

struct fleet_settings {
    config::fleet_config fleet;
    config::duration metrics_interval{1000}; ///< [metrics] publish_interval
    double network_difficulty = 0;           ///< [network] difficulty; 0 = unknown
    bool operator==(const fleet_settings&) const = default;
};

/// The configured miner names (sw_roster).
struct miner_roster {
    std::set<std::string> names;
};

/// A consistent picture of the fleet at one moment (for /metrics).
struct fleet_view {
    std::vector<miners::miner_snapshot> miners; ///< sorted by configured name
    miners::fleet_totals totals;
    std::vector<std::pair<std::string, poll_counts>> polls; ///< by configured name
};

using fleet_view_ptr = std::shared_ptr<const fleet_view>;

/// `alerts` may be null (no alert engine): snapshots are then not passed on.
caf::actor spawn_fleet(caf::actor_system& sys,
                       caf::actor registry,
                       caf::actor alerts,
                       const fleet_settings& settings);

} // namespace sw::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::fleet_settings)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::fleet_view_ptr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::miner_roster)
