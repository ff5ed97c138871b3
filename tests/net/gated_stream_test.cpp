// gated_stream on a real loopback socket: Beast's writes and the session's writes never
// overlap, and the idle callback is safe when Beast's handler destroys the stream (as a
// session's last reference going away with its close frame does). Under ASan a touch of the
// freed stream fails the test run.
#include "net/gated_stream.hpp"

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/read.hpp>
#include <catch2/catch.hpp>

#include "net/beast.hpp"

using sw::net::gated_stream;

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

/// A connected pair of loopback sockets on one io_context.
struct socket_pair {
    asio::io_context io;
    tcp::socket server{io};
    tcp::socket client{io};

    socket_pair() {
        tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        client.connect(acceptor.local_endpoint());
        acceptor.accept(server);
    }
};

std::string read_exactly(tcp::socket& s, std::size_t n) {
    std::string out(n, '\0');
    asio::read(s, asio::buffer(out));
    return out;
}

} // namespace

TEST_CASE("the idle callback runs after a library write whose handler destroyed the stream") {
    socket_pair p;
    auto stream = std::make_unique<gated_stream>(std::move(p.server));
    int idle_calls = 0;
    stream->on_idle([&idle_calls] { ++idle_calls; });
    bool handler_ran = false;
    const std::string bytes = "ping";
    stream->async_write_some(asio::buffer(bytes), [&](boost::system::error_code ec, std::size_t n) {
        CHECK_FALSE(ec);
        CHECK(n == bytes.size());
        handler_ran = true;
        stream.reset(); // the owner goes away inside Beast's completion
    });
    p.io.run_for(std::chrono::seconds(10));
    CHECK(handler_ran);
    CHECK(stream == nullptr);
    CHECK(idle_calls == 1);
    CHECK(read_exactly(p.client, bytes.size()) == bytes);
}

TEST_CASE("a library write waits for the session write before it and both arrive whole") {
    socket_pair p;
    gated_stream stream(std::move(p.server));
    int idle_calls = 0;
    stream.on_idle([&idle_calls] { ++idle_calls; });
    const std::string frames = "first-second-";
    const std::vector<asio::const_buffer> buffers{asio::buffer(frames.data(), 6),
                                                  asio::buffer(frames.data() + 6, 7)};
    bool frames_done = false;
    stream.async_write_frames(buffers, [&](boost::system::error_code ec, std::size_t n) {
        CHECK_FALSE(ec);
        CHECK(n == frames.size());
        frames_done = true;
    });
    CHECK(stream.busy());
    const std::string library = "library";
    bool library_done = false;
    stream.async_write_some(asio::buffer(library), [&](boost::system::error_code ec, std::size_t) {
        CHECK_FALSE(ec);
        CHECK(frames_done); // the gate let it start only after the session's write
        library_done = true;
    });
    p.io.run_for(std::chrono::seconds(10));
    CHECK(frames_done);
    CHECK(library_done);
    CHECK_FALSE(stream.busy());
    CHECK(idle_calls == 1);
    CHECK(read_exactly(p.client, frames.size() + library.size()) == frames + library);
}
