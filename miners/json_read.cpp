// Lenient JSON readers. Every function here is total: bad input gives nullopt or an error value.

#include "miners/json_read.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "protocol/protocol.hpp"

namespace sw::miners {

namespace {

using json = nlohmann::json;

constexpr std::size_t quote_limit = 48;

char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

std::string_view to_string(parse_errc code) noexcept {
    switch (code) {
    case parse_errc::empty_reply:
        return "empty_reply";
    case parse_errc::not_json:
        return "not_json";
    case parse_errc::too_deep:
        return "too_deep";
    case parse_errc::bad_shape:
        return "bad_shape";
    case parse_errc::missing_key:
        return "missing_key";
    case parse_errc::bad_value:
        return "bad_value";
    case parse_errc::miner_error:
        return "miner_error";
    }
    return "unknown";
}

tl::expected<json, parse_error>
parse_untrusted(std::string_view text, std::string_view what, std::string_view shown) {
    const std::string_view body = trim(text);
    const std::string prefix = std::string(what) + ": ";
    if (body.empty()) {
        return tl::unexpected(parse_error{parse_errc::empty_reply, prefix + "empty reply", {}, {}});
    }
    if (protocol::exceeds_depth(body, max_reply_depth)) {
        return tl::unexpected(parse_error{parse_errc::too_deep,
                                          prefix + "reply nests deeper than "
                                              + std::to_string(max_reply_depth) + " levels",
                                          {},
                                          {}});
    }
    json value = json::parse(body.begin(), body.end(), nullptr, false);
    if (value.is_discarded()) {
        // The usual culprits are a login/error page from a web server or a wrong port.
        const std::string_view quoted = shown.empty() ? body : trim(shown);
        const bool html = !quoted.empty() && quoted.front() == '<';
        return tl::unexpected(parse_error{parse_errc::not_json,
                                          prefix + "reply is not JSON"
                                              + (html ? " (looks like HTML)" : "")
                                              + ", starts with " + quote_bytes(quoted),
                                          {},
                                          {}});
    }
    return value;
}

const json* member(const json& object, std::string_view key) noexcept {
    if (!object.is_object()) {
        return nullptr;
    }
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::optional<double> parse_number(std::string_view text) noexcept {
    std::string_view s = trim(text);
    if (!s.empty() && s.front() == '+') {
        s.remove_prefix(1); // from_chars refuses a plus sign that some firmware prints
    }
    double value = 0.0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> as_number(const json& value) noexcept {
    switch (value.type()) {
    case json::value_t::number_integer:
        return static_cast<double>(value.get<std::int64_t>());
    case json::value_t::number_unsigned:
        return static_cast<double>(value.get<std::uint64_t>());
    case json::value_t::number_float: {
        const double d = value.get<double>();
        return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
    }
    case json::value_t::string:
        return parse_number(value.get_ref<const std::string&>());
    default:
        return std::nullopt;
    }
}

std::optional<std::int64_t> as_integer(const json& value) noexcept {
    if (value.is_number_integer()) {
        return value.get<std::int64_t>();
    }
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
        return static_cast<std::int64_t>(u);
    }
    const auto d = as_number(value);
    // 9.2e18 is the int64 limit; the bound below keeps llround defined.
    if (!d || std::fabs(*d) >= 9.2e18) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(std::llround(*d));
}

std::optional<std::string> as_text(const json& value) {
    if (!value.is_string()) {
        return std::nullopt;
    }
    const std::string_view s = trim(value.get_ref<const std::string&>());
    return s.empty() ? std::nullopt : std::optional<std::string>(std::string(s));
}

std::optional<bool> as_flag(const json& value) noexcept {
    if (value.is_boolean()) {
        return value.get<bool>();
    }
    if (value.is_number()) {
        const auto d = as_number(value);
        return d ? std::optional<bool>(*d != 0.0) : std::nullopt;
    }
    if (value.is_string()) {
        const std::string_view s = trim(value.get_ref<const std::string&>());
        if (iequals(s, "true") || s == "1") {
            return true;
        }
        if (iequals(s, "false") || s == "0") {
            return false;
        }
    }
    return std::nullopt;
}

std::optional<double> number_at(const json& object, std::string_view key) noexcept {
    const json* v = member(object, key);
    return v ? as_number(*v) : std::nullopt;
}

std::optional<std::int64_t> integer_at(const json& object, std::string_view key) noexcept {
    const json* v = member(object, key);
    return v ? as_integer(*v) : std::nullopt;
}

std::optional<std::string> text_at(const json& object, std::string_view key) {
    const json* v = member(object, key);
    return v ? as_text(*v) : std::nullopt;
}

std::optional<bool> flag_at(const json& object, std::string_view key) noexcept {
    const json* v = member(object, key);
    return v ? as_flag(*v) : std::nullopt;
}

std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && is_blank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_blank(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lower(x) == lower(y);
           });
}

bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

bool icontains(std::string_view haystack, std::string_view needle) noexcept {
    if (needle.empty()) {
        return true;
    }
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        if (iequals(haystack.substr(i, needle.size()), needle)) {
            return true;
        }
    }
    return false;
}

std::string quote_value(const json& value) {
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() > quote_limit) {
        text.resize(quote_limit);
        text += "...";
    }
    return text;
}

std::string quote_bytes(std::string_view bytes) {
    // Printable ASCII only: the message ends up in JSON and logs.
    std::string out = "\"";
    for (std::size_t i = 0; i < bytes.size() && i < quote_limit; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        out += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? static_cast<char>(c) : '?';
    }
    out += bytes.size() > quote_limit ? "...\"" : "\"";
    return out;
}

} // namespace sw::miners
