#pragma once
// Reading the live ring over HTTP (`--url http://host:port`): GET /api/trace with Beast's
// client, plain http only (the server answers trace requests on its local port). Each call
// opens one connection and closes it; every step is bounded by the timeout.

#include <chrono>
#include <string>
#include <string_view>

#include "tools/trace/reader.hpp"

#include <tl/expected.hpp>

namespace sw::trace_tool {

struct http_url {
    std::string host; // as given: a name, an IPv4 address or an IPv6 address without []
    std::string port; // "80" when not given
    std::string text; // "http://host:port", for messages
};

/// Accepts "http://host[:port][/]"; refuses https, other paths and malformed input.
tl::expected<http_url, std::string> parse_http_url(std::string_view url);

/// The body of a 200 answer to GET `target`; otherwise a message saying what went wrong
/// (unreachable, timeout, or the status and the start of the body).
tl::expected<std::string, std::string>
http_get(const http_url& url,
         const std::string& target,
         std::chrono::milliseconds timeout = std::chrono::seconds(5));

/// GET `target` (the whole ring by default) read as a trace (see reader.hpp for the rules).
tl::expected<trace, std::string> read_trace_url(const http_url& url,
                                                const std::string& target = "/api/trace",
                                                on_malformed policy = on_malformed::skip);

} // namespace sw::trace_tool
