#pragma once
// One WebSocket connection on the Asio side. It only moves bytes: each frame read goes, as a
// message, to the connection's client actor; what is queued for it (already-framed bytes,
// shared with every other subscriber) goes out from a bounded queue, everything queued in one
// gathered write. A frame that finds nothing queued and no write in flight is first written
// at once with one non-blocking send(); only what the socket does not take is queued.
// Every call from the actor side posts to this session's I/O thread (its strand; with one I/O
// thread, the io_context itself, so that a broadcast to many sessions is one post and stays
// in order with the posts for each of them), so no lock is needed. Lives as long as an async
// operation holds it.

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "actors/session_sink.hpp"
#include "net/admission.hpp"
#include "net/beast.hpp"
#include "net/gated_stream.hpp"
#include "net/net_context.hpp"
#include "net/outbound_queue.hpp"

namespace sw::net {

class websocket_session : public std::enable_shared_from_this<websocket_session>,
                          public actors::session_sink {
public:
    websocket_session(beast::tcp_stream&& stream,
                      net_context& ctx,
                      std::string remote_addr,
                      std::shared_ptr<admission_control::ticket> ticket);
    ~websocket_session() override;

    websocket_session(const websocket_session&) = delete;
    websocket_session& operator=(const websocket_session&) = delete;

    /// Completes the upgrade for `req` and starts reading.
    void run(http::request<http::string_body> req);

    // actors::session_sink: called from actor threads; each posts to the I/O thread.
    void send_frame(actors::outbound_frame frame) override;

    [[nodiscard]] const void* batch_key() const override { return batch_key_; }

    void send_batches(std::vector<actors::frame_batch> batches,
                      actors::batch_gauge in_flight) override;
    void set_topics(actors::topic_mask topics) override;
    [[nodiscard]] actors::traffic sent() const override;
    void ping() override;
    void close(std::uint16_t code, std::string reason) override;
    void abort() override;
    void trace_dropped(const actors::outbound_frame& frame, const char* why) const override;

    /// Frames that did not go out in one immediate send() and took the queued, asynchronous
    /// path (statistics; tests check the fast path with it). Safe from any thread.
    [[nodiscard]] std::uint64_t queued_writes() const {
        return queued_writes_.load(std::memory_order_relaxed);
    }

private:
    void on_accept(error_code ec);
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    template <class Handler>
    void post_to_io(Handler&& handler);
    void enqueue(const actors::outbound_frame& frame);
    [[nodiscard]] std::size_t in_flight() const;
    void do_write();
    void on_write(error_code ec, std::size_t bytes);
    void begin_close(std::uint16_t code, std::string reason);
    void do_close();
    void arm_write_timer();
    void on_write_timer(error_code ec);
    void drop(actors::close_reason why);
    /// Trace records for the first `frames` queued frames (a completed write).
    void trace_written(std::size_t frames) const;
    void trace_written(const actors::outbound_frame& f) const; // written at once
    void report_closed();

    // No permessage-deflate: broadcasts are framed once for every client, and a compressed
    // stream would need framing per client (its own deflate state).
    websocket::stream<gated_stream, false> ws_;
    net_context& ctx_;
    std::string remote_addr_;
    std::string user_agent_; // from the upgrade request until the client actor takes it
    beast::flat_buffer buffer_;
    caf::actor client_;
    std::string client_id_; // set before the client actor exists; read-only afterwards
    outbound_queue queue_;
    asio::steady_timer write_timer_;
    // Holds the session while it has stopped reading (a message over the limit) until the
    // client actor's close is on its way, at most handshake_timeout: nothing else would.
    asio::steady_timer close_timer_;
    std::chrono::steady_clock::time_point write_started_{};
    std::vector<asio::const_buffer> gather_; // the frames of the write in flight
    // Where the actor side posts: the strand, or with one I/O thread the io_context (see top).
    asio::any_io_executor post_ex_;
    const void* batch_key_ = nullptr; // the io_context with one I/O thread, else null
    std::size_t front_written_ = 0;   // bytes of queue_[0] an immediate send() already wrote
    std::atomic<std::uint64_t> queued_writes_{0};
    actors::topic_mask topics_ = 0; // broadcasts of other topics are dropped (see set_topics)
    std::atomic<std::uint64_t> frames_out_{0};
    std::atomic<std::uint64_t> bytes_out_{0};
    bool write_now_ok_ = false; // the socket is non-blocking: enqueue may write at once
    bool writing_ = false;
    bool timer_armed_ = false;
    bool ping_pending_ = false;
    bool closing_ = false;    ///< no more frames are accepted
    bool close_sent_ = false; ///< the close frame is on its way
    bool reported_ = false;
    std::uint16_t close_code_ = 0;
    std::string close_text_;
    actors::close_reason reason_ = actors::close_reason::normal;
    std::shared_ptr<admission_control::ticket> ticket_; // this connection's per-address slot
};

} // namespace sw::net
