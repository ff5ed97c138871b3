#include "actors/rate_limiter.hpp"

#include <catch2/catch.hpp>

using sw::actors::rate_limiter;
using namespace std::chrono_literals;
using verdict = rate_limiter::verdict;

TEST_CASE("the bucket allows a burst then refuses then refills at the rate") {
    auto t = rate_limiter::clock::time_point{} + 1h;
    rate_limiter rl(10, 5, 10, 10, t);
    for (int i = 0; i < 5; ++i)
        CHECK(rl.on_request(t) == verdict::allow);
    CHECK(rl.on_request(t) == verdict::refuse);
    CHECK(rl.on_request(t) == verdict::refuse_quiet); // one error per second at most
    t += 100ms;                                       // one token back
    CHECK(rl.on_request(t) == verdict::allow);
    CHECK(rl.on_request(t) == verdict::refuse_quiet);
    t += 1s;
    CHECK(rl.on_request(t) == verdict::allow);
    CHECK(rl.refused() == 3);
}

TEST_CASE("flooding at ten times the rate for ten seconds closes nine seconds does not") {
    auto t = rate_limiter::clock::time_point{} + 1h;
    rate_limiter rl(5, 5, 10, 10, t);
    verdict last = verdict::allow;
    // 50 requests per second (10x the rate) for 9 seconds.
    for (int s = 0; s < 9; ++s)
        for (int i = 0; i < 50; ++i) {
            last = rl.on_request(t + std::chrono::seconds(s) + i * 20ms);
            REQUIRE(last != verdict::close);
        }
    // The tenth second of flooding closes.
    bool closed = false;
    for (int i = 0; i < 50 && !closed; ++i)
        closed = rl.on_request(t + 9s + i * 20ms) == verdict::close;
    CHECK(closed);
}

TEST_CASE("a pause in the flood resets the flood streak") {
    auto t = rate_limiter::clock::time_point{} + 1h;
    rate_limiter rl(5, 5, 10, 10, t);
    for (int s = 0; s < 8; ++s)
        for (int i = 0; i < 50; ++i)
            REQUIRE(rl.on_request(t + std::chrono::seconds(s) + i * 20ms) != verdict::close);
    t += 8s + 5s; // quiet for a while
    for (int s = 0; s < 8; ++s)
        for (int i = 0; i < 50; ++i)
            REQUIRE(rl.on_request(t + std::chrono::seconds(s) + i * 20ms) != verdict::close);
}
