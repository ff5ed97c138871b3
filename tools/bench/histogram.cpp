#include "tools/bench/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace sw::bench {

namespace {

constexpr double growth = 1.02;      // bucket width: 2 %, so a reported value is within ~1 %
constexpr double lowest_us = 1.0;    // 1 us: finer is noise for a network round trip
constexpr double highest_us = 100e6; // 100 s: anything slower is a failure, not a latency

const double log_growth = std::log(growth);

std::size_t bucket_count() {
    return static_cast<std::size_t>(std::ceil(std::log(highest_us / lowest_us) / log_growth)) + 1;
}

} // namespace

histogram::histogram() : buckets_(bucket_count(), 0) {}

std::size_t histogram::bucket_of(double micros) const {
    if (!(micros > lowest_us))
        return 0;
    const auto i = static_cast<std::size_t>(std::log(micros / lowest_us) / log_growth);
    return std::min(i, buckets_.size() - 1);
}

void histogram::record(double micros) {
    if (micros < 0)
        micros = 0;
    ++buckets_[bucket_of(micros)];
    if (count_ == 0 || micros < min_)
        min_ = micros;
    if (count_ == 0 || micros > max_)
        max_ = micros;
    ++count_;
    sum_ += micros;
}

std::optional<double> histogram::quantile(double q) const {
    if (count_ == 0)
        return std::nullopt;
    // The rank of the value at q, 1-based, as HdrHistogram counts it (p100 is the max).
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) {
            const double mid = lowest_us * std::pow(growth, static_cast<double>(i) + 0.5);
            return std::clamp(mid, min_, max_);
        }
    }
    return max_;
}

std::optional<double> histogram::max() const {
    if (count_ == 0)
        return std::nullopt;
    return max_;
}

std::optional<double> histogram::mean() const {
    if (count_ == 0)
        return std::nullopt;
    return sum_ / static_cast<double>(count_);
}

} // namespace sw::bench
