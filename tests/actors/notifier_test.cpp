// The notifier actor and http_post against a real HTTP(S) receiver on 127.0.0.1: delivery,
// retries with backoff, timeouts, the bounded queue, 4xx, the test message, and TLS
// verification (the receiver's certificates are self-signed test certificates valid to 2126).
#include "actors/notifier.hpp"

#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "actors/messages.hpp"

#include "support/wait.hpp"

using namespace sw::actors;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using clock_type = std::chrono::steady_clock;

constexpr const char* test_key = R"(-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIP9/xyZYShsbi8RROeqLBblzr9nqFSXv6ITnCMeVQK2OoAoGCCqGSM49
AwEHoUQDQgAEVXM0lG5Gw9CNtcXVt0SH0eH5dKRDLGTCVutFvDkUklfBMtMjCnXh
l2JPHl8uMyJ5Pi51hvhufOeoN1YMiIJvbQ==
-----END EC PRIVATE KEY-----
)";

/// Self-signed, subjectAltName IP:127.0.0.1.
constexpr const char* cert_for_ip = R"(-----BEGIN CERTIFICATE-----
MIIBqjCCAVGgAwIBAgIUAzEctUeZxHBdLBYGDdXj6epns7wwCgYIKoZIzj0EAwIw
IzEhMB8GA1UEAwwYc29sb3dhdGNoIHRlc3QgMTI3LjAuMC4xMCAXDTI2MTEyNjEw
NTQ0N1oYDzIxMjYxMTAyMTA1NDQ3WjAjMSEwHwYDVQQDDBhzb2xvd2F0Y2ggdGVz
dCAxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARVczSUbkbD0I21
xdW3RIfR4fl0pEMsZMJW60W8ORSSV8Ey0yMKdeGXYk8eXy4zInk+LnWG+G5856g3
VgyIgm9to2EwXzAdBgNVHQ4EFgQULEGBSIMiJnSzcPHU14VqtBOpQJ0wHwYDVR0j
BBgwFoAULEGBSIMiJnSzcPHU14VqtBOpQJ0wDwYDVR0RBAgwBocEfwAAATAMBgNV
HRMBAf8EAjAAMAoGCCqGSM49BAMCA0cAMEQCIBzLSBJileBDjcKTggD9d7aw7YWK
F8pUobHdcSEAdQ2qAiAb45/J746wfNfjvpr7XamtP0+JnOndniDwsY7nKrafIQ==
-----END CERTIFICATE-----
)";

/// Self-signed, subjectAltName DNS:other.test (the same key).
constexpr const char* cert_for_other = R"(-----BEGIN CERTIFICATE-----
MIIBtDCCAVmgAwIBAgIUV5yyNvo1B2yy6hkZMTFnYktPJlEwCgYIKoZIzj0EAwIw
JDEiMCAGA1UEAwwZc29sb3dhdGNoIHRlc3Qgb3RoZXIudGVzdDAgFw0yNjExMjYx
MDU0NDdaGA8yMTI2MTEwMjEwNTQ0N1owJDEiMCAGA1UEAwwZc29sb3dhdGNoIHRl
c3Qgb3RoZXIudGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABFVzNJRuRsPQ
jbXF1bdEh9Hh+XSkQyxkwlbrRbw5FJJXwTLTIwp14ZdiTx5fLjMieT4udYb4bnzn
qDdWDIiCb22jZzBlMB0GA1UdDgQWBBQsQYFIgyImdLNw8dTXhWq0E6lAnTAfBgNV
HSMEGDAWgBQsQYFIgyImdLNw8dTXhWq0E6lAnTAVBgNVHREEDjAMggpvdGhlci50
ZXN0MAwGA1UdEwEB/wQCMAAwCgYIKoZIzj0EAwIDSQAwRgIhAJFbvxzR2meXf4+y
jEyiySunCN3DyY5OwFshG6ShbjHAAiEAgJgHQ5X1T1cVnbOtF74zIjxIX3hZYi8Q
O5P+1gT7isg=
-----END CERTIFICATE-----
)";

/// What the receiver answers to one request; status 0: nothing, ever (the socket stays open).
struct answer {
    unsigned status = 200;
    std::string body = R"({"ok":true})";
};

/// An HTTP (or, with a certificate, HTTPS) server on 127.0.0.1, port 0, on its own thread.
/// Records every request and its arrival time; asks the test's handler (by request index)
/// what to answer. A request that is not HTTP (a TLS ClientHello) gets a 400, as from nginx.
class receiver {
public:
    using handler = std::function<answer(std::size_t index)>;

    explicit receiver(handler on_request, const char* cert = nullptr)
        : on_request_(std::move(on_request))
        , acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        if (cert != nullptr) {
            tls_.emplace(ssl::context::tls_server);
            tls_->use_certificate_chain(asio::buffer(std::string_view(cert)));
            tls_->use_private_key(asio::buffer(std::string_view(test_key)), ssl::context::pem);
        }
        do_accept();
        thread_ = std::thread([this] { io_.run(); });
    }

    ~receiver() {
        io_.stop();
        thread_.join();
    }

    receiver(const receiver&) = delete;
    receiver& operator=(const receiver&) = delete;

    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

    std::string url(const std::string& scheme = "http") const {
        return scheme + "://127.0.0.1:" + std::to_string(port()) + "/hook";
    }

    std::vector<http::request<http::string_body>> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

    std::vector<clock_type::time_point> times() const {
        std::lock_guard lock(mutex_);
        return times_;
    }

    std::size_t count() const {
        std::lock_guard lock(mutex_);
        return requests_.size();
    }

private:
    template <class Stream>
    class session;

    void do_accept();

    answer record(const http::request<http::string_body>& request) {
        std::size_t index = 0;
        {
            std::lock_guard lock(mutex_);
            index = requests_.size();
            requests_.push_back(request);
            times_.push_back(clock_type::now());
        }
        return on_request_(index);
    }

    handler on_request_;
    asio::io_context io_;
    std::optional<ssl::context> tls_;
    tcp::acceptor acceptor_;
    std::vector<std::shared_ptr<void>> hung_; // io thread only
    mutable std::mutex mutex_;
    std::vector<http::request<http::string_body>> requests_;
    std::vector<clock_type::time_point> times_;
    std::thread thread_;
};

template <class Stream>
class receiver::session : public std::enable_shared_from_this<session<Stream>> {
public:
    session(receiver& owner, Stream stream) : owner_(owner), stream_(std::move(stream)) {}

    void start() {
        if constexpr (std::is_same_v<Stream, tcp::socket>) {
            read();
        } else {
            stream_.async_handshake(ssl::stream_base::server,
                                    [self = this->shared_from_this()](error_code ec) {
                                        if (!ec)
                                            self->read();
                                    });
        }
    }

private:
    void read() {
        http::async_read(
            stream_,
            buffer_,
            request_,
            [self = this->shared_from_this()](error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(error_code ec) {
        if (ec == http::error::end_of_stream || ec == asio::error::eof)
            return;
        const answer a = ec ? answer{400, "not HTTP"} : owner_.record(request_);
        if (a.status == 0) {
            owner_.hung_.push_back(this->shared_from_this());
            return;
        }
        response_.version(11);
        response_.result(a.status);
        response_.set(http::field::content_type, "application/json");
        response_.body() = a.body;
        response_.keep_alive(false);
        response_.prepare_payload();
        // The socket closes when the last handler lets go of the session.
        http::async_write(
            stream_, response_, [self = this->shared_from_this()](error_code, std::size_t) {});
    }

    receiver& owner_;
    Stream stream_;
    boost::beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
    http::response<http::string_body> response_;
};

void receiver::do_accept() {
    acceptor_.async_accept([this](error_code ec, tcp::socket socket) {
        if (ec)
            return;
        if (tls_)
            std::make_shared<session<ssl::stream<tcp::socket>>>(
                *this, ssl::stream<tcp::socket>(std::move(socket), *tls_))
                ->start();
        else
            std::make_shared<session<tcp::socket>>(*this, std::move(socket))->start();
        do_accept();
    });
}

notification alert(std::string title = "gamma-1: ASIC temperature critical",
                   std::string severity = "critical") {
    notification n;
    n.rule = "asic_temp";
    n.severity = std::move(severity);
    n.state = "raised";
    n.title = title;
    n.message = "gamma-1 ASIC temperature 76.2 C >= 75 C";
    n.alert = {{"rule", n.rule}, {"severity", n.severity}, {"title", std::move(title)}};
    return n;
}

/// A webhook to `r` with test-sized timeout and backoff.
notify_channel webhook_to(const receiver& r, std::chrono::milliseconds timeout = 2000ms) {
    notify_channel c;
    c.name = "test-hook";
    c.kind = "webhook";
    c.url = r.url();
    c.timeout = timeout;
    c.retry_backoff = 10ms;
    return c;
}

struct notifier_fixture {
    caf::actor_system_config cfg;
    std::unique_ptr<caf::actor_system> sys;
    std::shared_ptr<miner_io> io = std::make_shared<miner_io>();
    caf::actor notifier;

    notifier_fixture() {
        cfg.set("scheduler.max-threads", 2);
        sys = std::make_unique<caf::actor_system>(cfg);
    }

    ~notifier_fixture() {
        if (notifier)
            caf::anon_send_exit(notifier, caf::exit_reason::kill);
        sys->await_all_actors_done();
        io->stop(); // POSTs in flight hold actor handles: gone before the actor system
        io.reset();
    }

    void start(notify_channel channel) { notifier = spawn_notifier(*sys, std::move(channel), io); }

    void notify(notification n) { caf::anon_send(notifier, sw_notify_atom_v, std::move(n)); }

    template <class Atom>
    json ask(Atom atom) {
        caf::scoped_actor self{*sys};
        json out;
        self->request(notifier, caf::infinite, atom)
            .receive([&](json& answer) { out = std::move(answer); },
                     [&](caf::error& err) { FAIL(sys->render(err)); });
        return out;
    }

    json stats() { return ask(sw_stats_atom_v); }

    /// Waits until the counter reaches `value` (never a fixed sleep).
    bool counted(const char* counter, std::uint64_t value) {
        return sw::test::wait_until([&] { return stats()[counter] == value; });
    }
};

/// Runs one http_post on `io` and waits for its result.
post_result post_and_wait(miner_io& io, http_post_request request, ssl::context* tls = nullptr) {
    auto promise = std::make_shared<std::promise<post_result>>();
    auto result = promise->get_future();
    auto done = [promise](post_result r) {
        promise->set_value(std::move(r));
    };
    if (tls != nullptr)
        http_post(io.context(), *tls, std::move(request), 5000ms, done);
    else
        http_post(io.context(), std::move(request), 5000ms, done);
    REQUIRE(result.wait_for(10s) == std::future_status::ready);
    return result.get();
}

ssl::context trusting(const char* cert) {
    ssl::context ctx(ssl::context::tls_client);
    ctx.add_certificate_authority(asio::buffer(std::string_view(cert)));
    return ctx;
}

} // namespace

TEST_CASE_METHOD(notifier_fixture,
                 "a wanted notification is posted once and an unwanted one not at all",
                 "[notifier]") {
    receiver r([](std::size_t) { return answer{}; });
    start(webhook_to(r)); // min_severity warning
    notify(alert("only info", "info"));
    notify(alert());
    REQUIRE(counted("sent", 1));
    const auto requests = r.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method() == http::verb::post);
    CHECK(requests[0].target() == "/hook");
    CHECK(requests[0][http::field::content_type] == "application/json");
    CHECK(json::parse(requests[0].body())["title"] == "gamma-1: ASIC temperature critical");
    const auto s = stats();
    CHECK(s["failed"] == 0);
    CHECK(s["retried"] == 0);
    CHECK(s["queued"] == 0);
    CHECK(s["last_error"].is_null());
}

TEST_CASE_METHOD(notifier_fixture,
                 "a 500 is retried after a doubling backoff and then delivered",
                 "[notifier]") {
    receiver r([](std::size_t i) { return i < 2 ? answer{500, "boom"} : answer{}; });
    auto channel = webhook_to(r);
    channel.retry_backoff = 40ms;
    start(channel);
    notify(alert());
    REQUIRE(counted("sent", 1));
    const auto times = r.times();
    REQUIRE(times.size() == 3);
    CHECK(times[1] - times[0] >= 40ms);
    CHECK(times[2] - times[1] >= 80ms);
    const auto s = stats();
    CHECK(s["retried"] == 2);
    CHECK(s["failed"] == 0);
}

TEST_CASE_METHOD(notifier_fixture, "a 429 is retried", "[notifier]") {
    receiver r([](std::size_t i) { return i == 0 ? answer{429, "slow down"} : answer{}; });
    start(webhook_to(r));
    notify(alert());
    REQUIRE(counted("sent", 1));
    CHECK(r.count() == 2);
    CHECK(stats()["retried"] == 1);
}

TEST_CASE_METHOD(notifier_fixture,
                 "a receiver that never answers times out and the notification is dropped after "
                 "its retries",
                 "[notifier]") {
    receiver r([](std::size_t) { return answer{0}; });
    auto channel = webhook_to(r, 100ms);
    channel.retries = 2;
    start(channel);
    notify(alert());
    REQUIRE(counted("failed", 1));
    CHECK(r.count() == 3);
    const auto s = stats();
    CHECK(s["retried"] == 2);
    CHECK(s["sent"] == 0);
    CHECK(s["last_error"] == "timeout after 100 ms (read)");
}

TEST_CASE_METHOD(notifier_fixture,
                 "a 4xx is not retried and the queue moves on to the next notification",
                 "[notifier]") {
    receiver r([](std::size_t i) {
        return i == 0 ? answer{400, R"({"ok":false,"description":"Bad Request: chat not found"})"}
                      : answer{};
    });
    start(webhook_to(r));
    notify(alert("first"));
    notify(alert("second"));
    REQUIRE(counted("sent", 1));
    CHECK(r.count() == 2);
    const auto s = stats();
    CHECK(s["failed"] == 1);
    CHECK(s["retried"] == 0);
    CHECK(json::parse(r.requests()[1].body())["title"] == "second");
}

TEST_CASE_METHOD(notifier_fixture,
                 "a full queue drops and counts the notifications that do not fit",
                 "[notifier]") {
    // The first request hangs until its timeout, so the others pile up behind it.
    receiver r([](std::size_t i) { return i == 0 ? answer{0} : answer{}; });
    auto channel = webhook_to(r, 1000ms);
    channel.retries = 0;
    channel.queue_size = 2;
    start(channel);
    for (int i = 0; i < 5; ++i)
        notify(alert("n" + std::to_string(i)));
    auto s = stats(); // answered after the five: one mailbox, in order
    CHECK(s["dropped"] == 2);
    CHECK(s["queued"] == 3);
    REQUIRE(counted("sent", 2));
    s = stats();
    CHECK(s["failed"] == 1);
    CHECK(s["queued"] == 0);
    const auto requests = r.requests();
    REQUIRE(requests.size() == 3);
    CHECK(json::parse(requests[1].body())["title"] == "n1");
    CHECK(json::parse(requests[2].body())["title"] == "n2");
}

TEST_CASE_METHOD(notifier_fixture, "a bad URL fails at once and is not retried", "[notifier]") {
    notify_channel channel;
    channel.name = "broken";
    channel.kind = "webhook";
    channel.url = "ftp://127.0.0.1/hook";
    start(channel);
    notify(alert());
    REQUIRE(counted("failed", 1));
    const auto s = stats();
    CHECK(s["retried"] == 0);
    CHECK(s["last_error"] == "bad URL: scheme 'ftp' is not http or https");
}

TEST_CASE_METHOD(notifier_fixture,
                 "the test message ignores the filters and replies with the result",
                 "[notifier]") {
    receiver r([](std::size_t) { return answer{}; });
    auto channel = webhook_to(r);
    channel.min_severity = "critical";
    channel.rules = {"offline"};
    start(channel);
    const auto reply = ask(sw_ntest_atom_v);
    CHECK(reply["ok"] == true);
    CHECK(reply["status"] == 200);
    CHECK(reply["error"].is_null());
    CHECK(reply["channel"] == "test-hook");
    REQUIRE(r.count() == 1);
    CHECK(json::parse(r.requests()[0].body())["test"] == true);
    CHECK(stats()["sent"] == 0); // a test is not a delivery
}

TEST_CASE_METHOD(notifier_fixture,
                 "an https URL to a plain HTTP port fails with a TLS error",
                 "[notifier]") {
    receiver r([](std::size_t) { return answer{}; });
    auto channel = webhook_to(r);
    channel.url = r.url("https");
    start(channel);
    const auto reply = ask(sw_ntest_atom_v);
    CAPTURE(reply.dump());
    CHECK(reply["ok"] == false);
    CHECK(reply["status"].is_null());
    const auto error = reply["error"].get<std::string>();
    CHECK(error.starts_with("TLS: "));
    CHECK(error.find("wrong version number") != std::string::npos);
}

TEST_CASE("https verifies the server certificate against the CA store", "[http_post]") {
    miner_io io;
    receiver r([](std::size_t) { return answer{}; }, cert_for_ip);
    const auto result = post_and_wait(io, {r.url("https"), {}, "{}", "application/json"});
    CAPTURE(result.error);
    CHECK(result.status == 0);
    CHECK(result.error.starts_with("TLS: certificate verify failed ("));
    CHECK(result.error.find("self") != std::string::npos); // self-signed, in either spelling
    CHECK(r.count() == 0);
}

TEST_CASE("https to a trusted certificate for the host posts the request", "[http_post]") {
    miner_io io;
    receiver r([](std::size_t) { return answer{201, ""}; }, cert_for_ip);
    auto tls = trusting(cert_for_ip);
    const auto result =
        post_and_wait(io, {r.url("https"), {{"X-Key", "k"}}, "hello", "text/plain"}, &tls);
    CAPTURE(result.error);
    CHECK(result.ok());
    CHECK(result.status == 201);
    REQUIRE(r.count() == 1);
    const auto request = r.requests()[0];
    CHECK(request.body() == "hello");
    CHECK(request["X-Key"] == "k");
    CHECK(request[http::field::host] == "127.0.0.1:" + std::to_string(r.port()));
}

TEST_CASE("https refuses a trusted certificate issued for another host", "[http_post]") {
    miner_io io;
    receiver r([](std::size_t) { return answer{}; }, cert_for_other);
    auto tls = trusting(cert_for_other);
    const auto result = post_and_wait(io, {r.url("https"), {}, "{}", "application/json"}, &tls);
    CAPTURE(result.error);
    CHECK(result.error.starts_with("TLS: certificate verify failed ("));
    CHECK(result.error.find("mismatch") != std::string::npos);
    CHECK(r.count() == 0);
}

TEST_CASE("a refused connection is reported and worth retrying", "[http_post]") {
    miner_io io;
    std::uint16_t port = 0;
    {
        asio::io_context tmp;
        tcp::acceptor a(tmp, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        port = a.local_endpoint().port();
    }
    const auto result =
        post_and_wait(io, {"http://127.0.0.1:" + std::to_string(port) + "/", {}, "", ""});
    CHECK(result.error == "connection refused");
    CHECK(result.retryable);
}

TEST_CASE("a header with a line break is refused before anything is sent", "[http_post]") {
    miner_io io;
    receiver r([](std::size_t) { return answer{}; });
    const auto result = post_and_wait(io, {r.url(), {{"X-A", "1\r\nX-B: 2"}}, "", ""});
    CHECK(result.error == "bad header: X-A contains control characters");
    CHECK_FALSE(result.retryable);
    CHECK(r.count() == 0);
}
