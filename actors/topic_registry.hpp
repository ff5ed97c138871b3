#pragma once
// topic_registry: topic -> subscribers, per-topic seq, the retained state of each topic.
// Each publication is serialized once into one shared buffer that every subscriber's client
// actor forwards as is. Monitors its subscribers: a client actor that dies for any reason is
// removed from every topic at once.
//
// Messages (all from client actors unless noted):
//   (sw_sub, mask, client)    subscribe `client` to the topics in `mask` (bit = topic index);
//                             sends a snapshot frame of each newly added topic to `client`
//   (sw_unsub, mask, client)  unsubscribe
//   (sw_publish, publication) from publishers (system_monitor, later fleet, alert_engine)
//   (sw_topics) -> std::vector<uint64_t> subscriber count per topic, in topic enum order

#include <cstdint>

#include <caf/all.hpp>

namespace sw::actors {

caf::actor spawn_topic_registry(caf::actor_system& sys);

/// A bit per topic, indexed by the protocol::topic enumerator.
using topic_mask = std::uint8_t;

} // namespace sw::actors
