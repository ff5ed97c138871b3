#pragma once
// topic_registry: topic -> subscribers, per-topic seq, the retained state of each topic.
// Each publication is serialized and framed once into one shared buffer that goes, as is, to
// every subscriber's session queue. The client actor subscribes and hands over its session's
// sink; broadcasts then skip the client actor, a hop that would carry no information (one
// CAF message per client per broadcast). Monitors its subscribers: a client actor that dies
// for any reason is removed from every topic at once.
//
// Messages (all from client actors unless noted):
//   (sw_sub, mask, client, weak sink)  subscribe `client` to the topics in `mask` (bit =
//                                      topic index); queues a snapshot frame of each newly
//                                      added topic to the sink
//   (sw_unsub, mask, client)           unsubscribe
//   (sw_publish, publication) from publishers (system_monitor, later fleet, alert_engine)
//   (sw_topics) -> std::vector<uint64_t> subscriber count per topic, in topic enum order
//   (sw_stats) -> json                 per topic: subscribers, broadcasts, deliveries, bytes

#include <chrono>
#include <cstddef>
#include <cstdint>

#include <caf/all.hpp>

#include "actors/messages.hpp"

namespace sw::actors {

/// How broadcasts wait for an I/O thread that is behind ([websocket] in the config).
struct registry_limits {
    /// Broadcasts handed to one I/O thread and not yet delivered there; past it they wait.
    std::size_t max_batches_in_flight = 1;
    /// How often waiting broadcasts are offered again.
    std::chrono::milliseconds batch_retry_interval{5};
    /// Broadcasts that may wait per I/O thread; past it the oldest update is dropped (its
    /// subscribers see a seq gap), as their own full session queues would drop it.
    std::size_t max_waiting = 1024;
};

caf::actor spawn_topic_registry(caf::actor_system& sys, registry_limits limits = {});

} // namespace sw::actors
