// solowatch-bench: the WebSocket load generator. One thread, one io_context, N clients to
// ws://HOST:PORT/ws on loopback; measures broadcast latency, seq gaps, throughput, slow
// consumer handling and connection storms. See --help for every option.

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

#include "tools/bench/options.hpp"
#include "tools/bench/report.hpp"
#include "tools/bench/runner.hpp"

#include <CLI/CLI.hpp>
#include <sys/resource.h>

namespace {

using namespace sw::bench;

// Each client is one descriptor; the soft limit (often 1024) would cap the run long before
// the hard one. Returns the limit now in force.
std::uint64_t raise_nofile_limit() {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return 0;
    if (lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim); // best effort: failures show up as too_many_open_files
        getrlimit(RLIMIT_NOFILE, &lim);
    }
    return lim.rlim_cur;
}

double cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    auto s = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return s(ru.ru_utime) + s(ru.ru_stime);
}

const char* footer =
    "\nModes:\n"
    "  subscribe  connect --clients (--batch handshakes at a time), subscribe each to --topic,\n"
    "             wait --warmup s, then measure for --duration s: latency from each update's\n"
    "             `timestamp` to its receipt, seq gaps per client, messages/s, bytes/s.\n"
    "             With --subscribe-late all subscribe together after the last handshake.\n"
    "  idle       connect --clients and hold them for --duration s without subscribing (for\n"
    "             memory tests); a read stays pending so server pings are answered.\n"
    "  storm      open and close connections at --rate per second for --duration s (at most\n"
    "             --batch in flight); counts successes, failures and handshake latency.\n"
    "\nLatency is receipt time (system_clock) minus the server's `timestamp`, which is the\n"
    "server's publish time with 1 ms resolution (floored): it includes the server's\n"
    "serialization and queueing, and is overstated by 0-1 ms. Bench and server share the\n"
    "machine's cores: check `bench cpu` in the output.\n"
    "\nseq gaps: a jump from s to s+k on one client counts k-1 missed broadcasts; only jumps\n"
    "seen inside the window count (earlier ones are reported as before_window).\n"
    "\nSlow consumers (--slow K): the first K clients subscribe, then stop reading. When the\n"
    "window ends they read again for up to --drain-timeout s to learn whether the server\n"
    "closed them and how (close code such as 1013, or eof/reset).\n"
    "\nOnly loopback targets and sources are accepted (127.0.0.0/8, ::1). Failures never abort\n"
    "a run; SIGINT/SIGTERM ends it early and reports what was measured (twice: at once).\n"
    "\nExamples:\n"
    "  solowatch-bench --port 18080 --clients 1000 --duration 10 --json\n"
    "  solowatch-bench --clients 50000 --source-addresses 127.0.0.2,127.0.0.3 --mode idle\n"
    "  solowatch-bench --clients 100 --slow 5 --slow-rcvbuf 4096\n"
    "  solowatch-bench --mode storm --rate 200 --duration 5\n";

} // namespace

int main(int argc, char** argv) {
    options opt;
    CLI::App app{"solowatch-bench: WebSocket load generator for solowatch (loopback only)."};
    const std::map<std::string, run_mode> modes{
        {"subscribe", run_mode::subscribe}, {"idle", run_mode::idle}, {"storm", run_mode::storm}};
    std::string mode = "subscribe";
    app.add_option("--host", opt.host, "Server address: 127.0.0.0/8, ::1 or localhost")
        ->capture_default_str();
    app.add_option("--port", opt.port, "Server port")->capture_default_str();
    app.add_option("--mode", mode, "subscribe, idle or storm (see below)")
        ->check(CLI::IsMember({"subscribe", "idle", "storm"}))
        ->capture_default_str();
    app.add_option("--clients", opt.clients, "Connections to open (subscribe, idle)")
        ->capture_default_str();
    app.add_option("--batch", opt.batch, "Most handshakes in flight at once (storm: connections)")
        ->capture_default_str();
    app.add_option("--source-addresses",
                   opt.source_addresses,
                   "Comma list of loopback addresses to bind clients to, round-robin, to pass "
                   "the ~28k ephemeral ports of one source address (default: kernel's choice)");
    app.add_option("--topic", opt.topic, "Topic to subscribe to (subscribe mode)")
        ->capture_default_str();
    app.add_option("--duration",
                   opt.duration_s,
                   "Seconds to measure (subscribe), hold (idle) or open connections (storm)")
        ->capture_default_str();
    app.add_option("--warmup",
                   opt.warmup_s,
                   "Seconds between the last handshake and the window (subscribe mode)")
        ->capture_default_str();
    app.add_option("--rate", opt.rate, "Connections opened per second (storm mode)")
        ->capture_default_str();
    app.add_option("--slow", opt.slow, "K of the clients subscribe then stop reading")
        ->capture_default_str();
    app.add_option("--slow-rcvbuf",
                   opt.slow_rcvbuf,
                   "SO_RCVBUF of the slow clients in bytes, set before connect (0 = default)")
        ->capture_default_str();
    app.add_option("--connect-timeout",
                   opt.connect_timeout_s,
                   "Seconds allowed for TCP connect plus the WebSocket handshake")
        ->capture_default_str();
    app.add_option("--drain-timeout",
                   opt.drain_timeout_s,
                   "Seconds slow clients read at the end to see how the server ended them")
        ->capture_default_str();
    app.add_flag("--subscribe-late",
                 opt.subscribe_late,
                 "Subscribe only once every client is connected, so that the connect phase "
                 "does not already carry the fan-out (large N on a loaded server)");
    app.add_flag("--json", opt.json, "Also print one JSON object with every figure, last line");
    app.footer(footer);
    CLI11_PARSE(app, argc, argv);
    opt.mode = modes.at(mode);

    std::string error;
    if (!validate(opt, error)) {
        std::cerr << "solowatch-bench: " << error << "\n";
        return 2;
    }
    process_usage usage;
    usage.nofile_limit = raise_nofile_limit();
    const auto needed =
        static_cast<std::uint64_t>(opt.mode == run_mode::storm ? opt.batch : opt.clients);
    if (usage.nofile_limit > 0 && needed + 16 > usage.nofile_limit)
        std::cerr << "solowatch-bench: warning: RLIMIT_NOFILE is " << usage.nofile_limit
                  << "; some connections will fail with too_many_open_files\n";

    const double cpu_before = cpu_seconds();
    const auto wall_before = std::chrono::steady_clock::now();
    const auto stats = run_bench(opt);
    usage.cpu_s = cpu_seconds() - cpu_before;
    usage.wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();

    print_table(stdout, opt, stats, usage);
    if (opt.json)
        std::printf("%s\n", to_json_line(opt, stats, usage).c_str());
    std::fflush(stdout);
    return 0;
}
