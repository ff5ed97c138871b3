#pragma once
// The REST API under /api/ and the Prometheus scrape at /metrics: answers built from what the
// actors own, fetched by message. JSON field names are the topics' (PROTOCOL.md).
// GET /api/status          server figures and the fleet totals
// GET /api/miners          every miner snapshot (the `miners` topic's shape), sorted by name
// GET /api/miners/{id}     one miner by id (MAC) or configured name; 404 JSON otherwise
// GET /api/metrics         the fleet metrics (the `metrics` topic's data)
// GET /api/alerts          the active alerts; ?all=1 the recent alert updates too
// GET /api/miners/{id}/history, /api/history/fleet, /api/history/alerts
//                          stored history (net/rest_history.hpp)
// GET /metrics             Prometheus text exposition (net/prometheus.hpp)
// GET /api/trace           the actor trace ring as JSON Lines (?since=N&limit=N)
// POST /api/trace          (from localhost only) {"mode":"on"|"off"|"sampled","sample":N}
// POST /api/notify/test    (from localhost only) a test message through every [[notify]]
//                          channel; answers {"channels": [{"channel","ok","status","error"}]}
// Errors are JSON `{"error":{"code","message"}}` with a fitting HTTP status.

#include <functional>

#include "net/http_routes.hpp"
#include "net/net_context.hpp"

namespace sw::net {

/// True when `target` is a path this module answers.
bool is_api_request(const http_request& req);

/// Answers asynchronously; `respond` is called exactly once, on some thread. `local`: the
/// request came from a loopback address (required for the POST endpoints).
void handle_api(net_context& ctx,
                const http_request& req,
                bool local,
                std::function<void(http_response)> respond);

} // namespace sw::net
