#pragma once
// The one way messages travel between actors in solowatch. Every actor-to-actor send and
// every crossing from Asio into CAF goes through these helpers, so a tracing layer can see
// every message in one place without touching each actor.

#include <utility>

#include <caf/all.hpp>

namespace sw::actors {

/// Sends from inside an actor (the sender is recorded).
template <class Self, class Dest, class... Ts>
void tell(Self* self, const Dest& dest, Ts&&... xs) {
    if (dest)
        self->send(dest, std::forward<Ts>(xs)...);
}

/// Sends from outside any actor: the Asio side of the bridge, main, tests.
template <class Dest, class... Ts>
void tell_from_outside(const Dest& dest, Ts&&... xs) {
    if (dest)
        caf::anon_send(dest, std::forward<Ts>(xs)...);
}

/// Sends to `self` after `delay` (timers; virtual time in tests).
template <class Self, class Duration, class... Ts>
void tell_later(Self* self, Duration delay, Ts&&... xs) {
    self->delayed_send(self, delay, std::forward<Ts>(xs)...);
}

} // namespace sw::actors
