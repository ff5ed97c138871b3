// http_post: one POST per connection over plain TCP or TLS, with one deadline.

#include "actors/http_post.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>
#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace sw::actors {

namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

bool is_ip_literal(const std::string& host) {
    error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

bool has_control_chars(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

/// A header line break would let a value (a miner name in a title) inject headers.
std::string check_headers(const http_post_request& request) {
    for (const auto& [name, value] : request.headers) {
        const bool token = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
        });
        if (!token)
            return "bad header: name '" + name + "'";
        if (has_control_chars(value))
            return "bad header: " + name + " contains control characters";
    }
    if (has_control_chars(request.content_type))
        return "bad header: Content-Type contains control characters";
    return {};
}

std::string host_header(const url_parts& url) {
    std::string value = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    if (url.port != (url.tls ? 443 : 80))
        value += ":" + std::to_string(url.port);
    return value;
}

/// The start of an error body, on one line and cut at a UTF-8 character boundary.
std::string snippet(const std::string& body) {
    constexpr std::size_t max = 200;
    std::size_t cut = std::min(body.size(), max);
    while (cut > 0 && cut < body.size() && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80)
        --cut;
    std::string text = body.substr(0, cut);
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20)
            c = ' ';
    return cut < body.size() ? text + "..." : text;
}

ssl::context make_default_tls_context() {
    ssl::context ctx(ssl::context::tls_client);
    error_code ignored; // without a CA store every handshake fails with a clear verify error
    ctx.set_default_verify_paths(ignored);
    ctx.set_verify_mode(ssl::verify_peer);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    return ctx;
}

/// Built on first use, on the io thread: loading the CA bundle parses ~150 certificates.
ssl::context& default_tls_context() {
    static ssl::context ctx = make_default_tls_context();
    return ctx;
}

class post_op : public std::enable_shared_from_this<post_op> {
public:
    post_op(asio::io_context& io,
            ssl::context* tls,
            url_parts url,
            http_post_request request,
            std::chrono::milliseconds timeout,
            post_callback done)
        : strand_(asio::make_strand(io))
        , socket_(strand_)
        , resolver_(strand_)
        , timer_(strand_)
        , tls_ctx_(tls)
        , url_(std::move(url))
        , timeout_(timeout)
        , done_(std::move(done)) {
        request_.version(11);
        request_.method(http::verb::post);
        request_.target(url_.target);
        request_.set(http::field::user_agent, "solowatch");
        request_.set(http::field::accept, "*/*");
        if (!request.content_type.empty())
            request_.set(http::field::content_type, request.content_type);
        for (const auto& [name, value] : request.headers)
            request_.set(name, value); // may override the defaults above, not those below
        request_.set(http::field::host, host_header(url_));
        request_.set(http::field::connection, "close");
        request_.body() = std::move(request.body);
        request_.prepare_payload();
        parser_.body_limit(max_response_bytes);
    }

    void start() {
        asio::post(strand_, [self = shared_from_this()] { self->do_start(); });
    }

private:
    void do_start() {
        timer_.expires_after(timeout_);
        timer_.async_wait([self = shared_from_this()](error_code ec) { self->on_deadline(ec); });
        if (url_.tls && !setup_tls())
            return fail(std::string("TLS: cannot set up the session"), false);
        phase_ = "resolve";
        resolver_.async_resolve(
            url_.host,
            std::to_string(url_.port),
            tcp::resolver::numeric_service,
            [self = shared_from_this()](error_code ec, const tcp::resolver::results_type& r) {
                self->on_resolved(ec, r);
            });
    }

    bool setup_tls() {
        tls_.emplace(socket_, tls_ctx_ != nullptr ? *tls_ctx_ : default_tls_context());
        tls_->set_verify_mode(ssl::verify_peer);
        SSL* ssl = tls_->native_handle();
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        // SNI carries host names only (RFC 6066); an IP URL is checked against IP SANs.
        if (is_ip_literal(url_.host))
            return X509_VERIFY_PARAM_set1_ip_asc(param, url_.host.c_str()) == 1;
        return SSL_set_tlsext_host_name(ssl, url_.host.c_str()) == 1
               && X509_VERIFY_PARAM_set1_host(param, url_.host.c_str(), 0) == 1;
    }

    void on_resolved(error_code ec, const tcp::resolver::results_type& results) {
        if (ec)
            return fail(ec);
        phase_ = "connect";
        asio::async_connect(
            socket_, results, [self = shared_from_this()](error_code e, const tcp::endpoint&) {
                self->on_connect(e);
            });
    }

    void on_connect(error_code ec) {
        if (ec)
            return fail(ec);
        if (finished_) // the deadline fired while the connect completed
            return;
        if (!tls_)
            return do_write();
        phase_ = "TLS handshake";
        tls_->async_handshake(ssl::stream_base::client, [self = shared_from_this()](error_code e) {
            if (e)
                return self->fail(e);
            self->do_write();
        });
    }

    /// Runs `f` on the stream the request goes over: the TLS stream or the bare socket.
    template <class F>
    void with_stream(F&& f) {
        if (tls_)
            f(*tls_);
        else
            f(socket_);
    }

    void do_write() {
        if (finished_)
            return;
        phase_ = "write";
        with_stream([this](auto& stream) {
            http::async_write(
                stream, request_, [self = shared_from_this()](error_code ec, std::size_t) {
                    if (ec)
                        return self->fail(ec);
                    self->do_read();
                });
        });
    }

    void do_read() {
        phase_ = "read";
        with_stream([this](auto& stream) {
            http::async_read(
                stream, buffer_, parser_, [self = shared_from_this()](error_code ec, std::size_t) {
                    self->on_read(ec);
                });
        });
    }

    void on_read(error_code ec) {
        if (finished_)
            return;
        // Once the status line and headers are in, the status is the answer: a body cut by
        // the limit or by a TLS close without close_notify does not change it.
        if (ec && !parser_.is_header_done()) {
            if (ec == http::error::end_of_stream || ec == http::error::partial_message
                || ec == asio::error::eof || ec == ssl::error::stream_truncated)
                return fail(std::string("connection closed before a complete reply"));
            if (ec == http::error::header_limit)
                return fail(std::string("reply headers larger than 8192 bytes"));
            if (ec.category() == http::make_error_code(http::error::bad_version).category())
                return fail("not an HTTP reply: " + ec.message());
            return fail(ec);
        }
        if (!finish())
            return;
        const auto& message = parser_.get();
        post_result result;
        result.status = message.result_int();
        if (result.status < 200 || result.status >= 300) {
            std::string reason(message.reason());
            if (reason.empty())
                reason = std::string(http::obsolete_reason(message.result()));
            result.error = "HTTP " + std::to_string(result.status) + " " + reason;
            if (!message.body().empty())
                result.error += ": " + snippet(message.body());
            result.retryable = result.status >= 500 || result.status == 429;
        }
        done_(std::move(result));
    }

    void on_deadline(error_code ec) {
        if (ec == asio::error::operation_aborted || finished_)
            return;
        fail("timeout after " + std::to_string(timeout_.count()) + " ms (" + phase_ + ")");
    }

    std::string tls_error_text(error_code ec) {
        if (ec == ssl::error::stream_truncated || ec == asio::error::eof)
            return "TLS: the server closed the connection during the handshake";
        if (ec.category() != asio::error::get_ssl_category())
            return "TLS: " + ec.message();
        const auto code = static_cast<unsigned long>(ec.value());
        const char* reason = ERR_reason_error_string(code);
        std::string text = "TLS: " + std::string(reason != nullptr ? reason : "handshake failed");
        const long verify = SSL_get_verify_result(tls_->native_handle());
        if (verify != X509_V_OK)
            text += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
        if (ERR_GET_REASON(code) == SSL_R_WRONG_VERSION_NUMBER)
            text += " (does the server speak TLS on this port?)";
        return text;
    }

    void fail(error_code ec) {
        if (finished_)
            return; // the aborted handler of an operation that already ended
        if (ec == asio::error::connection_refused)
            return fail(std::string("connection refused"));
        const std::string_view phase(phase_);
        if (phase == "resolve")
            return fail("cannot resolve " + url_.host + ": " + ec.message());
        if (phase == "TLS handshake")
            return fail(tls_error_text(ec));
        fail(std::string(phase_) + " failed: " + ec.message());
    }

    void fail(std::string text, bool retryable = true) {
        if (!finish())
            return;
        post_result result;
        result.error = std::move(text);
        result.retryable = retryable;
        done_(std::move(result));
    }

    /// Marks the operation finished and releases the socket; false when it already was.
    bool finish() {
        if (finished_)
            return false;
        finished_ = true;
        error_code ignored;
        timer_.cancel();
        resolver_.cancel();
        // No TLS close_notify: the request is over, and waiting for the peer's would cost a
        // round trip (or the whole deadline) for nothing.
        socket_.shutdown(tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
        return true;
    }

    asio::strand<asio::io_context::executor_type> strand_;
    tcp::socket socket_;
    tcp::resolver resolver_;
    asio::steady_timer timer_;
    ssl::context* tls_ctx_;
    std::optional<ssl::stream<tcp::socket&>> tls_; // over socket_, declared after it
    url_parts url_;
    std::chrono::milliseconds timeout_;
    post_callback done_;
    http::request<http::string_body> request_;
    boost::beast::flat_buffer buffer_;
    http::response_parser<http::string_body> parser_;
    const char* phase_ = "resolve"; // names the phase in timeout and error texts
    bool finished_ = false;
};

void start_post(asio::io_context& io,
                ssl::context* tls,
                http_post_request request,
                std::chrono::milliseconds timeout,
                post_callback done) {
    auto url = parse_url(request.url);
    std::string refused = url ? check_headers(request) : "bad URL: " + url.error();
    if (!refused.empty()) {
        // Through the io_context all the same: `done` is never called from inside the call.
        asio::post(io, [done = std::move(done), text = std::move(refused)] {
            done(post_result{0, text, false});
        });
        return;
    }
    std::make_shared<post_op>(
        io, tls, std::move(*url), std::move(request), timeout, std::move(done))
        ->start();
}

} // namespace

tl::expected<url_parts, std::string> parse_url(std::string_view url) {
    if (std::any_of(url.begin(), url.end(), [](char c) {
            return c == ' ' || has_control_chars(std::string_view(&c, 1));
        }))
        return tl::make_unexpected(std::string("spaces or control characters"));
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos)
        return tl::make_unexpected(std::string("no scheme (http:// or https://)"));
    std::string scheme(url.substr(0, scheme_end));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    url_parts parts;
    if (scheme != "http" && scheme != "https")
        return tl::make_unexpected("scheme '" + scheme + "' is not http or https");
    parts.tls = scheme == "https";
    const auto rest = url.substr(scheme_end + 3);
    const auto authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.find('@') != std::string_view::npos)
        return tl::make_unexpected(
            std::string("credentials in the URL are not supported: use an Authorization header"));
    std::string_view host = authority;
    std::string_view port;
    bool has_port = false;
    if (authority.starts_with('[')) { // an IPv6 literal
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return tl::make_unexpected(std::string("unterminated IPv6 address"));
        host = authority.substr(1, close - 1);
        const auto after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':'))
            return tl::make_unexpected("bad port '" + std::string(after) + "'");
        has_port = !after.empty();
        port = has_port ? after.substr(1) : after;
    } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
        has_port = true;
    }
    if (host.empty())
        return tl::make_unexpected(std::string("no host"));
    parts.host = std::string(host);
    parts.port = parts.tls ? 443 : 80;
    if (has_port) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value == 0
            || value > 65535)
            return tl::make_unexpected("bad port '" + std::string(port) + "'");
        parts.port = static_cast<std::uint16_t>(value);
    }
    auto target = rest.substr(authority.size());
    target = target.substr(0, target.find('#'));
    parts.target = target.starts_with('/') ? std::string(target) : "/" + std::string(target);
    return parts;
}

void http_post(asio::io_context& io,
               http_post_request request,
               std::chrono::milliseconds timeout,
               post_callback done) {
    start_post(io, nullptr, std::move(request), timeout, std::move(done));
}

void http_post(asio::io_context& io,
               ssl::context& tls,
               http_post_request request,
               std::chrono::milliseconds timeout,
               post_callback done) {
    start_post(io, &tls, std::move(request), timeout, std::move(done));
}

} // namespace sw::actors
