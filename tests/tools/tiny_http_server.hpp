#pragma once
// A minimal HTTP/1.1 server for tests of `--url`: on 127.0.0.1, port chosen by the kernel,
// its own thread. Each request is answered by the test's `answer` function, one connection
// at a time, and its target is recorded.

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sw::test {

struct canned_response {
    int status = 200;
    std::string body;
};

class tiny_http_server {
public:
    using answer_fn = std::function<canned_response(const std::string& target)>;

    explicit tiny_http_server(answer_fn answer);
    ~tiny_http_server();
    tiny_http_server(const tiny_http_server&) = delete;
    tiny_http_server& operator=(const tiny_http_server&) = delete;

    [[nodiscard]] unsigned short port() const;
    [[nodiscard]] std::string url() const;

    /// The targets requested so far, in order.
    [[nodiscard]] std::vector<std::string> targets() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace sw::test
