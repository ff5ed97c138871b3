// The actor trace's parts without a server: the ring, the record format, sampling, the
// handling scope and its context, the file writer's rotation, and the dump.
#include "actors/trace.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "actors/actor_directory.hpp"
#include "actors/trace_record.hpp"
#include "actors/trace_ring.hpp"

#include "support/wait.hpp"

using namespace sw::actors;
using nlohmann::json;

namespace {

trace::record numbered(std::uint64_t trace_id) {
    trace::record r;
    r.ev = trace::event::handle;
    r.trace_id = trace_id;
    return r;
}

std::vector<json> lines_of(const std::string& text) {
    std::vector<json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(json::parse(line, nullptr, false));
    return out;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Sets the process-wide trace for one test and turns it off again afterwards.
struct trace_guard {
    explicit trace_guard(const trace::settings& s) { trace::configure(s); }

    ~trace_guard() { trace::configure(trace::settings{}); }

    trace_guard(const trace_guard&) = delete;
    trace_guard& operator=(const trace_guard&) = delete;
};

std::filesystem::path fresh_dir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("solowatch-trace-test-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

} // namespace

TEST_CASE("the ring numbers records and keeps the newest when full") {
    trace::ring r{3};
    for (std::uint64_t i = 1; i <= 5; ++i)
        r.push(numbered(i));
    CHECK(r.last() == 5);
    auto all = r.since(0);
    REQUIRE(all.size() == 3);
    CHECK(all[0].n == 3);
    CHECK(all[2].n == 5);
    CHECK(all[2].trace_id == 5);
    CHECK(r.since(4).size() == 1);
    CHECK(r.since(5).empty());
    auto last_two = r.since(0, 2);
    REQUIRE(last_two.size() == 2);
    CHECK(last_two[0].n == 4);
}

TEST_CASE("a ring that has not filled up returns what it holds and then wraps") {
    trace::ring r{3};
    r.push(numbered(1));
    r.push(numbered(2));
    CHECK(r.since(0).size() == 2);
    CHECK(r.since(1).size() == 1);
    for (std::uint64_t i = 3; i <= 10; ++i)
        r.push(numbered(i));
    auto kept = r.since(0);
    REQUIRE(kept.size() == 3);
    CHECK(kept[0].n == 8);
    CHECK(kept[2].n == 10);
    CHECK(r.since(100).empty());
}

TEST_CASE("resizing the ring keeps the newest records") {
    trace::ring r{4};
    for (std::uint64_t i = 1; i <= 4; ++i)
        r.push(numbered(i));
    r.resize(2);
    auto kept = r.since(0);
    REQUIRE(kept.size() == 2);
    CHECK(kept[0].n == 3);
    CHECK(kept[1].n == 4);
    r.resize(10);
    r.push(numbered(9));
    CHECK(r.since(0).size() == 3);
}

TEST_CASE("a record line holds only the fields that are set") {
    trace::record send;
    send.n = 7;
    send.ts = 1000;
    send.ev = trace::event::send;
    send.actor = 3;
    send.name = "fleet";
    send.to = 4;
    send.to_name = "topic_registry";
    send.kind = caf::atom("sw_publish");
    send.trace_id = 12;
    send.depth = 0;
    auto j = json::parse(trace::to_json_line(send));
    CHECK(j["ev"] == "send");
    CHECK(j["from"] == 3);
    CHECK(j["from_name"] == "fleet");
    CHECK(j["to_name"] == "topic_registry");
    CHECK(j["kind"] == "sw_publish");
    CHECK(j["trace_id"] == 12);
    CHECK(j["depth"] == 0);
    CHECK_FALSE(j.contains("dur_us"));
    CHECK_FALSE(j.contains("broadcast_id"));

    trace::record write;
    write.ev = trace::event::write;
    write.topic = 0; // miners
    write.seq = 1842;
    write.client.assign("client_00ab");
    write.bytes = 600;
    write.wait_us = 35;
    auto w = json::parse(trace::to_json_line(write));
    CHECK(w["broadcast_id"] == "miners-1842");
    CHECK(w["seq"] == 1842);
    CHECK(w["wait_us"] == 35);
    CHECK_FALSE(w.contains("actor"));
    CHECK_FALSE(w.contains("trace_id"));
}

TEST_CASE("text fields are escaped so every line parses back to what was recorded") {
    trace::record r;
    r.ev = trace::event::exit;
    r.actor = 9;
    r.name = "miner_poller";
    r.miner = "rack \"A\"\\shelf\n\x01";
    r.reason = "boom: \tunexpected";
    const auto line = trace::to_json_line(r);
    CHECK(line.find('\n') == std::string::npos);
    auto j = json::parse(line, nullptr, false);
    REQUIRE(j.is_object());
    CHECK(j["miner"] == r.miner);
    CHECK(j["reason"] == r.reason);
    CHECK(j["actor"] == 9);
    CHECK(j["ev"] == "exit");
}

TEST_CASE("sampled mode traces one update in N and off traces none") {
    {
        trace_guard on{trace::settings{trace::mode::sampled, 4, "", 1 << 20, 1000}};
        int traced = 0;
        for (int i = 0; i < 40; ++i)
            traced += trace::begin_update() != 0 ? 1 : 0;
        CHECK(traced == 10);
        CHECK(trace::wants(5));
        CHECK_FALSE(trace::wants(0));
    }
    CHECK_FALSE(trace::enabled());
    CHECK(trace::begin_update() == 0);
    CHECK_FALSE(trace::wants(5));
}

TEST_CASE("a handling scope records the handle and gives its sends the trace id") {
    trace_guard on{trace::settings{trace::mode::on, 1, "", 1 << 20, 1000}};
    auto slot = trace::directory().add(90001, "tester");
    auto receiver = trace::directory().add(90002, "receiver");
    receiver->observe(3);
    const auto id = trace::begin_update();
    REQUIRE(id != 0);
    {
        trace::handling h{slot.get(), 2, caf::atom("sw_poll"), id};
        h.set_miner("m1");
        CHECK(trace::current_id() == id);
        trace::sent(slot->id, slot->name, receiver->id, caf::atom("sw_snap"));
    }
    CHECK(trace::current_id() == 0);
    auto lines = lines_of(trace::ring_jsonl(0, 0));
    REQUIRE(lines.size() >= 3);
    CHECK(lines.front()["ev"] == "meta");
    const auto& handle = lines.back();
    const auto& send = lines[lines.size() - 2];
    CHECK(send["ev"] == "send");
    CHECK(send["to_name"] == "receiver");
    CHECK(send["depth"] == 3);
    CHECK(send["trace_id"] == id);
    CHECK(handle["ev"] == "handle");
    CHECK(handle["name"] == "tester");
    CHECK(handle["kind"] == "sw_poll");
    CHECK(handle["miner"] == "m1");
    CHECK(handle["depth"] == 2);
    CHECK(handle["dur_us"].get<std::int64_t>() >= 0);
    CHECK(slot->high_water.load() == 2);
    trace::directory().remove(*slot);
    trace::directory().remove(*receiver);
}

TEST_CASE("mailbox high-water marks outlive the actors they came from") {
    auto a = trace::directory().add(90011, "hw_test_actor");
    auto b = trace::directory().add(90012, "hw_test_actor");
    a->observe(5);
    a->observe(1);
    b->observe(2);
    trace::directory().remove(*a);
    std::optional<trace::mailbox_figures> mine;
    for (const auto& f : trace::directory().mailboxes())
        if (f.name == "hw_test_actor")
            mine = f;
    REQUIRE(mine);
    CHECK(mine->live == 1);
    CHECK(mine->depth == 2);
    CHECK(mine->high_water == 5);
    trace::directory().remove(*b);
}

TEST_CASE("the trace file starts with the meta line and rotates at max_bytes") {
    const auto dir = fresh_dir("rotate");
    const auto file = dir / "t.jsonl";
    std::ofstream(file) << "previous run\n";
    {
        trace_guard on{trace::settings{trace::mode::on, 1, file.string(), 65536, 100000}};
        CHECK(read_file(dir / "t.jsonl.1") == "previous run\n");
        auto slot = trace::directory().add(90021, "writer_test");
        for (int i = 0; i < 2000; ++i) {
            trace::handling h{slot.get(), 0, caf::atom("sw_tick"), 0};
            h.set_miner("a-rather-long-miner-name-to-fill-the-file-" + std::to_string(i));
        }
        trace::directory().remove(*slot);
    } // turning it off writes what is pending
    const auto current = read_file(file);
    const auto old = read_file(dir / "t.jsonl.1");
    CHECK(current.starts_with(R"({"ev":"meta","format":"solowatch-trace","version":1)"));
    CHECK(old.starts_with(R"({"ev":"meta")"));
    CHECK(old.size() >= 65536);
    CHECK(current.find("name-to-fill-the-file-1999") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a dump writes the ring beside the trace file even when tracing is off") {
    const auto dir = fresh_dir("dump");
    trace_guard off{
        trace::settings{trace::mode::off, 1, (dir / "t.jsonl").string(), 1 << 20, 1000}};
    auto slot = trace::directory().add(90031, "dump_test");
    trace::restarted(90031, "dump_test", 2, "poller:x after boom");
    REQUIRE(trace::dump("dump:sigusr1"));
    auto lines = lines_of(read_file(dir / "t.jsonl.dump"));
    REQUIRE(lines.size() >= 2);
    CHECK(lines.front()["source"] == "dump:sigusr1");
    CHECK(lines.back()["ev"] == "restart");
    CHECK(lines.back()["attempt"] == 2);
    CHECK_FALSE(std::filesystem::exists(dir / "t.jsonl")); // off: no live file
    trace::directory().remove(*slot);
    std::filesystem::remove_all(dir);
}
