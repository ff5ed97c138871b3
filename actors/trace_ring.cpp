#include "actors/trace_ring.hpp"

#include <algorithm>

namespace sw::actors::trace {

ring::ring(std::size_t capacity) : slots_(std::max<std::size_t>(capacity, 1)) {}

void ring::push(record r) {
    std::lock_guard lock{mu_};
    r.n = next_++;
    slots_[(r.n - 1) % slots_.size()] = std::move(r);
}

std::vector<record> ring::since(std::uint64_t since, std::size_t limit) const {
    std::lock_guard lock{mu_};
    const std::uint64_t last = next_ - 1;
    const std::uint64_t oldest =
        std::max(last >= slots_.size() ? last - slots_.size() + 1 : 1, first_kept_);
    std::uint64_t first = std::max(since + 1, oldest);
    if (limit != 0 && last >= first && last - first + 1 > limit)
        first = last - limit + 1;
    std::vector<record> out;
    if (last >= first)
        out.reserve(last - first + 1);
    for (auto n = first; n <= last; ++n)
        out.push_back(slots_[(n - 1) % slots_.size()]);
    return out;
}

void ring::resize(std::size_t capacity) {
    capacity = std::max<std::size_t>(capacity, 1);
    std::lock_guard lock{mu_};
    if (capacity == slots_.size())
        return;
    const std::uint64_t last = next_ - 1;
    const std::uint64_t keep = std::min<std::uint64_t>({last, slots_.size(), capacity});
    std::vector<record> next(capacity);
    for (auto n = last - keep + 1; n <= last && keep > 0; ++n)
        next[(n - 1) % capacity] = std::move(slots_[(n - 1) % slots_.size()]);
    slots_ = std::move(next);
    first_kept_ = last - keep + 1;
}

std::uint64_t ring::last() const {
    std::lock_guard lock{mu_};
    return next_ - 1;
}

} // namespace sw::actors::trace
