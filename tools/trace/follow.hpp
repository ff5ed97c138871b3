#pragma once
// `solowatch-trace follow ID`: the path of one update through the actors as a timeline, and
// the clients a broadcast never reached.
//
// What is followed, by the shape of ID:
// - all digits: a trace_id: every record carrying it, plus every record of the broadcasts it
//   produced (a broadcast_id seen on one of those records);
// - "<topic>-<digits>" with topic miners|metrics|alerts|system: a broadcast_id: its deliver,
//   write and drop records, plus the upstream records of its trace_id(s) that carry no other
//   broadcast_id (poller -> fleet -> registry);
// - "client_...": a client id: its records (read, deliver, write, drop) and the messages its
//   client actor (known from `read` records) sent and handled;
// - anything else: a miner id: the records naming it, expanded like its trace_ids.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/trace/reader.hpp"

namespace sw::trace_tool {

enum class id_kind : std::uint8_t { trace_id, broadcast_id, client, miner };

const char* to_string(id_kind kind);

id_kind classify_id(std::string_view id);

struct timeline_entry {
    const record* rec = nullptr; // points into the trace passed to follow()
    std::int64_t since_first_us = 0;
    std::int64_t since_previous_us = 0; // the delay at this hop
};

/// A (broadcast, client) pair with a deliver or a drop, and how it ended.
struct delivery {
    std::string broadcast_id;
    std::string client;
    bool reached = false;
    std::int64_t wait_us = 0; // reached: deliver -> completed write
    std::string reason; // not reached: "conflated", "dropped", "closed" or "no write recorded"
};

struct follow_result {
    std::string id;
    id_kind kind = id_kind::trace_id;
    std::vector<timeline_entry> timeline; // by ts, then n
    std::vector<delivery> deliveries;     // by broadcast_id, then client
};

/// Empty when no record matches `id`.
std::optional<follow_result> follow(const trace& t, std::string_view id);

nlohmann::json to_json(const follow_result& f);

void print_follow(std::ostream& out, const follow_result& f);

} // namespace sw::trace_tool
