// async_cgminer_command: one cgminer API command per connection, read until the miner closes.

#include <array>

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "miners/fetch.hpp"
#include "miners/fetch_op.hpp"

namespace sw::miners {

namespace {

using detail::error_code;

class cgminer_op final : public detail::fetch_op {
public:
    cgminer_op(boost::asio::io_context& io,
               std::string host,
               std::uint16_t port,
               const std::string& command,
               std::chrono::milliseconds timeout,
               std::size_t max_bytes,
               cgminer_callback done)
        : fetch_op(io, std::move(host), port, timeout)
        ,
        // Always the JSON form: some firmware refuses the plain-text one.
        request_(nlohmann::json{{"command", command}, {"parameter", ""}}.dump())
        , max_bytes_(max_bytes)
        , done_(std::move(done)) {}

private:
    void on_connected() override {
        phase_ = "write";
        boost::asio::async_write(
            socket_,
            boost::asio::buffer(request_),
            [self = self<cgminer_op>()](error_code ec, std::size_t) { self->on_write(ec); });
    }

    void on_write(error_code ec) {
        if (ec) {
            return fail(ec);
        }
        phase_ = "read";
        do_read();
    }

    void do_read() {
        socket_.async_read_some(
            boost::asio::buffer(chunk_),
            [self = self<cgminer_op>()](error_code ec, std::size_t n) { self->on_read(ec, n); });
    }

    void on_read(error_code ec, std::size_t n) {
        if (n > 0) {
            // Checked before appending: the reply never grows past the bound in memory.
            if (n > max_bytes_ - reply_.size()) {
                return fail(detail::too_large_text(max_bytes_));
            }
            reply_.append(chunk_.data(), n);
        }
        // EOF ends the reply: cgminer closes the socket after each one. Some firmware resets
        // instead of closing (it did not read our whole request): what arrived is the reply.
        if (ec == boost::asio::error::eof
            || (ec == boost::asio::error::connection_reset && !reply_.empty())) {
            if (finish()) {
                done_(std::move(reply_));
            }
            return;
        }
        if (ec) {
            return fail(ec);
        }
        do_read();
    }

    void deliver_error(std::string text) override { done_(tl::unexpected(std::move(text))); }

    std::string request_;
    std::size_t max_bytes_;
    cgminer_callback done_;
    std::string reply_;
    std::array<char, 8192> chunk_{};
};

} // namespace

void async_cgminer_command(boost::asio::io_context& io,
                           std::string host,
                           std::uint16_t port,
                           std::string command,
                           std::chrono::milliseconds timeout,
                           std::size_t max_bytes,
                           cgminer_callback done) {
    std::make_shared<cgminer_op>(
        io, std::move(host), port, command, timeout, max_bytes, std::move(done))
        ->start();
}

} // namespace sw::miners
