// The AxeOS driver: /api/system/info every poll, /api/system/asic once per boot.

#include <atomic>
#include <optional>

#include "miners/axeos.hpp"
#include "miners/driver.hpp"
#include "miners/driver_detail.hpp"
#include "miners/fetch.hpp"

namespace sw::miners {

namespace {

constexpr unsigned http_ok = 200;
constexpr unsigned http_not_found = 404;

class axeos_driver final : public miner_driver, public std::enable_shared_from_this<axeos_driver> {
public:
    explicit axeos_driver(driver_options options) : options_(std::move(options)) {}

    void poll(boost::asio::io_context& io, poll_callback done) override {
        if (!detail::begin_poll(busy_, io, done)) {
            return;
        }
        done_ = std::move(done);
        get(io, "/api/system/info", [self = shared_from_this(), &io](auto result) {
            self->on_info(io, std::move(result));
        });
    }

private:
    void get(boost::asio::io_context& io, std::string target, http_callback callback) {
        async_http_get(io,
                       options_.host,
                       options_.port,
                       std::move(target),
                       options_.timeout,
                       options_.max_reply_bytes,
                       std::move(callback));
    }

    void on_info(boost::asio::io_context& io, tl::expected<http_reply, std::string> result) {
        if (!result) {
            return complete(tl::unexpected(std::move(result.error())));
        }
        if (result->status != http_ok) {
            return complete(tl::unexpected(http_status_text(*result)));
        }
        auto reading = parse_axeos_info(result->body);
        if (!reading) {
            return complete(tl::unexpected(std::move(reading.error().message)));
        }
        note_boot(*reading);
        if (asic_unsupported_ || asic_settled_) {
            return complete(std::move(*reading));
        }
        // Sequential, never beside the info request: the ESP32 has few sockets to spare.
        get(io,
            "/api/system/asic",
            [self = shared_from_this(), reading = std::move(*reading)](auto asic) mutable {
                self->on_asic(std::move(reading), std::move(asic));
            });
    }

    void on_asic(miner_reading reading, tl::expected<http_reply, std::string> result) {
        // Never fails the poll: the info object alone is a complete reading. A network error
        // or an unexpected status leaves the question open for the next poll.
        if (result && result->status == http_not_found) {
            asic_unsupported_ = true; // firmware before v2.7 has no such endpoint
        } else if (result && result->status == http_ok) {
            asic_settled_ = true; // an unparsable body would be just as unparsable next poll
            if (auto asic = parse_axeos_asic(result->body)) {
                asic_ = std::move(*asic);
            }
        }
        complete(std::move(reading));
    }

    /// A new boot (uptime went down) or new firmware may change what /asic says.
    void note_boot(const miner_reading& reading) {
        const bool rebooted = reading.uptime_s && last_uptime_ && *reading.uptime_s < *last_uptime_;
        const bool new_firmware = reading.firmware && firmware_ && *reading.firmware != *firmware_;
        if (rebooted || new_firmware) {
            asic_settled_ = false; // the cached answer stays in use until a new one arrives
        }
        if (new_firmware) {
            asic_unsupported_ = false; // an upgrade past v2.7 brings the endpoint
        }
        if (reading.uptime_s) {
            last_uptime_ = reading.uptime_s;
        }
        if (reading.firmware) {
            firmware_ = reading.firmware;
        }
    }

    void complete(poll_outcome outcome) {
        if (outcome && asic_) {
            apply_axeos_asic(*outcome, *asic_);
        }
        detail::end_poll(busy_, done_, std::move(outcome));
    }

    const driver_options options_;
    std::atomic<bool> busy_{false};
    poll_callback done_;             ///< the running poll's callback
    std::optional<axeos_asic> asic_; ///< last /asic answer, applied to every reading
    bool asic_settled_ = false;      ///< /asic answered during this boot
    bool asic_unsupported_ = false;  ///< /asic gave 404 (firmware < v2.7)
    std::optional<std::int64_t> last_uptime_;
    std::optional<std::string> firmware_;
};

} // namespace

std::shared_ptr<miner_driver> make_axeos_driver(driver_options options) {
    if (options.port == 0) {
        options.port = default_port(miner_kind::axeos);
    }
    return std::make_shared<axeos_driver>(std::move(options));
}

} // namespace sw::miners
