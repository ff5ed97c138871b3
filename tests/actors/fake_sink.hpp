#pragma once
// A session stand-in for actor tests: records what a client actor asks of its session.
// Thread-safe, because a real actor system calls it from worker threads.

#include <mutex>
#include <string>
#include <vector>

#include "actors/session_sink.hpp"

namespace sw::test {

class fake_sink : public actors::session_sink {
public:
    void send_frame(actors::outbound_frame frame) override {
        std::lock_guard lock(mutex_);
        frames_.push_back(*frame.bytes);
    }

    void ping() override {
        std::lock_guard lock(mutex_);
        ++pings_;
    }

    void close(std::uint16_t code, std::string) override {
        std::lock_guard lock(mutex_);
        close_code_ = code;
    }

    void abort() override {
        std::lock_guard lock(mutex_);
        aborted_ = true;
    }

    std::vector<std::string> frames() const {
        std::lock_guard lock(mutex_);
        return frames_;
    }

    int pings() const {
        std::lock_guard lock(mutex_);
        return pings_;
    }

    bool aborted() const {
        std::lock_guard lock(mutex_);
        return aborted_;
    }

    std::uint16_t close_code() const {
        std::lock_guard lock(mutex_);
        return close_code_;
    }

private:
    mutable std::mutex mutex_; // test scaffolding only: the server itself has no mutex
    std::vector<std::string> frames_;
    int pings_ = 0;
    bool aborted_ = false;
    std::uint16_t close_code_ = 0;
};

} // namespace sw::test
