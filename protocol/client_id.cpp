// Client ids: a bijection of a process-wide sequence number, so they are unique without a
// registry and do not reveal how many clients came before.

#include "protocol/encode.hpp"

namespace sw::protocol {

namespace {

/// splitmix64: an added constant, then its finalizer. Every step (adding, `z ^= z >> k`,
/// multiplying by an odd constant) is invertible mod 2^64, so distinct inputs give distinct
/// outputs; the added constant keeps sequence 0 from mapping to the all-zero id.
std::uint64_t mix(std::uint64_t z) noexcept {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

} // namespace

std::string make_client_id(std::uint64_t sequence) {
    constexpr std::string_view hex = "0123456789abcdef";
    std::string id = "client_0000000000000000";
    std::uint64_t value = mix(sequence);
    for (std::size_t i = id.size(); i-- > 7;) {
        id[i] = hex[value & 0xfU];
        value >>= 4;
    }
    return id;
}

} // namespace sw::protocol
