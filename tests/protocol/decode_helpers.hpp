#pragma once
// Shared helpers for the decode tests: decode a frame that must succeed or must fail.

#include <string_view>

#include <catch2/catch.hpp>

#include "protocol/protocol.hpp"

namespace sw::protocol::test {

inline request decode_ok(std::string_view frame) {
    auto result = decode_request(frame);
    INFO("frame: " << frame);
    if (!result) {
        INFO("error: " << result.error().message);
        FAIL("expected the frame to decode");
    }
    return std::move(*result);
}

inline error decode_fail(std::string_view frame) {
    auto result = decode_request(frame);
    INFO("frame: " << frame);
    REQUIRE_FALSE(result.has_value());
    REQUIRE(result.error().details.is_object());
    return std::move(result.error());
}

} // namespace sw::protocol::test
