#pragma once
// A token bucket per client, plus the flood detector that turns sustained abuse into a close.
// Pure and clock-agnostic (time is passed in) so it is unit-testable without waiting.

#include <chrono>
#include <cstdint>

namespace sw::actors {

class rate_limiter {
public:
    using clock = std::chrono::steady_clock;

    enum class verdict : std::uint8_t {
        allow,        ///< within the bucket
        refuse,       ///< over the bucket: answer with rate_limited
        refuse_quiet, ///< over the bucket, and an error went out less than a second ago
        close,        ///< flooding at flood_factor x the rate for flood_seconds: close 1008
    };

    rate_limiter(double per_second,
                 double burst,
                 double flood_factor,
                 int flood_seconds,
                 clock::time_point now)
        : rate_(per_second)
        , burst_(burst)
        , flood_threshold_(per_second * flood_factor)
        , flood_seconds_(flood_seconds)
        , tokens_(burst)
        , last_refill_(now)
        , window_start_(now) {}

    verdict on_request(clock::time_point now);

    [[nodiscard]] std::uint64_t refused() const { return refused_; }

private:
    void roll_window(clock::time_point now);

    double rate_;
    double burst_;
    double flood_threshold_;
    int flood_seconds_;
    double tokens_;
    clock::time_point last_refill_;
    clock::time_point window_start_;
    double window_count_ = 0;
    bool window_flooded_ = false;
    int flood_streak_ = 0;
    clock::time_point last_error_{};
    bool error_sent_ = false;
    std::uint64_t refused_ = 0;
};

} // namespace sw::actors
