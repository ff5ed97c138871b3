#include "tools/trace/tail.hpp"

#include <algorithm>
#include <thread>

#include "tools/trace/follow.hpp"
#include "tools/trace/record_text.hpp"

#include <fmt/format.h>

namespace sw::trace_tool {

namespace {

bool actor_is(const std::string& wanted, const std::string& name, std::uint64_t id) {
    return wanted == name || wanted == std::to_string(id) || wanted == actor_label(name, id);
}

// Waits up to `total`, waking every 50 ms to see whether to stop.
void pause(std::chrono::milliseconds total, const std::function<bool()>& stop) {
    const auto deadline = std::chrono::steady_clock::now() + total;
    while (!stop() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::min(total, std::chrono::milliseconds(50)));
}

} // namespace

bool matches(const record& r, const tail_filter& f) {
    if (!f.actor.empty()) {
        const bool hit =
            r.ev == event::send
                ? actor_is(f.actor, r.from_name, r.from) || actor_is(f.actor, r.to_name, r.to)
                : r.ev != event::write && r.ev != event::drop && actor_is(f.actor, r.name, r.actor);
        if (!hit)
            return false;
    }
    if (!f.kind.empty() && f.kind != r.kind && f.kind != to_string(r.ev))
        return false;
    if (!f.id.empty()) {
        switch (classify_id(f.id)) {
        case id_kind::trace_id:
            return std::to_string(r.trace_id) == f.id;
        case id_kind::broadcast_id:
            return r.broadcast_id == f.id;
        case id_kind::client:
            return r.client == f.id;
        case id_kind::miner:
            return r.miner == f.id;
        }
    }
    return true;
}

std::string tail_line(const record& r) {
    return fmt::format("{}  #{}  {}", clock_time(r.ts), r.n, describe(r));
}

int run_tail(const tail_options& options,
             std::ostream& out,
             std::ostream& err,
             const std::function<bool()>& stop) {
    std::uint64_t since = 0;
    std::int64_t pid = 0;
    bool first = true;
    bool failing = false;
    while (!stop()) {
        const std::string target = first ? "/api/trace?limit=" + std::to_string(options.lines)
                                         : "/api/trace?since=" + std::to_string(since);
        auto t = read_trace_url(options.url, target);
        if (!t) {
            if (!failing) // say it once, not every half second
                err << t.error() << " (retrying)" << std::endl;
            failing = true;
            pause(options.interval, stop);
            continue;
        }
        if (failing)
            err << "reading " << options.url.text << " again" << std::endl;
        failing = false;
        if (pid != 0 && t->info.pid != pid) {
            // Record numbers start over in the new process: begin again as at start-up.
            out << fmt::format("-- server restarted: pid {} -> {} --", pid, t->info.pid)
                << std::endl;
            pid = 0;
            since = 0;
            first = true;
            continue;
        }
        pid = t->info.pid;
        for (const record& r : t->records) {
            if (r.n <= since)
                continue; // a server that ignored ?since: never print a record twice
            since = std::max(since, r.n);
            if (matches(r, options.filter))
                out << tail_line(r) << std::endl;
        }
        first = false;
        pause(options.interval, stop);
    }
    return 0;
}

} // namespace sw::trace_tool
