// Property: decode_request returns (value or error) for any byte string. A fixed-seed
// generator keeps failures reproducible without libFuzzer.

#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "protocol/protocol.hpp"

using namespace sw::protocol;

namespace {

const std::vector<std::string> seeds{
    R"({"type":"subscribe","topics":["miners","alerts"],"id":1})",
    R"({"type":"unsubscribe","topic":"alerts","id":"x"})",
    R"({"type":"ping","include_stats":true,"id":3.5})",
    R"({"type":"get_status","id":4})",
    R"({"type":"get_topics","extra":[{"a":"\"[{"},null,true,-1e5]})",
};

const std::string alphabet = "{}[]\",:\\0123456789.eE+-truefalsnl \t\n\x80\xff\xc3";

std::string mutate(std::string s, std::mt19937& rng) {
    std::uniform_int_distribution<int> op(0, 3);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<int> count(1, 8);
    const int edits = count(rng);
    for (int i = 0; i < edits; ++i) {
        std::uniform_int_distribution<std::size_t> pos(0, s.size());
        const std::size_t at = pos(rng);
        switch (op(rng)) {
        case 0: // insert a character that matters to JSON
            s.insert(at, 1, alphabet[pick(rng)]);
            break;
        case 1: // erase
            if (at < s.size()) {
                s.erase(at, 1);
            }
            break;
        case 2: // overwrite with any byte
            if (at < s.size()) {
                s[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
            }
            break;
        default: // duplicate a slice, growing nesting and lists
            s.insert(at, s.substr(at, std::uniform_int_distribution<std::size_t>(0, 40)(rng)));
            break;
        }
    }
    return s;
}

std::string random_bytes(std::mt19937& rng) {
    std::string s(std::uniform_int_distribution<std::size_t>(0, 200)(rng), '\0');
    for (char& c : s) {
        c = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
    }
    return s;
}

} // namespace

TEST_CASE("decode_request returns for thousands of random and mutated frames") {
    std::mt19937 rng(20261126);
    std::size_t decoded = 0;
    std::size_t refused = 0;
    for (int i = 0; i < 6000; ++i) {
        const std::string frame =
            i % 3 == 0 ? random_bytes(rng)
                       : mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng);
        const auto result = decode_request(frame);
        if (result) {
            ++decoded;
        } else {
            ++refused;
            REQUIRE(result.error().details.is_object());
            REQUIRE_FALSE(result.error().message.empty());
        }
    }
    CHECK(decoded + refused == 6000);
    CHECK(decoded > 0); // the mutator keeps some frames valid, so both paths ran
    CHECK(refused > 0);
}
