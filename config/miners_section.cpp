// [[miners]]: one table per miner. Read apart from the plain sections because it is an array
// of tables with required keys, per-kind defaults and a uniqueness rule across entries.

#include <array>
#include <map>

#include "config/alerts_schema.hpp"
#include "config/schema.hpp"
#include "config/text.hpp"

namespace sw::config::detail {

namespace {

using namespace std::chrono_literals;

constexpr std::array<std::string_view, 2> miner_kinds{"axeos", "cgminer"};
constexpr std::array<std::string_view, 8> miner_keys{
    "name", "kind", "host", "port", "poll_interval", "timeout", "offline_after", "alerts"};

std::uint16_t default_port(std::string_view kind) {
    return kind == "cgminer" ? 4028 : 80;
}

/// Reads one key of a [[miners]] table; returns false for an unknown key.
bool read_miner_key(std::string_view key, field_reader& r, miner_config& m, bool& port_set) {
    if (key == "name") {
        r.text(m.name);
    } else if (key == "kind") {
        r.one_of(m.kind, miner_kinds, "miner kind");
    } else if (key == "host") {
        r.text(m.host);
    } else if (key == "port") {
        std::size_t port = 0;
        r.integer(port, 1, 65535);
        if (port != 0) {
            m.port = static_cast<std::uint16_t>(port);
            port_set = true;
        }
    } else if (key == "poll_interval") {
        r.duration_at_least(m.poll_interval, 100ms);
    } else if (key == "timeout") {
        r.duration_at_least(m.timeout, 10ms);
    } else if (key == "offline_after") {
        r.integer(m.offline_after, 1, 1000);
    } else {
        return false;
    }
    return true;
}

} // namespace

void read_miners(const toml::node& node, std::vector<miner_config>& out, error_sink& errors) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        errors.add(node.source(),
                   "miners",
                   describe(node)
                       + " is not a list of miners: write each one as a [[miners]] table");
        return;
    }
    std::map<std::string, std::size_t> first_line; // name -> line of its first use
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto& table = *array->get(i)->as_table();
        const std::string prefix = "miners[" + std::to_string(i) + "]";
        miner_config m;
        bool port_set = false;
        for (auto&& [key, value] : table) {
            if (key.str() == "alerts") {
                read_alert_overrides(value, prefix + ".alerts", m.alerts, errors);
                continue;
            }
            field_reader reader{value, prefix + "." + std::string(key.str()), errors};
            if (read_miner_key(key.str(), reader, m, port_set))
                continue;
            std::string message = "unknown key '" + std::string(key.str()) + "'";
            if (const auto near = closest_match(key.str(), miner_keys); !near.empty())
                message.append(" (did you mean '").append(near).append("'?)");
            errors.add(key.source(), prefix + "." + std::string(key.str()), std::move(message));
        }
        for (std::string_view required : {"name", "kind", "host"}) {
            if (!table.contains(required))
                errors.add(
                    table.source(), prefix, "missing required key '" + std::string(required) + "'");
        }
        if (!port_set)
            m.port = default_port(m.kind);
        if (!m.name.empty()) {
            const auto line = table["name"].node()->source().begin.line;
            auto [it, fresh] = first_line.try_emplace(m.name, line);
            if (!fresh)
                errors.add(table["name"].node()->source(),
                           prefix + ".name",
                           "duplicate miner name " + quoted(m.name) + " (first used at line "
                               + std::to_string(it->second) + "): names must be unique");
        }
        out.push_back(std::move(m));
    }
}

} // namespace sw::config::detail
