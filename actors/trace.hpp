#pragma once
// The actor trace (docs/TRACE.md). Every actor-to-actor send goes through actors/send.hpp,
// which calls `sent`; every handler opens a `handling` scope; the WebSocket session reports
// the bridge crossings. With the mode "off" each of these is one relaxed load and a branch.
//
// A trace id names one update. The actor that starts it (a poller finishing a poll, a
// publisher) takes `begin_update()`, which is non-zero for every update in "on" and one in
// `trace_sample` in "sampled". The id travels in the data (snapshot, publication, frame) and
// in a thread-local context set by `handling`, so sends made while handling a traced message
// are recorded with its id.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/local_actor.hpp>

#include "actors/actor_directory.hpp"

namespace sw::actors::trace {

enum class mode : std::uint8_t { off = 0, on = 1, sampled = 2 };

std::optional<mode> parse_mode(std::string_view text) noexcept;
const char* to_string(mode m) noexcept;

struct settings {
    mode m = mode::off;
    std::size_t sample = 100;
    std::string file; ///< "" keeps records in memory only
    std::size_t max_bytes = 64 * 1024 * 1024;
    std::size_t ring = 100000;
};

namespace detail {
extern std::atomic<std::uint8_t> g_mode;
} // namespace detail

/// True unless the mode is "off": the one check on hot paths.
inline bool enabled() noexcept {
    return detail::g_mode.load(std::memory_order_relaxed) != 0;
}

/// Whether a record about `trace_id` is kept: everything in "on", traced updates in "sampled".
inline bool wants(std::uint64_t trace_id) noexcept {
    const auto m = detail::g_mode.load(std::memory_order_relaxed);
    return m == 1 || (m == 2 && trace_id != 0);
}

/// Applies settings: mode, sample, ring size, and (re)opens the file writer. At the first call
/// an existing trace file is moved to "<file>.1", so each run starts its own file.
void configure(const settings& s);
/// Changes the mode at run time (POST /api/trace); `sample` when given.
void set_mode(mode m, std::optional<std::size_t> sample = std::nullopt);
[[nodiscard]] settings current();
/// Writes what is pending to the file and stops the writer thread (at exit).
void shutdown();

/// A new update: its trace id, or 0 when it is not traced.
std::uint64_t begin_update() noexcept;
/// The trace id of the message being handled on this thread (0: none).
std::uint64_t current_id() noexcept;
/// current_id(), or a new one when this update starts here (a publisher's own timer).
std::uint64_t current_or_new() noexcept;

/// Registers a freshly spawned actor (a `spawn` record, always kept) and records its exit.
/// Call first thing in the behavior function; keep the slot in the state as `trace_slot`.
slot_ptr enter(caf::local_actor* self);
/// The supervisor started `name` again as actor `id` (always kept).
void restarted(std::uint64_t id, const char* name, std::size_t attempt, std::string reason);

/// A message of `kind` from actor `from` (0: the Asio side) to actor `to`.
void sent(std::uint64_t from, const char* from_name, std::uint64_t to, caf::atom_value kind);

/// Bridge crossings, by the WebSocket session.
void read(std::uint64_t client_actor, std::string_view client, std::size_t bytes);
/// `at_us`: when (microseconds since the epoch; 0 = now).
void delivered(std::string_view client,
               int topic,
               std::uint64_t seq,
               std::uint64_t trace_id,
               std::int64_t at_us = 0);
void written(std::string_view client,
             int topic,
             std::uint64_t seq,
             std::uint64_t trace_id,
             std::size_t bytes,
             std::int64_t delivered_at_us);
void dropped(std::string_view client,
             int topic,
             std::uint64_t seq,
             std::uint64_t trace_id,
             const char* reason);

/// The ring as JSON Lines (meta line first): records with n > since, the last `limit`.
std::string ring_jsonl(std::uint64_t since, std::size_t limit, const char* source = "ring");
/// Writes the ring to "<trace_file>.dump" (SIGUSR1, an actor crash). False when it failed
/// or no file is configured; the reason goes to the log.
bool dump(const char* source);

/// Sampled by every handler: the mailbox depth for /metrics, and a `handle` record (with the
/// trace context for the sends it makes) when the message is traced.
class handling {
public:
    template <class Self>
    handling(Self* self, caf::atom_value kind, std::uint64_t trace_id = 0) noexcept
        : handling(self->state.trace_slot.get(), self->mailbox().size(), kind, trace_id) {}

    handling(actor_slot* slot,
             std::size_t waiting,
             caf::atom_value kind,
             std::uint64_t trace_id) noexcept;
    ~handling();
    handling(const handling&) = delete;
    handling& operator=(const handling&) = delete;

    /// Adds the miner id to the handle record (the poller and fleet know it).
    void set_miner(std::string_view miner);

private:
    void begin(actor_slot* slot, std::size_t waiting, caf::atom_value kind, std::uint64_t trace_id);
    void end() noexcept;

    bool active_ = false;
    actor_slot* slot_ = nullptr;
    caf::atom_value kind_{};
    std::uint64_t trace_id_ = 0;
    std::int64_t depth_ = 0;
    std::int64_t start_us_ = 0;
    std::int64_t start_steady_ns_ = 0;
    std::string miner_;

    struct saved_context {
        std::uint64_t trace_id;
        std::uint64_t actor;
        const char* name;
    } saved_{};
};

/// The actor handling a message on this thread, for bridge records made inside a handler.
std::pair<std::uint64_t, const char*> current_actor() noexcept;

} // namespace sw::actors::trace
