#pragma once
// RFC 6455 section 5.2 framing of server-to-client messages. A server never masks, so a frame
// is the same bytes for every client: a broadcast is framed once, shared by every subscriber,
// and written straight to each socket, several frames in one gathered write.

#include <cstddef>
#include <string>
#include <string_view>

namespace sw::protocol {

/// Header bytes of an unmasked frame carrying `payload_size` bytes: 2, 4 or 10.
std::size_t frame_header_size(std::size_t payload_size) noexcept;

/// One final (FIN), unmasked text frame: header and payload in one buffer.
std::string frame_text(std::string_view payload);

/// The payload of a frame made by frame_text (empty for a buffer too short to be one).
std::string_view frame_payload(std::string_view frame) noexcept;

} // namespace sw::protocol
