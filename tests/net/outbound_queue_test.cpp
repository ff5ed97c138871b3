#include "net/outbound_queue.hpp"

#include <catch2/catch.hpp>

using sw::actors::outbound_frame;
using sw::net::outbound_queue;
using sw::protocol::topic;

namespace {

outbound_frame reply(std::size_t size) {
    return outbound_frame{std::make_shared<const std::string>(size, 'r')};
}

outbound_frame update(topic t, std::uint64_t seq, std::size_t size, bool full_state) {
    return outbound_frame{
        std::make_shared<const std::string>(size, 'u'), true, t, seq, false, full_state};
}

} // namespace

TEST_CASE("the queue accepts frames up to its message cap then overflows") {
    outbound_queue q(3, 1000);
    CHECK(q.push(reply(10), 0) == outbound_queue::push_result::queued);
    CHECK(q.push(reply(10), 0) == outbound_queue::push_result::queued);
    CHECK(q.push(reply(10), 0) == outbound_queue::push_result::queued);
    CHECK(q.push(reply(10), 0) == outbound_queue::push_result::overflow);
    CHECK(q.size() == 3);
    CHECK(q.bytes() == 30);
}

TEST_CASE("the queue bounds bytes as well as messages") {
    outbound_queue q(100, 100);
    CHECK(q.push(reply(60), 0) == outbound_queue::push_result::queued);
    CHECK(q.push(reply(41), 0) == outbound_queue::push_result::overflow);
    CHECK(q.push(reply(40), 0) == outbound_queue::push_result::queued);
    CHECK(q.bytes() == 100);
    q.pop_front();
    CHECK(q.bytes() == 40);
}

TEST_CASE("a full-state update replaces an older one of its topic when the queue is full") {
    outbound_queue q(3, 10000);
    REQUIRE(q.push(update(topic::system, 1, 10, true), 1) == outbound_queue::push_result::queued);
    REQUIRE(q.push(update(topic::system, 2, 10, true), 1) == outbound_queue::push_result::queued);
    REQUIRE(q.push(reply(10), 1) == outbound_queue::push_result::queued);
    // Seq 1 is in flight and stays; seq 2 is superseded by seq 3.
    CHECK(q.push(update(topic::system, 3, 10, true), 1) == outbound_queue::push_result::conflated);
    CHECK(q.size() == 3);
    CHECK(q.conflated() == 1);
    CHECK(q[0].seq == 1);
    q.pop_front();
    q.pop_front(); // the reply
    CHECK(q[0].seq == 3);
}

TEST_CASE("updates that are not full state are never conflated") {
    outbound_queue q(2, 10000);
    REQUIRE(q.push(update(topic::alerts, 1, 10, false), 0) == outbound_queue::push_result::queued);
    REQUIRE(q.push(update(topic::alerts, 2, 10, false), 0) == outbound_queue::push_result::queued);
    CHECK(q.push(update(topic::alerts, 3, 10, false), 0) == outbound_queue::push_result::overflow);
    CHECK(q.conflated() == 0);
}

TEST_CASE("an in-flight front frame is never dropped") {
    outbound_queue q(1, 10000);
    REQUIRE(q.push(update(topic::system, 1, 10, true), 1) == outbound_queue::push_result::queued);
    CHECK(q.push(update(topic::system, 2, 10, true), 1) == outbound_queue::push_result::overflow);
    q.drop_pending(1);
    CHECK(q.size() == 1);
    CHECK(q[0].seq == 1);
    q.drop_pending(0);
    CHECK(q.empty());
    CHECK(q.bytes() == 0);
}

TEST_CASE("a per-item update replaces an older one only when it carries all its items") {
    auto keyed = [](std::uint64_t seq, std::vector<std::string> keys) {
        auto f = update(topic::miners, seq, 10, false);
        f.keys = std::make_shared<const std::vector<std::string>>(std::move(keys));
        return f;
    };
    outbound_queue q(2, 10000);
    REQUIRE(q.push(keyed(1, {"a", "b"}), 0) == outbound_queue::push_result::queued);
    REQUIRE(q.push(keyed(2, {"c"}), 0) == outbound_queue::push_result::queued);
    // {a} does not cover {a, b} nor {c}: nothing can go.
    CHECK(q.push(keyed(3, {"a"}), 0) == outbound_queue::push_result::overflow);
    // {a, b, c} covers seq 1 (the oldest it covers goes first).
    CHECK(q.push(keyed(4, {"b", "a", "c"}), 0) == outbound_queue::push_result::conflated);
    CHECK(q[0].seq == 2);
}

TEST_CASE("a snapshot is never conflated away") {
    outbound_queue q(1, 10000);
    auto snap = update(topic::system, 0, 10, true);
    snap.is_snapshot = true;
    REQUIRE(q.push(snap, 0) == outbound_queue::push_result::queued);
    CHECK(q.push(update(topic::system, 1, 10, 1), 0) == outbound_queue::push_result::overflow);
}

TEST_CASE("frames of a gathered write in flight are never conflated or dropped") {
    outbound_queue q(3, 1000);
    REQUIRE(q.push(update(topic::system, 1, 10, true), 0) == outbound_queue::push_result::queued);
    REQUIRE(q.push(update(topic::system, 2, 10, true), 0) == outbound_queue::push_result::queued);
    REQUIRE(q.push(update(topic::system, 3, 10, true), 0) == outbound_queue::push_result::queued);
    // Seq 1 and 2 are on the wire: only seq 3 may make room for seq 4.
    CHECK(q.push(update(topic::system, 4, 10, true), 2) == outbound_queue::push_result::conflated);
    REQUIRE(q.size() == 3);
    CHECK(q[0].seq == 1);
    CHECK(q[1].seq == 2);
    CHECK(q[2].seq == 4);
    CHECK(q.push(update(topic::system, 5, 10, true), 3) == outbound_queue::push_result::overflow);
    q.drop_pending(2);
    CHECK(q.size() == 2);
    q.pop_front(2);
    CHECK(q.empty());
    CHECK(q.bytes() == 0);
}
