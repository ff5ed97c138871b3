#include "net/rest.hpp"

#include "actors/ask.hpp"
#include "actors/messages.hpp"

namespace sw::net {

namespace {

constexpr auto ask_timeout = std::chrono::seconds(5);

std::string_view path_of(const http_request& req) {
    auto target = std::string_view(req.target().data(), req.target().size());
    return target.substr(0, target.find('?'));
}

/// 200 with a body that is already JSON text.
http_response json_text(const http_request& req, std::string body) {
    http_response res{http::status::ok, req.version()};
    res.set(http::field::server, "solowatch");
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    if (req.method() == http::verb::head)
        res.body().clear();
    return res;
}

} // namespace

bool is_api_request(const http_request& req) {
    return path_of(req).starts_with("/api/");
}

void handle_api(net_context& ctx,
                const http_request& req,
                std::function<void(http_response)> respond) {
    auto path = std::string(path_of(req));
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        respond(
            json_error(req, http::status::method_not_allowed, "method_not_allowed", "only GET"));
        return;
    }
    constexpr std::string_view miners_prefix = "/api/miners";
    if (!path.starts_with(miners_prefix)
        || (path.size() > miners_prefix.size() && path[miners_prefix.size()] != '/')) {
        respond(json_error(req, http::status::not_found, "not_found", "no such resource: " + path));
        return;
    }
    std::string id =
        path.size() > miners_prefix.size() + 1 ? path.substr(miners_prefix.size() + 1) : "";
    // Keep what the answer needs; the request itself may be gone by then.
    auto shell = std::make_shared<http_request>(req.method(), req.target(), req.version());
    shell->keep_alive(req.keep_alive());
    actors::ask<std::string>(
        ctx.system,
        ctx.fleet,
        ask_timeout,
        [shell, id, respond = std::move(respond)](tl::expected<std::string, std::string> text) {
            if (!text) {
                respond(json_error(
                    *shell, http::status::service_unavailable, "unavailable", text.error()));
            } else if (id.empty()) {
                respond(json_text(*shell, R"({"miners":)" + *text + "}"));
            } else if (text->empty()) {
                respond(json_error(*shell,
                                   http::status::not_found,
                                   "miner_not_found",
                                   "no miner with id or name '" + id + "'"));
            } else {
                respond(json_text(*shell, std::move(*text)));
            }
        },
        actors::sw_miners_atom_v,
        id);
}

} // namespace sw::net
