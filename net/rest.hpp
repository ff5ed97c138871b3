#pragma once
// The REST API under /api/: answers built from what the actors own, fetched by message.
// GET /api/miners          every miner snapshot (the `miners` topic's shape), sorted by name
// GET /api/miners/{id}     one miner by id (MAC) or configured name; 404 JSON otherwise

#include <functional>

#include "net/http_routes.hpp"
#include "net/net_context.hpp"

namespace sw::net {

/// True when `target` is an API path this module answers.
bool is_api_request(const http_request& req);

/// Answers asynchronously; `respond` is called exactly once, on some thread.
void handle_api(net_context& ctx,
                const http_request& req,
                std::function<void(http_response)> respond);

} // namespace sw::net
