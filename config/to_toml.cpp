// to_toml: the effective configuration, every key, in the same order as the reference file.

#include <map>
#include <string>

#include "config/alerts_schema.hpp"
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

    void boolean(std::string_view key, bool value) { line(key, value ? "true" : "false"); }

    /// An inline table of strings; keys are always quoted, since header names may hold dots.
    void string_map(std::string_view key, const std::map<std::string, std::string>& values) {
        std::string text = "{";
        for (const auto& [name, value] : values) {
            text.append(text.size() == 1 ? " " : ", ")
                .append(detail::toml_string(name))
                .append(" = ")
                .append(detail::toml_string(value));
        }
        line(key, text.append(values.empty() ? "}" : " }"));
    }

    void comment(std::string_view text) { out_.append("# ").append(text).append("\n"); }

    std::string take() { return std::move(out_); }

private:
    void line(std::string_view key, std::string_view value) {
        out_.append(key).append(" = ").append(value).append("\n");
    }

    std::string out_;
};

/// The keys an override sets, in the order of the rule's key list. A global rule without its
/// own cooldown gets a comment saying where its cooldown comes from.
void write_rule(writer& w, std::string_view id, const alert_rule_override& o, bool global) {
    using detail::rule_key;
    for (const rule_key key : detail::rule_keys(id)) {
        const auto name = detail::name_of(key);
        auto number = [&](const std::optional<double>& v) {
            if (v) {
                w.number(name, *v);
            }
        };
        auto time = [&](const std::optional<duration>& v) {
            if (v) {
                w.time(name, *v);
            }
        };
        switch (key) {
        case rule_key::enabled:
            if (o.enabled) {
                w.boolean(name, *o.enabled);
            }
            break;
        case rule_key::cooldown:
            time(o.cooldown);
            if (!o.cooldown && global) {
                w.comment("cooldown: the [alerts] cooldown");
            }
            break;
        case rule_key::severity:
            if (o.severity) {
                w.string(name, *o.severity);
            }
            break;
        case rule_key::warning:
            number(o.warning);
            break;
        case rule_key::critical:
            number(o.critical);
            break;
        case rule_key::cgminer_warning:
            number(o.cgminer_warning);
            break;
        case rule_key::cgminer_critical:
            number(o.cgminer_critical);
            break;
        case rule_key::clear_margin:
            number(o.clear_margin);
            break;
        case rule_key::percent:
            number(o.percent);
            break;
        case rule_key::hold:
            time(o.hold);
            break;
        case rule_key::window:
            time(o.window);
            break;
        case rule_key::min_shares:
            if (o.min_shares) {
                w.integer(name, *o.min_shares);
            }
            break;
        }
    }
}

void alerts(writer& w, const alerts_config& a) {
    w.table("alerts");
    w.time("cooldown", a.cooldown);
    w.integer("history_size", a.history_size);
    for (const auto id : alert_rule_ids) {
        w.table("alerts." + std::string(id));
        write_rule(w, id, detail::as_override(id, *a.rule(id)), true);
    }
}

void notify(writer& w, const notify_config& n) {
    w.array_table("notify");
    w.string("name", n.name);
    w.string("kind", n.kind);
    if (n.kind == "telegram") {
        w.string("api_base", n.api_base);
        w.string("bot_token", n.bot_token);
        w.string("chat_id", n.chat_id);
    } else {
        w.string("url", n.url);
    }
    if (!n.headers.empty()) {
        w.string_map("headers", n.headers);
    }
    w.string("min_severity", n.min_severity);
    w.strings("rules", n.rules);
    w.time("timeout", n.timeout);
    w.integer("retries", n.retries);
    w.time("retry_backoff", n.retry_backoff);
    w.integer("queue_size", n.queue_size);
}

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
    w.string("web_root", cfg.server.web_root);

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
    w.integer("max_batches_in_flight", cfg.websocket.max_batches_in_flight);
    w.time("batch_retry_interval", cfg.websocket.batch_retry_interval);

    w.table("system");
    w.time("publish_interval", cfg.system.publish_interval);

    w.table("actors");
    w.integer("scheduler_threads", cfg.actors.scheduler_threads);
    w.string("scheduler", cfg.actors.scheduler);
    w.time("restart_backoff_initial", cfg.actors.restart_backoff_initial);
    w.time("restart_backoff_max", cfg.actors.restart_backoff_max);
    w.string("trace", cfg.actors.trace);
    w.integer("trace_sample", cfg.actors.trace_sample);
    w.string("trace_file", cfg.actors.trace_file);
    w.integer("trace_max_bytes", cfg.actors.trace_max_bytes);
    w.integer("trace_ring", cfg.actors.trace_ring);

    w.table("fleet");
    w.time("publish_interval", cfg.fleet.publish_interval);
    w.time("offline_backoff_max", cfg.fleet.offline_backoff_max);

    w.table("metrics");
    w.time("publish_interval", cfg.metrics.publish_interval);

    w.table("network");
    w.number("difficulty", cfg.network.difficulty);

    w.table("history");
    w.string("path", cfg.history.path);
    w.time("sample_interval", cfg.history.sample_interval);
    w.time("raw_retention", cfg.history.raw_retention);
    w.time("five_minute_retention", cfg.history.five_minute_retention);
    w.time("hourly_retention", cfg.history.hourly_retention);
    w.time("alert_retention", cfg.history.alert_retention);
    w.time("maintenance_interval", cfg.history.maintenance_interval);
    w.integer("max_pending_rows", cfg.history.max_pending_rows);
    w.integer("max_points", cfg.history.max_points);

    w.table("log");
    w.string("level", cfg.log.level);
    w.string("format", cfg.log.format);

    alerts(w, cfg.alerts);
    for (const auto& m : cfg.miners) {
        w.array_table("miners");
        w.string("name", m.name);
        w.string("kind", m.kind);
        w.string("host", m.host);
        w.integer("port", m.port);
        w.time("poll_interval", m.poll_interval);
        w.time("timeout", m.timeout);
        w.integer("offline_after", m.offline_after);
        for (const auto& [id, over] : m.alerts) {
            w.table("miners.alerts." + id);
            write_rule(w, id, over, false);
        }
    }
    for (const auto& n : cfg.notify) {
        notify(w, n);
    }
    return w.take();
}

} // namespace sw::config
