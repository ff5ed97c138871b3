#pragma once
// A log-bucket latency histogram in the spirit of HdrHistogram: fixed memory (one counter
// per ~2 % wide bucket from 1 us to 100 s), O(1) record, percentiles within ~1 % of the true
// value. Exact count, sum (for the mean), min and max are kept beside the buckets.

#include <cstdint>
#include <optional>
#include <vector>

namespace sw::bench {

class histogram {
public:
    histogram();

    /// Records one value in microseconds; values below 1 us land in the first bucket, above
    /// 100 s in the last (the exact max is still kept).
    void record(double micros);

    [[nodiscard]] std::uint64_t count() const { return count_; }

    /// The value at quantile q (0..1), or nullopt when empty; the geometric middle of the
    /// bucket holding it, clamped to the exact min and max.
    [[nodiscard]] std::optional<double> quantile(double q) const;

    [[nodiscard]] std::optional<double> max() const;

    [[nodiscard]] std::optional<double> mean() const;

private:
    [[nodiscard]] std::size_t bucket_of(double micros) const;

    std::vector<std::uint64_t> buckets_;
    std::uint64_t count_ = 0;
    double sum_ = 0;
    double min_ = 0;
    double max_ = 0;
};

} // namespace sw::bench
