#include "net/websocket_session.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "actors/messages.hpp"
#include "actors/send.hpp"
#include "actors/trace.hpp"
#include "actors/trace_record.hpp"

namespace sw::net {

using actors::close_reason;
using actors::tell_from_outside;

/// What the read between two messages may buffer (see do_read); requests are far smaller.
constexpr std::size_t first_read_bytes = 256;

websocket_session::websocket_session(beast::tcp_stream&& stream,
                                     net_context& ctx,
                                     std::string remote_addr,
                                     std::shared_ptr<admission_control::ticket> ticket)
    : ws_(stream.release_socket()) // the stream's timers are not needed (gated_stream.hpp)
    , ctx_(ctx)
    , remote_addr_(std::move(remote_addr))
    , queue_(ctx.cfg.websocket.max_queue_messages, ctx.cfg.websocket.max_queue_bytes)
    , write_timer_(ws_.get_executor())
    , close_timer_(ws_.get_executor())
    , post_ex_(ws_.get_executor())
    , ticket_(std::move(ticket)) {
    // With one I/O thread nothing runs concurrently with anything else on it, so posting to
    // the io_context serializes the session as well as its strand would, and keeps one FIFO
    // for everything the actor side sends to any session: a broadcast to all of them can
    // then be one post (send_batches) without overtaking a frame posted for one of them.
    if (ctx_.cfg.server.io_threads == 1) {
        auto ex = ws_.get_executor();
        if (const auto* strand = ex.target<asio::strand<asio::io_context::executor_type>>()) {
            post_ex_ = strand->get_inner_executor();
            batch_key_ = &strand->get_inner_executor().context();
        }
    }
}

template <class Handler>
void websocket_session::post_to_io(Handler&& handler) {
    asio::post(post_ex_, std::forward<Handler>(handler));
}

websocket_session::~websocket_session() {
    if (actors::trace::enabled())
        for (std::size_t i = 0; i < queue_.size(); ++i)
            trace_dropped(queue_[i], "closed");
    report_closed();
    ctx_.stats->active_connections.fetch_sub(1);
}

void websocket_session::run(http::request<http::string_body> req) {
    user_agent_ = std::string(req[http::field::user_agent]);
    // WebSocket timeouts bound the handshake and the closing handshake; idleness is the
    // supervisor's heartbeat, not Beast's.
    websocket::stream_base::timeout opt{};
    opt.handshake_timeout = ctx_.cfg.server.handshake_timeout;
    opt.idle_timeout = websocket::stream_base::none();
    opt.keep_alive_pings = false;
    ws_.set_option(opt);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "solowatch"); }));
    // We bound message size ourselves (see on_read) so that the client gets a
    // `message_too_large` error before the 1009 close; Beast's own limit would close first.
    ws_.read_message_max(0);
    if (ctx_.cfg.websocket.socket_send_buffer > 0) {
        error_code ignored;
        beast::get_lowest_layer(ws_).set_option(
            asio::socket_base::send_buffer_size(
                static_cast<int>(ctx_.cfg.websocket.socket_send_buffer)),
            ignored); // NOLINT(bugprone-unused-return-value)
    }
    ws_.auto_fragment(false);
    ws_.next_layer().on_idle([weak = weak_from_this()] {
        if (auto self = weak.lock(); self && !self->writing_ && !self->queue_.empty())
            self->do_write();
    });
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
        if (kind == websocket::frame_type::pong)
            tell_from_outside(client_, actors::sw_pong_atom_v);
    });
    ws_.async_accept(req,
                     beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
}

void websocket_session::on_accept(error_code ec) {
    if (ec) {
        spdlog::debug("websocket handshake with {} failed: {}", remote_addr_, ec.message());
        return;
    }
    client_id_ = actors::next_client_id();
    // Frames are first written with a non-blocking send() (enqueue); Asio's own operations
    // do not depend on this mode. Should it fail, every frame takes the queued path.
    error_code nb;
    beast::get_lowest_layer(ws_).non_blocking(true, nb);
    write_now_ok_ = !nb;
    queue_.observe_drops([this](const actors::outbound_frame& f, const char* why) {
        if (actors::trace::enabled())
            trace_dropped(f, why);
    });
    client_ =
        actors::spawn_client(ctx_.system,
                             ctx_.clients,
                             weak_from_this(),
                             actors::client_info{remote_addr_, std::move(user_agent_), client_id_});
    do_read();
}

void websocket_session::do_read() {
    // Read at most one byte past the limit: enough to know a message is too large without
    // ever buffering more than max_message_bytes + 1 of it.
    auto limit = ctx_.cfg.server.max_message_bytes + 1 - buffer_.size();
    // Between messages the read waits with a buffer Beast sizes up front; most clients stay
    // idle for hours and send only small requests, so that first buffer is small. The rest
    // of a longer message is read in large steps.
    if (buffer_.size() == 0)
        limit = std::min(limit, first_read_bytes);
    ws_.async_read_some(
        buffer_, limit, beast::bind_front_handler(&websocket_session::on_read, shared_from_this()));
}

void websocket_session::on_read(error_code ec, std::size_t) {
    if (ec) {
        if (ec != websocket::error::closed && ec != asio::error::operation_aborted)
            spdlog::debug("websocket read from {} ended: {}", remote_addr_, ec.message());
        report_closed();
        write_timer_.cancel();
        return;
    }
    if (buffer_.size() > ctx_.cfg.server.max_message_bytes) {
        // Stop reading; the client actor answers with the error and a 1009 close, whose
        // handshake drains the rest of the frame (bounded by handshake_timeout).
        buffer_.clear();
        buffer_.shrink_to_fit();
        // With the read loop stopped, no operation may be pending on this session (its
        // frames went out at once): without this wait it would be destroyed, and the
        // socket reset, before the client actor's error reply and close arrive.
        close_timer_.expires_after(ctx_.cfg.server.handshake_timeout);
        close_timer_.async_wait([self = shared_from_this()](error_code e) {
            if (!e && !self->close_sent_)
                self->drop(self->reason_);
        });
        tell_from_outside(client_, actors::sw_toobig_atom_v);
        return;
    }
    if (ws_.is_message_done()) {
        if (actors::trace::enabled())
            actors::trace::read(client_.id(), client_id_, buffer_.size());
        if (ws_.got_text())
            tell_from_outside(
                client_, actors::sw_text_atom_v, beast::buffers_to_string(buffer_.data()));
        else
            tell_from_outside(client_, actors::sw_binary_atom_v);
        // Nothing is kept between messages: the next read allocates first_read_bytes.
        buffer_.clear();
        buffer_.shrink_to_fit();
    }
    do_read();
}

void websocket_session::send_frame(actors::outbound_frame frame) {
    // Called by the registry while it handles the publication: the hand-over is the trace's
    // `deliver` record, and its time is where the frame's wait for the socket starts.
    if (frame.has_topic && actors::trace::wants(frame.trace_id)) [[unlikely]] {
        frame.delivered_at_us = actors::trace::now_us();
        actors::trace::delivered(client_id_,
                                 static_cast<int>(frame.topic),
                                 frame.seq,
                                 frame.trace_id,
                                 frame.delivered_at_us);
    }
    post_to_io([self = shared_from_this(), f = std::move(frame)] { self->enqueue(f); });
}

namespace {

/// Gives the registry's count of batches in flight back when the handler carrying them is
/// done, or destroyed without running (a stopped io_context), so the bound cannot stick.
class batch_release {
public:
    batch_release(actors::batch_gauge gauge, std::size_t n) : gauge_(std::move(gauge)), n_(n) {}

    batch_release(batch_release&&) noexcept = default;
    batch_release& operator=(batch_release&&) = delete;
    batch_release(const batch_release&) = delete;
    batch_release& operator=(const batch_release&) = delete;

    ~batch_release() {
        if (gauge_)
            gauge_->fetch_sub(n_, std::memory_order_relaxed);
    }

private:
    actors::batch_gauge gauge_;
    std::size_t n_;
};

} // namespace

void websocket_session::send_batches(std::vector<actors::frame_batch> batches,
                                     actors::batch_gauge in_flight) {
    // Called by the registry (see send_frame): its `deliver` records, one per session.
    if (actors::trace::enabled()) [[unlikely]] {
        for (auto& b : batches) {
            if (!b.frame.has_topic || !actors::trace::wants(b.frame.trace_id))
                continue;
            b.frame.delivered_at_us = actors::trace::now_us();
            for (const auto& weak : *b.sinks)
                if (auto sink = weak.lock())
                    actors::trace::delivered(static_cast<websocket_session&>(*sink).client_id_,
                                             static_cast<int>(b.frame.topic),
                                             b.frame.seq,
                                             b.frame.trace_id,
                                             b.frame.delivered_at_us);
        }
    }
    // Every sink of a batch shares this session's batch key, which only a websocket_session
    // on this io_context returns: the casts below are safe. No session is kept alive by the
    // post; one that is gone by then simply does not get the frame.
    const auto n = batches.size();
    asio::post(post_ex_,
               [batches = std::move(batches), done = batch_release(std::move(in_flight), n)] {
                   for (const auto& b : batches)
                       for (const auto& weak : *b.sinks)
                           if (auto sink = weak.lock())
                               static_cast<websocket_session&>(*sink).enqueue(b.frame);
               });
}

void websocket_session::set_topics(actors::topic_mask topics) {
    post_to_io([self = shared_from_this(), topics] { self->topics_ = topics; });
}

actors::traffic websocket_session::sent() const {
    return {frames_out_.load(std::memory_order_relaxed),
            bytes_out_.load(std::memory_order_relaxed)};
}

void websocket_session::ping() {
    post_to_io([self = shared_from_this()] {
        if (self->closing_ || self->ping_pending_ || !self->ws_.is_open())
            return;
        self->ping_pending_ = true;
        self->ws_.async_ping({}, [self](error_code) { self->ping_pending_ = false; });
    });
}

void websocket_session::close(std::uint16_t code, std::string reason) {
    post_to_io([self = shared_from_this(), code, r = std::move(reason)]() mutable {
        self->begin_close(code, std::move(r));
    });
}

void websocket_session::abort() {
    post_to_io([self = shared_from_this()] {
        if (self->reason_ == close_reason::normal)
            self->reason_ = close_reason::stale;
        self->drop(self->reason_);
    });
}

void websocket_session::enqueue(const actors::outbound_frame& frame) {
    if (closing_) {
        if (actors::trace::enabled())
            trace_dropped(frame, "closed");
        return;
    }
    if (frame.has_topic && (topics_ & (1U << static_cast<unsigned>(frame.topic))) == 0)
        return; // sent by the registry before it saw an unsubscribe
    const auto size = frame.bytes->size();
    std::size_t written = 0;
    if (write_now_ok_ && !writing_ && queue_.empty() && !ws_.next_layer().busy()) {
        // Nothing is ahead of this frame: one non-blocking send() usually takes all of it,
        // with no queueing, no asynchronous operation and no completion handler.
        error_code ec;
        written = beast::get_lowest_layer(ws_).write_some(asio::buffer(*frame.bytes), ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) {
            written = 0; // the socket's buffer is full: the queued path waits for it
        } else if (ec) {
            drop(reason_); // as a failed asynchronous write would
            return;
        }
        if (written == size) {
            frames_out_.fetch_add(1, std::memory_order_relaxed);
            bytes_out_.fetch_add(size, std::memory_order_relaxed);
            if (actors::trace::enabled()) [[unlikely]]
                trace_written(frame);
            return;
        }
    }
    queued_writes_.fetch_add(1, std::memory_order_relaxed);
    const auto result = queue_.push(frame, in_flight());
    if (written > 0) {
        if (result == outbound_queue::push_result::overflow) {
            // Part of the frame is on the wire and the rest cannot be queued (a frame larger
            // than max_queue_bytes): no other frame, not even a close, may follow it.
            reason_ = close_reason::slow;
            drop(reason_);
            return;
        }
        front_written_ = written; // the frame is alone in the queue: its rest goes first
    }
    if (result != outbound_queue::push_result::overflow) {
        frames_out_.fetch_add(1, std::memory_order_relaxed);
        bytes_out_.fetch_add(size, std::memory_order_relaxed);
    }
    switch (result) {
    case outbound_queue::push_result::queued:
        break;
    case outbound_queue::push_result::conflated:
        ctx_.stats->frames_conflated.fetch_add(1, std::memory_order_relaxed);
        tell_from_outside(client_, actors::sw_confl_atom_v);
        break;
    case outbound_queue::push_result::overflow:
        // A slow consumer: free its backlog now, then close with 1013.
        reason_ = close_reason::slow;
        const auto queued = queue_.size();
        queue_.drop_pending(in_flight());
        ctx_.stats->frames_dropped.fetch_add(queued - queue_.size() + 1, std::memory_order_relaxed);
        spdlog::info("closing slow consumer {} ({} frames, {} bytes queued)",
                     remote_addr_,
                     queue_.size(),
                     queue_.bytes());
        begin_close(1013, "slow consumer");
        return;
    }
    if (!writing_)
        do_write();
}

void websocket_session::do_write() {
    // A pong, ping or close of Beast's is on the socket: the gate calls us back when it ends.
    if (ws_.next_layer().busy())
        return;
    // Everything queued goes out in one gathered write (one syscall for many frames), up to
    // the iovec limit; frames queued meanwhile go in the next one.
    constexpr std::size_t max_gather = 64;
    const auto n = std::min(queue_.size(), max_gather);
    gather_.clear();
    for (std::size_t i = 0; i < n; ++i)
        gather_.emplace_back(asio::buffer(*queue_[i].bytes));
    if (n > 0)
        gather_.front() += front_written_; // the part an immediate send() already wrote
    writing_ = true;
    write_started_ = std::chrono::steady_clock::now();
    arm_write_timer();
    ws_.next_layer().async_write_frames(
        gather_, beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
}

void websocket_session::on_write(error_code ec, std::size_t) {
    writing_ = false;
    const auto written = gather_.size();
    gather_.clear();
    if (ec) {
        drop(reason_);
        return;
    }
    front_written_ = 0;
    if (actors::trace::enabled()) [[unlikely]]
        trace_written(written);
    queue_.pop_front(written);
    if (!queue_.empty())
        do_write();
    else if (closing_ && !close_sent_)
        do_close();
}

void websocket_session::begin_close(std::uint16_t code, std::string reason) {
    if (closing_)
        return;
    closing_ = true;
    close_code_ = code;
    close_text_ = std::move(reason);
    // What is already queued goes out first (an error reply before its 1009, the last
    // updates before 1001); a write that stalls is cut by send_timeout.
    if (!writing_ && queue_.empty())
        do_close();
}

void websocket_session::do_close() {
    close_sent_ = true;
    ws_.async_close(
        websocket::close_reason(static_cast<websocket::close_code>(close_code_), close_text_),
        [self = shared_from_this()](error_code) {
            // The read loop sees the end too; this covers a stopped read loop.
            self->report_closed();
            self->write_timer_.cancel();
            self->close_timer_.cancel();
        });
}

void websocket_session::arm_write_timer() {
    // One lazily re-armed timer per session: it wakes at most once per send_timeout while
    // writes are flowing, and not at all while the connection is idle.
    if (timer_armed_)
        return;
    timer_armed_ = true;
    write_timer_.expires_at(write_started_ + ctx_.cfg.websocket.send_timeout);
    write_timer_.async_wait(
        beast::bind_front_handler(&websocket_session::on_write_timer, shared_from_this()));
}

void websocket_session::on_write_timer(error_code ec) {
    timer_armed_ = false;
    if (ec || reported_)
        return;
    if (!writing_)
        return;
    if (std::chrono::steady_clock::now() - write_started_ >= ctx_.cfg.websocket.send_timeout) {
        spdlog::info("closing {}: a write took longer than send_timeout", remote_addr_);
        drop(close_reason::slow);
        return;
    }
    arm_write_timer();
}

void websocket_session::drop(close_reason why) {
    reason_ = why;
    closing_ = true;
    error_code ignored;
    auto& sock = beast::get_lowest_layer(ws_);
    sock.shutdown(tcp::socket::shutdown_both, ignored); // NOLINT(bugprone-unused-return-value)
    sock.close(ignored);                                // NOLINT(bugprone-unused-return-value)
    write_timer_.cancel();
    close_timer_.cancel();
}

void websocket_session::trace_written(std::size_t frames) const {
    for (std::size_t i = 0; i < frames && i < queue_.size(); ++i)
        trace_written(queue_[i]);
}

void websocket_session::trace_written(const actors::outbound_frame& f) const {
    if (f.has_topic && actors::trace::wants(f.trace_id))
        actors::trace::written(client_id_,
                               static_cast<int>(f.topic),
                               f.seq,
                               f.trace_id,
                               f.bytes->size(),
                               f.delivered_at_us);
}

std::size_t websocket_session::in_flight() const {
    // A frame partly written by an immediate send() is on the wire as well: nothing may
    // conflate or drop it before its rest follows.
    return std::max(gather_.size(), front_written_ > 0 ? std::size_t{1} : std::size_t{0});
}

void websocket_session::trace_dropped(const actors::outbound_frame& f, const char* why) const {
    // Only reads what never changes after start (client_id_): safe from the registry's thread.
    if (f.has_topic && actors::trace::wants(f.trace_id))
        actors::trace::dropped(client_id_, static_cast<int>(f.topic), f.seq, f.trace_id, why);
}

void websocket_session::report_closed() {
    if (reported_)
        return;
    reported_ = true;
    tell_from_outside(client_, actors::sw_closed_atom_v, reason_);
}

} // namespace sw::net
