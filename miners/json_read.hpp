#pragma once
// Lenient readers for untrusted miner JSON, shared by the AxeOS and cgminer parsers. Miners send
// numbers as numbers, as strings (" 12.0000", "140258.58") or as raw floats; these helpers turn
// what is usable into a value and everything else into "absent", never into a made-up zero.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "miners/parse_error.hpp"

#include <tl/expected.hpp>

namespace sw::miners {

/// Deepest accepted nesting of arrays/objects in a miner reply (the top-level object is 1).
/// Real replies nest 3-4 levels; the guard keeps recursive copies/dumps off a deep stack.
inline constexpr std::size_t max_reply_depth = 64;

// The depth guard itself is protocol::exceeds_depth (one byte scan for client frames and
// miner replies alike).

/// Parses untrusted text (allow_exceptions = false) after the depth guard. `what` prefixes
/// error messages ("axeos /api/system/info", "cgminer summary"); `shown` is the text quoted
/// when it is not JSON (defaults to `text`; the cgminer parser shows the bytes before repair).
tl::expected<nlohmann::json, parse_error>
parse_untrusted(std::string_view text, std::string_view what, std::string_view shown = {});

/// The member `key` of `object`, or nullptr (also when `object` is not an object).
const nlohmann::json* member(const nlohmann::json& object, std::string_view key) noexcept;

/// A finite number from a JSON number or a numeric string (trimmed); else nullopt.
std::optional<double> as_number(const nlohmann::json& value) noexcept;

/// A whole number (as_number rounded; " 12.0000" -> 12) within int64 range; else nullopt.
std::optional<std::int64_t> as_integer(const nlohmann::json& value) noexcept;

/// A non-empty trimmed string (strings only); else nullopt.
std::optional<std::string> as_text(const nlohmann::json& value);

/// A flag sent as bool, as 0/1, or as "true"/"false"; else nullopt.
std::optional<bool> as_flag(const nlohmann::json& value) noexcept;

std::optional<double> number_at(const nlohmann::json& object, std::string_view key) noexcept;
std::optional<std::int64_t> integer_at(const nlohmann::json& object, std::string_view key) noexcept;
std::optional<std::string> text_at(const nlohmann::json& object, std::string_view key);
std::optional<bool> flag_at(const nlohmann::json& object, std::string_view key) noexcept;

/// A finite number parsed from the whole of `text` (surrounding blanks allowed).
std::optional<double> parse_number(std::string_view text) noexcept;

/// `text` without leading/trailing blanks (space, tab, CR, LF).
std::string_view trim(std::string_view text) noexcept;

/// ASCII case-insensitive comparisons.
bool iequals(std::string_view a, std::string_view b) noexcept;
bool icontains(std::string_view haystack, std::string_view needle) noexcept;
bool istarts_with(std::string_view text, std::string_view prefix) noexcept;

/// A short printable quote of a JSON value or of raw bytes, for error messages.
std::string quote_value(const nlohmann::json& value);
std::string quote_bytes(std::string_view bytes);

} // namespace sw::miners
