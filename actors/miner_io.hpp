#pragma once
// The Asio io_context where every miner driver's sockets live, with its own thread: polls
// never share a thread with browser connections, and a flood of clients cannot delay them.

#include <memory>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace sw::actors {

class miner_io {
public:
    miner_io();
    ~miner_io();

    miner_io(const miner_io&) = delete;
    miner_io& operator=(const miner_io&) = delete;

    boost::asio::io_context& context() { return ioc_; }

    /// Cancels outstanding polls and joins the thread (idempotent).
    void stop();

private:
    boost::asio::io_context ioc_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;
};

} // namespace sw::actors
