#pragma once
// Solo-mining figures of MINERS.md section 4. D is the network difficulty, H the hashrate in
// hashes per second (GH/s * 1e9). Results are nullopt when an input is not finite or not > 0
// (best may be 0), so a miner without a hashrate never shows "expected in 0 years".

#include <optional>

namespace sw::miners {

/// 2^32: hashes per unit of difficulty.
inline constexpr double hashes_per_difficulty = 4294967296.0;

inline constexpr double seconds_per_day = 86400.0;

/// Mean seconds to a block: D * 2^32 / H.
std::optional<double> expected_seconds_to_block(double network_difficulty,
                                                double hashes_per_second) noexcept;

/// Chance of at least one block within `seconds`: 1 - exp(-H * t / (D * 2^32)), computed as
/// -expm1(-x) so that the tiny values of a small miner (1e-7 per day) keep their precision.
std::optional<double>
probability_within(double seconds, double network_difficulty, double hashes_per_second) noexcept;

/// How close the best share came to a block: best / D * 100 (>= 100 means a block).
std::optional<double> best_percent_of_network(double best_difficulty,
                                              double network_difficulty) noexcept;

/// GH/s (the snapshot's unit) to hashes per second.
constexpr double ghs_to_hashes_per_second(double ghs) noexcept {
    return ghs * 1e9;
}

} // namespace sw::miners
