// websocket_session in process, against a real socket: frames written at once when nothing is
// queued, the queued path when the socket is full (and the bytes still arrive whole and in
// order), slow consumers closed, one hand-over for a broadcast to many sessions, and the order
// of frames with set_topics and pings. Every wait has a deadline.
#include "net/websocket_session.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/strand.hpp>
#include <catch2/catch.hpp>

#include "actors/messages.hpp"
#include "actors/server_stats.hpp"
#include "net/beast.hpp"

#include "support/wait.hpp"
#include "support/ws_client.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using sw::actors::close_reason;
using sw::actors::outbound_frame;
using sw::net::websocket_session;
using sw::protocol::topic;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto deadline = 10s;

sw::actors::topic_mask bit(topic t) {
    return static_cast<sw::actors::topic_mask>(1U << static_cast<unsigned>(t));
}

/// A frame that is not a broadcast: never filtered by topic, never conflated.
outbound_frame text_frame(const json& j) {
    return sw::actors::make_text_frame(j.dump());
}

/// A broadcast of `t` with `seq` (the session filters it by its topic mask).
outbound_frame broadcast(topic t, std::uint64_t seq) {
    auto f = text_frame({{"topic", sw::protocol::to_string(t)}, {"seq", seq}});
    f.has_topic = true;
    f.topic = t;
    f.seq = seq;
    return f;
}

/// Sessions on one I/O thread, accepted the way the listener and http_session do it (a strand
/// per connection), with client actors whose supervisor is the test (`supervisor` receives
/// their `sw_closed` reports).
struct session_fixture {
    caf::actor_system_config caf_cfg;
    std::unique_ptr<caf::actor_system> sys;
    std::unique_ptr<caf::scoped_actor> supervisor;
    std::unique_ptr<sw::net::net_context> ctx;
    asio::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    std::thread io_thread;
    std::mutex mutex; // test scaffolding: sessions are made on the I/O thread
    std::vector<std::weak_ptr<websocket_session>> sessions;

    session_fixture() {
        caf_cfg.set("scheduler.max-threads", 2);
        sys = std::make_unique<caf::actor_system>(caf_cfg);
        supervisor = std::make_unique<caf::scoped_actor>(*sys);
    }

    ~session_fixture() {
        ioc.stop();
        if (io_thread.joinable())
            io_thread.join();
        acceptor.close();
        // The sessions go with the io_context's pending handlers (declared after the actor
        // system and the context, so destroyed before them).
    }

    session_fixture(const session_fixture&) = delete;
    session_fixture& operator=(const session_fixture&) = delete;

    /// Starts the I/O thread with `cfg`; returns the port.
    unsigned short start(sw::config::config cfg = {}) {
        auto stats = std::make_shared<sw::actors::server_stats>();
        sw::actors::client_context clients;
        clients.supervisor = caf::actor_cast<caf::actor>(*supervisor);
        clients.websocket = cfg.websocket;
        clients.max_message_bytes = cfg.server.max_message_bytes;
        clients.stats = stats;
        ctx.reset(new sw::net::net_context{*sys, std::move(cfg), clients, {}, stats, {}, {}, {}});
        tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
        acceptor.open(ep.protocol());
        acceptor.bind(ep);
        acceptor.listen();
        accept();
        io_thread = std::thread([this] { ioc.run(); });
        return acceptor.local_endpoint().port();
    }

    void accept() {
        acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket s) {
            if (ec)
                return;
            s.set_option(tcp::no_delay(true));
            auto stream = std::make_shared<beast::tcp_stream>(std::move(s));
            auto buffer = std::make_shared<beast::flat_buffer>();
            auto req = std::make_shared<http::request<http::string_body>>();
            http::async_read(*stream, *buffer, *req, [this, stream, buffer, req](auto e, auto) {
                if (e)
                    return;
                ctx->stats->active_connections.fetch_add(1);
                auto session = std::make_shared<websocket_session>(
                    std::move(*stream), *ctx, "127.0.0.1", nullptr);
                session->run(std::move(*req));
                std::lock_guard lock(mutex);
                sessions.push_back(session);
            });
            accept();
        });
    }

    /// The `i`-th session accepted, once its client got the welcome.
    std::shared_ptr<websocket_session> session(std::size_t i) {
        std::shared_ptr<websocket_session> s;
        REQUIRE(sw::test::wait_until(
            [&] {
                std::lock_guard lock(mutex);
                if (sessions.size() <= i)
                    return false;
                s = sessions[i].lock();
                return true;
            },
            deadline));
        REQUIRE(s);
        return s;
    }

    /// Connects a client and reads its welcome; the session is then ready for frames.
    std::shared_ptr<websocket_session>
    connect(sw::test::ws_client& client, unsigned short port, std::size_t index, int rcvbuf = 0) {
        REQUIRE(client.connect(port, {}, rcvbuf).ok);
        auto welcome = client.read_json(deadline);
        REQUIRE(welcome);
        CHECK((*welcome)["type"] == "connection_established");
        return session(index);
    }

    /// The reason the next `sw_closed` report names (nullopt: none before the deadline).
    std::optional<close_reason> next_close() {
        std::optional<close_reason> out;
        bool done = false;
        while (!done)
            (*supervisor)
                ->receive(
                    [&](sw::actors::sw_closed_atom, close_reason why) { out = why, done = true; },
                    [](sw::actors::sw_client_atom, const caf::actor&) {},
                    caf::after(deadline) >> [&] { done = true; });
        return out;
    }
};

} // namespace

TEST_CASE_METHOD(session_fixture,
                 "frames to a client that reads go out at once and in order without queueing") {
    auto port = start();
    sw::test::ws_client client;
    auto s = connect(client, port, 0);
    REQUIRE(s->queued_writes() == 0);
    for (int i = 0; i < 100; ++i)
        s->send_frame(text_frame({{"n", i}}));
    for (int i = 0; i < 100; ++i) {
        auto j = client.read_json(deadline);
        REQUIRE(j);
        CHECK((*j)["n"] == i);
    }
    CHECK(s->queued_writes() == 0); // the socket took every frame in one send()
    CHECK(s->sent().frames == 101); // with the welcome
}

TEST_CASE_METHOD(session_fixture,
                 "frames the socket cannot take at once are queued and arrive whole and in order") {
    sw::config::config cfg;
    cfg.websocket.socket_send_buffer = 4096;
    cfg.websocket.max_queue_bytes = 64 * 1024 * 1024;
    auto port = start(cfg);
    sw::test::ws_client client;
    auto s = connect(client, port, 0, 4096);
    // Far more than both socket buffers hold while the client is not reading: send()s that
    // take only part of a frame, then the queued, gathered path for the rest.
    const std::string pad(20000, 'x');
    constexpr int count = 200;
    for (int i = 0; i < count; ++i)
        s->send_frame(text_frame({{"n", i}, {"pad", pad}}));
    for (int i = 0; i < count; ++i) {
        auto j = client.read_json(deadline);
        REQUIRE(j);
        CHECK((*j)["n"] == i);
        CHECK((*j)["pad"] == pad);
    }
    CHECK(s->queued_writes() > 0);
    CHECK(s->sent().frames == count + 1);
}

TEST_CASE_METHOD(session_fixture, "a client that stops reading is closed as a slow consumer") {
    sw::config::config cfg;
    cfg.websocket.socket_send_buffer = 4096;
    cfg.websocket.max_queue_messages = 8;
    cfg.websocket.send_timeout = 300ms;
    auto port = start(cfg);
    sw::test::ws_client client;
    auto s = connect(client, port, 0, 4096);
    const std::string pad(16000, 'x');
    for (int i = 0; i < 64; ++i)
        s->send_frame(text_frame({{"n", i}, {"pad", pad}}));
    CHECK(next_close() == close_reason::slow);
    CHECK(s->queued_writes() > 0);
    CHECK(ctx->stats->frames_dropped.load() > 0);
    // What reached the client before the cut is whole and in order.
    for (int i = 0;; ++i) {
        auto j = client.read_json(2s);
        if (!j)
            break;
        CHECK((*j)["n"] == i);
    }
}

TEST_CASE_METHOD(session_fixture, "frames stay in order with set_topics and pings") {
    auto port = start();
    sw::test::ws_client client;
    auto s = connect(client, port, 0);
    s->set_topics(bit(topic::system));
    s->send_frame(broadcast(topic::system, 1));
    s->ping();
    s->send_frame(text_frame({{"n", "b"}}));
    s->set_topics(0); // an unsubscribe: what the registry still sends is dropped
    s->send_frame(broadcast(topic::system, 2));
    s->send_frame(text_frame({{"n", "d"}}));
    s->set_topics(bit(topic::system));
    s->ping();
    s->send_frame(broadcast(topic::system, 3));
    s->send_frame(text_frame({{"n", "f"}}));

    std::vector<std::string> got;
    for (int i = 0; i < 5; ++i) {
        auto j = client.read_json(deadline);
        REQUIRE(j);
        got.push_back(j->contains("seq") ? "seq" + std::to_string((*j)["seq"].get<int>())
                                         : (*j)["n"].get<std::string>());
    }
    CHECK(got == std::vector<std::string>{"seq1", "b", "d", "seq3", "f"});
}

TEST_CASE_METHOD(
    session_fixture,
    "a broadcast to sessions on one io thread is one hand-over in order with the rest") {
    auto port = start();
    sw::test::ws_client c1;
    sw::test::ws_client c2;
    auto s1 = connect(c1, port, 0);
    auto s2 = connect(c2, port, 1);
    REQUIRE(s1->batch_key() != nullptr);
    CHECK(s1->batch_key() == s2->batch_key());
    s1->set_topics(bit(topic::system));
    s2->set_topics(bit(topic::system));

    auto list = std::make_shared<const sw::actors::sink_list>(sw::actors::sink_list{
        std::weak_ptr<sw::actors::session_sink>(s1), std::weak_ptr<sw::actors::session_sink>(s2)});
    auto gauge = std::make_shared<std::atomic<std::size_t>>(2);
    s2->send_frame(text_frame({{"n", "before"}}));
    std::vector<sw::actors::frame_batch> batches;
    batches.push_back({broadcast(topic::system, 7), list});
    batches.push_back({broadcast(topic::system, 8), list});
    // Through either session: the hand-over goes to their shared I/O thread.
    s2->send_batches(std::move(batches), gauge);
    s1->send_frame(text_frame({{"n", "after"}}));

    auto read = [](sw::test::ws_client& c) {
        auto j = c.read_json(deadline);
        REQUIRE(j);
        return j->contains("seq") ? "seq" + std::to_string((*j)["seq"].get<int>())
                                  : (*j)["n"].get<std::string>();
    };
    CHECK(read(c1) == "seq7");
    CHECK(read(c1) == "seq8");
    CHECK(read(c1) == "after");
    CHECK(read(c2) == "before");
    CHECK(read(c2) == "seq7");
    CHECK(read(c2) == "seq8");
    // The registry's count of batches in flight comes back once they are delivered.
    CHECK(sw::test::wait_until([&] { return gauge->load() == 0; }, deadline));
    CHECK(s1->sent().frames == 4);
    CHECK(s2->sent().frames == 4);
}

TEST_CASE_METHOD(session_fixture, "sessions with several io threads take broadcasts one by one") {
    sw::config::config cfg;
    cfg.server.io_threads = 2;
    auto port = start(cfg);
    sw::test::ws_client client;
    auto s = connect(client, port, 0);
    CHECK(s->batch_key() == nullptr); // each keeps its strand; no shared FIFO to batch on
}
