#include "actors/alert_rules.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>

#include "protocol/encode.hpp"

namespace sw::actors {

namespace {

using namespace std::chrono_literals;

// Indices into config::alert_rule_ids (and miner_state::rules).
constexpr std::size_t r_offline = 0;
constexpr std::size_t r_asic_temp = 1;
constexpr std::size_t r_vr_temp = 2;
constexpr std::size_t r_hashrate_drop = 3;
constexpr std::size_t r_reject_rate = 4;
constexpr std::size_t r_restart = 5;
constexpr std::size_t r_fallback_pool = 6;
constexpr std::size_t r_fault = 7;
constexpr std::size_t r_new_best = 8;
constexpr std::size_t r_block_found = 9;
static_assert(config::alert_rule_ids[r_offline] == "offline");
static_assert(config::alert_rule_ids[r_asic_temp] == "asic_temp");
static_assert(config::alert_rule_ids[r_vr_temp] == "vr_temp");
static_assert(config::alert_rule_ids[r_hashrate_drop] == "hashrate_drop");
static_assert(config::alert_rule_ids[r_reject_rate] == "reject_rate");
static_assert(config::alert_rule_ids[r_restart] == "restart");
static_assert(config::alert_rule_ids[r_fallback_pool] == "fallback_pool");
static_assert(config::alert_rule_ids[r_fault] == "fault");
static_assert(config::alert_rule_ids[r_new_best] == "new_best");
static_assert(config::alert_rule_ids[r_block_found] == "block_found");

// The hashrate median looks back one hour and judges after ten minutes of samples; one
// sample per 10 s bounds the memory whatever the poll interval (360 per miner).
constexpr auto median_span = 1h;
constexpr auto median_min_span = 10min;
constexpr auto sample_spacing = 10s;

const config::alert_rule_config& rule_config(const config::alerts_config& rules, std::size_t r) {
    return *rules.rule(config::alert_rule_ids.at(r));
}

alert_severity severity_of(const config::alert_rule_config& rule) {
    // The config refuses anything else; warning is the safe middle for hand-built configs.
    return parse_severity(rule.severity).value_or(alert_severity::warning);
}

std::string next_id() {
    // Process-wide, so a restarted engine never hands out an id a client has already seen.
    static std::atomic<std::uint64_t> counter{0};
    return "alert-" + std::to_string(counter.fetch_add(1, std::memory_order_relaxed) + 1);
}

/// 76.24 -> "76.2", 75.0 -> "75": what people read in a notification.
std::string num(double v, int decimals = 1) {
    std::array<char, 64> buf{};
    const auto [end, ec] =
        std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, decimals);
    if (ec != std::errc{}) {
        return "?"; // only for magnitudes no miner reports (over 60 digits)
    }
    std::string s(buf.data(), end);
    if (s.find('.') != std::string::npos) {
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.') {
            s.pop_back();
        }
    }
    return s;
}

/// Difficulties as miners show them: 2134873562 -> "2.13G", 1.2641e14 -> "126T".
std::string difficulty(double d) {
    constexpr std::array<const char*, 7> suffixes{"", "k", "M", "G", "T", "P", "E"};
    std::size_t i = 0;
    while (std::fabs(d) >= 1000 && i + 1 < suffixes.size()) {
        d /= 1000;
        ++i;
    }
    const int decimals = std::fabs(d) >= 100 ? 0 : (std::fabs(d) >= 10 ? 1 : 2);
    return num(d, decimals) + suffixes.at(i);
}

std::string duration_text(std::chrono::milliseconds d) {
    if (d % 1h == 0ms) {
        return std::to_string(d / 1h) + "h";
    }
    if (d % 1min == 0ms) {
        return std::to_string(d / 1min) + "m";
    }
    return num(static_cast<double>(d.count()) / 1000.0) + "s";
}

/// The severity a temperature calls for, given the alert's current one; nullopt = no alert.
/// Hysteresis: an alert clears only below warning - margin, and goes back from critical to
/// warning only below critical - margin.
std::optional<alert_severity> temperature_level(std::optional<alert_severity> current,
                                                double v,
                                                const config::alert_rule_config& c) {
    if (v >= c.critical) {
        return alert_severity::critical;
    }
    if (!current) {
        return v >= c.warning ? std::optional(alert_severity::warning) : std::nullopt;
    }
    if (v < c.warning - c.clear_margin) {
        return std::nullopt;
    }
    if (*current == alert_severity::critical && v >= c.critical - c.clear_margin) {
        return alert_severity::critical;
    }
    return alert_severity::warning;
}

std::optional<double> finite(std::optional<double> v) {
    return v && std::isfinite(*v) ? v : std::nullopt;
}

using hashrate_samples = std::deque<std::pair<std::chrono::system_clock::time_point, double>>;

double median(const hashrate_samples& xs) {
    std::vector<double> values;
    values.reserve(xs.size());
    for (const auto& x : xs) {
        values.push_back(x.second);
    }
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

/// Keeps the `now` figures of the last hour, one per sample_spacing at most.
void record_hashrate(hashrate_samples& xs,
                     std::optional<double> now_ghs,
                     std::chrono::system_clock::time_point now) {
    if (now_ghs && *now_ghs >= 0 && (xs.empty() || now - xs.back().first >= sample_spacing)) {
        xs.emplace_back(now, *now_ghs);
    }
    while (!xs.empty() && xs.front().first < now - median_span) {
        xs.pop_front();
    }
}

/// The 10-minute average, or the nearest window the miner reports.
std::optional<double> ten_minute_average(const miners::hashrate_figures& h) {
    return finite(h.avg_10m ? h.avg_10m : h.avg_15m ? h.avg_15m : h.avg_5m ? h.avg_5m : h.now);
}

struct hashrate_reference {
    double ghs;
    std::string_view of; ///< for the message
};

/// The expected hashrate, else the median of the last hour once it spans 10 minutes.
std::optional<hashrate_reference> reference_for(std::optional<double> expected,
                                                const hashrate_samples& xs,
                                                std::chrono::system_clock::time_point now) {
    if (expected && *expected > 0) {
        return hashrate_reference{*expected, "expected"};
    }
    if (!xs.empty() && xs.front().first <= now - median_min_span) {
        const double m = median(xs);
        if (m > 0) {
            return hashrate_reference{m, "the 1-h median"};
        }
    }
    return std::nullopt;
}

} // namespace

std::string_view to_string(alert_severity severity) noexcept {
    switch (severity) {
    case alert_severity::info:
        return "info";
    case alert_severity::warning:
        return "warning";
    case alert_severity::critical:
        return "critical";
    }
    return "warning";
}

std::string_view to_string(alert_state state) noexcept {
    return state == alert_state::cleared ? "cleared" : "raised";
}

std::optional<alert_severity> parse_severity(std::string_view text) noexcept {
    for (const auto s : {alert_severity::info, alert_severity::warning, alert_severity::critical}) {
        if (to_string(s) == text) {
            return s;
        }
    }
    return std::nullopt;
}

nlohmann::json to_json(const alert& a) {
    auto opt = [](const std::optional<double>& v) {
        return v && std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    return {{"id", a.id},
            {"miner_id", a.miner_id},
            {"miner_name", a.miner_name},
            {"rule", a.rule},
            {"severity", to_string(a.severity)},
            {"state", to_string(a.state)},
            {"event", a.event},
            {"value", opt(a.value)},
            {"threshold", opt(a.threshold)},
            {"message", a.message},
            {"raised_at", protocol::format_timestamp(a.raised_at)},
            {"cleared_at",
             a.cleared_at ? nlohmann::json(protocol::format_timestamp(*a.cleared_at))
                          : nlohmann::json(nullptr)},
            {"updated_at", protocol::format_timestamp(a.updated_at)}};
}

alert_rules::alert_rules(std::size_t history_size) : history_size_(history_size) {}

std::vector<alert> alert_rules::evaluate(const miners::miner_snapshot& snap,
                                         const config::alerts_config& rules,
                                         time_point now) {
    auto& miner = miners_[snap.name];
    miner.miner_id = snap.id;
    std::vector<alert> out;
    pass p{snap.name, miner, rules, now, out};
    clear_disabled(p);
    offline(p, snap);
    // An offline miner's reading is its last good one: judging it again would only repeat
    // old news, and clearing on it would hide what was wrong when it went away.
    if (!snap.online) {
        return out;
    }
    temperature(p, r_asic_temp, "ASIC temperature", asic_temperature(snap));
    temperature(p, r_vr_temp, "VR temperature", snap.reading.temp_c.vr);
    hashrate_drop(p, snap);
    reject_rate(p, snap);
    restart(p, snap);
    fallback_pool(p, snap);
    fault(p, snap);
    best_and_blocks(p, snap);
    return out;
}

std::vector<alert> alert_rules::reconfigure(const std::string& miner_name,
                                            const config::alerts_config& rules,
                                            time_point now) {
    std::vector<alert> out;
    const auto it = miners_.find(miner_name);
    if (it != miners_.end()) {
        pass p{it->first, it->second, rules, now, out};
        clear_disabled(p);
    }
    return out;
}

std::vector<alert> alert_rules::forget(const std::string& miner_name, time_point now) {
    std::vector<alert> out;
    const auto it = miners_.find(miner_name);
    if (it == miners_.end()) {
        return out;
    }
    const config::alerts_config unused;
    pass p{it->first, it->second, unused, now, out};
    for (std::size_t r = 0; r < rule_count; ++r) {
        clear(p, r, {}, miner_name + " was removed from the configuration");
    }
    miners_.erase(it);
    return out;
}

std::vector<alert> alert_rules::active() const {
    std::vector<const rule_state*> found;
    for (const auto& [name, miner] : miners_) {
        for (const auto& st : miner.rules) {
            if (st.active) {
                found.push_back(&st);
            }
        }
    }
    // The raise sequence breaks ties between raises at the same time.
    std::sort(found.begin(), found.end(), [](const rule_state* a, const rule_state* b) {
        return std::pair(a->active->raised_at, a->active_seq)
               < std::pair(b->active->raised_at, b->active_seq);
    });
    std::vector<alert> out;
    out.reserve(found.size());
    for (const auto* st : found) {
        out.push_back(*st->active);
    }
    return out;
}

void alert_rules::set_history_size(std::size_t size) {
    history_size_ = size;
    while (history_.size() > history_size_) {
        history_.pop_front();
    }
}

// --- publishing ---------------------------------------------------------------------------

bool alert_rules::cooling_down(const pass& p, std::size_t rule) {
    const auto& st = p.miner.rules.at(rule);
    const auto cooldown = rule_config(p.rules, rule).cooldown.value_or(p.rules.cooldown);
    return st.last_raise && p.now - *st.last_raise < cooldown;
}

void alert_rules::publish(pass& p, const alert& a) {
    p.out.push_back(a);
    history_.push_back(a);
    while (history_.size() > history_size_) {
        history_.pop_front();
    }
}

void alert_rules::hold(pass& p, std::size_t rule, reading r) {
    auto& st = p.miner.rules.at(rule);
    if (st.active) {
        // Still the same condition: republished only when its severity changes.
        if (st.active->severity == r.severity) {
            return;
        }
        alert& a = *st.active;
        a.miner_id = p.miner.miner_id;
        a.severity = r.severity;
        a.value = r.value;
        a.threshold = r.threshold;
        a.message = std::move(r.message);
        a.updated_at = p.now;
        publish(p, a);
        return;
    }
    if (cooling_down(p, rule)) {
        return;
    }
    alert a{.id = next_id(),
            .miner_id = p.miner.miner_id,
            .miner_name = p.name,
            .rule = std::string(config::alert_rule_ids.at(rule)),
            .severity = r.severity,
            .state = alert_state::raised,
            .event = false,
            .value = r.value,
            .threshold = r.threshold,
            .message = std::move(r.message),
            .raised_at = p.now,
            .cleared_at = std::nullopt,
            .updated_at = p.now};
    st.active = a;
    st.active_seq = ++seq_;
    st.last_raise = p.now;
    publish(p, a);
}

void alert_rules::clear(pass& p,
                        std::size_t rule,
                        std::optional<double> value,
                        std::string message,
                        std::optional<double> threshold) {
    auto& st = p.miner.rules.at(rule);
    if (!st.active) {
        return;
    }
    alert a = std::move(*st.active);
    st.active.reset();
    a.miner_id = p.miner.miner_id;
    a.state = alert_state::cleared;
    if (value) {
        a.value = value;
        a.threshold = threshold;
    }
    a.message = std::move(message);
    a.cleared_at = p.now;
    a.updated_at = p.now;
    publish(p, a);
}

void alert_rules::event(pass& p, std::size_t rule, reading r) {
    if (cooling_down(p, rule)) {
        return;
    }
    p.miner.rules.at(rule).last_raise = p.now;
    publish(p,
            alert{.id = next_id(),
                  .miner_id = p.miner.miner_id,
                  .miner_name = p.name,
                  .rule = std::string(config::alert_rule_ids.at(rule)),
                  .severity = r.severity,
                  .state = alert_state::raised,
                  .event = true,
                  .value = r.value,
                  .threshold = r.threshold,
                  .message = std::move(r.message),
                  .raised_at = p.now,
                  .cleared_at = std::nullopt,
                  .updated_at = p.now});
}

void alert_rules::clear_disabled(pass& p) {
    for (std::size_t r = 0; r < rule_count; ++r) {
        if (!rule_config(p.rules, r).enabled && p.miner.rules.at(r).active) {
            clear(p,
                  r,
                  {},
                  p.name + " " + std::string(config::alert_rule_ids.at(r))
                      + " alert cleared: the rule was disabled");
        }
    }
    if (!p.rules.hashrate_drop.enabled) {
        p.miner.below_since.reset();
    }
}

// --- the rules ----------------------------------------------------------------------------

std::optional<double> alert_rules::asic_temperature(const miners::miner_snapshot& snap) {
    const auto& t = snap.reading.temp_c;
    // cgminer machines are judged on their hottest chip; their `asic` is often an average.
    if (snap.kind == miners::miner_kind::cgminer && t.chip_max) {
        return t.chip_max;
    }
    return t.asic;
}

void alert_rules::offline(pass& p, const miners::miner_snapshot& snap) {
    if (snap.online) {
        clear(p, r_offline, {}, p.name + " back online");
        return;
    }
    // Never polled yet (no error): not known to be offline, so nothing to say.
    const auto& c = p.rules.offline;
    if (!c.enabled || !snap.last_error) {
        return;
    }
    hold(p, r_offline, {severity_of(c), {}, {}, p.name + " offline: " + *snap.last_error});
}

void alert_rules::temperature(pass& p,
                              std::size_t rule,
                              std::string_view label,
                              std::optional<double> value) {
    const auto& c = rule_config(p.rules, rule);
    const auto v = finite(value);
    if (!c.enabled || !v) {
        return;
    }
    const auto& st = p.miner.rules.at(rule);
    const auto current = st.active ? std::optional(st.active->severity) : std::nullopt;
    const auto level = temperature_level(current, *v, c);
    const std::string what = p.name + " " + std::string(label) + " " + num(*v) + " C";
    if (!level) {
        const double below = c.warning - c.clear_margin;
        clear(p, rule, v, what + " < " + num(below) + " C", below);
        return;
    }
    const double threshold = *level == alert_severity::critical ? c.critical : c.warning;
    if (*v >= threshold) {
        hold(p, rule, {*level, v, threshold, what + " >= " + num(threshold) + " C"});
    } else {
        // Back from critical to warning, below critical - clear_margin.
        const double below = c.critical - c.clear_margin;
        hold(p, rule, {*level, v, threshold, what + " < " + num(below) + " C: warning only"});
    }
}

void alert_rules::hashrate_drop(pass& p, const miners::miner_snapshot& snap) {
    auto& m = p.miner;
    record_hashrate(m.hashrate_now, finite(snap.reading.hashrate_ghs.now), p.now);
    const auto& c = p.rules.hashrate_drop;
    const auto avg = ten_minute_average(snap.reading.hashrate_ghs);
    if (!c.enabled || !avg) {
        return;
    }
    const auto ref =
        reference_for(finite(snap.reading.expected_hashrate_ghs), m.hashrate_now, p.now);
    if (!ref) {
        return; // nothing to compare with (yet)
    }
    const double percent = 100.0 * *avg / ref->ghs;
    const std::string what = p.name + " hashrate " + num(*avg) + " GH/s is " + num(percent)
                             + " % of " + std::string(ref->of) + " " + num(ref->ghs) + " GH/s";
    if (m.rules.at(r_hashrate_drop).active) {
        if (percent >= c.percent + c.clear_margin) {
            m.below_since.reset();
            clear(p, r_hashrate_drop, percent, what, c.percent + c.clear_margin);
        } else {
            hold(p, r_hashrate_drop, {severity_of(c), percent, c.percent, what});
        }
        return;
    }
    if (percent >= c.percent) {
        m.below_since.reset();
        return;
    }
    if (!m.below_since) {
        m.below_since = p.now;
    }
    if (p.now - *m.below_since >= c.hold) {
        hold(p,
             r_hashrate_drop,
             {severity_of(c),
              percent,
              c.percent,
              what + " (< " + num(c.percent) + " % for " + duration_text(c.hold) + ")"});
    }
}

void alert_rules::reject_rate(pass& p, const miners::miner_snapshot& snap) {
    const auto& s = snap.reading.shares;
    if (!s.accepted || !s.rejected) {
        return;
    }
    const auto& c = p.rules.reject_rate;
    auto& samples = p.miner.shares;
    // A counter going down means the miner restarted: the old samples count something else.
    if (!samples.empty()
        && (*s.accepted < samples.back().accepted || *s.rejected < samples.back().rejected)) {
        samples.clear();
    }
    // The newest sample is overwritten while the one before is recent, which bounds the
    // window to one sample per 10 s whatever the poll interval.
    const share_sample sample{p.now, *s.accepted, *s.rejected};
    if (samples.size() >= 2 && p.now - samples[samples.size() - 2].at < sample_spacing) {
        samples.back() = sample;
    } else {
        samples.push_back(sample);
    }
    while (samples.front().at < p.now - c.window) {
        samples.pop_front();
    }
    if (!c.enabled) {
        return;
    }
    const auto accepted = samples.back().accepted - samples.front().accepted;
    const auto rejected = samples.back().rejected - samples.front().rejected;
    const auto total = accepted + rejected;
    if (total <= 0 || static_cast<std::uint64_t>(total) < c.min_shares) {
        return;
    }
    const double rate = 100.0 * static_cast<double>(rejected) / static_cast<double>(total);
    const std::string what = p.name + " reject rate " + num(rate, 2) + " % ("
                             + std::to_string(rejected) + " of " + std::to_string(total)
                             + " shares in " + duration_text(c.window) + ")";
    const bool active = p.miner.rules.at(r_reject_rate).active.has_value();
    if (active && rate <= c.percent - c.clear_margin) {
        clear(p, r_reject_rate, rate, what, c.percent - c.clear_margin);
    } else if (active || rate > c.percent) {
        hold(p,
             r_reject_rate,
             {severity_of(c), rate, c.percent, what + " > " + num(c.percent) + " %"});
    }
}

void alert_rules::restart(pass& p, const miners::miner_snapshot& snap) {
    const auto& c = p.rules.restart;
    if (!c.enabled || !snap.restarted) {
        return;
    }
    std::string message = p.name + " restarted";
    if (const auto& reason = snap.reading.reset_reason; reason && !reason->empty()) {
        message += " (reset reason: " + *reason + ")";
    }
    std::optional<double> uptime;
    if (snap.reading.uptime_s) {
        uptime = static_cast<double>(*snap.reading.uptime_s);
    }
    event(p, r_restart, {severity_of(c), uptime, {}, std::move(message)});
}

void alert_rules::fallback_pool(pass& p, const miners::miner_snapshot& snap) {
    const auto& c = p.rules.fallback_pool;
    const auto& on = snap.reading.pool.fallback_active;
    if (!c.enabled || !on) {
        return;
    }
    if (!*on) {
        clear(p, r_fallback_pool, {}, p.name + " is back on its primary pool");
        return;
    }
    std::string message = p.name + " is mining on its fallback pool";
    if (const auto& url = snap.reading.pool.url) {
        message += " " + *url;
    }
    hold(p, r_fallback_pool, {severity_of(c), {}, {}, std::move(message)});
}

void alert_rules::fault(pass& p, const miners::miner_snapshot& snap) {
    const auto& c = p.rules.fault;
    const auto& faults = snap.reading.faults;
    if (!c.enabled) {
        return;
    }
    if (faults.empty()) {
        clear(p, r_fault, {}, p.name + " reports no fault any more");
        return;
    }
    std::string message = p.name + " fault: ";
    for (std::size_t i = 0; i < faults.size(); ++i) {
        message.append(i == 0 ? "" : ", ").append(faults[i]);
    }
    hold(p, r_fault, {severity_of(c), {}, {}, std::move(message)});
}

void alert_rules::best_and_blocks(pass& p, const miners::miner_snapshot& snap) {
    auto& m = p.miner;
    // Tracked whether or not the rules are enabled, so enabling one later does not fire on
    // old news. cgminer has no all-time best: the highest session best seen stands in.
    const auto& b = snap.reading.best_difficulty;
    const auto best = finite(b.all_time ? b.all_time : b.session);
    std::optional<double> new_best;
    std::optional<double> previous = m.best;
    if (best && (!m.best || *best > *m.best)) {
        if (m.best) {
            new_best = best; // the first observation only records the value
        }
        m.best = best;
    }
    const auto& nb = p.rules.new_best;
    if (new_best && nb.enabled) {
        event(p,
              r_new_best,
              {severity_of(nb),
               new_best,
               previous,
               p.name + " new best difficulty " + difficulty(*new_best) + " (was "
                   + difficulty(*previous) + ")"});
    }

    std::optional<reading> block;
    const auto& bf = p.rules.block_found;
    if (const auto blocks = snap.reading.blocks_found) {
        if (m.blocks && *blocks > *m.blocks) {
            block =
                reading{severity_of(bf),
                        static_cast<double>(*blocks),
                        static_cast<double>(*m.blocks),
                        p.name + " found a block! (blocks found: " + std::to_string(*blocks) + ")"};
        }
        m.blocks = blocks;
    }
    const auto reported = finite(snap.reading.network.difficulty);
    const double network = reported && *reported > 0 ? *reported : network_difficulty_;
    if (!block && new_best && network > 0 && *new_best >= network) {
        block = reading{severity_of(bf),
                        new_best,
                        network,
                        p.name + " found a block! (share difficulty " + difficulty(*new_best)
                            + " >= network difficulty " + difficulty(network) + ")"};
    }
    if (block && bf.enabled) {
        event(p, r_block_found, std::move(*block));
    }
}

} // namespace sw::actors
