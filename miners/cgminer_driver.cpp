// The cgminer-family driver: one joined request when the firmware allows it, else one
// connection per command, with the refusals and the per-boot `version` remembered.

#include <array>
#include <atomic>
#include <optional>
#include <vector>

#include "miners/cgminer.hpp"
#include "miners/cgminer_sections.hpp"
#include "miners/driver.hpp"
#include "miners/driver_detail.hpp"
#include "miners/fetch.hpp"

namespace sw::miners {

namespace {

constexpr std::size_t command_count = cgminer_commands.size();
constexpr std::size_t version_index = 0;
constexpr std::size_t summary_index = 1;
static_assert(cgminer_commands[version_index] == "version");
static_assert(cgminer_commands[summary_index] == "summary");

class cgminer_driver final : public miner_driver,
                             public std::enable_shared_from_this<cgminer_driver> {
public:
    explicit cgminer_driver(driver_options options) : options_(std::move(options)) {}

    void poll(boost::asio::io_context& io, poll_callback done) override {
        if (!detail::begin_poll(busy_, io, done)) {
            return;
        }
        done_ = std::move(done);
        io_ = &io;
        replies_ = {};
        queue_.clear();
        join_suspect_ = false;
        const std::vector<std::size_t> wanted = wanted_commands();
        if (joins_refused_ || wanted.size() == 1) {
            return start_singles(wanted);
        }
        std::string joined;
        for (std::size_t i : wanted) {
            joined += (joined.empty() ? "" : "+") + std::string(cgminer_commands[i]);
        }
        send(joined, [self = shared_from_this(), wanted, joined](auto result) {
            self->on_joined(wanted, joined, std::move(result));
        });
    }

private:
    /// Indices into cgminer_commands, in the recommended order, minus what is not wanted now.
    std::vector<std::size_t> wanted_commands() const {
        std::vector<std::size_t> wanted;
        for (std::size_t i = 0; i < command_count; ++i) {
            if (refused_[i] || (i == version_index && version_settled_)) {
                continue;
            }
            wanted.push_back(i);
        }
        return wanted;
    }

    void send(const std::string& command, cgminer_callback callback) {
        async_cgminer_command(*io_,
                              options_.host,
                              options_.port,
                              command,
                              options_.timeout,
                              options_.max_reply_bytes,
                              std::move(callback));
    }

    void on_joined(const std::vector<std::size_t>& wanted,
                   const std::string& joined,
                   tl::expected<std::string, std::string> bytes) {
        if (!bytes) {
            return complete(tl::unexpected(std::move(bytes.error()))); // the miner is not there
        }
        auto reply = parse_cgminer_reply(*bytes, joined);
        // A refusal (code 14 for the whole line), garbage, or a reply without its summary part:
        // this firmware may not join. Try one command per connection; it is remembered only
        // once a single summary works (a flaky miner must not lose joins forever).
        if (!reply || !reply->joined() || !reply->part("summary")) {
            join_suspect_ = true;
            return start_singles(wanted);
        }
        for (std::size_t i : wanted) {
            auto part = reply->part(cgminer_commands[i]);
            if (part) {
                replies_[i] = std::move(*part);
            } else if (!take_refusal(i, part.error())) {
                return complete(tl::unexpected(std::move(part.error().message)));
            }
        }
        assemble();
    }

    void start_singles(const std::vector<std::size_t>& wanted) {
        // summary first: when the miner is down, the poll fails after one timeout, not several.
        queue_ = {summary_index};
        for (std::size_t i : wanted) {
            if (i != summary_index) {
                queue_.push_back(i);
            }
        }
        next_ = 0;
        send_next();
    }

    void send_next() {
        if (next_ == queue_.size()) {
            return assemble();
        }
        const std::size_t index = queue_[next_++];
        send(std::string(cgminer_commands[index]), [self = shared_from_this(), index](auto bytes) {
            self->on_single(index, std::move(bytes));
        });
    }

    void on_single(std::size_t index, tl::expected<std::string, std::string> bytes) {
        if (!bytes) {
            if (index == summary_index) {
                return complete(tl::unexpected(std::move(bytes.error())));
            }
            return assemble(); // the miner stopped answering: keep what this poll read
        }
        auto reply = parse_cgminer_reply(*bytes, cgminer_commands[index]);
        if (reply) {
            replies_[index] = std::move(*reply);
            if (index == summary_index && join_suspect_) {
                joins_refused_ = true; // joined failed, single works: this firmware refuses joins
            }
        } else if (!take_refusal(index, reply.error())) {
            return complete(tl::unexpected(std::move(reply.error().message)));
        }
        send_next();
    }

    /// An optional command's error: remember a refusal, skip anything else for this poll.
    /// Returns false when the error must fail the poll (summary is essential).
    bool take_refusal(std::size_t index, const parse_error& error) {
        if (index == summary_index) {
            return false;
        }
        if (error.refused()) {
            refused_[index] = true;
        }
        return true;
    }

    void assemble() {
        // Applied in cgminer_commands order whatever the order they were read in: the readers
        // fill only what is still empty, so this order is the precedence.
        miner_reading reading;
        if (replies_[version_index]) {
            miner_reading version;
            version_settled_ = true; // answered this boot, even if it said nothing useful
            if (apply_cgminer_command("version", *replies_[version_index], version)) {
                version_ = std::move(version);
            }
        }
        if (version_) {
            reading = *version_;
        }
        for (std::size_t i = version_index + 1; i < command_count; ++i) {
            if (!replies_[i]) {
                continue;
            }
            auto applied = apply_cgminer_command(cgminer_commands[i], *replies_[i], reading);
            if (!applied && i == summary_index) {
                return complete(tl::unexpected(std::move(applied.error().message)));
            }
        }
        if (!replies_[summary_index]) { // cannot happen: every path to here read summary
            return complete(tl::unexpected(std::string("cgminer summary: no reply")));
        }
        note_boot(reading);
        complete(std::move(reading));
    }

    /// Uptime went down: a new boot, maybe new firmware; ask `version` again next poll.
    void note_boot(const miner_reading& reading) {
        if (reading.uptime_s && last_uptime_ && *reading.uptime_s < *last_uptime_) {
            version_settled_ = false;
        }
        if (reading.uptime_s) {
            last_uptime_ = reading.uptime_s;
        }
    }

    void complete(poll_outcome outcome) {
        replies_ = {}; // the parsed replies are large: do not keep them between polls
        detail::end_poll(busy_, done_, std::move(outcome));
    }

    const driver_options options_;
    std::atomic<bool> busy_{false};
    // Memory between polls.
    bool joins_refused_ = false;
    std::array<bool, command_count> refused_{}; ///< code 14 / 45: never sent again
    std::optional<miner_reading> version_;      ///< what `version` gave this boot
    bool version_settled_ = false;              ///< `version` answered this boot
    std::optional<std::int64_t> last_uptime_;
    // The running poll.
    poll_callback done_;
    boost::asio::io_context* io_ = nullptr;
    std::array<std::optional<cgminer_reply>, command_count> replies_;
    std::vector<std::size_t> queue_; ///< single-command mode: what to send, in order
    std::size_t next_ = 0;
    bool join_suspect_ = false; ///< this poll's joined request failed to parse
};

} // namespace

std::shared_ptr<miner_driver> make_cgminer_driver(driver_options options) {
    if (options.port == 0) {
        options.port = default_port(miner_kind::cgminer);
    }
    return std::make_shared<cgminer_driver>(std::move(options));
}

} // namespace sw::miners
