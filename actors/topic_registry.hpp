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

#include <cstdint>

#include <caf/all.hpp>

#include "actors/messages.hpp"

namespace sw::actors {

caf::actor spawn_topic_registry(caf::actor_system& sys);

} // namespace sw::actors
