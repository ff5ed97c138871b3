#pragma once
// Accepts TCP connections and starts an http_session for each, each on its own strand.

#include <memory>

#include "net/admission.hpp"
#include "net/beast.hpp"
#include "net/net_context.hpp"

namespace sw::net {

class listener : public std::enable_shared_from_this<listener> {
public:
    listener(asio::io_context& ioc, net_context& ctx);

    /// Binds and listens; returns an error that names the address on failure.
    error_code open(const tcp::endpoint& endpoint);

    [[nodiscard]] tcp::endpoint local_endpoint() const;

    void run();

    /// Stops accepting (shutdown). Safe to call from any thread.
    void stop();

private:
    void do_accept();
    void on_accept(error_code ec, tcp::socket socket);

    asio::io_context& ioc_;
    net_context& ctx_;
    tcp::acceptor acceptor_;
    asio::steady_timer retry_timer_;
    std::shared_ptr<admission_control> admission_;
};

} // namespace sw::net
