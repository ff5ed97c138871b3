#include "actors/notify_format.hpp"

#include <algorithm>

namespace sw::actors {

namespace {

using nlohmann::json;

/// info < warning < critical; -1 for anything else.
int severity_rank(std::string_view severity) {
    if (severity == "info")
        return 0;
    if (severity == "warning")
        return 1;
    if (severity == "critical")
        return 2;
    return -1;
}

bool cleared(const notification& n) {
    return n.state == "cleared";
}

/// Emoji by state and severity, as UTF-8 bytes (the source stays ASCII).
const char* emoji(const notification& n) {
    if (cleared(n))
        return "\xE2\x9C\x85"; // white heavy check mark
    switch (severity_rank(n.severity)) {
    case 0:
        return "\xE2\x84\xB9\xEF\xB8\x8F"; // information source
    case 1:
        return "\xE2\x9A\xA0\xEF\xB8\x8F"; // warning sign
    default:
        return "\xF0\x9F\x9A\xA8"; // rotating light
    }
}

/// The title as people read it: a cleared alert says so, whatever the engine's title says.
std::string title_of(const notification& n) {
    return cleared(n) ? "Cleared: " + n.title : n.title;
}

/// At most `max_chars` (>= 4) UTF-8 characters, never cutting one in half; "..." marks a cut.
std::string cut_chars(const std::string& text, std::size_t max_chars) {
    std::size_t chars = 0;
    std::size_t keep = text.size(); // bytes kept when the text is too long
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
            continue; // a continuation byte
        if (chars == max_chars - 3)
            keep = i;
        ++chars;
    }
    return chars <= max_chars ? text : text.substr(0, keep) + "...";
}

/// Header values carry miner names: control characters would break (or inject) lines.
std::string header_value(std::string text) {
    std::replace_if(
        text.begin(),
        text.end(),
        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; },
        ' ');
    return text;
}

/// "emoji title\nmessage", or "emoji **title**\nmessage" in Markdown (Discord).
std::string chat_text(const notification& n, bool markdown) {
    std::string text = std::string(emoji(n)) + " ";
    text += markdown ? "**" + title_of(n) + "**" : title_of(n);
    if (!n.message.empty())
        text += "\n" + n.message;
    return text;
}

std::string dump(const json& j) {
    // Invalid UTF-8 in a miner-supplied string must not throw inside an actor.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

http_post_request webhook(const notify_channel& c, const notification& n) {
    json body = n.alert;
    if (!body.is_object()) // no alert object handed over: the fields we have
        body = {{"rule", n.rule},
                {"severity", n.severity},
                {"state", n.state},
                {"title", n.title},
                {"message", n.message}};
    return {c.url, c.headers, dump(body), "application/json"};
}

http_post_request ntfy(const notify_channel& c, const notification& n) {
    std::string priority = "3";
    std::string tag = "white_check_mark";
    if (!cleared(n)) { // a cleared alert should not wake anyone up again
        const int rank = severity_rank(n.severity);
        priority = rank == 0 ? "3" : rank == 1 ? "4" : "5";
        tag = rank == 0 ? "information_source" : rank == 1 ? "warning" : "rotating_light";
    }
    auto headers = c.headers;
    headers.emplace_back("Title", header_value(title_of(n)));
    headers.emplace_back("Priority", priority);
    headers.emplace_back("Tags", header_value(tag + (n.rule.empty() ? "" : "," + n.rule)));
    const std::string body = n.message.empty() ? title_of(n) : n.message;
    return {c.url, std::move(headers), body, "text/plain; charset=utf-8"};
}

http_post_request discord(const notify_channel& c, const notification& n) {
    // allowed_mentions: a miner named "@everyone" must not ping the whole server.
    json body = {{"content", cut_chars(chat_text(n, true), 2000)},
                 {"allowed_mentions", {{"parse", json::array()}}}};
    return {c.url, c.headers, dump(body), "application/json"};
}

http_post_request telegram(const notify_channel& c, const notification& n) {
    std::string base = c.api_base;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    // Plain text (no parse_mode): titles need no escaping and cannot break the markup.
    json body = {{"chat_id", c.chat_id},
                 {"text", cut_chars(chat_text(n, false), 4096)},
                 {"disable_web_page_preview", true}};
    return {
        base + "/bot" + c.bot_token + "/sendMessage", c.headers, dump(body), "application/json"};
}

} // namespace

bool known_kind(std::string_view kind) {
    return kind == "webhook" || kind == "ntfy" || kind == "discord" || kind == "telegram";
}

bool wants(const notify_channel& channel, const notification& n) {
    const int rank = severity_rank(n.severity);
    const int min = std::max(severity_rank(channel.min_severity), 0);
    if (rank >= 0 && rank < min)
        return false;
    return channel.rules.empty()
           || std::find(channel.rules.begin(), channel.rules.end(), n.rule) != channel.rules.end();
}

http_post_request format_request(const notify_channel& channel, const notification& n) {
    if (channel.kind == "webhook")
        return webhook(channel, n);
    if (channel.kind == "ntfy")
        return ntfy(channel, n);
    if (channel.kind == "discord")
        return discord(channel, n);
    if (channel.kind == "telegram")
        return telegram(channel, n);
    return {};
}

notification test_notification(const notify_channel& channel) {
    notification n;
    n.rule = "test";
    n.severity = "info";
    n.state = "raised";
    n.title = "solowatch test notification";
    n.message = "This is a test of the notification channel '" + channel.name + "'.";
    n.alert = {{"rule", n.rule},
               {"severity", n.severity},
               {"state", n.state},
               {"title", n.title},
               {"message", n.message},
               {"test", true}};
    return n;
}

} // namespace sw::actors
