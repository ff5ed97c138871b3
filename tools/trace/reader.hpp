#pragma once
// Reading a whole trace (a file, or the body of GET /api/trace) into memory.
//
// Rules, the same for a file and a body:
// - The first line must be the meta record; otherwise the input is refused: an empty input,
//   a first line cut short (a file just created), or a foreign file are each a clear error.
// - A last line without its newline that does not parse is a record still being written: it
//   is left out and `partial_last_line` is set. A complete last line is kept, newline or not.
// - A malformed line anywhere else is reported with its line number and, by default,
//   skipped (on_malformed::skip: the rest of a long trace stays readable); with
//   on_malformed::stop reading fails at that line.
// - Blank lines are ignored. Records are kept in file order (by `n`); nothing is sorted.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tools/trace/record.hpp"

namespace sw::trace_tool {

enum class on_malformed : std::uint8_t { skip, stop };

/// A line that was left out, and why.
struct skipped_line {
    std::size_t line = 0; // 1-based
    std::string reason;
};

struct trace {
    std::string source; // file path or URL, for messages
    meta info;
    std::vector<record> records;
    std::vector<skipped_line> skipped;
    bool partial_last_line = false;
};

/// Errors read "<source>:<line>: <what>" (or "<source>: <what>" for the input as a whole).
tl::expected<trace, std::string> read_trace_text(std::string_view text,
                                                 const std::string& source,
                                                 on_malformed policy = on_malformed::skip);

tl::expected<trace, std::string> read_trace_file(const std::string& path,
                                                 on_malformed policy = on_malformed::skip);

} // namespace sw::trace_tool
