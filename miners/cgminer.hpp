#pragma once
// The cgminer API family (Avalon, Antminer, Whatsminer, Braiins OS, Vnish): the socket bytes of
// one reply -> a repaired, parsed, envelope-checked cgminer_reply. What the sections mean is in
// miners/cgminer_sections.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "miners/parse_error.hpp"

#include <tl/expected.hpp>

namespace sw::miners {

/// Repairs the broken JSON that cgminer-family firmware sends, in one pass with an explicit
/// bracket stack (no recursion; never throws). Valid JSON keeps its meaning, except that
/// "inf"/"nan" string values become null; blanks outside strings are dropped.
/// Each repair acts outside strings unless said otherwise:
///   trailing NULs and blanks          stripped
///   `,}` and `,]`                     the dangling comma dropped
///   raw newline/control char in a string  escaped (\n, \r, \t, \u00XX)
///   `}{` between objects              `},{`
///   `[,{` / `{,` / `,,`               the comma after an opener or a comma dropped
///   inf, -inf, nan (bare, or quoted as a value, any case)  null
///   a reply starting with `,`         `{` prepended (`,"id":1}` -> `{"id":1}`)
///   truncated reply                   cut back to the last complete value, then the open
///                                     brackets closed in order (`{"a":[1,2` -> `{"a":[1,2]}`)
std::string repair_cgminer_json(std::string_view wire) noexcept;

/// The STATUS envelope of one command's reply.
struct cgminer_status {
    char letter = 'S'; ///< S success, I info, W warning, E error, F fatal
    std::optional<std::int64_t> code;
    std::string msg;
    std::string description;          ///< "cgminer 4.11.1", "BOSminer bosminer-plus-tuner 0.9.0"
    std::optional<std::int64_t> when; ///< not a clock: Avalon without NTP sends its uptime

    bool is_error() const noexcept { return letter == 'E' || letter == 'F'; }
};

/// A parsed reply that passed its STATUS check (S, I or W).
/// Single command: `status` is its envelope and `root` the object holding the sections
/// ("SUMMARY": [...]). Joined command (`summary+pools`): `parts` lists the command names
/// (sorted by name), `root` maps each to its own envelope and `status` is a synthetic S;
/// use part() to get one command's reply (its own STATUS is checked then).
struct cgminer_reply {
    cgminer_status status;
    nlohmann::json root = nlohmann::json::object();
    std::vector<std::string> parts;

    bool joined() const noexcept { return !parts.empty(); }

    /// Joined: the command's own reply, or its E/F status as a miner_error, or missing_key.
    /// Single: a copy of this reply whatever the name (the caller knows what it asked).
    tl::expected<cgminer_reply, parse_error> part(std::string_view command) const;
};

/// Strips the trailing NUL, repairs, guards the nesting depth (max_reply_depth), parses with
/// exceptions off and decodes STATUS: an array of objects, a bare object or (Whatsminer) a
/// string with Code/Msg/Description beside it. STATUS E/F -> parse_error{miner_error} carrying
/// Code and Msg (see parse_error::invalid_command / access_denied). `command` only prefixes
/// error messages ("cgminer summary: ..."); pass what was sent.
tl::expected<cgminer_reply, parse_error> parse_cgminer_reply(std::string_view wire,
                                                             std::string_view command = "reply");

/// Decodes the envelope of an already parsed object (used for the parts of a joined reply).
tl::expected<cgminer_reply, parse_error> decode_cgminer_envelope(const nlohmann::json& object,
                                                                 std::string_view command);

} // namespace sw::miners
