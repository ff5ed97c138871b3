#include "net/http_routes.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "net/static_files.hpp"

namespace sw::net {
namespace {

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

/// The dashboard's files. The page is revalidated on every load (no-cache + ETag), so a new
/// binary shows its new page at once; unchanged files cost a 304 on the LAN.
http_response asset_response(const http_request& req, asset a) {
    auto if_none_match = req[http::field::if_none_match];
    if (!if_none_match.empty() && if_none_match.find(a.etag) != std::string_view::npos) {
        http_response res{http::status::not_modified, req.version()};
        res.set(http::field::server, "solowatch");
        res.set(http::field::etag, a.etag);
        res.set(http::field::cache_control, "no-cache");
        res.keep_alive(req.keep_alive());
        return res;
    }
    auto res = make_response(req, http::status::ok, a.content_type, std::move(a.body));
    res.set(http::field::cache_control, "no-cache");
    res.set(http::field::etag, a.etag);
    res.set("X-Content-Type-Options", "nosniff");
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

http_response
route_http(const http_request& req, const actors::server_stats& stats, std::string_view web_root) {
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
    if (is_asset_path(target)) {
        if (auto a = find_asset(target, web_root))
            return asset_response(req, std::move(*a));
    }
    if (target == "/ws")
        return json_error(req,
                          http::status::upgrade_required,
                          "upgrade_required",
                          "/ws speaks WebSocket: send an Upgrade request");
    return json_error(
        req, http::status::not_found, "not_found", "no such resource: " + std::string(target));
}

http_response text_response(const http_request& req, std::string body, std::string_view type) {
    http_response res{http::status::ok, req.version()};
    res.set(http::field::server, "solowatch");
    res.set(http::field::content_type, type);
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    if (req.method() == http::verb::head)
        res.body().clear();
    return res;
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
