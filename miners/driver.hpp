#pragma once
// A miner driver: polls one miner over the network and turns the replies into a miner_reading,
// with the memory a protocol needs between polls (what the firmware refused, what is fetched
// once per boot). The poller (actors/) owns one driver per configured miner.
//
// AxeOS (kind axeos, HTTP port 80):
//   every poll    GET /api/system/info -> parse_axeos_info; status != 200 fails the poll
//                 with "HTTP <code> <reason>".
//   once per boot GET /api/system/asic (model, ASIC count), applied to every reading; asked
//                 again after uptime went down or the firmware version changed. A 404 means
//                 the firmware predates v2.7: not asked again (until the firmware changes).
//                 Its failure never fails the poll.
// cgminer (kind cgminer, TCP port 4028), commands from cgminer_commands (version, summary,
// pools, estats, stats, devs, fans, temps), applied in that order (first writer wins):
//   joins         the first poll sends every wanted command joined with '+' on one
//                 connection. A reply that is refused (STATUS E, code 14) or not a joined
//                 reply means the firmware refuses joins: remembered, and from then on one
//                 connection per command, sequentially (never two connections at once).
//   refusals      an optional command refused with code 14 or 45 is never sent again.
//   version       asked once per boot (again after uptime went down).
//   summary       the one essential command: its failure fails the poll with the
//                 parser's or the network's message. A network failure of an optional
//                 command ends the poll with what was read so far.
//
// Errors are the texts of fetch.hpp (timeout, connection refused, ...) or the parsers'
// parse_error::message, unchanged. Callbacks run on a handler of the io_context given to
// poll(), never inline; the driver is kept alive by its in-flight poll, so the owner may drop
// it at any time.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "miners/fetch.hpp"
#include "miners/snapshot.hpp"

#include <tl/expected.hpp>

namespace sw::miners {

struct driver_options {
    std::string host;                        ///< IP or hostname, resolved on every request
    std::uint16_t port = 0;                  ///< 0: the kind's default (80 AxeOS, 4028 cgminer)
    std::chrono::milliseconds timeout{3000}; ///< per request: resolve+connect+write+read
    std::size_t max_reply_bytes = default_max_reply_bytes; ///< per reply body
};

/// A reading, or why the poll failed (the snapshot's last_error).
using poll_outcome = tl::expected<miner_reading, std::string>;
using poll_callback = std::function<void(poll_outcome)>;

/// The port used when driver_options::port is 0.
std::uint16_t default_port(miner_kind kind) noexcept;

class miner_driver {
public:
    miner_driver() = default;
    miner_driver(const miner_driver&) = delete;
    miner_driver& operator=(const miner_driver&) = delete;
    virtual ~miner_driver();

    /// Polls the miner once and calls `done` exactly once. One poll at a time: a call while
    /// a poll runs completes with "poll already running" (and does not disturb the running one).
    virtual void poll(boost::asio::io_context& io, poll_callback done) = 0;
};

std::shared_ptr<miner_driver> make_driver(miner_kind kind, driver_options options);
std::shared_ptr<miner_driver> make_axeos_driver(driver_options options);
std::shared_ptr<miner_driver> make_cgminer_driver(driver_options options);

} // namespace sw::miners
