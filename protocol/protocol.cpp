// Decoding of client frames. Everything here treats the frame as hostile: the depth scan runs
// before the parser (nlohmann's DOM copy/dump/destroy recurse per level), the parser never
// throws, and decode_request catches whatever is left (bad_alloc included).

#include "protocol/protocol.hpp"

#include <exception>
#include <unordered_set>

namespace sw::protocol {

namespace {

using json = nlohmann::json;
using failure = tl::unexpected<error>;

failure fail(error_code code, std::string message, json details, const json& id) {
    return failure{error{code, std::move(message), std::move(details), id}};
}

failure field_error(std::string_view field, std::string message, const json& id) {
    return fail(error_code::invalid_message, std::move(message), json{{"field", field}}, id);
}

/// Records only why and where a frame failed to parse. Runs as a second pass on bad frames
/// only, so the fast path stays `parse(..., allow_exceptions=false)` without a DOM twice.
struct parse_error_probe final : json::json_sax_t {
    std::size_t position = 0;
    std::string what;

    bool null() override { return true; }

    bool boolean(bool) override { return true; }

    bool number_integer(number_integer_t) override { return true; }

    bool number_unsigned(number_unsigned_t) override { return true; }

    bool number_float(number_float_t, const string_t&) override { return true; }

    bool string(string_t&) override { return true; }

    bool binary(binary_t&) override { return true; }

    bool start_object(std::size_t) override { return true; }

    bool key(string_t&) override { return true; }

    bool end_object() override { return true; }

    bool start_array(std::size_t) override { return true; }

    bool end_array() override { return true; }

    bool parse_error(std::size_t pos, const std::string&, const json::exception& ex) override {
        position = pos;
        what = ex.what();
        return false;
    }
};

/// Makes nlohmann's parse error text safe to send back: drops the "[json.exception...] "
/// prefix, caps the length (it quotes the last token, which can be the whole frame) and
/// masks non-ASCII bytes (the quoted token may hold invalid UTF-8).
std::string clean_parse_error(std::string what) {
    constexpr std::size_t max_length = 200;
    if (!what.empty() && what.front() == '[') {
        const auto close = what.find("] ");
        if (close != std::string::npos) {
            what.erase(0, close + 2);
        }
    }
    if (what.size() > max_length) {
        what.resize(max_length);
        what += "...";
    }
    for (char& c : what) {
        if (static_cast<unsigned char>(c) >= 0x80 || static_cast<unsigned char>(c) < 0x20) {
            c = '?';
        }
    }
    return what;
}

failure not_parseable(std::string_view frame) {
    parse_error_probe probe;
    json::sax_parse(frame, &probe);
    json details{{"reason", "parse_error"}};
    std::string message = "invalid JSON";
    if (!probe.what.empty()) {
        details["position"] = probe.position;
        message += ": " + clean_parse_error(std::move(probe.what));
    }
    return fail(error_code::invalid_json, std::move(message), std::move(details), nullptr);
}

std::string quoted_list(const std::vector<std::string>& names) {
    // A frame can list thousands of names; the message shows a few, details has them all.
    constexpr std::size_t shown = 8;
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < shown; ++i) {
        out += i == 0 ? "'" : ", '";
        out += names[i];
        out += '\'';
    }
    if (names.size() > shown) {
        out += ", ... (" + std::to_string(names.size()) + " in total)";
    }
    return out;
}

failure unknown_topics(const std::vector<std::string>& names, const json& id) {
    const std::vector<std::string> supported = sorted_names({all_topics.begin(), all_topics.end()});
    std::string message = (names.size() == 1 ? "unknown topic " : "unknown topics ");
    message += quoted_list(names);
    return fail(error_code::invalid_topic,
                std::move(message),
                json{{"supported_topics", supported}, {"invalid_topics", names}},
                id);
}

/// `topics` (or its alias `topic`): a name or an array of names, deduplicated in order.
tl::expected<std::vector<topic>, error> decode_topics(const json& msg, const json& id) {
    const char* key = "topics";
    auto it = msg.find(key);
    if (it == msg.end()) {
        key = "topic";
        it = msg.find(key);
    }
    if (it == msg.end()) {
        return field_error(
            "topics", "field 'topics' is missing: give a topic name or an array of names", id);
    }
    const json& value = *it;
    std::vector<const std::string*> given;
    if (value.is_string()) {
        given.push_back(&value.get_ref<const std::string&>());
    } else if (value.is_array()) {
        given.reserve(value.size());
        for (const json& element : value) {
            if (!element.is_string()) {
                return field_error("topics",
                                   std::string("field '") + key
                                       + "' must hold only topic names (strings), found "
                                       + element.type_name(),
                                   id);
            }
            given.push_back(&element.get_ref<const std::string&>());
        }
    } else {
        return field_error("topics",
                           std::string("field '") + key
                               + "' must be a topic name or an array of topic names, not "
                               + value.type_name(),
                           id);
    }

    std::vector<topic> topics;
    unsigned seen = 0; // one bit per topic
    std::vector<std::string> invalid;
    std::unordered_set<std::string_view> invalid_seen; // frames may hold thousands of names
    for (const std::string* name : given) {
        if (const auto t = parse_topic(*name)) {
            const unsigned bit = 1U << static_cast<unsigned>(*t);
            if ((seen & bit) == 0) {
                seen |= bit;
                topics.push_back(*t);
            }
        } else if (invalid_seen.insert(*name).second) {
            invalid.push_back(*name);
        }
    }
    if (!invalid.empty()) {
        return unknown_topics(invalid, id);
    }
    return topics;
}

tl::expected<request, error> decode_object(const json& msg) {
    json id;
    // `"id": null` is what many clients send for "no id": treat it as absent.
    if (const auto it = msg.find("id"); it != msg.end() && !it->is_null()) {
        if (!it->is_string() && !it->is_number()) {
            return field_error("id",
                               std::string("field 'id' must be a string or a number, not ")
                                   + it->type_name(),
                               nullptr);
        }
        id = *it;
    }

    const auto type_it = msg.find("type");
    if (type_it == msg.end()) {
        return field_error("type", "field 'type' is missing", id);
    }
    if (!type_it->is_string()) {
        return field_error(
            "type", std::string("field 'type' must be a string, not ") + type_it->type_name(), id);
    }
    const auto& type_name = type_it->get_ref<const std::string&>();
    const auto type = parse_request_type(type_name);
    if (!type) {
        return fail(error_code::unknown_type,
                    "unknown message type '" + type_name + "'",
                    json{{"supported_types", supported_request_types()}},
                    id);
    }

    request req;
    req.type = *type;
    req.id = id;
    switch (*type) {
    case request_type::subscribe:
    case request_type::unsubscribe: {
        auto topics = decode_topics(msg, id);
        if (!topics) {
            return tl::unexpected(std::move(topics.error()));
        }
        req.topics = std::move(*topics);
        break;
    }
    case request_type::ping:
        if (const auto it = msg.find("include_stats"); it != msg.end()) {
            if (!it->is_boolean()) {
                return field_error("include_stats",
                                   std::string("field 'include_stats' must be a boolean, not ")
                                       + it->type_name(),
                                   id);
            }
            req.include_stats = it->get<bool>();
        }
        break;
    case request_type::get_status:
    case request_type::get_topics:
        break;
    }
    return req;
}

} // namespace

tl::expected<request, error> decode_request(std::string_view frame) noexcept {
    try {
        if (exceeds_depth(frame, max_json_depth)) {
            return fail(error_code::invalid_json,
                        "nesting deeper than " + std::to_string(max_json_depth) + " levels",
                        json{{"reason", "too_deep"}, {"max_depth", max_json_depth}},
                        nullptr);
        }
        const json msg = json::parse(frame, nullptr, /*allow_exceptions=*/false);
        if (msg.is_discarded()) {
            return not_parseable(frame);
        }
        if (!msg.is_object()) {
            return fail(error_code::invalid_json,
                        std::string("a request must be a JSON object, not ") + msg.type_name(),
                        json{{"reason", "not_an_object"}},
                        nullptr);
        }
        return decode_object(msg);
    } catch (...) {
        // Nothing may escape (noexcept). After bad_alloc the parse tree is gone, so this
        // small error has memory again.
        return fail(error_code::invalid_json,
                    "the frame could not be decoded",
                    json{{"reason", "internal"}},
                    nullptr);
    }
}

} // namespace sw::protocol
