#pragma once
// Per-address admission at accept time: at most `max_per_ip` connections open from one
// address, and at most `rate` new ones per second from it (a token bucket holding one
// second of burst). The state lives on the listener's strand only; a connection gives its
// slot back through a ticket whose destructor posts to that strand, from whatever thread the
// connection ends on. So one misbehaving host cannot crowd out the LAN, and no lock is needed.

#include <chrono>
#include <cstddef>
#include <memory>
#include <unordered_map>

#include "net/beast.hpp"

namespace sw::net {

class admission_control : public std::enable_shared_from_this<admission_control> {
public:
    using clock = std::chrono::steady_clock;

    enum class verdict : std::uint8_t { admit, too_many, too_fast };

    /// Holds one admitted connection's slot; gives it back when destroyed.
    class ticket {
    public:
        ticket(std::shared_ptr<admission_control> owner, asio::ip::address addr)
            : owner_(std::move(owner))
            , addr_(std::move(addr)) {}

        ~ticket();
        ticket(const ticket&) = delete;
        ticket& operator=(const ticket&) = delete;

    private:
        std::shared_ptr<admission_control> owner_;
        asio::ip::address addr_;
    };

    admission_control(asio::any_io_executor strand, std::size_t max_per_ip, double rate)
        : strand_(std::move(strand))
        , max_per_ip_(max_per_ip)
        , rate_(rate) {}

    /// On the strand: decides and, when admitted, counts the connection.
    verdict try_admit(const asio::ip::address& addr, clock::time_point now);

    /// A ticket for a connection try_admit admitted.
    std::shared_ptr<ticket> make_ticket(const asio::ip::address& addr);

    /// On the strand: connections open from `addr` (for tests and stats).
    [[nodiscard]] std::size_t active(const asio::ip::address& addr) const;

private:
    struct per_address {
        std::size_t active = 0;
        double tokens = 0;
        clock::time_point refilled{};
    };

    void release(const asio::ip::address& addr);
    void sweep(clock::time_point now);

    asio::any_io_executor strand_;
    std::size_t max_per_ip_;
    double rate_;
    std::unordered_map<asio::ip::address, per_address> by_address_;
    clock::time_point last_sweep_{};
};

} // namespace sw::net
