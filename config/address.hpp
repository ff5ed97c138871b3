#pragma once
// Internal to config/: checks for the [server] address-like values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace sw::config::detail {

struct endpoint {
    std::string host; ///< without brackets, as the resolver wants it
    std::uint16_t port = 0;
};

/// "host:port", "1.2.3.4:port" or "[v6]:port"; port 0 .. 65535. The error is a full message.
tl::expected<endpoint, std::string> parse_listen(std::string_view text);

/// Why `text` is not an Origin such as "https://host[:port]", or nothing when it is one.
std::optional<std::string> origin_problem(std::string_view text);

/// Why `text` is not an "http://" or "https://" URL with a host (user info, port, path and
/// query allowed; no spaces or control characters), or nothing when it is one.
std::optional<std::string> url_problem(std::string_view text);

} // namespace sw::config::detail
