// Errors raised outside decode_request: by the transport (binary frame, oversize frame) and by
// the rate limiter. Built here so their wording and details live beside the decoder's.

#include <array>
#include <charconv>
#include <string>

#include "protocol/protocol.hpp"

namespace sw::protocol {

namespace {
using json = nlohmann::json;
} // namespace

error binary_frame_error() {
    return error{error_code::invalid_json,
                 "binary frames are not supported; send JSON text frames",
                 json{{"reason", "binary_frame"}},
                 nullptr};
}

error message_too_large_error(std::size_t max_bytes) {
    return error{error_code::message_too_large,
                 "message larger than " + std::to_string(max_bytes) + " bytes",
                 json{{"max_message_bytes", max_bytes}},
                 nullptr};
}

error rate_limited_error(const json& id, double limit_per_second) {
    // Shortest round-trip form: 20 -> "20", 2.5 -> "2.5".
    std::array<char, 32> text{};
    auto* const end = std::to_chars(text.data(), text.data() + text.size(), limit_per_second).ptr;
    return error{error_code::rate_limited,
                 "rate limit exceeded: at most " + std::string(text.data(), end)
                     + " requests per second",
                 json{{"limit_per_second", limit_per_second}},
                 id};
}

} // namespace sw::protocol
