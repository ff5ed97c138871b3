#pragma once
// The stream under Beast's websocket::stream. Reads pass straight through to TCP. Writes come
// from two sides: Beast writes by itself (the handshake reply, a pong answering a client's
// ping, the close frame, our heartbeat pings), and the session writes already-framed
// broadcasts straight to the socket, several in one gathered write, which Beast's one-message
// write cannot do. Both go through this gate, which lets one write run at a time, so their
// bytes never interleave on the wire. Everything runs on the session's strand: no lock.
// It sits on the plain socket, not Beast's tcp_stream: the WebSocket layer and the session
// bound every wait themselves, so tcp_stream's timers would be ~0.5 KiB per idle client
// for nothing.

#include <cstddef>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/write.hpp>

#include "net/beast.hpp"

namespace sw::net {

class gated_stream {
public:
    using next_layer_type = tcp::socket;
    using executor_type = next_layer_type::executor_type;
    using write_handler = asio::any_completion_handler<void(error_code, std::size_t)>;

    explicit gated_stream(tcp::socket&& socket) : stream_(std::move(socket)) {}

    executor_type get_executor() noexcept { return stream_.get_executor(); }

    next_layer_type& next_layer() noexcept { return stream_; }

    const next_layer_type& next_layer() const noexcept { return stream_; }

    /// True while a write (Beast's or ours) is on the socket.
    [[nodiscard]] bool busy() const noexcept { return busy_; }

    /// Called after each write of Beast's ends: the owner's queued frames may have been held
    /// back by it. The stream may be gone by then (Beast's handler can release the last
    /// reference to the owner), so the callback must check that its owner is alive and that
    /// busy() is false before it writes.
    void on_idle(std::function<void()> callback) { on_idle_ = std::move(callback); }

    template <class MutableBufferSequence, class ReadToken>
    auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
        return stream_.async_read_some(buffers, std::forward<ReadToken>(token));
    }

    /// Beast's writes. Beast runs at most one at a time, so one slot is enough to hold it
    /// while the session's write finishes.
    template <class ConstBufferSequence, class WriteToken>
    auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
        return asio::async_initiate<WriteToken, void(error_code, std::size_t)>(
            [this](auto handler, const ConstBufferSequence& bufs) {
                library_buffers_.clear();
                for (auto b : beast::buffers_range_ref(bufs))
                    library_buffers_.emplace_back(b);
                library_handler_.emplace(std::move(handler));
                if (!busy_)
                    start_library_write();
            },
            token,
            buffers);
    }

    /// The session's write: every byte of `buffers` (which must stay valid until `done`).
    /// Only called when !busy().
    template <class Handler>
    void async_write_frames(const std::vector<asio::const_buffer>& buffers, Handler&& done) {
        busy_ = true;
        asio::async_write(
            stream_,
            buffers,
            [this, done = std::forward<Handler>(done)](error_code ec, std::size_t n) mutable {
                busy_ = false;
                if (library_handler_)
                    start_library_write();
                done(ec, n);
            });
    }

private:
    void start_library_write() {
        busy_ = true;
        stream_.async_write_some(library_buffers_, [this](error_code ec, std::size_t n) {
            busy_ = false;
            // Beast writes rarely (pongs, pings, the close): an idle client keeps no list.
            std::vector<asio::const_buffer>().swap(library_buffers_);
            auto handler = std::move(*library_handler_);
            library_handler_.reset();
            // A copy: the handler may destroy this stream with its session (a close frame's
            // write ending the session), after which no member may be touched.
            auto idle = on_idle_;
            std::move(handler)(ec, n);
            if (idle)
                idle();
        });
    }

    tcp::socket stream_;
    bool busy_ = false;
    std::vector<asio::const_buffer> library_buffers_;
    std::optional<write_handler> library_handler_;
    std::function<void()> on_idle_;
};

// Closing: Beast tears down the stream under the websocket; ours is the socket's.
template <class TeardownHandler>
void async_teardown(beast::role_type role, gated_stream& stream, TeardownHandler&& handler) {
    using websocket::async_teardown;
    async_teardown(role, stream.next_layer(), std::forward<TeardownHandler>(handler));
}

inline void teardown(beast::role_type role, gated_stream& stream, error_code& ec) {
    using websocket::teardown;
    teardown(role, stream.next_layer(), ec);
}

} // namespace sw::net
