// topic_registry on a real actor system: seq order, one shared buffer per broadcast queued
// straight to each subscriber's sink, snapshots, and cleanup when a subscriber dies. Every
// wait has a deadline.
#include <catch2/catch.hpp>

#include "actors/messages.hpp"
#include "actors/topic_registry.hpp"

#include "fake_sink.hpp"
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

/// The frame at `index` of what the registry queued to `sink`, waiting for it (deadline).
outbound_frame frame_at(const sw::test::fake_sink& sink, std::size_t index) {
    REQUIRE(sw::test::wait_until([&] { return sink.raw_frames().size() > index; }, deadline));
    return sink.raw_frames().at(index);
}

json json_at(const sw::test::fake_sink& sink, std::size_t index) {
    return json::parse(payload_of(frame_at(sink, index)));
}

std::weak_ptr<session_sink> weak(const std::shared_ptr<sw::test::fake_sink>& sink) {
    return sink;
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
    auto sink = std::make_shared<sw::test::fake_sink>();
    self->send(
        reg, sw_sub_atom_v, bit(topic::miners), caf::actor_cast<caf::actor>(self), weak(sink));
    auto snap = json_at(*sink, 0);
    CHECK(snap["type"] == "miners_snapshot");
    CHECK(snap["seq"] == 0);
    CHECK(snap["data"] == json({{"miners", json::array()}}));

    for (int i = 1; i <= 3; ++i)
        self->send(reg, sw_publish_atom_v, make_pub(topic::miners, {{"n", i}}, {{"all", i}}));
    for (std::uint64_t i = 1; i <= 3; ++i) {
        auto f = frame_at(*sink, i);
        CHECK(f.seq == i);
        CHECK_FALSE(f.is_snapshot);
        auto j = json::parse(payload_of(f));
        CHECK(j["type"] == "miners_update");
        CHECK(j["seq"] == i);
        CHECK(j["broadcast_id"] == "miners-" + std::to_string(i));
        CHECK(j["data"]["n"] == i);
    }
    caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(system_fixture, "every subscriber gets the same framed buffer") {
    auto reg = spawn_topic_registry(*sys);
    caf::scoped_actor a{*sys};
    caf::scoped_actor b{*sys};
    auto sa = std::make_shared<sw::test::fake_sink>();
    auto sb = std::make_shared<sw::test::fake_sink>();
    a->send(reg, sw_sub_atom_v, bit(topic::system), caf::actor_cast<caf::actor>(a), weak(sa));
    b->send(reg, sw_sub_atom_v, bit(topic::system), caf::actor_cast<caf::actor>(b), weak(sb));
    frame_at(*sa, 0);
    frame_at(*sb, 0);
    a->send(reg, sw_publish_atom_v, make_pub(topic::system, {{"x", 1}}, {{"x", 1}}));
    auto fa = frame_at(*sa, 1);
    auto fb = frame_at(*sb, 1);
    CHECK(fa.bytes.get() == fb.bytes.get()); // one buffer, not two equal copies
    CHECK(static_cast<unsigned char>(fa.bytes->front()) == 0x81); // a complete text frame
    caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(system_fixture, "a late subscriber's snapshot holds the retained state and seq") {
    auto reg = spawn_topic_registry(*sys);
    caf::scoped_actor self{*sys};
    auto sink = std::make_shared<sw::test::fake_sink>();
    for (int i = 1; i <= 4; ++i)
        self->send(reg, sw_publish_atom_v, make_pub(topic::alerts, {{"i", i}}, {{"alerts", {i}}}));
    self->send(
        reg, sw_sub_atom_v, bit(topic::alerts), caf::actor_cast<caf::actor>(self), weak(sink));
    auto snap = frame_at(*sink, 0);
    CHECK(snap.is_snapshot);
    CHECK(snap.seq == 4);
    auto j = json::parse(payload_of(snap));
    CHECK(j["seq"] == 4);
    CHECK(j["data"] == json({{"alerts", {4}}}));
    self->send(reg, sw_publish_atom_v, make_pub(topic::alerts, {{"i", 5}}, {{"alerts", {5}}}));
    CHECK(frame_at(*sink, 1).seq == 5);
    caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
}

TEST_CASE_METHOD(system_fixture, "a subscriber that dies is removed from every topic") {
    auto reg = spawn_topic_registry(*sys);
    caf::scoped_actor self{*sys};
    auto sink = std::make_shared<sw::test::fake_sink>();
    auto doomed = sys->spawn([]() -> caf::behavior {
        return {[](int) {
        }};
    });
    self->send(reg,
               sw_sub_atom_v,
               static_cast<topic_mask>(bit(topic::miners) | bit(topic::system)),
               doomed,
               weak(sink));
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
    auto sink = std::make_shared<sw::test::fake_sink>();
    auto me = caf::actor_cast<caf::actor>(self);
    self->send(reg,
               sw_sub_atom_v,
               static_cast<topic_mask>(bit(topic::miners) | bit(topic::alerts)),
               me,
               weak(sink));
    frame_at(*sink, 1);
    self->send(reg, sw_unsub_atom_v, bit(topic::miners), me);
    CHECK(counts(self, reg) == std::vector<std::uint64_t>{0, 1, 0, 0});
    self->send(reg, sw_publish_atom_v, make_pub(topic::miners, {{"n", 1}}, {{"all", 1}}));
    self->send(reg, sw_publish_atom_v, make_pub(topic::alerts, {{"n", 1}}, {{"all", 1}}));
    auto after = frame_at(*sink, 2); // the alerts update, never the miners one
    CHECK(after.topic == topic::alerts);
    CHECK(counts(self, reg) == std::vector<std::uint64_t>{0, 1, 0, 0});
    CHECK(sink->raw_frames().size() == 3);
    caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
}
