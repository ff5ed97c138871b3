#pragma once
// The one error type of every miner-reply parser. A parser never throws past its boundary: it
// returns a value or a parse_error whose message names what was wrong (which command, which key)
// so that the poller can put it in `last_error` unchanged.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sw::miners {

enum class parse_errc : std::uint8_t {
    empty_reply, ///< nothing but whitespace / NUL bytes
    not_json,    ///< not JSON even after repair (HTML page, garbage bytes)
    too_deep,    ///< nesting deeper than max_reply_depth: refused before parsing
    bad_shape,   ///< JSON, but not the expected object / section
    missing_key, ///< an essential key is absent
    bad_value,   ///< an essential key holds an unusable value
    miner_error, ///< a cgminer-family miner answered STATUS E (error) or F (fatal)
};

std::string_view to_string(parse_errc code) noexcept;

/// cgminer API codes the poller acts on.
namespace cgminer_code {
inline constexpr std::int64_t invalid_command = 14;
inline constexpr std::int64_t access_denied = 45;
} // namespace cgminer_code

struct parse_error {
    parse_errc code = parse_errc::bad_shape;
    std::string message;                    ///< human readable, starts with the command/endpoint
    std::optional<std::int64_t> miner_code; ///< cgminer `Code` when code == miner_error
    std::string miner_msg;                  ///< cgminer `Msg` when code == miner_error

    /// Code 14: the firmware does not know the command (optional commands: remember, stop asking).
    bool invalid_command() const noexcept {
        return code == parse_errc::miner_error && miner_code == cgminer_code::invalid_command;
    }

    /// Code 45: the API is read-only / the command needs privileges it does not grant.
    bool access_denied() const noexcept {
        return code == parse_errc::miner_error && miner_code == cgminer_code::access_denied;
    }

    /// Either refusal: the poller should not retry this command on every poll.
    bool refused() const noexcept { return invalid_command() || access_denied(); }
};

} // namespace sw::miners
