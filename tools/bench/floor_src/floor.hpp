#pragma once
// The floor of fan-out cost: what the kernel alone charges to deliver one broadcast to one
// WebSocket client on this machine. One send() of an already-framed text message to a
// connected loopback TCP socket, nothing else: no WebSocket library, no actors, no queue. A
// server's CPU per delivered message divided by this is its overhead factor.
//
// The writer (this process) connects --clients sockets to a listener served by a drain child
// process (forked, so each process stays under RLIMIT_NOFILE and the drain can run on the
// other CPU), then writes the frame to every socket once per broadcast, --rate broadcasts
// per second (or round robin as fast as possible), and measures its own thread CPU time.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sw::floor {

// Every CLI option; the defaults here are the documented defaults.
struct floor_options {
    int clients = 1000;               // --clients: connected sockets
    std::size_t payload_bytes = 300;  // --bytes: the text message, without the frame header
    double rate = 10;                 // --rate: broadcasts/s, each to every client; 0 = flat out
    double duration_s = 10;           // --duration: measured seconds
    double warmup_s = 1;              // --warmup: seconds written before the window
    int writer_cpu = -1;              // --writer-cpu: pin the writer (-1: no pinning)
    int drain_cpu = -1;               // --drain-cpu: pin the drain process
    std::vector<std::string> sources; // --source-addresses: loopback addresses, round robin
    bool nodelay = true;              // TCP_NODELAY on the writer's sockets, as both servers do
};

struct floor_result {
    int connected = 0;
    std::size_t frame_bytes = 0;      // header + payload, the bytes of one send()
    double window_s = 0;              // wall time of the measured window
    std::uint64_t writes = 0;         // complete frames written in the window
    std::uint64_t failed_writes = 0;  // send() errors in the window
    std::uint64_t partial_writes = 0; // send() returned less than a frame (then completed)
    double cpu_s = 0;                 // writer thread CPU in the window (user + system)
    double user_s = 0;
    double sys_s = 0;
    double burst_mean_ms = 0; // time to write one broadcast to every client (rate > 0)
    double burst_max_ms = 0;
    std::uint64_t late_ticks = 0;    // broadcasts that started late (previous one overran)
    std::uint64_t written_bytes = 0; // the whole run, warm-up included
    std::uint64_t drained_bytes = 0; // what the drain process read: equal when it kept up
    double drain_cpu_s = 0;          // the drain process, whole run
};

// A complete unmasked WebSocket text frame (FIN, opcode 1) around a JSON text of
// `payload_bytes` bytes shaped like a broadcast (the receiver discards it; the size is what
// matters).
std::string make_frame(std::size_t payload_bytes);

// Runs the whole measurement; throws std::runtime_error when the sockets cannot be set up.
floor_result run_floor(const floor_options& opt);

} // namespace sw::floor
