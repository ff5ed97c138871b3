#pragma once
// The parts of a request target the REST handlers read: path, query, query values.

#include <optional>
#include <string_view>

#include "net/http_routes.hpp"

namespace sw::net {

/// "/api/trace?since=5" -> "/api/trace".
std::string_view path_of(const http_request& req);

/// "/api/trace?since=5" -> "since=5"; "" without a query.
std::string_view query_of(const http_request& req);

/// The value of `key` in the query ("since=5" -> "5"); nullopt when absent.
std::optional<std::string_view> query_value(std::string_view query, std::string_view key);

/// True when the query holds `key=1` (or `key=true`).
bool query_flag(std::string_view query, std::string_view key);

} // namespace sw::net
