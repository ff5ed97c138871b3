#pragma once
// The two outputs of a run: a table for people (stdout) and, with --json, one JSON object
// on the last line for scripts. Both are built from the same run_stats.

#include <cstdio>
#include <string>

#include "tools/bench/options.hpp"
#include "tools/bench/run_state.hpp"

namespace sw::bench {

// What the process itself cost, measured around the run in main.cpp.
struct process_usage {
    double cpu_s = 0;               // user + system CPU of the bench
    double wall_s = 0;              // elapsed time of the whole run, connect to close
    std::uint64_t nofile_limit = 0; // RLIMIT_NOFILE after raising it
};

void print_table(std::FILE* out, const options& opt, const run_stats& st, const process_usage& u);

// One line, no trailing newline.
std::string to_json_line(const options& opt, const run_stats& st, const process_usage& u);

} // namespace sw::bench
