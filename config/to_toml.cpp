// to_toml: the effective configuration, every key, in the same order as the reference file.

#include <string>

#include "config/config.hpp"
#include "config/text.hpp"

namespace sw::config {

namespace {

class writer {
public:
    void table(std::string_view name) {
        out_.append(out_.empty() ? "[" : "\n[").append(name).append("]\n");
    }

    void array_table(std::string_view name) { out_.append("\n[[").append(name).append("]]\n"); }

    void string(std::string_view key, std::string_view value) {
        line(key, detail::toml_string(value));
    }

    void integer(std::string_view key, std::size_t value) { line(key, std::to_string(value)); }

    void time(std::string_view key, duration value) {
        line(key, detail::toml_string(format_duration(value)));
    }

    void number(std::string_view key, double value) {
        std::string text = detail::format_number(value);
        // Keep it a TOML float (2.0, not 2) so the file says what kind of value this is;
        // the letters catch exponents, nan and inf, which are floats already.
        if (text.find_first_of(".eina") == std::string::npos) {
            text += ".0";
        }
        line(key, text);
    }

    void strings(std::string_view key, const std::vector<std::string>& values) {
        std::string text = "[";
        for (std::size_t i = 0; i < values.size(); ++i) {
            text.append(i == 0 ? "" : ", ").append(detail::toml_string(values[i]));
        }
        line(key, text.append("]"));
    }

    void comment(std::string_view text) { out_.append("# ").append(text).append("\n"); }

    std::string take() { return std::move(out_); }

private:
    void line(std::string_view key, std::string_view value) {
        out_.append(key).append(" = ").append(value).append("\n");
    }

    std::string out_;
};

} // namespace

std::string to_toml(const config& cfg) {
    writer w;
    w.comment("solowatch effective configuration");
    if (!cfg.source_path.empty()) {
        // Quoted so that a newline in the path cannot end the comment.
        w.comment("read from " + detail::toml_string(cfg.source_path));
    }
    w.table("server");
    w.string("listen", cfg.server.listen);
    w.integer("max_connections", cfg.server.max_connections);
    w.integer("max_message_bytes", cfg.server.max_message_bytes);
    w.strings("allowed_origins", cfg.server.allowed_origins);
    w.integer("io_threads", cfg.server.io_threads);
    w.time("handshake_timeout", cfg.server.handshake_timeout);
    w.integer("max_request_bytes", cfg.server.max_request_bytes);
    w.integer("max_connections_per_ip", cfg.server.max_connections_per_ip);
    w.number("accept_rate_per_second", cfg.server.accept_rate_per_second);
    w.time("shutdown_timeout", cfg.server.shutdown_timeout);

    w.table("websocket");
    w.time("heartbeat_interval", cfg.websocket.heartbeat_interval);
    w.number("stale_factor", cfg.websocket.stale_factor);
    w.number("inactive_factor", cfg.websocket.inactive_factor);
    w.time("send_timeout", cfg.websocket.send_timeout);
    w.integer("max_queue_bytes", cfg.websocket.max_queue_bytes);
    w.integer("socket_send_buffer", cfg.websocket.socket_send_buffer);
    w.integer("max_queue_messages", cfg.websocket.max_queue_messages);
    w.number("rate_limit_per_second", cfg.websocket.rate_limit_per_second);
    w.number("rate_limit_burst", cfg.websocket.rate_limit_burst);
    w.number("flood_factor", cfg.websocket.flood_factor);
    w.time("flood_duration", cfg.websocket.flood_duration);

    w.table("system");
    w.time("publish_interval", cfg.system.publish_interval);

    w.table("actors");
    w.integer("scheduler_threads", cfg.actors.scheduler_threads);
    w.string("scheduler", cfg.actors.scheduler);
    w.time("restart_backoff_initial", cfg.actors.restart_backoff_initial);
    w.time("restart_backoff_max", cfg.actors.restart_backoff_max);

    w.table("fleet");
    w.time("publish_interval", cfg.fleet.publish_interval);
    w.time("offline_backoff_max", cfg.fleet.offline_backoff_max);

    w.table("log");
    w.string("level", cfg.log.level);
    w.string("format", cfg.log.format);
    for (const auto& m : cfg.miners) {
        w.array_table("miners");
        w.string("name", m.name);
        w.string("kind", m.kind);
        w.string("host", m.host);
        w.integer("port", m.port);
        w.time("poll_interval", m.poll_interval);
        w.time("timeout", m.timeout);
        w.integer("offline_after", m.offline_after);
    }
    return w.take();
}

} // namespace sw::config
