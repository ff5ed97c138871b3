#pragma once
// Avalon's `MM ID0` string (in `stats` / `estats`): `Key[value] Key[v1 v2 v3] ...`.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sw::miners {

/// The (key, value) pairs of the pattern (\w+)\[([^\]]*)\], in order. A hand-written scanner
/// with the same matches: libstdc++'s std::regex recurses per character and a long value
/// (PVT_T0 holds hundreds of numbers; a corrupt reply may hold megabytes) could overflow the
/// stack. Values are returned untrimmed.
std::vector<std::pair<std::string, std::string>> parse_avalon_mm(std::string_view text);

/// The first value under `key`, if any.
std::optional<std::string>
avalon_mm_value(const std::vector<std::pair<std::string, std::string>>& fields,
                std::string_view key);

/// A value's numbers: "0 1209 1187" -> {0, 1209, 1187}; "49%" -> {49}. Stops at the first
/// token that is not a number.
std::vector<double> avalon_mm_numbers(std::string_view value);

/// "15-194-24102401_25462b2_9ddf522" -> {"15-194", "24102401_25462b2_9ddf522"};
/// "Nano3s-25021401_56abae7" -> {"Nano3s", "25021401_56abae7"}: the firmware part starts
/// with 8 digits (yymmddNN) and '_'. Without such a part: {nullopt, whole text}.
std::pair<std::optional<std::string>, std::string> split_avalon_version(std::string_view ver);

} // namespace sw::miners
