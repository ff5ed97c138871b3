#pragma once
// The client side of the driver tests: an io_context run on its own thread (as the server runs
// its pollers), and a completion box the test thread waits on with a deadline (never a sleep).

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "support/wait.hpp"

namespace sw::miners::test {

class client_loop {
public:
    client_loop() : thread_([this] { io_.run(); }) {}

    ~client_loop() {
        work_.reset();
        io_.stop();
        thread_.join();
    }

    client_loop(const client_loop&) = delete;
    client_loop& operator=(const client_loop&) = delete;

    boost::asio::io_context& io() noexcept { return io_; }

private:
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{
        io_.get_executor()};
    std::thread thread_;
};

/// Receives one callback's value; counts calls so a test can check "exactly once".
template <class T>
class completion {
public:
    using clock = std::chrono::steady_clock;

    std::function<void(T)> callback() {
        return [state = state_](T value) {
            std::lock_guard lock(state->mutex);
            state->value = std::move(value);
            state->at = clock::now();
            ++state->calls;
        };
    }

    bool ready() const {
        std::lock_guard lock(state_->mutex);
        return state_->calls > 0;
    }

    /// Waits until the callback ran, or `timeout` passed; returns whether it ran.
    bool wait(std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
        return sw::test::wait_until([this] { return ready(); }, timeout);
    }

    T value() const {
        std::lock_guard lock(state_->mutex);
        return *state_->value;
    }

    clock::time_point at() const {
        std::lock_guard lock(state_->mutex);
        return state_->at;
    }

    int calls() const {
        std::lock_guard lock(state_->mutex);
        return state_->calls;
    }

private:
    struct state {
        mutable std::mutex mutex;
        std::optional<T> value;
        clock::time_point at;
        int calls = 0;
    };

    std::shared_ptr<state> state_ = std::make_shared<state>();
};

} // namespace sw::miners::test
