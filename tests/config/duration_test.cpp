#include <catch2/catch.hpp>

#include "config/config.hpp"

using namespace std::chrono_literals;
using Catch::Contains;
using Catch::EndsWith;
using Catch::Equals;
using Catch::StartsWith;
using sw::config::duration;
using sw::config::format_duration;
using sw::config::parse_duration;

TEST_CASE("durations with a unit are read as milliseconds") {
    const auto [text, expected] = GENERATE(table<const char*, duration>({
        {"250ms", 250ms},
        {"0ms", 0ms},
        {"0s", 0ms},
        {"30s", 30s},
        {"5m", 5min},
        {"1h", 1h},
        {"1.5s", 1500ms},
        {"0.25s", 250ms},
        {"1.5m", 90s},
        {"0.5h", 30min},
        {"2.000s", 2s},
        {"007s", 7s},
        {"0.001s", 1ms},
        {"0.0000025h", 9ms},
        {"100000h", 100000h},
        {"999999999999h", 999999999999h},
    }));
    INFO(text);
    const auto parsed = parse_duration(text);
    REQUIRE(parsed);
    CHECK(*parsed == expected);
}

TEST_CASE("durations without a valid number and unit are refused with the expected form") {
    const std::string text = GENERATE(as<std::string>{},
                                      "",
                                      "5",
                                      "30",
                                      "s",
                                      "ms",
                                      "1.s",
                                      ".5s",
                                      "+5s",
                                      "1,5s",
                                      "5 s",
                                      " 5s",
                                      "5s ",
                                      "5sec",
                                      "5S",
                                      "1d",
                                      "5x",
                                      "1e3ms",
                                      "1h30m",
                                      "0x10s",
                                      "--1s",
                                      "-1s",
                                      "-0.5m");
    INFO(text);
    const auto parsed = parse_duration(text);
    REQUIRE_FALSE(parsed);
    CHECK_THAT(parsed.error(),
               StartsWith("\"" + text + "\" is not a duration: ")
                   && EndsWith(R"(expected a duration string such as "30s" or "250ms")"));
}

TEST_CASE("a duration refusal says what was wrong when it can") {
    CHECK_THAT(
        parse_duration("5").error(),
        Equals(R"("5" is not a duration: expected a duration string such as "30s" or "250ms")"));
    CHECK_THAT(parse_duration("5d").error(), Contains(R"(unknown unit "d" (use ms, s, m or h))"));
    CHECK_THAT(parse_duration("-5s").error(), Contains("a duration cannot be negative"));
    CHECK_THAT(parse_duration("1.5ms").error(), Contains("not a whole number of milliseconds"));
    CHECK_THAT(parse_duration("0.0000000001s").error(), Contains("not a whole number"));
    CHECK_THAT(parse_duration("9999999999999h").error(), Contains("too large"));
}

TEST_CASE("format_duration picks the largest unit that is exact") {
    const auto [value, expected] = GENERATE(table<duration, const char*>({
        {0ms, "0ms"},
        {1ms, "1ms"},
        {250ms, "250ms"},
        {1500ms, "1500ms"},
        {1s, "1s"},
        {30s, "30s"},
        {90s, "90s"},
        {5min, "5m"},
        {90min, "90m"},
        {1h, "1h"},
        {48h, "48h"},
    }));
    CHECK(format_duration(value) == expected);
}

TEST_CASE("format_duration output reads back as the same duration") {
    for (const duration d :
         std::initializer_list<duration>{0ms, 7ms, 1001ms, 60s, 61s, 3600s, 3601s, 999999999999h}) {
        const auto text = format_duration(d);
        INFO(text);
        const auto again = parse_duration(text);
        REQUIRE(again);
        CHECK(*again == d);
    }
}
