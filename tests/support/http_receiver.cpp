#include "support/http_receiver.hpp"

#include <mutex>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace sw::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct http_receiver::impl {
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
    mutable std::mutex mutex; // test scaffolding: the receiver thread and the test share the log
    std::vector<received_request> log;
    std::thread thread;

    void accept() {
        acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
            if (ec)
                return;
            serve(std::make_shared<beast::tcp_stream>(std::move(socket)));
            accept();
        });
    }

    void serve(std::shared_ptr<beast::tcp_stream> stream) {
        auto buffer = std::make_shared<beast::flat_buffer>();
        auto req = std::make_shared<http::request<http::string_body>>();
        http::async_read(
            *stream, *buffer, *req, [this, stream, buffer, req](beast::error_code ec, std::size_t) {
                if (ec)
                    return;
                {
                    std::lock_guard lock(mutex);
                    log.push_back({std::string(req->method_string()),
                                   std::string(req->target()),
                                   req->body()});
                }
                auto res =
                    std::make_shared<http::response<http::string_body>>(http::status::ok, 11);
                res->body() = "ok";
                res->keep_alive(req->keep_alive());
                res->prepare_payload();
                http::async_write(*stream,
                                  *res,
                                  [this, stream, res, keep = req->keep_alive()](
                                      beast::error_code wec, std::size_t) {
                                      if (!wec && keep)
                                          serve(stream);
                                  });
            });
    }
};

http_receiver::http_receiver() : impl_(std::make_unique<impl>()) {
    impl_->accept();
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

http_receiver::~http_receiver() {
    impl_->ioc.stop();
    impl_->thread.join();
}

unsigned short http_receiver::port() const {
    return impl_->acceptor.local_endpoint().port();
}

std::vector<received_request> http_receiver::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->log;
}

} // namespace sw::test
