#include "config/field_reader.hpp"

#include <algorithm>
#include <cmath>

#include "config/address.hpp"
#include "config/text.hpp"

namespace sw::config::detail {

void error_sink::add(const toml::source_region& where, std::string key, std::string message) {
    errors_.push_back(config_error{
        file_, where.begin.line, where.begin.column, std::move(key), std::move(message)});
}

config_errors error_sink::take() {
    // toml++ tables iterate in key order; users read errors in file order.
    std::stable_sort(errors_.begin(), errors_.end(), [](const auto& a, const auto& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return std::move(errors_);
}

std::string describe(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::string:
        return quoted(node.as_string()->get());
    case toml::node_type::integer:
        return std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point:
        return format_number(node.as_floating_point()->get());
    case toml::node_type::boolean:
        return node.as_boolean()->get() ? "true" : "false";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::table:
        return "a table";
    case toml::node_type::date:
        return "a date";
    case toml::node_type::time:
        return "a time";
    case toml::node_type::date_time:
        return "a date-time";
    case toml::node_type::none:
        break;
    }
    return "nothing";
}

void field_reader::integer(std::size_t& out, std::size_t min, std::size_t max) {
    const std::string expected =
        "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
    const auto* value = node_.as_integer();
    if (value == nullptr) {
        return fail(describe(node_) + " is not an integer: " + expected);
    }
    const std::int64_t x = value->get();
    if (x < 0 || static_cast<std::uint64_t>(x) < min || static_cast<std::uint64_t>(x) > max) {
        return fail(describe(node_) + " is out of range: " + expected);
    }
    out = static_cast<std::size_t>(x);
}

void field_reader::number(double& out, number_range range) {
    std::string expected = "expected a number ";
    if (range.max == std::numeric_limits<double>::max()) {
        expected += (range.above_min ? "above " : "of at least ") + format_number(range.min);
    } else if (range.above_min) {
        expected +=
            "above " + format_number(range.min) + " and at most " + format_number(range.max);
    } else {
        expected += "from " + format_number(range.min) + " to " + format_number(range.max);
    }
    double x = 0;
    if (const auto* f = node_.as_floating_point()) {
        x = f->get();
    } else if (const auto* i = node_.as_integer()) {
        x = static_cast<double>(i->get());
    } else {
        return fail(describe(node_) + " is not a number: " + expected);
    }
    const bool low_ok = range.above_min ? x > range.min : x >= range.min;
    // TOML allows nan and inf; no limit here means either.
    if (!std::isfinite(x) || !low_ok || x > range.max) {
        return fail(describe(node_) + " is out of range: " + expected);
    }
    out = x;
}

void field_reader::duration_at_least(duration& out, duration min) {
    duration_between(out, min, duration::max());
}

void field_reader::duration_between(duration& out, duration min, duration max) {
    const auto* text = node_.as_string();
    if (text == nullptr) {
        return fail(describe(node_) + " is not a duration: " + std::string(duration_hint));
    }
    const auto parsed = parse_duration(text->get());
    if (!parsed) {
        return fail(parsed.error());
    }
    if (*parsed < min) {
        return fail(describe(node_) + " is too short: expected at least " + format_duration(min));
    }
    if (*parsed > max) {
        return fail(describe(node_) + " is too long: expected at most " + format_duration(max));
    }
    out = *parsed;
}

void field_reader::one_of(std::string& out,
                          std::span<const std::string_view> choices,
                          std::string_view what) {
    std::string expected = "expected one of ";
    for (std::size_t i = 0; i < choices.size(); ++i) {
        expected.append(i == 0 ? "" : "|").append(choices[i]);
    }
    const auto* text = node_.as_string();
    if (text == nullptr) {
        return fail(describe(node_) + " is not a " + std::string(what) + ": " + expected);
    }
    const std::string& value = text->get();
    if (std::find(choices.begin(), choices.end(), value) != choices.end()) {
        out = value;
        return;
    }
    std::string message = describe(node_) + " is not a " + std::string(what) + ": " + expected;
    if (const auto near = closest_match(value, choices); !near.empty()) {
        message.append(" (did you mean '").append(near).append("'?)");
    }
    fail(std::move(message));
}

void field_reader::text(std::string& out) {
    const auto* value = node_.as_string();
    if (value == nullptr) {
        return fail(describe(node_) + " is not a string: expected a non-empty string");
    }
    const std::string& s = value->get();
    if (s.empty() || s.size() > 255) {
        return fail(describe(node_) + " is not usable: expected 1 to 255 characters");
    }
    out = s;
}

void field_reader::path(std::string& out) {
    const auto* value = node_.as_string();
    if (value == nullptr) {
        return fail(describe(node_) + " is not a string: expected a path");
    }
    const std::string& s = value->get();
    if (s.size() > 4096 || s.find('\0') != std::string::npos) {
        return fail(describe(node_) + " is not usable: expected a path of at most 4096 characters");
    }
    out = s;
}

void field_reader::boolean(bool& out) {
    const auto* value = node_.as_boolean();
    if (value == nullptr) {
        return fail(describe(node_) + " is not a boolean: expected true or false");
    }
    out = value->get();
}

void field_reader::url(std::string& out) {
    const auto* text = node_.as_string();
    if (text == nullptr) {
        return fail(describe(node_)
                    + R"( is not a URL: expected a string such as "https://host/path")");
    }
    if (auto problem = url_problem(text->get())) {
        return fail(std::move(*problem));
    }
    out = text->get();
}

void field_reader::listen(server_config& out) {
    const auto* text = node_.as_string();
    if (text == nullptr) {
        return fail(describe(node_)
                    + R"( is not a listen address: expected "host:port" such as "0.0.0.0:8080")");
    }
    auto parsed = parse_listen(text->get());
    if (!parsed) {
        return fail(std::move(parsed.error()));
    }
    out.listen = text->get();
    out.listen_host = std::move(parsed->host);
    out.listen_port = parsed->port;
}

void field_reader::origins(std::vector<std::string>& out) {
    const auto* list = node_.as_array();
    if (list == nullptr) {
        return fail(
            describe(node_)
            + R"( is not a list of origins: expected an array such as ["https://example.com"])");
    }
    std::vector<std::string> accepted;
    bool all_ok = true;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const toml::node& item = *list->get(i);
        const std::string item_key = key_ + "[" + std::to_string(i) + "]";
        const auto* text = item.as_string();
        if (text == nullptr) {
            errors_.add(
                item.source(),
                item_key,
                describe(item)
                    + R"( is not an origin: expected a string such as "https://example.com")");
            all_ok = false;
        } else if (auto problem = origin_problem(text->get())) {
            errors_.add(item.source(), item_key, std::move(*problem));
            all_ok = false;
        } else {
            accepted.push_back(text->get());
        }
    }
    if (all_ok) {
        out = std::move(accepted);
    }
}

} // namespace sw::config::detail
