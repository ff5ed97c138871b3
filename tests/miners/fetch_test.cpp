// async_http_get and async_cgminer_command against the in-process fake miner.

#include "miners/fetch.hpp"

#include <catch2/catch.hpp>

#include "client_loop.hpp"
#include "fake_endpoint.hpp"

using namespace sw::miners;
using namespace sw::miners::test;
using namespace std::chrono_literals;

namespace {

using http_result = tl::expected<http_reply, std::string>;
using cgminer_result = tl::expected<std::string, std::string>;

fake_endpoint http_fake(fake_action action) {
    return fake_endpoint(fake_endpoint::protocol::http,
                         [action](const fake_request&) { return action; });
}

http_result get(client_loop& loop,
                std::uint16_t port,
                std::chrono::milliseconds timeout = 2s,
                std::size_t max_bytes = default_max_reply_bytes) {
    completion<http_result> done;
    async_http_get(
        loop.io(), "127.0.0.1", port, "/api/system/info", timeout, max_bytes, done.callback());
    REQUIRE(done.wait());
    return done.value();
}

cgminer_result command(client_loop& loop,
                       std::uint16_t port,
                       std::chrono::milliseconds timeout = 2s,
                       std::size_t max_bytes = default_max_reply_bytes) {
    completion<cgminer_result> done;
    async_cgminer_command(
        loop.io(), "127.0.0.1", port, "summary", timeout, max_bytes, done.callback());
    REQUIRE(done.wait());
    return done.value();
}

} // namespace

TEST_CASE("an HTTP GET sends Host User-Agent and Connection close but no Origin header") {
    auto fake = http_fake({http_response(200, "OK", "{}"), false, false});
    client_loop loop;
    const auto reply = get(loop, fake.port());
    REQUIRE(reply);
    CHECK(reply->status == 200);
    CHECK(reply->body == "{}");
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 1);
    const auto& headers = requests[0].headers;
    CHECK(requests[0].raw.rfind("GET /api/system/info HTTP/1.1\r\n", 0) == 0);
    CHECK(headers.at("host") == "127.0.0.1:" + std::to_string(fake.port()));
    CHECK(headers.at("user-agent") == "solowatch");
    CHECK(headers.at("connection") == "close");
    CHECK(headers.count("origin") == 0);
}

TEST_CASE("an HTTP error status is a complete reply that the caller words as HTTP code reason") {
    auto fake = http_fake({http_response(401, "Unauthorized", "no"), false, false});
    client_loop loop;
    const auto reply = get(loop, fake.port());
    REQUIRE(reply);
    CHECK(reply->status == 401);
    CHECK(http_status_text(*reply) == "HTTP 401 Unauthorized");
}

TEST_CASE("an HTTP reply without a reason phrase gets the standard one") {
    auto fake = http_fake({"HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", false, false});
    client_loop loop;
    const auto reply = get(loop, fake.port());
    REQUIRE(reply);
    CHECK(http_status_text(*reply) == "HTTP 404 Not Found");
}

TEST_CASE("an HTTP body delimited by the end of the connection is read whole") {
    auto fake = http_fake({"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{\"a\":1}", false, false});
    client_loop loop;
    const auto reply = get(loop, fake.port());
    REQUIRE(reply);
    CHECK(reply->body == "{\"a\":1}");
}

TEST_CASE("a GET to a port where nothing listens fails with connection refused") {
    client_loop loop;
    const auto reply = get(loop, fake_endpoint::refused_port());
    REQUIRE_FALSE(reply);
    CHECK(reply.error() == "connection refused");
}

TEST_CASE("a GET to a miner that never answers fails with a read timeout at the deadline") {
    auto fake = http_fake({"", true, false});
    client_loop loop;
    const auto start = std::chrono::steady_clock::now();
    completion<http_result> done;
    async_http_get(loop.io(), "127.0.0.1", fake.port(), "/", 200ms, 1024, done.callback());
    REQUIRE(done.wait(5s));
    const auto elapsed = done.at() - start;
    REQUIRE_FALSE(done.value());
    CHECK(done.value().error() == "timeout after 200 ms (read)");
    CHECK(elapsed >= 190ms);
    CHECK(elapsed < 2s); // generous: the point is that it ends near the deadline
    CHECK(done.calls() == 1);
}

TEST_CASE("the deadline covers the whole exchange not each read") {
    // Headers arrive at once, then the body never completes: a per-read timer would be reset
    // by the headers; the single deadline still ends the request.
    auto fake = http_fake({"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"a\"", false, true});
    client_loop loop;
    const auto reply = get(loop, fake.port(), 200ms);
    REQUIRE_FALSE(reply);
    CHECK(reply.error() == "timeout after 200 ms (read)");
}

TEST_CASE("an HTTP body larger than the limit fails with reply larger than") {
    const std::string body(5000, 'x');
    SECTION("announced by Content-Length") {
        auto fake = http_fake({http_response(200, "OK", body), false, false});
        client_loop loop;
        const auto reply = get(loop, fake.port(), 2s, 4096);
        REQUIRE_FALSE(reply);
        CHECK(reply.error() == "reply larger than 4096 bytes");
    }
    SECTION("delimited by the end of the connection") {
        auto fake = http_fake({"HTTP/1.1 200 OK\r\n\r\n" + body, false, false});
        client_loop loop;
        const auto reply = get(loop, fake.port(), 2s, 4096);
        REQUIRE_FALSE(reply);
        CHECK(reply.error() == "reply larger than 4096 bytes");
    }
}

TEST_CASE("an HTTP reply cut off mid-body fails with connection closed before a complete reply") {
    auto fake = http_fake({"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"a\":", false, false});
    client_loop loop;
    const auto reply = get(loop, fake.port());
    REQUIRE_FALSE(reply);
    CHECK(reply.error() == "connection closed before a complete reply");
}

TEST_CASE("a connection closed without any reply is reported as such") {
    auto fake = http_fake({"", false, false});
    client_loop loop;
    const auto reply = get(loop, fake.port());
    REQUIRE_FALSE(reply);
    CHECK(reply.error() == "connection closed before a complete reply");
}

TEST_CASE("bytes that are not HTTP fail with not an HTTP reply") {
    auto fake = http_fake({"{\"STATUS\":\"E\"}\n\n", false, false});
    client_loop loop;
    const auto reply = get(loop, fake.port());
    REQUIRE_FALSE(reply);
    CHECK(reply.error().rfind("not an HTTP reply: ", 0) == 0);
}

TEST_CASE("a cgminer command sends the JSON request and returns every byte up to the close") {
    const std::string wire = std::string("{\"STATUS\":[{\"STATUS\":\"S\"}],\"id\":1}") + '\0';
    fake_endpoint fake(fake_endpoint::protocol::cgminer, [&](const fake_request&) {
        return fake_action{wire, false, false};
    });
    client_loop loop;
    const auto reply = command(loop, fake.port());
    REQUIRE(reply);
    CHECK(*reply == wire); // the NUL is the parser's to strip
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].raw == R"({"command":"summary","parameter":""})");
}

TEST_CASE("a cgminer reply larger than the limit fails with reply larger than") {
    fake_endpoint fake(fake_endpoint::protocol::cgminer, [](const fake_request&) {
        return fake_action{std::string(100000, 'x'), false, false};
    });
    client_loop loop;
    const auto reply = command(loop, fake.port(), 2s, 50000);
    REQUIRE_FALSE(reply);
    CHECK(reply.error() == "reply larger than 50000 bytes");
}

TEST_CASE("a cgminer miner that answers but never closes times out in read") {
    fake_endpoint fake(fake_endpoint::protocol::cgminer, [](const fake_request&) {
        return fake_action{"{\"STATUS\"", false, true};
    });
    client_loop loop;
    const auto reply = command(loop, fake.port(), 200ms);
    REQUIRE_FALSE(reply);
    CHECK(reply.error() == "timeout after 200 ms (read)");
}

TEST_CASE("a cgminer command to a closed port fails with connection refused") {
    client_loop loop;
    const auto reply = command(loop, fake_endpoint::refused_port());
    REQUIRE_FALSE(reply);
    CHECK(reply.error() == "connection refused");
}
