#pragma once
// `solowatch-trace summary`: per-actor figures of a trace, computed here and printed by
// summary_print.cpp (an aligned table, or JSON for scripts and tests).

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/trace/reader.hpp"

namespace sw::trace_tool {

/// Nearest-rank percentiles of handle times: p50 is the value below which half the handles
/// finished (the ceil(p/100 * count)-th smallest); 0 when there were none.
struct duration_stats {
    std::uint64_t count = 0;
    std::int64_t p50 = 0;
    std::int64_t p99 = 0;
    std::int64_t max = 0;
};

struct actor_summary {
    std::uint64_t id = 0;
    std::string name;
    std::map<std::string, std::uint64_t> in_by_kind;  // handle records
    std::map<std::string, std::uint64_t> out_by_kind; // send records it sent
    duration_stats handle_us;
    std::int64_t depth_max = 0; // over its handle records and the sends to it
    // Lifetime: from its spawn (or restart) if recorded, else from the first record naming
    // it; to its exit if recorded, else to the last record naming it.
    std::int64_t start_ts = 0;
    std::int64_t end_ts = 0;
    bool start_is_spawn = false;
    bool end_is_exit = false;
};

struct talker {
    std::uint64_t from = 0;
    std::string from_name;
    std::uint64_t to = 0;
    std::string to_name;
    std::uint64_t messages = 0;
};

/// An exit or a restart.
struct lifecycle {
    std::int64_t ts = 0;
    std::uint64_t actor = 0;
    std::string name;
    std::string reason;
    std::int64_t attempt = 0; // restarts only
};

struct summary {
    std::string source;
    meta info;
    std::size_t records = 0;
    std::size_t skipped_lines = 0;
    std::int64_t first_ts = 0;
    std::int64_t last_ts = 0;
    std::vector<actor_summary> actors; // by id; id 0 is the Asio side
    std::vector<talker> top_talkers;   // most messages first
    std::vector<lifecycle> restarts;
    std::vector<lifecycle> exits;
};

summary summarize(const trace& t, std::size_t top_talkers = 10);

nlohmann::json to_json(const summary& s);

/// The human-readable table.
void print_summary(std::ostream& out, const summary& s);

} // namespace sw::trace_tool
