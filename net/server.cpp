#include "net/server.hpp"

#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "actors/messages.hpp"
#include "actors/send.hpp"
#include "actors/trace.hpp"
#include "net/listener.hpp"

namespace sw::net {

server::server(caf::actor_system& sys, const config::config& cfg, actors::services& svc)
    : ctx_{sys,
           cfg,
           svc.client_ctx(cfg),
           svc.fleet,
           svc.stats,
           svc.alerts,
           svc.notifiers,
           svc.history}
    , services_(svc)
    , ioc_(static_cast<int>(cfg.server.io_threads))
    , listener_(std::make_shared<listener>(ioc_, ctx_))
    , signals_(ioc_, SIGINT, SIGTERM)
    , reload_signal_(ioc_, SIGHUP)
    , dump_signal_(ioc_, SIGUSR1)
    , drain_timer_(ioc_) {}

server::~server() = default;

error_code server::listen() {
    error_code ec;
    auto address = asio::ip::make_address(ctx_.cfg.server.listen_host, ec);
    if (ec) {
        // A host name: resolve it once at start.
        tcp::resolver resolver(ioc_);
        auto results = resolver.resolve(
            ctx_.cfg.server.listen_host, std::to_string(ctx_.cfg.server.listen_port), ec);
        if (ec || results.empty())
            return ec ? ec : asio::error::host_not_found;
        return listener_->open(results.begin()->endpoint());
    }
    return listener_->open(tcp::endpoint(address, ctx_.cfg.server.listen_port));
}

tcp::endpoint server::local_endpoint() const {
    return listener_->local_endpoint();
}

void server::run() {
    signals_.async_wait([this](error_code ec, int signo) {
        if (ec)
            return;
        spdlog::info("received signal {}, shutting down", signo);
        begin_shutdown();
    });
    wait_reload();
    wait_dump();
    listener_->run();
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < ctx_.cfg.server.io_threads; ++i)
        threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads)
        t.join();
}

void server::wait_reload() {
    reload_signal_.async_wait([this](error_code ec, int) {
        if (ec)
            return;
        reload();
        wait_reload();
    });
}

void server::wait_dump() {
    // SIGUSR1: the trace ring to "<trace_file>.dump" (docs/TRACE.md), whatever the mode.
    dump_signal_.async_wait([this](error_code ec, int) {
        if (ec)
            return;
        actors::trace::dump("dump:sigusr1");
        wait_dump();
    });
}

void server::reload() {
    // SIGHUP: re-read the file with the same checks as at start. A bad file changes nothing.
    if (ctx_.cfg.source_path.empty()) {
        spdlog::warn("SIGHUP: no config file to reload (started with built-in defaults)");
        return;
    }
    auto loaded = config::load_config_file(ctx_.cfg.source_path);
    if (!loaded) {
        for (const auto& e : loaded.error())
            spdlog::error("{}", e.to_string());
        spdlog::error("SIGHUP: {} refused; the running configuration stays", ctx_.cfg.source_path);
        return;
    }
    services_.reload(*loaded);
    // What changes at run time: the miners, the alert rules, the metrics cadence, the
    // network difficulty and the trace. The rest needs a restart.
    auto next = *loaded;
    ctx_.cfg.miners = loaded->miners;
    ctx_.cfg.alerts = loaded->alerts;
    ctx_.cfg.metrics = loaded->metrics;
    ctx_.cfg.network = loaded->network;
    const auto restart_only = ctx_.cfg.actors;
    ctx_.cfg.actors = loaded->actors; // the trace keys apply now (services_.reload)
    ctx_.cfg.actors.scheduler_threads = restart_only.scheduler_threads;
    ctx_.cfg.actors.scheduler = restart_only.scheduler;
    ctx_.cfg.actors.restart_backoff_initial = restart_only.restart_backoff_initial;
    ctx_.cfg.actors.restart_backoff_max = restart_only.restart_backoff_max;
    next.source_path = ctx_.cfg.source_path;
    if (!(next == ctx_.cfg))
        spdlog::warn("SIGHUP: [server], [websocket], [actors], [system], [fleet], [log] and "
                     "[[notify]] change only on restart");
    spdlog::info("SIGHUP: configuration reloaded ({} miners)", loaded->miners.size());
}

void server::request_stop() {
    asio::post(ioc_, [this] { begin_shutdown(); });
}

void server::begin_shutdown() {
    if (shutting_down_)
        return;
    shutting_down_ = true;
    error_code ignored;
    signals_.cancel(ignored);       // NOLINT(bugprone-unused-return-value)
    reload_signal_.cancel(ignored); // NOLINT(bugprone-unused-return-value)
    dump_signal_.cancel(ignored);   // NOLINT(bugprone-unused-return-value)
    listener_->stop();
    actors::tell_from_outside(services_.supervisor, actors::sw_shutdown_atom_v);
    wait_drained(std::chrono::steady_clock::now() + ctx_.cfg.server.shutdown_timeout);
}

void server::wait_drained(std::chrono::steady_clock::time_point deadline) {
    auto active = ctx_.stats->active_connections.load();
    if (active == 0 || std::chrono::steady_clock::now() >= deadline) {
        if (active > 0)
            spdlog::warn("shutdown: {} connections did not close in time; dropping them", active);
        ioc_.stop(); // remaining sessions are destroyed with the io_context
        return;
    }
    // Checking a counter every 10 ms for at most shutdown_timeout: cheaper and simpler than
    // a completion callback from every session.
    drain_timer_.expires_after(std::chrono::milliseconds(10));
    drain_timer_.async_wait([this, deadline](error_code ec) {
        if (!ec)
            wait_drained(deadline);
    });
}

} // namespace sw::net
