// Timestamps and client ids.

#include <regex>
#include <unordered_set>

#include <catch2/catch.hpp>

#include "protocol/encode.hpp"

using namespace sw::protocol;
using namespace std::chrono;

namespace {

system_clock::time_point utc(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms) {
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s}
           + milliseconds{ms};
}

} // namespace

TEST_CASE("timestamps are RFC 3339 UTC with three-digit milliseconds") {
    const std::regex rfc3339(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");
    CHECK(std::regex_match(format_timestamp(system_clock::now()), rfc3339));
    CHECK(format_timestamp(utc(2026, 11, 26, 12, 0, 0, 123)) == "2026-11-26T12:00:00.123Z");
    CHECK(format_timestamp(utc(2026, 1, 2, 3, 4, 5, 7)) == "2026-01-02T03:04:05.007Z");
    CHECK(format_timestamp(utc(2024, 2, 29, 23, 59, 59, 999)) == "2024-02-29T23:59:59.999Z");
}

TEST_CASE("timestamps truncate sub-millisecond time and handle the epoch and before") {
    CHECK(format_timestamp(system_clock::time_point{}) == "1970-01-01T00:00:00.000Z");
    CHECK(format_timestamp(utc(2026, 11, 26, 12, 0, 0, 123) + microseconds{999})
          == "2026-11-26T12:00:00.123Z");
    CHECK(format_timestamp(system_clock::time_point{} - milliseconds{1})
          == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("client ids are client_ and 16 lower-case hex digits") {
    const std::regex format("^client_[0-9a-f]{12,}$");
    for (const std::uint64_t seq : {0ULL, 1ULL, 2ULL, 255ULL, ~0ULL}) {
        const std::string id = make_client_id(seq);
        CHECK(std::regex_match(id, format));
        CHECK(id.size() == 7 + 16);
    }
    CHECK(make_client_id(0) != "client_0000000000000000");
    CHECK(make_client_id(42) == make_client_id(42));
}

TEST_CASE("client ids are unique over 100000 sequence numbers") {
    std::unordered_set<std::string> seen;
    seen.reserve(100000);
    for (std::uint64_t seq = 0; seq < 100000; ++seq) {
        seen.insert(make_client_id(seq));
    }
    CHECK(seen.size() == 100000);
}

TEST_CASE("consecutive client ids do not look sequential") {
    const std::string a = make_client_id(1000);
    const std::string b = make_client_id(1001);
    std::size_t same_prefix = 0;
    while (same_prefix < a.size() && a[same_prefix] == b[same_prefix]) {
        ++same_prefix;
    }
    CHECK(same_prefix < 7 + 8); // they differ well before the last hex digits
}
