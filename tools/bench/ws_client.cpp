#include "tools/bench/ws_client.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <netinet/in.h>
#include <sys/socket.h>

// Linux >= 4.2; older headers lack the name, the kernel ignores what it does not know.
#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

namespace sw::bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using error_code = beast::error_code;
using steady = std::chrono::steady_clock;

// Failure kinds are short stable names, so runs can be compared and scripts can match them.
std::string classify(const error_code& ec, const websocket::response_type& res) {
    if (ec == websocket::error::upgrade_declined)
        return "http_" + std::to_string(res.result_int());
    if (ec == beast::error::timeout)
        return "timeout";
    if (ec == asio::error::connection_refused)
        return "refused";
    if (ec == asio::error::connection_reset)
        return "reset";
    if (ec == asio::error::eof || ec == beast::http::error::end_of_stream)
        return "eof";
    if (ec == asio::error::broken_pipe)
        return "broken_pipe";
    if (ec == boost::system::errc::address_not_available || ec == asio::error::address_in_use)
        return "no_source_port"; // ephemeral ports of a source address exhausted
    if (ec == asio::error::no_descriptors)
        return "too_many_open_files";
    if (ec == asio::error::operation_aborted)
        return "aborted";
    return "other: " + ec.message();
}

class client final : public ws_client, public std::enable_shared_from_this<client> {
public:
    client(const client_setup& setup,
           client_role role,
           std::size_t index,
           std::optional<asio::ip::address> source,
           run_state& state,
           client_events& events)
        : setup_(setup)
        , role_(role)
        , index_(index)
        , source_(std::move(source))
        , state_(state)
        , events_(events)
        , ws_(setup.ioc) {
        ++state_.client_objects;
    }

    ~client() override { --state_.client_objects; }

    client(const client&) = delete;
    client& operator=(const client&) = delete;

    void start() override {
        started_ = steady::now();
        auto& stream = beast::get_lowest_layer(ws_);
        auto& sock = stream.socket();
        error_code ec;
        sock.open(setup_.server.protocol(), ec);
        if (!ec && source_) {
            // Let connect() pick the port, not bind(): the kernel then only needs the full
            // 4-tuple to be unique, so ports are not reserved per source address up front.
            const int one = 1;
            ::setsockopt(
                sock.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
            sock.bind(tcp::endpoint(*source_, 0), ec);
        }
        // Before connect: the receive window scale is fixed by the SYN.
        if (!ec && role_ == client_role::slow && setup_.slow_rcvbuf > 0)
            sock.set_option(asio::socket_base::receive_buffer_size(setup_.slow_rcvbuf), ec);
        if (ec) {
            // Asynchronously, so the runner never sees events from inside start().
            asio::post(ws_.get_executor(),
                       [self = shared_from_this(), ec] { self->fail_connect(ec); });
            return;
        }
        stream.expires_after(setup_.connect_timeout); // covers connect and the handshake
        stream.async_connect(setup_.server,
                             beast::bind_front_handler(&client::on_connect, shared_from_this()));
    }

    void drain() override {
        if (role_ != client_role::slow)
            return;
        draining_ = true;
        if (established_ && !ended_ && !closing_ && !reading_)
            do_read();
    }

    void close() override {
        if (closing_)
            return;
        closing_ = true;
        if (!established_) {
            beast::get_lowest_layer(ws_).close(); // the connect or handshake ends "aborted"
            return;
        }
        if (ended_)
            return;
        if (writing_) {
            close_after_write_ = true; // Beast allows one write at a time; close is a write
            return;
        }
        start_close();
    }

    void abort() override {
        closing_ = true;
        beast::get_lowest_layer(ws_).close();
        // A slow client has no read pending that would notice; report from a handler.
        if (established_)
            asio::post(ws_.get_executor(), [self = shared_from_this()] { self->report_end(); });
    }

private:
    void fail_connect(const error_code& ec) {
        record_connect_failure(state_, role_, closing_ ? "cancelled" : classify(ec, res_));
        events_.on_failed(index_);
    }

    void on_connect(error_code ec) {
        if (ec) {
            fail_connect(ec);
            return;
        }
        ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
            req.set(beast::http::field::user_agent, "solowatch-bench");
        }));
        ws_.async_handshake(res_,
                            setup_.host_header,
                            "/ws",
                            beast::bind_front_handler(&client::on_handshake, shared_from_this()));
    }

    void on_handshake(error_code ec) {
        if (ec) {
            fail_connect(ec);
            return;
        }
        established_ = true;
        // From here Beast's own timeouts apply: the closing handshake is bounded; idleness
        // is not (idle and slow clients are silent on purpose), except for storm clients
        // that must get their welcome.
        beast::get_lowest_layer(ws_).expires_never();
        websocket::stream_base::timeout opt{};
        opt.handshake_timeout = setup_.close_timeout;
        opt.idle_timeout = role_ == client_role::storm
                               ? std::chrono::duration_cast<std::chrono::seconds>(
                                   setup_.connect_timeout + std::chrono::milliseconds(999))
                               : websocket::stream_base::none();
        opt.keep_alive_pings = false;
        ws_.set_option(opt);
        record_connected(state_, role_, steady::now() - started_);
        events_.on_established(index_);
        if (!setup_.subscribe_late)
            send_subscribe();
        // A pending read is also what makes Beast answer the server's pings.
        do_read();
    }

    void subscribe() override {
        if (established_ && !ended_ && !closing_)
            send_subscribe();
    }

    void send_subscribe() {
        if (role_ != client_role::subscriber && role_ != client_role::slow)
            return;
        writing_ = true;
        ws_.async_write(asio::buffer(setup_.subscribe_frame),
                        beast::bind_front_handler(&client::on_write, shared_from_this()));
    }

    void on_write(error_code ec, std::size_t) {
        writing_ = false;
        if (ec)
            return; // the read side sees the same end and reports it
        if (close_after_write_)
            start_close();
    }

    void do_read() {
        reading_ = true;
        ws_.async_read(buffer_, beast::bind_front_handler(&client::on_read, shared_from_this()));
    }

    void on_read(error_code ec, std::size_t) {
        reading_ = false;
        if (ec) {
            on_read_end(ec);
            return;
        }
        const auto received = std::chrono::system_clock::now();
        const std::string_view payload(static_cast<const char*>(buffer_.data().data()),
                                       buffer_.size());
        const bool measured = role_ == client_role::subscriber || role_ == client_role::idle;
        const auto kind = record_frame(state_, track_, payload, measured, received);
        buffer_.consume(buffer_.size());
        if (role_ == client_role::storm && kind == frame_kind::welcome && !closing_) {
            got_welcome_ = true;
            closing_ = true;
            start_close();
            return;
        }
        if (role_ == client_role::slow && kind == frame_kind::subscribed && !draining_) {
            ++state_.stats.slow_subscribed;
            return; // stop reading for good: from now on the server's buffers fill up
        }
        do_read();
    }

    void on_read_end(const error_code& ec) {
        if (!closing_) {
            // The server (or the network) ended an established connection.
            // A received close frame wins over the error of echoing it to a vanished peer.
            const auto code = ws_.reason().code;
            const bool got_close = ec == websocket::error::closed || code != 0;
            const auto kind = got_close ? std::to_string(code) : classify(ec, res_);
            record_server_end(state_, role_, kind);
        }
        report_end();
    }

    void start_close() {
        ws_.async_close(websocket::close_code::normal,
                        beast::bind_front_handler(&client::on_close, shared_from_this()));
    }

    void on_close(error_code ec) {
        if (role_ == client_role::storm && !ended_) {
            if (!ec && got_welcome_)
                ++state_.stats.storm_succeeded;
            else if (ec != asio::error::operation_aborted)
                record_server_end(state_, role_, "close_" + classify(ec, res_));
        }
        report_end();
    }

    void report_end() {
        if (ended_ || !established_)
            return;
        ended_ = true;
        events_.on_ended(index_);
    }

    const client_setup& setup_;
    const client_role role_;
    const std::size_t index_;
    const std::optional<asio::ip::address> source_;
    run_state& state_;
    client_events& events_;
    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    websocket::response_type res_; // the HTTP answer, to report a refused upgrade's status
    client_track track_;
    steady::time_point started_;
    bool established_ = false;
    bool reading_ = false;
    bool writing_ = false;
    bool closing_ = false; // the bench is ending this client: its errors are not failures
    bool close_after_write_ = false;
    bool draining_ = false;
    bool got_welcome_ = false; // storm: the server fully accepted us
    bool ended_ = false;
};

} // namespace

std::shared_ptr<ws_client> make_ws_client(const client_setup& setup,
                                          client_role role,
                                          std::size_t index,
                                          std::optional<asio::ip::address> source,
                                          run_state& state,
                                          client_events& events) {
    return std::make_shared<client>(setup, role, index, std::move(source), state, events);
}

} // namespace sw::bench
