#pragma once
// Process logging: spdlog to stderr, as text or as one JSON object per line.

#include "config/config.hpp"

namespace sw::net {

/// Applies [log] level and format. Call once, before the server starts.
void setup_logging(const config::log_config& cfg);

} // namespace sw::net
