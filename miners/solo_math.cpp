#include "miners/solo_math.hpp"

#include <cmath>

namespace sw::miners {

namespace {

bool positive(double x) noexcept {
    return std::isfinite(x) && x > 0.0;
}

} // namespace

std::optional<double> expected_seconds_to_block(double network_difficulty,
                                                double hashes_per_second) noexcept {
    if (!positive(network_difficulty) || !positive(hashes_per_second)) {
        return std::nullopt;
    }
    return network_difficulty * hashes_per_difficulty / hashes_per_second;
}

std::optional<double>
probability_within(double seconds, double network_difficulty, double hashes_per_second) noexcept {
    if (!std::isfinite(seconds) || seconds < 0.0 || !positive(network_difficulty)
        || !positive(hashes_per_second)) {
        return std::nullopt;
    }
    const double expected_blocks =
        hashes_per_second * seconds / (network_difficulty * hashes_per_difficulty);
    return -std::expm1(-expected_blocks);
}

std::optional<double> best_percent_of_network(double best_difficulty,
                                              double network_difficulty) noexcept {
    if (!std::isfinite(best_difficulty) || best_difficulty < 0.0 || !positive(network_difficulty)) {
        return std::nullopt;
    }
    return best_difficulty / network_difficulty * 100.0;
}

} // namespace sw::miners
