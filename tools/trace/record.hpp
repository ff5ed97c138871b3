#pragma once
// One line of a trace file (docs/TRACE.md) as a typed value, and the parser for it. Pure: no
// I/O, never throws; a line that breaks the contract yields a message saying what is wrong.

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <tl/expected.hpp>

namespace sw::trace_tool {

enum class event : std::uint8_t { send, handle, spawn, exit, restart, read, deliver, write, drop };

const char* to_string(event ev);

/// The first line of every trace file or body.
struct meta {
    int version = 0;
    std::int64_t ts = 0; // microseconds since the Unix epoch
    std::int64_t pid = 0;
    std::string mode; // "off" | "on" | "sampled"
    std::int64_t sample = 0;
    std::string source; // "live", "dump:sigusr1", "dump:crash", "ring"
};

/// Every other line. Fields an event does not carry keep their zero value; which fields each
/// event must carry is checked by parse_record (the table in TRACE.md).
struct record {
    std::uint64_t n = 0;
    std::int64_t ts = 0; // microseconds since the Unix epoch
    event ev = event::send;

    // Correlation: 0 / empty when the message did not carry them.
    std::uint64_t trace_id = 0;
    std::string broadcast_id;
    std::uint64_t seq = 0;
    std::string miner;
    std::string client;

    std::uint64_t actor = 0; // handle, spawn, exit, restart, read, deliver
    std::string name;
    std::uint64_t from = 0; // send; 0 is the Asio side ("io")
    std::string from_name;
    std::uint64_t to = 0;
    std::string to_name;
    std::string kind;         // send, handle: the message atom
    std::int64_t depth = 0;   // send, handle: the receiver's mailbox depth
    std::int64_t dur_us = 0;  // handle
    std::string reason;       // exit, restart, drop
    std::int64_t attempt = 0; // restart
    std::int64_t bytes = 0;   // read, write
    std::int64_t wait_us = 0; // write: from deliver to the completed socket write
};

/// The meta line: `ev` "meta", `format` "solowatch-trace", a `version` this tool reads (1).
tl::expected<meta, std::string> parse_meta(std::string_view line);

/// Any other line; the error names the first problem (bad JSON, unknown `ev`, a field that is
/// missing or of the wrong type).
tl::expected<record, std::string> parse_record(std::string_view line);

/// The record back in its TRACE.md shape (only the fields its event carries).
nlohmann::json to_json(const record& r);

} // namespace sw::trace_tool
