#pragma once
// Internal to config/: small text helpers shared by the readers, the messages and to_toml.

#include <span>
#include <string>
#include <string_view>

namespace sw::config::detail {

/// The tail every duration refusal ends with.
inline constexpr std::string_view duration_hint =
    R"(expected a duration string such as "30s" or "250ms")";

/// A TOML basic string literal for `text`, quotes included; control characters escaped.
std::string toml_string(std::string_view text);

/// Like toml_string, but long text is cut (with "...") so one bad value cannot flood a message.
std::string quoted(std::string_view text);

/// The shortest spelling that reads back as the same double: 2.5 -> "2.5", 1e6 -> "1000000".
std::string format_number(double value);

/// The candidate closest to `word` (case-insensitive) if at most 2 edits away or a prefix of
/// it; empty when none is that close.
std::string_view closest_match(std::string_view word, std::span<const std::string_view> candidates);

} // namespace sw::config::detail
