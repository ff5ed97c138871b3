// [alerts], its rule tables [alerts.<rule>] and the per-miner [miners.alerts.<rule>]
// overrides. Both kinds of rule table are read the same way (into an override); the global
// one is then applied onto the defaults, so a key means the same in both places.

#include <algorithm>
#include <vector>

#include "config/alerts_schema.hpp"
#include "config/text.hpp"

namespace sw::config::detail {

namespace {

using namespace std::chrono_literals;

// Chips throttle or trip well below 150 C; a larger figure is a typo (or Fahrenheit).
constexpr number_range temperature_range{0, 150};
constexpr number_range percent_range{0, 100};

/// Reads `read(value)` into `out`, leaving `out` unset when the reader refused the value.
template <class T, class Read>
void read_optional(std::optional<T>& out, const error_sink& errors, Read read) {
    T value{};
    const auto before = errors.size();
    read(value);
    if (errors.size() == before) {
        out = std::move(value);
    }
}

void read_key(rule_key key, field_reader& r, const error_sink& e, alert_rule_override& o) {
    switch (key) {
    case rule_key::enabled:
        return read_optional(o.enabled, e, [&](bool& v) { r.boolean(v); });
    case rule_key::cooldown:
        return read_optional(o.cooldown, e, [&](duration& v) { r.duration_at_least(v, 0ms); });
    case rule_key::severity:
        return read_optional(
            o.severity, e, [&](std::string& v) { r.one_of(v, alert_severities, "severity"); });
    case rule_key::warning:
        return read_optional(o.warning, e, [&](double& v) { r.number(v, temperature_range); });
    case rule_key::critical:
        return read_optional(o.critical, e, [&](double& v) { r.number(v, temperature_range); });
    case rule_key::cgminer_warning:
        return read_optional(
            o.cgminer_warning, e, [&](double& v) { r.number(v, temperature_range); });
    case rule_key::cgminer_critical:
        return read_optional(
            o.cgminer_critical, e, [&](double& v) { r.number(v, temperature_range); });
    case rule_key::clear_margin:
        return read_optional(o.clear_margin, e, [&](double& v) { r.number(v, percent_range); });
    case rule_key::percent:
        return read_optional(o.percent, e, [&](double& v) { r.number(v, percent_range); });
    case rule_key::hold:
        return read_optional(o.hold, e, [&](duration& v) { r.duration_at_least(v, 0ms); });
    case rule_key::window:
        return read_optional(o.window, e, [&](duration& v) { r.duration_at_least(v, 1s); });
    case rule_key::min_shares:
        return read_optional(o.min_shares, e, [&](std::size_t& v) { r.integer(v, 0, 1'000'000); });
    }
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> names) {
    const auto near = closest_match(word, names);
    return near.empty() ? std::string() : " (did you mean '" + std::string(near) + "'?)";
}

/// One rule table, global or per miner; `path` is its dotted key ("alerts.asic_temp").
void read_rule(std::string_view id,
               const toml::node& node,
               const std::string& path,
               alert_rule_override& out,
               error_sink& errors) {
    const auto* table = node.as_table();
    if (table == nullptr) {
        errors.add(node.source(),
                   path,
                   describe(node) + " is not a table: expected a [" + path + "] table");
        return;
    }
    const auto keys = rule_keys(id);
    std::vector<std::string_view> names;
    for (const auto key : keys) {
        names.push_back(name_of(key));
    }
    for (auto&& [key, value] : *table) {
        const std::string_view name = key.str(); // clang before 16 cannot capture `key`
        const std::string key_path = path + "." + std::string(name);
        const auto known =
            std::find_if(keys.begin(), keys.end(), [&](rule_key k) { return name_of(k) == name; });
        if (known != keys.end()) {
            field_reader reader{value, key_path, errors};
            read_key(*known, reader, errors, out);
            continue;
        }
        std::string message = "unknown key '" + std::string(name) + "'";
        if (auto hint = did_you_mean(name, names); !hint.empty()) {
            message += hint;
        } else {
            // Most likely a key of another rule: say what this one takes.
            message += " (" + std::string(id) + " takes:";
            for (const auto known_name : names) {
                message.append(" ").append(known_name);
            }
            message += ")";
        }
        errors.add(key.source(), key_path, std::move(message));
    }
}

std::string unknown_rule(std::string_view name, std::span<const std::string_view> candidates) {
    std::string message = "unknown alert rule '" + std::string(name) + "'";
    if (auto hint = did_you_mean(name, candidates); !hint.empty()) {
        return message + hint;
    }
    message += " (rules:";
    for (const auto id : alert_rule_ids) {
        message.append(" ").append(id);
    }
    return message + ")";
}

/// Where to report a check: the first of `keys` under `path` that the file sets.
void add_at(const toml::table& root,
            const std::string& path,
            std::initializer_list<std::string_view> keys,
            std::string message,
            error_sink& errors) {
    for (const auto key : keys) {
        const std::string at = path + "." + std::string(key);
        if (const auto* node = root.at_path(at).node()) {
            errors.add(node->source(), at, std::move(message));
            return;
        }
    }
    const auto* node = root.at_path(path).node();
    errors.add(node != nullptr ? node->source() : toml::source_region{}, path, std::move(message));
}

/// Checks one set of rules: the global ones (`miner` null) or one miner's effective ones,
/// where the cgminer pair is already folded into warning/critical. A miner is checked only where
/// it sets one of the keys involved, so a bad global pair is not reported again for each miner.
void check_rules(const toml::table& root,
                 const alerts_config& rules,
                 const std::string& path,
                 const miner_config* miner,
                 error_sink& errors) {
    auto checked = [&](std::string_view rule, std::initializer_list<std::string_view> keys) {
        return miner == nullptr || std::any_of(keys.begin(), keys.end(), [&](auto key) {
                   return root.at_path(path + "." + std::string(rule) + "." + std::string(key))
                       .node();
               });
    };
    auto pair = [&](std::string_view rule,
                    std::string_view low,
                    double lo,
                    std::string_view high,
                    double hi) {
        // Any threshold of the miner's can make its effective pair cross.
        if (hi < lo
            && checked(rule, {"warning", "critical", "cgminer_warning", "cgminer_critical"})) {
            add_at(root,
                   path + "." + std::string(rule),
                   {high, low},
                   std::string(high) + " (" + format_number(hi) + ") must be at least "
                       + std::string(low) + " (" + format_number(lo) + ")",
                   errors);
        }
    };
    pair("asic_temp", "warning", rules.asic_temp.warning, "critical", rules.asic_temp.critical);
    if (miner == nullptr) {
        pair("asic_temp",
             "cgminer_warning",
             rules.asic_temp.cgminer_warning,
             "cgminer_critical",
             rules.asic_temp.cgminer_critical);
    }
    pair("vr_temp", "warning", rules.vr_temp.warning, "critical", rules.vr_temp.critical);
    const auto& reject = rules.reject_rate;
    if (reject.clear_margin > reject.percent
        && checked("reject_rate", {"clear_margin", "percent"})) {
        add_at(root,
               path + ".reject_rate",
               {"clear_margin", "percent"},
               "clear_margin (" + format_number(reject.clear_margin) + ") must be at most percent ("
                   + format_number(reject.percent) + "): the alert could never clear",
               errors);
    }
}

} // namespace

void read_alerts(const toml::node& node, alerts_config& out, error_sink& errors) {
    const auto* table = node.as_table();
    if (table == nullptr) {
        errors.add(node.source(),
                   "alerts",
                   describe(node) + " is not a table: expected an [alerts] table");
        return;
    }
    std::vector<std::string_view> names{"cooldown", "history_size"};
    names.insert(names.end(), alert_rule_ids.begin(), alert_rule_ids.end());
    for (auto&& [key, value] : *table) {
        const std::string path = "alerts." + std::string(key.str());
        field_reader reader{value, path, errors};
        if (key.str() == "cooldown") {
            reader.duration_at_least(out.cooldown, 0ms);
        } else if (key.str() == "history_size") {
            reader.integer(out.history_size, 1, 100'000);
        } else if (auto* rule = out.rule(key.str())) {
            alert_rule_override over;
            read_rule(key.str(), value, path, over, errors);
            apply(*rule, over);
        } else {
            const bool is_table = value.is_table();
            errors.add(key.source(),
                       path,
                       (is_table ? unknown_rule(key.str(), alert_rule_ids)
                                 : "unknown key '" + std::string(key.str()) + "'")
                           + (is_table ? "" : did_you_mean(key.str(), names)));
        }
    }
}

void read_alert_overrides(const toml::node& node,
                          const std::string& path,
                          std::map<std::string, alert_rule_override, std::less<>>& out,
                          error_sink& errors) {
    const auto* table = node.as_table();
    if (table == nullptr) {
        errors.add(node.source(),
                   path,
                   describe(node)
                       + " is not a table: expected [miners.alerts.<rule>] tables after the "
                         "[[miners]] entry");
        return;
    }
    for (auto&& [key, value] : *table) {
        const std::string rule_path = path + "." + std::string(key.str());
        if (rule_keys(key.str()).empty()) {
            errors.add(key.source(), rule_path, unknown_rule(key.str(), alert_rule_ids));
            continue;
        }
        alert_rule_override over;
        read_rule(key.str(), value, rule_path, over, errors);
        out.insert_or_assign(std::string(key.str()), std::move(over));
    }
}

void check_alerts(const toml::table& root, const config& cfg, error_sink& errors) {
    check_rules(root, cfg.alerts, "alerts", nullptr, errors);
    for (std::size_t i = 0; i < cfg.miners.size(); ++i) {
        const auto& miner = cfg.miners[i];
        if (!miner.alerts.empty()) {
            check_rules(root,
                        effective_alerts(cfg.alerts, miner),
                        "miners[" + std::to_string(i) + "].alerts",
                        &miner,
                        errors);
        }
    }
}

} // namespace sw::config::detail
