#pragma once
// Share and network difficulties as miners print them: JSON numbers (AxeOS v2.11+, cgminer) or
// strings with an SI-like suffix (AxeOS before v2.11 "4.29G", v2.10 "1.46 G", NerdQAxe up to
// v1.0.34 "270M", cgminer pool "Diff": "524K").

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sw::miners {

/// "4.29G" -> 4.29e9. Blanks around the number and between number and suffix are allowed.
/// Suffixes (one, case as listed): k/K = 1e3, M = 1e6, G = 1e9, T = 1e12, P = 1e15, E = 1e18.
/// Lower-case m/g/t/p/e are refused: "m" would read as milli. Negative, non-finite or
/// otherwise malformed text gives nullopt.
std::optional<double> parse_difficulty(std::string_view text) noexcept;

/// A JSON number (>= 0, finite) or a string as above; anything else gives nullopt.
/// (A separate name: an overload would make parse_difficulty("4.29G") ambiguous.)
std::optional<double> difficulty_from_json(const nlohmann::json& value) noexcept;

} // namespace sw::miners
