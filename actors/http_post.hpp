#pragma once
// One HTTP/1.1 POST over http:// or https://, for the notification channels. One connection
// per request (`Connection: close`) and ONE deadline covering resolve, connect, TLS handshake,
// write and read, so a hung webhook costs at most `timeout`. The response body is read up to
// max_response_bytes (only its first bytes matter, for the error text).
//
// https: OpenSSL through boost/asio/ssl, TLS 1.2 or newer, the peer verified against the
// system CA store (set_default_verify_paths: Debian's ca-certificates), SNI for host names,
// and the certificate checked against the URL's host (name or IP address).
//
// `done` is called exactly once, from a handler of `io` (never inline from the call), on a
// strand of the operation's own. The call itself never blocks: it allocates and posts.
//
// Error texts (post_result::error):
//   "bad URL: <why>"                                    parse_url refused it (never retried)
//   "bad header: <why>"                                 a header name or value with CR/LF
//   "timeout after 5000 ms (resolve|connect|TLS handshake|write|read)"
//   "connection refused"                                nothing listens on the port
//   "cannot resolve <host>: <reason>"                   name lookup failed
//   "TLS: certificate verify failed (self-signed certificate)"   and other OpenSSL reasons;
//   "TLS: wrong version number (does the server speak TLS on this port?)"
//   "connection closed before a complete reply"
//   "not an HTTP reply: <reason>"
//   "HTTP 500 Internal Server Error: <first 200 bytes of the body>"   any non-2xx status
//   "<phase> failed: <reason>"                          any other socket error

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace boost::asio {
class io_context;

namespace ssl {
class context;
} // namespace ssl
} // namespace boost::asio

namespace sw::actors {

/// What to POST. Built by format_request() (notify_format.hpp).
struct http_post_request {
    std::string url; ///< http://host[:port]/path?query or https://...
    /// Extra headers, sent as given. Host, Content-Length and Connection are always ours.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string content_type; ///< empty: no Content-Type header
};

struct post_result {
    unsigned status = 0; ///< the HTTP status when a reply arrived, 0 when none did
    std::string error;   ///< empty on success (a 2xx); the texts above otherwise
    /// Worth trying again later: network errors, timeouts, TLS failures, 5xx and 429.
    /// Not: other 4xx (the request itself is wrong) and bad URLs or headers.
    bool retryable = false;

    [[nodiscard]] bool ok() const noexcept { return error.empty(); }
};

/// Bound on the response read: webhook replies are small; a larger body is cut, not an error.
inline constexpr std::size_t max_response_bytes = std::size_t{64} << 10;

/// The parts of an http(s) URL that a request needs.
struct url_parts {
    bool tls = false;     ///< https
    std::string host;     ///< a name or an IP address, without IPv6 brackets
    std::uint16_t port{}; ///< explicit, or 80 / 443
    std::string target;   ///< path and query, "/" when empty; the fragment is dropped
};

/// Splits `url`; the error says why it was refused: "no scheme (http:// or https://)",
/// "scheme 'ftp' is not http or https", "no host", "bad port '99999'", "credentials in the
/// URL are not supported: use an Authorization header", "spaces or control characters".
tl::expected<url_parts, std::string> parse_url(std::string_view url);

using post_callback = std::function<void(post_result)>;

/// POSTs `request`; https URLs use a process-wide client context with the system CA store.
void http_post(boost::asio::io_context& io,
               http_post_request request,
               std::chrono::milliseconds timeout,
               post_callback done);

/// The same with a caller's TLS client context (tests: a private CA). `tls` must outlive the
/// operation; its CA store is used, and peer and host name verification stay on.
void http_post(boost::asio::io_context& io,
               boost::asio::ssl::context& tls,
               http_post_request request,
               std::chrono::milliseconds timeout,
               post_callback done);

} // namespace sw::actors
