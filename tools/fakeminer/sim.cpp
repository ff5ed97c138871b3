#include "tools/fakeminer/sim.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sw::fakeminer {

namespace {

constexpr double two_pow_32 = 4294967296.0;
constexpr double reject_probability = 0.002; // ~0.2 % rejected, like the fixtures
constexpr double stale_probability = 0.0003;
constexpr double hw_errors_per_th_s = 0.00017; // S19 fixture: ~0.024 errors/s at 140 TH/s

// Moves an exponential moving average one second towards x with time constant tau seconds.
void ema(double& avg, double x, double tau) {
    avg += (x - avg) / tau;
}

// Big machines take a minute to boot; an ESP32 miner is back in ~15 s.
std::int64_t boot_seconds(const device_model& m) {
    return m.nominal_ghs >= 10000 ? 60 : 15;
}

// ESP-IDF reset reasons as AxeOS prints them; the first is the initial boot.
constexpr std::array reset_reasons{
    "Power on reset",
    "Reset due to task watchdog",
    "Brownout reset (software or hardware)",
    "Software reset due to exception/panic",
};

} // namespace

network_sim::network_sim(std::uint64_t seed) : rng_(seed ^ 0x6e6574776f726bULL) {
    next_block_s_ = std::exponential_distribution<double>(1.0 / 600.0)(rng_);
}

void network_sim::advance_to(double now_s) {
    while (next_block_s_ <= now_s) {
        ++v_.height;
        ++v_.blocks_seen;
        // A retarget every 2016 blocks moves the difficulty a few percent either way.
        if (v_.height % 2016 == 0)
            v_.difficulty = std::round(v_.difficulty
                                       * std::exp(std::normal_distribution<double>(0, 0.03)(rng_)));
        next_block_s_ += std::exponential_distribution<double>(1.0 / 600.0)(rng_);
    }
}

miner_sim::miner_sim(const device_model& model,
                     std::uint64_t seed,
                     double restart_every_s,
                     const network_sim& network)
    : model_(model)
    , network_(network)
    , rng_(seed)
    , fault_rng_(seed ^ 0x6661756c74ULL)
    , restart_every_s_(restart_every_s) {
    // Start as a miner that has been running a while, with counters consistent with that.
    const double nominal = model_.nominal_ghs;
    slow_hash_ = 0.02 * normal();
    slow_temp_ = 0.5 * normal();
    v_.uptime_s = static_cast<std::int64_t>(7200 + uniform() * 3 * 86400);
    v_.total_uptime_s =
        static_cast<std::uint64_t>(static_cast<double>(v_.uptime_s) * (2 + 6 * uniform()));
    v_.reset_reason = reset_reasons[0];
    v_.frequency_mhz = model_.frequency_mhz;
    const double h = nominal * (1 + slow_hash_);
    v_.hashrate_ghs = v_.avg_1m_ghs = v_.avg_5m_ghs = v_.avg_10m_ghs = h;
    v_.avg_15m_ghs = v_.avg_1h_ghs = v_.avg_24h_ghs = h;
    const auto up = static_cast<double>(v_.uptime_s);
    v_.session_hashes = nominal * 1e9 * up;
    v_.lifetime_hashes = nominal * 1e9 * static_cast<double>(v_.total_uptime_s);
    const double shares = v_.session_hashes / (model_.pool_difficulty * two_pow_32);
    v_.accepted = static_cast<std::uint64_t>(shares);
    v_.rejected = static_cast<std::uint64_t>(shares * reject_probability);
    v_.rejected_above_target = v_.rejected * 7 / 10;
    v_.stale = static_cast<std::uint64_t>(shares * stale_probability);
    v_.diff_accepted = static_cast<double>(v_.accepted) * model_.pool_difficulty;
    v_.diff_rejected = static_cast<double>(v_.rejected) * model_.pool_difficulty;
    v_.hw_errors = static_cast<std::uint64_t>(nominal / 1000 * hw_errors_per_th_s * up);
    v_.getworks = static_cast<std::uint64_t>(up / 30);
    // The best of n shares of difficulty d: P(best < x) = exp(-n d / x), sampled by inversion.
    auto best_of = [&](double n) {
        return std::round(model_.pool_difficulty * std::max(n, 1.0) / -std::log(uniform()));
    };
    v_.best_session = best_of(shares);
    v_.best_ever =
        std::max(v_.best_session, best_of(shares * static_cast<double>(v_.total_uptime_s) / up));
    v_.temp_c = model_.ambient_c + model_.chip_rise_c + slow_temp_;
    v_.temp_max_c = v_.temp_c + 0.08 * model_.chip_rise_c;
    v_.vr_temp_c = model_.ambient_c + (v_.temp_c - model_.ambient_c) * 0.8;
    v_.fan_pct = 43;
    v_.power_w = model_.full_w;
    // Spread first restarts over the interval so the fleet does not reboot in lockstep.
    schedule_restart(0.1 + 0.9 * uniform());
}

double miner_sim::normal() {
    return std::normal_distribution<double>(0.0, 1.0)(rng_);
}

double miner_sim::uniform() {
    // (0, 1]: safe to divide by and to take the log of.
    return 1.0 - std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
}

void miner_sim::schedule_restart(double fraction) {
    until_restart_s_ = restart_every_s_ * fraction;
}

void miner_sim::advance_to(double now_s) {
    while (static_cast<double>(steps_ + 1) <= now_s)
        step();
}

void miner_sim::set_temp_offset(double c) {
    const double step = c - temp_offset_;
    temp_offset_ = c;
    v_.temp_c += step;
    v_.temp_max_c += step;
    v_.vr_temp_c += step;
}

void miner_sim::set_frequency(double mhz) {
    v_.frequency_mhz = mhz;
    nominal_scale_ = model_.frequency_mhz > 0 ? mhz / model_.frequency_mhz : 1.0;
}

void miner_sim::restart(const std::string& reason) {
    ++v_.restarts;
    v_.reset_reason = reason;
    v_.uptime_s = -boot_seconds(model_);
    // Everything the firmware keeps in RAM starts over; best_ever lives in flash.
    v_.accepted = v_.rejected = v_.rejected_above_target = v_.stale = v_.hw_errors = 0;
    v_.getworks = 0;
    v_.diff_accepted = v_.diff_rejected = v_.best_session = 0;
    v_.session_hashes = 0;
    v_.hashrate_ghs = v_.avg_1m_ghs = v_.avg_5m_ghs = v_.avg_10m_ghs = 0;
    v_.avg_15m_ghs = v_.avg_1h_ghs = v_.avg_24h_ghs = 0;
}

void miner_sim::step() {
    ++steps_;
    if (restart_every_s_ > 0) {
        until_restart_s_ -= 1;
        if (until_restart_s_ <= 0) {
            const auto pick = 1 + static_cast<std::size_t>(uniform() * 2.999);
            restart(reset_reasons[pick]);
            schedule_restart(0.5 + uniform());
        }
    }
    mine_one_second();
}

void miner_sim::mine_one_second() {
    const bool up = v_.uptime_s >= 0;
    ++v_.uptime_s;
    const double nominal = model_.nominal_ghs * nominal_scale_;
    // Slow drift (pool luck, chip warm-up, voltage) plus fast reading noise.
    slow_hash_ += -slow_hash_ / 900 + 0.02 * std::sqrt(2.0 / 900) * normal();
    slow_temp_ += -slow_temp_ / 600 + 1.0 * std::sqrt(2.0 / 600) * normal();
    double h = 0;
    if (up) {
        ++v_.total_uptime_s;
        // After a boot the chips need ~45 s to reach full speed.
        const double ramp = std::min(1.0, static_cast<double>(v_.uptime_s) / 45.0);
        h = std::max(0.0, nominal * (1 + slow_hash_ + 0.025 * normal()) * ramp);
        v_.hashrate_ghs = h;
        ema(v_.avg_1m_ghs, h, 60);
        ema(v_.avg_5m_ghs, h, 300);
        ema(v_.avg_10m_ghs, h, 600);
        ema(v_.avg_15m_ghs, h, 900);
        ema(v_.avg_1h_ghs, h, 3600);
        ema(v_.avg_24h_ghs, h, 86400);
        const double hashes = h * 1e9;
        v_.session_hashes += hashes;
        v_.lifetime_hashes += hashes;
        find_shares(hashes);
        v_.hw_errors += static_cast<std::uint64_t>(
            std::poisson_distribution<int>(h / 1000 * hw_errors_per_th_s)(rng_));
        if (v_.uptime_s % 30 == 0)
            ++v_.getworks;
    }
    // Temperature follows load with a ~90 s lag; fans and power follow temperature and load.
    const double load = nominal > 0 ? h / model_.nominal_ghs : 0;
    const double target =
        model_.ambient_c + model_.chip_rise_c * (0.15 + 0.85 * load) + slow_temp_ + temp_offset_;
    v_.temp_c += (target - v_.temp_c) / 90 + 0.05 * normal();
    v_.temp_max_c = v_.temp_c + 0.08 * model_.chip_rise_c;
    v_.vr_temp_c =
        model_.ambient_c + (v_.temp_c - temp_offset_ - model_.ambient_c) * 0.8 + temp_offset_;
    const double full_temp = model_.ambient_c + model_.chip_rise_c;
    v_.fan_pct = std::clamp(43 + 5 * (v_.temp_c - temp_offset_ - full_temp), 20.0, 100.0);
    v_.power_w =
        model_.idle_w + (model_.full_w - model_.idle_w) * load + 0.005 * model_.full_w * normal();
    v_.noise = std::tanh(slow_temp_);
}

double miner_sim::share_difficulty() {
    return model_.pool_difficulty / uniform();
}

void miner_sim::find_shares(double hashes) {
    const double mean = hashes / (model_.pool_difficulty * two_pow_32);
    const int count = std::poisson_distribution<int>(mean)(rng_);
    for (int i = 0; i < count; ++i) {
        const double u = uniform();
        if (u <= stale_probability) {
            ++v_.stale;
            continue;
        }
        if (u <= stale_probability + reject_probability) {
            ++v_.rejected;
            if (uniform() < 0.7)
                ++v_.rejected_above_target;
            v_.diff_rejected += model_.pool_difficulty;
            continue;
        }
        ++v_.accepted;
        v_.diff_accepted += model_.pool_difficulty;
        const double d = std::round(share_difficulty());
        v_.best_session = std::max(v_.best_session, d);
        v_.best_ever = std::max(v_.best_ever, d);
        if (d >= network_.values().difficulty)
            ++v_.blocks_found; // about once per 15,600 years for a Bitaxe
    }
}

} // namespace sw::fakeminer
