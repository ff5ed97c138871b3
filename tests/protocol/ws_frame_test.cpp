// Server frames are built by hand (once per broadcast), so their bytes are checked against
// RFC 6455 section 5.2 here; the end-to-end tests read them with Beast's client.
#include "protocol/ws_frame.hpp"

#include <string>

#include <catch2/catch.hpp>

using sw::protocol::frame_header_size;
using sw::protocol::frame_payload;
using sw::protocol::frame_text;

namespace {

unsigned byte_at(const std::string& s, std::size_t i) {
    return static_cast<unsigned char>(s.at(i));
}

} // namespace

TEST_CASE("a short payload has a two byte header with its length", "[ws_frame]") {
    auto f = frame_text("hello");
    REQUIRE(f.size() == 7);
    CHECK(byte_at(f, 0) == 0x81); // FIN, text
    CHECK(byte_at(f, 1) == 5);    // unmasked, length 5
    CHECK(f.substr(2) == "hello");
    CHECK(frame_payload(f) == "hello");
}

TEST_CASE("the length encoding switches at 126 and 65536 bytes", "[ws_frame]") {
    CHECK(frame_header_size(0) == 2);
    CHECK(frame_header_size(125) == 2);
    CHECK(frame_header_size(126) == 4);
    CHECK(frame_header_size(65535) == 4);
    CHECK(frame_header_size(65536) == 10);

    auto mid = frame_text(std::string(300, 'x'));
    REQUIRE(mid.size() == 304);
    CHECK(byte_at(mid, 1) == 126);
    CHECK((byte_at(mid, 2) << 8U | byte_at(mid, 3)) == 300);
    CHECK(frame_payload(mid) == std::string(300, 'x'));

    auto big = frame_text(std::string(70000, 'y'));
    REQUIRE(big.size() == 70010);
    CHECK(byte_at(big, 1) == 127);
    std::uint64_t len = 0;
    for (std::size_t i = 2; i < 10; ++i)
        len = len << 8U | byte_at(big, i);
    CHECK(len == 70000);
    CHECK(frame_payload(big).size() == 70000);
}

TEST_CASE("an empty payload is a valid frame and a truncated buffer has no payload", "[ws_frame]") {
    auto f = frame_text("");
    REQUIRE(f.size() == 2);
    CHECK(byte_at(f, 1) == 0);
    CHECK(frame_payload(f).empty());
    CHECK(frame_payload(std::string("\x81")).empty());
    CHECK(frame_payload(std::string("\x81\x7e\x01", 3)).empty());
}
