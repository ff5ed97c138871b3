// The built solowatch-trace binary on the checked-in files: exit codes and key output.
#include <array>
#include <cstdio>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tools/sample_trace.hpp"

#include <sys/wait.h>

namespace {

struct run_result {
    int code = -1;
    std::string out; // stdout only; stderr goes to the test log
};

run_result run(const std::string& args) {
    const std::string command = std::string(SOLOWATCH_TRACE_BINARY) + " " + args;
    run_result result;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> chunk{};
    while (std::size_t n = std::fread(chunk.data(), 1, chunk.size(), pipe))
        result.out.append(chunk.data(), n);
    const int status = ::pclose(pipe);
    result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string data(const std::string& name) {
    return "'" + sw::test::trace_data(name) + "'";
}

} // namespace

TEST_CASE("The binary summarises the sample and exits 0") {
    auto r = run("summary --json " + data("sample.jsonl"));
    REQUIRE(r.code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["records"] == 47);
    CHECK(run("summary " + data("sample.jsonl")).out.find("topic_registry#3") != std::string::npos);
}

TEST_CASE("The binary exits 2 on missing foreign truncated and empty input") {
    CHECK(run("summary " + data("no-such.jsonl")).code == 2);
    CHECK(run("summary " + data("foreign.jsonl")).code == 2);
    CHECK(run("follow 1001 " + data("truncated.jsonl")).code == 2);
    CHECK(run("summary /dev/null").code == 2);
}

TEST_CASE("The binary follows a broadcast and exits 1 for an unknown id") {
    auto r = run("follow miners-1 " + data("sample.jsonl"));
    CHECK(r.code == 0);
    CHECK(r.out.find("Never reached (1)") != std::string::npos);
    CHECK(r.out.find("conflated") != std::string::npos);
    CHECK(run("follow miners-99 " + data("sample.jsonl")).code == 1);
}

TEST_CASE("The binary exports Chrome JSON to the output file") {
    sw::test::temp_file out("export.json", "");
    auto r = run("export --format chrome -o '" + out.path() + "' " + data("sample.jsonl"));
    REQUIRE(r.code == 0);
    auto j = nlohmann::json::parse(sw::test::read_text(out.path()));
    CHECK(j["traceEvents"].is_array());
}

TEST_CASE("The binary refuses bad usage with exit code 64") {
    CHECK(run("summary").code == 64);
    CHECK(run("summary --url http://127.0.0.1:1 " + data("sample.jsonl")).code == 64);
    CHECK(run("export --format svg -o x " + data("sample.jsonl")).code == 64);
    CHECK(run("tail --url https://127.0.0.1:1").code == 64);
    CHECK(run("frobnicate").code == 64);
}

TEST_CASE("The binary exits 2 when the server is unreachable") {
    CHECK(run("summary --url http://127.0.0.1:1").code == 2);
}
