#pragma once
// The load generator's settings (filled by the CLI in main.cpp) and their validation. No I/O
// here, so the rules, above all "loopback only", can be read and checked in one place.

#include <cstdint>
#include <string>
#include <vector>

namespace sw::bench {

enum class run_mode : std::uint8_t {
    subscribe, // connect, subscribe, measure broadcast latency and seq gaps
    idle,      // connect and hold the connections (memory tests)
    storm,     // open and close connections at a fixed rate
};

const char* to_string(run_mode mode);

// Every CLI option; the defaults here are the documented defaults.
struct options {
    std::string host = "127.0.0.1";      // --host: 127.0.0.0/8, ::1 or localhost
    int port = 8080;                     // --port
    run_mode mode = run_mode::subscribe; // --mode
    int clients = 100;                   // --clients: connections to open (not storm)
    int batch = 200;                     // --batch: handshakes in flight at once
    std::string source_addresses;        // --source-addresses: comma list, round-robin
    std::string topic = "system";        // --topic: subscribe mode
    double duration_s = 10;              // --duration: measured (or storm) seconds
    double warmup_s = 2;                 // --warmup: subscribe mode, after all connected
    double rate = 100;                   // --rate: storm connections per second
    int slow = 0;                        // --slow K: clients that stop reading
    int slow_rcvbuf = 0;                 // --slow-rcvbuf BYTES (0 = kernel default)
    bool subscribe_late = false;         // --subscribe-late: subscribe once all are connected
    double connect_timeout_s = 5;        // --connect-timeout: TCP connect + handshake
    double drain_timeout_s = 2;          // --drain-timeout: slow clients read at the end
    bool json = false;                   // --json: one JSON object on the last line
    std::vector<std::string> sources;    // parsed source_addresses
};

// Checks the options and fills `sources`; on a problem returns false and says why in
// `error`. Maps host "localhost" to 127.0.0.1.
bool validate(options& opt, std::string& error);

// True for a literal IPv4 address in 127.0.0.0/8 or the IPv6 loopback ::1: load from this
// tool may only go to loopback (the machine's network rules).
bool is_loopback_address(const std::string& text);

// True for a literal IPv6 address (the family of host and sources must match).
bool is_ipv6_literal(const std::string& text);

} // namespace sw::bench
