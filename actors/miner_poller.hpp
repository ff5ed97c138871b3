#pragma once
// miner_poller: one per [[miners]] entry. Owns the miner's driver (its memory between polls),
// the poll schedule and the online state. Polls on a fixed cadence without drift and never
// piles polls up (a poll still running when the next is due is skipped and counted); polls
// an offline miner less often (doubling up to [fleet] offline_backoff_max). The I/O runs on
// an Asio io_context; its completion comes back as a message, so no handler ever blocks.
//
// Messages:
//   (sw_poll, schedule)        itself: a poll is due (ticks of a replaced schedule are ignored)
//   (sw_polled, poll_outcome)  io side: the poll finished
// Sends (sw_snap, name, id, json text, snapshot_ptr) to the fleet after every poll that
// changed something: the text for publishing, the struct for metrics and alert rules.

#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <caf/all.hpp>

#include "actors/server_stats.hpp"
#include "config/config.hpp"
#include "miners/driver.hpp"

namespace sw::actors {

struct poller_context {
    caf::actor fleet;
    std::shared_ptr<server_stats> stats;   ///< poll counters for `system` and /healthz
    boost::asio::io_context* io = nullptr; ///< where the drivers' sockets live
    config::fleet_config fleet_cfg;
    /// Makes the miner's driver; empty means miners::make_driver. Tests inject a fake here.
    std::function<std::shared_ptr<miners::miner_driver>(const config::miner_config&)> make_driver{};
};

caf::actor spawn_miner_poller(caf::actor_system& sys,
                              const config::miner_config& miner,
                              const poller_context& ctx);

} // namespace sw::actors
