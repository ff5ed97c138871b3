// What each notification channel kind sends (URL, headers, body), the channel filters, and
// the URL parsing http_post relies on. Pure functions: no network.
#include "actors/notify_format.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

using namespace sw::actors;
using nlohmann::json;

namespace {

notification temp_alert(std::string severity = "critical", std::string state = "raised") {
    notification n;
    n.rule = "asic_temp";
    n.severity = std::move(severity);
    n.state = std::move(state);
    n.title = "gamma-1: ASIC temperature critical";
    n.message = "gamma-1 ASIC temperature 76.2 C >= 75 C";
    n.alert = {{"id", "gamma-1/asic_temp"}, {"rule", "asic_temp"}, {"value", 76.2}};
    return n;
}

notify_channel channel(std::string kind) {
    notify_channel c;
    c.name = "phone";
    c.kind = std::move(kind);
    c.url = "https://example.org/hook/abc";
    return c;
}

std::string header(const http_post_request& r, const std::string& name) {
    auto it = std::find_if(
        r.headers.begin(), r.headers.end(), [&](const auto& h) { return h.first == name; });
    return it == r.headers.end() ? "<none>" : it->second;
}

} // namespace

TEST_CASE("webhook posts the alert object as JSON with the channel headers", "[notify_format]") {
    auto c = channel("webhook");
    c.headers = {{"Authorization", "Bearer t0k"}};
    const auto r = format_request(c, temp_alert());
    CHECK(r.url == "https://example.org/hook/abc");
    CHECK(r.content_type == "application/json");
    CHECK(json::parse(r.body) == temp_alert().alert);
    CHECK(header(r, "Authorization") == "Bearer t0k");
}

TEST_CASE("webhook without an alert object posts the notification fields", "[notify_format]") {
    auto n = temp_alert();
    n.alert = nullptr;
    const auto body = json::parse(format_request(channel("webhook"), n).body);
    CHECK(body["rule"] == "asic_temp");
    CHECK(body["severity"] == "critical");
    CHECK(body["state"] == "raised");
    CHECK(body["message"] == n.message);
}

TEST_CASE("ntfy posts the message as text with title and priority and tags headers",
          "[notify_format]") {
    auto c = channel("ntfy");
    c.url = "https://ntfy.sh/my-miners";
    const auto r = format_request(c, temp_alert());
    CHECK(r.url == "https://ntfy.sh/my-miners");
    CHECK(r.body == "gamma-1 ASIC temperature 76.2 C >= 75 C");
    CHECK(r.content_type == "text/plain; charset=utf-8");
    CHECK(header(r, "Title") == "gamma-1: ASIC temperature critical");
    CHECK(header(r, "Priority") == "5");
    CHECK(header(r, "Tags") == "rotating_light,asic_temp");
}

TEST_CASE("ntfy priority follows severity and a cleared alert is sent at default priority",
          "[notify_format]") {
    const auto c = channel("ntfy");
    CHECK(header(format_request(c, temp_alert("info")), "Priority") == "3");
    CHECK(header(format_request(c, temp_alert("warning")), "Priority") == "4");
    CHECK(header(format_request(c, temp_alert("warning")), "Tags") == "warning,asic_temp");
    const auto cleared = format_request(c, temp_alert("critical", "cleared"));
    CHECK(header(cleared, "Priority") == "3");
    CHECK(header(cleared, "Tags") == "white_check_mark,asic_temp");
    CHECK(header(cleared, "Title") == "Cleared: gamma-1: ASIC temperature critical");
}

TEST_CASE("header values lose line breaks so a miner name cannot inject headers",
          "[notify_format]") {
    auto n = temp_alert();
    n.title = "evil\r\nX-Injected: 1";
    const auto r = format_request(channel("ntfy"), n);
    CHECK(header(r, "Title") == "evil  X-Injected: 1");
}

TEST_CASE("discord posts the title and message as content and allows no mentions",
          "[notify_format]") {
    const auto r = format_request(channel("discord"), temp_alert());
    CHECK(r.url == "https://example.org/hook/abc");
    CHECK(r.content_type == "application/json");
    const auto body = json::parse(r.body);
    CHECK(body["content"]
          == "\xF0\x9F\x9A\xA8 **gamma-1: ASIC temperature critical**\n"
             "gamma-1 ASIC temperature 76.2 C >= 75 C");
    CHECK(body["allowed_mentions"]["parse"] == json::array());
}

TEST_CASE("discord content is cut to 2000 characters at a character boundary", "[notify_format]") {
    auto n = temp_alert();
    n.message.clear();
    for (int i = 0; i < 3000; ++i)
        n.message += "\xC3\xA9"; // two bytes, one character
    const auto content = json::parse(format_request(channel("discord"), n).body)["content"];
    const auto text = content.get<std::string>();
    std::size_t chars = 0;
    for (char ch : text)
        chars += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
    CHECK(chars == 2000);
    CHECK(text.ends_with("\xC3\xA9..."));
}

TEST_CASE("telegram posts chat id and text to the bot sendMessage URL", "[notify_format]") {
    auto c = channel("telegram");
    c.bot_token = "123:ABC";
    c.chat_id = "-10042";
    const auto r = format_request(c, temp_alert("warning"));
    CHECK(r.url == "https://api.telegram.org/bot123:ABC/sendMessage");
    CHECK(r.content_type == "application/json");
    const auto body = json::parse(r.body);
    CHECK(body["chat_id"] == "-10042");
    CHECK(body["text"]
          == "\xE2\x9A\xA0\xEF\xB8\x8F gamma-1: ASIC temperature critical\n"
             "gamma-1 ASIC temperature 76.2 C >= 75 C");
    CHECK_FALSE(body.contains("parse_mode"));
}

TEST_CASE("telegram api_base may be another server and may end with a slash", "[notify_format]") {
    auto c = channel("telegram");
    c.api_base = "http://127.0.0.1:8081/";
    c.bot_token = "t";
    CHECK(format_request(c, temp_alert()).url == "http://127.0.0.1:8081/bott/sendMessage");
}

TEST_CASE("an unknown kind gives a request without URL", "[notify_format]") {
    CHECK_FALSE(known_kind("pager"));
    CHECK(known_kind("ntfy"));
    CHECK(format_request(channel("pager"), temp_alert()).url.empty());
}

TEST_CASE("wants filters by minimum severity", "[notify_format]") {
    auto c = channel("webhook"); // min_severity warning by default
    CHECK_FALSE(wants(c, temp_alert("info")));
    CHECK(wants(c, temp_alert("warning")));
    CHECK(wants(c, temp_alert("critical")));
    CHECK(wants(c, temp_alert("critical", "cleared")));
    c.min_severity = "critical";
    CHECK_FALSE(wants(c, temp_alert("warning")));
    c.min_severity = "info";
    CHECK(wants(c, temp_alert("info")));
}

TEST_CASE("wants filters by rule when rules are listed", "[notify_format]") {
    auto c = channel("webhook");
    c.rules = {"offline", "asic_temp"};
    CHECK(wants(c, temp_alert()));
    auto other = temp_alert();
    other.rule = "hashrate_drop";
    CHECK_FALSE(wants(c, other));
}

TEST_CASE("an alert of unknown severity is always wanted", "[notify_format]") {
    auto c = channel("webhook");
    c.min_severity = "critical";
    CHECK(wants(c, temp_alert("emergency")));
}

TEST_CASE("the test notification names the channel", "[notify_format]") {
    const auto n = test_notification(channel("webhook"));
    CHECK(n.rule == "test");
    CHECK(n.message.find("'phone'") != std::string::npos);
    CHECK(n.alert["test"] == true);
}

TEST_CASE("parse_url splits scheme and host and port and target", "[http_post]") {
    auto u = parse_url("https://ntfy.example.org:8443/alerts?x=1#frag");
    REQUIRE(u);
    CHECK(u->tls);
    CHECK(u->host == "ntfy.example.org");
    CHECK(u->port == 8443);
    CHECK(u->target == "/alerts?x=1");
    u = parse_url("HTTP://10.0.0.5");
    REQUIRE(u);
    CHECK_FALSE(u->tls);
    CHECK(u->port == 80);
    CHECK(u->target == "/");
    u = parse_url("https://[::1]/x");
    REQUIRE(u);
    CHECK(u->host == "::1");
    CHECK(u->port == 443);
    u = parse_url("http://h?q");
    REQUIRE(u);
    CHECK(u->target == "/?q");
}

TEST_CASE("parse_url refuses what it cannot send with a clear reason", "[http_post]") {
    CHECK(parse_url("ftp://host/x").error() == "scheme 'ftp' is not http or https");
    CHECK(parse_url("host/x").error() == "no scheme (http:// or https://)");
    CHECK(parse_url("https:///x").error() == "no host");
    CHECK(parse_url("http://:80/").error() == "no host");
    CHECK(parse_url("http://host:99999/").error() == "bad port '99999'");
    CHECK(parse_url("http://host:0/").error() == "bad port '0'");
    CHECK(parse_url("http://host:8o/").error() == "bad port '8o'");
    CHECK(parse_url("http://host:/").error() == "bad port ''");
    CHECK(parse_url("http://[::1/").error() == "unterminated IPv6 address");
    CHECK(parse_url("https://u:p@host/").error()
          == "credentials in the URL are not supported: use an Authorization header");
    CHECK(parse_url("http://host/a b").error() == "spaces or control characters");
    CHECK(parse_url("http://host/\r\nX: y").error() == "spaces or control characters");
}
