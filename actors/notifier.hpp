#pragma once
// notifier: one per [[notify]] channel. Owns the channel's queue and its retries; delivers
// each notification it wants (wants(): severity and rule filters) as one HTTP POST
// (format_request(), http_post()), one at a time, in order.
//
// Queue: at most channel.queue_size notifications wait behind the one being sent; when full,
// the incoming one is dropped, counted and logged (once per run of drops): the sender never
// waits. Retries: a network error, timeout, TLS failure, 5xx or 429 is retried up to
// channel.retries times after retry_backoff, 2x, 4x ... (in the actor clock); any other 4xx
// or a bad URL is not. Then the notification is dropped with a log line and counted failed.
// URLs and tokens are never logged: they are secrets for most services.
//
// Messages:
//   (sw_notify, notification)          alert engine: deliver this (if wanted)
//   (sw_stats) -> json                 REST, /metrics: {"channel", "kind", "sent", "failed",
//                                      "retried", "dropped", "queued", "last_error"}
//   (sw_ntest) -> json                 POST /api/notify/test: sends test_notification() at once,
//                                      past the filters and the queue, one attempt, not counted;
//                                      replies {"channel", "ok", "status", "error"} when done
//   (sw_posted, id, post_result)       io side: an HTTP POST finished
//   (sw_nretry, id)                    itself: a retry backoff ended
//   (sw_ntest, id, post_result)        io side: the test POST finished
// No handler blocks: the POSTs run on `io`'s thread and come back as messages.

#include <memory>

#include <caf/all.hpp>

#include "actors/http_post.hpp"
#include "actors/miner_io.hpp"
#include "actors/notify_format.hpp"

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::notification)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(sw::actors::post_result)

namespace sw::actors {

/// `io` runs the POSTs and is kept alive by the actor. Give the notifiers an io of their own,
/// not the pollers': Asio resolves names on one thread per io_context, so a slow DNS lookup of
/// a webhook host would otherwise hold up the miners' polls.
caf::actor
spawn_notifier(caf::actor_system& sys, notify_channel channel, std::shared_ptr<miner_io> io);

} // namespace sw::actors
