// The two renderings of a summary: JSON (stable keys, for scripts and tests) and the table.
#include "tools/trace/record_text.hpp"
#include "tools/trace/summary.hpp"

#include <fmt/format.h>

namespace sw::trace_tool {

namespace {

std::uint64_t total(const std::map<std::string, std::uint64_t>& by_kind) {
    std::uint64_t n = 0;
    for (const auto& [kind, count] : by_kind)
        n += count;
    return n;
}

std::string kinds_text(const std::map<std::string, std::uint64_t>& by_kind) {
    std::string text;
    for (const auto& [kind, count] : by_kind)
        text += fmt::format("{}{} {}", text.empty() ? "" : ", ", kind, count);
    return text;
}

std::string lifetime_text(const actor_summary& a) {
    return fmt::format("{:.3f} s ({}..{})",
                       static_cast<double>(a.end_ts - a.start_ts) / 1e6,
                       a.start_is_spawn ? "spawn" : "first seen",
                       a.end_is_exit ? "exit" : "last seen");
}

nlohmann::json lifecycle_json(const lifecycle& l, bool with_attempt) {
    nlohmann::json j{{"ts", l.ts}, {"actor", l.actor}, {"name", l.name}, {"reason", l.reason}};
    if (with_attempt)
        j["attempt"] = l.attempt;
    return j;
}

} // namespace

nlohmann::json to_json(const summary& s) {
    nlohmann::json actors = nlohmann::json::array();
    for (const auto& a : s.actors)
        actors.push_back({{"id", a.id},
                          {"name", a.name},
                          {"in", a.in_by_kind},
                          {"out", a.out_by_kind},
                          {"handle_us",
                           {{"count", a.handle_us.count},
                            {"p50", a.handle_us.p50},
                            {"p99", a.handle_us.p99},
                            {"max", a.handle_us.max}}},
                          {"depth_max", a.depth_max},
                          {"lifetime",
                           {{"start_ts", a.start_ts},
                            {"end_ts", a.end_ts},
                            {"duration_us", a.end_ts - a.start_ts},
                            {"from", a.start_is_spawn ? "spawn" : "first_seen"},
                            {"to", a.end_is_exit ? "exit" : "last_seen"}}}});
    nlohmann::json talkers = nlohmann::json::array();
    for (const auto& t : s.top_talkers)
        talkers.push_back({{"from", t.from},
                           {"from_name", t.from_name},
                           {"to", t.to},
                           {"to_name", t.to_name},
                           {"messages", t.messages}});
    nlohmann::json restarts = nlohmann::json::array();
    for (const auto& r : s.restarts)
        restarts.push_back(lifecycle_json(r, true));
    nlohmann::json exits = nlohmann::json::array();
    for (const auto& e : s.exits)
        exits.push_back(lifecycle_json(e, false));
    return {{"source", s.source},
            {"pid", s.info.pid},
            {"mode", s.info.mode},
            {"records", s.records},
            {"skipped_lines", s.skipped_lines},
            {"first_ts", s.first_ts},
            {"last_ts", s.last_ts},
            {"actors", actors},
            {"top_talkers", talkers},
            {"restarts", restarts},
            {"exits", exits}};
}

void print_summary(std::ostream& out, const summary& s) {
    out << fmt::format("{}: pid {}, source {}, mode {}: {} records over {:.3f} s",
                       s.source,
                       s.info.pid,
                       s.info.source,
                       s.info.mode,
                       s.records,
                       static_cast<double>(s.last_ts - s.first_ts) / 1e6);
    if (s.skipped_lines > 0)
        out << fmt::format(" ({} malformed lines skipped)", s.skipped_lines);
    out << "\n\n";

    constexpr auto row = "{:<24} {:>7} {:>7} {:>9} {:>9} {:>9} {:>6}  {}\n";
    out << fmt::format(
        row, "ACTOR", "IN", "OUT", "p50 us", "p99 us", "max us", "DEPTH", "LIFETIME");
    for (const auto& a : s.actors) {
        out << fmt::format(row,
                           actor_label(a.name, a.id),
                           total(a.in_by_kind),
                           total(a.out_by_kind),
                           a.handle_us.p50,
                           a.handle_us.p99,
                           a.handle_us.max,
                           a.depth_max,
                           lifetime_text(a));
        if (!a.in_by_kind.empty())
            out << "    in:  " << kinds_text(a.in_by_kind) << "\n";
        if (!a.out_by_kind.empty())
            out << "    out: " << kinds_text(a.out_by_kind) << "\n";
    }

    out << "\nTOP TALKERS\n";
    for (const auto& t : s.top_talkers)
        out << fmt::format("{:>7}  {} -> {}\n",
                           t.messages,
                           actor_label(t.from_name, t.from),
                           actor_label(t.to_name, t.to));

    out << fmt::format("\nRESTARTS ({})\n", s.restarts.size());
    for (const auto& r : s.restarts)
        out << fmt::format("  {}  {} attempt {}: {}\n",
                           clock_time(r.ts),
                           actor_label(r.name, r.actor),
                           r.attempt,
                           r.reason);
    out << fmt::format("\nEXITS ({})\n", s.exits.size());
    for (const auto& e : s.exits)
        out << fmt::format(
            "  {}  {}: {}\n", clock_time(e.ts), actor_label(e.name, e.actor), e.reason);
}

} // namespace sw::trace_tool
