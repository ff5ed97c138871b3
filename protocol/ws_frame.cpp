#include "protocol/ws_frame.hpp"

#include <cstdint>

namespace sw::protocol {

namespace {

constexpr unsigned char fin_text = 0x81; // FIN | opcode 1 (text)
constexpr std::size_t max_7bit = 125;    // longer payloads use the 16- or 64-bit length
constexpr std::size_t max_16bit = 0xFFFF;
constexpr unsigned char len_16bit = 126;
constexpr unsigned char len_64bit = 127;

} // namespace

std::size_t frame_header_size(std::size_t payload_size) noexcept {
    if (payload_size <= max_7bit)
        return 2;
    return payload_size <= max_16bit ? 4 : 10;
}

std::string frame_text(std::string_view payload) {
    const auto n = payload.size();
    std::string out;
    out.reserve(frame_header_size(n) + n);
    out.push_back(static_cast<char>(fin_text));
    if (n <= max_7bit) {
        out.push_back(static_cast<char>(n));
    } else if (n <= max_16bit) {
        out.push_back(static_cast<char>(len_16bit));
        out.push_back(static_cast<char>((n >> 8U) & 0xFFU));
        out.push_back(static_cast<char>(n & 0xFFU));
    } else {
        out.push_back(static_cast<char>(len_64bit));
        const auto wide = static_cast<std::uint64_t>(n);
        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back(static_cast<char>((wide >> static_cast<unsigned>(shift)) & 0xFFU));
    }
    out.append(payload);
    return out;
}

std::string_view frame_payload(std::string_view frame) noexcept {
    if (frame.size() < 2)
        return {};
    const auto len = static_cast<unsigned char>(frame[1]) & 0x7FU;
    std::size_t header = 2;
    if (len == len_16bit)
        header = 4;
    else if (len == len_64bit)
        header = 10;
    return frame.size() < header ? std::string_view{} : frame.substr(header);
}

} // namespace sw::protocol
