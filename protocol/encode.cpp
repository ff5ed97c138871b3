// Server -> client frames. Replies are built as ordered_json so `type` comes first (easier to
// read in logs and captures); broadcasts are concatenated around one dump() of `data` because
// they are the hot path. Every dump() replaces invalid UTF-8 instead of throwing: strings such
// as user_agent or a miner's hostname come from outside and are not validated.

#include "protocol/encode.hpp"

namespace sw::protocol {

namespace {

using json = nlohmann::json;
using ordered = nlohmann::ordered_json;

template <typename Json>
std::string dump(const Json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// Replies carry the request's id only when it had one.
void put_id(ordered& reply, const json& id) {
    if (!id.is_null() && !id.is_discarded()) {
        reply["id"] = ordered(id);
    }
}

ordered names(const std::vector<topic>& topics) {
    ordered list = ordered::array();
    for (const topic t : topics) {
        list.push_back(to_string(t));
    }
    return list;
}

ordered sorted(const std::vector<topic>& topics) {
    ordered list(sorted_names(topics)); // not `return {...}`: a braced json nests an array
    return list;
}

std::string encode_change(std::string_view type,
                          const json& id,
                          const std::vector<topic>& changed,
                          const std::vector<topic>& held) {
    ordered reply{{"type", type}, {"topics", names(changed)}, {"subscribed_topics", sorted(held)}};
    put_id(reply, id);
    return dump(reply);
}

/// Appends `text` as a JSON string. Timestamps are ours and need no escaping; anything
/// else goes through nlohmann so the output stays valid JSON whatever the caller passed.
void append_string(std::string& out, std::string_view text) {
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') {
            out += dump(json(text));
            return;
        }
    }
    out += '"';
    out += text;
    out += '"';
}

/// The shared head of `<topic>_update` and `<topic>_snapshot`, up to and including the
/// `"data":` key. `broadcast` adds broadcast_id.
std::string topic_frame(
    topic t, bool broadcast, std::uint64_t seq, std::string_view timestamp, std::string_view body) {
    const std::string_view name = to_string(t);
    const std::string seq_text = std::to_string(seq);
    std::string out;
    out.reserve(body.size() + 3 * name.size() + 2 * seq_text.size() + timestamp.size() + 96);
    out += R"({"type":")";
    out += name;
    out += broadcast ? R"(_update","topic":")" : R"(_snapshot","topic":")";
    out += name;
    if (broadcast) {
        out += R"(","broadcast_id":")";
        out += name;
        out += '-';
        out += seq_text;
    }
    out += R"(","seq":)";
    out += seq_text;
    out += R"(,"timestamp":)";
    append_string(out, timestamp);
    out += R"(,"data":)";
    out += body;
    out += '}';
    return out;
}

} // namespace

std::string encode_welcome(const welcome& w) {
    const ordered reply{
        {"type", "connection_established"},
        {"client_id", w.client_id},
        {"timestamp", w.timestamp},
        {"available_topics", names({all_topics.begin(), all_topics.end()})},
        {"heartbeat_interval", w.heartbeat_interval_seconds},
        {"server_info",
         {{"version", w.version},
          {"protocol", protocol_version},
          {"features",
           {"real_time_updates",
            "multi_topic_subscription",
            "heartbeat",
            "snapshots",
            "sequence_numbers"}}}},
    };
    return dump(reply);
}

std::string encode_subscribed(const json& id,
                              const std::vector<topic>& changed,
                              const std::vector<topic>& held) {
    return encode_change("subscribed", id, changed, held);
}

std::string encode_unsubscribed(const json& id,
                                const std::vector<topic>& changed,
                                const std::vector<topic>& held) {
    return encode_change("unsubscribed", id, changed, held);
}

std::string
encode_pong(const json& id, std::string_view timestamp, const std::optional<ping_stats>& stats) {
    ordered reply{{"type", "pong"}, {"timestamp", timestamp}};
    if (stats) {
        reply["stats"] = ordered{
            {"connected_at", stats->connected_at},
            {"message_count", stats->message_count},
            {"messages_sent", stats->messages_sent},
            {"subscribed_topics", sorted(stats->subscribed_topics)},
            {"active_connections", stats->active_connections},
            {"uptime_seconds", stats->uptime_seconds},
        };
    }
    put_id(reply, id);
    return dump(reply);
}

std::string encode_status(const json& id, const status& s) {
    ordered reply{
        {"type", "status"},
        {"client_id", s.client_id},
        {"connected_at", s.connected_at},
        {"last_activity", s.last_activity},
        {"last_ping", s.last_ping ? ordered(*s.last_ping) : ordered(nullptr)},
        {"subscribed_topics", sorted(s.subscribed_topics)},
        {"message_count", s.message_count},
        {"messages_sent", s.messages_sent},
        {"connection_status", "active"},
        {"remote_addr", s.remote_addr},
        {"user_agent", s.user_agent},
        {"server",
         {{"active_connections", s.active_connections},
          {"uptime_seconds", s.uptime_seconds},
          {"version", s.version}}},
        {"connection", ordered(s.connection)},
    };
    put_id(reply, id);
    return dump(reply);
}

std::string encode_topics(const json& id, const std::vector<topic_stat>& topics) {
    ordered list = ordered::array();
    for (const topic_stat& stat : topics) {
        list.push_back(ordered{{"name", to_string(stat.name)},
                               {"description", description(stat.name)},
                               {"subscribers", stat.subscribers}});
    }
    ordered reply{{"type", "topics"}, {"topics", std::move(list)}};
    put_id(reply, id);
    return dump(reply);
}

std::string encode_error(const error& e) {
    ordered reply{
        {"type", "error"},
        {"code", to_string(e.code)},
        {"message", e.message},
        {"details", e.details.is_object() ? ordered(e.details) : ordered::object()},
    };
    put_id(reply, e.id);
    return dump(reply);
}

std::string
encode_broadcast(topic t, std::uint64_t seq, std::string_view timestamp, const json& data) {
    return topic_frame(t, /*broadcast=*/true, seq, timestamp, dump(data));
}

std::string encode_broadcast_text(topic t,
                                  std::uint64_t seq,
                                  std::string_view timestamp,
                                  std::string_view data_json) {
    return topic_frame(t, /*broadcast=*/true, seq, timestamp, data_json);
}

std::string encode_snapshot_text(topic t,
                                 std::uint64_t seq,
                                 std::string_view timestamp,
                                 std::string_view data_json) {
    return topic_frame(t, /*broadcast=*/false, seq, timestamp, data_json);
}

std::string
encode_snapshot(topic t, std::uint64_t seq, std::string_view timestamp, const json& data) {
    return topic_frame(t, /*broadcast=*/false, seq, timestamp, dump(data));
}

} // namespace sw::protocol
