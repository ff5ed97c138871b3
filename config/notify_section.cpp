// [[notify]]: one table per notification channel. Which keys are required or allowed depends
// on the kind, so the keys are read first and checked against the kind afterwards.

#include <algorithm>
#include <array>
#include <map>

#include "config/alerts_schema.hpp"
#include "config/text.hpp"

namespace sw::config::detail {

namespace {

using namespace std::chrono_literals;

constexpr std::array<std::string_view, 4> notify_kinds{"webhook", "ntfy", "discord", "telegram"};
constexpr std::array<std::string_view, 13> notify_keys{"name",
                                                       "kind",
                                                       "url",
                                                       "api_base",
                                                       "bot_token",
                                                       "chat_id",
                                                       "headers",
                                                       "min_severity",
                                                       "rules",
                                                       "timeout",
                                                       "retries",
                                                       "retry_backoff",
                                                       "queue_size"};

// RFC 9110 token characters: what a header name may be made of.
bool is_token(std::string_view s) {
    constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
               || extra.find(c) != std::string_view::npos;
    });
}

// A CR or LF in a value would let the config smuggle a second header or a body.
bool is_header_value(std::string_view s) {
    return std::none_of(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
    });
}

void read_headers(const toml::node& node,
                  const std::string& path,
                  std::map<std::string, std::string>& out,
                  error_sink& errors) {
    const auto* table = node.as_table();
    if (table == nullptr) {
        errors.add(node.source(),
                   path,
                   describe(node)
                       + R"( is not a table of headers: expected { "Name" = "value", ... })");
        return;
    }
    for (auto&& [key, value] : *table) {
        const std::string key_path = path + "." + std::string(key.str());
        const auto* text = value.as_string();
        if (!is_token(key.str())) {
            errors.add(key.source(), key_path, quoted(key.str()) + " is not a header name");
        } else if (text == nullptr) {
            errors.add(value.source(),
                       key_path,
                       describe(value) + " is not a header value: expected a string");
        } else if (!is_header_value(text->get())) {
            errors.add(value.source(),
                       key_path,
                       quoted(text->get()) + " is not a header value: no control characters");
        } else {
            out.insert_or_assign(std::string(key.str()), text->get());
        }
    }
}

void read_rule_names(const toml::node& node,
                     const std::string& path,
                     std::vector<std::string>& out,
                     error_sink& errors) {
    const auto* list = node.as_array();
    if (list == nullptr) {
        errors.add(node.source(),
                   path,
                   describe(node)
                       + R"( is not a list of rules: expected an array such as )"
                         R"(["offline", "block_found"])");
        return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const toml::node& item = *list->get(i);
        const std::string item_path = path + "[" + std::to_string(i) + "]";
        const auto* text = item.as_string();
        if (text == nullptr) {
            errors.add(item.source(), item_path, describe(item) + " is not a rule id");
        } else if (rule_keys(text->get()).empty()) {
            std::string message = quoted(text->get()) + " is not an alert rule";
            if (const auto near = closest_match(text->get(), alert_rule_ids); !near.empty()) {
                message.append(" (did you mean '").append(near).append("'?)");
            }
            errors.add(item.source(), item_path, std::move(message));
        } else {
            out.push_back(text->get());
        }
    }
}

/// Telegram wants a number (negative for groups) or "@channel"; both are kept as text.
void read_chat_id(field_reader& r, const toml::node& node, std::string& out) {
    if (const auto* number = node.as_integer()) {
        out = std::to_string(number->get());
        return;
    }
    r.text(out);
}

/// Reads one key; returns false for an unknown key.
bool read_notify_key(std::string_view key,
                     const toml::node& value,
                     const std::string& path,
                     notify_config& n,
                     error_sink& errors) {
    field_reader r{value, path, errors};
    if (key == "name") {
        r.text(n.name);
    } else if (key == "kind") {
        r.one_of(n.kind, notify_kinds, "notification kind");
    } else if (key == "url") {
        r.url(n.url);
    } else if (key == "api_base") {
        r.url(n.api_base);
    } else if (key == "bot_token") {
        r.text(n.bot_token);
    } else if (key == "chat_id") {
        read_chat_id(r, value, n.chat_id);
    } else if (key == "headers") {
        read_headers(value, path, n.headers, errors);
    } else if (key == "min_severity") {
        r.one_of(n.min_severity, alert_severities, "severity");
    } else if (key == "rules") {
        read_rule_names(value, path, n.rules, errors);
    } else if (key == "timeout") {
        r.duration_at_least(n.timeout, 100ms);
    } else if (key == "retries") {
        r.integer(n.retries, 0, 20);
    } else if (key == "retry_backoff") {
        r.duration_at_least(n.retry_backoff, 100ms);
    } else if (key == "queue_size") {
        r.integer(n.queue_size, 1, 10'000);
    } else {
        return false;
    }
    return true;
}

/// The keys a kind requires and the keys it refuses, checked once the whole table is read.
void check_kind(const toml::table& table,
                const std::string& prefix,
                const notify_config& n,
                error_sink& errors) {
    if (n.kind.empty()) {
        return; // missing or refused: already reported
    }
    const bool telegram = n.kind == "telegram";
    const auto required = telegram ? std::vector<std::string_view>{"bot_token", "chat_id"}
                                   : std::vector<std::string_view>{"url"};
    for (const auto key : required) {
        if (!table.contains(key)) {
            errors.add(table.source(),
                       prefix,
                       "missing required key '" + std::string(key) + "' for kind " + n.kind);
        }
    }
    std::vector<std::string_view> refused{"url"};
    if (!telegram) {
        refused = {"api_base", "bot_token", "chat_id"};
    }
    if (n.kind == "discord" || telegram) {
        refused.emplace_back("headers");
    }
    for (const auto key : refused) {
        if (const auto* node = table.get(key)) {
            errors.add(node->source(),
                       prefix + "." + std::string(key),
                       "'" + std::string(key) + "' does not apply to kind " + n.kind);
        }
    }
}

} // namespace

void read_notify(const toml::node& node, std::vector<notify_config>& out, error_sink& errors) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        errors.add(node.source(),
                   "notify",
                   describe(node)
                       + " is not a list of channels: write each one as a [[notify]] table");
        return;
    }
    std::map<std::string, std::size_t> first_line; // name -> line of its first use
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto& table = *array->get(i)->as_table();
        const std::string prefix = "notify[" + std::to_string(i) + "]";
        notify_config n;
        for (auto&& [key, value] : table) {
            const std::string path = prefix + "." + std::string(key.str());
            if (read_notify_key(key.str(), value, path, n, errors)) {
                continue;
            }
            std::string message = "unknown key '" + std::string(key.str()) + "'";
            if (const auto near = closest_match(key.str(), notify_keys); !near.empty()) {
                message.append(" (did you mean '").append(near).append("'?)");
            }
            errors.add(key.source(), path, std::move(message));
        }
        if (!table.contains("kind")) {
            errors.add(table.source(), prefix, "missing required key 'kind'");
        }
        check_kind(table, prefix, n, errors);
        const auto* name_node = table.get("name");
        if (name_node == nullptr && !n.kind.empty()) {
            n.name = n.kind + "-" + std::to_string(i);
        }
        if (!n.name.empty()) {
            const auto& where = name_node != nullptr ? name_node->source() : table.source();
            auto [it, fresh] = first_line.try_emplace(n.name, where.begin.line);
            if (!fresh) {
                errors.add(where,
                           prefix + ".name",
                           "duplicate channel name " + quoted(n.name) + " (first used at line "
                               + std::to_string(it->second) + "): names must be unique");
            }
        }
        out.push_back(std::move(n));
    }
}

} // namespace sw::config::detail
