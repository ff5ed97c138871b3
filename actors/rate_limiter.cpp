#include "actors/rate_limiter.hpp"

#include <algorithm>

namespace sw::actors {

void rate_limiter::roll_window(clock::time_point now) {
    using std::chrono::seconds;
    while (now - window_start_ >= seconds(1)) {
        // A second that did not reach the flood threshold breaks the streak; so does a gap.
        if (!window_flooded_)
            flood_streak_ = 0;
        window_flooded_ = false;
        window_count_ = 0;
        window_start_ += seconds(1);
        if (now - window_start_ >= seconds(2)) { // idle for a while: jump ahead
            flood_streak_ = 0;
            window_start_ = now;
        }
    }
}

rate_limiter::verdict rate_limiter::on_request(clock::time_point now) {
    roll_window(now);
    window_count_ += 1;
    if (!window_flooded_ && window_count_ >= flood_threshold_) {
        window_flooded_ = true;
        if (++flood_streak_ >= flood_seconds_)
            return verdict::close;
    }
    auto elapsed = std::chrono::duration<double>(now - last_refill_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    last_refill_ = now;
    if (tokens_ >= 1.0) {
        tokens_ -= 1.0;
        return verdict::allow;
    }
    ++refused_;
    if (error_sent_ && now - last_error_ < std::chrono::seconds(1))
        return verdict::refuse_quiet;
    error_sent_ = true;
    last_error_ = now;
    return verdict::refuse;
}

} // namespace sw::actors
