#pragma once
// The network side of one solowatch process: an io_context with its threads, the listener,
// and the shutdown sequence (SIGINT/SIGTERM: stop accepting, close every client with 1001,
// wait for them up to server.shutdown_timeout, stop).

#include <memory>
#include <thread>
#include <vector>

#include "actors/services.hpp"
#include "net/beast.hpp"
#include "net/net_context.hpp"

namespace sw::net {

class listener;

class server {
public:
    /// `svc` must outlive the server; SIGHUP reloads its miners from the config file.
    server(caf::actor_system& sys, const config::config& cfg, actors::services& svc);
    ~server();

    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// Binds the configured address. On failure the error names the address.
    error_code listen();

    /// The bound address (port 0 in the config becomes the real port).
    [[nodiscard]] tcp::endpoint local_endpoint() const;

    /// Serves until a signal or request_stop(), then shuts down; returns when done.
    void run();

    /// Starts the shutdown sequence from any thread.
    void request_stop();

private:
    void begin_shutdown();
    void wait_reload();
    void wait_dump();
    void reload();
    void wait_drained(std::chrono::steady_clock::time_point deadline);

    net_context ctx_; // declared before ioc_: sessions refer to it until ioc_ is gone
    actors::services& services_;
    asio::io_context ioc_;
    std::shared_ptr<listener> listener_;
    asio::signal_set signals_;
    asio::signal_set reload_signal_;
    asio::signal_set dump_signal_;
    asio::steady_timer drain_timer_;
    bool shutting_down_ = false;
};

} // namespace sw::net
