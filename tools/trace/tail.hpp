#pragma once
// `solowatch-trace tail --url URL`: new records of the live ring as one-liners, until stopped.
// It first prints the last `lines` records, then polls GET /api/trace?since=N every
// `interval`. A restarted server (another pid in the meta line) starts the numbering over;
// an unreachable server is reported once and polled again.

#include <chrono>
#include <functional>
#include <ostream>
#include <string>

#include "tools/trace/http_source.hpp"

namespace sw::trace_tool {

/// Empty fields match everything.
struct tail_filter {
    std::string actor; // an actor name (or "name#id", or the id), as sender, receiver or actor
    std::string kind;  // a message kind (sw_snap) or an event (deliver, drop, exit, ...)
    std::string id;    // trace_id, broadcast_id, client id or miner id, as in `follow`
};

bool matches(const record& r, const tail_filter& f);

struct tail_options {
    http_url url;
    tail_filter filter;
    int lines = 10; // records of the ring printed before following
    std::chrono::milliseconds interval{500};
};

/// "HH:MM:SS.uuuuuu  #n  <describe(r)>"
std::string tail_line(const record& r);

/// Returns the exit code: 0 once `stop()` is true. `stop` is checked between polls and
/// while waiting, so Ctrl-C (which sets it) ends the loop within ~50 ms.
int run_tail(const tail_options& options,
             std::ostream& out,
             std::ostream& err,
             const std::function<bool()>& stop);

} // namespace sw::trace_tool
