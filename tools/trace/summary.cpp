#include "tools/trace/summary.hpp"

#include <algorithm>
#include <cmath>

namespace sw::trace_tool {

namespace {

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, double p) {
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// One actor while the records stream past; lifetime is settled once all are seen.
struct actor_acc {
    actor_summary s;
    std::vector<std::int64_t> durations;
    std::int64_t first_seen = 0;
    std::int64_t last_seen = 0;
    std::int64_t spawn_ts = 0;
    std::int64_t exit_ts = 0;
    bool seen = false;
    bool spawned = false;
    bool exited = false;
};

actor_acc& see(std::map<std::uint64_t, actor_acc>& actors,
               std::uint64_t id,
               const std::string& name,
               std::int64_t ts) {
    actor_acc& a = actors[id];
    a.s.id = id;
    if (a.s.name.empty())
        a.s.name = id == 0 && name.empty() ? "io" : name;
    a.first_seen = a.seen ? std::min(a.first_seen, ts) : ts;
    a.last_seen = a.seen ? std::max(a.last_seen, ts) : ts;
    a.seen = true;
    return a;
}

} // namespace

summary summarize(const trace& t, std::size_t top_talkers) {
    summary out;
    out.source = t.source;
    out.info = t.info;
    out.records = t.records.size();
    out.skipped_lines = t.skipped.size();
    std::map<std::uint64_t, actor_acc> actors;
    std::map<std::pair<std::uint64_t, std::uint64_t>, talker> pairs;
    for (const record& r : t.records) {
        if (out.first_ts == 0 || r.ts < out.first_ts)
            out.first_ts = r.ts;
        out.last_ts = std::max(out.last_ts, r.ts);
        switch (r.ev) {
        case event::send: {
            see(actors, r.from, r.from_name, r.ts).s.out_by_kind[r.kind]++;
            auto& to = see(actors, r.to, r.to_name, r.ts).s;
            to.depth_max = std::max(to.depth_max, r.depth);
            talker& tk = pairs[{r.from, r.to}];
            tk = {
                r.from, r.from_name.empty() ? "io" : r.from_name, r.to, r.to_name, tk.messages + 1};
            break;
        }
        case event::handle: {
            auto& a = see(actors, r.actor, r.name, r.ts);
            a.s.in_by_kind[r.kind]++;
            a.s.depth_max = std::max(a.s.depth_max, r.depth);
            a.durations.push_back(r.dur_us);
            break;
        }
        case event::spawn:
        case event::restart: {
            auto& a = see(actors, r.actor, r.name, r.ts);
            // A restart is followed by the new id's spawn: the earlier of the two wins.
            a.spawn_ts = a.spawned ? std::min(a.spawn_ts, r.ts) : r.ts;
            a.spawned = true;
            if (r.ev == event::restart)
                out.restarts.push_back({r.ts, r.actor, r.name, r.reason, r.attempt});
            break;
        }
        case event::exit: {
            auto& a = see(actors, r.actor, r.name, r.ts);
            a.exit_ts = r.ts;
            a.exited = true;
            out.exits.push_back({r.ts, r.actor, r.name, r.reason, 0});
            break;
        }
        case event::read:
            see(actors, r.actor, "client", r.ts);
            break;
        case event::deliver:
            see(actors, r.actor, r.name, r.ts);
            break;
        case event::write:
        case event::drop:
            break; // socket side: no actor
        }
    }
    for (auto& [id, a] : actors) {
        a.s.start_is_spawn = a.spawned;
        a.s.start_ts = a.spawned ? a.spawn_ts : a.first_seen;
        a.s.end_is_exit = a.exited;
        a.s.end_ts = a.exited ? a.exit_ts : a.last_seen;
        std::sort(a.durations.begin(), a.durations.end());
        if (!a.durations.empty())
            a.s.handle_us = {a.durations.size(),
                             nearest_rank(a.durations, 50),
                             nearest_rank(a.durations, 99),
                             a.durations.back()};
        out.actors.push_back(std::move(a.s));
    }
    for (auto& [key, tk] : pairs)
        out.top_talkers.push_back(tk);
    // Most messages first; ties by ids so the output is stable.
    std::stable_sort(out.top_talkers.begin(),
                     out.top_talkers.end(),
                     [](const talker& x, const talker& y) { return x.messages > y.messages; });
    if (out.top_talkers.size() > top_talkers)
        out.top_talkers.resize(top_talkers);
    return out;
}

} // namespace sw::trace_tool
