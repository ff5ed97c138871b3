#include "actors/trace_record.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <string_view>
#include <utility>

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

namespace {

// The file writer formats every record of a trace that is "on" (two per delivered broadcast
// frame), so this is written out by hand: building an nlohmann object per record cost more
// than the fan-out it records. Field names are literals; values are integers or escaped text.

void append_escaped(std::string& out, std::string_view text) {
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                constexpr std::string_view hex = "0123456789abcdef";
                out += "\\u00";
                out += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
                out += hex[static_cast<unsigned char>(c) & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

template <class Int>
void append_number(std::string& out, Int value) {
    std::array<char, 24> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    out.append(buf.data(), ec == std::errc{} ? end : buf.data());
}

/// `,"key":` then the value.
void key(std::string& out, std::string_view name) {
    out += ",\"";
    out += name;
    out += "\":";
}

template <class Int>
void number_field(std::string& out, std::string_view name, Int value) {
    key(out, name);
    append_number(out, value);
}

void text_field(std::string& out, std::string_view name, std::string_view value) {
    key(out, name);
    append_escaped(out, value);
}

} // namespace

std::string to_json_line(const record& r) {
    std::string out;
    out.reserve(160);
    out += "{\"n\":";
    append_number(out, r.n);
    number_field(out, "ts", r.ts);
    text_field(out, "ev", to_string(r.ev));
    const bool is_send = r.ev == event::send;
    if (r.actor != 0 || is_send)
        number_field(out, is_send ? "from" : "actor", r.actor);
    if (r.name != nullptr)
        text_field(out, is_send ? "from_name" : "name", r.name);
    if (is_send) {
        number_field(out, "to", r.to);
        text_field(out, "to_name", r.to_name != nullptr ? r.to_name : "unknown");
    }
    if (r.kind != caf::atom_value{})
        text_field(out, "kind", caf::to_string(r.kind));
    if (r.trace_id != 0)
        number_field(out, "trace_id", r.trace_id);
    if (r.topic >= 0 && r.topic < static_cast<int>(protocol::topic_count)) {
        const auto t = protocol::all_topics[static_cast<std::size_t>(r.topic)];
        key(out, "broadcast_id");
        out += '"';
        out += protocol::to_string(t);
        out += '-';
        append_number(out, r.seq);
        out += '"';
        number_field(out, "seq", r.seq);
    }
    if (!r.miner.empty())
        text_field(out, "miner", r.miner);
    if (!r.client.empty())
        text_field(out, "client", r.client.view());
    if (!r.reason.empty())
        text_field(out, "reason", r.reason);
    const std::pair<std::string_view, std::int64_t> optional_numbers[] = {{"dur_us", r.dur_us},
                                                                          {"depth", r.depth},
                                                                          {"bytes", r.bytes},
                                                                          {"wait_us", r.wait_us},
                                                                          {"attempt", r.attempt}};
    for (const auto& [name, value] : optional_numbers)
        if (value >= 0)
            number_field(out, name, value);
    out += '}';
    return out;
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
