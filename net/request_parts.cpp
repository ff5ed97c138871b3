#include "net/request_parts.hpp"

#include <charconv>

namespace sw::net {

std::string_view path_of(const http_request& req) {
    auto target = std::string_view(req.target().data(), req.target().size());
    return target.substr(0, target.find('?'));
}

std::string_view query_of(const http_request& req) {
    auto target = std::string_view(req.target().data(), req.target().size());
    auto q = target.find('?');
    return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

std::optional<std::string_view> query_value(std::string_view query, std::string_view key) {
    while (!query.empty()) {
        auto amp = query.find('&');
        auto part = query.substr(0, amp);
        if (part.size() > key.size() && part.starts_with(key) && part[key.size()] == '=')
            return part.substr(key.size() + 1);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
    return std::nullopt;
}

bool query_flag(std::string_view query, std::string_view key) {
    auto value = query_value(query, key);
    return value && (*value == "1" || *value == "true");
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        unsigned value = 0;
        if (text.size() - i < 3) // '%' and two hex digits
            return std::nullopt;
        auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
        if (ec != std::errc{} || end != text.data() + i + 3 || value == 0)
            return std::nullopt;
        out += static_cast<char>(value);
        i += 2;
    }
    return out;
}

std::optional<std::uint64_t>
query_number(const http_request& req, std::string_view key, std::uint64_t fallback) {
    auto text = query_value(query_of(req), key);
    if (!text)
        return fallback;
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size())
        return std::nullopt;
    return value;
}

} // namespace sw::net
