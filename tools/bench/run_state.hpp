#pragma once
// What one run measures, and the recording rules shared by every client. The clients (the
// I/O side, ws_client.cpp) only hand bytes and outcomes to these functions, so what counts
// as a gap, a window message or a failure is decided here, without Beast.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "tools/bench/histogram.hpp"
#include "tools/bench/options.hpp"

namespace sw::bench {

// The run's phases, in order. Only frames received while `measuring` count.
enum class run_phase : std::uint8_t { connecting, warmup, measuring, draining, closing };

// Why a client exists; chosen by the runner, fixed for the client's life.
enum class client_role : std::uint8_t {
    subscriber, // reads and measures everything
    slow,       // subscribes, then stops reading (slow consumer)
    idle,       // reads (so pings are answered) but subscribes to nothing
    storm,      // handshake, welcome, close
};

using kind_counts = std::map<std::string, std::uint64_t>;

struct run_stats {
    // Connecting (every mode).
    std::uint64_t attempted = 0;  // connections started
    std::uint64_t connected = 0;  // handshakes that succeeded
    kind_counts connect_failures; // never connected, by kind: refused, timeout, http_503...
    kind_counts disconnects;      // connected, then ended by the server: "1013", "eof"...
    histogram handshake_us;       // TCP connect start to the 101 response
    double connect_phase_s = 0;   // first connect to the last handshake settled
    // The measurement window (subscribe and idle modes; the launch window in storm mode).
    double duration_s = 0;
    std::uint64_t messages = 0;         // every data frame received by a measuring client
    std::uint64_t bytes = 0;            // their payload bytes
    std::uint64_t updates = 0;          // `<topic>_update` frames
    histogram latency_us;               // server `timestamp` to receipt, per update
    std::uint64_t negative_latency = 0; // receipt before the timestamp: clock or rounding
    std::uint64_t seq_gaps = 0;         // seqs missed, summed over clients
    std::uint64_t clients_with_gaps = 0;
    std::uint64_t seq_gaps_before_window = 0; // missed during connect/warm-up (not above)
    std::uint64_t seq_out_of_order = 0;       // duplicate or backwards seq (any time)
    std::uint64_t snapshots = 0;              // `<topic>_snapshot` frames (any time)
    std::uint64_t error_frames = 0;           // `error` replies (any time)
    std::uint64_t unparsed = 0;               // frames the scanner could not read (any time)
    // Slow consumers.
    std::uint64_t slow_count = 0;
    std::uint64_t slow_connected = 0;
    std::uint64_t slow_subscribed = 0; // got the `subscribed` reply before they stopped
    std::uint64_t slow_closed = 0;     // ended by the server (seen when draining at the end)
    kind_counts slow_close_codes;      // "1013", "eof", "reset"...
    // Storm.
    std::uint64_t storm_succeeded = 0; // handshake, welcome and a clean close
    std::uint64_t storm_failed = 0;
    std::uint64_t storm_skipped = 0; // ticks dropped because --batch were already in flight
    bool interrupted = false;        // stopped early by SIGINT/SIGTERM
};

// The state all clients share; single-threaded, so plain fields.
struct run_state {
    const options& opt;
    run_stats stats;
    run_phase phase = run_phase::connecting;
    std::string update_type;          // "<topic>_update"
    std::string snapshot_type;        // "<topic>_snapshot"
    std::uint64_t client_objects = 0; // live ws_client objects, to know when all are gone

    explicit run_state(const options& o)
        : opt(o)
        , update_type(o.topic + "_update")
        , snapshot_type(o.topic + "_snapshot") {}
};

// Per-client sequence tracking.
struct client_track {
    std::int64_t last_seq = -1; // -1: no snapshot or update seen yet
    bool gap_in_window = false;
};

// What a frame was, for the client's control flow.
enum class frame_kind : std::uint8_t { welcome, subscribed, snapshot, update, other, unparsed };

// Records one received frame. `measured`: the client's frames count towards the window
// (false for slow and storm clients).
frame_kind record_frame(run_state& st,
                        client_track& track,
                        std::string_view payload,
                        bool measured,
                        std::chrono::system_clock::time_point received);

void record_connected(run_state& st,
                      client_role role,
                      std::chrono::steady_clock::duration handshake);

void record_connect_failure(run_state& st, client_role role, const std::string& kind);

// An established connection ended by the server (or the network), not by the bench.
void record_server_end(run_state& st, client_role role, const std::string& kind);

} // namespace sw::bench
