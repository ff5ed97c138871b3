#include "net/http_routes.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace sw::net {
namespace {

// Served at / until the dashboard exists: says what the server offers and how to use it.
constexpr std::string_view placeholder_page = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>solowatch</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em">
<h1>solowatch</h1>
<p>The server is running. The dashboard is not built yet.</p>
<ul>
<li>WebSocket: <code>ws://HOST:PORT/ws</code> with topics <code>miners</code>, <code>metrics</code>,
<code>alerts</code>, <code>system</code> (protocol v1)</li>
<li>Health: <a href="/healthz">/healthz</a></li>
</ul>
<pre id="live">connecting...</pre>
<script>
const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
ws.onopen = () => ws.send(JSON.stringify({type: 'subscribe', topics: ['system'], id: 1}));
ws.onmessage = (e) => { const m = JSON.parse(e.data);
  if (m.topic === 'system') document.getElementById('live').textContent = JSON.stringify(m.data, null, 2); };
ws.onclose = () => { document.getElementById('live').textContent = 'disconnected'; };
</script>
</body></html>
)html";

http_response make_response(const http_request& req,
                            http::status status,
                            std::string_view content_type,
                            std::string body) {
    http_response res{status, req.version()};
    res.set(http::field::server, "solowatch");
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    if (req.method() == http::verb::head)
        res.body().clear(); // Content-Length stays that of the GET answer
    return res;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return out;
}

} // namespace

http_response json_error(const http_request& req,
                         http::status status,
                         std::string_view code,
                         std::string_view message) {
    nlohmann::json body{{"error", {{"code", code}, {"message", message}}}};
    return make_response(req, status, "application/json", body.dump());
}

http_response route_http(const http_request& req, const actors::server_stats& stats) {
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        auto res = json_error(
            req, http::status::method_not_allowed, "method_not_allowed", "only GET and HEAD");
        res.set(http::field::allow, "GET, HEAD");
        return res;
    }
    auto target = std::string_view(req.target().data(), req.target().size());
    target = target.substr(0, target.find('?'));
    if (target == "/healthz") {
        nlohmann::json body{{"status", "ok"},
                            {"version", stats.version},
                            {"uptime_seconds", stats.uptime_seconds()},
                            {"connections", stats.active_connections.load()},
                            {"polls",
                             {{"ok", stats.polls_ok.load()},
                              {"failed", stats.polls_failed.load()},
                              {"skipped", stats.polls_skipped.load()}}}};
        return make_response(req, http::status::ok, "application/json", body.dump());
    }
    if (target == "/" || target == "/index.html")
        return make_response(
            req, http::status::ok, "text/html; charset=utf-8", std::string(placeholder_page));
    if (target == "/ws")
        return json_error(req,
                          http::status::upgrade_required,
                          "upgrade_required",
                          "/ws speaks WebSocket: send an Upgrade request");
    return json_error(
        req, http::status::not_found, "not_found", "no such resource: " + std::string(target));
}

bool origin_allowed(std::string_view origin, const std::vector<std::string>& allowed) {
    if (origin.empty() || allowed.empty())
        return true;
    auto o = lower(origin);
    // Browsers send scheme://host[:port] without a trailing slash; tolerate one in config.
    return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) {
        auto l = lower(a);
        if (!l.empty() && l.back() == '/')
            l.pop_back();
        return l == o;
    });
}

} // namespace sw::net
