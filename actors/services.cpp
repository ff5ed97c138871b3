#include "actors/services.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "actors/alert_engine.hpp"
#include "actors/fleet.hpp"
#include "actors/history.hpp"
#include "actors/messages.hpp"
#include "actors/miner_poller.hpp"
#include "actors/notifier.hpp"
#include "actors/supervisor.hpp"
#include "actors/system_monitor.hpp"
#include "actors/topic_registry.hpp"
#include "actors/trace.hpp"

namespace sw::actors {

namespace {

std::string child_name(const config::miner_config& m) {
    return "miner:" + m.name;
}

/// What a poller runs on: everything but the miner's alert overrides, which the alert engine
/// applies without touching the poller.
bool same_poller(const config::miner_config& a, const config::miner_config& b) {
    auto a_poll = a;
    a_poll.alerts = b.alerts;
    return a_poll == b;
}

notify_channel channel_of(const config::notify_config& n) {
    notify_channel c;
    c.name = n.name;
    c.kind = n.kind;
    c.url = n.url;
    c.headers.assign(n.headers.begin(), n.headers.end());
    c.api_base = n.api_base;
    c.bot_token = n.bot_token;
    c.chat_id = n.chat_id;
    c.min_severity = n.min_severity;
    c.rules = n.rules;
    c.timeout = n.timeout;
    c.retries = n.retries;
    c.retry_backoff = n.retry_backoff;
    c.queue_size = n.queue_size;
    return c;
}

fleet_settings fleet_settings_of(const config::config& cfg) {
    return fleet_settings{cfg.fleet, cfg.metrics.publish_interval, cfg.network.difficulty};
}

const config::miner_config* find_miner(const std::vector<config::miner_config>& list,
                                       const std::string& name) {
    auto it = std::find_if(list.begin(), list.end(), [&](const auto& m) { return m.name == name; });
    return it == list.end() ? nullptr : &*it;
}

} // namespace

client_context services::client_ctx(const config::config& cfg) const {
    return client_context{registry, supervisor, cfg.websocket, cfg.server.max_message_bytes, stats};
}

void services::apply_miners(const config::config& cfg) {
    poller_context ctx{fleet, stats, &io->context(), cfg.fleet};
    // The roster goes first: the fleet then drops removed miners and any late poll of theirs,
    // and a new poller's first snapshot, sent after this, finds its name listed.
    miner_roster roster;
    for (const auto& m : cfg.miners)
        roster.names.insert(m.name);
    caf::anon_send(fleet, sw_roster_atom_v, std::move(roster));
    for (const auto& old : miners) {
        const auto* now = find_miner(cfg.miners, old.name);
        if (now != nullptr && same_poller(*now, old))
            continue; // unchanged: keeps running, keeps its state
        caf::anon_send(supervisor, sw_unsup_atom_v, child_name(old));
        if (now == nullptr)
            spdlog::info("miner {} removed", old.name);
    }
    for (const auto& m : cfg.miners) {
        const auto* before = find_miner(miners, m.name);
        if (before != nullptr && same_poller(*before, m))
            continue;
        spdlog::info("miner {} ({} at {}:{}) {}",
                     m.name,
                     m.kind,
                     m.host,
                     m.port,
                     before == nullptr ? "added" : "changed: restarting its poller");
        // The supervisor restarts a crashed poller with backoff.
        child_spec spec{child_name(m), [m, ctx](caf::actor_system& sys) {
                            return spawn_miner_poller(sys, m, ctx);
                        }};
        caf::anon_send(supervisor, sw_superv_atom_v, std::move(spec));
    }
    miners = cfg.miners;
}

trace::settings trace_settings_of(const config::config& cfg) {
    const auto& a = cfg.actors;
    return trace::settings{trace::parse_mode(a.trace).value_or(trace::mode::off),
                           a.trace_sample,
                           config::resolve_path(cfg, a.trace_file),
                           a.trace_max_bytes,
                           a.trace_ring};
}

void services::reload(const config::config& cfg) {
    trace::configure(trace_settings_of(cfg));
    apply_miners(cfg);
    caf::anon_send(fleet, sw_reload_atom_v, fleet_settings_of(cfg));
    caf::anon_send(alerts, sw_reload_atom_v, alert_settings_of(cfg));
    if (history)
        caf::anon_send(history, sw_reload_atom_v, cfg.history);
}

void services::stop() {
    // The supervisor stops its children on sw_shutdown; the exits that follow are queued
    // behind it (same priority, same sender), so no poller outlives the services.
    if (supervisor)
        caf::anon_send(supervisor, sw_shutdown_atom_v);
    for (const auto& a : {system_monitor, supervisor, fleet, alerts, history, registry})
        if (a)
            caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    for (const auto& n : notifiers)
        caf::anon_send_exit(n, caf::exit_reason::user_shutdown);
}

services start_services(caf::actor_system& sys, const config::config& cfg, std::string version) {
    trace::configure(trace_settings_of(cfg));
    services s;
    s.stats = std::make_shared<server_stats>();
    s.stats->version = std::move(version);
    s.io = std::make_shared<miner_io>();
    s.registry = spawn_topic_registry(sys,
                                      registry_limits{cfg.websocket.max_batches_in_flight,
                                                      cfg.websocket.batch_retry_interval,
                                                      cfg.websocket.max_queue_messages});
    s.supervisor = spawn_supervisor(sys, cfg.websocket, cfg.actors);
    // The notifiers get an io_context of their own: a slow DNS lookup of a webhook host must
    // not hold up the miners' polls (Asio resolves on one thread per io_context).
    if (!cfg.notify.empty())
        s.notify_io = std::make_shared<miner_io>();
    for (const auto& n : cfg.notify)
        s.notifiers.push_back(spawn_notifier(sys, channel_of(n), s.notify_io));
    s.system_monitor = spawn_system_monitor(
        sys, system_monitor_context{s.registry, s.supervisor, cfg.system, s.stats});
    // The history stores every alert update: the alert engine sends it what it sends the
    // notifiers.
    auto alert_sinks = s.notifiers;
    if (!cfg.history.path.empty()) {
        s.history = spawn_history(sys,
                                  history_context{s.system_monitor,
                                                  cfg.history,
                                                  config::resolve_path(cfg, cfg.history.path)});
        alert_sinks.push_back(s.history);
    }
    s.alerts = spawn_alert_engine(sys, s.registry, alert_settings_of(cfg), alert_sinks);
    s.fleet = spawn_fleet(sys, s.registry, s.alerts, fleet_settings_of(cfg));
    if (s.history)
        caf::anon_send(s.history, sw_view_atom_v, s.fleet);
    s.apply_miners(cfg);
    return s;
}

} // namespace sw::actors
