#pragma once
// A webhook receiver for end-to-end tests: an HTTP/1.1 server on 127.0.0.1 (its own thread)
// that answers every request 200 and records each request's method, target and body.

#include <memory>
#include <string>
#include <vector>

namespace sw::test {

struct received_request {
    std::string method;
    std::string target;
    std::string body;
};

class http_receiver {
public:
    http_receiver();
    ~http_receiver();
    http_receiver(const http_receiver&) = delete;
    http_receiver& operator=(const http_receiver&) = delete;

    [[nodiscard]] unsigned short port() const;

    /// Everything received so far, in arrival order.
    [[nodiscard]] std::vector<received_request> requests() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace sw::test
