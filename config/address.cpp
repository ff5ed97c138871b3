#include "config/address.hpp"

#include <array>

#include "config/text.hpp"

#include <arpa/inet.h>

namespace sw::config::detail {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// Dotted quad as inet_pton reads it: exactly four decimal octets, no leading zeros (which
// other tools would read as octal).
bool is_ipv4(std::string_view s) {
    std::array<char, 16> buf{};
    if (s.size() >= buf.size()) {
        return false;
    }
    s.copy(buf.data(), s.size());
    in_addr out{};
    return inet_pton(AF_INET, buf.data(), &out) == 1;
}

// An optional "%zone" (link-local scope) is accepted, as Asio accepts it.
bool is_ipv6(std::string_view s) {
    const auto zone = s.find('%');
    if (zone != std::string_view::npos) {
        if (zone + 1 == s.size()) {
            return false;
        }
        s = s.substr(0, zone);
    }
    std::array<char, 64> buf{};
    if (s.size() >= buf.size()) {
        return false;
    }
    s.copy(buf.data(), s.size());
    in6_addr out{};
    return inet_pton(AF_INET6, buf.data(), &out) == 1;
}

// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens; "_" is let
// through too, since container and LAN names use it and the resolver copes.
bool is_hostname(std::string_view s) {
    if (s.empty() || s.size() > 253) {
        return false;
    }
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto dot = s.find('.', start);
        const auto label = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        for (const char c : label) {
            if (!is_alnum(c) && c != '-' && c != '_') {
                return false;
            }
        }
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return true;
}

// "all labels numeric" means the user meant an IPv4 address, so 999.1.1.1 is refused rather
// than looked up as a name.
bool looks_numeric(std::string_view s) {
    return s.find_first_not_of("0123456789.") == std::string_view::npos;
}

std::optional<std::uint16_t> parse_port(std::string_view s) {
    if (!all_digits(s) || s.size() > 5) {
        return std::nullopt;
    }
    unsigned value = 0;
    for (const char c : s) {
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

struct host_port {
    std::string_view host;
    std::optional<std::string_view> port; ///< nothing when there was no ':'
    bool bracketed = false;
};

// Listen addresses and origins share the "host[:port]" / "[v6][:port]" shape.
tl::expected<host_port, std::string> split_host_port(std::string_view text) {
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            return tl::unexpected(std::string("missing ']' after the IPv6 address"));
        }
        host_port out{text.substr(1, close - 1), std::nullopt, true};
        const auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                return tl::unexpected(std::string("unexpected text after ']'"));
            }
            out.port = rest.substr(1);
        }
        return out;
    }
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        return host_port{text, std::nullopt, false};
    }
    const auto host = text.substr(0, colon);
    if (host.find(':') != std::string_view::npos) {
        return tl::unexpected(
            std::string(R"(an IPv6 address goes in brackets, as in "[::1]:8080")"));
    }
    return host_port{host, text.substr(colon + 1), false};
}

std::optional<std::string> host_problem(const host_port& hp) {
    if (hp.bracketed) {
        if (!is_ipv6(hp.host)) {
            return quoted(hp.host) + " is not an IPv6 address";
        }
        return std::nullopt;
    }
    if (hp.host.empty()) {
        return "missing host";
    }
    if (looks_numeric(hp.host) ? !is_ipv4(hp.host) : !is_hostname(hp.host)) {
        return quoted(hp.host) + " is neither an IPv4 address nor a host name";
    }
    return std::nullopt;
}

/// The host and optional port of an origin or URL (after the scheme, before the path).
std::optional<std::string> authority_problem(std::string_view authority) {
    const auto split = split_host_port(authority);
    if (!split) {
        return split.error();
    }
    if (auto bad_host = host_problem(*split)) {
        return bad_host;
    }
    if (split->port) {
        const auto port = parse_port(*split->port);
        if (!port || *port == 0) {
            return "the port must be a number from 1 to 65535";
        }
    }
    return std::nullopt;
}

} // namespace

tl::expected<endpoint, std::string> parse_listen(std::string_view text) {
    auto refuse = [&](std::string_view why) {
        return tl::unexpected(quoted(text) + " is not a listen address: " + std::string(why)
                              + R"(; expected "host:port" such as "0.0.0.0:8080" or "[::1]:8080")");
    };
    const auto split = split_host_port(text);
    if (!split) {
        return refuse(split.error());
    }
    if (!split->port) {
        return refuse(R"(missing ":port")");
    }
    if (split->host.empty() && !split->bracketed) {
        return refuse("missing host (0.0.0.0 means every interface)");
    }
    if (const auto problem = host_problem(*split)) {
        return refuse(*problem);
    }
    const auto port = parse_port(*split->port);
    if (!port) {
        return refuse("the port must be a number from 0 to 65535");
    }
    return endpoint{std::string(split->host), *port};
}

std::optional<std::string> origin_problem(std::string_view text) {
    auto problem = [&](std::string_view why) {
        return quoted(text) + " is not an origin: " + std::string(why)
               + R"(; expected "http://host" or "https://host:port")";
    };
    const auto sep = text.find("://");
    if (sep == std::string_view::npos) {
        return problem(R"(missing "http://" or "https://")");
    }
    const auto scheme = text.substr(0, sep);
    if (scheme != "http" && scheme != "https") {
        return problem("the scheme must be http or https");
    }
    const auto authority = text.substr(sep + 3);
    // Browsers send the Origin without a path; "https://host/" would never match.
    if (authority.find_first_of("/?#") != std::string_view::npos) {
        return problem("an origin has no path, not even a trailing '/'");
    }
    if (authority.find('@') != std::string_view::npos) {
        return problem("an origin has no user name");
    }
    if (auto bad = authority_problem(authority)) {
        return problem(*bad);
    }
    return std::nullopt;
}

std::optional<std::string> url_problem(std::string_view text) {
    auto problem = [&](std::string_view why) {
        return quoted(text) + " is not a URL: " + std::string(why)
               + R"(; expected "http://host/path" or "https://host:port/path")";
    };
    // Long enough for any webhook URL with its token; a pasted blob is a mistake.
    constexpr std::size_t max_url_chars = 2048;
    if (text.size() > max_url_chars) {
        return problem("longer than 2048 characters");
    }
    for (const char c : text) {
        // Raw spaces and control characters would break the request line.
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
            return problem("spaces and control characters must be percent-encoded");
        }
    }
    const auto sep = text.find("://");
    if (sep == std::string_view::npos) {
        return problem(R"(missing "http://" or "https://")");
    }
    const auto scheme = text.substr(0, sep);
    if (scheme != "http" && scheme != "https") {
        return problem("the scheme must be http or https");
    }
    auto authority = text.substr(sep + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    // "user:password@host" is how ntfy and some webhooks take basic auth.
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority = authority.substr(at + 1);
    }
    if (auto bad = authority_problem(authority)) {
        return problem(*bad);
    }
    return std::nullopt;
}

} // namespace sw::config::detail
