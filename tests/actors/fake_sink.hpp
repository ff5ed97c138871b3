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
        frames_.push_back(std::move(frame));
    }

    void set_topics(actors::topic_mask topics) override {
        std::lock_guard lock(mutex_);
        topics_ = topics;
    }

    [[nodiscard]] actors::traffic sent() const override {
        std::lock_guard lock(mutex_);
        actors::traffic t;
        for (const auto& f : frames_) {
            ++t.frames;
            t.bytes += f.bytes->size();
        }
        return t;
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

    /// The JSON text of every frame queued so far, without the WebSocket frame header.
    std::vector<std::string> frames() const {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        for (const auto& f : frames_)
            out.emplace_back(actors::payload_of(f));
        return out;
    }

    std::vector<actors::outbound_frame> raw_frames() const {
        std::lock_guard lock(mutex_);
        return frames_;
    }

    actors::topic_mask topics() const {
        std::lock_guard lock(mutex_);
        return topics_;
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
    std::vector<actors::outbound_frame> frames_;
    actors::topic_mask topics_ = 0;
    int pings_ = 0;
    bool aborted_ = false;
    std::uint16_t close_code_ = 0;
};

} // namespace sw::test
