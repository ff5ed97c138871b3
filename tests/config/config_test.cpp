#include "config/config.hpp"

#include <catch2/catch.hpp>

#include "config/helpers.hpp"

using namespace std::chrono_literals;
using sw::config::config;
using sw::config::test::accepted;

TEST_CASE("an empty file yields every default") {
    const config cfg = accepted("");
    config defaults;
    defaults.source_path = "test.toml";
    CHECK(cfg == defaults);
    CHECK(cfg.server.listen_host == "0.0.0.0");
    CHECK(cfg.server.listen_port == 8080);
    CHECK(cfg.websocket.heartbeat_interval == 30s);
    CHECK(cfg.log.level == "info");
}

TEST_CASE("a file with only comments and empty tables yields every default") {
    const config cfg = accepted("# nothing\n[server]\n[websocket]\n[system]\n[actors]\n[log]\n"
                                "[metrics]\n[network]\n[alerts]\n[alerts.offline]\n");
    CHECK(cfg.server == sw::config::server_config{});
    CHECK(cfg.websocket == sw::config::websocket_config{});
    CHECK(cfg.alerts == sw::config::alerts_config{});
}

TEST_CASE("parse_config records the source name and load_config_file the path") {
    CHECK(accepted("").source_path == "test.toml");
    const auto path = std::string(SOLOWATCH_SOURCE_DIR) + "/config/demo.toml";
    const auto cfg = sw::config::load_config_file(path);
    REQUIRE(cfg);
    CHECK(cfg->source_path == path);
}

TEST_CASE("every key is read into its field") {
    const config cfg = accepted(R"(
[server]
listen = "127.0.0.1:9000"
max_connections = 500
max_message_bytes = 4096
allowed_origins = ["http://localhost:8080", "https://dash.example.com"]
io_threads = 4
handshake_timeout = "3s"
max_request_bytes = 8192
shutdown_timeout = "0s"

[websocket]
heartbeat_interval = "15s"
stale_factor = 3
inactive_factor = 4.5
send_timeout = "750ms"
max_queue_bytes = 2048
max_queue_messages = 64
rate_limit_per_second = 12.5
rate_limit_burst = 25

[system]
publish_interval = "1.5s"

[actors]
scheduler_threads = 8

[log]
level = "debug"
format = "json"
)");
    CHECK(cfg.server.listen == "127.0.0.1:9000");
    CHECK(cfg.server.listen_host == "127.0.0.1");
    CHECK(cfg.server.listen_port == 9000);
    CHECK(cfg.server.max_connections == 500);
    CHECK(cfg.server.max_message_bytes == 4096);
    CHECK(cfg.server.allowed_origins
          == std::vector<std::string>{"http://localhost:8080", "https://dash.example.com"});
    CHECK(cfg.server.io_threads == 4);
    CHECK(cfg.server.handshake_timeout == 3s);
    CHECK(cfg.server.max_request_bytes == 8192);
    CHECK(cfg.server.shutdown_timeout == 0ms);
    CHECK(cfg.websocket.heartbeat_interval == 15s);
    CHECK(cfg.websocket.stale_factor == 3.0);
    CHECK(cfg.websocket.inactive_factor == 4.5);
    CHECK(cfg.websocket.send_timeout == 750ms);
    CHECK(cfg.websocket.max_queue_bytes == 2048);
    CHECK(cfg.websocket.max_queue_messages == 64);
    CHECK(cfg.websocket.rate_limit_per_second == 12.5);
    CHECK(cfg.websocket.rate_limit_burst == 25.0);
    CHECK(cfg.system.publish_interval == 1500ms);
    CHECK(cfg.actors.scheduler_threads == 8);
    CHECK(cfg.log.level == "debug");
    CHECK(cfg.log.format == "json");
}

TEST_CASE("keys given as dotted keys or inline tables are read like table keys") {
    const config cfg = accepted("websocket.heartbeat_interval = \"10s\"\n"
                                "log = { level = \"warn\" }\n");
    CHECK(cfg.websocket.heartbeat_interval == 10s);
    CHECK(cfg.log.level == "warn");
}

TEST_CASE("the range limits themselves are accepted") {
    const config low = accepted(R"(
server.max_connections = 1
server.max_message_bytes = 64
server.io_threads = 1
server.handshake_timeout = "100ms"
server.max_request_bytes = 1024
websocket.heartbeat_interval = "100ms"
websocket.stale_factor = 1.5
websocket.inactive_factor = 1
websocket.send_timeout = "10ms"
websocket.max_queue_bytes = 1024
websocket.max_queue_messages = 1
websocket.rate_limit_per_second = 0.001
websocket.rate_limit_burst = 1
system.publish_interval = "10ms"
actors.scheduler_threads = 1
)");
    CHECK(low.websocket.stale_factor == 1.5);
    const config high = accepted(R"(
server.listen = "0.0.0.0:65535"
server.max_connections = 1000000
server.max_message_bytes = 16777216
server.io_threads = 64
server.max_request_bytes = 1048576
websocket.stale_factor = 100
websocket.inactive_factor = 1000
websocket.max_queue_bytes = 1073741824
websocket.max_queue_messages = 1000000
websocket.rate_limit_per_second = 1000000
actors.scheduler_threads = 64
)");
    CHECK(high.server.listen_port == 65535);
    CHECK(high.websocket.max_queue_bytes == 1073741824);
}

TEST_CASE("an inactive_factor at or above stale_factor is accepted") {
    const config cfg = accepted("[websocket]\nstale_factor = 2\ninactive_factor = 5\n");
    CHECK(cfg.websocket.inactive_factor == 5.0);
}

TEST_CASE("every log level and format is accepted") {
    for (const char* level : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
        CHECK(accepted(std::string("log.level = \"") + level + "\"").log.level == level);
    }
    CHECK(accepted("log.format = \"text\"").log.format == "text");
}

TEST_CASE("to_toml of the defaults reads back as the defaults") {
    const config defaults;
    const auto again = sw::config::parse_config(sw::config::to_toml(defaults), "");
    REQUIRE(again);
    CHECK(*again == defaults);
}

TEST_CASE("to_toml of a config with every key changed reads back equal") {
    config cfg;
    cfg.source_path = "round.toml";
    cfg.server.listen = "[::1]:0";
    cfg.server.listen_host = "::1";
    cfg.server.listen_port = 0;
    cfg.server.max_connections = 7;
    cfg.server.max_message_bytes = 100;
    cfg.server.allowed_origins = {"https://a.example:8443", "http://[::1]:3000"};
    cfg.server.io_threads = 3;
    cfg.server.handshake_timeout = 1500ms;
    cfg.server.max_request_bytes = 2000;
    cfg.server.shutdown_timeout = 2500ms;
    cfg.websocket.heartbeat_interval = 90min;
    cfg.websocket.stale_factor = 1.75;
    cfg.websocket.inactive_factor = 0.1 + 1.2; // not exactly representable
    cfg.websocket.send_timeout = 123ms;
    cfg.websocket.max_queue_bytes = 5000;
    cfg.websocket.max_queue_messages = 9;
    cfg.websocket.rate_limit_per_second = 1.0 / 3.0;
    cfg.websocket.rate_limit_burst = 1e12;
    cfg.system.publish_interval = 2h;
    cfg.actors.scheduler_threads = 5;
    cfg.log.level = "critical";
    cfg.log.format = "json";

    const std::string text = sw::config::to_toml(cfg);
    INFO(text);
    const auto again = sw::config::parse_config(text, "round.toml");
    REQUIRE(again);
    CHECK(*again == cfg);
    CHECK(text.find("heartbeat_interval = \"90m\"") != std::string::npos);
    CHECK(text.find("publish_interval = \"2h\"") != std::string::npos);
    CHECK(text.find("stale_factor = 1.75") != std::string::npos);
}

TEST_CASE("to_toml writes whole-number factors as TOML floats") {
    const std::string text = sw::config::to_toml(config{});
    CHECK(text.find("inactive_factor = 10.0\n") != std::string::npos);
    CHECK(text.find("allowed_origins = []\n") != std::string::npos);
}

TEST_CASE("to_toml escapes strings so odd values still read back") {
    config cfg;
    cfg.source_path = "odd\nname\".toml";
    cfg.log.level = "in\"fo\\";
    cfg.log.format = "te\x01xt";
    const auto again = sw::config::parse_config(sw::config::to_toml(cfg), "x");
    // Both values are refused, but only they are: the comment with the path stayed a comment.
    REQUIRE_FALSE(again);
    REQUIRE(again.error().size() == 2);
    CHECK(again.error()[0].key == "log.level");
    CHECK_THAT(again.error()[0].message, Catch::Contains(R"("in\"fo\\")"));
    CHECK(again.error()[1].key == "log.format");
    CHECK_THAT(again.error()[1].message, Catch::Contains(R"("te\u0001xt")"));
}

TEST_CASE("the reference file parses to exactly the defaults") {
    const auto path = std::string(SOLOWATCH_SOURCE_DIR) + "/config/solowatch.toml";
    const auto cfg = sw::config::load_config_file(path);
    if (!cfg) {
        for (const auto& e : cfg.error()) {
            UNSCOPED_INFO(e.to_string());
        }
    }
    REQUIRE(cfg);
    config defaults;
    defaults.source_path = path;
    CHECK(*cfg == defaults);
}

TEST_CASE("the reference file documents every key that to_toml writes") {
    const std::string reference = sw::config::test::read_text_file(std::string(SOLOWATCH_SOURCE_DIR)
                                                                   + "/config/solowatch.toml");
    REQUIRE_FALSE(reference.empty());
    const std::string effective = sw::config::to_toml(config{});
    std::size_t keys = 0;
    std::size_t start = 0;
    while (start < effective.size()) {
        const auto end = effective.find('\n', start);
        const std::string line = effective.substr(start, end - start);
        start = end + 1;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        // Tables and "key = default" lines appear verbatim in the reference file.
        INFO(line);
        CHECK(reference.find("\n" + line + "\n") != std::string::npos);
        ++keys;
    }
    CHECK(keys == 106); // 20 tables (10 of them alert rules) + 86 keys
}

TEST_CASE("the demo file parses with its documented values") {
    const auto cfg =
        sw::config::load_config_file(std::string(SOLOWATCH_SOURCE_DIR) + "/config/demo.toml");
    REQUIRE(cfg);
    CHECK(cfg->server.listen == "0.0.0.0:8080");
    CHECK(cfg->server.listen_port == 8080);
    CHECK(cfg->system.publish_interval == 2s);
    CHECK(cfg->websocket.heartbeat_interval == 30s);
    CHECK(cfg->log.level == "info");
}

TEST_CASE("config_error::to_string leaves out the parts that are not set") {
    using sw::config::config_error;
    CHECK(config_error{"a.toml", 7, 21, "websocket.heartbeat_interval", "bad"}.to_string()
          == "a.toml:7:21: websocket.heartbeat_interval: bad");
    CHECK(config_error{"a.toml", 7, 0, "", "bad"}.to_string() == "a.toml:7: bad");
    CHECK(config_error{"a.toml", 0, 0, "", "missing"}.to_string() == "a.toml: missing");
    CHECK(config_error{"", 3, 4, "k", "m"}.to_string() == "3:4: k: m");
    CHECK(config_error{"", 0, 0, "", "m"}.to_string() == "m");
}
