// Envelope decoding of cgminer-family replies: STATUS in its three shapes, joined replies.

#include "miners/cgminer.hpp"
#include "miners/json_read.hpp"

namespace sw::miners {

namespace {

using json = nlohmann::json;

parse_error shape_error(std::string_view command, const std::string& what) {
    return parse_error{
        parse_errc::bad_shape, "cgminer " + std::string(command) + ": " + what, {}, {}};
}

/// The object holding a command's envelope inside a joined reply: `[{...}]` or `{...}`.
const json* envelope_object(const json& value) {
    if (value.is_array() && !value.empty() && value.front().is_object()) {
        return &value.front();
    }
    return value.is_object() ? &value : nullptr;
}

bool has_status(const json& value) {
    const json* env = envelope_object(value);
    return env && member(*env, "STATUS");
}

std::string miner_error_message(std::string_view command, const cgminer_status& s) {
    std::string text = "cgminer " + std::string(command) + ": miner answered " + s.letter;
    if (s.code) {
        text += " (code " + std::to_string(*s.code) + ")";
    }
    if (!s.msg.empty()) {
        text += ": " + s.msg;
    }
    return text;
}

} // namespace

tl::expected<cgminer_reply, parse_error> decode_cgminer_envelope(const json& object,
                                                                 std::string_view command) {
    if (!object.is_object()) {
        return tl::unexpected(shape_error(command, "reply is not a JSON object"));
    }
    const json* status = member(object, "STATUS");
    if (!status) {
        return tl::unexpected(shape_error(command, "reply has no STATUS"));
    }
    // Three shapes: [{"STATUS":"S",...}] (cgminer), {"STATUS":"S",...} and "S" with Code/Msg
    // beside it (Whatsminer).
    const json* fields = nullptr;
    std::string letter;
    if (status->is_array()) {
        if (status->empty() || !status->front().is_object()) {
            return tl::unexpected(shape_error(command, "STATUS is not a list of objects"));
        }
        fields = &status->front();
    } else if (status->is_object()) {
        fields = status;
    } else if (status->is_string()) {
        fields = &object;
        letter = status->get<std::string>();
    } else {
        return tl::unexpected(shape_error(command, "STATUS is " + quote_value(*status)));
    }
    if (fields != &object) {
        letter = text_at(*fields, "STATUS").value_or("");
    }
    letter = std::string(trim(letter));
    if (letter.size() != 1 || std::string_view("SIWEF").find(letter.front()) == std::string::npos) {
        return tl::unexpected(shape_error(command, "unknown STATUS letter \"" + letter + "\""));
    }
    cgminer_reply reply;
    reply.status.letter = letter.front();
    reply.status.code = integer_at(*fields, "Code");
    reply.status.msg = text_at(*fields, "Msg").value_or(""); // Whatsminer may send an object
    reply.status.description = text_at(*fields, "Description").value_or("");
    reply.status.when = integer_at(*fields, "When");
    if (reply.status.is_error()) {
        return tl::unexpected(parse_error{parse_errc::miner_error,
                                          miner_error_message(command, reply.status),
                                          reply.status.code,
                                          reply.status.msg});
    }
    reply.root = object;
    return reply;
}

tl::expected<cgminer_reply, parse_error> parse_cgminer_reply(std::string_view wire,
                                                             std::string_view command) {
    const std::string what = "cgminer " + std::string(command);
    try {
        std::string_view bytes = wire;
        while (!bytes.empty()
               && (bytes.back() == '\0' || bytes.back() == ' ' || bytes.back() == '\n'
                   || bytes.back() == '\r')) {
            bytes.remove_suffix(1);
        }
        if (trim(bytes).empty()) {
            return tl::unexpected(
                parse_error{parse_errc::empty_reply, what + ": empty reply", {}, {}});
        }
        const std::string repaired = repair_cgminer_json(bytes);
        if (repaired.empty()) {
            return tl::unexpected(
                parse_error{parse_errc::not_json,
                            what + ": reply is not JSON, starts with " + quote_bytes(trim(bytes)),
                            {},
                            {}});
        }
        auto root = parse_untrusted(repaired, what, bytes);
        if (!root) {
            return tl::unexpected(std::move(root.error()));
        }
        if (!root->is_object()) {
            return tl::unexpected(shape_error(command, "reply is not a JSON object"));
        }
        if (member(*root, "STATUS")) {
            return decode_cgminer_envelope(*root, command);
        }
        // Joined: {"summary":[{"STATUS":[...],"SUMMARY":[...]}],"pools":[...],"id":1}
        cgminer_reply reply;
        for (const auto& [key, value] : root->items()) {
            if (has_status(value)) {
                reply.parts.push_back(key);
            }
        }
        if (reply.parts.empty()) {
            return tl::unexpected(shape_error(command, "reply has no STATUS"));
        }
        reply.status.msg = "joined";
        reply.root = std::move(*root);
        return reply;
    } catch (const std::exception& e) { // last resort: allocation failure and the like
        return tl::unexpected(parse_error{parse_errc::bad_shape, what + ": " + e.what(), {}, {}});
    }
}

tl::expected<cgminer_reply, parse_error> cgminer_reply::part(std::string_view command) const {
    if (!joined()) {
        return *this;
    }
    const json* value = member(root, command);
    if (!value) {
        return tl::unexpected(parse_error{parse_errc::missing_key,
                                          "cgminer " + std::string(command)
                                              + ": joined reply has no \"" + std::string(command)
                                              + "\" part",
                                          {},
                                          {}});
    }
    const json* env = envelope_object(*value);
    if (!env) {
        return tl::unexpected(shape_error(command, "joined part is not an object"));
    }
    return decode_cgminer_envelope(*env, command);
}

} // namespace sw::miners
