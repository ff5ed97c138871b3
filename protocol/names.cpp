// Names and descriptions of the protocol's enumerations. The strings are the wire contract.

#include <algorithm>

#include "protocol/protocol.hpp"

namespace sw::protocol {

std::string_view to_string(topic t) noexcept {
    switch (t) {
    case topic::miners:
        return "miners";
    case topic::alerts:
        return "alerts";
    case topic::system:
        return "system";
    case topic::metrics:
        return "metrics";
    }
    return "unknown";
}

std::string_view description(topic t) noexcept {
    switch (t) {
    case topic::miners:
        return "Per-miner snapshots: hashrate, temperatures, power, shares, state";
    case topic::alerts:
        return "Alerts raised and cleared by the alert engine";
    case topic::system:
        return "Server health: connections, topics, actors, memory, uptime";
    case topic::metrics:
        return "Fleet aggregates and solo-mining odds";
    }
    return "";
}

std::optional<topic> parse_topic(std::string_view name) noexcept {
    for (const topic t : all_topics) {
        if (to_string(t) == name) {
            return t;
        }
    }
    return std::nullopt;
}

std::vector<std::string> sorted_names(const std::vector<topic>& topics) {
    std::vector<std::string> names;
    names.reserve(topics.size());
    for (const topic t : topics) {
        names.emplace_back(to_string(t));
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string_view to_string(request_type t) noexcept {
    switch (t) {
    case request_type::subscribe:
        return "subscribe";
    case request_type::unsubscribe:
        return "unsubscribe";
    case request_type::ping:
        return "ping";
    case request_type::get_status:
        return "get_status";
    case request_type::get_topics:
        return "get_topics";
    }
    return "unknown";
}

std::optional<request_type> parse_request_type(std::string_view name) noexcept {
    for (const request_type t : all_request_types) {
        if (to_string(t) == name) {
            return t;
        }
    }
    return std::nullopt;
}

std::vector<std::string> supported_request_types() {
    std::vector<std::string> names;
    names.reserve(all_request_types.size());
    for (const request_type t : all_request_types) {
        names.emplace_back(to_string(t));
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string_view to_string(error_code c) noexcept {
    switch (c) {
    case error_code::invalid_json:
        return "invalid_json";
    case error_code::invalid_message:
        return "invalid_message";
    case error_code::unknown_type:
        return "unknown_type";
    case error_code::invalid_topic:
        return "invalid_topic";
    case error_code::rate_limited:
        return "rate_limited";
    case error_code::message_too_large:
        return "message_too_large";
    }
    return "unknown";
}

} // namespace sw::protocol
