#pragma once
// The alert rules of MINERS.md section 5 as a pure state machine: snapshots and the time go
// in, alert updates come out. No actors and no clock of its own, so every rule (hold times,
// cooldowns, windows) is tested in virtual time; the alert_engine actor owns one instance.

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "miners/snapshot.hpp"

namespace sw::actors {

enum class alert_severity : std::uint8_t { info, warning, critical };

enum class alert_state : std::uint8_t { raised, cleared };

std::string_view to_string(alert_severity severity) noexcept;
std::string_view to_string(alert_state state) noexcept;

/// "info" | "warning" | "critical" (config::alert_severities); nullopt otherwise.
std::optional<alert_severity> parse_severity(std::string_view text) noexcept;

/// One alert update, as published on the `alerts` topic. (Every member has an initializer so
/// that designated initializers compile under -Wmissing-field-initializers.)
struct alert {
    std::string id{};         ///< unique for the process lifetime; kept by escalation and clear
    std::string miner_id{};   ///< snapshot.id
    std::string miner_name{}; ///< snapshot.name (configured, unique)
    std::string rule{};       ///< rule id of MINERS.md section 5 (config::alert_rule_ids)
    alert_severity severity = alert_severity::warning;
    alert_state state = alert_state::raised;
    bool event = false; ///< restart/new_best/block_found: raised, never cleared, never active
    std::optional<double> value{};
    std::optional<double> threshold{};
    std::string message{}; ///< e.g. "gamma-1 ASIC temperature 76.2 C >= 75 C"
    std::chrono::system_clock::time_point raised_at{};
    std::optional<std::chrono::system_clock::time_point> cleared_at{};
    std::chrono::system_clock::time_point updated_at{};

    bool operator==(const alert&) const = default;
};

/// The PROTOCOL.md `alert` object (id, miner_id, rule, severity, state, value, threshold,
/// message, raised_at) plus miner_name, event, cleared_at (null until cleared), updated_at.
/// Times are RFC 3339 UTC with milliseconds.
nlohmann::json to_json(const alert& a);

class alert_rules {
public:
    using time_point = std::chrono::system_clock::time_point;

    explicit alert_rules(std::size_t history_size);

    /// Evaluates every rule on a miner's new snapshot with that miner's effective rules
    /// (config::effective_alerts); returns the updates to publish, in the order of
    /// config::alert_rule_ids: raises, escalations and de-escalations (the same id republished
    /// with state raised and the new severity), clears and events.
    std::vector<alert> evaluate(const miners::miner_snapshot& snap,
                                const config::alerts_config& rules,
                                time_point now);

    /// After a reload: clears the miner's active alerts of rules that `rules` disables,
    /// without waiting for its next snapshot (an offline miner may not send one for long).
    std::vector<alert>
    reconfigure(const std::string& miner_name, const config::alerts_config& rules, time_point now);

    /// The miner was removed from the config: its active alerts are cleared (returned) and
    /// everything known about it is dropped.
    std::vector<alert> forget(const std::string& miner_name, time_point now);

    /// Active condition alerts, oldest raise first.
    [[nodiscard]] std::vector<alert> active() const;

    /// The last history_size updates, oldest first.
    [[nodiscard]] const std::deque<alert>& history() const { return history_; }

    /// A reload keeps all state; a smaller size drops the oldest updates.
    void set_history_size(std::size_t size);

    /// [network] difficulty: used for block_found while a miner reports none; 0 = unknown.
    void set_network_difficulty(double difficulty) { network_difficulty_ = difficulty; }

private:
    static constexpr std::size_t rule_count = config::alert_rule_ids.size();

    struct rule_state {
        std::optional<alert> active;
        std::uint64_t active_seq = 0; ///< orders active() when raises share a time
        std::optional<time_point> last_raise;
    };

    struct share_sample {
        time_point at;
        std::int64_t accepted = 0;
        std::int64_t rejected = 0;
    };

    struct miner_state {
        std::string miner_id;
        std::array<rule_state, rule_count> rules;
        std::deque<std::pair<time_point, double>> hashrate_now; ///< last hour, thinned
        std::optional<time_point> below_since;                  ///< hashrate_drop hold
        std::deque<share_sample> shares;                        ///< reject_rate window
        std::optional<double> best;                             ///< highest best difficulty seen
        std::optional<std::int64_t> blocks;                     ///< last blocks_found seen
    };

    /// What one evaluation works on.
    struct pass {
        const std::string& name;
        miner_state& miner;
        const config::alerts_config& rules;
        time_point now;
        std::vector<alert>& out;
    };

    struct reading {
        alert_severity severity;
        std::optional<double> value;
        std::optional<double> threshold;
        std::string message;
    };

    // Publishing, common to every rule.
    /// Raises (unless cooling down), or republishes the active alert if its severity changed.
    void hold(pass& p, std::size_t rule, reading r);
    /// Clears the active alert, if any; `value` and `threshold` replace the raised ones when
    /// a value is given.
    void clear(pass& p,
               std::size_t rule,
               std::optional<double> value,
               std::string message,
               std::optional<double> threshold = std::nullopt);
    void event(pass& p, std::size_t rule, reading r);
    static bool cooling_down(const pass& p, std::size_t rule);
    void publish(pass& p, const alert& a);
    void clear_disabled(pass& p);

    // The rules, in the order of config::alert_rule_ids.
    static std::optional<double> asic_temperature(const miners::miner_snapshot& snap);
    void offline(pass& p, const miners::miner_snapshot& snap);
    void temperature(pass& p, std::size_t rule, std::string_view label, std::optional<double> v);
    void hashrate_drop(pass& p, const miners::miner_snapshot& snap);
    void reject_rate(pass& p, const miners::miner_snapshot& snap);
    void restart(pass& p, const miners::miner_snapshot& snap);
    void fallback_pool(pass& p, const miners::miner_snapshot& snap);
    void fault(pass& p, const miners::miner_snapshot& snap);
    /// new_best and block_found, which share the best difficulty seen.
    void best_and_blocks(pass& p, const miners::miner_snapshot& snap);

    std::map<std::string, miner_state, std::less<>> miners_;
    std::deque<alert> history_;
    std::size_t history_size_;
    std::uint64_t seq_ = 0;
    double network_difficulty_ = 0;
};

} // namespace sw::actors
