#pragma once
// One plain HTTP connection: reads requests (bounded in size and time), answers them, and
// hands a `/ws` upgrade over to a websocket_session after the Origin and connection-limit
// checks.

#include <memory>
#include <optional>

#include "net/admission.hpp"
#include "net/beast.hpp"
#include "net/net_context.hpp"

namespace sw::net {

class http_session : public std::enable_shared_from_this<http_session> {
public:
    http_session(tcp::socket&& socket,
                 net_context& ctx,
                 std::shared_ptr<admission_control::ticket> ticket);

    void run();

private:
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void upgrade(http::request<http::string_body> req);
    void send(http::response<http::string_body> res);
    void on_write(bool keep_alive, error_code ec, std::size_t bytes);

    beast::tcp_stream stream_;
    net_context& ctx_;
    std::string remote_addr_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<void> response_;                    // keeps the response alive during its write
    std::shared_ptr<admission_control::ticket> ticket_; // this connection's per-address slot
};

} // namespace sw::net
