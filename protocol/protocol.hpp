#pragma once
// Protocol v1 of ../shared/PROTOCOL.md: the topics, the requests a client sends, the errors
// and close codes. Decoding is a pure function that never throws past its boundary.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <tl/expected.hpp>

namespace sw::protocol {

inline constexpr int protocol_version = 1;

/// Deepest accepted nesting of arrays/objects in a client frame (the top-level object is 1).
inline constexpr std::size_t max_json_depth = 32;

// ---- topics ----------------------------------------------------------------------------

/// The fixed set of topics. The enumerator order is the order of `available_topics` in the
/// welcome; sorted lists (subscribed_topics, supported_topics) are alphabetical by name.
enum class topic : std::uint8_t { miners, alerts, system, metrics };

inline constexpr std::size_t topic_count = 4;

/// In welcome order.
inline constexpr std::array<topic, topic_count> all_topics{
    topic::miners, topic::alerts, topic::system, topic::metrics};

std::string_view to_string(topic t) noexcept;

std::string_view description(topic t) noexcept;

std::optional<topic> parse_topic(std::string_view name) noexcept;

/// Names sorted alphabetically (the order of `subscribed_topics` and `supported_topics`).
std::vector<std::string> sorted_names(const std::vector<topic>& topics);

// ---- close codes -----------------------------------------------------------------------

namespace close_code {
inline constexpr std::uint16_t going_away = 1001;       ///< shutdown
inline constexpr std::uint16_t policy_violation = 1008; ///< rate-limit abuse
inline constexpr std::uint16_t message_too_big = 1009;  ///< frame over max_message_bytes
inline constexpr std::uint16_t internal_error = 1011;   ///< the client actor died
inline constexpr std::uint16_t try_again_later = 1013;  ///< slow consumer / connection limit
} // namespace close_code

// ---- requests --------------------------------------------------------------------------

enum class request_type : std::uint8_t { subscribe, unsubscribe, ping, get_status, get_topics };

std::string_view to_string(request_type t) noexcept;

/// Every request type, in enumerator order.
inline constexpr std::array<request_type, 5> all_request_types{request_type::subscribe,
                                                               request_type::unsubscribe,
                                                               request_type::ping,
                                                               request_type::get_status,
                                                               request_type::get_topics};

std::optional<request_type> parse_request_type(std::string_view name) noexcept;

/// Request type names sorted alphabetically (`details.supported_types` of unknown_type).
std::vector<std::string> supported_request_types();

struct request {
    request_type type = request_type::ping;
    nlohmann::json id;          ///< the request's `id` (string or number); null when absent
    std::vector<topic> topics;  ///< subscribe/unsubscribe: deduplicated, in the order given
    bool include_stats = false; ///< ping only
};

// ---- errors ----------------------------------------------------------------------------

enum class error_code : std::uint8_t {
    invalid_json,
    invalid_message,
    unknown_type,
    invalid_topic,
    rate_limited,
    message_too_large,
};

std::string_view to_string(error_code c) noexcept;

/// An error reply. `details` is always a JSON object; `id` is null when there is none to echo.
struct error {
    error_code code = error_code::invalid_message;
    std::string message;
    nlohmann::json details = nlohmann::json::object();
    nlohmann::json id;
};

/// True when `text` nests arrays/objects deeper than `max_depth`. Iterative (no recursion),
/// aware of strings and escapes; runs before any JSON parser sees the text.
bool exceeds_depth(std::string_view text, std::size_t max_depth) noexcept;

/// Decodes and validates one text frame. Never throws.
tl::expected<request, error> decode_request(std::string_view frame) noexcept;

/// The error for a binary frame (invalid_json).
error binary_frame_error();

/// The error sent before closing with 1009.
error message_too_large_error(std::size_t max_bytes);

/// The error for a request refused by the rate limiter.
error rate_limited_error(const nlohmann::json& id, double limit_per_second);

} // namespace sw::protocol
