// async_http_get: one HTTP/1.1 GET per connection, for the AxeOS API.

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "miners/fetch.hpp"
#include "miners/fetch_op.hpp"

namespace sw::miners {

namespace {

namespace http = boost::beast::http;
using detail::error_code;

/// The Host header: brackets around an IPv6 literal, the port unless it is 80.
std::string host_header(const std::string& host, std::uint16_t port) {
    std::string value = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != 80) {
        value += ":" + std::to_string(port);
    }
    return value;
}

class http_get_op final : public detail::fetch_op {
public:
    http_get_op(boost::asio::io_context& io,
                std::string host,
                std::uint16_t port,
                const std::string& target,
                std::chrono::milliseconds timeout,
                std::size_t max_bytes,
                http_callback done)
        : fetch_op(io, std::move(host), port, timeout)
        , max_bytes_(max_bytes)
        , done_(std::move(done)) {
        request_.version(11);
        request_.method(http::verb::get);
        request_.target(target);
        request_.set(http::field::host, host_header(this->host(), port));
        request_.set(http::field::user_agent, "solowatch");
        request_.set(http::field::accept, "application/json");
        request_.set(http::field::connection, "close");
        // No Origin header, on purpose: AxeOS v2.6+ answers 401 to any Origin it does not
        // consider private, and a server-side poll has no origin to claim.
        parser_.body_limit(max_bytes_);
    }

private:
    void on_connected() override {
        phase_ = "write";
        http::async_write(
            socket_, request_, [self = self<http_get_op>()](error_code ec, std::size_t) {
                self->on_write(ec);
            });
    }

    void on_write(error_code ec) {
        if (ec) {
            return fail(ec);
        }
        phase_ = "read";
        http::async_read(socket_,
                         buffer_,
                         parser_,
                         [self = self<http_get_op>()](error_code read_ec, std::size_t) {
                             self->on_read(read_ec);
                         });
    }

    void on_read(error_code ec) {
        if (ec == http::error::body_limit || ec == http::error::buffer_overflow) {
            return fail(detail::too_large_text(max_bytes_));
        }
        if (ec == http::error::header_limit) {
            return fail(std::string("reply headers larger than 8192 bytes"));
        }
        if (ec == http::error::end_of_stream || ec == http::error::partial_message
            || ec == boost::asio::error::eof) {
            return fail(std::string("connection closed before a complete reply"));
        }
        if (ec && ec.category() == http::make_error_code(http::error::bad_version).category()) {
            return fail("not an HTTP reply: " + ec.message());
        }
        if (ec) {
            return fail(ec);
        }
        if (!finish()) {
            return;
        }
        auto& message = parser_.get();
        http_reply reply;
        reply.status = message.result_int();
        reply.reason = std::string(message.reason());
        if (reply.reason.empty()) {
            reply.reason = std::string(http::obsolete_reason(message.result()));
        }
        reply.body = std::move(message.body());
        done_(std::move(reply));
    }

    void deliver_error(std::string text) override { done_(tl::unexpected(std::move(text))); }

    std::size_t max_bytes_;
    http_callback done_;
    http::request<http::empty_body> request_;
    boost::beast::flat_buffer buffer_;
    http::response_parser<http::string_body> parser_;
};

} // namespace

std::string http_status_text(const http_reply& reply) {
    std::string text = "HTTP " + std::to_string(reply.status);
    if (!reply.reason.empty()) {
        text += " " + reply.reason;
    }
    return text;
}

void async_http_get(boost::asio::io_context& io,
                    std::string host,
                    std::uint16_t port,
                    std::string target,
                    std::chrono::milliseconds timeout,
                    std::size_t max_bytes,
                    http_callback done) {
    std::make_shared<http_get_op>(
        io, std::move(host), port, target, timeout, max_bytes, std::move(done))
        ->start();
}

} // namespace sw::miners
