#include "net/rest.hpp"

#include "actors/ask.hpp"

namespace sw::net {

namespace {

constexpr auto ask_timeout = std::chrono::seconds(5);

std::string_view path_of(const http_request& req) {
    auto target = std::string_view(req.target().data(), req.target().size());
    return target.substr(0, target.find('?'));
}

http_response json_ok(unsigned version, bool keep_alive, const nlohmann::json& body) {
    http_response res{http::status::ok, version};
    res.set(http::field::server, "solowatch");
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(keep_alive);
    res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    res.prepare_payload();
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
    actors::ask_json(
        ctx.system,
        ctx.fleet,
        ask_timeout,
        [shell, id, respond = std::move(respond)](bool ok, nlohmann::json all, std::string error) {
            if (!ok) {
                respond(
                    json_error(*shell, http::status::service_unavailable, "unavailable", error));
                return;
            }
            if (id.empty()) {
                respond(json_ok(shell->version(), shell->keep_alive(), {{"miners", all}}));
                return;
            }
            for (const auto& m : all)
                if (m.value("id", "") == id || m.value("name", "") == id) {
                    respond(json_ok(shell->version(), shell->keep_alive(), m));
                    return;
                }
            respond(json_error(*shell,
                               http::status::not_found,
                               "miner_not_found",
                               "no miner with id or name '" + id + "'"));
        },
        actors::sw_miners_atom_v);
}

} // namespace sw::net
