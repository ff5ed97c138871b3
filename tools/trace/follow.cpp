#include "tools/trace/follow.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace sw::trace_tool {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty()
           && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct match_sets {
    std::set<std::uint64_t> trace_ids;
    std::set<std::string> broadcast_ids;
    std::set<std::uint64_t> client_actors;
};

// Which records belong to the followed id; see the header for the rule per kind.
bool belongs(const record& r, id_kind kind, std::string_view id, const match_sets& m) {
    switch (kind) {
    case id_kind::client:
        if (r.client == id)
            return true;
        return (r.ev == event::send
                && (m.client_actors.count(r.from) || m.client_actors.count(r.to)))
               || (r.ev == event::handle && m.client_actors.count(r.actor));
    case id_kind::broadcast_id:
        if (r.broadcast_id == id)
            return true;
        return r.broadcast_id.empty() && m.trace_ids.count(r.trace_id);
    case id_kind::trace_id:
    case id_kind::miner:
        return (kind == id_kind::miner && r.miner == id) || m.trace_ids.count(r.trace_id)
               || m.broadcast_ids.count(r.broadcast_id);
    }
    return false;
}

match_sets expand(const trace& t, id_kind kind, std::string_view id) {
    match_sets m;
    std::uint64_t wanted_trace = 0; // stays 0 (matches nothing) unless id is a trace_id
    if (kind == id_kind::trace_id)
        std::from_chars(id.data(), id.data() + id.size(), wanted_trace);
    for (const record& r : t.records) {
        const bool direct = (kind == id_kind::trace_id && r.trace_id == wanted_trace)
                            || (kind == id_kind::broadcast_id && r.broadcast_id == id)
                            || (kind == id_kind::miner && r.miner == id);
        if (direct && r.trace_id != 0)
            m.trace_ids.insert(r.trace_id);
        if (kind == id_kind::client && r.ev == event::read && r.client == id)
            m.client_actors.insert(r.actor);
    }
    if (kind == id_kind::trace_id || kind == id_kind::miner)
        for (const record& r : t.records)
            if (m.trace_ids.count(r.trace_id) && !r.broadcast_id.empty())
                m.broadcast_ids.insert(r.broadcast_id);
    m.trace_ids.erase(0);
    return m;
}

// Every deliver or drop in the timeline, paired with its write or drop.
std::vector<delivery> deliveries_of(const std::vector<timeline_entry>& timeline) {
    std::map<std::pair<std::string, std::string>, delivery> by_key;
    for (const auto& e : timeline) {
        const record& r = *e.rec;
        if (r.ev != event::deliver && r.ev != event::write && r.ev != event::drop)
            continue;
        delivery& d = by_key[{r.broadcast_id, r.client}];
        d.broadcast_id = r.broadcast_id;
        d.client = r.client;
        if (r.ev == event::write) {
            d.reached = true;
            d.wait_us = r.wait_us;
            d.reason.clear();
        } else if (r.ev == event::drop && !d.reached) {
            d.reason = r.reason;
        } else if (!d.reached && d.reason.empty()) {
            d.reason = "no write recorded"; // the trace ended before the write
        }
    }
    std::vector<delivery> out;
    for (auto& [key, d] : by_key)
        out.push_back(std::move(d));
    return out;
}

} // namespace

const char* to_string(id_kind kind) {
    switch (kind) {
    case id_kind::trace_id:
        return "trace_id";
    case id_kind::broadcast_id:
        return "broadcast_id";
    case id_kind::client:
        return "client";
    case id_kind::miner:
        return "miner";
    }
    return "?";
}

id_kind classify_id(std::string_view id) {
    if (all_digits(id))
        return id_kind::trace_id;
    for (std::string_view topic : {"miners-", "metrics-", "alerts-", "system-"})
        if (id.substr(0, topic.size()) == topic && all_digits(id.substr(topic.size())))
            return id_kind::broadcast_id;
    if (id.substr(0, 7) == "client_")
        return id_kind::client;
    return id_kind::miner;
}

std::optional<follow_result> follow(const trace& t, std::string_view id) {
    follow_result f;
    f.id = std::string(id);
    f.kind = classify_id(id);
    const match_sets m = expand(t, f.kind, id);
    for (const record& r : t.records)
        if (belongs(r, f.kind, id, m))
            f.timeline.push_back({&r, 0, 0});
    if (f.timeline.empty())
        return std::nullopt;
    // Threads stamp records, so file order is not time order: sort by time, then number.
    std::stable_sort(f.timeline.begin(), f.timeline.end(), [](const auto& a, const auto& b) {
        return a.rec->ts != b.rec->ts ? a.rec->ts < b.rec->ts : a.rec->n < b.rec->n;
    });
    const std::int64_t first = f.timeline.front().rec->ts;
    std::int64_t previous = first;
    for (auto& e : f.timeline) {
        e.since_first_us = e.rec->ts - first;
        e.since_previous_us = e.rec->ts - previous;
        previous = e.rec->ts;
    }
    f.deliveries = deliveries_of(f.timeline);
    return f;
}

} // namespace sw::trace_tool
