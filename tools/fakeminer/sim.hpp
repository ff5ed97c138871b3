#pragma once
// The drift simulation: one network (difficulty, height) and one state per miner, advanced
// lazily in fixed one-second steps up to "now". Fixed steps make the values at a given time
// depend only on the seed, not on when or how often the miners are polled.

#include <cstdint>
#include <random>
#include <string>

#include "tools/fakeminer/profiles.hpp"

namespace sw::fakeminer {

// The Bitcoin network as the miners see it.
struct network_values {
    double difficulty = 126411437451912.0; // changes at every 2016-block boundary
    std::uint64_t height = 925000;
    std::uint64_t blocks_seen = 0; // blocks since the simulator started
};

class network_sim {
public:
    explicit network_sim(std::uint64_t seed);

    // Moves to `now_s` seconds since start: blocks arrive at exponential intervals (mean 600 s).
    void advance_to(double now_s);

    const network_values& values() const { return v_; }

private:
    network_values v_;
    std::mt19937_64 rng_;
    double next_block_s_ = 0;
};

// Everything a reply builder reads about one miner. Counters are since boot unless noted.
struct miner_values {
    std::int64_t uptime_s = 0;        // negative while rebooting (not answering)
    std::uint64_t total_uptime_s = 0; // lifetime, survives restarts
    std::uint64_t restarts = 0;       // simulated restarts so far
    std::string reset_reason;         // why the last boot happened
    double hashrate_ghs = 0;          // instantaneous (the firmware's 5 s / 30 s figure)
    double avg_1m_ghs = 0;            // exponential moving averages
    double avg_5m_ghs = 0;
    double avg_10m_ghs = 0;
    double avg_15m_ghs = 0;
    double avg_1h_ghs = 0;
    double avg_24h_ghs = 0;
    double session_hashes = 0;  // hashes since boot (MHS av = this / uptime)
    double lifetime_hashes = 0; // survives restarts
    double temp_c = 0;          // chip average
    double temp_max_c = 0;      // hottest chip
    double vr_temp_c = 0;       // voltage regulator / board
    double fan_pct = 0;
    double power_w = 0;
    double frequency_mhz = 0; // can be changed through AxeOS PATCH
    std::uint64_t accepted = 0;
    std::uint64_t rejected = 0;
    std::uint64_t rejected_above_target = 0; // AxeOS sharesRejectedReasons split
    std::uint64_t stale = 0;
    std::uint64_t hw_errors = 0;
    double diff_accepted = 0; // sum of accepted share difficulties
    double diff_rejected = 0;
    double best_session = 0;        // best share difficulty since boot
    double best_ever = 0;           // all-time best (AxeOS keeps it in flash)
    std::uint64_t blocks_found = 0; // lifetime
    std::uint64_t getworks = 0;     // stratum jobs received since boot
    double noise = 0;               // slow unit noise in [-1, 1] for cosmetic fields
};

class miner_sim {
public:
    // `restart_every_s` 0 = never restart on its own.
    miner_sim(const device_model& model,
              std::uint64_t seed,
              double restart_every_s,
              const network_sim& network);

    // Runs whole simulated seconds up to `now_s` seconds since start.
    void advance_to(double now_s);

    // Reboots now: about 15 s offline, then counters and the session best start from zero.
    void restart(const std::string& reason);

    // Frequency change (AxeOS PATCH): the hashrate scales with it.
    void set_frequency(double mhz);
    // A cooling fault (a stuck fan, a blocked intake): every temperature steps up by `c` at
    // once and stays up while the load lasts; 0 restores normal cooling.
    void set_temp_offset(double c);

    bool booting() const { return v_.uptime_s < 0; }

    const miner_values& values() const { return v_; }

    const device_model& model() const { return model_; }

    // A uniform draw for fault modes (garbage bytes): kept off the drift stream.
    std::mt19937_64& fault_rng() { return fault_rng_; }

private:
    void step();
    void mine_one_second();
    void find_shares(double hashes);
    double share_difficulty(); // one share's difficulty: pool / U, U uniform in (0, 1]
    double normal();
    double uniform();
    void schedule_restart(double fraction);

    device_model model_;
    const network_sim& network_;
    std::mt19937_64 rng_;
    std::mt19937_64 fault_rng_;
    double restart_every_s_;
    double until_restart_s_ = 0;
    std::int64_t steps_ = 0;     // simulated seconds done
    double slow_hash_ = 0;       // slow hashrate deviation (Ornstein-Uhlenbeck, ~2 %)
    double slow_temp_ = 0;       // slow temperature deviation, deg C
    double nominal_scale_ = 1.0; // frequency / default frequency
    double temp_offset_ = 0;     // set_temp_offset
    miner_values v_;
};

} // namespace sw::fakeminer
