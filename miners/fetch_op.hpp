#pragma once
// Internal to miners/*.cpp: what the two fetch operations of fetch.hpp share. One object per
// request owns the resolver, the socket and the deadline timer, all on one strand; the object
// keeps itself alive through the handlers it has in flight (shared_from_this).
//
// Life of an operation: start() -> resolve -> connect -> on_connected() (the derived class
// writes and reads) -> succeed() or fail(). The deadline timer runs from start() to the end;
// when it fires first it fails the operation with "timeout after N ms (<phase>)" and closes
// the socket, so the pending read/connect completes with operation_aborted and is ignored.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

namespace sw::miners::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

/// "reply larger than 1048576 bytes"
std::string too_large_text(std::size_t max_bytes);

class fetch_op : public std::enable_shared_from_this<fetch_op> {
public:
    fetch_op(asio::io_context& io,
             std::string host,
             std::uint16_t port,
             std::chrono::milliseconds timeout);
    fetch_op(const fetch_op&) = delete;
    fetch_op& operator=(const fetch_op&) = delete;
    virtual ~fetch_op() = default;

    /// Posts the start onto the strand: the callback is never called from inside this call.
    void start();

protected:
    /// The socket is connected: write the request and read the reply.
    virtual void on_connected() = 0;
    /// Hands the error to the user's callback. Called at most once, and never after a success.
    virtual void deliver_error(std::string text) = 0;

    /// Ends the operation with a socket error, worded by phase. Ignored once finished.
    void fail(error_code ec);
    /// Ends the operation with a ready error text. Ignored once finished.
    void fail(std::string text);
    /// Marks the operation finished and releases the socket. Returns false when it had
    /// already finished (timeout raced the last read): the caller must then not deliver.
    bool finish();

    template <class Derived>
    std::shared_ptr<Derived> self() {
        return std::static_pointer_cast<Derived>(shared_from_this());
    }

    const std::string& host() const noexcept { return host_; }

    std::uint16_t port() const noexcept { return port_; }

    asio::strand<asio::io_context::executor_type> strand_;
    tcp::socket socket_;
    /// What the operation is doing now; names the phase in timeout and error texts.
    const char* phase_ = "resolve";

private:
    void do_start();
    void on_resolved(error_code ec, const tcp::resolver::results_type& results);
    void on_connect(error_code ec);
    void on_deadline(error_code ec);

    std::string host_;
    std::uint16_t port_;
    std::chrono::milliseconds timeout_;
    tcp::resolver resolver_;
    asio::steady_timer timer_;
    bool finished_ = false;
};

} // namespace sw::miners::detail
