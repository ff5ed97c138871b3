#pragma once
// The parts of a request target the REST handlers read: path, query, query values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/http_routes.hpp"

namespace sw::net {

/// "/api/trace?since=5" -> "/api/trace".
std::string_view path_of(const http_request& req);

/// "/api/trace?since=5" -> "since=5"; "" without a query.
std::string_view query_of(const http_request& req);

/// The value of `key` in the query ("since=5" -> "5"); nullopt when absent.
std::optional<std::string_view> query_value(std::string_view query, std::string_view key);

/// "aa%3Abb" -> "aa:bb" (a path segment as a browser's encodeURIComponent writes it);
/// nullopt for a malformed escape or an escaped NUL.
std::optional<std::string> percent_decode(std::string_view text);

/// A non-negative integer query value; `fallback` when absent; nullopt when malformed.
std::optional<std::uint64_t>
query_number(const http_request& req, std::string_view key, std::uint64_t fallback);

/// True when the query holds `key=1` (or `key=true`).
bool query_flag(std::string_view query, std::string_view key);

} // namespace sw::net
