#pragma once
// history: the one writer of the history file (actors/history_store.hpp). Every [history]
// sample_interval it asks the fleet for its view and writes one sample per miner and one of
// the fleet totals in one transaction, together with the alert updates that came in since.
// Every maintenance_interval it averages and prunes. It answers the history API.
//
// It runs detached (a thread of its own): SQLite blocks on the disk, and that must not hold
// up the scheduler's workers, which run the pollers and the clients.
//
// A file that cannot be opened or written (a full disk, a lock held elsewhere, a missing
// folder) never stops monitoring: the rows wait in memory (at most max_pending_rows, the
// oldest dropped first and counted), the error goes to the log once, and the status on the
// `system` topic says so; every tick tries again.
//
// Messages:
//   (sw_view, fleet)                    owner: the fleet to sample (the fleet is spawned
//                                       after the alert engine, which gets this actor)
//   (sw_tick)                           itself: take a sample, write what waits
//   (sw_maint)                          itself: downsample and prune
//   (sw_notify, notification)           alert engine: an alert update to store
//   (sw_hquery, history_query) -> history_reply      REST: one series
//   (sw_halerts, history_query) -> history_reply     REST: stored alert updates
//   (sw_reload, history_config)         owner: new intervals and retentions (not the path)
// Sends (sw_hstatus, json) to the system monitor after every tick and on every change.

#include <cstdint>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/fleet.hpp"
#include "actors/history_store.hpp"
#include "config/config.hpp"

namespace sw::actors {

struct history_context {
    caf::actor monitor; ///< gets the status; may be null
    config::history_config cfg;
    std::string path; ///< cfg.path resolved beside the config file
};

/// A question to the history API. miner: an id or a configured name, "" = the fleet.
struct history_query {
    std::string miner;
    std::int64_t from = 0; ///< unix seconds
    std::int64_t to = 0;
    std::int64_t step = 0; ///< seconds; 0 = the resolution's own
    std::size_t limit = 0; ///< sw_halerts: the most updates returned
};

struct history_reply {
    enum class kind : std::uint8_t { ok, not_found, unavailable };
    kind status = kind::ok;
    std::string text; ///< the JSON answer, or what was missing / went wrong
};

/// The rows of one sample of the fleet view taken at `ts`: one per miner, then the fleet's
/// (series ""). An offline miner's row has online 0 and no figures.
std::vector<history_sample> samples_of(const fleet_view& view, std::int64_t ts);

caf::actor spawn_history(caf::actor_system& sys, history_context ctx);

} // namespace sw::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::history_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::history_reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::config::history_config)
