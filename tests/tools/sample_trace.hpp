#pragma once
// The checked-in traces in tests/data/trace and the facts the tests rely on. If sample.jsonl
// is replaced (say by one recorded from the live server), update these facts and the tests
// that cite them together. make_sample.py writes the current one.
//
// sample.jsonl (meta: pid 4242, mode "on", source "live"):
// - 47 complete records, n 1..47, then a 48th cut mid-line with no newline.
// - Actors: topic_registry#3, fleet#5, miner_poller#7 (bitaxe-1), miner_poller#8 (antminer-2),
//   client#11/#12/#13 for client_a1/client_b2/client_c3, miner_poller#14 (the restarted #8),
//   and io (id 0) which sends each client one sw_frame.
// - topic_registry#3 handles sw_sub x3 (10, 12, 14 us) and sw_publish x2 (120, 300 us):
//   p50 14, p99 300, max 300; depth max 2. It sends nothing.
// - fleet#5 handles sw_snap x2 (40, 55 us) and sends sw_publish x2 to #3: the top talker.
// - trace 1001 (bitaxe-1, poller #7) -> miners-1: written to client_a1 (wait 150 us) and
//   client_b2 (350 us); dropped "conflated" for client_c3. 10 records, 1.970 ms first to last.
// - trace 1002 (antminer-2, poller #8) -> miners-2: written to client_a1 (250 us) and
//   client_c3 (650 us); client_b2 has a deliver and no write ("no write recorded").
// - miner_poller#8 exits "cgminer: connection reset by peer" (its lifetime spawn..exit);
//   restart of #14, attempt 1, same reason; #14 then spawns.
// foreign.jsonl: two JSON log lines (no meta). truncated.jsonl: half a meta line.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "tools/trace/reader.hpp"

#include <unistd.h>

namespace sw::test {

inline std::string trace_data(const std::string& name) {
    return std::string(SOLOWATCH_SOURCE_DIR) + "/tests/data/trace/" + name;
}

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A file in the temp folder holding `content`, unique to this process; removed on scope exit.
class temp_file {
public:
    temp_file(const std::string& name, const std::string& content)
        : path_(std::filesystem::temp_directory_path()
                / ("solowatch_trace_" + std::to_string(::getpid()) + "_" + name)) {
        std::ofstream(path_, std::ios::binary) << content;
    }

    ~temp_file() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }

    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;

    [[nodiscard]] std::string path() const { return path_.string(); }

private:
    std::filesystem::path path_;
};

/// The sample, read once per test binary.
inline const sw::trace_tool::trace& loaded_sample() {
    static const sw::trace_tool::trace t = [] {
        auto loaded = sw::trace_tool::read_trace_file(trace_data("sample.jsonl"));
        REQUIRE(loaded);
        return *loaded;
    }();
    return t;
}

} // namespace sw::test
