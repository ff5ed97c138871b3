#pragma once
// Records as short readable lines, shared by `follow` and `tail` so both read alike.

#include <string>

#include "tools/trace/record.hpp"

namespace sw::trace_tool {

/// "name#id", or "io" for the Asio side (id 0).
std::string actor_label(const std::string& name, std::uint64_t id);

/// One line without the time, e.g.
/// "miner_poller#7 -> fleet#5  sw_snap  depth 0  (trace 1001, miner bitaxe-1)".
std::string describe(const record& r);

/// The UTC wall-clock time of a record, "HH:MM:SS.uuuuuu".
std::string clock_time(std::int64_t ts_us);

} // namespace sw::trace_tool
