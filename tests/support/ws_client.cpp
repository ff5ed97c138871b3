#include "support/ws_client.hpp"

#include <boost/asio/connect.hpp>

namespace sw::test {

namespace asio = boost::asio;
using error_code = boost::system::error_code;

ws_client::ws_client() : ws_(ioc_) {}

ws_client::~ws_client() {
    drop();
}

template <class Op>
bool ws_client::run_op(Op&& start, std::chrono::milliseconds timeout) {
    bool done = false;
    start(done);
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!done) {
        // Deadline passed: cancel the operation and let its handler run.
        error_code ignored;
        ws_.next_layer().cancel(ignored); // NOLINT(bugprone-unused-return-value)
        ioc_.restart();
        ioc_.run_for(1s);
    }
    return done;
}

handshake_result ws_client::connect(unsigned short port,
                                    const std::map<std::string, std::string>& headers,
                                    int rcvbuf,
                                    std::chrono::milliseconds timeout) {
    handshake_result result;
    error_code ec;
    auto& sock = ws_.next_layer();
    sock.open(tcp::v4(), ec);
    if (rcvbuf > 0)
        sock.set_option(asio::socket_base::receive_buffer_size(rcvbuf), ec);
    sock.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (ec) {
        result.error = ec.message();
        return result;
    }
    ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
        req.set(http::field::user_agent, "solowatch-test");
        for (const auto& [k, v] : headers)
            req.set(k, v);
    }));
    websocket::response_type res;
    error_code hs_ec;
    bool finished = run_op(
        [&](bool& done) {
            ws_.async_handshake(res, "127.0.0.1", "/ws", [&](error_code e) {
                hs_ec = e;
                done = true;
            });
        },
        timeout);
    // Only an HTTP answer has a status; a connection closed before one has none.
    const bool answered = !hs_ec || hs_ec == websocket::error::upgrade_declined;
    result.status = answered ? res.result_int() : 0;
    if (!finished) {
        result.error = "handshake timed out";
        return result;
    }
    result.ok = !hs_ec;
    if (hs_ec)
        result.error = hs_ec.message();
    return result;
}

bool ws_client::send_frame(const std::string& bytes, bool text, std::chrono::milliseconds timeout) {
    error_code ec;
    ws_.text(text);
    bool finished = run_op(
        [&](bool& done) {
            ws_.async_write(asio::buffer(bytes), [&](error_code e, std::size_t) {
                ec = e;
                done = true;
            });
        },
        timeout);
    return finished && !ec;
}

bool ws_client::send_text(const std::string& text, std::chrono::milliseconds timeout) {
    return send_frame(text, true, timeout);
}

bool ws_client::send_binary(const std::string& bytes, std::chrono::milliseconds timeout) {
    return send_frame(bytes, false, timeout);
}

std::optional<std::string> ws_client::read(std::chrono::milliseconds timeout) {
    if (closed_)
        return std::nullopt;
    error_code ec;
    buffer_.clear();
    bool finished = run_op(
        [&](bool& done) {
            ws_.async_read(buffer_, [&](error_code e, std::size_t) {
                ec = e;
                done = true;
            });
        },
        timeout);
    if (!finished)
        return std::nullopt;
    if (ec) {
        closed_ = true;
        if (ec == websocket::error::closed)
            close_code_ = ws_.reason().code;
        return std::nullopt;
    }
    return beast::buffers_to_string(buffer_.data());
}

std::optional<nlohmann::json> ws_client::read_json(std::chrono::milliseconds timeout) {
    auto text = read(timeout);
    if (!text)
        return std::nullopt;
    return nlohmann::json::parse(*text, nullptr, false);
}

std::optional<nlohmann::json> ws_client::read_type(const std::string& type,
                                                   std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return std::nullopt;
        auto j = read_json(left);
        if (!j)
            return std::nullopt;
        if (j->is_object() && j->value("type", "") == type)
            return j;
    }
}

std::optional<nlohmann::json> ws_client::request(nlohmann::json req,
                                                 std::chrono::milliseconds timeout) {
    auto id = req.at("id");
    if (!send_text(req.dump(), timeout))
        return std::nullopt;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return std::nullopt;
        auto j = read_json(left);
        if (!j)
            return std::nullopt;
        if (j->is_object() && j->contains("id") && (*j)["id"] == id)
            return j;
    }
}

std::optional<std::uint16_t> ws_client::wait_close(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return std::nullopt;
        if (!read(left) && !closed_)
            return std::nullopt;
    }
    if (close_code_ == 0)
        return std::nullopt;
    return close_code_;
}

void ws_client::drop() {
    error_code ignored;
    ws_.next_layer().close(ignored); // NOLINT(bugprone-unused-return-value)
    closed_ = true;
}

std::optional<http_result>
http_get(unsigned short port, const std::string& target, std::chrono::milliseconds timeout) {
    return http_call(port, "GET", target, "", timeout);
}

std::optional<http_result> http_call(unsigned short port,
                                     const std::string& method,
                                     const std::string& target,
                                     const std::string& json_body,
                                     std::chrono::milliseconds timeout) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.keep_alive(false);
    if (!json_body.empty()) {
        req.set(http::field::content_type, "application/json");
        req.body() = json_body;
    }
    req.prepare_payload();
    http::response<http::string_body> res;
    beast::flat_buffer buffer;
    error_code result_ec;
    stream.async_connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](error_code ec) {
            if (ec) {
                result_ec = ec;
                return;
            }
            http::async_write(stream, req, [&](error_code wec, std::size_t) {
                if (wec) {
                    result_ec = wec;
                    return;
                }
                http::async_read(
                    stream, buffer, res, [&](error_code rec, std::size_t) { result_ec = rec; });
            });
        });
    ioc.run();
    if (result_ec)
        return std::nullopt;
    http_result out;
    out.status = res.result_int();
    out.body = res.body();
    for (const auto& field : res)
        out.headers[std::string(field.name_string())] = std::string(field.value());
    return out;
}

} // namespace sw::test
