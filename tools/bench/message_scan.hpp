#pragma once
// Hand-written readers for the hot path: every received frame goes through them, so they
// avoid building a JSON document. The scanner reads only the top-level fields the bench
// needs and skips nested values (a `timestamp` inside `data` is never mistaken for the
// broadcast's); the timestamp parser reads RFC 3339 without regex or locale.

#include <cstdint>
#include <optional>
#include <string_view>

namespace sw::bench {

// The top-level fields of one server frame; views into the frame's bytes.
struct frame_fields {
    std::string_view type;           // raw string contents (the protocol's types need no
                                     // unescaping)
    std::optional<std::int64_t> seq; // integer `seq`, when present
    std::string_view timestamp;      // raw string contents of `timestamp`
};

// Reads `type`, `seq` and `timestamp` from a JSON object; stops as soon as all three are
// found. Returns nullopt when the frame is not a well-formed JSON object (as far as read).
std::optional<frame_fields> scan_frame(std::string_view json);

// Microseconds since the Unix epoch of an RFC 3339 date-time such as
// "2026-11-26T12:00:00.123Z" (any number of fraction digits, 'Z' or a +hh:mm/-hh:mm
// offset). nullopt when malformed.
std::optional<std::int64_t> parse_rfc3339_micros(std::string_view text);

} // namespace sw::bench
