#pragma once
// The two network primitives the miner drivers speak: one HTTP GET (AxeOS) and one cgminer API
// command (TCP 4028). Each is one connection with one deadline covering resolve, connect, write
// and read, and a bound on the reply size, so a hung or hostile miner costs at most `timeout`
// and `max_bytes` of memory.
//
// Both complete by calling `done` exactly once, from a handler of `io` (never inline from the
// call), on a strand of their own: they are safe on an io_context run by several threads.
// The host is resolved on every call (LAN IPs change; hostnames are allowed).
//
// Error texts (what ends up in the snapshot's last_error):
//   "timeout after 3000 ms (resolve|connect|write|read)"   the deadline passed in that phase
//   "connection refused"                                    nothing listens on the port
//   "cannot resolve <host>: <reason>"                       name lookup failed
//   "reply larger than 1048576 bytes"                       max_bytes exceeded
//   "connection closed before a complete reply"             HTTP only: EOF mid-message
//   "not an HTTP reply: <reason>"                           HTTP only: unparsable bytes
//   "<phase> failed: <reason>"                              any other socket error
// A complete HTTP reply is a success whatever its status: the caller decides what 401 or 404
// means (http_status_text() gives "HTTP 401 Unauthorized").

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace sw::miners {

/// Default bound on one reply: an AxeOS info body is ~3 KiB, a joined cgminer reply ~20 KiB.
inline constexpr std::size_t default_max_reply_bytes = std::size_t{1} << 20;

struct http_reply {
    unsigned status = 0; ///< 200, 401, 404, ...
    std::string reason;  ///< as sent by the server, or the standard phrase when it sent none
    std::string body;
};

/// "HTTP 401 Unauthorized": the status line as an error text.
std::string http_status_text(const http_reply& reply);

using http_callback = std::function<void(tl::expected<http_reply, std::string>)>;
using cgminer_callback = std::function<void(tl::expected<std::string, std::string>)>;

/// GET `target` over HTTP/1.1 with `Host`, `User-Agent: solowatch` and `Connection: close`.
/// Never sends an `Origin` header: AxeOS v2.6+ answers 401 to a foreign Origin.
/// The body is bounded by `max_bytes` (headers by Beast's 8 KiB default).
void async_http_get(boost::asio::io_context& io,
                    std::string host,
                    std::uint16_t port,
                    std::string target,
                    std::chrono::milliseconds timeout,
                    std::size_t max_bytes,
                    http_callback done);

/// Sends `{"command":"<command>","parameter":""}` and returns every byte read until the miner
/// closes the socket (the trailing NUL included: the parser strips it). `command` may be a
/// joined one ("summary+pools+stats"). One connection per command: cgminer closes after each.
void async_cgminer_command(boost::asio::io_context& io,
                           std::string host,
                           std::uint16_t port,
                           std::string command,
                           std::chrono::milliseconds timeout,
                           std::size_t max_bytes,
                           cgminer_callback done);

} // namespace sw::miners
