// Refusals: each names the file, line, column and key, and says what was expected.

#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "config/helpers.hpp"

using Catch::Contains;
using Catch::Equals;
using sw::config::test::refused;
using sw::config::test::refused_once;

TEST_CASE("a string where a duration belongs is refused with file line column and key") {
    const auto e = refused_once("# demo\n"
                                "[server]\n"
                                "listen = \"0.0.0.0:8080\"\n"
                                "\n"
                                "[websocket]\n"
                                "# the heartbeat\n"
                                "heartbeat_interval = \"5\"\n");
    CHECK(e.file == "test.toml");
    CHECK(e.line == 7);
    CHECK(e.column == 22);
    CHECK(e.key == "websocket.heartbeat_interval");
    CHECK(e.to_string()
          == R"(test.toml:7:22: websocket.heartbeat_interval: "5" is not a duration: )"
             R"(expected a duration string such as "30s" or "250ms")");
}

TEST_CASE("a number where a duration belongs is refused") {
    const auto e = refused_once("[system]\npublish_interval = 5\n");
    CHECK(e.line == 2);
    CHECK(e.key == "system.publish_interval");
    CHECK_THAT(e.message, Contains("5 is not a duration") && Contains("\"30s\""));
}

TEST_CASE("a duration below the minimum is refused with the minimum") {
    const auto e = refused_once("[websocket]\n\nheartbeat_interval = \"50ms\"\n");
    CHECK(e.line == 3);
    CHECK(e.key == "websocket.heartbeat_interval");
    CHECK_THAT(e.message, Equals(R"("50ms" is too short: expected at least 100ms)"));
    CHECK_THAT(refused_once("system.publish_interval = \"9ms\"").message,
               Contains("at least 10ms"));
}

TEST_CASE("a duration above the maximum is refused with the maximum") {
    const auto e = refused_once("[websocket]\nbatch_retry_interval = \"2s\"\n");
    CHECK(e.line == 2);
    CHECK(e.key == "websocket.batch_retry_interval");
    CHECK_THAT(e.message, Equals(R"("2s" is too long: expected at most 1s)"));
    CHECK_THAT(refused_once("websocket.batch_retry_interval = \"0ms\"").message,
               Contains("at least 1ms"));
    CHECK_THAT(refused_once("websocket.max_batches_in_flight = 0").message,
               Equals("0 is out of range: expected an integer from 1 to 1024"));
}

TEST_CASE("a float or a string where an integer belongs is refused as not an integer") {
    const auto e = refused_once("[server]\nmax_connections = 10.5\n");
    CHECK(e.line == 2);
    CHECK(e.column == 19);
    CHECK(e.key == "server.max_connections");
    CHECK_THAT(e.message, Equals("10.5 is not an integer: expected an integer from 1 to 1000000"));
    CHECK_THAT(refused_once("actors.scheduler_threads = \"4\"").message,
               Equals(R"("4" is not an integer: expected an integer from 1 to 64)"));
    CHECK_THAT(refused_once("actors.scheduler_threads = 4.0").message,
               Contains("expected an integer"));
}

TEST_CASE("an integer out of range is refused with the range") {
    const auto e = refused_once("[server]\nio_threads = 65\n");
    CHECK(e.line == 2);
    CHECK(e.key == "server.io_threads");
    CHECK_THAT(e.message, Equals("65 is out of range: expected an integer from 1 to 64"));
    CHECK_THAT(refused_once("server.max_message_bytes = 63").message,
               Contains("from 64 to 16777216"));
    CHECK_THAT(refused_once("websocket.max_queue_messages = 0").message, Contains("out of range"));
}

TEST_CASE("negative numbers are refused") {
    CHECK_THAT(refused_once("server.max_connections = -1").message,
               Equals("-1 is out of range: expected an integer from 1 to 1000000"));
    CHECK_THAT(refused_once("websocket.rate_limit_per_second = -5.0").message,
               Contains("out of range"));
    CHECK_THAT(refused_once("websocket.send_timeout = \"-1s\"").message,
               Contains("cannot be negative"));
}

TEST_CASE("a factor out of range is refused with the range") {
    const auto e = refused_once("[websocket]\nstale_factor = 1.4\n");
    CHECK(e.line == 2);
    CHECK(e.key == "websocket.stale_factor");
    CHECK_THAT(e.message, Equals("1.4 is out of range: expected a number from 1.5 to 100"));
    CHECK_THAT(refused_once("websocket.inactive_factor = 1001").message,
               Contains("from 1 to 1000"));
    CHECK_THAT(refused_once("websocket.stale_factor = \"2\"").message,
               Equals(R"("2" is not a number: expected a number from 1.5 to 100)"));
}

TEST_CASE("a rate of zero and a burst below one are refused") {
    CHECK_THAT(refused_once("websocket.rate_limit_per_second = 0").message,
               Equals("0 is out of range: expected a number above 0 and at most 1000000"));
    CHECK_THAT(refused_once("websocket.rate_limit_burst = 0.5").message,
               Equals("0.5 is out of range: expected a number of at least 1"));
}

TEST_CASE("nan and inf are refused where numbers belong") {
    CHECK_THAT(refused_once("websocket.stale_factor = nan").message, Contains("out of range"));
    CHECK_THAT(refused_once("websocket.rate_limit_burst = inf").message, Contains("out of range"));
}

TEST_CASE("an unknown log level is refused with the choices and a suggestion") {
    const auto e = refused_once("[log]\nlevel = \"inof\"\n");
    CHECK(e.line == 2);
    CHECK(e.key == "log.level");
    CHECK_THAT(e.message,
               Equals(R"("inof" is not a log level: expected one of )"
                      R"(trace|debug|info|warn|error|critical|off (did you mean 'info'?))"));
    CHECK_THAT(refused_once("log.format = \"xml\"").message,
               Equals(R"("xml" is not a log format: expected one of text|json)"));
    CHECK_THAT(refused_once("log.level = 3").message, Contains("3 is not a log level"));
    CHECK_THAT(refused_once("log.level = \"warning\"").message, Contains("did you mean 'warn'?"));
}

TEST_CASE("bad trace settings are refused with what was expected") {
    const auto e = refused_once("[actors]\ntrace = \"verbose\"\n");
    CHECK(e.key == "actors.trace");
    CHECK_THAT(e.message,
               Equals(R"("verbose" is not a trace mode: expected one of off|on|sampled)"));
    CHECK_THAT(refused_once("actors.trace_sample = 0").message, Contains("from 1 to 1000000"));
    CHECK_THAT(refused_once("actors.trace_ring = 10").message, Contains("from 1000 to 10000000"));
    CHECK_THAT(refused_once("actors.trace_max_bytes = 100").message, Contains("65536"));
    CHECK_THAT(refused_once("actors.trace_file = 5").message, Contains("expected a path"));
    CHECK_THAT(refused_once("server.web_root = true").message, Contains("expected a path"));
}

TEST_CASE("bad history settings are refused with what was expected") {
    const auto e = refused_once("[history]\nsample_interval = \"500ms\"\n");
    CHECK(e.key == "history.sample_interval");
    CHECK_THAT(e.message, Contains("at least"));
    CHECK_THAT(refused_once("history.raw_retention = \"5m\"").message, Contains("at least"));
    CHECK_THAT(refused_once("history.hourly_retention = \"2y\"").message, Contains("unknown unit"));
    CHECK_THAT(refused_once("history.max_points = 5").message, Contains("from 10 to 100000"));
    CHECK_THAT(refused_once("history.max_pending_rows = 99").message, Contains("from 100"));
    CHECK_THAT(refused_once("history.path = 1").message, Contains("expected a path"));
    CHECK(refused_once("history.retention = \"1h\"").key == "history.retention"); // unknown key
}

TEST_CASE("relative paths are taken from the config file's folder") {
    sw::config::config cfg;
    CHECK(sw::config::resolve_path(cfg, "t.jsonl") == "t.jsonl");
    cfg.source_path = "/etc/solowatch/solowatch.toml";
    CHECK(sw::config::resolve_path(cfg, "t.jsonl") == "/etc/solowatch/t.jsonl");
    CHECK(sw::config::resolve_path(cfg, "/var/t.jsonl") == "/var/t.jsonl");
    CHECK(sw::config::resolve_path(cfg, "").empty());
}

TEST_CASE("a misspelt key is refused with the closest known key") {
    const auto e = refused_once("[websocket]\nheartbeat_intervall = \"30s\"\n");
    CHECK(e.line == 2);
    CHECK(e.column == 1);
    CHECK(e.key == "websocket.heartbeat_intervall");
    CHECK(e.message == "unknown key 'heartbeat_intervall' (did you mean 'heartbeat_interval'?)");
    CHECK_THAT(refused_once("server.max_conections = 1").message,
               Contains("did you mean 'max_connections'?"));
    CHECK_THAT(refused_once("log.Level = \"info\"").message, Contains("did you mean 'level'?"));
    CHECK_THAT(refused_once("websocket.send_timeout_ms = 5").message,
               Contains("did you mean 'send_timeout'?"));
}

TEST_CASE("an unknown key far from every known key is refused without a suggestion") {
    const auto e = refused_once("[server]\nfavourite_colour = \"blue\"\n");
    CHECK(e.key == "server.favourite_colour");
    CHECK(e.message == "unknown key 'favourite_colour'");
}

TEST_CASE("a key in the wrong table is refused naming the right table") {
    const auto e = refused_once("[server]\nheartbeat_interval = \"30s\"\n");
    CHECK(e.line == 2);
    CHECK(e.message == "unknown key 'heartbeat_interval' (it belongs in [websocket])");
    CHECK(refused_once("listen = \"0.0.0.0:80\"").message
          == "unknown key 'listen' (it belongs in [server])");
}

TEST_CASE("an unknown table is refused with its line and a suggestion or the known tables") {
    const auto e = refused_once("[server]\n\n[websockets]\nheartbeat_interval = \"30s\"\n");
    CHECK(e.line == 3);
    CHECK(e.key == "websockets");
    CHECK(e.message == "unknown table 'websockets' (did you mean 'websocket'?)");
    const auto far = refused_once("[database]\nhashrate_drop = 0.5\n");
    CHECK(far.line == 1);
    CHECK(far.message
          == "unknown table 'database' (known tables: [server] [websocket] [system] [actors] "
             "[fleet] [metrics] [network] [history] [log] [alerts] [[miners]] [[notify]])");
    CHECK(refused_once("[alert]\ncooldown = \"1m\"\n").message
          == "unknown table 'alert' (did you mean 'alerts'?)");
    CHECK_THAT(refused_once("[[notifications]]\nkind = \"ntfy\"\n").message,
               Contains("known tables:"));
    const auto nested = refused_once("[server]\n[server.tls]\ncert = \"x\"\n");
    CHECK(nested.line == 2);
    CHECK(nested.key == "server.tls");
    CHECK(nested.message == "unknown table 'tls'");
}

TEST_CASE("a known table given as a plain value is refused") {
    const auto e = refused_once("server = 5\n");
    CHECK(e.key == "server");
    CHECK(e.message == "5 is not a table: expected a [server] table");
}

TEST_CASE("every problem in a file is reported in file order") {
    const auto errors = refused("[server]\n"                      // 1
                                "io_threads = 0\n"                // 2
                                "listen = \"nowhere\"\n"          // 3
                                "\n"                              // 4
                                "[websocket]\n"                   // 5
                                "stale_factor = \"high\"\n"       // 6
                                "heartbeat_intervall = \"30s\"\n" // 7
                                "send_timeout = \"5 s\"\n"        // 8
                                "\n"                              // 9
                                "[log]\n"                         // 10
                                "level = \"loud\"\n"              // 11
                                "[extra]\n");                     // 12
    REQUIRE(errors.size() == 7);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].key == "server.io_threads");
    CHECK(errors[1].line == 3);
    CHECK(errors[1].key == "server.listen");
    CHECK(errors[2].line == 6);
    CHECK(errors[2].key == "websocket.stale_factor");
    CHECK(errors[3].line == 7);
    CHECK(errors[3].key == "websocket.heartbeat_intervall");
    CHECK(errors[4].line == 8);
    CHECK(errors[4].key == "websocket.send_timeout");
    CHECK_THAT(errors[4].message, Contains("unknown unit \" s\""));
    CHECK(errors[5].line == 11);
    CHECK(errors[5].key == "log.level");
    CHECK(errors[6].line == 12);
    CHECK(errors[6].key == "extra");
    for (const auto& e : errors) {
        CHECK(e.file == "test.toml");
    }
}

TEST_CASE("a TOML syntax error is one refusal with its line") {
    const auto e = refused_once("[server]\nio_threads = 2\nlisten = = \"x\"\n[log]\n");
    CHECK(e.file == "test.toml");
    CHECK(e.line == 3);
    CHECK(e.column > 0);
    CHECK(e.key.empty());
    CHECK_THAT(e.message, Contains("invalid TOML"));
}

TEST_CASE("a key defined twice is a syntax error on the second definition") {
    const auto e = refused_once("[log]\nlevel = \"info\"\nlevel = \"debug\"\n");
    CHECK(e.line == 3);
}

TEST_CASE("text that is not UTF-8 is refused not thrown") {
    const auto e = refused_once("log.level = \"\xff\xfe\"\n");
    CHECK(e.line == 1);
    CHECK_THAT(e.message, Contains("invalid TOML"));
}

TEST_CASE("a missing file is refused naming the file and the reason") {
    const auto result = sw::config::load_config_file("/nonexistent/solowatch.toml");
    REQUIRE_FALSE(result);
    REQUIRE(result.error().size() == 1);
    const auto& e = result.error()[0];
    CHECK(e.file == "/nonexistent/solowatch.toml");
    CHECK(e.line == 0);
    CHECK(e.to_string()
          == "/nonexistent/solowatch.toml: cannot open the config file: No such file or directory");
}

TEST_CASE("a directory given as the config file is refused with the reason") {
    const auto result = sw::config::load_config_file(SOLOWATCH_SOURCE_DIR);
    REQUIRE_FALSE(result);
    REQUIRE(result.error().size() == 1);
    CHECK_THAT(result.error()[0].message, Contains("Is a directory"));
}

TEST_CASE("errors from a loaded file carry the file path") {
    const auto path = std::string(SOLOWATCH_SOURCE_DIR) + "/config/config.hpp";
    const auto result = sw::config::load_config_file(path);
    REQUIRE_FALSE(result);
    CHECK(result.error()[0].file == path);
}

TEST_CASE("very long values are cut short in messages") {
    const std::string value(500, 'x');
    const auto e = refused_once("log.level = \"" + value + "\"");
    CHECK(e.message.size() < 200);
    CHECK_THAT(e.message, Contains(R"(xxx"...)"));
}
