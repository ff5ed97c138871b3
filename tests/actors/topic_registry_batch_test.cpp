// topic_registry with sinks that share an I/O thread (a batch key): one hand-over per
// broadcast for all of them, a bound on hand-overs not yet delivered, and what waits while
// the I/O thread is behind (order kept, a newer full-state update replacing a waiting one,
// snapshots behind the broadcasts before them). Every wait has a deadline.
#include <mutex>
#include <utility>

#include <catch2/catch.hpp>

#include "actors/messages.hpp"
#include "actors/session_sink.hpp"
#include "actors/topic_registry.hpp"
#include "actors/trace.hpp"

#include "support/wait.hpp"

using namespace sw::actors;
using nlohmann::json;
using sw::protocol::topic;

namespace {

constexpr auto deadline = std::chrono::seconds(5);

topic_mask bit(topic t) {
    return static_cast<topic_mask>(1U << static_cast<unsigned>(t));
}

publication make_pub(topic t, int n) {
    return publication{t,
                       std::make_shared<const std::string>(json({{"n", n}}).dump()),
                       std::make_shared<const std::string>(json({{"n", n}}).dump())};
}

/// What the registry handed over in one send_batches call.
struct hand_over {
    std::vector<frame_batch> batches;
    batch_gauge in_flight;
};

/// Every hand-over of every sink of one key, in the order they were made. Like an I/O thread
/// that is stalled until release(): the registry's count of batches in flight stays up.
struct io_thread_double {
    mutable std::mutex mutex; // test scaffolding only
    std::vector<hand_over> hand_overs;
    std::vector<std::pair<const void*, outbound_frame>> singles;    // send_frame calls
    std::vector<std::pair<std::uint64_t, std::string>> trace_drops; // seq, reason

    std::size_t count() const {
        std::lock_guard lock(mutex);
        return hand_overs.size();
    }

    hand_over at(std::size_t i) const {
        std::lock_guard lock(mutex);
        return hand_overs.at(i);
    }

    std::vector<std::pair<std::uint64_t, std::string>> drops() const {
        std::lock_guard lock(mutex);
        return trace_drops;
    }

    std::size_t singles_count() const {
        std::lock_guard lock(mutex);
        return singles.size();
    }

    /// The I/O thread delivers everything handed over so far.
    void release() {
        std::lock_guard lock(mutex);
        for (auto& h : hand_overs)
            if (auto gauge = std::exchange(h.in_flight, nullptr))
                gauge->fetch_sub(h.batches.size());
    }
};

class batching_sink : public session_sink {
public:
    explicit batching_sink(io_thread_double& io) : io_(io) {}

    void send_frame(outbound_frame frame) override {
        std::lock_guard lock(io_.mutex);
        io_.singles.emplace_back(this, std::move(frame));
    }

    [[nodiscard]] const void* batch_key() const override { return &io_; }

    void send_batches(std::vector<frame_batch> batches, batch_gauge in_flight) override {
        std::lock_guard lock(io_.mutex);
        io_.hand_overs.push_back({std::move(batches), std::move(in_flight)});
    }

    void trace_dropped(const outbound_frame& frame, const char* why) const override {
        std::lock_guard lock(io_.mutex);
        io_.trace_drops.emplace_back(frame.seq, why);
    }

    void set_topics(topic_mask) override {}

    [[nodiscard]] traffic sent() const override { return {}; }

    void ping() override {}

    void close(std::uint16_t, std::string) override {}

    void abort() override {}

private:
    io_thread_double& io_;
};

struct batch_fixture {
    caf::actor_system_config cfg;
    std::unique_ptr<caf::actor_system> sys;
    caf::actor reg;
    std::vector<caf::actor> clients;
    std::vector<std::shared_ptr<batching_sink>> sinks;
    io_thread_double io;

    explicit batch_fixture(registry_limits limits = {}) {
        cfg.set("scheduler.max-threads", 2);
        sys = std::make_unique<caf::actor_system>(cfg);
        reg = spawn_topic_registry(*sys, limits);
    }

    ~batch_fixture() {
        for (auto& c : clients)
            caf::anon_send_exit(c, caf::exit_reason::user_shutdown);
        caf::anon_send_exit(reg, caf::exit_reason::user_shutdown);
    }

    batch_fixture(const batch_fixture&) = delete;
    batch_fixture& operator=(const batch_fixture&) = delete;

    /// A client actor stand-in with a batching sink, subscribed to `mask`.
    std::shared_ptr<batching_sink> subscribe(topic_mask mask) {
        clients.push_back(sys->spawn([]() -> caf::behavior {
            return {[](int) {
            }};
        }));
        sinks.push_back(std::make_shared<batching_sink>(io));
        caf::anon_send(
            reg, sw_sub_atom_v, mask, clients.back(), std::weak_ptr<session_sink>(sinks.back()));
        return sinks.back();
    }

    /// Returns once the registry handled everything sent to it before.
    void sync() {
        caf::scoped_actor self{*sys};
        bool done = false;
        self->request(reg, deadline, sw_topics_atom_v)
            .receive([&](const std::vector<std::uint64_t>&) { done = true; },
                     [](const caf::error&) {});
        REQUIRE(done);
    }
};

std::size_t list_size(const frame_batch& b) {
    return b.sinks ? b.sinks->size() : 0;
}

/// At most 2 broadcasts in flight and 3 waiting: the bounds are reached with few messages.
struct small_bounds_fixture : batch_fixture {
    small_bounds_fixture() : batch_fixture(registry_limits{2, std::chrono::milliseconds(1), 3}) {}
};

/// Turns the trace on for one test; back to off at the end.
struct trace_on {
    trace_on() { trace::set_mode(trace::mode::on); }

    ~trace_on() { trace::set_mode(trace::mode::off); }

    trace_on(const trace_on&) = delete;
    trace_on& operator=(const trace_on&) = delete;
};

} // namespace

TEST_CASE_METHOD(batch_fixture, "a broadcast to sinks of one io thread is one hand-over") {
    for (int i = 0; i < 3; ++i)
        subscribe(bit(topic::system));
    sync();
    CHECK(io.singles_count() == 3); // the snapshots, one per new subscriber
    caf::anon_send(reg, sw_publish_atom_v, make_pub(topic::system, 1));
    REQUIRE(sw::test::wait_until([&] { return io.count() == 1; }, deadline));
    auto h = io.at(0);
    REQUIRE(h.batches.size() == 1);
    CHECK(list_size(h.batches[0]) == 3);
    CHECK(h.batches[0].frame.seq == 1);
    CHECK(h.in_flight->load() == 1);
    io.release();
    CHECK(h.in_flight->load() == 0);
}

TEST_CASE_METHOD(batch_fixture,
                 "broadcasts past the bound wait and a newer full state replaces a waiting one") {
    subscribe(static_cast<topic_mask>(bit(topic::system) | bit(topic::miners)));
    subscribe(bit(topic::system));
    sync();
    // The I/O thread never delivers: the first hand-overs go, then the bound holds the rest.
    for (int i = 1; i <= 12; ++i)
        caf::anon_send(reg, sw_publish_atom_v, make_pub(topic::system, i));
    caf::anon_send(reg, sw_publish_atom_v, make_pub(topic::miners, 1));
    caf::anon_send(reg, sw_publish_atom_v, make_pub(topic::system, 13));
    sync();
    const auto bound = io.count();
    CHECK(bound >= 1);
    CHECK(bound < 12);
    for (std::size_t i = 0; i < bound; ++i)
        CHECK(io.at(i).batches.at(0).frame.seq == i + 1);

    io.release();
    REQUIRE(sw::test::wait_until([&] { return io.count() == bound + 1; }, deadline));
    // What waited goes in one hand-over: the miners update and only the newest system one.
    auto h = io.at(bound);
    REQUIRE(h.batches.size() == 2);
    CHECK(h.batches[0].frame.topic == topic::miners);
    CHECK(h.batches[0].frame.seq == 1);
    CHECK(list_size(h.batches[0]) == 1);
    CHECK(h.batches[1].frame.topic == topic::system);
    CHECK(h.batches[1].frame.seq == 13);
    CHECK(list_size(h.batches[1]) == 2);
}

TEST_CASE_METHOD(batch_fixture, "a snapshot waits behind the broadcasts that wait before it") {
    subscribe(bit(topic::alerts));
    sync();
    for (int i = 1; i <= 12; ++i)
        caf::anon_send(reg, sw_publish_atom_v, make_pub(topic::alerts, i));
    sync();
    const auto bound = io.count();
    REQUIRE(bound < 12);
    const auto singles = io.singles_count();
    auto late = subscribe(bit(topic::alerts));
    sync();
    CHECK(io.singles_count() == singles); // not sent on its own ahead of the waiting ones

    io.release();
    REQUIRE(sw::test::wait_until([&] { return io.count() == bound + 1; }, deadline));
    auto h = io.at(bound);
    // alerts updates are never replaced: every waiting one, in order, then the snapshot.
    REQUIRE(h.batches.size() == 12 - bound + 1);
    for (std::size_t i = 0; i + 1 < h.batches.size(); ++i) {
        CHECK(h.batches[i].frame.seq == bound + 1 + i);
        CHECK_FALSE(h.batches[i].frame.is_snapshot);
    }
    const auto& snap = h.batches.back();
    CHECK(snap.frame.is_snapshot);
    CHECK(snap.frame.seq == 12);
    REQUIRE(list_size(snap) == 1);
    CHECK(snap.sinks->front().lock() == late);
}

TEST_CASE_METHOD(small_bounds_fixture,
                 "the configured bound is the number of hand-overs in flight") {
    subscribe(bit(topic::miners));
    sync();
    for (int i = 1; i <= 4; ++i)
        caf::anon_send(reg, sw_publish_atom_v, make_pub(topic::miners, i));
    sync();
    REQUIRE(io.count() == 2);
    CHECK(io.at(1).in_flight->load() == 2);
    io.release();
    REQUIRE(sw::test::wait_until([&] { return io.count() == 3; }, deadline));
    auto h = io.at(2);
    REQUIRE(h.batches.size() == 2);
    CHECK(h.batches[0].frame.seq == 3);
    CHECK(h.batches[1].frame.seq == 4);
}

TEST_CASE_METHOD(small_bounds_fixture,
                 "past the waiting bound the oldest update is dropped and traced but no snapshot") {
    trace_on tracing;
    subscribe(bit(topic::miners));
    sync();
    for (int i = 1; i <= 3; ++i) // 1 and 2 are handed over, 3 waits
        caf::anon_send(reg, sw_publish_atom_v, make_pub(topic::miners, i));
    sync();
    REQUIRE(io.count() == 2);
    subscribe(bit(topic::miners)); // its snapshot (seq 3) waits behind update 3
    // 4 makes three waiting; 5 drops 3 (one subscriber then) and 6 drops 4 (two), never
    // the snapshot. Each subscriber of a dropped update gets its drop record.
    for (int i = 4; i <= 6; ++i)
        caf::anon_send(reg, sw_publish_atom_v, make_pub(topic::miners, i));
    sync();
    const auto drops = io.drops();
    REQUIRE(drops.size() == 3);
    CHECK(drops[0].first == 3);
    CHECK(drops[1].first == 4);
    CHECK(drops[2].first == 4);
    for (const auto& d : drops)
        CHECK(d.second == "dropped");
    io.release();
    REQUIRE(sw::test::wait_until([&] { return io.count() == 3; }, deadline));
    auto h = io.at(2);
    REQUIRE(h.batches.size() == 3);
    CHECK(h.batches[0].frame.is_snapshot);
    CHECK(h.batches[0].frame.seq == 3);
    CHECK(h.batches[1].frame.seq == 5);
    CHECK(h.batches[2].frame.seq == 6);
}

TEST_CASE_METHOD(small_bounds_fixture, "a waiting full state replaced by a newer one is traced") {
    trace_on tracing;
    subscribe(bit(topic::system));
    sync();
    for (int i = 1; i <= 4; ++i) // 1 and 2 are handed over, 3 waits, then 4 replaces it
        caf::anon_send(reg, sw_publish_atom_v, make_pub(topic::system, i));
    sync();
    const auto drops = io.drops();
    REQUIRE(drops.size() == 1);
    CHECK(drops[0].first == 3);
    CHECK(drops[0].second == "conflated");
}
