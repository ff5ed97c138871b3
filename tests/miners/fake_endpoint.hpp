#pragma once
// A tiny in-process fake miner for the driver tests: a TCP server on 127.0.0.1, port 0, run on
// its own io_context thread. Each connection reads one request (HTTP: up to the blank line;
// cgminer: up to the closing '}'), records it, asks the test's handler what to do, does it.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace sw::miners::test {

struct fake_request {
    std::string raw;                            ///< the bytes read
    std::string target;                         ///< HTTP: "/api/system/info"
    std::map<std::string, std::string> headers; ///< HTTP, names lower-cased
    std::string command;                        ///< cgminer: the "command" value
};

struct fake_action {
    std::string bytes;      ///< sent, then the socket is closed
    bool hang = false;      ///< send nothing, keep the socket open until the fake stops
    bool keep_open = false; ///< send `bytes`, then keep the socket open
};

/// A complete HTTP/1.1 response with Content-Length (and Connection: close).
std::string http_response(unsigned status, const std::string& reason, const std::string& body);

class fake_endpoint {
public:
    enum class protocol { http, cgminer };
    using handler = std::function<fake_action(const fake_request&)>;

    fake_endpoint(protocol proto, handler on_request);
    ~fake_endpoint();
    fake_endpoint(const fake_endpoint&) = delete;
    fake_endpoint& operator=(const fake_endpoint&) = delete;

    std::uint16_t port() const noexcept { return port_; }

    std::vector<fake_request> requests() const;
    std::size_t request_count() const;
    /// How many requests named this HTTP target / cgminer command.
    std::size_t count(const std::string& target_or_command) const;

    /// A port where nothing listens: bound, then closed (connecting is refused).
    static std::uint16_t refused_port();

private:
    class session;
    void do_accept();
    fake_action record(fake_request request);

    protocol proto_;
    handler on_request_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::uint16_t port_ = 0;
    std::vector<std::shared_ptr<session>> hung_; ///< io thread only
    mutable std::mutex mutex_;
    std::vector<fake_request> requests_;
    std::thread thread_;
};

} // namespace sw::miners::test
