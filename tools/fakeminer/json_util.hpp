#pragma once
// Number formatting shared by the reply builders: each firmware prints numbers its own way,
// and pollers must cope with every one of them.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace sw::fakeminer {

// Insertion-ordered, like cJSON and cgminer's own writer: replies keep the firmware's key order.
using ojson = nlohmann::ordered_json;

// x rounded to `decimals` places (the shortest printout then has at most that many).
double round_to(double x, int decimals);

// x rounded to a multiple of `step` (sensor resolution: 1/8 deg C, 1.25 mV, ...).
double quantize(double x, double step);

// A C float widened to double: prints as 11.670000076293945, as old AxeOS (cJSON) did.
double as_float(double x);

// cJSON prints integral doubles without ".0": emit those as integers.
ojson cjson_number(double x);

// ESP-Miner's suffix_string ("%.3g" + k/M/G/T/P/E): "4.29G", "88.2M", "512"; with
// `space` the v2.10 form "1.46 G".
std::string difficulty_string(double value, bool space);

// "0:00:27"-style elapsed text used by Vnish "Last Share Time".
std::string hms(std::int64_t seconds);

// Epoch seconds now (cgminer "When" on machines with a clock).
std::int64_t wall_clock_s();

} // namespace sw::fakeminer
