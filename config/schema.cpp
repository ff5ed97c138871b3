// The schema as data: one line per key, so the known-key list used for "unknown key" and
// "did you mean" can never drift from what is actually read.

#include "config/schema.hpp"

#include <array>
#include <span>
#include <string>
#include <vector>

#include "config/alerts_schema.hpp"
#include "config/text.hpp"

namespace sw::config::detail {

namespace {

using namespace std::chrono_literals;

using read_fn = void (*)(field_reader&, config&);

struct field {
    std::string_view name;
    read_fn read;
};

struct section {
    std::string_view name;
    std::span<const field> fields;
};

constexpr std::size_t mib = std::size_t{1024} * 1024;

constexpr std::array<std::string_view, 7> log_levels{
    "trace", "debug", "info", "warn", "error", "critical", "off"};
constexpr std::array<std::string_view, 2> log_formats{"text", "json"};
constexpr std::array<std::string_view, 2> scheduler_policies{"sharing", "stealing"};
constexpr std::array<std::string_view, 3> trace_modes{"off", "on", "sampled"};
constexpr std::size_t gib = 1024 * mib;

// One key per line, so the schema reads as a table.
// clang-format off
constexpr std::array server_fields{
    field{"listen", [](field_reader& r, config& c) { r.listen(c.server); }},
    field{"max_connections", [](field_reader& r, config& c) { r.integer(c.server.max_connections, 1, 1'000'000); }},
    field{"max_message_bytes", [](field_reader& r, config& c) { r.integer(c.server.max_message_bytes, 64, 16 * mib); }},
    field{"allowed_origins", [](field_reader& r, config& c) { r.origins(c.server.allowed_origins); }},
    field{"io_threads", [](field_reader& r, config& c) { r.integer(c.server.io_threads, 1, 64); }},
    field{"handshake_timeout", [](field_reader& r, config& c) { r.duration_at_least(c.server.handshake_timeout, 100ms); }},
    field{"max_request_bytes", [](field_reader& r, config& c) { r.integer(c.server.max_request_bytes, 1024, mib); }},
    field{"max_connections_per_ip", [](field_reader& r, config& c) { r.integer(c.server.max_connections_per_ip, 1, 1'000'000); }},
    field{"accept_rate_per_second", [](field_reader& r, config& c) { r.number(c.server.accept_rate_per_second, {0, 1'000'000, true}); }},
    field{"shutdown_timeout", [](field_reader& r, config& c) { r.duration_at_least(c.server.shutdown_timeout, 0ms); }},
    field{"web_root", [](field_reader& r, config& c) { r.path(c.server.web_root); }},
};

constexpr std::array websocket_fields{
    field{"heartbeat_interval", [](field_reader& r, config& c) { r.duration_at_least(c.websocket.heartbeat_interval, 100ms); }},
    field{"stale_factor", [](field_reader& r, config& c) { r.number(c.websocket.stale_factor, {1.5, 100}); }},
    field{"inactive_factor", [](field_reader& r, config& c) { r.number(c.websocket.inactive_factor, {1, 1000}); }},
    field{"send_timeout", [](field_reader& r, config& c) { r.duration_at_least(c.websocket.send_timeout, 10ms); }},
    field{"max_queue_bytes", [](field_reader& r, config& c) { r.integer(c.websocket.max_queue_bytes, 1024, 1024 * mib); }},
    field{"socket_send_buffer", [](field_reader& r, config& c) { r.integer(c.websocket.socket_send_buffer, 0, 64 * mib); }},
    field{"max_queue_messages", [](field_reader& r, config& c) { r.integer(c.websocket.max_queue_messages, 1, 1'000'000); }},
    field{"rate_limit_per_second", [](field_reader& r, config& c) { r.number(c.websocket.rate_limit_per_second, {0, 1'000'000, true}); }},
    field{"rate_limit_burst", [](field_reader& r, config& c) { r.number(c.websocket.rate_limit_burst, {.min = 1}); }},
    field{"flood_factor", [](field_reader& r, config& c) { r.number(c.websocket.flood_factor, {1, 1000}); }},
    field{"flood_duration", [](field_reader& r, config& c) { r.duration_at_least(c.websocket.flood_duration, 1s); }},
    field{"max_batches_in_flight", [](field_reader& r, config& c) { r.integer(c.websocket.max_batches_in_flight, 1, 1024); }},
    field{"batch_retry_interval", [](field_reader& r, config& c) { r.duration_between(c.websocket.batch_retry_interval, 1ms, 1s); }},
};

constexpr std::array system_fields{
    field{"publish_interval", [](field_reader& r, config& c) { r.duration_at_least(c.system.publish_interval, 10ms); }},
};

constexpr std::array actors_fields{
    field{"scheduler_threads", [](field_reader& r, config& c) { r.integer(c.actors.scheduler_threads, 1, 64); }},
    field{"scheduler", [](field_reader& r, config& c) { r.one_of(c.actors.scheduler, scheduler_policies, "scheduler policy"); }},
    field{"restart_backoff_initial", [](field_reader& r, config& c) { r.duration_at_least(c.actors.restart_backoff_initial, 10ms); }},
    field{"restart_backoff_max", [](field_reader& r, config& c) { r.duration_at_least(c.actors.restart_backoff_max, 10ms); }},
    field{"trace", [](field_reader& r, config& c) { r.one_of(c.actors.trace, trace_modes, "trace mode"); }},
    field{"trace_sample", [](field_reader& r, config& c) { r.integer(c.actors.trace_sample, 1, 1'000'000); }},
    field{"trace_file", [](field_reader& r, config& c) { r.path(c.actors.trace_file); }},
    field{"trace_max_bytes", [](field_reader& r, config& c) { r.integer(c.actors.trace_max_bytes, 64 * 1024, 16 * gib); }},
    field{"trace_ring", [](field_reader& r, config& c) { r.integer(c.actors.trace_ring, 1000, 10'000'000); }},
};

constexpr std::array fleet_fields{
    field{"publish_interval", [](field_reader& r, config& c) { r.duration_at_least(c.fleet.publish_interval, 10ms); }},
    field{"offline_backoff_max", [](field_reader& r, config& c) { r.duration_at_least(c.fleet.offline_backoff_max, 100ms); }},
};

constexpr std::array metrics_fields{
    field{"publish_interval", [](field_reader& r, config& c) { r.duration_at_least(c.metrics.publish_interval, 10ms); }},
};

constexpr std::array network_fields{
    field{"difficulty", [](field_reader& r, config& c) { r.number(c.network.difficulty, {.min = 0}); }},
};

constexpr std::array history_fields{
    field{"path", [](field_reader& r, config& c) { r.path(c.history.path); }},
    field{"sample_interval", [](field_reader& r, config& c) { r.duration_at_least(c.history.sample_interval, 1s); }},
    field{"raw_retention", [](field_reader& r, config& c) { r.duration_at_least(c.history.raw_retention, 10min); }},
    field{"five_minute_retention", [](field_reader& r, config& c) { r.duration_at_least(c.history.five_minute_retention, 1h); }},
    field{"hourly_retention", [](field_reader& r, config& c) { r.duration_at_least(c.history.hourly_retention, 1h); }},
    field{"alert_retention", [](field_reader& r, config& c) { r.duration_at_least(c.history.alert_retention, 1h); }},
    field{"maintenance_interval", [](field_reader& r, config& c) { r.duration_at_least(c.history.maintenance_interval, 1s); }},
    field{"max_pending_rows", [](field_reader& r, config& c) { r.integer(c.history.max_pending_rows, 100, 10'000'000); }},
    field{"max_points", [](field_reader& r, config& c) { r.integer(c.history.max_points, 10, 100'000); }},
};

constexpr std::array log_fields{
    field{"level", [](field_reader& r, config& c) { r.one_of(c.log.level, log_levels, "log level"); }},
    field{"format", [](field_reader& r, config& c) { r.one_of(c.log.format, log_formats, "log format"); }},
};
// clang-format on

// inactive_factor is deliberately not checked against stale_factor: when it is not smaller,
// a client is closed as stale before it can be reported inactive, which is a valid choice.
constexpr std::array<section, 9> sections{{
    {"server", server_fields},
    {"websocket", websocket_fields},
    {"system", system_fields},
    {"actors", actors_fields},
    {"fleet", fleet_fields},
    {"metrics", metrics_fields},
    {"network", network_fields},
    {"history", history_fields},
    {"log", log_fields},
}};

// Tables with their own readers (arrays of tables, nested rule tables).
constexpr std::array<std::string_view, 3> special_tables{"alerts", "miners", "notify"};

const section* find_section(std::string_view name) {
    for (const auto& s : sections) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

const field* find_field(const section& s, std::string_view name) {
    for (const auto& f : s.fields) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
}

// A key that exists, but in another table, is the likeliest mistake after a typo.
const section* home_of(std::string_view key) {
    for (const auto& s : sections) {
        if (find_field(s, key) != nullptr) {
            return &s;
        }
    }
    return nullptr;
}

std::string unknown(std::string_view name, const toml::node& node) {
    const bool is_table = node.is_table() || node.is_array_of_tables();
    return std::string(is_table ? "unknown table '" : "unknown key '").append(name).append("'");
}

std::string unknown_top_level(std::string_view name, const toml::node& node) {
    std::string message = unknown(name, node);
    std::vector<std::string_view> names;
    names.reserve(sections.size() + special_tables.size());
    for (const auto& s : sections) {
        names.push_back(s.name);
    }
    names.insert(names.end(), special_tables.begin(), special_tables.end());
    // A key that some table has is a key in the wrong place (history_size is not a typo of
    // [history]); a table name close to a known one is a typo.
    const bool is_table = node.is_table() || node.is_array_of_tables();
    const auto near = closest_match(name, names);
    const bool misplaced = home_of(name) != nullptr || name == "cooldown" || name == "history_size"
                           || !rule_keys(name).empty();
    if (!near.empty() && (is_table || !misplaced)) {
        return message.append(" (did you mean '").append(near).append("'?)");
    }
    if (const auto* home = home_of(name)) {
        return message.append(" (it belongs in [").append(home->name).append("])");
    }
    if (!is_table && (name == "cooldown" || name == "history_size")) {
        return message.append(" (it belongs in [alerts])");
    }
    if (!rule_keys(name).empty()) {
        return message.append(" (it belongs in [alerts.").append(name).append("])");
    }
    message.append(" (known tables:");
    for (const auto& s : sections) {
        message.append(" [").append(s.name).append("]");
    }
    return message.append(" [alerts] [[miners]] [[notify]])");
}

std::string unknown_in_section(const section& s, std::string_view name, const toml::node& node) {
    std::string message = unknown(name, node);
    std::vector<std::string_view> names;
    names.reserve(s.fields.size());
    for (const auto& f : s.fields) {
        names.push_back(f.name);
    }
    if (const auto near = closest_match(name, names); !near.empty()) {
        return message.append(" (did you mean '").append(near).append("'?)");
    }
    if (const auto* home = home_of(name)) {
        return message.append(" (it belongs in [").append(home->name).append("])");
    }
    return message;
}

void read_section(const section& s, const toml::table& table, config& cfg, error_sink& errors) {
    for (auto&& [key, node] : table) {
        std::string path = std::string(s.name).append(".").append(key.str());
        const field* f = find_field(s, key.str());
        if (f == nullptr) {
            errors.add(key.source(), std::move(path), unknown_in_section(s, key.str(), node));
            continue;
        }
        field_reader reader{node, std::move(path), errors};
        f->read(reader, cfg);
    }
}

} // namespace

void read_document(const toml::table& root, config& cfg, error_sink& errors) {
    for (auto&& [key, node] : root) {
        if (key.str() == "miners") {
            read_miners(node, cfg.miners, errors);
            continue;
        }
        if (key.str() == "alerts") {
            read_alerts(node, cfg.alerts, errors);
            continue;
        }
        if (key.str() == "notify") {
            read_notify(node, cfg.notify, errors);
            continue;
        }
        const section* s = find_section(key.str());
        if (s == nullptr) {
            errors.add(key.source(), std::string(key.str()), unknown_top_level(key.str(), node));
        } else if (const auto* table = node.as_table()) {
            read_section(*s, *table, cfg, errors);
        } else {
            errors.add(node.source(),
                       std::string(key.str()),
                       describe(node) + " is not a table: expected a [" + std::string(s->name)
                           + "] table");
        }
    }
}

} // namespace sw::config::detail
