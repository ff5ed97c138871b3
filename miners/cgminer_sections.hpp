#pragma once
// What the sections of cgminer-family replies mean, mapped onto a miner_reading.
//
// Which function reads which command:
//   command   function      section   what it gives
//   version   read_version  VERSION   make, model, firmware, MAC (Avalon PROD/MODEL/VERSION/MAC,
//                                     Antminer Type/BMMiner/CompileTime, Braiins BOSminer,
//                                     Whatsminer Msg object with fw_ver)
//   summary   read_summary  SUMMARY   hashrates, uptime, shares, best share, found blocks;
//                                     Whatsminer power, temperatures, fans, MAC, Factory GHS
//   pools     read_pools    POOLS     active pool URL/user/difficulty, fallback, block height
//   stats     read_stats    STATS     Antminer: temperatures, fans, expected hashrate, Type;
//   estats    read_stats    STATS     Avalon: the `MM ID<n>` string (hashrate, temps, fans,
//                                     power, Ver)
//   devs      read_devs     DEVS      per-board hashrates summed, hottest board temperature
//   fans      read_fans     FANS      Braiins OS fans
//   temps     read_temps    TEMPS     Braiins OS board and chip temperatures
//
// Every reader fills only the fields `reading` still lacks (first writer wins), so the call
// order is the precedence. Recommended: version, summary, pools, estats/stats, devs, fans,
// temps. Each accepts a joined reply too (it takes its own part). On error `reading` is
// unchanged. Units: MHS keys are MH/s and become GH/s; GHS keys and Avalon GHS* are GH/s.
//
// Make detection (documented heuristic, strongest signal first):
//   "Braiins"    STATUS Description or a VERSION key mentions BOSminer / BOSer
//   "Whatsminer" Description mentions btminer, Msg.api_ver mentions whatsminer, or the summary
//                has Whatsminer-only keys (Factory GHS, Power_RT, Chip Temp Max)
//   "Avalon"     PROD starts with Avalon, or stats hold an `MM ID<n>` string
//   "Antminer"   Type starts with "Antminer", a BMMiner key, or a stats ID starting with BTM
//
// cgminer `Best Share` is since the mining process started: it fills best_difficulty.session;
// all_time stays empty (the server may keep its own maximum).

#include <array>
#include <string_view>

#include "miners/cgminer.hpp"
#include "miners/parse_error.hpp"
#include "miners/snapshot.hpp"

#include <tl/expected.hpp>

namespace sw::miners {

tl::expected<void, parse_error> read_version(const cgminer_reply& reply, miner_reading& reading);
tl::expected<void, parse_error> read_summary(const cgminer_reply& reply, miner_reading& reading);
tl::expected<void, parse_error> read_pools(const cgminer_reply& reply, miner_reading& reading);
/// `command` is "stats" or "estats" (it selects the part of a joined reply).
tl::expected<void, parse_error>
read_stats(const cgminer_reply& reply, miner_reading& reading, std::string_view command = "stats");
tl::expected<void, parse_error> read_devs(const cgminer_reply& reply, miner_reading& reading);
tl::expected<void, parse_error> read_fans(const cgminer_reply& reply, miner_reading& reading);
tl::expected<void, parse_error> read_temps(const cgminer_reply& reply, miner_reading& reading);

/// Commands apply_cgminer_command understands, in the recommended order.
inline constexpr std::array<std::string_view, 8> cgminer_commands{
    "version", "summary", "pools", "estats", "stats", "devs", "fans", "temps"};

/// Dispatches to the reader of `command`; an unknown command is a bad_shape error.
tl::expected<void, parse_error>
apply_cgminer_command(std::string_view command, const cgminer_reply& reply, miner_reading& reading);

} // namespace sw::miners
