#include "net/request_parts.hpp"

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

} // namespace sw::net
