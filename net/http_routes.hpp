#pragma once
// Plain HTTP answers: /healthz, the dashboard's files (net/static_files.hpp), JSON errors.
// Pure functions of the request, so routing is unit-testable without sockets.

#include <string>
#include <string_view>
#include <vector>

#include "actors/server_stats.hpp"
#include "net/beast.hpp"

namespace sw::net {

using http_request = http::request<http::string_body>;
using http_response = http::response<http::string_body>;

/// Answers a request that is not a WebSocket upgrade. `web_root`: where the dashboard's files
/// come from ("" = the copy built into the binary; see net/static_files.hpp).
http_response route_http(const http_request& req,
                         const actors::server_stats& stats,
                         std::string_view web_root = {});

/// 200 with a body that is already serialized (not cached; HEAD gets the headers only).
http_response text_response(const http_request& req, std::string body, std::string_view type);

/// A JSON error body `{"error":{"code":..,"message":..}}` with the given status.
http_response json_error(const http_request& req,
                         http::status status,
                         std::string_view code,
                         std::string_view message);

/// True when a browser request from `origin` may open a WebSocket. An empty allow-list
/// allows every origin; a request without an Origin header (not a browser) is always allowed.
bool origin_allowed(std::string_view origin, const std::vector<std::string>& allowed);

} // namespace sw::net
