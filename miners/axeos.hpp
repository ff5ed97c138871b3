#pragma once
// AxeOS (ESP-Miner) replies: Bitaxe and its forks NerdQAxe and LuckyMiner. Pure functions from
// the HTTP body to a miner_reading; the HTTP client lives in the poller.
//
// Endpoints read:
//   GET /api/system/info  -> parse_axeos_info   (every poll)
//   GET /api/system/asic  -> parse_axeos_asic   (v2.7+, once per boot) then apply_axeos_asic
//   ws://HOST/api/ws/live -> apply_axeos_live_frame into a cached info object (v2.14+)
//
// Firmware generations handled: bestDiff/bestSessionDiff as strings before v2.11 ("4.29G",
// v2.10 "1.46 G") and numbers since; raw floats (11.670000076293945); `fanSpeed` before v2.2,
// `fanspeed` since; `fanrpm` + `fan2rpm` (NerdQAxe `fanrpm2`); temp -1 = sensor not ready;
// `isUsingFallbackStratum` as 0/1 or bool; fault keys present only when set.
//
// Make detection (first match wins; hostnames are user-chosen, so they are not used):
//   "NerdQAxe"   a NerdQAxe-only key (hostip, foundBlocks, lastResetReason, stratumDifficulty,
//                asicTemps, fanrpm2) or "nerd" in deviceModel;
//   "LuckyMiner" the `minerModel` key or "lucky" in deviceModel;
//   "Bitaxe"     everything else (upstream ESP-Miner).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "miners/parse_error.hpp"
#include "miners/snapshot.hpp"

#include <tl/expected.hpp>

namespace sw::miners {

/// Parses the body of GET /api/system/info. The one essential key is `hashRate`; every other
/// key is optional and absent/unusable values stay empty.
/// Units: hashRate* GH/s; power W; voltage mV and current mA (converted to V and A);
/// temperatures deg C (temp/temp2 = -1 or <= -100 -> empty); uptimeSeconds s.
/// NerdQAxe: `temp` is the hottest chip -> temp_c.chip_max, temp_c.asic is the average of
/// asicTemps[] when present (else `temp`).
/// pool.url is the pool in use: the fallback pool's URL/user while isUsingFallbackStratum.
tl::expected<miner_reading, parse_error> parse_axeos_info(std::string_view body);

/// The same from an already parsed info object (e.g. the cached object of live mode).
tl::expected<miner_reading, parse_error> read_axeos_info(const nlohmann::json& info);

/// GET /api/system/asic (v2.7+): what does not change while the miner runs.
struct axeos_asic {
    std::optional<std::string> device_model; ///< "Gamma", "Supra", "NerdQAxe++"
    std::optional<std::string> asic_model;   ///< "BM1370"
    std::optional<std::int64_t> asic_count;
};

tl::expected<axeos_asic, parse_error> parse_axeos_asic(std::string_view body);

/// Takes model (deviceModel), asic_model and asic_count from the asic endpoint: they are
/// authoritative over what the info object said.
void apply_axeos_asic(miner_reading& reading, const axeos_asic& asic);

/// One frame of ws://HOST/api/ws/live merged into `cached`: a full info object replaces it,
/// `{"event":"update","data":{...}}` overwrites the listed keys. Other events are ignored.
/// On error `cached` is unchanged.
tl::expected<void, parse_error> apply_axeos_live_frame(nlohmann::json& cached,
                                                       std::string_view frame);

} // namespace sw::miners
