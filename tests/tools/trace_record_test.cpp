// Parsing single lines: each event of docs/TRACE.md, the meta line, and what is refused.
#include <catch2/catch.hpp>

#include "tools/trace/record.hpp"

using namespace sw::trace_tool;

TEST_CASE("A send record carries sender receiver kind depth and correlation ids") {
    auto r = parse_record(
        R"({"n":24,"ts":1795694401000030,"ev":"send","from":7,"from_name":"miner_poller","to":5,)"
        R"("to_name":"fleet","kind":"sw_snap","depth":3,"trace_id":1001,"miner":"bitaxe-1"})");
    REQUIRE(r);
    CHECK(r->ev == event::send);
    CHECK(r->n == 24);
    CHECK(r->ts == 1795694401000030);
    CHECK(r->from == 7);
    CHECK(r->from_name == "miner_poller");
    CHECK(r->to == 5);
    CHECK(r->to_name == "fleet");
    CHECK(r->kind == "sw_snap");
    CHECK(r->depth == 3);
    CHECK(r->trace_id == 1001);
    CHECK(r->miner == "bitaxe-1");
    CHECK(r->broadcast_id.empty());
}

TEST_CASE("A handle record carries its start duration and mailbox depth") {
    auto r = parse_record(R"({"n":2,"ts":10,"ev":"handle","actor":5,"name":"fleet",)"
                          R"("kind":"sw_snap","dur_us":40,"depth":1})");
    REQUIRE(r);
    CHECK(r->ev == event::handle);
    CHECK(r->actor == 5);
    CHECK(r->name == "fleet");
    CHECK(r->dur_us == 40);
    CHECK(r->depth == 1);
}

TEST_CASE("Lifecycle records spawn exit and restart are parsed") {
    auto spawn = parse_record(R"({"n":1,"ts":1,"ev":"spawn","actor":3,"name":"topic_registry"})");
    auto exit = parse_record(R"({"n":2,"ts":2,"ev":"exit","actor":8,"name":"miner_poller",)"
                             R"("reason":"user_shutdown"})");
    auto restart = parse_record(R"({"n":3,"ts":3,"ev":"restart","actor":14,)"
                                R"("name":"miner_poller","attempt":2,"reason":"boom"})");
    REQUIRE(spawn);
    REQUIRE(exit);
    REQUIRE(restart);
    CHECK(spawn->ev == event::spawn);
    CHECK(exit->reason == "user_shutdown");
    CHECK(restart->ev == event::restart);
    CHECK(restart->actor == 14);
    CHECK(restart->attempt == 2);
}

TEST_CASE("Bridge records read deliver write and drop are parsed") {
    auto read =
        parse_record(R"({"n":1,"ts":1,"ev":"read","actor":11,"client":"client_a1","bytes":45})");
    auto deliver =
        parse_record(R"({"n":2,"ts":2,"ev":"deliver","actor":3,"name":"topic_registry",)"
                     R"("client":"client_a1","broadcast_id":"miners-7","seq":7,"trace_id":9})");
    auto write =
        parse_record(R"({"n":3,"ts":3,"ev":"write","client":"client_a1",)"
                     R"("broadcast_id":"miners-7","seq":7,"trace_id":9,"bytes":512,"wait_us":80})");
    auto drop =
        parse_record(R"({"n":4,"ts":4,"ev":"drop","client":"client_a1",)"
                     R"("broadcast_id":"miners-7","seq":7,"trace_id":9,"reason":"closed"})");
    REQUIRE(read);
    REQUIRE(deliver);
    REQUIRE(write);
    REQUIRE(drop);
    CHECK(read->bytes == 45);
    CHECK(deliver->broadcast_id == "miners-7");
    CHECK(deliver->seq == 7);
    CHECK(write->wait_us == 80);
    CHECK(write->bytes == 512);
    CHECK(drop->reason == "closed");
    CHECK(drop->trace_id == 9);
}

TEST_CASE("A record missing a field its event requires is refused with the field named") {
    auto r = parse_record(R"({"n":1,"ts":1,"ev":"handle","actor":5,"name":"fleet","kind":"x"})");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::Contains("dur_us"));
}

TEST_CASE("A field of the wrong type is refused") {
    auto r = parse_record(R"({"n":1,"ts":1,"ev":"spawn","actor":"three","name":"x"})");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::Contains("actor"));
    CHECK_FALSE(parse_record(R"({"n":-1,"ts":1,"ev":"spawn","actor":3,"name":"x"})"));
}

TEST_CASE("Unknown events and lines that are not JSON objects are refused") {
    CHECK_THAT(parse_record(R"({"n":1,"ts":1,"ev":"teleport"})").error(),
               Catch::Contains("unknown event"));
    CHECK_THAT(parse_record("{\"n\":1,").error(), Catch::Contains("not valid JSON"));
    CHECK_FALSE(parse_record("[1,2]"));
    CHECK_FALSE(parse_record(R"({"n":1,"ts":1})"));
}

TEST_CASE("Deeply nested values do not break the parser") {
    std::string deep = R"({"n":1,"ts":1,"ev":"spawn","actor":3,"name":"x","extra":)";
    deep += std::string(100000, '[') + std::string(100000, ']') + "}";
    auto r = parse_record(deep);
    REQUIRE(r); // the nested part is discarded while parsing
    CHECK(r->actor == 3);
}

TEST_CASE("The meta line is recognised and other versions are refused") {
    auto m = parse_meta(R"({"ev":"meta","format":"solowatch-trace","version":1,"ts":5,)"
                        R"("pid":4242,"mode":"sampled","sample":100,"source":"dump:crash"})");
    REQUIRE(m);
    CHECK(m->pid == 4242);
    CHECK(m->mode == "sampled");
    CHECK(m->sample == 100);
    CHECK(m->source == "dump:crash");
    auto v2 = parse_meta(R"({"ev":"meta","format":"solowatch-trace","version":2})");
    REQUIRE_FALSE(v2);
    CHECK_THAT(v2.error(), Catch::Contains("version 2"));
    CHECK_FALSE(parse_meta(R"({"ev":"meta","format":"other"})"));
    CHECK_FALSE(parse_meta(R"({"n":1,"ts":1,"ev":"spawn","actor":3,"name":"x"})"));
}

TEST_CASE("A record written back to JSON parses to the same record") {
    const std::string line =
        R"({"n":9,"ts":7,"ev":"write","client":"client_a1",)"
        R"("broadcast_id":"system-3","seq":3,"trace_id":4,"bytes":10,"wait_us":2})";
    auto r = parse_record(line);
    REQUIRE(r);
    auto j = to_json(*r);
    CHECK(j == nlohmann::json::parse(line));
    CHECK_FALSE(j.contains("actor")); // only the fields its event carries
}
