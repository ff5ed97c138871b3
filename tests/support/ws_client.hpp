#pragma once
// A WebSocket test client on Beast with a deadline on every operation: each call runs its
// own io_context until the operation completes or the deadline passes.

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

namespace sw::test {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

using namespace std::chrono_literals;

struct handshake_result {
    bool ok = false;
    unsigned status = 0; ///< HTTP status of the server's answer (101 on success)
    std::string error;
};

class ws_client {
public:
    ws_client();
    ~ws_client();

    ws_client(const ws_client&) = delete;
    ws_client& operator=(const ws_client&) = delete;

    /// Connects and upgrades. `headers` are added to the upgrade request (e.g. Origin).
    /// `rcvbuf` > 0 shrinks the socket's receive buffer (to make a slow consumer quickly).
    handshake_result connect(unsigned short port,
                             const std::map<std::string, std::string>& headers = {},
                             int rcvbuf = 0,
                             std::chrono::milliseconds timeout = 5s);

    bool send_text(const std::string& text, std::chrono::milliseconds timeout = 5s);
    bool send_binary(const std::string& bytes, std::chrono::milliseconds timeout = 5s);

    /// The next text frame, or nullopt on timeout or when the connection closed.
    std::optional<std::string> read(std::chrono::milliseconds timeout = 5s);

    /// The next frame parsed as JSON (nullopt as for read()).
    std::optional<nlohmann::json> read_json(std::chrono::milliseconds timeout = 5s);

    /// Reads until a frame whose "type" is `type`; other frames are skipped.
    std::optional<nlohmann::json> read_type(const std::string& type,
                                            std::chrono::milliseconds timeout = 5s);

    /// Sends a request and reads until the reply with the same id (other frames skipped).
    std::optional<nlohmann::json> request(nlohmann::json req,
                                          std::chrono::milliseconds timeout = 5s);

    /// Reads until the server closes; returns its close code, or nullopt on timeout or an
    /// abrupt end without a close frame.
    std::optional<std::uint16_t> wait_close(std::chrono::milliseconds timeout = 10s);

    [[nodiscard]] bool closed() const { return closed_; }

    [[nodiscard]] std::uint16_t close_code() const { return close_code_; }

    /// Drops the TCP connection without a close frame.
    void drop();

private:
    template <class Op>
    bool run_op(Op&& start, std::chrono::milliseconds timeout);

    /// One text or binary frame, with a deadline.
    bool send_frame(const std::string& bytes, bool text, std::chrono::milliseconds timeout);

    boost::asio::io_context ioc_;
    websocket::stream<tcp::socket> ws_;
    beast::flat_buffer buffer_;
    bool closed_ = false;
    std::uint16_t close_code_ = 0;
};

/// A plain HTTP GET against 127.0.0.1; returns status and body.
struct http_result {
    unsigned status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
};

std::optional<http_result>
http_get(unsigned short port, const std::string& target, std::chrono::milliseconds timeout = 5s);

/// Any method ("PATCH", "POST", ...) with a JSON body; nullopt when no answer came.
std::optional<http_result> http_call(unsigned short port,
                                     const std::string& method,
                                     const std::string& target,
                                     const std::string& json_body,
                                     std::chrono::milliseconds timeout = 5s);

} // namespace sw::test
