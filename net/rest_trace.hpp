#pragma once
// /api/trace: the actor trace (docs/TRACE.md) from outside.
// GET  ?since=N&limit=N  the ring as JSON Lines: the meta line, then records with n > since
// POST {"mode":"on"|"off"|"sampled","sample":N}  from localhost only; answers the settings

#include "net/http_routes.hpp"

namespace sw::net {

http_response handle_trace(const http_request& req, bool local);

} // namespace sw::net
