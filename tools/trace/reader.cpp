#include "tools/trace/reader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sw::trace_tool {

namespace {

std::string where(const std::string& source, std::size_t line) {
    return source + ":" + std::to_string(line) + ": ";
}

} // namespace

tl::expected<trace, std::string>
read_trace_text(std::string_view text, const std::string& source, on_malformed policy) {
    trace out;
    out.source = source;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return tl::make_unexpected(source
                                   + ": empty, no meta record (not a trace, or the "
                                     "server has not written its first line yet)");
    std::size_t pos = 0;
    std::size_t line_no = 0;
    bool have_meta = false;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        const bool complete = end != std::string_view::npos;
        std::string_view line = text.substr(pos, complete ? end - pos : std::string_view::npos);
        pos = complete ? end + 1 : text.size();
        ++line_no;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            continue;

        if (!have_meta) {
            auto m = parse_meta(line);
            if (!m && !complete)
                return tl::make_unexpected(where(source, line_no)
                                           + "truncated: the meta line is incomplete (the file "
                                             "is being written, or was cut short)");
            if (!m)
                return tl::make_unexpected(where(source, line_no)
                                           + "not a solowatch trace: the first line is "
                                           + m.error());
            out.info = *m;
            have_meta = true;
            continue;
        }
        auto r = parse_record(line);
        if (r) {
            out.records.push_back(std::move(*r));
        } else if (!complete) {
            out.partial_last_line = true; // the writer is mid-line; the next read will have it
        } else if (policy == on_malformed::stop) {
            return tl::make_unexpected(where(source, line_no) + "malformed record: " + r.error());
        } else {
            out.skipped.push_back({line_no, r.error()});
        }
    }
    return out;
}

tl::expected<trace, std::string> read_trace_file(const std::string& path, on_malformed policy) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return tl::make_unexpected(path + ": is a directory, not a trace file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return tl::make_unexpected(path + ": cannot open: " + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        return tl::make_unexpected(path + ": read error");
    return read_trace_text(buffer.str(), path, policy);
}

} // namespace sw::trace_tool
