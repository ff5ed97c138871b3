// [[notify]]: per-kind required and refused keys, default names, ranges by line, round trip.
#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "config/helpers.hpp"

using Catch::Contains;
using sw::config::config;
using sw::config::notify_config;
using sw::config::test::accepted;
using sw::config::test::refused;
using sw::config::test::refused_once;
using namespace std::chrono_literals;

TEST_CASE("notify channels get default names and the documented defaults") {
    const config cfg = accepted(R"(
[[notify]]
kind = "webhook"
url = "http://10.0.0.5:8000/hook"

[[notify]]
kind = "telegram"
bot_token = "123:abc"
chat_id = -1001234

[[notify]]
name = "phone"
kind = "ntfy"
url = "https://ntfy.sh/miners"
)");
    REQUIRE(cfg.notify.size() == 3);
    const notify_config& hook = cfg.notify[0];
    CHECK(hook.name == "webhook-0");
    CHECK(hook.kind == "webhook");
    CHECK(hook.url == "http://10.0.0.5:8000/hook");
    CHECK(hook.headers.empty());
    CHECK(hook.min_severity == "warning");
    CHECK(hook.rules.empty());
    CHECK(hook.timeout == 5s);
    CHECK(hook.retries == 3);
    CHECK(hook.retry_backoff == 2s);
    CHECK(hook.queue_size == 100);
    const notify_config& tg = cfg.notify[1];
    CHECK(tg.name == "telegram-1");
    CHECK(tg.api_base == "https://api.telegram.org");
    CHECK(tg.bot_token == "123:abc");
    CHECK(tg.chat_id == "-1001234"); // a number is kept as its text
    CHECK(tg.url.empty());
    CHECK(cfg.notify[2].name == "phone");
}

TEST_CASE("every notify key is read into its field") {
    const config cfg = accepted(R"(
[[notify]]
name = "hook"
kind = "webhook"
url = "https://user:pw@hooks.example.com:8443/a/b?x=1"
headers = { "Authorization" = "Bearer t0k", "X-Priority" = "5" }
min_severity = "critical"
rules = ["offline", "block_found"]
timeout = "1500ms"
retries = 0
retry_backoff = "10s"
queue_size = 10000

[[notify]]
kind = "telegram"
api_base = "http://127.0.0.1:9000"
bot_token = "t"
chat_id = "@miners"
)");
    const notify_config& n = cfg.notify.at(0);
    CHECK(n.url == "https://user:pw@hooks.example.com:8443/a/b?x=1");
    CHECK(n.headers
          == std::map<std::string, std::string>{{"Authorization", "Bearer t0k"},
                                                {"X-Priority", "5"}});
    CHECK(n.min_severity == "critical");
    CHECK(n.rules == std::vector<std::string>{"offline", "block_found"});
    CHECK(n.timeout == 1500ms);
    CHECK(n.retries == 0);
    CHECK(n.retry_backoff == 10s);
    CHECK(n.queue_size == 10000);
    CHECK(cfg.notify.at(1).api_base == "http://127.0.0.1:9000");
    CHECK(cfg.notify.at(1).chat_id == "@miners");
}

TEST_CASE("a channel without its required keys is refused for each one") {
    CHECK(refused_once("[[notify]]\nurl = \"http://h/\"\n").message
          == "missing required key 'kind'");
    const auto e = refused_once("\n[[notify]]\nkind = \"discord\"\n");
    CHECK(e.line == 2);
    CHECK(e.key == "notify[0]");
    CHECK(e.message == "missing required key 'url' for kind discord");
    const auto errors = refused("[[notify]]\nkind = \"telegram\"\n");
    REQUIRE(errors.size() == 2);
    CHECK_THAT(errors[0].message, Contains("'bot_token'"));
    CHECK_THAT(errors[1].message, Contains("'chat_id'"));
}

TEST_CASE("keys that do not apply to the kind are refused at their line") {
    const auto url = refused_once("[[notify]]\nkind = \"telegram\"\nbot_token = \"t\"\n"
                                  "chat_id = 1\nurl = \"https://x.example\"\n");
    CHECK(url.line == 5);
    CHECK(url.key == "notify[0].url");
    CHECK(url.message == "'url' does not apply to kind telegram");
    const auto headers =
        refused_once("[[notify]]\nkind = \"discord\"\nurl = \"https://d.example/w\"\n"
                     "headers = { A = \"b\" }\n");
    CHECK(headers.line == 4);
    CHECK(headers.key == "notify[0].headers");
    CHECK_THAT(refused_once("[[notify]]\nkind = \"ntfy\"\nurl = \"https://n.example/t\"\n"
                            "chat_id = 5\n")
                   .message,
               Contains("'chat_id' does not apply to kind ntfy"));
}

TEST_CASE("bad notify values are refused at their line with the reason") {
    struct bad {
        const char* line2;
        const char* key;
        const char* says;
    };

    const auto [line2, key, says] = GENERATE(values<bad>({
        {"kind = \"email\"", "notify[0].kind", "expected one of webhook|ntfy|discord|telegram"},
        {"url = \"ftp://h/x\"", "notify[0].url", "the scheme must be http or https"},
        {"url = \"https://\"", "notify[0].url", "missing host"},
        {"url = \"https://h/a b\"", "notify[0].url", "spaces"},
        {"url = \"h.example/x\"", "notify[0].url", "missing \"http://\""},
        {"url = \"http://h:0/\"", "notify[0].url", "from 1 to 65535"},
        {"min_severity = \"urgent\"", "notify[0].min_severity", "info|warning|critical"},
        {"rules = [\"ofline\"]", "notify[0].rules[0]", "did you mean 'offline'?"},
        {"rules = \"offline\"", "notify[0].rules", "is not a list of rules"},
        {"timeout = \"50ms\"", "notify[0].timeout", "at least 100ms"},
        {"retries = 21", "notify[0].retries", "from 0 to 20"},
        {"retry_backoff = \"0s\"", "notify[0].retry_backoff", "at least 100ms"},
        {"queue_size = 0", "notify[0].queue_size", "from 1 to 10000"},
        {"queue_size = 10001", "notify[0].queue_size", "from 1 to 10000"},
        {"headers = { \"Bad Name\" = \"x\" }", "notify[0].headers.Bad Name", "not a header name"},
        {"headers = { X = \"a\\r\\nInjected: 1\" }", "notify[0].headers.X", "control characters"},
        {"headers = { X = 1 }", "notify[0].headers.X", "not a header value"},
        {"headers = [\"X: 1\"]", "notify[0].headers", "not a table of headers"},
        {"nmae = \"x\"", "notify[0].nmae", "did you mean 'name'?"},
        {"name = \"\"", "notify[0].name", "1 to 255 characters"},
    }));
    // The bad key is on line 2; kind and url follow so that only it is refused.
    const std::string text =
        std::string("[[notify]]\n") + line2 + "\n"
        + (std::string_view(line2).starts_with("kind") ? "" : "kind = \"webhook\"\n")
        + (std::string_view(line2).starts_with("url") ? "" : "url = \"http://h/\"\n");
    INFO(text);
    const auto e = refused_once(text);
    CHECK(e.line == 2);
    CHECK(e.key == key);
    CHECK_THAT(e.message, Contains(says));
}

TEST_CASE("duplicate channel names are refused naming the first use") {
    const auto e = refused_once(R"([[notify]]
kind = "ntfy"
url = "https://n.example/a"

[[notify]]
name = "ntfy-0"
kind = "ntfy"
url = "https://n.example/b"
)");
    CHECK(e.line == 6);
    CHECK(e.key == "notify[1].name");
    CHECK(e.message
          == R"(duplicate channel name "ntfy-0" (first used at line 1): names must be unique)");
}

TEST_CASE("notify as a plain table instead of [[notify]] is refused") {
    CHECK_THAT(refused_once("[notify]\nkind = \"ntfy\"\n").message, Contains("[[notify]]"));
}

TEST_CASE("to_toml writes notify channels that read back equal") {
    config cfg;
    cfg.source_path = "n.toml";
    notify_config hook;
    hook.name = "hook";
    hook.kind = "webhook";
    hook.url = "https://h.example/x?a=\"b\"";
    hook.headers = {{"X-A", "1"}, {"Authorization", "Basic \"q\""}};
    hook.rules = {"fault", "new_best"};
    hook.min_severity = "info";
    hook.timeout = 250ms;
    hook.retries = 20;
    hook.retry_backoff = 1min;
    hook.queue_size = 1;
    cfg.notify.push_back(hook);
    notify_config tg;
    tg.name = "tg";
    tg.kind = "telegram";
    tg.api_base = "https://tg.example";
    tg.bot_token = "1:2";
    tg.chat_id = "-42";
    cfg.notify.push_back(tg);
    notify_config discord;
    discord.name = "d";
    discord.kind = "discord";
    discord.url = "https://discord.example/api/webhooks/1/t";
    cfg.notify.push_back(discord);

    const std::string text = sw::config::to_toml(cfg);
    INFO(text);
    const auto again = sw::config::parse_config(text, "n.toml");
    REQUIRE(again);
    CHECK(*again == cfg);
}
