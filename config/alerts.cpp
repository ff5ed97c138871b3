// Alert rules as data: the keys of each rule, lookup by rule id, and the merge of a miner's
// overrides into the global rules.

#include <utility>

#include "config/alerts_schema.hpp"

namespace sw::config {

namespace detail {

namespace {

using enum rule_key;

constexpr std::array<std::string_view, 12> key_names{"enabled",
                                                     "cooldown",
                                                     "severity",
                                                     "warning",
                                                     "critical",
                                                     "cgminer_warning",
                                                     "cgminer_critical",
                                                     "clear_margin",
                                                     "percent",
                                                     "hold",
                                                     "window",
                                                     "min_shares"};

constexpr std::array severity_only{enabled, cooldown, severity};
constexpr std::array asic_temp_keys{
    enabled, cooldown, warning, critical, cgminer_warning, cgminer_critical, clear_margin};
constexpr std::array vr_temp_keys{enabled, cooldown, warning, critical, clear_margin};
constexpr std::array hashrate_drop_keys{enabled, cooldown, severity, percent, hold, clear_margin};
constexpr std::array reject_rate_keys{
    enabled, cooldown, severity, percent, window, clear_margin, min_shares};

struct rule_entry {
    std::string_view id;
    alert_rule_config alerts_config::*member;
    std::span<const rule_key> keys;
};

// In the order of alert_rule_ids.
const std::array<rule_entry, 10> rules{{
    {"offline", &alerts_config::offline, severity_only},
    {"asic_temp", &alerts_config::asic_temp, asic_temp_keys},
    {"vr_temp", &alerts_config::vr_temp, vr_temp_keys},
    {"hashrate_drop", &alerts_config::hashrate_drop, hashrate_drop_keys},
    {"reject_rate", &alerts_config::reject_rate, reject_rate_keys},
    {"restart", &alerts_config::restart, severity_only},
    {"fallback_pool", &alerts_config::fallback_pool, severity_only},
    {"fault", &alerts_config::fault, severity_only},
    {"new_best", &alerts_config::new_best, severity_only},
    {"block_found", &alerts_config::block_found, severity_only},
}};

const rule_entry* find_rule(std::string_view id) {
    for (const auto& r : rules) {
        if (r.id == id) {
            return &r;
        }
    }
    return nullptr;
}

template <class T>
void take(T& into, const std::optional<T>& from) {
    if (from) {
        into = *from;
    }
}

} // namespace

std::string_view name_of(rule_key key) {
    return key_names.at(static_cast<std::size_t>(key));
}

std::span<const rule_key> rule_keys(std::string_view id) {
    const auto* r = find_rule(id);
    return r != nullptr ? r->keys : std::span<const rule_key>{};
}

void apply(alert_rule_config& rule, const alert_rule_override& over) {
    take(rule.enabled, over.enabled);
    if (over.cooldown) {
        rule.cooldown = over.cooldown;
    }
    take(rule.severity, over.severity);
    take(rule.warning, over.warning);
    take(rule.critical, over.critical);
    take(rule.cgminer_warning, over.cgminer_warning);
    take(rule.cgminer_critical, over.cgminer_critical);
    take(rule.clear_margin, over.clear_margin);
    take(rule.percent, over.percent);
    take(rule.hold, over.hold);
    take(rule.window, over.window);
    take(rule.min_shares, over.min_shares);
}

alert_rule_override as_override(std::string_view id, const alert_rule_config& rule) {
    alert_rule_override out;
    for (const rule_key key : rule_keys(id)) {
        switch (key) {
        case enabled:
            out.enabled = rule.enabled;
            break;
        case cooldown:
            out.cooldown = rule.cooldown;
            break;
        case severity:
            out.severity = rule.severity;
            break;
        case warning:
            out.warning = rule.warning;
            break;
        case critical:
            out.critical = rule.critical;
            break;
        case cgminer_warning:
            out.cgminer_warning = rule.cgminer_warning;
            break;
        case cgminer_critical:
            out.cgminer_critical = rule.cgminer_critical;
            break;
        case clear_margin:
            out.clear_margin = rule.clear_margin;
            break;
        case percent:
            out.percent = rule.percent;
            break;
        case hold:
            out.hold = rule.hold;
            break;
        case window:
            out.window = rule.window;
            break;
        case min_shares:
            out.min_shares = rule.min_shares;
            break;
        }
    }
    return out;
}

} // namespace detail

const alert_rule_config* alerts_config::rule(std::string_view id) const {
    const auto* r = detail::find_rule(id);
    return r != nullptr ? &(this->*(r->member)) : nullptr;
}

alert_rule_config* alerts_config::rule(std::string_view id) {
    const auto* r = detail::find_rule(id);
    return r != nullptr ? &(this->*(r->member)) : nullptr;
}

alerts_config effective_alerts(const alerts_config& global, const miner_config& miner) {
    alerts_config out = global;
    for (const auto& [id, over] : miner.alerts) {
        if (auto* rule = out.rule(id)) {
            detail::apply(*rule, over);
        }
    }
    // cgminer chips run 20-30 C hotter than AxeOS ones: their own pair of thresholds, unless
    // the user set this miner's thresholds directly.
    if (miner.kind == "cgminer") {
        const auto it = miner.alerts.find("asic_temp");
        const alert_rule_override none;
        const auto& over = it != miner.alerts.end() ? it->second : none;
        out.asic_temp.warning = over.warning.value_or(out.asic_temp.cgminer_warning);
        out.asic_temp.critical = over.critical.value_or(out.asic_temp.cgminer_critical);
    }
    for (const auto id : alert_rule_ids) {
        auto* rule = out.rule(id);
        if (!rule->cooldown) {
            rule->cooldown = out.cooldown;
        }
    }
    return out;
}

} // namespace sw::config
