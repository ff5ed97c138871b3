#pragma once
// Waiting on a condition with a deadline: the only way tests wait (never a fixed sleep).

#include <chrono>
#include <thread>

namespace sw::test {

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
template <class Condition>
bool wait_until(Condition&& condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2)); // poll period, not a wait
    }
    return true;
}

} // namespace sw::test
