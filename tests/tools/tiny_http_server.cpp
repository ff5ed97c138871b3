#include "tools/tiny_http_server.hpp"

#include <mutex>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace sw::test {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

struct tiny_http_server::impl {
    explicit impl(answer_fn fn)
        : answer(std::move(fn))
        , acceptor(ioc, {net::ip::make_address("127.0.0.1"), 0})
        , port(acceptor.local_endpoint().port()) {}

    void do_accept() {
        acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
            if (ec)
                return; // closed at shutdown
            serve(socket);
            do_accept();
        });
    }

    // Blocking I/O inside the handler is fine here: one test client, one request at a time.
    void serve(tcp::socket& socket) {
        boost::beast::flat_buffer buffer;
        http::request<http::string_body> request;
        boost::system::error_code ec;
        http::read(socket, buffer, request, ec);
        if (ec)
            return;
        const std::string target(request.target());
        {
            std::lock_guard lock(mutex);
            seen.push_back(target);
        }
        canned_response canned = answer(target);
        http::response<http::string_body> response{static_cast<http::status>(canned.status), 11};
        response.set(http::field::content_type, "application/x-ndjson");
        response.body() = canned.body;
        response.prepare_payload();
        http::write(socket, response, ec);
        socket.shutdown(tcp::socket::shutdown_both, ec);
    }

    answer_fn answer;
    net::io_context ioc;
    tcp::acceptor acceptor;
    unsigned short port;
    mutable std::mutex mutex;
    std::vector<std::string> seen;
    std::thread thread;
};

tiny_http_server::tiny_http_server(answer_fn answer)
    : impl_(std::make_unique<impl>(std::move(answer))) {
    impl_->do_accept();
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

tiny_http_server::~tiny_http_server() {
    net::post(impl_->ioc, [this] { impl_->acceptor.close(); });
    impl_->thread.join();
}

unsigned short tiny_http_server::port() const {
    return impl_->port;
}

std::string tiny_http_server::url() const {
    return "http://127.0.0.1:" + std::to_string(port());
}

std::vector<std::string> tiny_http_server::targets() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->seen;
}

} // namespace sw::test
