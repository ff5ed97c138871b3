// The fake miner of fake_endpoint.hpp: plain Asio, one session object per connection.

#include "fake_endpoint.hpp"

#include <array>
#include <cctype>

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

namespace sw::miners::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

std::string http_response(unsigned status, const std::string& reason, const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) + " " + reason
           + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size())
           + "\r\nConnection: close\r\n\r\n" + body;
}

namespace {

fake_request parse_request(std::string raw, fake_endpoint::protocol proto) {
    fake_request request;
    request.raw = std::move(raw);
    if (proto == fake_endpoint::protocol::cgminer) {
        const auto json = nlohmann::json::parse(request.raw, nullptr, false);
        if (json.is_object() && json.contains("command") && json["command"].is_string()) {
            request.command = json["command"].get<std::string>();
        }
        return request;
    }
    std::size_t line_end = request.raw.find("\r\n");
    const std::string first = request.raw.substr(0, line_end);
    const std::size_t sp1 = first.find(' ');
    const std::size_t sp2 = first.find(' ', sp1 + 1);
    if (sp1 != std::string::npos && sp2 != std::string::npos) {
        request.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
    }
    while (line_end != std::string::npos) {
        const std::size_t start = line_end + 2;
        line_end = request.raw.find("\r\n", start);
        const std::string line = request.raw.substr(start, line_end - start);
        const std::size_t colon = line.find(':');
        if (line.empty() || colon == std::string::npos) {
            continue;
        }
        std::string name = line.substr(0, colon);
        for (char& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        const std::size_t value_start = line.find_first_not_of(' ', colon + 1);
        request.headers[name] = value_start == std::string::npos ? "" : line.substr(value_start);
    }
    return request;
}

} // namespace

class fake_endpoint::session : public std::enable_shared_from_this<session> {
public:
    session(fake_endpoint& owner, tcp::socket socket) : owner_(owner), socket_(std::move(socket)) {}

    void read() {
        socket_.async_read_some(
            asio::buffer(chunk_),
            [self = shared_from_this()](error_code ec, std::size_t n) { self->on_read(ec, n); });
    }

private:
    bool complete() const {
        return owner_.proto_ == protocol::http ? raw_.find("\r\n\r\n") != std::string::npos
                                               : raw_.find('}') != std::string::npos;
    }

    void on_read(error_code ec, std::size_t n) {
        raw_.append(chunk_.data(), n);
        if (ec) {
            return; // the client went away before a whole request
        }
        if (!complete()) {
            return read();
        }
        action_ = owner_.record(parse_request(std::move(raw_), owner_.proto_));
        if (action_.hang) {
            owner_.hung_.push_back(shared_from_this());
            return;
        }
        asio::async_write(
            socket_,
            asio::buffer(action_.bytes),
            [self = shared_from_this()](error_code, std::size_t) { self->after_write(); });
    }

    void after_write() {
        if (action_.keep_open) {
            owner_.hung_.push_back(shared_from_this());
            return;
        }
        error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
    }

    fake_endpoint& owner_;
    tcp::socket socket_;
    std::array<char, 4096> chunk_{};
    std::string raw_;
    fake_action action_;
};

fake_endpoint::fake_endpoint(protocol proto, handler on_request)
    : proto_(proto)
    , on_request_(std::move(on_request))
    , acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    do_accept();
    thread_ = std::thread([this] { io_.run(); });
}

fake_endpoint::~fake_endpoint() {
    io_.stop();
    thread_.join();
}

void fake_endpoint::do_accept() {
    acceptor_.async_accept([this](error_code ec, tcp::socket socket) {
        if (ec) {
            return;
        }
        std::make_shared<session>(*this, std::move(socket))->read();
        do_accept();
    });
}

fake_action fake_endpoint::record(fake_request request) {
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
    }
    return on_request_(request);
}

std::vector<fake_request> fake_endpoint::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::size_t fake_endpoint::request_count() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
}

std::size_t fake_endpoint::count(const std::string& target_or_command) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& r : requests_) {
        n += (r.target == target_or_command || r.command == target_or_command) ? 1 : 0;
    }
    return n;
}

std::uint16_t fake_endpoint::refused_port() {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    const std::uint16_t port = acceptor.local_endpoint().port();
    acceptor.close();
    return port;
}

} // namespace sw::miners::test
