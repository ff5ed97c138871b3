#include "net/http_session.hpp"

#include <spdlog/spdlog.h>

#include "net/http_routes.hpp"
#include "net/rest.hpp"
#include "net/websocket_session.hpp"

namespace sw::net {

namespace {

std::string endpoint_string(const tcp::socket& socket) {
    error_code ec;
    auto ep = socket.remote_endpoint(ec);
    if (ec)
        return "unknown";
    return ep.address().to_string() + ":" + std::to_string(ep.port());
}

} // namespace

http_session::http_session(tcp::socket&& socket,
                           net_context& ctx,
                           std::shared_ptr<admission_control::ticket> ticket)
    : stream_(std::move(socket))
    , ctx_(ctx)
    , remote_addr_(endpoint_string(stream_.socket()))
    , ticket_(std::move(ticket)) {}

void http_session::run() {
    // Start on the connection's strand.
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

void http_session::do_read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(ctx_.cfg.server.max_request_bytes));
    parser_->body_limit(ctx_.cfg.server.max_request_bytes);
    // A request that does not arrive in time (a slowloris) costs at most this long.
    stream_.expires_after(ctx_.cfg.server.handshake_timeout);
    http::async_read(stream_,
                     buffer_,
                     *parser_,
                     beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        return;
    }
    if (ec == http::error::header_limit || ec == http::error::body_limit) {
        http::request<http::string_body> dummy;
        send(json_error(dummy,
                        http::status::payload_too_large,
                        "request_too_large",
                        "request exceeds server.max_request_bytes"));
        return;
    }
    if (ec) {
        if (ec != beast::error::timeout && ec != asio::error::operation_aborted)
            spdlog::debug("http read from {} failed: {}", remote_addr_, ec.message());
        return;
    }
    auto req = parser_->release();
    ctx_.stats->http_requests.fetch_add(1);
    if (websocket::is_upgrade(req)) {
        upgrade(std::move(req));
        return;
    }
    if (is_api_request(req)) {
        error_code ignored;
        const bool local = stream_.socket().remote_endpoint(ignored).address().is_loopback();
        handle_api(ctx_, req, local, [self = shared_from_this()](http_response res) {
            // The answer comes from an actor thread: continue on this connection's strand.
            asio::post(self->stream_.get_executor(),
                       [self, r = std::move(res)]() mutable { self->send(std::move(r)); });
        });
        return;
    }
    send(route_http(req, *ctx_.stats, config::resolve_path(ctx_.cfg, ctx_.cfg.server.web_root)));
}

void http_session::upgrade(http::request<http::string_body> req) {
    auto target = std::string_view(req.target().data(), req.target().size());
    target = target.substr(0, target.find('?'));
    if (target != "/ws") {
        send(json_error(req, http::status::not_found, "not_found", "WebSocket endpoint is /ws"));
        return;
    }
    auto origin =
        std::string_view(req[http::field::origin].data(), req[http::field::origin].size());
    if (!origin_allowed(origin, ctx_.cfg.server.allowed_origins)) {
        ctx_.stats->refused_origins.fetch_add(1);
        spdlog::info("refused WebSocket from {}: origin '{}' not allowed", remote_addr_, origin);
        send(json_error(req, http::status::forbidden, "origin_not_allowed", "origin not allowed"));
        return;
    }
    // Count first, then check: with several I/O threads two upgrades may race for the
    // last slot, and the loser backs out.
    auto active = ctx_.stats->active_connections.fetch_add(1) + 1;
    if (active > ctx_.cfg.server.max_connections) {
        ctx_.stats->active_connections.fetch_sub(1);
        ctx_.stats->refused_connections.fetch_add(1);
        auto res = json_error(req,
                              http::status::service_unavailable,
                              "too_many_connections",
                              "server.max_connections reached; try again later");
        res.set(http::field::retry_after, "5");
        res.keep_alive(false);
        send(std::move(res));
        return;
    }
    // The websocket_session now owns the count and gives it back when it is destroyed.
    std::make_shared<websocket_session>(std::move(stream_), ctx_, remote_addr_, std::move(ticket_))
        ->run(std::move(req));
}

void http_session::send(http::response<http::string_body> res) {
    auto sp = std::make_shared<http::response<http::string_body>>(std::move(res));
    response_ = sp;
    stream_.expires_after(ctx_.cfg.server.handshake_timeout);
    http::async_write(
        stream_,
        *sp,
        beast::bind_front_handler(&http_session::on_write, shared_from_this(), sp->keep_alive()));
}

void http_session::on_write(bool keep_alive, error_code ec, std::size_t) {
    response_.reset();
    if (ec)
        return;
    if (!keep_alive) {
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        return;
    }
    do_read();
}

} // namespace sw::net
