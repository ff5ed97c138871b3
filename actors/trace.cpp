#include "actors/trace.hpp"

#include <chrono>
#include <fstream>
#include <memory>
#include <mutex>

#include <spdlog/spdlog.h>

#include "actors/trace_file.hpp"
#include "actors/trace_ring.hpp"

namespace sw::actors::trace {

namespace detail {
std::atomic<std::uint8_t> g_mode{0};
} // namespace detail

namespace {

/// The process-wide trace: like the logger, one per process.
struct hub {
    ring records{100000};
    file_writer writer{records, [this] {
                           return meta("live");
                       }};
    std::mutex mu; // guards cfg and first_start
    settings cfg;
    std::atomic<std::size_t> sample{100};
    std::atomic<std::uint64_t> next_update{0};
    std::atomic<std::uint64_t> next_id{0};

    std::string meta(const char* source) {
        return meta_line(
            to_string(static_cast<mode>(detail::g_mode.load())), sample.load(), source);
    }
};

hub& the_hub() {
    static hub h;
    return h;
}

struct context {
    std::uint64_t trace_id = 0;
    std::uint64_t actor = 0;
    const char* name = nullptr;
};

thread_local context tls_context;

std::int64_t steady_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void keep(record r) {
    r.ts = r.ts != 0 ? r.ts : now_us();
    the_hub().records.push(std::move(r));
}

/// Exits for reasons in the "exit" category (normal, user_shutdown, kill) are orderly; any
/// other reason (an exception, a failed request) is a crash.
bool is_crash(const caf::error& reason) {
    return reason && reason.category() != caf::atom("exit");
}

} // namespace

std::optional<mode> parse_mode(std::string_view text) noexcept {
    if (text == "off")
        return mode::off;
    if (text == "on")
        return mode::on;
    if (text == "sampled")
        return mode::sampled;
    return std::nullopt;
}

const char* to_string(mode m) noexcept {
    switch (m) {
    case mode::on:
        return "on";
    case mode::sampled:
        return "sampled";
    case mode::off:
        break;
    }
    return "off";
}

/// Runs the file writer exactly while records should reach the file. Each time tracing is
/// turned on the file starts afresh and the previous one is kept as "<file>.1".
static void apply_writer(hub& h, bool file_changed) {
    const bool want = h.cfg.m != mode::off && !h.cfg.file.empty();
    if (!want)
        h.writer.stop();
    else if (!h.writer.running() || file_changed)
        h.writer.start(h.cfg.file, h.cfg.max_bytes);
}

void configure(const settings& s) {
    auto& h = the_hub();
    std::lock_guard lock{h.mu};
    const bool file_changed = s.file != h.cfg.file || s.max_bytes != h.cfg.max_bytes;
    h.cfg = s;
    h.cfg.sample = std::max<std::size_t>(s.sample, 1);
    h.sample.store(h.cfg.sample);
    h.records.resize(s.ring);
    detail::g_mode.store(static_cast<std::uint8_t>(s.m));
    apply_writer(h, file_changed);
}

void set_mode(mode m, std::optional<std::size_t> sample) {
    auto& h = the_hub();
    std::lock_guard lock{h.mu};
    h.cfg.m = m;
    if (sample) {
        h.cfg.sample = std::max<std::size_t>(*sample, 1);
        h.sample.store(h.cfg.sample);
    }
    detail::g_mode.store(static_cast<std::uint8_t>(m));
    apply_writer(h, false);
    spdlog::info("trace: mode {} (sample 1 in {})", to_string(m), h.cfg.sample);
}

settings current() {
    auto& h = the_hub();
    std::lock_guard lock{h.mu};
    return h.cfg;
}

void shutdown() {
    auto& h = the_hub();
    std::lock_guard lock{h.mu};
    h.writer.stop();
}

std::uint64_t begin_update() noexcept {
    const auto m = detail::g_mode.load(std::memory_order_relaxed);
    if (m == 0)
        return 0;
    auto& h = the_hub();
    if (m == 2 && h.next_update.fetch_add(1, std::memory_order_relaxed) % h.sample.load() != 0)
        return 0;
    return h.next_id.fetch_add(1, std::memory_order_relaxed) + 1;
}

std::uint64_t current_id() noexcept {
    return tls_context.trace_id;
}

std::uint64_t current_or_new() noexcept {
    const auto id = current_id();
    return id != 0 ? id : begin_update();
}

std::pair<std::uint64_t, const char*> current_actor() noexcept {
    return {tls_context.actor, tls_context.name};
}

slot_ptr enter(caf::local_actor* self) {
    auto slot = directory().add(self->id(), self->name());
    record r;
    r.ev = event::spawn;
    r.actor = slot->id;
    r.name = slot->name;
    keep(std::move(r));
    self->attach_functor([slot](const caf::error& reason) {
        record x;
        x.ev = event::exit;
        x.actor = slot->id;
        x.name = slot->name;
        x.reason = reason ? caf::to_string(reason) : "normal";
        keep(std::move(x));
        directory().remove(*slot);
        if (is_crash(reason)) {
            spdlog::warn("trace: {}#{} crashed ({}); dumping the trace ring",
                         slot->name,
                         slot->id,
                         caf::to_string(reason));
            dump("dump:crash");
        }
    });
    return slot;
}

void restarted(std::uint64_t id, const char* name, std::size_t attempt, std::string reason) {
    record r;
    r.ev = event::restart;
    r.actor = id;
    r.name = name;
    r.attempt = static_cast<std::int64_t>(attempt);
    r.reason = std::move(reason);
    keep(std::move(r));
}

void sent(std::uint64_t from, const char* from_name, std::uint64_t to, caf::atom_value kind) {
    if (!wants(tls_context.trace_id))
        return;
    auto [to_name, depth] = directory().describe(to);
    record r;
    r.ev = event::send;
    r.actor = from;
    r.name = from != 0 ? from_name : "io";
    r.to = to;
    r.to_name = to_name;
    r.kind = kind;
    r.trace_id = tls_context.trace_id;
    r.depth = depth;
    keep(std::move(r));
}

void read(std::uint64_t client_actor, std::string_view client, std::size_t bytes) {
    if (!wants(0))
        return;
    record r;
    r.ev = event::read;
    r.actor = client_actor;
    r.name = "client";
    r.client.assign(client);
    r.bytes = static_cast<std::int64_t>(bytes);
    keep(std::move(r));
}

void delivered(std::string_view client,
               int topic,
               std::uint64_t seq,
               std::uint64_t trace_id,
               std::int64_t at_us) {
    record r;
    r.ts = at_us;
    r.ev = event::deliver;
    r.actor = tls_context.actor;
    r.name = tls_context.name;
    r.client.assign(client);
    r.topic = topic;
    r.seq = seq;
    r.trace_id = trace_id;
    keep(std::move(r));
}

void written(std::string_view client,
             int topic,
             std::uint64_t seq,
             std::uint64_t trace_id,
             std::size_t bytes,
             std::int64_t delivered_at_us) {
    record r;
    r.ev = event::write;
    r.ts = now_us();
    r.client.assign(client);
    r.topic = topic;
    r.seq = seq;
    r.trace_id = trace_id;
    r.bytes = static_cast<std::int64_t>(bytes);
    r.wait_us = delivered_at_us > 0 ? std::max<std::int64_t>(r.ts - delivered_at_us, 0) : -1;
    keep(std::move(r));
}

void dropped(std::string_view client,
             int topic,
             std::uint64_t seq,
             std::uint64_t trace_id,
             const char* reason) {
    record r;
    r.ev = event::drop;
    r.client.assign(client);
    r.topic = topic;
    r.seq = seq;
    r.trace_id = trace_id;
    r.reason = reason;
    keep(std::move(r));
}

std::string ring_jsonl(std::uint64_t since, std::size_t limit, const char* source) {
    auto& h = the_hub();
    std::string out = h.meta(source);
    out += '\n';
    for (const auto& r : h.records.since(since, limit)) {
        out += to_json_line(r);
        out += '\n';
    }
    return out;
}

bool dump(const char* source) {
    const auto file = current().file;
    if (file.empty()) {
        spdlog::warn("trace: no [actors] trace_file is set: nothing to dump to");
        return false;
    }
    const auto path = file + ".dump";
    std::ofstream out(path, std::ios::out | std::ios::trunc);
    out << ring_jsonl(0, 0, source);
    out.flush();
    if (!out) {
        spdlog::error("trace: writing the dump {} failed", path);
        return false;
    }
    spdlog::info("trace: ring dumped to {}", path);
    return true;
}

handling::handling(actor_slot* slot,
                   std::size_t waiting,
                   caf::atom_value kind,
                   std::uint64_t trace_id) noexcept {
    if (slot != nullptr)
        slot->observe(waiting);
    if (wants(trace_id)) [[unlikely]]
        begin(slot, waiting, kind, trace_id);
}

void handling::begin(actor_slot* slot,
                     std::size_t waiting,
                     caf::atom_value kind,
                     std::uint64_t trace_id) {
    active_ = true;
    slot_ = slot;
    kind_ = kind;
    trace_id_ = trace_id;
    depth_ = static_cast<std::int64_t>(waiting);
    start_us_ = now_us();
    start_steady_ns_ = steady_ns();
    saved_ = {tls_context.trace_id, tls_context.actor, tls_context.name};
    tls_context = {
        trace_id, slot != nullptr ? slot->id : 0, slot != nullptr ? slot->name : nullptr};
}

void handling::set_miner(std::string_view miner) {
    if (active_)
        miner_ = miner;
}

handling::~handling() {
    if (active_)
        end();
}

void handling::end() noexcept {
    tls_context = {saved_.trace_id, saved_.actor, saved_.name};
    try {
        record r;
        r.ev = event::handle;
        r.ts = start_us_;
        r.actor = slot_ != nullptr ? slot_->id : 0;
        r.name = slot_ != nullptr ? slot_->name : nullptr;
        r.kind = kind_;
        r.trace_id = trace_id_;
        r.depth = depth_;
        r.dur_us = (steady_ns() - start_steady_ns_) / 1000;
        r.miner = std::move(miner_);
        keep(std::move(r));
    } catch (...) { // NOLINT(bugprone-empty-catch): a lost record must not end the actor
    }
}

} // namespace sw::actors::trace
