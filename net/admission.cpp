#include "net/admission.hpp"

#include <algorithm>

namespace sw::net {

admission_control::ticket::~ticket() {
    asio::post(owner_->strand_, [owner = owner_, addr = addr_] { owner->release(addr); });
}

admission_control::verdict admission_control::try_admit(const asio::ip::address& addr,
                                                        clock::time_point now) {
    sweep(now);
    auto [it, inserted] = by_address_.try_emplace(addr);
    auto& a = it->second;
    if (inserted) {
        a.tokens = std::max(1.0, rate_); // one second of burst
        a.refilled = now;
    } else {
        auto elapsed = std::chrono::duration<double>(now - a.refilled).count();
        a.tokens = std::min(std::max(1.0, rate_), a.tokens + elapsed * rate_);
        a.refilled = now;
    }
    if (a.active >= max_per_ip_)
        return verdict::too_many;
    if (a.tokens < 1.0)
        return verdict::too_fast;
    a.tokens -= 1.0;
    ++a.active;
    return verdict::admit;
}

std::shared_ptr<admission_control::ticket>
admission_control::make_ticket(const asio::ip::address& addr) {
    return std::make_shared<ticket>(shared_from_this(), addr);
}

std::size_t admission_control::active(const asio::ip::address& addr) const {
    auto it = by_address_.find(addr);
    return it == by_address_.end() ? 0 : it->second.active;
}

void admission_control::release(const asio::ip::address& addr) {
    auto it = by_address_.find(addr);
    if (it != by_address_.end() && it->second.active > 0)
        --it->second.active;
}

void admission_control::sweep(clock::time_point now) {
    // Forget idle addresses whose bucket is full again: they would be re-created identical.
    // Done at most once a second, so the map stays as small as the set of busy addresses.
    if (now - last_sweep_ < std::chrono::seconds(1))
        return;
    last_sweep_ = now;
    const double full = std::max(1.0, rate_);
    std::erase_if(by_address_, [&](const auto& entry) {
        const auto& a = entry.second;
        auto refill = std::chrono::duration<double>(now - a.refilled).count() * rate_;
        return a.active == 0 && a.tokens + refill >= full;
    });
}

} // namespace sw::net
