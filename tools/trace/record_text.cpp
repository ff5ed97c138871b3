#include "tools/trace/record_text.hpp"

#include <ctime>
#include <vector>

#include <fmt/format.h>

namespace sw::trace_tool {

std::string actor_label(const std::string& name, std::uint64_t id) {
    if (id == 0)
        return name.empty() ? "io" : name;
    return fmt::format("{}#{}", name.empty() ? "?" : name, id);
}

namespace {

// The correlation fields the main text did not already show, as "(trace 1001, miner x)".
std::string correlation(const record& r, bool broadcast_shown, bool client_shown) {
    std::vector<std::string> parts;
    if (r.trace_id != 0)
        parts.push_back(fmt::format("trace {}", r.trace_id));
    if (!broadcast_shown && !r.broadcast_id.empty())
        parts.push_back(r.broadcast_id);
    if (!r.miner.empty())
        parts.push_back("miner " + r.miner);
    if (!client_shown && !r.client.empty())
        parts.push_back(r.client);
    if (parts.empty())
        return {};
    return fmt::format("  ({})", fmt::join(parts, ", "));
}

} // namespace

std::string describe(const record& r) {
    const std::string who = actor_label(r.name, r.actor);
    switch (r.ev) {
    case event::send:
        return fmt::format("{} -> {}  {}  depth {}",
                           actor_label(r.from_name, r.from),
                           actor_label(r.to_name, r.to),
                           r.kind,
                           r.depth)
               + correlation(r, false, false);
    case event::handle:
        return fmt::format("{} handles {}  {} us  depth {}", who, r.kind, r.dur_us, r.depth)
               + correlation(r, false, false);
    case event::spawn:
        return fmt::format("spawn {}", who);
    case event::exit:
        return fmt::format("exit {}: {}", who, r.reason);
    case event::restart:
        return fmt::format("restart {} (attempt {}): {}", who, r.attempt, r.reason);
    case event::read:
        return fmt::format(
                   "read {} B from {} into {}", r.bytes, r.client, actor_label("client", r.actor))
               + correlation(r, false, true);
    case event::deliver:
        return fmt::format("{} -> {}  deliver {}", who, r.client, r.broadcast_id)
               + correlation(r, true, true);
    case event::write:
        return fmt::format(
                   "write {}  {}  {} B  waited {} us", r.client, r.broadcast_id, r.bytes, r.wait_us)
               + correlation(r, true, true);
    case event::drop:
        return fmt::format("drop {}  {}  {}", r.client, r.broadcast_id, r.reason)
               + correlation(r, true, true);
    }
    return to_string(r.ev);
}

std::string clock_time(std::int64_t ts_us) {
    const std::time_t seconds = static_cast<std::time_t>(ts_us / 1000000);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    return fmt::format(
        "{:02}:{:02}:{:02}.{:06}", parts.tm_hour, parts.tm_min, parts.tm_sec, ts_us % 1000000);
}

} // namespace sw::trace_tool
