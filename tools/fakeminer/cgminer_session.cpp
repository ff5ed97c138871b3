// One cgminer API connection: read one request, write one reply ending in NUL, close; the
// way cgminer's API thread serves port 4028.

#include <array>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "tools/fakeminer/cgminer_reply.hpp"
#include "tools/fakeminer/world.hpp"

namespace sw::fakeminer {

namespace {

constexpr std::size_t max_request_bytes = 64 * 1024;

class cgminer_session : public std::enable_shared_from_this<cgminer_session> {
public:
    cgminer_session(tcp::socket socket, world& w, simulated_miner& miner)
        : socket_(std::move(socket))
        , timer_(socket_.get_executor())
        , world_(w)
        , miner_(miner) {}

    void run() {
        // A client that sends half a request and stalls gets whatever it sent answered.
        timer_.expires_after(std::chrono::seconds(5));
        timer_.async_wait([self = shared_from_this()](error_code ec) {
            if (!ec && !self->answered_)
                self->on_request();
        });
        do_read();
    }

private:
    void do_read() {
        socket_.async_read_some(
            asio::buffer(chunk_),
            [self = shared_from_this()](error_code ec, std::size_t n) { self->on_read(ec, n); });
    }

    void on_read(error_code ec, std::size_t n) {
        if (answered_) // hang fault, or the lingering close: discard until the peer is gone
            return ec ? finish() : do_read();
        request_.append(chunk_.data(), n);
        if (ec == asio::error::eof && !request_.empty())
            return on_request();
        if (ec || request_.size() > max_request_bytes)
            return finish();
        if (cgminer_request_complete(request_))
            return on_request();
        do_read();
    }

    void on_request() {
        answered_ = true;
        timer_.cancel();
        const auto fault = miner_.spec.fault;
        if (fault == fault_mode::hang)
            return do_read();
        if (fault == fault_mode::slow) {
            timer_.expires_after(world_.slow_delay());
            timer_.async_wait([self = shared_from_this()](error_code ec) {
                if (!ec)
                    self->respond();
            });
            return;
        }
        respond();
    }

    void respond() {
        const auto fault = miner_.spec.fault;
        if (fault == fault_mode::garbage) {
            out_ = garbage_bytes(miner_);
        } else {
            world_.advance(miner_);
            auto variant = miner_.spec.variant;
            if (fault == fault_mode::broken_json && variant == broken_variant::rotate)
                variant = static_cast<broken_variant>(1 + miner_.replies % broken_variant_count);
            ++miner_.replies;
            out_ = cgminer_reply(miner_.spec,
                                 miner_.sim.values(),
                                 world_.network().values(),
                                 request_,
                                 fault,
                                 variant);
            if (fault == fault_mode::close)
                out_.resize(out_.size() / 2); // half the JSON, no NUL
        }
        asio::async_write(socket_,
                          asio::buffer(out_),
                          [self = shared_from_this()](error_code, std::size_t) { self->close(); });
    }

    // Half-close and drain briefly: closing with unread input would send a reset that can
    // destroy the reply before the client reads it.
    void close() {
        error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_send, ignored);
        timer_.expires_after(std::chrono::seconds(2));
        timer_.async_wait([self = shared_from_this()](error_code ec) {
            if (!ec)
                self->finish();
        });
        do_read();
    }

    void finish() {
        error_code ignored;
        timer_.cancel();
        socket_.close(ignored);
    }

    tcp::socket socket_;
    asio::steady_timer timer_;
    world& world_;
    simulated_miner& miner_;
    std::string request_;
    std::string out_;
    std::array<char, 1024> chunk_{};
    bool answered_ = false;
};

} // namespace

void start_cgminer_session(tcp::socket socket, world& w, simulated_miner& miner) {
    std::make_shared<cgminer_session>(std::move(socket), w, miner)->run();
}

} // namespace sw::fakeminer
