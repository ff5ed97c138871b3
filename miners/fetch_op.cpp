// Resolve, connect and the single deadline shared by the HTTP and cgminer fetches.

#include "miners/fetch_op.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>

namespace sw::miners::detail {

std::string too_large_text(std::size_t max_bytes) {
    return "reply larger than " + std::to_string(max_bytes) + " bytes";
}

fetch_op::fetch_op(asio::io_context& io,
                   std::string host,
                   std::uint16_t port,
                   std::chrono::milliseconds timeout)
    : strand_(asio::make_strand(io))
    , socket_(strand_)
    , host_(std::move(host))
    , port_(port)
    , timeout_(timeout)
    , resolver_(strand_)
    , timer_(strand_) {}

void fetch_op::start() {
    asio::post(strand_, [self = shared_from_this()] { self->do_start(); });
}

void fetch_op::do_start() {
    // One deadline for the whole exchange: a miner that accepts but never answers, or answers
    // a byte a second, still costs at most `timeout`.
    timer_.expires_after(timeout_);
    timer_.async_wait([self = shared_from_this()](error_code ec) { self->on_deadline(ec); });
    phase_ = "resolve";
    resolver_.async_resolve(
        host_,
        std::to_string(port_),
        tcp::resolver::numeric_service,
        [self = shared_from_this()](error_code ec, const tcp::resolver::results_type& results) {
            self->on_resolved(ec, results);
        });
}

void fetch_op::on_resolved(error_code ec, const tcp::resolver::results_type& results) {
    if (ec) {
        return fail(ec);
    }
    phase_ = "connect";
    asio::async_connect(
        socket_, results, [self = shared_from_this()](error_code connect_ec, const tcp::endpoint&) {
            self->on_connect(connect_ec);
        });
}

void fetch_op::on_connect(error_code ec) {
    if (ec) {
        return fail(ec);
    }
    if (finished_) { // the deadline fired while the connect completed
        return;
    }
    on_connected();
}

void fetch_op::on_deadline(error_code ec) {
    if (ec == asio::error::operation_aborted || finished_) {
        return; // cancelled by finish(): the operation ended in time
    }
    fail("timeout after " + std::to_string(timeout_.count()) + " ms (" + phase_ + ")");
}

void fetch_op::fail(error_code ec) {
    if (finished_) {
        return; // the aborted handler of an operation that already ended
    }
    if (ec == asio::error::connection_refused) {
        return fail(std::string("connection refused"));
    }
    if (std::string_view(phase_) == "resolve") {
        return fail("cannot resolve " + host_ + ": " + ec.message());
    }
    fail(std::string(phase_) + " failed: " + ec.message());
}

void fetch_op::fail(std::string text) {
    if (!finish()) {
        return;
    }
    deliver_error(std::move(text));
}

bool fetch_op::finish() {
    if (finished_) {
        return false;
    }
    finished_ = true;
    error_code ignored;
    timer_.cancel();
    resolver_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    return true;
}

} // namespace sw::miners::detail
