#pragma once
// Process-wide gauges written on the Asio side at accept time (where the connection limit
// must be decided synchronously) and read by actors for `stats`/`status` replies. They are
// statistics, not shared state: lock-free counters, no invariant spans two of them.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace sw::actors {

struct server_stats {
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::string version;
    std::atomic<std::uint64_t> active_connections{0};  ///< open WebSocket sessions
    std::atomic<std::uint64_t> refused_connections{0}; ///< 503 at the connection limit
    std::atomic<std::uint64_t> refused_origins{0};     ///< 403 for a foreign Origin
    std::atomic<std::uint64_t> refused_per_ip{0};      ///< over max_connections_per_ip
    std::atomic<std::uint64_t> refused_accept_rate{0}; ///< over accept_rate_per_second
    std::atomic<std::uint64_t> http_requests{0};
    std::atomic<std::uint64_t> polls_ok{0};         ///< miner polls that gave a reading
    std::atomic<std::uint64_t> polls_failed{0};     ///< miner polls that failed
    std::atomic<std::uint64_t> polls_skipped{0};    ///< due while the previous one still ran
    std::atomic<std::uint64_t> frames_conflated{0}; ///< queued updates replaced by a newer one
    std::atomic<std::uint64_t> frames_dropped{0};   ///< discarded when a slow client was closed

    [[nodiscard]] double uptime_seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
};

} // namespace sw::actors
