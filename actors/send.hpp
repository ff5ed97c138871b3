#pragma once
// The one way messages travel between actors in solowatch. Every actor-to-actor send and
// every crossing from Asio into CAF goes through these helpers, so the trace
// (actors/trace.hpp) sees every message in one place without touching each actor.

#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include <caf/all.hpp>

#include "actors/trace.hpp"

namespace sw::actors {

namespace detail {

/// The atom a message starts with (its kind in the trace); 0 for other messages.
template <class T>
struct kind_of {
    static constexpr caf::atom_value value{};
};

template <caf::atom_value V>
struct kind_of<caf::atom_constant<V>> {
    static constexpr caf::atom_value value = V;
};

template <class... Ts>
constexpr caf::atom_value first_kind() {
    if constexpr (sizeof...(Ts) == 0)
        return caf::atom_value{};
    else
        return kind_of<std::decay_t<std::tuple_element_t<0, std::tuple<Ts...>>>>::value;
}

/// The receiver's actor id, from a handle or from `self` (an actor sending to itself).
template <class Dest>
std::uint64_t id_of(const Dest& dest) {
    if constexpr (std::is_pointer_v<Dest>)
        return dest->id();
    else
        return dest.id();
}

} // namespace detail

/// Sends from inside an actor (the sender is recorded).
template <class Self, class Dest, class... Ts>
void tell(Self* self, const Dest& dest, Ts&&... xs) {
    if (!dest)
        return;
    if (trace::enabled()) [[unlikely]]
        trace::sent(self->id(), self->name(), detail::id_of(dest), detail::first_kind<Ts...>());
    self->send(dest, std::forward<Ts>(xs)...);
}

/// Sends from outside any actor: the Asio side of the bridge, main, tests.
template <class Dest, class... Ts>
void tell_from_outside(const Dest& dest, Ts&&... xs) {
    if (!dest)
        return;
    if (trace::enabled()) [[unlikely]]
        trace::sent(0, "io", detail::id_of(dest), detail::first_kind<Ts...>());
    caf::anon_send(dest, std::forward<Ts>(xs)...);
}

/// Sends to `self` after `delay` (timers; virtual time in tests).
template <class Self, class Duration, class... Ts>
void tell_later(Self* self, Duration delay, Ts&&... xs) {
    self->delayed_send(self, delay, std::forward<Ts>(xs)...);
}

} // namespace sw::actors
