#include "tools/bench/report.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace sw::bench {

namespace {

using json = nlohmann::ordered_json;

// Percentiles in milliseconds, null when nothing was recorded.
json percentiles_ms(const histogram& h) {
    auto ms = [](std::optional<double> us) -> json {
        if (!us)
            return nullptr;
        return std::round(*us) / 1000.0; // microsecond precision is all the data has
    };
    return json{{"p50", ms(h.quantile(0.50))},
                {"p90", ms(h.quantile(0.90))},
                {"p99", ms(h.quantile(0.99))},
                {"p999", ms(h.quantile(0.999))},
                {"max", ms(h.max())},
                {"mean", ms(h.mean())},
                {"samples", h.count()}};
}

json counts(const kind_counts& k) {
    json j = json::object();
    for (const auto& [kind, n] : k)
        j[kind] = n;
    return j;
}

std::string counts_text(const kind_counts& k) {
    if (k.empty())
        return "none";
    std::string s;
    for (const auto& [kind, n] : k)
        s += (s.empty() ? "" : ", ") + kind + "=" + std::to_string(n);
    return s;
}

std::string ms_text(std::optional<double> us) {
    if (!us)
        return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", *us / 1000.0);
    return buf;
}

// JSON figures keep the precision they have, not float noise such as 0.061408000000000004.
double rounded(double x, double unit) {
    return std::round(x / unit) * unit;
}

double per_second(std::uint64_t n, double seconds) {
    return seconds > 0 ? static_cast<double>(n) / seconds : 0.0;
}

} // namespace

void print_table(std::FILE* out, const options& opt, const run_stats& st, const process_usage& u) {
    const auto& hs = st.handshake_us;
    std::fprintf(out,
                 "solowatch-bench: mode %s, ws://%s:%d/ws%s%s\n",
                 to_string(opt.mode),
                 opt.host.c_str(),
                 opt.port,
                 opt.mode == run_mode::subscribe ? ", topic " : "",
                 opt.mode == run_mode::subscribe ? opt.topic.c_str() : "");
    if (opt.mode != run_mode::storm)
        std::fprintf(
            out,
            "  connect      %llu/%d connected in %.2f s (batch %d, %zu source address%s)\n",
            static_cast<unsigned long long>(st.connected),
            opt.clients,
            st.connect_phase_s,
            opt.batch,
            std::max<std::size_t>(1, opt.sources.size()),
            opt.sources.size() > 1 ? "es" : "");
    std::fprintf(out,
                 "  handshake ms p50 %s  p99 %s  max %s  (n=%llu)\n",
                 ms_text(hs.quantile(0.5)).c_str(),
                 ms_text(hs.quantile(0.99)).c_str(),
                 ms_text(hs.max()).c_str(),
                 static_cast<unsigned long long>(hs.count()));
    std::fprintf(out, "  failures     %s\n", counts_text(st.connect_failures).c_str());
    std::fprintf(out, "  disconnects  %s\n", counts_text(st.disconnects).c_str());
    std::fprintf(out,
                 "  window       %.2f s%s%s\n",
                 st.duration_s,
                 opt.mode == run_mode::subscribe ? " measured after the warm-up" : "",
                 st.interrupted ? " (interrupted)" : "");
    if (opt.mode == run_mode::storm) {
        std::fprintf(out,
                     "  storm        %llu attempted at %.0f/s: %llu ok (%.1f/s), %llu failed, "
                     "%llu skipped (batch full)\n",
                     static_cast<unsigned long long>(st.attempted),
                     opt.rate,
                     static_cast<unsigned long long>(st.storm_succeeded),
                     per_second(st.storm_succeeded, st.duration_s),
                     static_cast<unsigned long long>(st.storm_failed),
                     static_cast<unsigned long long>(st.storm_skipped));
    } else {
        std::fprintf(out,
                     "  messages     %llu (%.1f/s, %.3f MB/s), %llu updates\n",
                     static_cast<unsigned long long>(st.messages),
                     per_second(st.messages, st.duration_s),
                     per_second(st.bytes, st.duration_s) / 1e6,
                     static_cast<unsigned long long>(st.updates));
    }
    if (opt.mode == run_mode::subscribe) {
        const auto& l = st.latency_us;
        std::fprintf(out,
                     "  latency ms   p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  mean %s  (n=%llu)\n",
                     ms_text(l.quantile(0.5)).c_str(),
                     ms_text(l.quantile(0.9)).c_str(),
                     ms_text(l.quantile(0.99)).c_str(),
                     ms_text(l.quantile(0.999)).c_str(),
                     ms_text(l.max()).c_str(),
                     ms_text(l.mean()).c_str(),
                     static_cast<unsigned long long>(l.count()));
        std::fprintf(out,
                     "  seq gaps     %llu missed in %llu clients (%llu before the window, %llu "
                     "out of order)\n",
                     static_cast<unsigned long long>(st.seq_gaps),
                     static_cast<unsigned long long>(st.clients_with_gaps),
                     static_cast<unsigned long long>(st.seq_gaps_before_window),
                     static_cast<unsigned long long>(st.seq_out_of_order));
        if (st.error_frames > 0 || st.unparsed > 0)
            std::fprintf(out,
                         "  problems     %llu error replies, %llu unreadable frames\n",
                         static_cast<unsigned long long>(st.error_frames),
                         static_cast<unsigned long long>(st.unparsed));
    }
    if (st.slow_count > 0)
        std::fprintf(out,
                     "  slow         %llu stopped reading: %llu closed by the server (%s), "
                     "%llu still open\n",
                     static_cast<unsigned long long>(st.slow_count),
                     static_cast<unsigned long long>(st.slow_closed),
                     counts_text(st.slow_close_codes).c_str(),
                     static_cast<unsigned long long>(st.slow_connected - st.slow_closed));
    std::fprintf(out,
                 "  bench cpu    %.2f s in %.2f s (%.0f %% of one core)\n",
                 u.cpu_s,
                 u.wall_s,
                 u.wall_s > 0 ? 100.0 * u.cpu_s / u.wall_s : 0.0);
    if (opt.mode == run_mode::subscribe)
        std::fprintf(out,
                     "  note: latency = receipt time minus the server's publish timestamp "
                     "(1 ms resolution, floored): it includes serialization and queueing and "
                     "is overstated by 0-1 ms.\n");
}

std::string to_json_line(const options& opt, const run_stats& st, const process_usage& u) {
    json j;
    j["mode"] = to_string(opt.mode);
    j["host"] = opt.host;
    j["port"] = opt.port;
    j["topic"] = opt.topic;
    // Storm: the connections the rate and duration ask for.
    j["clients_target"] = opt.mode == run_mode::storm
                              ? static_cast<std::int64_t>(std::llround(opt.rate * opt.duration_s))
                              : opt.clients;
    j["clients_connected"] = st.connected;
    j["connect_failures"] = counts(st.connect_failures);
    j["connect_phase_s"] = rounded(st.connect_phase_s, 1e-3);
    j["handshake_ms"] = percentiles_ms(st.handshake_us);
    j["disconnects"] = counts(st.disconnects);
    j["warmup_s"] = opt.mode == run_mode::subscribe ? opt.warmup_s : 0.0;
    j["duration_s"] = rounded(st.duration_s, 1e-3);
    j["interrupted"] = st.interrupted;
    j["messages"] = st.messages;
    j["messages_per_s"] = rounded(per_second(st.messages, st.duration_s), 0.1);
    j["bytes"] = st.bytes;
    j["bytes_per_s"] = std::round(per_second(st.bytes, st.duration_s));
    j["updates"] = st.updates;
    j["latency_ms"] = percentiles_ms(st.latency_us);
    j["negative_latencies"] = st.negative_latency;
    j["seq_gaps"] = st.seq_gaps;
    j["clients_with_gaps"] = st.clients_with_gaps;
    j["seq_gaps_before_window"] = st.seq_gaps_before_window;
    j["seq_out_of_order"] = st.seq_out_of_order;
    j["snapshots"] = st.snapshots;
    j["error_frames"] = st.error_frames;
    j["unparsed_frames"] = st.unparsed;
    j["slow"] = json{{"count", st.slow_count},
                     {"connected", st.slow_connected},
                     {"subscribed", st.slow_subscribed},
                     {"closed", st.slow_closed},
                     {"still_open", st.slow_connected - st.slow_closed},
                     {"close_codes", counts(st.slow_close_codes)},
                     {"rcvbuf", opt.slow_rcvbuf}};
    if (opt.mode == run_mode::storm)
        j["storm"] =
            json{{"rate_target", opt.rate},
                 {"attempted", st.attempted},
                 {"succeeded", st.storm_succeeded},
                 {"failed", st.storm_failed},
                 {"skipped", st.storm_skipped},
                 {"succeeded_per_s", rounded(per_second(st.storm_succeeded, st.duration_s), 0.1)}};
    j["subscribe_late"] = opt.subscribe_late;
    j["source_addresses"] = opt.sources;
    j["bench_cpu_s"] = rounded(u.cpu_s, 1e-3);
    j["bench_wall_s"] = rounded(u.wall_s, 1e-3);
    j["nofile_limit"] = u.nofile_limit;
    return j.dump();
}

} // namespace sw::bench
