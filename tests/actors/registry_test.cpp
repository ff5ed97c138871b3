// topic_registry on a real actor system: seq order, one shared buffer per broadcast,
// snapshots, and cleanup when a subscriber dies. Every receive has a deadline.
#include <catch2/catch.hpp>

#include "actors/messages.hpp"
#include "actors/topic_registry.hpp"

#include "support/wait.hpp"

using namespace sw::actors;
using nlohmann::json;
using sw::protocol::topic;

namespace {

constexpr auto deadline = std::chrono::seconds(5);

topic_mask bit(topic t) {
    return static_cast<topic_mask>(1U << static_cast<unsigned>(t));
}

publication make_pub(topic t, const json& data, const json& state) {
    return publication{t,
                       std::make_shared<const std::string>(data.dump()),
                       std::make_shared<const std::string>(state.dump())};
}

outbound_frame next_frame(caf::scoped_actor& self) {
    outbound_frame out;
    bool got = false;
    self->receive(
        [&](sw_deliver_atom, const outbound_frame& f) {
            out = f;
            got = true;
        },
        caf::after(deadline) >> [] {});
    REQUIRE(got);
    return out;
}

std::vector<std::uint64_t> counts(caf::scoped_actor& self, const caf::actor& reg) {
    std::vector<std::uint64_t> out;
    self->request(reg, deadline, sw_topics_atom_v)
        .receive([&](const std::vector<std::uint64_t>& c) { out = c; }, [](const caf::error&) {});
    return out;
}

struct system_fixture {
    caf::actor_system_config cfg;
    std::unique_ptr<caf::actor_system> sys;

    system_fixture() {
        cfg.set("scheduler.max-threads", 2);
        sys = std::make_unique<caf::actor_system>(cfg);
    }
};

} // namespace

TEST_CASE_METHOD(system_fixture, "a subscriber gets the snapshot then updates in seq order") {
    auto reg = spawn_topic_registry(*sys);
    caf::scoped_actor self{*sys};
    self->send(reg, sw_sub_atom_v, bit(topic::miners), caf::actor_cast<caf::actor>(self));
    auto snap = json::parse(*next_frame(self).bytes);
    CHECK(snap["type"] == "miners_snapshot");
    CHECK(snap["seq"] == 0);
    CHECK(snap["data"] == json({{"miners", json::array()}}));

    for (int i = 1; i <= 3; ++i)
        self->send(reg, sw_publish_atom_v, make_pub(topic::miners, {{"n", i}}, {{"all", i}}));
    for (std::uint64_t i = 1; i <= 3; ++i) {
        auto f = next_frame(self);
        CHECK(f.seq == i);
        CHECK_FALSE(f.is_snapshot);
        auto j = json::parse(*f.bytes);
        CHECK(j["type"] == "miners_update");
        CHECK(j["seq"] == i);
        CHECK(j["broadcast_id"] == "miners-" + std::to_string(i));
        CHECK(j["data"]["n"] == i);
    }
    caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(system_fixture, "every subscriber gets the same serialized buffer") {
    auto reg = spawn_topic_registry(*sys);
    caf::scoped_actor a{*sys};
    caf::scoped_actor b{*sys};
    a->send(reg, sw_sub_atom_v, bit(topic::system), caf::actor_cast<caf::actor>(a));
    b->send(reg, sw_sub_atom_v, bit(topic::system), caf::actor_cast<caf::actor>(b));
    next_frame(a);
    next_frame(b);
    a->send(reg, sw_publish_atom_v, make_pub(topic::system, {{"x", 1}}, {{"x", 1}}));
    auto fa = next_frame(a);
    auto fb = next_frame(b);
    CHECK(fa.bytes.get() == fb.bytes.get()); // one buffer, not two equal copies
    caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(system_fixture, "a late subscriber's snapshot holds the retained state and seq") {
    auto reg = spawn_topic_registry(*sys);
    caf::scoped_actor self{*sys};
    for (int i = 1; i <= 4; ++i)
        self->send(reg, sw_publish_atom_v, make_pub(topic::alerts, {{"i", i}}, {{"alerts", {i}}}));
    self->send(reg, sw_sub_atom_v, bit(topic::alerts), caf::actor_cast<caf::actor>(self));
    auto snap = next_frame(self);
    CHECK(snap.is_snapshot);
    CHECK(snap.seq == 4);
    auto j = json::parse(*snap.bytes);
    CHECK(j["seq"] == 4);
    CHECK(j["data"] == json({{"alerts", {4}}}));
    self->send(reg, sw_publish_atom_v, make_pub(topic::alerts, {{"i", 5}}, {{"alerts", {5}}}));
    CHECK(next_frame(self).seq == 5);
    caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(system_fixture, "a subscriber that dies is removed from every topic") {
    auto reg = spawn_topic_registry(*sys);
    caf::scoped_actor self{*sys};
    auto doomed = sys->spawn([]() -> caf::behavior {
        return {[](sw_deliver_atom, const outbound_frame&) {
        }};
    });
    self->send(reg,
               sw_sub_atom_v,
               static_cast<topic_mask>(bit(topic::miners) | bit(topic::system)),
               doomed);
    REQUIRE(sw::test::wait_until([&] {
        return counts(self, reg) == std::vector<std::uint64_t>{1, 0, 1, 0};
    }));
    caf::anon_send_exit(doomed, caf::exit_reason::kill);
    CHECK(sw::test::wait_until([&] {
        return counts(self, reg) == std::vector<std::uint64_t>{0, 0, 0, 0};
    }));
    caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(system_fixture, "unsubscribe removes only the named topics") {
    auto reg = spawn_topic_registry(*sys);
    caf::scoped_actor self{*sys};
    auto me = caf::actor_cast<caf::actor>(self);
    self->send(
        reg, sw_sub_atom_v, static_cast<topic_mask>(bit(topic::miners) | bit(topic::alerts)), me);
    next_frame(self);
    next_frame(self);
    self->send(reg, sw_unsub_atom_v, bit(topic::miners), me);
    CHECK(counts(self, reg) == std::vector<std::uint64_t>{0, 1, 0, 0});
    caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
}
