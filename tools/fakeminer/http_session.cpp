// One AxeOS HTTP connection (the only Beast translation unit). Responses are serialized to a
// string first so the faults can cut or replace the exact bytes on the wire.

#include <array>
#include <optional>
#include <sstream>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "tools/fakeminer/axeos_reply.hpp"
#include "tools/fakeminer/world.hpp"

namespace sw::fakeminer {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;

using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

class http_session : public std::enable_shared_from_this<http_session> {
public:
    http_session(tcp::socket socket, world& w, simulated_miner& miner)
        : stream_(std::move(socket))
        , timer_(stream_.get_executor())
        , world_(w)
        , miner_(miner) {}

    void run() { do_read(); }

private:
    void do_read() {
        parser_.emplace();
        parser_->body_limit(64 * 1024); // the firmware's own limit is smaller still
        stream_.expires_after(std::chrono::seconds(30));
        http::async_read(stream_,
                         buffer_,
                         *parser_,
                         beast::bind_front_handler(&http_session::on_read, shared_from_this()));
    }

    void on_read(error_code ec, std::size_t) {
        if (ec)
            return close();
        request req = parser_->release();
        const auto fault = miner_.spec.fault;
        if (fault == fault_mode::hang) {
            stream_.expires_never();
            return do_drain(); // hold the connection open without answering
        }
        if (fault == fault_mode::slow) {
            stream_.expires_never();
            timer_.expires_after(world_.slow_delay());
            timer_.async_wait([self = shared_from_this(), req = std::move(req)](error_code e) {
                if (!e)
                    self->respond(req);
            });
            return;
        }
        respond(req);
    }

    response route(const request& req) {
        const auto& spec = miner_.spec;
        auto reply = [&](http::status status, std::string body, const char* type) {
            response res{status, req.version()};
            res.set(http::field::content_type, type);
            res.body() = std::move(body);
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            return res;
        };
        const bool has_origin = req.find(http::field::origin) != req.end();
        if (spec.fault == fault_mode::http401 || (has_origin && axeos_checks_origin(spec)))
            return reply(http::status::unauthorized, "Unauthorized", "text/html");
        world_.advance(miner_);
        const auto target = req.target();
        const auto method = req.method();
        if (method == http::verb::get && target == "/api/system/info")
            return reply(http::status::ok,
                         axeos_info_json(spec, miner_.sim.values(), world_.network().values()),
                         "application/json");
        if (method == http::verb::get && target == "/api/system/asic") {
            if (auto body = axeos_asic_json(spec))
                return reply(http::status::ok, std::move(*body), "application/json");
        }
        if (method == http::verb::post && target == "/api/system/restart") {
            restart_after_write_ = true;
            return reply(http::status::ok, "System will restart shortly.", "text/plain");
        }
        if (method == http::verb::post && target == "/api/system/identify")
            return reply(http::status::ok, R"({"message":"Identify mode on"})", "application/json");
        if (method == http::verb::patch && target == "/api/system") {
            const auto body = nlohmann::json::parse(req.body(), nullptr, false);
            if (!body.is_object())
                return reply(http::status::bad_request, "Invalid JSON", "text/plain");
            if (auto it = body.find("frequency"); it != body.end() && it->is_number())
                miner_.sim.set_frequency(it->get<double>());
            // Simulator only (no firmware has it): a cooling fault, for alert tests and demos.
            if (auto it = body.find("simTempOffset"); it != body.end() && it->is_number())
                miner_.sim.set_temp_offset(it->get<double>());
            return reply(http::status::ok, "", "text/plain");
        }
        return reply(http::status::not_found, "Nothing matches the given URI", "text/html");
    }

    void respond(const request& req) {
        const auto fault = miner_.spec.fault;
        if (fault == fault_mode::garbage) {
            out_ = garbage_bytes(miner_);
            close_after_write_ = true;
            return do_write();
        }
        const response res = route(req);
        std::ostringstream os;
        os << res;
        out_ = os.str();
        close_after_write_ = !res.keep_alive();
        if (fault == fault_mode::close) {
            // Headers promise the whole body; only half of it arrives before the close.
            out_.resize(out_.size() - res.body().size() / 2);
            close_after_write_ = true;
        }
        do_write();
    }

    void do_write() {
        stream_.expires_after(std::chrono::seconds(30));
        asio::async_write(stream_,
                          asio::buffer(out_),
                          beast::bind_front_handler(&http_session::on_write, shared_from_this()));
    }

    void on_write(error_code ec, std::size_t) {
        if (restart_after_write_) {
            restart_after_write_ = false;
            miner_.sim.restart("Software reset via esp_restart");
        }
        if (ec || close_after_write_)
            return close();
        do_read();
    }

    // Reads and discards until the peer goes away (hang fault).
    void do_drain() {
        stream_.async_read_some(asio::buffer(drain_),
                                [self = shared_from_this()](error_code ec, std::size_t) {
                                    if (!ec)
                                        self->do_drain();
                                });
    }

    // FIN first, so the reply is not lost to a reset if unread request bytes remain.
    void close() {
        error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.expires_after(std::chrono::seconds(2));
        do_drain();
    }

    beast::tcp_stream stream_;
    asio::steady_timer timer_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    world& world_;
    simulated_miner& miner_;
    std::string out_;
    std::array<char, 512> drain_{};
    bool close_after_write_ = false;
    bool restart_after_write_ = false;
};

} // namespace

void start_http_session(tcp::socket socket, world& w, simulated_miner& miner) {
    std::make_shared<http_session>(std::move(socket), w, miner)->run();
}

} // namespace sw::fakeminer
