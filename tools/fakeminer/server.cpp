// The run loop: one acceptor per miner on one io_context, a one-second tick that advances the
// simulation and closes a rebooting miner's port (so polls see "connection refused" like a
// real reboot), and the exit conditions (signal, --duration).

#include <csignal>
#include <cstdio>
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "tools/fakeminer/world.hpp"

namespace sw::fakeminer {

world::world(const options& opt, const std::vector<miner_spec>& miners)
    : start_(std::chrono::steady_clock::now())
    , network_(opt.seed)
    , slow_delay_(opt.slow_ms) {
    for (const auto& spec : miners)
        miners_.push_back(std::make_unique<simulated_miner>(simulated_miner{
            spec, miner_sim(spec.prof->model, spec.seed, opt.restart_every_s, network_)}));
}

double world::now_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void world::advance(simulated_miner& miner) {
    const double now = now_s();
    network_.advance_to(now);
    miner.sim.advance_to(now);
}

std::string garbage_bytes(simulated_miner& miner) {
    auto& rng = miner.sim.fault_rng();
    std::string out(32 + rng() % 480, '\0');
    for (auto& c : out)
        c = static_cast<char>(rng() & 0xffU);
    return out;
}

namespace {

// One miner's port. Opened at start (unless the fault is refuse) and reopened after a reboot.
class listener : public std::enable_shared_from_this<listener> {
public:
    listener(asio::io_context& ioc, world& w, simulated_miner& miner)
        : acceptor_(ioc)
        , world_(w)
        , miner_(miner) {}

    error_code open() {
        const tcp::endpoint endpoint(asio::ip::make_address(miner_.spec.host), miner_.spec.port);
        error_code ec;
        acceptor_.open(endpoint.protocol(), ec);
        if (!ec)
            acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec)
            acceptor_.bind(endpoint, ec);
        if (!ec)
            acceptor_.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            error_code ignored;
            acceptor_.close(ignored);
        } else {
            do_accept();
        }
        return ec;
    }

    void close() {
        error_code ignored;
        acceptor_.close(ignored);
    }

    bool is_open() const { return acceptor_.is_open(); }

    simulated_miner& miner() { return miner_; }

private:
    void do_accept() {
        acceptor_.async_accept([self = shared_from_this()](error_code ec, tcp::socket socket) {
            self->on_accept(ec, std::move(socket));
        });
    }

    void on_accept(error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open())
            return;
        if (!ec) {
            world_.advance(miner_);
            if (miner_.sim.booting()) {
                error_code ignored;
                socket.close(ignored); // the tick closes the port within a second
            } else if (miner_.spec.kind() == miner_kind::axeos) {
                start_http_session(std::move(socket), world_, miner_);
            } else {
                start_cgminer_session(std::move(socket), world_, miner_);
            }
        }
        do_accept();
    }

    tcp::acceptor acceptor_;
    world& world_;
    simulated_miner& miner_;
};

// Advances every miner each second; closes the ports of rebooting miners, reopens them after.
void tick(asio::steady_timer& timer,
          world& w,
          std::vector<std::shared_ptr<listener>>& listeners,
          std::vector<std::uint64_t>& restarts) {
    for (std::size_t i = 0; i < listeners.size(); ++i) {
        auto& l = *listeners[i];
        auto& m = l.miner();
        w.advance(m);
        if (m.sim.values().restarts != restarts[i]) {
            restarts[i] = m.sim.values().restarts;
            std::cerr << "fakeminer: miner " << m.spec.index << " restarting ("
                      << m.sim.values().reset_reason << ")" << std::endl;
        }
        if (m.spec.fault == fault_mode::refuse)
            continue;
        if (m.sim.booting() && l.is_open()) {
            l.close();
        } else if (!m.sim.booting() && !l.is_open()) {
            if (auto ec = l.open())
                std::cerr << "fakeminer: miner " << m.spec.index << ": reopening port "
                          << m.spec.port << " failed: " << ec.message() << std::endl;
        }
    }
    timer.expires_after(std::chrono::seconds(1));
    timer.async_wait([&timer, &w, &listeners, &restarts](error_code ec) {
        if (!ec)
            tick(timer, w, listeners, restarts);
    });
}

} // namespace

int run_servers(const options& opt, const std::vector<miner_spec>& miners) {
    world w(opt, miners); // declared before the io_context: sessions refer to it
    asio::io_context ioc(1);

    std::vector<std::shared_ptr<listener>> listeners;
    for (auto& m : w.miners()) {
        auto l = std::make_shared<listener>(ioc, w, *m);
        if (m->spec.fault != fault_mode::refuse) {
            if (auto ec = l->open()) {
                std::cerr << "fakeminer: cannot listen on " << m->spec.host << ":" << m->spec.port
                          << " (miner " << m->spec.index << "): " << ec.message() << std::endl;
                return 1;
            }
        }
        listeners.push_back(std::move(l));
    }
    // Listening first, then the lines: a script that waits for "ready" can poll at once.
    for (const auto& m : miners)
        std::cout << describe(m) << "\n";
    std::cout << "ready: " << miners.size() << " miners on " << opt.host << ":"
              << miners.front().port << "-" << miners.back().port << std::endl;

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&ioc](error_code ec, int) {
        if (!ec)
            ioc.stop();
    });
    asio::steady_timer duration(ioc);
    if (opt.duration_s > 0) {
        duration.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(opt.duration_s)));
        duration.async_wait([&ioc](error_code ec) {
            if (!ec)
                ioc.stop();
        });
    }
    std::vector<std::uint64_t> restarts(listeners.size(), 0);
    asio::steady_timer ticker(ioc);
    tick(ticker, w, listeners, restarts);

    ioc.run();
    return 0;
}

} // namespace sw::fakeminer
