#include "tools/fakeminer/cgminer_reply.hpp"

#include <vector>

namespace sw::fakeminer {

namespace {

using command_fn = std::optional<ojson> (*)(const reply_context&, std::string_view);

// How each make frames its replies.
struct make_traits {
    std::string_view profile;
    command_fn commands;
    const char* description;
    bool uptime_clock; // "When" is uptime (Avalon without NTP), not epoch
    bool bare_status;  // Whatsminer
    bool joins;        // accepts "summary+pools+stats"
};

constexpr make_traits makes[] = {
    {"avalon_nano3s", avalon_command, "cgminer 4.11.1", true, false, true},
    {"antminer_s19", antminer_command, "cgminer 4.11.1", false, false, false},
    {"whatsminer", whatsminer_command, "cgminer 4.9.2", false, true, true},
    {"braiins_s9",
     braiins_command,
     "BOSminer bosminer-plus-tuner 0.9.0-26ba61b9",
     false,
     false,
     true},
};

const make_traits& traits_of(const miner_spec& miner) {
    for (const auto& m : makes)
        if (m.profile == miner.prof->name)
            return m;
    return makes[0];
}

std::string_view trim(std::string_view s) {
    auto junk = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0';
    };
    while (!s.empty() && junk(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && junk(s.back()))
        s.remove_suffix(1);
    return s;
}

struct parsed_request {
    std::string command;
    int error_code = 0; // cgminer's own codes: 23 invalid JSON, 24 missing command
    std::string error_msg;
};

parsed_request parse_request(std::string_view text) {
    text = trim(text);
    if (text.empty() || text.front() != '{') {
        // Plain-text form "command|parameter": older tools still send it.
        return {std::string(text.substr(0, text.find('|'))), 0, ""};
    }
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return {"", 23, "Invalid JSON"};
    const auto it = j.find("command");
    if (it == j.end() || !it->is_string())
        return {"", 24, "Missing JSON 'command'"};
    return {it->get<std::string>(), 0, ""};
}

std::vector<std::string> split_join(const std::string& command) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (auto pos = command.find('+'); pos != std::string::npos; pos = command.find('+', start)) {
        out.push_back(command.substr(start, pos - start));
        start = pos + 1;
    }
    out.push_back(command.substr(start));
    return out;
}

} // namespace

ojson envelope(
    const reply_context& ctx, std::string_view msg, int code, std::string_view key, ojson data) {
    ojson status = {{"STATUS", "S"},
                    {"When", ctx.when},
                    {"Code", code},
                    {"Msg", msg},
                    {"Description", ctx.description}};
    ojson j;
    j["STATUS"] = ctx.bare_status ? status : ojson::array({status});
    j[std::string(key)] = std::move(data);
    j["id"] = 1;
    return j;
}

ojson error_reply(const reply_context& ctx, int code, std::string_view msg) {
    ojson status = {{"STATUS", "E"},
                    {"When", ctx.when},
                    {"Code", code},
                    {"Msg", msg},
                    {"Description", ctx.description}};
    ojson j;
    j["STATUS"] = ctx.bare_status ? status : ojson::array({status});
    j["id"] = 1;
    return j;
}

bool cgminer_request_complete(std::string_view text) {
    const auto t = trim(text);
    if (t.empty())
        return false;
    if (t.front() == '{')
        return nlohmann::json::accept(t);
    return text.find('\n') != std::string_view::npos || text.find('\0') != std::string_view::npos;
}

std::string cgminer_reply(const miner_spec& miner,
                          const miner_values& v,
                          const network_values& net,
                          std::string_view request,
                          fault_mode fault,
                          broken_variant variant) {
    const auto& make = traits_of(miner);
    const auto uptime = std::max<std::int64_t>(v.uptime_s, 0);
    // Avalon's controller boots a few seconds before cgminer starts counting Elapsed.
    const std::int64_t when = make.uptime_clock ? uptime + 13 : wall_clock_s();
    const reply_context ctx{miner, v, net, when, make.description, make.bare_status};

    const auto req = parse_request(request);
    ojson reply;
    if (req.error_code != 0) {
        reply = error_reply(ctx, req.error_code, req.error_msg);
    } else if (fault == fault_mode::denied) {
        reply = error_reply(ctx, 45, "Access denied to '" + req.command + "' command");
    } else if (req.command.find('+') != std::string::npos) {
        if (!make.joins) {
            // Some Antminer firmware treats "summary+pools" as one unknown command name.
            reply = error_reply(ctx, 14, "Invalid command");
        } else {
            for (const auto& sub : split_join(req.command)) {
                auto part = make.commands(ctx, sub);
                reply[sub] = ojson::array({part ? *part : error_reply(ctx, 14, "Invalid command")});
            }
            reply["id"] = 1;
        }
    } else if (auto body = make.commands(ctx, req.command)) {
        reply = std::move(*body);
    } else {
        reply = error_reply(ctx, 14, "Invalid command");
    }

    std::string out = fault == fault_mode::broken_json && variant != broken_variant::rotate
                          ? break_json(reply, variant)
                          : reply.dump();
    out.push_back('\0'); // cgminer ends every reply with one NUL byte
    return out;
}

} // namespace sw::fakeminer
