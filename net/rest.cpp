#include "net/rest.hpp"

#include <nlohmann/json.hpp>

#include "actors/actor_directory.hpp"
#include "actors/ask.hpp"
#include "actors/fleet.hpp"
#include "actors/messages.hpp"
#include "actors/system_monitor.hpp"
#include "net/prometheus.hpp"
#include "net/request_parts.hpp"
#include "net/rest_history.hpp"
#include "net/rest_trace.hpp"

namespace sw::net {

namespace {

constexpr auto ask_timeout = std::chrono::seconds(5);
using respond_fn = std::function<void(http_response)>;
using request_ptr = std::shared_ptr<const http_request>;

http_response json_text(const http_request& req, std::string body) {
    return text_response(req, std::move(body), "application/json");
}

http_response unavailable(const http_request& req, const std::string& why) {
    return json_error(req, http::status::service_unavailable, "unavailable", why);
}

void get_miners(net_context& ctx, request_ptr req, std::string id, respond_fn respond) {
    actors::ask<std::string>(
        ctx.system,
        ctx.fleet,
        ask_timeout,
        [req, id, respond = std::move(respond)](tl::expected<std::string, std::string> text) {
            if (!text)
                respond(unavailable(*req, text.error()));
            else if (id.empty())
                respond(json_text(*req, R"({"miners":)" + *text + "}"));
            else if (text->empty())
                respond(json_error(*req,
                                   http::status::not_found,
                                   "miner_not_found",
                                   "no miner with id or name '" + id + "'"));
            else
                respond(json_text(*req, std::move(*text)));
        },
        actors::sw_miners_atom_v,
        id);
}

void get_metrics(net_context& ctx, request_ptr req, respond_fn respond) {
    actors::ask<std::string>(
        ctx.system,
        ctx.fleet,
        ask_timeout,
        [req, respond = std::move(respond)](tl::expected<std::string, std::string> text) {
            respond(text ? json_text(*req, std::move(*text)) : unavailable(*req, text.error()));
        },
        actors::sw_metrics_atom_v,
        std::string("get"));
}

void get_status(net_context& ctx, request_ptr req, respond_fn respond) {
    auto stats = ctx.stats;
    actors::ask<std::string>(
        ctx.system,
        ctx.fleet,
        ask_timeout,
        [req, stats, respond = std::move(respond)](tl::expected<std::string, std::string> fleet) {
            if (!fleet) {
                respond(unavailable(*req, fleet.error()));
                return;
            }
            nlohmann::json server = {
                {"version", stats->version},
                {"uptime_seconds", stats->uptime_seconds()},
                {"active_connections", stats->active_connections.load()},
                {"http_requests", stats->http_requests.load()},
                {"polls",
                 {{"ok", stats->polls_ok.load()},
                  {"failed", stats->polls_failed.load()},
                  {"skipped", stats->polls_skipped.load()}}},
                {"memory", {{"rss_bytes", actors::resident_memory_bytes()}}},
            };
            respond(
                json_text(*req, R"({"server":)" + server.dump() + R"(,"fleet":)" + *fleet + "}"));
        },
        actors::sw_metrics_atom_v,
        std::string("get"));
}

void get_alerts(net_context& ctx, request_ptr req, bool all, respond_fn respond) {
    if (!ctx.alerts) {
        respond(unavailable(*req, "the alert engine is not running"));
        return;
    }
    actors::ask<std::string>(
        ctx.system,
        ctx.alerts,
        ask_timeout,
        [req, respond = std::move(respond)](tl::expected<std::string, std::string> text) {
            respond(text ? json_text(*req, std::move(*text)) : unavailable(*req, text.error()));
        },
        actors::sw_alerts_atom_v,
        all);
}

/// POST /api/notify/test: every channel's test result, gathered by one short-lived actor
/// (its handlers run one at a time, so the gathering needs no lock).
void post_notify_test(net_context& ctx, request_ptr req, respond_fn respond) {
    if (ctx.notifiers.empty()) {
        respond(json_text(*req, R"({"channels":[]})"));
        return;
    }
    // Each channel answers after one attempt bounded by its own timeout.
    constexpr auto test_timeout = std::chrono::seconds(60);
    ctx.system.spawn([notifiers = ctx.notifiers, req, respond = std::move(respond), test_timeout](
                         caf::event_based_actor* self) {
        auto results = std::make_shared<nlohmann::json>(nlohmann::json::array());
        auto left = std::make_shared<std::size_t>(notifiers.size());
        auto finish = [self, results, left, req, respond] {
            if (--*left > 0)
                return;
            respond(json_text(*req, nlohmann::json{{"channels", *results}}.dump()));
            self->quit();
        };
        for (const auto& n : notifiers)
            self->request(n, test_timeout, actors::sw_ntest_atom_v)
                .then(
                    [results, finish](nlohmann::json& r) {
                        results->push_back(std::move(r));
                        finish();
                    },
                    [self, results, finish](caf::error& err) {
                        results->push_back({{"ok", false}, {"error", self->system().render(err)}});
                        finish();
                    });
    });
}

/// Name -> count pairs of a JSON object of numbers.
counts_by_name counts_of(const nlohmann::json& obj) {
    counts_by_name out;
    if (obj.is_object())
        for (const auto& [k, v] : obj.items())
            if (v.is_number_unsigned())
                out.emplace_back(k, v.get<std::uint64_t>());
    return out;
}

server_figures figures_of(const actors::server_stats& stats,
                          const nlohmann::json& sessions,
                          const nlohmann::json& topics,
                          const actors::fleet_view& view) {
    server_figures f;
    f.uptime_seconds = stats.uptime_seconds();
    f.resident_bytes = static_cast<double>(actors::resident_memory_bytes());
    f.connections_open = stats.active_connections.load();
    f.connections_refused = {{"limit", stats.refused_connections.load()},
                             {"origin", stats.refused_origins.load()},
                             {"per_ip", stats.refused_per_ip.load()},
                             {"accept_rate", stats.refused_accept_rate.load()}};
    f.connections_closed = counts_of(sessions.value("closed_by_reason", nlohmann::json{}));
    if (topics.is_object())
        for (const auto& [name, t] : topics.items())
            f.topics.push_back(topic_figures{name,
                                             t.value("subscribers", std::uint64_t{0}),
                                             t.value("broadcasts", std::uint64_t{0}),
                                             t.value("bytes", std::uint64_t{0})});
    f.frames_dropped = stats.frames_dropped.load();
    f.frames_conflated = stats.frames_conflated.load();
    f.http_requests = stats.http_requests.load();
    for (const auto& m : actors::trace::directory().mailboxes())
        f.mailbox_high_water.emplace_back(m.name, m.high_water);
    for (const auto& [miner, counts] : view.polls)
        f.polls.push_back(poll_figures{miner, counts.ok, counts.failed, counts.skipped});
    return f;
}

/// GET /metrics: the fleet view, the sessions' and the topics' figures, asked in turn.
void get_prometheus(net_context& ctx, request_ptr req, respond_fn respond) {
    auto& sys = ctx.system;
    auto stats = ctx.stats;
    auto registry = ctx.clients.registry;
    auto supervisor = ctx.clients.supervisor;
    actors::ask<actors::fleet_view_ptr>(
        sys,
        ctx.fleet,
        ask_timeout,
        [&sys, req, stats, registry, supervisor, respond = std::move(respond)](
            tl::expected<actors::fleet_view_ptr, std::string> view) mutable {
            if (!view || !*view) {
                respond(unavailable(*req, view ? "no fleet" : view.error()));
                return;
            }
            actors::ask<nlohmann::json>(
                sys,
                supervisor,
                ask_timeout,
                [&sys, req, stats, registry, view = *view, respond = std::move(respond)](
                    tl::expected<nlohmann::json, std::string> sessions) mutable {
                    if (!sessions) {
                        respond(unavailable(*req, sessions.error()));
                        return;
                    }
                    actors::ask<nlohmann::json>(
                        sys,
                        registry,
                        ask_timeout,
                        [req, stats, view, sessions = *sessions, respond = std::move(respond)](
                            tl::expected<nlohmann::json, std::string> topics) {
                            if (!topics) {
                                respond(unavailable(*req, topics.error()));
                                return;
                            }
                            auto figures = figures_of(*stats, sessions, *topics, *view);
                            respond(
                                text_response(*req,
                                              render_metrics(view->miners, view->totals, figures),
                                              "text/plain; version=0.0.4; charset=utf-8"));
                        },
                        actors::sw_stats_atom_v);
                },
                actors::sw_stats_atom_v);
        },
        actors::sw_view_atom_v);
}

} // namespace

bool is_api_request(const http_request& req) {
    auto path = path_of(req);
    return path.starts_with("/api/") || path == "/metrics";
}

void handle_api(net_context& ctx, const http_request& req, bool local, respond_fn respond) {
    auto path = std::string(path_of(req));
    // Keep what the answer needs; the request itself may be gone by then.
    auto shell = std::make_shared<http_request>(req.method(), req.target(), req.version());
    shell->keep_alive(req.keep_alive());
    if (path == "/api/notify/test") {
        if (req.method() != http::verb::post)
            respond(json_error(
                req, http::status::method_not_allowed, "method_not_allowed", "only POST"));
        else if (!local)
            respond(json_error(req, http::status::forbidden, "forbidden", "only from localhost"));
        else
            post_notify_test(ctx, shell, std::move(respond));
        return;
    }
    if (path == "/api/trace") {
        respond(handle_trace(req, local));
        return;
    }
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        respond(
            json_error(req, http::status::method_not_allowed, "method_not_allowed", "only GET"));
        return;
    }
    constexpr std::string_view miners_prefix = "/api/miners/";
    constexpr std::string_view history_suffix = "/history";
    // /api/miners/{id} and /api/miners/{id}/history: {id} is one path segment, percent-encoded
    // as a browser's encodeURIComponent writes it (a MAC's colons as %3A).
    std::optional<std::string> miner;
    bool history = false;
    if (path.starts_with(miners_prefix) && path.size() > miners_prefix.size()) {
        auto segment = std::string_view(path).substr(miners_prefix.size());
        history = segment.ends_with(history_suffix) && segment.size() > history_suffix.size();
        if (history)
            segment.remove_suffix(history_suffix.size());
        if (segment.find('/') == std::string_view::npos)
            miner = percent_decode(segment);
        if (!miner) {
            respond(json_error(req,
                               http::status::not_found,
                               "not_found",
                               "no such resource: " + std::string(path)));
            return;
        }
    }
    if (miner && history)
        get_history(ctx, req, *miner, std::move(respond));
    else if (path == "/api/history/fleet")
        get_history(ctx, req, std::string(), std::move(respond));
    else if (path == "/api/history/alerts")
        get_history(ctx, req, std::nullopt, std::move(respond));
    else if (path == "/api/miners")
        get_miners(ctx, shell, "", std::move(respond));
    else if (miner)
        get_miners(ctx, shell, *miner, std::move(respond));
    else if (path == "/api/status")
        get_status(ctx, shell, std::move(respond));
    else if (path == "/api/metrics")
        get_metrics(ctx, shell, std::move(respond));
    else if (path == "/api/alerts")
        get_alerts(ctx, shell, query_flag(query_of(req), "all"), std::move(respond));
    else if (path == "/metrics")
        get_prometheus(ctx, shell, std::move(respond));
    else
        respond(json_error(req, http::status::not_found, "not_found", "no such resource: " + path));
}

} // namespace sw::net
