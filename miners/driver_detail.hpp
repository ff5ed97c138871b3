#pragma once
// Internal to miners/*driver.cpp: the one-poll-at-a-time guard every driver shares.

#include <atomic>

#include "miners/driver.hpp"

namespace sw::miners::detail {

/// Claims `busy` for a new poll. When a poll already runs, posts "poll already running" to
/// `done` (never inline) and returns false; the running poll is not disturbed.
bool begin_poll(std::atomic<bool>& busy, boost::asio::io_context& io, poll_callback& done);

/// Releases `busy` and then calls `done`: the callback may start the next poll at once.
void end_poll(std::atomic<bool>& busy, poll_callback& done, poll_outcome outcome);

} // namespace sw::miners::detail
