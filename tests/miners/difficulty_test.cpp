#include "miners/difficulty.hpp"

#include <catch2/catch.hpp>

using sw::miners::difficulty_from_json;
using sw::miners::parse_difficulty;
using json = nlohmann::json;

TEST_CASE("difficulty strings scale by their suffix") {
    CHECK(*parse_difficulty("4.29G") == Approx(4.29e9));
    CHECK(*parse_difficulty("270M") == Approx(270e6));
    CHECK(*parse_difficulty("524K") == Approx(524e3));
    CHECK(*parse_difficulty("2.05k") == Approx(2050.0));
    CHECK(*parse_difficulty("1.5T") == Approx(1.5e12));
    CHECK(*parse_difficulty("3P") == Approx(3e15));
    CHECK(*parse_difficulty("1.2E") == Approx(1.2e18));
}

TEST_CASE("difficulty strings tolerate blanks around the number and before the suffix") {
    CHECK(*parse_difficulty("1.46 G") == Approx(1.46e9)); // AxeOS v2.10
    CHECK(*parse_difficulty(" 88.2M ") == Approx(88.2e6));
    CHECK(*parse_difficulty("512") == 512.0);
    CHECK(*parse_difficulty("\t12\n") == 12.0);
}

TEST_CASE("difficulty accepts JSON numbers and numeric strings alike") {
    CHECK(*difficulty_from_json(json(2134873562)) == 2134873562.0);
    CHECK(*difficulty_from_json(json(11.670000076293945)) == Approx(11.67));
    CHECK(*difficulty_from_json(json("4.29G")) == Approx(4.29e9));
    CHECK(*difficulty_from_json(json(126411437451912ULL)) == 126411437451912.0);
}

TEST_CASE("malformed or impossible difficulties are absent not zero") {
    CHECK_FALSE(parse_difficulty("").has_value());
    CHECK_FALSE(parse_difficulty("   ").has_value());
    CHECK_FALSE(parse_difficulty("G").has_value());
    CHECK_FALSE(parse_difficulty("12X").has_value());
    CHECK_FALSE(parse_difficulty("12 GG").has_value());
    CHECK_FALSE(parse_difficulty("12m").has_value()); // would read as milli
    CHECK_FALSE(parse_difficulty("-5").has_value());
    CHECK_FALSE(parse_difficulty("inf").has_value());
    CHECK_FALSE(parse_difficulty("nan").has_value());
    CHECK_FALSE(parse_difficulty("1e308E").has_value()); // overflows once scaled
    CHECK_FALSE(difficulty_from_json(json(true)).has_value());
    CHECK_FALSE(difficulty_from_json(json(nullptr)).has_value());
    CHECK_FALSE(difficulty_from_json(json::array()).has_value());
    CHECK_FALSE(difficulty_from_json(json(-1)).has_value());
}
