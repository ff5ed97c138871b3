// The driver factory and the one-poll-at-a-time guard shared by the drivers.

#include "miners/driver.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "miners/driver_detail.hpp"

namespace sw::miners {

miner_driver::~miner_driver() = default;

std::uint16_t default_port(miner_kind kind) noexcept {
    switch (kind) {
    case miner_kind::axeos:
        return 80;
    case miner_kind::cgminer:
        return 4028;
    }
    return 0;
}

std::shared_ptr<miner_driver> make_driver(miner_kind kind, driver_options options) {
    if (options.port == 0) {
        options.port = default_port(kind);
    }
    switch (kind) {
    case miner_kind::axeos:
        return make_axeos_driver(std::move(options));
    case miner_kind::cgminer:
        return make_cgminer_driver(std::move(options));
    }
    return nullptr;
}

namespace detail {

bool begin_poll(std::atomic<bool>& busy, boost::asio::io_context& io, poll_callback& done) {
    if (!busy.exchange(true)) {
        return true;
    }
    boost::asio::post(io, [done = std::move(done)] {
        done(tl::unexpected(std::string("poll already running")));
    });
    return false;
}

void end_poll(std::atomic<bool>& busy, poll_callback& done, poll_outcome outcome) {
    // Moved out first: the callback may start the next poll, which must find the driver idle
    // and must not see its own callback overwritten by this one.
    poll_callback callback = std::move(done);
    done = nullptr;
    busy = false;
    callback(std::move(outcome));
}

} // namespace detail

} // namespace sw::miners
