#include "net/listener.hpp"

#include <spdlog/spdlog.h>

#include "net/http_session.hpp"

namespace sw::net {

listener::listener(asio::io_context& ioc, net_context& ctx)
    : ioc_(ioc)
    , ctx_(ctx)
    , acceptor_(asio::make_strand(ioc))
    , retry_timer_(acceptor_.get_executor())
    , admission_(std::make_shared<admission_control>(acceptor_.get_executor(),
                                                     ctx.cfg.server.max_connections_per_ip,
                                                     ctx.cfg.server.accept_rate_per_second)) {}

error_code listener::open(const tcp::endpoint& endpoint) {
    error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec)
        acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        acceptor_.bind(endpoint, ec);
    if (!ec)
        acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    return ec;
}

tcp::endpoint listener::local_endpoint() const {
    error_code ec;
    return acceptor_.local_endpoint(ec);
}

void listener::run() {
    do_accept();
}

void listener::stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
        error_code ec;
        self->retry_timer_.cancel();
        self->acceptor_.close(ec); // NOLINT(bugprone-unused-return-value)
    });
}

void listener::do_accept() {
    acceptor_.async_accept(asio::make_strand(ioc_),
                           beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open())
        return;
    if (ec) {
        // Out of file descriptors (or similar): back off briefly instead of spinning; the
        // pending connection stays in the backlog.
        spdlog::warn("accept failed: {}; retrying in 100 ms", ec.message());
        retry_timer_.expires_after(std::chrono::milliseconds(100));
        retry_timer_.async_wait([self = shared_from_this()](error_code e) {
            if (!e)
                self->do_accept();
        });
        return;
    }
    error_code ignored;
    auto peer = socket.remote_endpoint(ignored).address();
    switch (admission_->try_admit(peer, admission_control::clock::now())) {
    case admission_control::verdict::admit:
        break;
    case admission_control::verdict::too_many:
        ctx_.stats->refused_per_ip.fetch_add(1);
        spdlog::debug("refused {}: server.max_connections_per_ip reached", peer.to_string());
        socket.close(ignored); // NOLINT(bugprone-unused-return-value)
        do_accept();
        return;
    case admission_control::verdict::too_fast:
        ctx_.stats->refused_accept_rate.fetch_add(1);
        spdlog::debug("refused {}: over server.accept_rate_per_second", peer.to_string());
        socket.close(ignored); // NOLINT(bugprone-unused-return-value)
        do_accept();
        return;
    }
    socket.set_option(tcp::no_delay(true), ignored); // NOLINT(bugprone-unused-return-value)
    std::make_shared<http_session>(std::move(socket), ctx_, admission_->make_ticket(peer))->run();
    do_accept();
}

} // namespace sw::net
