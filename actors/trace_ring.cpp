#include "actors/trace_ring.hpp"

#include <algorithm>

namespace sw::actors::trace {

ring::ring(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

void ring::push(record r) {
    std::lock_guard lock{mu_};
    r.n = next_++;
    if (count_ < capacity_) {
        // Grows with use: a server that never traces holds only its lifecycle records.
        if (slots_.size() < capacity_)
            slots_.push_back(std::move(r));
        else
            slots_[(head_ + count_) % capacity_] = std::move(r);
        ++count_;
        return;
    }
    slots_[head_] = std::move(r);
    head_ = (head_ + 1) % capacity_;
}

std::vector<record> ring::since(std::uint64_t since, std::size_t limit) const {
    std::lock_guard lock{mu_};
    const std::uint64_t oldest = next_ - count_; // the number of the oldest record kept
    std::size_t first = since + 1 > oldest ? static_cast<std::size_t>(since + 1 - oldest) : 0;
    first = std::min(first, count_);
    if (limit != 0 && count_ - first > limit)
        first = count_ - limit;
    std::vector<record> out;
    out.reserve(count_ - first);
    for (auto i = first; i < count_; ++i)
        out.push_back(slots_[(head_ + i) % slots_.size()]);
    return out;
}

void ring::resize(std::size_t capacity) {
    capacity = std::max<std::size_t>(capacity, 1);
    std::lock_guard lock{mu_};
    if (capacity == capacity_)
        return;
    const auto keep = std::min(count_, capacity);
    std::vector<record> kept;
    kept.reserve(keep);
    for (auto i = count_ - keep; i < count_; ++i)
        kept.push_back(std::move(slots_[(head_ + i) % slots_.size()]));
    slots_ = std::move(kept);
    capacity_ = capacity;
    head_ = 0;
    count_ = keep;
}

std::uint64_t ring::last() const {
    std::lock_guard lock{mu_};
    return next_ - 1;
}

} // namespace sw::actors::trace
