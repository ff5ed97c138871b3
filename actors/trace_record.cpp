#include "actors/trace_record.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "protocol/protocol.hpp"

#include <unistd.h>

namespace sw::actors::trace {

const char* to_string(event e) noexcept {
    switch (e) {
    case event::send:
        return "send";
    case event::handle:
        return "handle";
    case event::spawn:
        return "spawn";
    case event::exit:
        return "exit";
    case event::restart:
        return "restart";
    case event::read:
        return "read";
    case event::deliver:
        return "deliver";
    case event::write:
        return "write";
    case event::drop:
        return "drop";
    }
    return "unknown";
}

std::int64_t now_us() noexcept {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string to_json_line(const record& r) {
    nlohmann::ordered_json j;
    j["n"] = r.n;
    j["ts"] = r.ts;
    j["ev"] = to_string(r.ev);
    const bool is_send = r.ev == event::send;
    if (r.actor != 0 || is_send)
        j[is_send ? "from" : "actor"] = r.actor;
    if (r.name != nullptr)
        j[is_send ? "from_name" : "name"] = r.name;
    if (is_send) {
        j["to"] = r.to;
        j["to_name"] = r.to_name != nullptr ? r.to_name : "unknown";
    }
    if (r.kind != caf::atom_value{})
        j["kind"] = caf::to_string(r.kind);
    if (r.trace_id != 0)
        j["trace_id"] = r.trace_id;
    if (r.topic >= 0 && r.topic < static_cast<int>(protocol::topic_count)) {
        const auto t = protocol::all_topics[static_cast<std::size_t>(r.topic)];
        j["broadcast_id"] = std::string(protocol::to_string(t)) + "-" + std::to_string(r.seq);
        j["seq"] = r.seq;
    }
    if (!r.miner.empty())
        j["miner"] = r.miner;
    if (!r.client.empty())
        j["client"] = r.client;
    if (!r.reason.empty())
        j["reason"] = r.reason;
    if (r.dur_us >= 0)
        j["dur_us"] = r.dur_us;
    if (r.depth >= 0)
        j["depth"] = r.depth;
    if (r.bytes >= 0)
        j["bytes"] = r.bytes;
    if (r.wait_us >= 0)
        j["wait_us"] = r.wait_us;
    if (r.attempt >= 0)
        j["attempt"] = r.attempt;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string meta_line(const char* mode, std::size_t sample, const char* source) {
    nlohmann::ordered_json j{{"ev", "meta"},
                             {"format", "solowatch-trace"},
                             {"version", 1},
                             {"ts", now_us()},
                             {"pid", static_cast<long>(::getpid())},
                             {"mode", mode},
                             {"sample", sample},
                             {"source", source}};
    return j.dump();
}

} // namespace sw::actors::trace
