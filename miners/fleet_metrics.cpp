#include "miners/fleet_metrics.hpp"

#include <cmath>
#include <ctime>
#include <map>

#include "miners/solo_math.hpp"

namespace sw::miners {

namespace {

using json = nlohmann::json;

constexpr double seconds_per_year = 365.25 * seconds_per_day;

bool usable(const std::optional<double>& v) noexcept {
    return v && std::isfinite(*v) && *v >= 0.0;
}

void raise_to(std::optional<double>& best, double value) noexcept {
    if (!best || value > *best) {
        best = value;
    }
}

json number_or_null(const std::optional<double>& v) {
    return (v && std::isfinite(*v)) ? json(*v) : json(nullptr);
}

/// The value most online miners report; a tie goes to the larger (the newer epoch after a
/// retarget upward, and the conservative odds).
std::optional<double> voted_difficulty(const std::vector<const miner_snapshot*>& miners) {
    std::map<double, int> votes;
    for (const auto* m : miners) {
        if (m != nullptr && m->online) {
            const auto& d = m->reading.network.difficulty;
            if (d && std::isfinite(*d) && *d > 0.0) {
                ++votes[*d];
            }
        }
    }
    std::optional<double> winner;
    int most = 0;
    for (const auto& [difficulty, count] : votes) { // ascending: >= lets the larger win a tie
        if (count >= most) {
            most = count;
            winner = difficulty;
        }
    }
    return winner;
}

} // namespace

json to_json(const fleet_totals& t) {
    return json{
        {"total_hashrate_ghs", number_or_null(t.total_hashrate_ghs)},
        {"total_power_w", number_or_null(t.total_power_w)},
        {"efficiency_j_per_th", number_or_null(t.efficiency_j_per_th)},
        {"miners_online", t.miners_online},
        {"miners_total", t.miners_total},
        {"best_difficulty", difficulty_json(t.best_difficulty)},
        {"best_difficulty_today", difficulty_json(t.best_difficulty_today)},
        {"best_percent_of_network", number_or_null(t.best_percent_of_network)},
        {"network_difficulty", difficulty_json(t.network_difficulty)},
        {"expected_seconds_to_block", number_or_null(t.expected_seconds_to_block)},
        {"block_probability_day", number_or_null(t.block_probability_day)},
        {"block_probability_year", number_or_null(t.block_probability_year)},
        {"blocks_found", t.blocks_found},
    };
}

std::optional<double> fleet_hashrate_ghs(const miner_reading& reading) noexcept {
    const auto& h = reading.hashrate_ghs;
    for (const auto* v : {&h.avg_1m, &h.now, &h.avg_10m}) {
        if (usable(*v)) {
            return *v;
        }
    }
    return std::nullopt;
}

day_start_fn local_day_start() {
    return [](wall_time t) {
        const std::time_t secs = std::chrono::system_clock::to_time_t(t);
        std::tm local{};
        localtime_r(&secs, &local);
        local.tm_hour = 0;
        local.tm_min = 0;
        local.tm_sec = 0;
        local.tm_isdst = -1; // midnight may be on the other side of a DST change than t
        return std::chrono::system_clock::from_time_t(std::mktime(&local));
    };
}

day_start_fn fixed_offset_day_start(std::chrono::seconds utc_offset) {
    return [utc_offset](wall_time t) {
        return std::chrono::floor<std::chrono::days>(t + utc_offset) - utc_offset;
    };
}

best_tracker::best_tracker(day_start_fn day_start) : day_start_(std::move(day_start)) {}

void best_tracker::roll_day(wall_time now) {
    const wall_time start = day_start_(now);
    if (day_ != start) {
        day_ = start;
        today_.reset();
    }
}

void best_tracker::consider(const std::optional<double>& value,
                            std::optional<double>& last,
                            bool online) {
    if (!usable(value)) {
        return; // keep `last`: a miner that comes back with the same best did not go up
    }
    raise_to(all_time_, *value);
    if (online && last && *value > *last) {
        raise_to(today_, *value);
    }
    last = value;
}

void best_tracker::observe(const miner_snapshot& snap, wall_time now) {
    roll_day(now);
    const auto& best = snap.reading.best_difficulty;
    auto& seen = miners_[snap.id];
    consider(best.all_time, seen.all_time, snap.online);
    consider(best.session, seen.session, snap.online);
    // An offline miner's uptime is stale: now - uptime would put its boot too late.
    const auto& uptime = snap.reading.uptime_s;
    if (snap.online && usable(best.session) && uptime && *uptime >= 0
        && now - std::chrono::seconds(*uptime) >= *day_) {
        raise_to(today_, *best.session);
    }
}

std::optional<double> best_tracker::today(wall_time now) const {
    if (day_ != day_start_(now)) {
        return std::nullopt;
    }
    return today_;
}

fleet_totals compute_fleet_totals(const std::vector<const miner_snapshot*>& miners,
                                  std::optional<double> configured_network_difficulty,
                                  const best_tracker& best,
                                  wall_time now) {
    fleet_totals t;
    double power_sum = 0.0;
    bool any_power = false;
    double paired_power = 0.0; // efficiency only over miners that report both figures
    double paired_ghs = 0.0;
    for (const auto* m : miners) {
        if (m == nullptr) {
            continue;
        }
        ++t.miners_total;
        if (m->reading.blocks_found && *m->reading.blocks_found > 0) {
            t.blocks_found += *m->reading.blocks_found;
        }
        if (!m->online) {
            continue;
        }
        ++t.miners_online;
        const auto ghs = fleet_hashrate_ghs(m->reading);
        const auto& power = m->reading.power_w;
        if (ghs) {
            t.total_hashrate_ghs += *ghs;
        }
        if (usable(power)) {
            power_sum += *power;
            any_power = true;
            if (ghs) {
                paired_power += *power;
                paired_ghs += *ghs;
            }
        }
    }
    if (any_power) {
        t.total_power_w = power_sum;
    }
    if (paired_ghs > 0.0) {
        t.efficiency_j_per_th = paired_power / (paired_ghs / 1000.0);
    }

    t.network_difficulty = voted_difficulty(miners);
    const auto& configured = configured_network_difficulty;
    if (!t.network_difficulty && configured && std::isfinite(*configured) && *configured > 0.0) {
        t.network_difficulty = configured;
    }

    t.best_difficulty = best.all_time();
    t.best_difficulty_today = best.today(now);
    if (t.network_difficulty) {
        const double d = *t.network_difficulty;
        const double h = ghs_to_hashes_per_second(t.total_hashrate_ghs);
        if (t.best_difficulty) {
            t.best_percent_of_network = best_percent_of_network(*t.best_difficulty, d);
        }
        t.expected_seconds_to_block = expected_seconds_to_block(d, h);
        t.block_probability_day = probability_within(seconds_per_day, d, h);
        t.block_probability_year = probability_within(seconds_per_year, d, h);
    }
    return t;
}

} // namespace sw::miners
