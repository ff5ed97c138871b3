#include "tools/trace/http_source.hpp"

#include <limits>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace sw::trace_tool {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

// Runs one asynchronous step to completion: the stream's timer bounds it, which a
// synchronous call could not do.
template <class Start>
beast::error_code run_step(net::io_context& ioc, Start start) {
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
}

std::string why(const beast::error_code& ec) {
    return ec == beast::error::timeout ? std::string("no answer in time") : ec.message();
}

} // namespace

tl::expected<http_url, std::string> parse_http_url(std::string_view url) {
    const std::string given(url);
    constexpr std::string_view scheme = "http://";
    if (url.substr(0, 8) == "https://")
        return tl::make_unexpected("--url " + given + ": https is not supported, use http://");
    if (url.substr(0, scheme.size()) != scheme)
        return tl::make_unexpected("--url " + given + ": expected http://host:port");
    url.remove_prefix(scheme.size());
    if (!url.empty() && url.back() == '/')
        url.remove_suffix(1);
    if (url.find('/') != std::string_view::npos)
        return tl::make_unexpected(
            "--url " + given + ": give the server's address only, e.g. http://127.0.0.1:8080");
    http_url out;
    std::string_view port;
    if (!url.empty() && url.front() == '[') { // [::1]:8080
        auto close = url.find(']');
        if (close == std::string_view::npos)
            return tl::make_unexpected("--url " + given + ": unclosed [");
        out.host = std::string(url.substr(1, close - 1));
        url.remove_prefix(close + 1);
        if (!url.empty() && url.front() != ':')
            return tl::make_unexpected("--url " + given + ": expected :port after ]");
        port = url.empty() ? std::string_view() : url.substr(1);
    } else {
        auto colon = url.find(':');
        out.host = std::string(url.substr(0, colon));
        port = colon == std::string_view::npos ? std::string_view() : url.substr(colon + 1);
    }
    out.port = port.empty() ? "80" : std::string(port);
    const bool digits = out.port.find_first_not_of("0123456789") == std::string::npos;
    if (out.host.empty() || !digits || out.port.size() > 5 || std::stoi(out.port) > 65535
        || std::stoi(out.port) == 0)
        return tl::make_unexpected("--url " + given + ": expected http://host:port");
    const bool v6 = out.host.find(':') != std::string::npos;
    out.text = "http://" + (v6 ? "[" + out.host + "]" : out.host) + ":" + out.port;
    return out;
}

tl::expected<std::string, std::string>
http_get(const http_url& url, const std::string& target, std::chrono::milliseconds timeout) {
    net::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto endpoints = resolver.resolve(url.host, url.port, ec);
    if (ec)
        return tl::make_unexpected("cannot resolve " + url.host + ": " + ec.message());

    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    ec = run_step(ioc, [&](auto done) { stream.async_connect(endpoints, done); });
    if (ec)
        return tl::make_unexpected("cannot reach solowatch at " + url.text + ": " + why(ec));

    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, url.host);
    request.set(http::field::user_agent, "solowatch-trace");
    request.set(http::field::connection, "close");
    stream.expires_after(timeout);
    ec = run_step(ioc, [&](auto done) { http::async_write(stream, request, done); });
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max()); // the ring can be large
    if (!ec) {
        stream.expires_after(timeout);
        ec = run_step(ioc, [&](auto done) { http::async_read(stream, buffer, parser, done); });
    }
    if (ec)
        return tl::make_unexpected("GET " + target + " from " + url.text + ": " + why(ec));
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);

    auto& response = parser.get();
    if (response.result() != http::status::ok) {
        std::string body = response.body().substr(0, 200);
        return tl::make_unexpected("GET " + target + " from " + url.text + " answered "
                                   + std::to_string(response.result_int()) + " "
                                   + std::string(response.reason())
                                   + (body.empty() ? "" : ": " + body));
    }
    return std::move(response.body());
}

tl::expected<trace, std::string>
read_trace_url(const http_url& url, const std::string& target, on_malformed policy) {
    auto body = http_get(url, target);
    if (!body)
        return tl::make_unexpected(body.error());
    return read_trace_text(*body, url.text + target, policy);
}

} // namespace sw::trace_tool
