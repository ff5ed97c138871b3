#pragma once
// What the listeners and sessions share: the simulated miners and the clock. Everything runs
// on one thread (one io_context, run by one thread), so nothing here is locked.

#include <chrono>
#include <memory>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "tools/fakeminer/options.hpp"
#include "tools/fakeminer/sim.hpp"

namespace sw::fakeminer {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

struct simulated_miner {
    miner_spec spec;
    miner_sim sim;
    std::uint64_t replies = 0; // counts replies, to rotate broken-JSON variants
};

class world {
public:
    world(const options& opt, const std::vector<miner_spec>& miners);
    world(const world&) = delete;
    world& operator=(const world&) = delete;

    // Seconds since start on the steady clock: the simulation's time axis.
    double now_s() const;

    // Brings the network and one miner up to now before a reply is built.
    void advance(simulated_miner& miner);

    const network_sim& network() const { return network_; }

    std::vector<std::unique_ptr<simulated_miner>>& miners() { return miners_; }

    std::chrono::milliseconds slow_delay() const { return slow_delay_; }

private:
    std::chrono::steady_clock::time_point start_;
    network_sim network_; // before miners_: each miner_sim refers to it
    std::vector<std::unique_ptr<simulated_miner>> miners_;
    std::chrono::milliseconds slow_delay_;
};

// Serve one accepted connection according to the miner's kind and fault mode.
void start_http_session(tcp::socket socket, world& w, simulated_miner& miner);
void start_cgminer_session(tcp::socket socket, world& w, simulated_miner& miner);

// Random bytes for the garbage fault, from the miner's fault stream.
std::string garbage_bytes(simulated_miner& miner);

// Runs every listener until SIGINT/SIGTERM or opt.duration_s; returns the exit code.
int run_servers(const options& opt, const std::vector<miner_spec>& miners);

} // namespace sw::fakeminer
