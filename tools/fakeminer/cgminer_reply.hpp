#pragma once
// cgminer API replies: request parsing, the envelope, joined commands, error replies and the
// broken-JSON shapes. Per-make command bodies live in cgminer_<make>.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tools/fakeminer/json_util.hpp"
#include "tools/fakeminer/options.hpp"
#include "tools/fakeminer/sim.hpp"

namespace sw::fakeminer {

// What a command builder may read.
struct reply_context {
    const miner_spec& miner;
    const miner_values& v;
    const network_values& net;
    std::int64_t when;       // STATUS "When": epoch, or uptime on Avalon (no NTP)
    const char* description; // STATUS "Description", e.g. "cgminer 4.11.1"
    bool bare_status;        // Whatsminer: STATUS is an object, not a one-element array
};

// A full reply object: {"STATUS":[{...}], <key>: <data>, "id":1}.
ojson envelope(
    const reply_context& ctx, std::string_view msg, int code, std::string_view key, ojson data);

// The error reply: {"STATUS":[{"STATUS":"E",...,"Code":code,"Msg":msg,...}],"id":1}.
ojson error_reply(const reply_context& ctx, int code, std::string_view msg);

// The cgminer 4.11 summary counters from "Found Blocks" to "Last getwork", in its order;
// each make puts its own Elapsed/hashrate keys first and its extras after.
ojson summary_counters(const reply_context& ctx);

// One cgminer 4.11 pools entry (the A1566 fixture shape); `active` carries the miner's
// counters, backups carry zeros.
ojson standard_pool(const reply_context& ctx, int index, const std::string& url, bool active);

// x rounded to 2 decimals as cgminer prints MHS/GHS figures.
double r2(double x);

// Per-make command bodies; nullopt when that firmware does not know the command (code 14).
std::optional<ojson> avalon_command(const reply_context& ctx, std::string_view command);
std::optional<ojson> antminer_command(const reply_context& ctx, std::string_view command);
std::optional<ojson> whatsminer_command(const reply_context& ctx, std::string_view command);
std::optional<ojson> braiins_command(const reply_context& ctx, std::string_view command);

// True once `text` holds a whole request: a complete JSON object, or a plain-text command
// ended by a newline or NUL. The session keeps reading until then (or EOF).
bool cgminer_request_complete(std::string_view text);

// The bytes to send for one request: compact JSON followed by one NUL byte. `fault` may be
// denied (code 45) or broken_json with a concrete `variant` (not rotate); other faults are
// the session's business and ignored here.
std::string cgminer_reply(const miner_spec& miner,
                          const miner_values& v,
                          const network_values& net,
                          std::string_view request,
                          fault_mode fault,
                          broken_variant variant);

// Applies one broken-JSON shape to a serialized reply (without its NUL).
std::string break_json(const ojson& reply, broken_variant variant);

} // namespace sw::fakeminer
