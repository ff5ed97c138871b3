#pragma once
// Recorded miner replies. The files are copies of shared/fixtures/miners/ kept beside the
// tests so that the suite does not depend on shared/ being checked out next to the clone.

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

namespace sw::miners::test {

inline std::string fixture_path(std::string_view name) {
    return std::string(SOLOWATCH_SOURCE_DIR) + "/tests/miners/fixtures/" + std::string(name);
}

/// The exact bytes of a fixture (a `.wire` file keeps its trailing NUL).
inline std::string read_fixture(std::string_view name) {
    std::ifstream in(fixture_path(name), std::ios::binary);
    INFO("fixture: " << fixture_path(name));
    REQUIRE(in.good());
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace sw::miners::test
