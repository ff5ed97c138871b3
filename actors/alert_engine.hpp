#pragma once
// alert_engine: the alert rules of MINERS.md section 5 over every miner's snapshots. Owns the
// rule state (hysteresis, hold timers, cooldowns) and the active alerts (actors/alert_rules.hpp
// is the pure engine; this actor feeds it and publishes what it decides). Each alert update
// goes out on `alerts` (data {"alert": ...}; the topic's state {"alerts": [...]} lists the
// active ones) and to every notifier. A reload changes thresholds and keeps all state.
//
// Messages:
//   (sw_snap, snapshot_ptr)              fleet: a miner's new snapshot
//   (sw_forget, name)                    fleet: the miner was removed; its alerts clear
//   (sw_reload, alert_settings)          owner: the configuration changed
//   (sw_alerts, bool all) -> string      REST: {"alerts": [active...]}, with all=true also
//                                        "history": [the recent updates, oldest first]

#include <vector>

#include <caf/all.hpp>

#include "config/config.hpp"

namespace sw::actors {

struct alert_settings {
    config::alerts_config alerts;
    std::vector<config::miner_config> miners; ///< for the per-miner overrides
    double network_difficulty = 0;            ///< [network] difficulty; 0 = unknown
    bool operator==(const alert_settings&) const = default;
};

alert_settings alert_settings_of(const config::config& cfg);

/// `notifiers` (the [[notify]] channels, and the history actor) each get (sw_notify,
/// notification) for every alert update.
caf::actor spawn_alert_engine(caf::actor_system& sys,
                              caf::actor registry,
                              alert_settings settings,
                              std::vector<caf::actor> notifiers);

} // namespace sw::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::alert_settings)
