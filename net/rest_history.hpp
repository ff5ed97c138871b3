#pragma once
// The history API (actors/history.hpp answers; the store picks the resolution):
// GET /api/miners/{id}/history?from=&to=&step=   one miner, by id (MAC) or configured name
// GET /api/history/fleet?from=&to=&step=         the fleet totals
// GET /api/history/alerts?from=&to=&limit=       stored alert updates, oldest first
// from/to are unix seconds (default: the last 24 hours up to now), step seconds (default: the
// resolution's own), limit at most 10000 (default 500). Series are time-aligned arrays:
// {"series","from","to","step","resolution","t":[...],"hashrate_ghs":[...],...}.

#include <functional>
#include <string>

#include "net/http_routes.hpp"
#include "net/net_context.hpp"

namespace sw::net {

/// `series`: a miner id or name, "" for the fleet, or nullopt for the alerts.
void get_history(net_context& ctx,
                 const http_request& req,
                 std::optional<std::string> series,
                 std::function<void(http_response)> respond);

} // namespace sw::net
