#pragma once
// One record of the actor trace (docs/TRACE.md) and its JSON Lines form. Plain data: records
// are built on hot paths only while tracing, and formatted later by the file writer or for
// GET /api/trace, off the path that produced them.

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <caf/atom.hpp>

namespace sw::actors::trace {

/// Text of at most 31 bytes kept inline: client ids ("client_" and 16 hex digits) are copied
/// into two records per delivered frame when tracing is on, and must not allocate each time.
class short_text {
public:
    short_text() = default;

    explicit short_text(std::string_view text) noexcept { assign(text); }

    void assign(std::string_view text) noexcept {
        size_ = static_cast<std::uint8_t>(std::min(text.size(), data_.size()));
        std::copy_n(text.data(), size_, data_.data());
    }

    [[nodiscard]] std::string_view view() const noexcept { return {data_.data(), size_}; }

    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

private:
    std::array<char, 31> data_{};
    std::uint8_t size_ = 0;
};

enum class event : std::uint8_t { send, handle, spawn, exit, restart, read, deliver, write, drop };

const char* to_string(event e) noexcept;

struct record {
    std::uint64_t n = 0; ///< set by the ring: 1, 2, ... for the life of the process
    std::int64_t ts = 0; ///< microseconds since the Unix epoch
    event ev = event::send;
    std::uint64_t actor = 0;       ///< send: the sender (0: the Asio side)
    const char* name = nullptr;    ///< the actor's name; static storage (State::name)
    std::uint64_t to = 0;          ///< send: the receiver
    const char* to_name = nullptr; ///< send: the receiver's name
    caf::atom_value kind{};        ///< the message's atom; 0 when there is none
    std::uint64_t trace_id = 0;    ///< 0: not part of a traced update
    int topic = -1;                ///< with seq: the broadcast_id `<topic>-<seq>`; -1 none
    std::uint64_t seq = 0;
    std::string miner;
    short_text client;
    std::string reason;        ///< exit, restart, drop
    std::int64_t dur_us = -1;  ///< handle
    std::int64_t depth = -1;   ///< send, handle: mailbox depth
    std::int64_t bytes = -1;   ///< read, write
    std::int64_t wait_us = -1; ///< write: since the frame was delivered
    std::int64_t attempt = -1; ///< restart
};

/// The record as one JSON object (no newline): only the fields that are set.
std::string to_json_line(const record& r);

/// The `meta` line that starts every file, dump and GET /api/trace body.
std::string meta_line(const char* mode, std::size_t sample, const char* source);

/// Microseconds since the Unix epoch, now.
std::int64_t now_us() noexcept;

} // namespace sw::actors::trace
