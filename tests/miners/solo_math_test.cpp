#include "miners/solo_math.hpp"

#include <cmath>

#include <catch2/catch.hpp>

using namespace sw::miners;

namespace {
constexpr double network_difficulty = 126.41e12;
constexpr double seconds_per_year = 365.25 * seconds_per_day;
} // namespace

TEST_CASE("a 1.1 TH/s miner expects a block in about 15 600 years 1.75e-7 per day") {
    const double h = ghs_to_hashes_per_second(1100.0);
    const auto t = expected_seconds_to_block(network_difficulty, h);
    REQUIRE(t);
    CHECK(*t / seconds_per_year == Approx(15600).epsilon(0.005));
    const auto p = probability_within(seconds_per_day, network_difficulty, h);
    REQUIRE(p);
    CHECK(*p == Approx(1.75e-7).epsilon(0.005));
}

TEST_CASE("a 140 TH/s miner expects a block in about 123 years 2.23e-5 per day") {
    const double h = 140e12;
    CHECK(*expected_seconds_to_block(network_difficulty, h) / seconds_per_year
          == Approx(123).epsilon(0.005));
    CHECK(*probability_within(seconds_per_day, network_difficulty, h)
          == Approx(2.23e-5).epsilon(0.005));
}

TEST_CASE("tiny probabilities keep full precision") {
    // 1 GH/s for one second: x = 1e9 / (D * 2^32) ~ 1.8e-15; 1 - exp(-x) would lose it all.
    const double x = 1e9 / (network_difficulty * hashes_per_difficulty);
    const auto p = probability_within(1.0, network_difficulty, 1e9);
    REQUIRE(p);
    CHECK(*p == Approx(x).epsilon(1e-12));
    CHECK(*p > 0.0);
}

TEST_CASE("probability approaches one over very long times and is zero for no time") {
    CHECK(*probability_within(1e30, network_difficulty, 1e12) == Approx(1.0));
    CHECK(*probability_within(0.0, network_difficulty, 1e12) == 0.0);
}

TEST_CASE("best share as a percent of the network difficulty") {
    CHECK(*best_percent_of_network(2134873562.0, network_difficulty)
          == Approx(2134873562.0 / network_difficulty * 100.0));
    CHECK(*best_percent_of_network(network_difficulty, network_difficulty) == Approx(100.0));
    CHECK(*best_percent_of_network(0.0, network_difficulty) == 0.0);
}

TEST_CASE("solo math refuses inputs that would give a made-up figure") {
    CHECK_FALSE(expected_seconds_to_block(network_difficulty, 0.0));
    CHECK_FALSE(expected_seconds_to_block(0.0, 1e12));
    CHECK_FALSE(expected_seconds_to_block(network_difficulty, -1.0));
    CHECK_FALSE(expected_seconds_to_block(NAN, 1e12));
    CHECK_FALSE(probability_within(-1.0, network_difficulty, 1e12));
    CHECK_FALSE(probability_within(86400.0, network_difficulty, 0.0));
    CHECK_FALSE(best_percent_of_network(1.0, 0.0));
    CHECK_FALSE(best_percent_of_network(-1.0, network_difficulty));
}
