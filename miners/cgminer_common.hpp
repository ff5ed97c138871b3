#pragma once
// Internal to the cgminer section readers (cgminer_sections.cpp, cgminer_stats.cpp): section
// lookup, the joined-part / fill-missing / never-throw wrapper, hashrate keys, make hints.

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "miners/cgminer.hpp"
#include "miners/parse_error.hpp"
#include "miners/snapshot.hpp"

#include <tl/expected.hpp>

namespace sw::miners::detail {

using json = nlohmann::json;
using section_items = std::vector<const json*>;

parse_error cgminer_error(parse_errc code, std::string_view command, const std::string& text);

/// The objects of section `key` ("SUMMARY": [{...}] or a bare object). Missing section ->
/// missing_key; an item that is not an object -> bad_shape naming its index.
tl::expected<section_items, parse_error>
section(const cgminer_reply& reply, std::string_view command, std::string_view key);

/// A temperature a sensor really measured: finite and > 0 (0 and -273 mean "no sensor").
std::optional<double> sensor_temp(std::optional<double> t) noexcept;

void keep_max(std::optional<double>& slot, std::optional<double> value) noexcept;

/// Scans "<unit> <window>" hashrate keys (unit KHS/MHS/GHS/THS; window av, <n>s, 1m, 5m, 10m,
/// 15m, 1h, 24h) into GH/s. The shortest "<n>s" window is `now`.
struct rate_scan {
    bool any_key = false;               ///< at least one hashrate key was present
    bool any_value = false;             ///< at least one of them held a number
    std::optional<std::string> bad_key; ///< the first key whose value was unusable
};

rate_scan read_rates(const json& object, hashrate_figures& rates);

/// "Antminer S19 XP (Vnish 1.2.0-rc1)" -> make Antminer, model "S19 XP", firmware
/// "Vnish 1.2.0-rc1". Fills only what `reading` lacks.
void apply_antminer_type(std::string_view type, miner_reading& reading);

/// Make/firmware hints from the STATUS Description (BOSminer, btminer). Fill-only.
void apply_description_hints(const cgminer_status& status, miner_reading& reading);

/// Runs `body(reply_of_command, partial)` on the command's own reply (a joined reply's part),
/// then merges the partial reading into `out` with fill_missing. Never throws.
template <typename Body>
tl::expected<void, parse_error>
read_part(const cgminer_reply& reply, std::string_view command, miner_reading& out, Body&& body) {
    try {
        std::optional<cgminer_reply> own;
        const cgminer_reply* r = &reply;
        if (reply.joined()) {
            auto part = reply.part(command);
            if (!part) {
                return tl::unexpected(std::move(part.error()));
            }
            own = std::move(*part);
            r = &*own;
        }
        miner_reading partial;
        tl::expected<void, parse_error> result = body(*r, partial);
        if (!result) {
            return result;
        }
        apply_description_hints(r->status, partial);
        fill_missing(out, partial);
        return {};
    } catch (const std::exception& e) { // last resort: allocation failure and the like
        return tl::unexpected(cgminer_error(parse_errc::bad_shape, command, e.what()));
    }
}

} // namespace sw::miners::detail
