// solowatch-trace: reads the actor trace solowatch writes (docs/TRACE.md), from a file or
// from a running server's ring (--url). Subcommands: summary, follow, export, tail.
//
// Exit codes: 0 done; 1 `follow` found no record for the id; 2 the trace could not be read
// (missing, empty, truncated or foreign file, a malformed line with --strict, a server that
// is unreachable or does not answer 200) or the output could not be written; 64 bad usage.

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>

#include "tools/trace/chrome_export.hpp"
#include "tools/trace/follow.hpp"
#include "tools/trace/http_source.hpp"
#include "tools/trace/summary.hpp"
#include "tools/trace/tail.hpp"

#include <CLI/CLI.hpp>

namespace {

using namespace sw::trace_tool;
using json = nlohmann::json;

constexpr int exit_not_found = 1;
constexpr int exit_unreadable = 2;
constexpr int exit_usage = 64;

std::atomic<bool> interrupted{false};

extern "C" void on_signal(int) {
    interrupted = true;
}

// Where a subcommand reads from: FILE or --url, never both.
struct source {
    std::string file;
    std::string url;
    bool strict = false;
};

void add_source(CLI::App* cmd, source& s) {
    auto* file = cmd->add_option("FILE", s.file, "Trace file (JSON Lines; may still be growing)");
    auto* url = cmd->add_option("--url", s.url, "Read the live ring of http://host:port instead");
    file->excludes(url);
    cmd->add_flag("--strict", s.strict, "Stop at a malformed line (default: report and skip it)");
}

tl::expected<trace, std::string> load(const source& s) {
    const auto policy = s.strict ? on_malformed::stop : on_malformed::skip;
    tl::expected<trace, std::string> t = tl::make_unexpected("give a trace FILE or --url");
    if (!s.url.empty()) {
        auto url = parse_http_url(s.url);
        t = url ? read_trace_url(*url, "/api/trace", policy) : tl::make_unexpected(url.error());
    } else if (!s.file.empty()) {
        t = read_trace_file(s.file, policy);
    }
    if (t) {
        for (const auto& skipped : t->skipped)
            std::cerr << t->source << ":" << skipped.line << ": skipped: " << skipped.reason
                      << "\n";
        if (t->partial_last_line)
            std::cerr << t->source << ": last line incomplete (still being written), ignored\n";
    }
    return t;
}

std::string dump(const json& j, int indent) {
    // Exception texts in `reason` may hold any bytes: replace invalid UTF-8, never throw.
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"solowatch-trace: read solowatch's actor trace (docs/TRACE.md)"};
    app.require_subcommand(1);
    source src;
    bool as_json = false;

    auto* summary_cmd = app.add_subcommand(
        "summary", "Per actor: messages in/out by kind, handle times, mailbox depth, lifetime");
    add_source(summary_cmd, src);
    summary_cmd->add_flag("--json", as_json, "Machine-readable output");

    std::string id;
    auto* follow_cmd = app.add_subcommand(
        "follow", "Timeline of one update: ID is a trace_id, broadcast_id, client id or miner id");
    follow_cmd->add_option("ID", id, "trace_id (digits), <topic>-<seq>, client_..., or miner id")
        ->required();
    add_source(follow_cmd, src);
    follow_cmd->add_flag("--json", as_json, "Machine-readable output");

    std::string format = "chrome";
    std::string output;
    auto* export_cmd =
        app.add_subcommand("export", "Write Chrome trace event JSON (Perfetto, chrome://tracing)");
    export_cmd->add_option("--format", format, "Output format")
        ->check(CLI::IsMember({"chrome"}))
        ->capture_default_str();
    export_cmd->add_option("-o,--output", output, "File to write")->required();
    add_source(export_cmd, src);

    tail_options tail;
    std::string tail_url;
    auto* tail_cmd =
        app.add_subcommand("tail", "Print new records of a running server until Ctrl-C");
    tail_cmd->add_option("--url", tail_url, "The server, http://host:port")->required();
    tail_cmd->add_option(
        "--actor", tail.filter.actor, "Only records of this actor (name, name#id or id)");
    tail_cmd->add_option(
        "--kind", tail.filter.kind, "Only this message kind or event (sw_snap, drop, ...)");
    tail_cmd->add_option(
        "--id", tail.filter.id, "Only this trace_id, broadcast_id, client or miner");
    tail_cmd->add_option("-n,--lines", tail.lines, "Records of the ring to show first")
        ->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : exit_usage;
    }

    if (*tail_cmd) {
        auto url = parse_http_url(tail_url);
        if (!url) {
            std::cerr << url.error() << "\n";
            return exit_usage;
        }
        tail.url = *url;
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        return run_tail(tail, std::cout, std::cerr, [] { return interrupted.load(); });
    }

    if (src.file.empty() == src.url.empty()) {
        std::cerr << "give a trace FILE or --url http://host:port\n";
        return exit_usage;
    }
    auto t = load(src);
    if (!t) {
        std::cerr << t.error() << "\n";
        return exit_unreadable;
    }

    if (*summary_cmd) {
        auto s = summarize(*t);
        if (as_json)
            std::cout << dump(to_json(s), 2) << "\n";
        else
            print_summary(std::cout, s);
        return 0;
    }
    if (*follow_cmd) {
        auto f = follow(*t, id);
        if (!f) {
            std::cerr << "no record in " << t->source << " matches " << to_string(classify_id(id))
                      << " '" << id << "'\n";
            return exit_not_found;
        }
        if (as_json)
            std::cout << dump(to_json(*f), 2) << "\n";
        else
            print_follow(std::cout, *f);
        return 0;
    }
    // export
    const json chrome = chrome_trace(*t);
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out << dump(chrome, -1) << "\n";
    out.close();
    if (!out) {
        std::cerr << output << ": cannot write\n";
        return exit_unreadable;
    }
    std::cout << output << ": " << chrome["traceEvents"].size()
              << " events; open it in https://ui.perfetto.dev or chrome://tracing\n";
    return 0;
}
