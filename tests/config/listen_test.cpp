// [server] listen and allowed_origins: address-shaped strings.

#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "config/helpers.hpp"

using Catch::Contains;
using sw::config::test::accepted;
using sw::config::test::refused;
using sw::config::test::refused_once;

namespace {

std::string listen(const std::string& value) {
    return "[server]\nlisten = \"" + value + "\"\n";
}

std::string origins(const std::string& list) {
    return "[server]\nallowed_origins = " + list + "\n";
}

} // namespace

TEST_CASE("listen addresses are split into host and port") {
    const auto [text, host, port] = GENERATE(table<const char*, const char*, int>({
        {"0.0.0.0:8080", "0.0.0.0", 8080},
        {"127.0.0.1:0", "127.0.0.1", 0},
        {"localhost:65535", "localhost", 65535},
        {"miner-dash.lan:80", "miner-dash.lan", 80},
        {"my_box:80", "my_box", 80},
        {"[::]:8080", "::", 8080},
        {"[::1]:9000", "::1", 9000},
        {"[fe80::1%eth0]:9000", "fe80::1%eth0", 9000},
        {"[::ffff:10.0.0.1]:1", "::ffff:10.0.0.1", 1},
    }));
    INFO(text);
    const auto cfg = accepted(listen(text));
    CHECK(cfg.server.listen == text);
    CHECK(cfg.server.listen_host == host);
    CHECK(cfg.server.listen_port == port);
}

TEST_CASE("malformed listen addresses are refused at their line") {
    const std::string text = GENERATE(as<std::string>{},
                                      "",
                                      "8080",
                                      "0.0.0.0",
                                      "0.0.0.0:",
                                      ":8080",
                                      "0.0.0.0:65536",
                                      "0.0.0.0:-1",
                                      "0.0.0.0:80x",
                                      "0.0.0.0:123456",
                                      "::1:8080",
                                      "[::1]8080",
                                      "[::1",
                                      "[nope]:80",
                                      "256.0.0.1:80",
                                      "1.2.3:80",
                                      "01.2.3.4:80",
                                      "-host:80",
                                      "a..b:80",
                                      "host name:80",
                                      "host/x:80");
    INFO(text);
    const auto e = refused_once(listen(text));
    CHECK(e.line == 2);
    CHECK(e.column == 10);
    CHECK(e.key == "server.listen");
    CHECK_THAT(e.message,
               Contains("is not a listen address") && Contains(R"(expected "host:port")"));
}

TEST_CASE("a refused listen address says what is wrong") {
    CHECK_THAT(refused_once(listen("::1:8080")).message, Contains("goes in brackets"));
    CHECK_THAT(refused_once(listen("0.0.0.0:70000")).message, Contains("from 0 to 65535"));
    CHECK_THAT(refused_once(listen("localhost")).message, Contains(R"(missing ":port")"));
    CHECK_THAT(refused_once("server.listen = 8080").message,
               Contains("8080 is not a listen address"));
}

TEST_CASE("a refused listen address leaves host and port consistent with the default") {
    // Only the refusal matters to callers, but no half-updated state should leak either way.
    const auto errors = refused(listen("nowhere"));
    CHECK(errors.size() == 1);
}

TEST_CASE("allowed origins accept http and https origins with optional ports") {
    const auto cfg = accepted(origins(R"(["http://localhost", "https://example.com:8443",
        "http://192.168.1.10:8080", "http://[::1]:3000"])"));
    CHECK(cfg.server.allowed_origins.size() == 4);
    CHECK(accepted(origins("[]")).server.allowed_origins.empty());
}

TEST_CASE("each bad origin is refused at its own position with its index") {
    const auto errors = refused("[server]\n"
                                "allowed_origins = [\n"
                                "  \"https://ok.example\",\n"   // 3
                                "  \"https://bad.example/\",\n" // 4
                                "  42,\n"                       // 5
                                "  \"ftp://files.example\",\n"  // 6
                                "]\n");
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].line == 4);
    CHECK(errors[0].column == 3);
    CHECK(errors[0].key == "server.allowed_origins[1]");
    CHECK_THAT(errors[0].message, Contains("no path, not even a trailing '/'"));
    CHECK(errors[1].line == 5);
    CHECK(errors[1].key == "server.allowed_origins[2]");
    CHECK_THAT(errors[1].message, Contains("42 is not an origin: expected a string"));
    CHECK(errors[2].line == 6);
    CHECK_THAT(errors[2].message, Contains("the scheme must be http or https"));
}

TEST_CASE("malformed origins are refused") {
    const std::string text = GENERATE(as<std::string>{},
                                      "example.com",
                                      "http://",
                                      "http://:80",
                                      "http://host:0",
                                      "http://host:99999",
                                      "http://host:x",
                                      "http://u@host",
                                      "https://host?q",
                                      "http://[::1",
                                      "http://host name",
                                      "ws://host",
                                      "*");
    INFO(text);
    const auto e = refused_once(origins("[\"" + text + "\"]"));
    CHECK(e.line == 2);
    CHECK(e.key == "server.allowed_origins[0]");
    CHECK_THAT(e.message, Contains("is not an origin"));
}

TEST_CASE("allowed origins that are not an array are refused") {
    const auto e = refused_once(origins("\"https://example.com\""));
    CHECK(e.line == 2);
    CHECK(e.key == "server.allowed_origins");
    CHECK_THAT(e.message, Contains("is not a list of origins"));
}
