#include "tools/bench/runner.hpp"

#include <algorithm>
#include <csignal>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "tools/bench/ws_client.hpp"

namespace sw::bench {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;
using error_code = boost::system::error_code;

steady::duration seconds(double s) {
    return std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>(s));
}

double to_seconds(steady::duration d) {
    return std::chrono::duration<double>(d).count();
}

// Long enough for a loopback close handshake under load, short enough not to hold the exit.
constexpr auto close_timeout = std::chrono::seconds(2);

std::string host_header(const options& opt) {
    const bool v6 = is_ipv6_literal(opt.host);
    return (v6 ? "[" + opt.host + "]" : opt.host) + ":" + std::to_string(opt.port);
}

class runner final : private client_events {
public:
    explicit runner(const options& opt)
        : opt_(opt)
        , state_(opt)
        , setup_{ioc_,
                 tcp::endpoint(asio::ip::make_address(opt.host),
                               static_cast<unsigned short>(opt.port)),
                 host_header(opt),
                 R"({"type":"subscribe","topics":[")" + opt.topic + R"("],"id":1})",
                 seconds(opt.connect_timeout_s),
                 close_timeout,
                 opt.slow_rcvbuf,
                 opt.subscribe_late}
        , signals_(ioc_, SIGINT, SIGTERM)
        , timer_(ioc_) {
        for (const auto& s : opt.sources)
            sources_.push_back(asio::ip::make_address(s));
    }

    run_stats run() {
        wait_signal();
        state_.stats.slow_count = static_cast<std::uint64_t>(opt_.slow);
        if (opt_.mode == run_mode::storm) {
            open_window();
            storm_launching_ = true;
            next_tick_ = steady::now();
            storm_tick();
        } else {
            connect_start_ = steady::now();
            fill_batch();
        }
        ioc_.run();
        return state_.stats;
    }

private:
    struct entry {
        std::shared_ptr<ws_client> client;
        client_role role;
    };

    void on_established(std::size_t) override {
        if (opt_.mode == run_mode::storm)
            return; // a storm connection is in flight until it has closed again
        --in_flight_;
        fill_batch();
    }

    void on_failed(std::size_t index) override {
        live_.erase(index);
        --in_flight_;
        if (opt_.mode == run_mode::storm)
            settle_storm();
        else
            fill_batch();
    }

    void on_ended(std::size_t index) override {
        live_.erase(index);
        if (opt_.mode == run_mode::storm) {
            --in_flight_;
            settle_storm();
        } else if (state_.phase == run_phase::draining && !any_slow_live()) {
            close_all(); // every slow consumer told us how it ended: no need to wait longer
        }
    }

    void wait_signal() {
        signals_.async_wait([this](error_code ec, int) {
            if (ec)
                return;
            if (state_.phase < run_phase::draining) {
                state_.stats.interrupted = true;
                finish();
                wait_signal();
            } else {
                ioc_.stop(); // a second signal: the user does not want to wait for closes
            }
        });
    }

    client_role role_of(std::size_t index) const {
        switch (opt_.mode) {
        case run_mode::storm:
            return client_role::storm;
        case run_mode::idle:
            return client_role::idle;
        case run_mode::subscribe:
            break;
        }
        // The first K: they stop reading earliest, so their backlog is the largest.
        return index < static_cast<std::size_t>(opt_.slow) ? client_role::slow
                                                           : client_role::subscriber;
    }

    void launch() {
        const auto index = next_++;
        std::optional<asio::ip::address> source;
        if (!sources_.empty())
            source = sources_[index % sources_.size()];
        const auto role = role_of(index);
        auto c = make_ws_client(setup_, role, index, source, state_, *this);
        live_.emplace(index, entry{c, role});
        ++in_flight_;
        ++state_.stats.attempted;
        c->start();
    }

    // Keeps --batch handshakes in flight until --clients were attempted.
    void fill_batch() {
        const auto target = static_cast<std::size_t>(opt_.clients);
        while (state_.phase == run_phase::connecting && next_ < target
               && in_flight_ < static_cast<std::size_t>(opt_.batch))
            launch();
        if (state_.phase == run_phase::connecting && next_ == target && in_flight_ == 0)
            after_connect_phase();
    }

    void after_connect_phase() {
        state_.stats.connect_phase_s = to_seconds(steady::now() - connect_start_);
        if (state_.stats.connected == 0) {
            finish(); // nothing to measure
            return;
        }
        if (opt_.subscribe_late)
            for (auto& kv : live_)
                kv.second.client->subscribe();
        if (opt_.mode == run_mode::subscribe && opt_.warmup_s > 0) {
            state_.phase = run_phase::warmup;
            timer_.expires_after(seconds(opt_.warmup_s));
            timer_.async_wait([this](error_code ec) {
                if (!ec && state_.phase == run_phase::warmup)
                    start_window();
            });
        } else {
            start_window();
        }
    }

    void open_window() {
        state_.phase = run_phase::measuring;
        window_start_ = steady::now();
        window_end_ = window_start_ + seconds(opt_.duration_s);
        window_open_ = true;
    }

    void start_window() {
        open_window();
        timer_.expires_at(window_end_);
        timer_.async_wait([this](error_code ec) {
            if (!ec)
                finish();
        });
    }

    // Storm: one connection per tick on an absolute schedule, so a late tick does not
    // lower the rate; a tick that finds --batch connections in flight is skipped.
    void storm_tick() {
        if (state_.phase != run_phase::measuring)
            return;
        if (steady::now() >= window_end_) {
            storm_launching_ = false;
            settle_storm();
            return;
        }
        if (in_flight_ < static_cast<std::size_t>(opt_.batch))
            launch();
        else
            ++state_.stats.storm_skipped;
        next_tick_ += seconds(1.0 / opt_.rate);
        timer_.expires_at(next_tick_);
        timer_.async_wait([this](error_code ec) {
            if (!ec)
                storm_tick();
        });
    }

    void settle_storm() {
        if (!storm_launching_ && in_flight_ == 0 && state_.phase == run_phase::measuring)
            finish();
    }

    bool any_slow_live() const {
        return std::any_of(live_.begin(), live_.end(), [](const auto& kv) {
            return kv.second.role == client_role::slow;
        });
    }

    // Ends the window (normally or on a signal), then drains the slow consumers.
    void finish() {
        if (state_.phase >= run_phase::draining)
            return;
        timer_.cancel();
        const auto now = steady::now();
        if (window_open_)
            state_.stats.duration_s = to_seconds(std::min(now, window_end_) - window_start_);
        else if (opt_.mode != run_mode::storm)
            state_.stats.connect_phase_s = to_seconds(now - connect_start_);
        state_.phase = run_phase::draining;
        if (!any_slow_live()) {
            close_all();
            return;
        }
        for (auto& kv : live_)
            if (kv.second.role == client_role::slow)
                kv.second.client->drain();
        timer_.expires_after(seconds(opt_.drain_timeout_s));
        timer_.async_wait([this](error_code ec) {
            if (!ec)
                close_all();
        });
    }

    void close_all() {
        if (state_.phase == run_phase::closing)
            return;
        state_.phase = run_phase::closing;
        timer_.cancel();
        // Slow consumers still open have a backlog a close handshake would wait behind.
        auto all = std::move(live_);
        live_.clear();
        for (auto& kv : all) {
            if (kv.second.role == client_role::slow)
                kv.second.client->abort();
            else
                kv.second.client->close();
        }
        // The clients live on through their pending handlers until their closes complete.
        close_deadline_ = steady::now() + close_timeout + std::chrono::seconds(1);
        poll_gone();
    }

    void poll_gone() {
        if (state_.client_objects == 0 || steady::now() >= close_deadline_) {
            ioc_.stop();
            return;
        }
        timer_.expires_after(std::chrono::milliseconds(20));
        timer_.async_wait([this](error_code ec) {
            if (!ec)
                poll_gone();
        });
    }

    const options& opt_;
    run_state state_; // before ioc_: clients destroyed along with its handlers still use it
    asio::io_context ioc_{1};
    client_setup setup_;
    asio::signal_set signals_;
    asio::steady_timer timer_; // the one phase timer: warm-up, window, ticks, drain, close
    std::vector<asio::ip::address> sources_;
    std::unordered_map<std::size_t, entry> live_; // after ioc_: sockets die before it
    std::size_t next_ = 0;                        // index of the next client to open
    std::size_t in_flight_ = 0; // handshakes (storm: whole connections) not yet settled
    steady::time_point connect_start_;
    steady::time_point window_start_;
    steady::time_point window_end_;
    steady::time_point next_tick_;
    steady::time_point close_deadline_;
    bool window_open_ = false;
    bool storm_launching_ = false;
};

} // namespace

run_stats run_bench(const options& opt) {
    runner r(opt);
    return r.run();
}

} // namespace sw::bench
