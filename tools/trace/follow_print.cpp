// The two renderings of a follow result: JSON (for scripts and tests) and the timeline.
#include "tools/trace/follow.hpp"
#include "tools/trace/record_text.hpp"

#include <fmt/format.h>

namespace sw::trace_tool {

namespace {

double ms(std::int64_t us) {
    return static_cast<double>(us) / 1000.0;
}

} // namespace

nlohmann::json to_json(const follow_result& f) {
    nlohmann::json timeline = nlohmann::json::array();
    for (const auto& e : f.timeline)
        timeline.push_back({{"since_first_us", e.since_first_us},
                            {"since_previous_us", e.since_previous_us},
                            {"text", describe(*e.rec)},
                            {"record", to_json(*e.rec)}});
    nlohmann::json reached = nlohmann::json::array();
    nlohmann::json not_reached = nlohmann::json::array();
    for (const auto& d : f.deliveries) {
        if (d.reached)
            reached.push_back(
                {{"broadcast_id", d.broadcast_id}, {"client", d.client}, {"wait_us", d.wait_us}});
        else
            not_reached.push_back(
                {{"broadcast_id", d.broadcast_id}, {"client", d.client}, {"reason", d.reason}});
    }
    return {{"id", f.id},
            {"id_kind", to_string(f.kind)},
            {"timeline", timeline},
            {"reached", reached},
            {"not_reached", not_reached}};
}

void print_follow(std::ostream& out, const follow_result& f) {
    const std::int64_t span = f.timeline.back().since_first_us;
    out << fmt::format("{} {}: {} records over {:.3f} ms, starting {} UTC\n\n",
                       to_string(f.kind),
                       f.id,
                       f.timeline.size(),
                       ms(span),
                       clock_time(f.timeline.front().rec->ts));
    out << fmt::format("{:>12}  {:>11}  {}\n", "since first", "hop", "event");
    for (const auto& e : f.timeline)
        out << fmt::format("{:>+9.3f} ms  {:>+8.3f} ms  {}\n",
                           ms(e.since_first_us),
                           ms(e.since_previous_us),
                           describe(*e.rec));
    if (f.deliveries.empty())
        return;
    std::size_t missed = 0;
    for (const auto& d : f.deliveries)
        missed += d.reached ? 0 : 1;
    out << fmt::format("\nReached {} of {} (broadcast, client) pairs\n",
                       f.deliveries.size() - missed,
                       f.deliveries.size());
    for (const auto& d : f.deliveries)
        if (d.reached)
            out << fmt::format("  {:<14} {:<20} written {:.3f} ms after deliver\n",
                               d.broadcast_id,
                               d.client,
                               ms(d.wait_us));
    if (missed == 0)
        return;
    out << fmt::format("\nNever reached ({})\n", missed);
    for (const auto& d : f.deliveries)
        if (!d.reached)
            out << fmt::format("  {:<14} {:<20} {}\n", d.broadcast_id, d.client, d.reason);
}

} // namespace sw::trace_tool
