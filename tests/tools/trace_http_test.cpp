// Reading the ring over HTTP (`--url`) against a tiny Beast server on 127.0.0.1.
#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>

#include "tools/sample_trace.hpp"
#include "tools/tiny_http_server.hpp"
#include "tools/trace/http_source.hpp"
#include "tools/trace/summary.hpp"

using namespace sw::trace_tool;
using sw::test::canned_response;
using sw::test::tiny_http_server;

TEST_CASE("Server URLs are parsed and anything but plain http is refused") {
    auto u = parse_http_url("http://127.0.0.1:8080");
    REQUIRE(u);
    CHECK(u->host == "127.0.0.1");
    CHECK(u->port == "8080");
    CHECK(u->text == "http://127.0.0.1:8080");
    CHECK(parse_http_url("http://localhost/")->port == "80");
    CHECK(parse_http_url("http://[::1]:9000")->host == "::1");
    CHECK_THAT(parse_http_url("https://127.0.0.1:8080").error(), Catch::Contains("https"));
    CHECK_FALSE(parse_http_url("127.0.0.1:8080"));
    CHECK_FALSE(parse_http_url("http://127.0.0.1:8080/api/trace"));
    CHECK_FALSE(parse_http_url("http://127.0.0.1:99999"));
    CHECK_FALSE(parse_http_url("http://:8080"));
}

TEST_CASE("The ring read over HTTP is the same trace as the file") {
    const std::string body = sw::test::read_text(sw::test::trace_data("sample.jsonl"));
    tiny_http_server server([&](const std::string&) { return canned_response{200, body}; });
    auto url = parse_http_url(server.url());
    REQUIRE(url);
    auto t = read_trace_url(*url);
    REQUIRE(t);
    CHECK(t->records.size() == 47);
    CHECK(t->source == server.url() + "/api/trace");
    CHECK(summarize(*t).restarts.size() == 1);
    CHECK(server.targets() == std::vector<std::string>{"/api/trace"});
}

TEST_CASE("A server answering other than 200 is an error with the status") {
    tiny_http_server server([](const std::string&) {
        return canned_response{403, "localhost only"};
    });
    auto t = read_trace_url(*parse_http_url(server.url()));
    REQUIRE_FALSE(t);
    CHECK_THAT(t.error(), Catch::Contains("403") && Catch::Contains("localhost only"));
}

TEST_CASE("A body that is not a trace is refused like a foreign file") {
    tiny_http_server server([](const std::string&) {
        return canned_response{200, "<html>hello</html>\n"};
    });
    auto t = read_trace_url(*parse_http_url(server.url()));
    REQUIRE_FALSE(t);
    CHECK_THAT(t.error(), Catch::Contains("not a solowatch trace"));
}

TEST_CASE("An unreachable server is a clear error") {
    unsigned short port = 0;
    {
        // A port that was free a moment ago and has no listener now.
        boost::asio::io_context ioc;
        boost::asio::ip::tcp::acceptor probe(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
        port = probe.local_endpoint().port();
    }
    auto t = read_trace_url(*parse_http_url("http://127.0.0.1:" + std::to_string(port)));
    REQUIRE_FALSE(t);
    CHECK_THAT(t.error(), Catch::Contains("cannot reach"));
}
