#pragma once
// Internal to config/: which keys each alert rule accepts, and the readers of [alerts],
// [miners.alerts.<rule>] and [[notify]]. One list of keys per rule serves the reader, the
// "did you mean" hints and to_toml, so they cannot drift apart.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "config/field_reader.hpp"

#include <toml++/toml.h>

namespace sw::config::detail {

enum class rule_key : std::uint8_t {
    enabled,
    cooldown,
    severity,
    warning,
    critical,
    cgminer_warning,
    cgminer_critical,
    clear_margin,
    percent,
    hold,
    window,
    min_shares,
};

std::string_view name_of(rule_key key);

/// The keys rule `id` accepts, in the order the reference file lists them; empty for an id
/// that is not a rule.
std::span<const rule_key> rule_keys(std::string_view id);

/// Reads the [alerts] table and its rule tables into `out`.
void read_alerts(const toml::node& node, alerts_config& out, error_sink& errors);

/// Reads the `alerts` table of one [[miners]] entry; `path` is "miners[i].alerts".
void read_alert_overrides(const toml::node& node,
                          const std::string& path,
                          std::map<std::string, alert_rule_override, std::less<>>& out,
                          error_sink& errors);

/// The checks that span two keys (critical >= warning, ...), on [alerts] and on every miner's
/// effective rules; reported at the key that has to change.
void check_alerts(const toml::table& root, const config& cfg, error_sink& errors);

/// Reads the [[notify]] array of tables (in notify_section.cpp).
void read_notify(const toml::node& node, std::vector<notify_config>& out, error_sink& errors);

/// `rule` with every field that `over` sets replaced.
void apply(alert_rule_config& rule, const alert_rule_override& over);

/// The keys rule `id` accepts, taken from `rule`, as an override that sets exactly them (the
/// cooldown only when the rule has its own). to_toml writes rules and overrides alike from it.
alert_rule_override as_override(std::string_view id, const alert_rule_config& rule);

} // namespace sw::config::detail
