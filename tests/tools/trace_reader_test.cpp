// Reading whole traces: the checked-in sample (facts in sample_trace.hpp) and each error.
#include <catch2/catch.hpp>

#include "tools/sample_trace.hpp"
#include "tools/trace/reader.hpp"

using namespace sw::trace_tool;
using sw::test::temp_file;
using sw::test::trace_data;

namespace {

const std::string meta_line =
    R"({"ev":"meta","format":"solowatch-trace","version":1,"ts":1,"pid":7,"mode":"on",)"
    R"("sample":100,"source":"ring"})";

std::string spawn_line(int n) {
    return R"({"n":)" + std::to_string(n) + R"(,"ts":)" + std::to_string(100 + n)
           + R"(,"ev":"spawn","actor":)" + std::to_string(n) + R"(,"name":"a"})";
}

} // namespace

TEST_CASE("The sample trace reads with its partial last line left out") {
    auto t = read_trace_file(trace_data("sample.jsonl"));
    REQUIRE(t);
    CHECK(t->info.pid == 4242);
    CHECK(t->info.source == "live");
    CHECK(t->records.size() == 47);
    CHECK(t->records.front().n == 1);
    CHECK(t->records.back().n == 47);
    CHECK(t->partial_last_line);
    CHECK(t->skipped.empty());
}

TEST_CASE("A missing file is an error naming the file") {
    auto t = read_trace_file(trace_data("no-such-file.jsonl"));
    REQUIRE_FALSE(t);
    CHECK_THAT(t.error(), Catch::Contains("no-such-file.jsonl") && Catch::Contains("No such file"));
}

TEST_CASE("An empty file is an error") {
    temp_file empty("empty.jsonl", "");
    auto t = read_trace_file(empty.path());
    REQUIRE_FALSE(t);
    CHECK_THAT(t.error(), Catch::Contains("empty"));
}

TEST_CASE("A foreign file whose first line is not the meta record is refused") {
    auto t = read_trace_file(trace_data("foreign.jsonl"));
    REQUIRE_FALSE(t);
    CHECK_THAT(t.error(),
               Catch::Contains("foreign.jsonl:1:") && Catch::Contains("not a solowatch trace"));
}

TEST_CASE("A file holding only part of the meta line is reported as truncated") {
    auto t = read_trace_file(trace_data("truncated.jsonl"));
    REQUIRE_FALSE(t);
    CHECK_THAT(t.error(), Catch::Contains("truncated.jsonl:1:") && Catch::Contains("truncated"));
}

TEST_CASE("A malformed line in the middle is skipped and reported with its line number") {
    const std::string text = meta_line + "\n" + spawn_line(1) + "\n{oops\n" + spawn_line(2) + "\n";
    auto t = read_trace_text(text, "mem");
    REQUIRE(t);
    CHECK(t->records.size() == 2);
    REQUIRE(t->skipped.size() == 1);
    CHECK(t->skipped[0].line == 3);
    CHECK_FALSE(t->partial_last_line);
}

TEST_CASE("With the stop policy a malformed line ends reading at file and line") {
    const std::string text = meta_line + "\n" + spawn_line(1) + "\n{oops\n" + spawn_line(2) + "\n";
    temp_file file("malformed.jsonl", text);
    auto t = read_trace_file(file.path(), on_malformed::stop);
    REQUIRE_FALSE(t);
    CHECK_THAT(t.error(), Catch::Contains(file.path() + ":3: malformed record"));
}

TEST_CASE("A complete last line without its newline is kept") {
    auto t = read_trace_text(meta_line + "\n" + spawn_line(1) + "\n" + spawn_line(2), "mem");
    REQUIRE(t);
    CHECK(t->records.size() == 2);
    CHECK_FALSE(t->partial_last_line);
}

TEST_CASE("Blank lines and CRLF endings are tolerated") {
    auto t = read_trace_text(meta_line + "\r\n\r\n" + spawn_line(1) + "\r\n\n", "mem");
    REQUIRE(t);
    CHECK(t->records.size() == 1);
    CHECK(t->skipped.empty());
}

TEST_CASE("A trace with only its meta line has no records and is not an error") {
    auto t = read_trace_text(meta_line + "\n", "mem");
    REQUIRE(t);
    CHECK(t->records.empty());
}
