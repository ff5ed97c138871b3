#pragma once
// Shared by the config tests: parse a snippet and get at the config or the refusals.

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "config/config.hpp"

namespace sw::config::test {

/// The config a snippet yields; fails the test (showing the errors) when it is refused.
inline config accepted(std::string_view text) {
    auto result = parse_config(text, "test.toml");
    if (!result) {
        for (const auto& e : result.error()) {
            UNSCOPED_INFO(e.to_string());
        }
    }
    REQUIRE(result);
    return *result;
}

/// The refusals of a snippet; fails the test when it is accepted.
inline config_errors refused(std::string_view text) {
    auto result = parse_config(text, "test.toml");
    REQUIRE_FALSE(result);
    for (const auto& e : result.error()) {
        UNSCOPED_INFO(e.to_string());
    }
    return result.error();
}

/// The single refusal of a snippet.
inline config_error refused_once(std::string_view text) {
    auto errors = refused(text);
    REQUIRE(errors.size() == 1);
    return errors.front();
}

inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace sw::config::test
