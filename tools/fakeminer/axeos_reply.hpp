#pragma once
// AxeOS HTTP bodies per firmware generation. Pure functions of the simulated values, so the
// HTTP session only routes and applies faults.

#include <optional>
#include <string>

#include "tools/fakeminer/options.hpp"
#include "tools/fakeminer/sim.hpp"

namespace sw::fakeminer {

// GET /api/system/info body, shaped like the miner's firmware generation.
std::string
axeos_info_json(const miner_spec& miner, const miner_values& v, const network_values& net);

// GET /api/system/asic body; nullopt when that firmware has no such route (before v2.7, and
// the NerdQAxe fork): the server answers 404 then.
std::optional<std::string> axeos_asic_json(const miner_spec& miner);

// True when the firmware answers 401 to a request carrying an Origin header (v2.6+).
bool axeos_checks_origin(const miner_spec& miner);

// The Bitaxe-family builder (v2.x and LuckyMiner) and the NerdQAxe one, split by file.
std::string
bitaxe_info_json(const miner_spec& miner, const miner_values& v, const network_values& net);
std::string
nerdqaxe_info_json(const miner_spec& miner, const miner_values& v, const network_values& net);

} // namespace sw::fakeminer
