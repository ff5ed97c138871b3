// solowatch-floor: the fan-out floor. N loopback TCP sockets, one already-framed WebSocket
// text message written to each per broadcast; prints the writer's CPU time per write. See
// floor.hpp for what is measured and --help for the options.

#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "tools/bench/floor_src/floor.hpp"
#include "tools/bench/options.hpp"

#include <CLI/CLI.hpp>
#include <sys/resource.h>

namespace {

using namespace sw::floor;

// Each client is one descriptor in this process (the drain holds the other ends).
void raise_nofile_limit() {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &lim); // best effort: a shortfall fails in connect_all
    }
}

double per(double total, std::uint64_t n) {
    return n > 0 ? total / static_cast<double>(n) : 0.0;
}

std::string json_line(const floor_options& opt, const floor_result& r) {
    nlohmann::ordered_json j;
    j["clients"] = opt.clients;
    j["connected"] = r.connected;
    j["payload_bytes"] = opt.payload_bytes;
    j["frame_bytes"] = r.frame_bytes;
    j["rate"] = opt.rate;
    j["window_s"] = r.window_s;
    j["writes"] = r.writes;
    j["writes_per_s"] = r.window_s > 0 ? static_cast<double>(r.writes) / r.window_s : 0.0;
    j["writer_cpu_s"] = r.cpu_s;
    j["us_per_write"] = 1e6 * per(r.cpu_s, r.writes);
    j["user_us_per_write"] = 1e6 * per(r.user_s, r.writes);
    j["sys_us_per_write"] = 1e6 * per(r.sys_s, r.writes);
    j["writer_cpu_percent"] = r.window_s > 0 ? 100.0 * r.cpu_s / r.window_s : 0.0;
    j["burst_ms"] = {{"mean", r.burst_mean_ms}, {"max", r.burst_max_ms}};
    j["late_ticks"] = r.late_ticks;
    j["failed_writes"] = r.failed_writes;
    j["partial_writes"] = r.partial_writes;
    j["written_bytes"] = r.written_bytes;
    j["drained_bytes"] = r.drained_bytes;
    j["drain_cpu_s"] = r.drain_cpu_s;
    j["writer_cpu"] = opt.writer_cpu;
    j["drain_cpu"] = opt.drain_cpu;
    return j.dump();
}

} // namespace

int main(int argc, char** argv) {
    floor_options opt;
    std::string sources;
    bool json = false;
    CLI::App app{"solowatch-floor: the kernel's floor for WebSocket fan-out on loopback: one "
                 "send() of an already-framed message per client, no WebSocket library."};
    app.add_option("--clients", opt.clients, "Connected sockets")->capture_default_str();
    app.add_option("--bytes", opt.payload_bytes, "Message size without the frame header")
        ->capture_default_str();
    app.add_option("--rate",
                   opt.rate,
                   "Broadcasts per second, each written to every socket; 0 = round robin as "
                   "fast as possible")
        ->capture_default_str();
    app.add_option("--duration", opt.duration_s, "Measured seconds")->capture_default_str();
    app.add_option("--warmup", opt.warmup_s, "Seconds written before the window")
        ->capture_default_str();
    app.add_option("--writer-cpu", opt.writer_cpu, "Pin the writer to this CPU (-1: no)")
        ->capture_default_str();
    app.add_option("--drain-cpu", opt.drain_cpu, "Pin the drain process to this CPU (-1: no)")
        ->capture_default_str();
    app.add_option("--source-addresses",
                   sources,
                   "Comma list of 127.x addresses to connect from, round robin (to pass the "
                   "~28k ephemeral ports of one address and TIME_WAITs of earlier runs)");
    app.add_flag("--json", json, "Also print one JSON object with every figure, last line");
    CLI11_PARSE(app, argc, argv);

    for (std::size_t pos = 0; pos < sources.size();) {
        const auto comma = sources.find(',', pos);
        const auto item = sources.substr(pos, comma - pos);
        if (!item.empty())
            opt.sources.push_back(item);
        pos = comma == std::string::npos ? sources.size() : comma + 1;
    }
    for (const auto& s : opt.sources) {
        if (!sw::bench::is_loopback_address(s) || sw::bench::is_ipv6_literal(s)) {
            std::cerr << "solowatch-floor: --source-addresses: '" << s
                      << "' is not an IPv4 loopback address\n";
            return 2;
        }
    }
    if (opt.clients < 1 || opt.payload_bytes < 1 || opt.payload_bytes > (1U << 24) || opt.rate < 0
        || !(opt.duration_s > 0) || opt.warmup_s < 0) {
        std::cerr << "solowatch-floor: --clients and --bytes must be positive (bytes at most "
                     "16 MiB), --rate and --warmup not negative, --duration positive\n";
        return 2;
    }
    raise_nofile_limit();
    floor_result r;
    try {
        r = run_floor(opt);
    } catch (const std::exception& e) {
        std::cerr << "solowatch-floor: " << e.what() << "\n";
        return 1;
    }
    char pace[64] = "round robin, flat out";
    if (opt.rate > 0)
        std::snprintf(pace, sizeof pace, "%g broadcasts/s", opt.rate);
    std::printf("solowatch-floor: %d sockets, %zu-byte frames (%zu payload), %s\n",
                r.connected,
                r.frame_bytes,
                opt.payload_bytes,
                pace);
    std::printf("  window     %.2f s: %llu writes (%.0f/s), %llu failed, %llu partial, %llu "
                "late broadcasts\n",
                r.window_s,
                static_cast<unsigned long long>(r.writes),
                r.window_s > 0 ? static_cast<double>(r.writes) / r.window_s : 0.0,
                static_cast<unsigned long long>(r.failed_writes),
                static_cast<unsigned long long>(r.partial_writes),
                static_cast<unsigned long long>(r.late_ticks));
    std::printf("  writer cpu %.3f s (%.1f %% of a core): %.3f us/write (user %.3f, sys %.3f)\n",
                r.cpu_s,
                r.window_s > 0 ? 100.0 * r.cpu_s / r.window_s : 0.0,
                1e6 * per(r.cpu_s, r.writes),
                1e6 * per(r.user_s, r.writes),
                1e6 * per(r.sys_s, r.writes));
    if (opt.rate > 0)
        std::printf("  broadcast  %.3f ms mean, %.3f ms max to write to every socket\n",
                    r.burst_mean_ms,
                    r.burst_max_ms);
    std::printf("  drain      %llu of %llu bytes read (%s), drain process cpu %.2f s\n",
                static_cast<unsigned long long>(r.drained_bytes),
                static_cast<unsigned long long>(r.written_bytes),
                r.drained_bytes == r.written_bytes ? "all" : "INCOMPLETE",
                r.drain_cpu_s);
    if (json)
        std::printf("%s\n", json_line(opt, r).c_str());
    return 0;
}
