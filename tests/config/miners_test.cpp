// [[miners]] and [fleet]: required keys, per-kind defaults, unique names, refusals by line.
#include <catch2/catch.hpp>

#include "config/config.hpp"

using sw::config::parse_config;
using namespace std::chrono_literals;

namespace {

std::string errors_of(std::string_view text) {
    auto r = parse_config(text, "m.toml");
    REQUIRE_FALSE(r);
    std::string all;
    for (const auto& e : r.error())
        all += e.to_string() + "\n";
    return all;
}

} // namespace

TEST_CASE("miners are read with per-kind default ports and documented defaults") {
    auto cfg = parse_config(R"(
[[miners]]
name = "gamma-1"
kind = "axeos"
host = "192.168.1.50"

[[miners]]
name = "nano"
kind = "cgminer"
host = "nano.lan"
poll_interval = "10s"
timeout = "500ms"
offline_after = 5
)",
                            "m.toml");
    REQUIRE(cfg);
    REQUIRE(cfg->miners.size() == 2);
    CHECK(cfg->miners[0].port == 80);
    CHECK(cfg->miners[0].poll_interval == 5s);
    CHECK(cfg->miners[0].timeout == 3s);
    CHECK(cfg->miners[0].offline_after == 3);
    CHECK(cfg->miners[1].port == 4028);
    CHECK(cfg->miners[1].poll_interval == 10s);
    CHECK(cfg->miners[1].timeout == 500ms);
    CHECK(cfg->miners[1].offline_after == 5);
}

TEST_CASE("a duplicate miner name is refused at its line naming the first use") {
    auto errors = errors_of(R"([[miners]]
name = "a"
kind = "axeos"
host = "h1"

[[miners]]
name = "a"
kind = "cgminer"
host = "h2"
)");
    CHECK(errors.find("m.toml:7:") != std::string::npos);
    CHECK(errors.find("miners[1].name") != std::string::npos);
    CHECK(errors.find("first used at line 2") != std::string::npos);
}

TEST_CASE("a miner without name kind or host is refused for each missing key") {
    auto errors = errors_of("[[miners]]\nport = 80\n");
    CHECK(errors.find("missing required key 'name'") != std::string::npos);
    CHECK(errors.find("missing required key 'kind'") != std::string::npos);
    CHECK(errors.find("missing required key 'host'") != std::string::npos);
}

TEST_CASE("a miner's unknown key bad kind and short interval are each refused") {
    auto errors = errors_of(R"([[miners]]
name = "a"
kind = "bitaxe"
host = "h"
pol_interval = "5s"
poll_interval = "50ms"
port = 70000
)");
    CHECK(errors.find("m.toml:3:") != std::string::npos);
    CHECK(errors.find("miners[0].kind") != std::string::npos);
    CHECK(errors.find("did you mean 'poll_interval'") != std::string::npos);
    CHECK(errors.find("m.toml:6:") != std::string::npos);
    CHECK(errors.find("miners[0].port") != std::string::npos);
}

TEST_CASE("miners as a plain table instead of [[miners]] is refused") {
    auto errors = errors_of("[miners]\nname = \"a\"\n");
    CHECK(errors.find("[[miners]]") != std::string::npos);
}

TEST_CASE("the effective config with miners reads back identical") {
    auto cfg = parse_config(R"(
[fleet]
publish_interval = "1s"

[[miners]]
name = "x"
kind = "cgminer"
host = "10.0.0.9"
port = 4029
)",
                            "m.toml");
    REQUIRE(cfg);
    auto again = parse_config(sw::config::to_toml(*cfg), "m.toml");
    REQUIRE(again);
    CHECK(*again == *cfg);
    CHECK(again->fleet.publish_interval == 1s);
    CHECK(again->miners.at(0).port == 4029);
}
