#pragma once
// Internal to config/: the list of tables and keys, and the walk over a parsed document.

#include "config/config.hpp"
#include "config/field_reader.hpp"

#include <toml++/toml.h>

namespace sw::config::detail {

/// Reads every known key of `root` into `cfg` and refuses everything else, into `errors`.
void read_document(const toml::table& root, config& cfg, error_sink& errors);

/// Reads the [[miners]] array of tables (in miners_section.cpp).
void read_miners(const toml::node& node, std::vector<miner_config>& out, error_sink& errors);

} // namespace sw::config::detail
