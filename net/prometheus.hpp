#pragma once
// Prometheus text exposition (format 0.0.4) of the miners, the fleet and the server. Pure and
// hand-written: Debian packages no C++ Prometheus client, and the format is a few lines.
// Unknown values are omitted, never written as NaN: a gap in a graph is honest, a NaN is not
// something dashboards or alert rules handle well.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "miners/fleet_metrics.hpp"
#include "miners/snapshot.hpp"

namespace sw::net {

enum class metric_type : std::uint8_t { gauge, counter };

/// Label name -> value, in the order written.
using metric_labels = std::vector<std::pair<std::string, std::string>>;

/// Builds one exposition. Each family is written once, HELP and TYPE first, with all its
/// samples together, in the order families were first declared.
class exposition {
public:
    /// Makes `name` the current family, declaring it on first use; declaring it again (same
    /// help and type) returns to it, so callers may loop over miners outside or inside.
    /// Throws std::invalid_argument for a malformed name and std::logic_error when a second
    /// declaration disagrees with the first.
    void family(std::string_view name, std::string_view help, metric_type type);

    /// Adds a sample to the current family; an unknown or non-finite value adds nothing.
    /// Throws std::logic_error before any family() and std::invalid_argument for a bad label name.
    void sample(const metric_labels& labels, std::optional<double> value);

    void sample(std::optional<double> value) { sample({}, value); }

    /// The exposition text; families without samples keep their HELP and TYPE lines.
    [[nodiscard]] std::string text() const;

private:
    struct family_text {
        std::string name;
        std::string help;
        metric_type type;
        std::string samples;
    };

    std::vector<family_text> families_;
    std::optional<std::size_t> current_;
};

/// Label value escaping of the text format: backslash, double quote and line feed.
std::string escape_label_value(std::string_view value);

/// Shortest text that reads back as the same double; whole numbers below 1e15 in fixed
/// notation ("48213", "126410000000000", "0.5", "1.75e-07").
std::string format_value(double value);

struct topic_figures {
    std::string topic;
    std::uint64_t subscribers = 0;
    std::uint64_t broadcasts = 0;
    std::uint64_t bytes = 0;
};

struct poll_figures {
    std::string miner; ///< configured name
    std::uint64_t ok = 0;
    std::uint64_t failed = 0;
    std::uint64_t skipped = 0;
};

using counts_by_name = std::vector<std::pair<std::string, std::uint64_t>>;

struct server_figures {
    double uptime_seconds = 0;
    std::optional<double> resident_bytes;
    std::uint64_t connections_open = 0;
    counts_by_name connections_refused; ///< reason (limit, origin, per_ip, accept_rate) -> count
    counts_by_name connections_closed;  ///< reason -> count
    std::vector<topic_figures> topics;
    std::uint64_t frames_dropped = 0;
    std::uint64_t frames_conflated = 0;
    std::uint64_t http_requests = 0;
    std::vector<poll_figures> polls;
    counts_by_name mailbox_high_water; ///< actor name -> max mailbox depth
};

/// The `/metrics` body, prefix `solowatch_`, base units (hashes per second, watts, seconds).
/// Per-miner samples are labelled `miner` (configured name) and `kind`; make, model, firmware
/// and id go on `solowatch_miner_info` only, so a model learnt late does not split a series.
/// An offline miner keeps `up` 0, its info and its cumulative figures (shares, bests, blocks);
/// its last instantaneous readings (hashrate, power, temperatures, fans, uptime) are stale
/// and omitted.
std::string render_metrics(const std::vector<miners::miner_snapshot>& miners,
                           const miners::fleet_totals& fleet,
                           const server_figures& server);

} // namespace sw::net
