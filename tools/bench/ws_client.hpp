#pragma once
// One WebSocket client connection of the load generator. The interface hides Beast so that
// only ws_client.cpp pays for its headers; the runner sees start/drain/close/abort and gets
// the outcomes through client_events.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "tools/bench/run_state.hpp"

namespace sw::bench {

// Settings common to every client, owned by the runner for the whole run.
struct client_setup {
    boost::asio::io_context& ioc;
    boost::asio::ip::tcp::endpoint server;
    std::string host_header;                             // "127.0.0.1:8080"
    std::string subscribe_frame;                         // the one request a subscriber sends
    std::chrono::steady_clock::duration connect_timeout; // TCP connect + opening handshake
    std::chrono::steady_clock::duration close_timeout;   // closing handshake
    int slow_rcvbuf = 0;                                 // SO_RCVBUF of slow clients, 0 = default
    bool subscribe_late = false; // subscribers wait for subscribe() instead of the handshake
};

// How a client tells the runner about its life. Never called from inside start(), drain(),
// close() or abort(), so the runner may call those while iterating its clients.
class client_events {
public:
    virtual ~client_events() = default;
    // The handshake succeeded (stats are already recorded).
    virtual void on_established(std::size_t index) = 0;
    // The client never got connected (stats are already recorded).
    virtual void on_failed(std::size_t index) = 0;
    // An established client has finished: closed by either side or failed.
    virtual void on_ended(std::size_t index) = 0;
};

class ws_client {
public:
    virtual ~ws_client() = default;
    // Opens the socket (bound to `source` when set), connects, handshakes, then plays its role.
    virtual void start() = 0;
    // With subscribe_late: sends the subscribe request now (subscribers and slow clients).
    virtual void subscribe() = 0;
    // Slow clients: read again, to learn whether and how the server ended the connection.
    virtual void drain() = 0;
    // Ends politely: a close handshake when connected, else cancels the connect.
    virtual void close() = 0;
    // Ends at once: closes the socket without a close handshake.
    virtual void abort() = 0;
};

std::shared_ptr<ws_client> make_ws_client(const client_setup& setup,
                                          client_role role,
                                          std::size_t index,
                                          std::optional<boost::asio::ip::address> source,
                                          run_state& state,
                                          client_events& events);

} // namespace sw::bench
