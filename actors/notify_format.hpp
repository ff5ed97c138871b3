#pragma once
// What a notification channel sends, as plain data: which notifications a channel wants and
// the HTTP request that carries one to webhook, ntfy, Discord or Telegram. Pure functions, no
// I/O: the notifier actor sends what format_request() builds.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/http_post.hpp"

namespace sw::actors {

/// What the alert engine hands over: one alert raised or cleared.
struct notification {
    std::string rule;     ///< e.g. "asic_temp"
    std::string severity; ///< "info" | "warning" | "critical"
    std::string state;    ///< "raised" | "cleared"
    std::string title;    ///< e.g. "gamma-1: ASIC temperature critical"
    std::string message;  ///< e.g. "gamma-1 ASIC temperature 76.2 C >= 75 C"
    nlohmann::json alert; ///< the full alert object: the webhook body
};

/// One [[notify]] table of the config (mapped by the caller; validated there).
struct notify_channel {
    std::string name; ///< for logs, stats and /api/notify/test
    std::string kind; ///< webhook | ntfy | discord | telegram
    /// webhook: where the alert JSON goes; ntfy: the topic URL (https://ntfy.sh/<topic>);
    /// discord: the channel's webhook URL. Never logged: it often holds a secret.
    std::string url;
    /// Extra request headers (e.g. Authorization for a private ntfy server), any kind.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string api_base = "https://api.telegram.org"; ///< telegram: the Bot API server
    std::string bot_token;                             ///< telegram: never logged
    std::string chat_id;                               ///< telegram: "12345" or "@channel"
    std::string min_severity = "warning";              ///< info | warning | critical
    std::vector<std::string> rules;                    ///< rule ids to send; empty: all
    std::chrono::milliseconds timeout{5000};           ///< one deadline per attempt
    std::size_t retries = 3;                           ///< attempts after the first
    std::chrono::milliseconds retry_backoff{2000};     ///< before the 1st retry; doubles
    std::size_t queue_size = 100; ///< notifications waiting behind the one being sent
};

/// The kinds format_request() knows.
bool known_kind(std::string_view kind);

/// Whether the channel sends `n`: its severity is at least min_severity (an unknown severity
/// always passes: better one message too many than a silent alert; an unknown min_severity
/// counts as info) and its rule is listed (or no rules are). Cleared alerts pass on the severity of
/// the alert they clear.
bool wants(const notify_channel& channel, const notification& n);

/// The request that delivers `n` on `channel`. Texts are cut to the service's limits
/// (Discord 2000, Telegram 4096 characters); header values lose control characters. An
/// unknown kind gives a request without URL (http_post then fails with "bad URL").
http_post_request format_request(const notify_channel& channel, const notification& n);

/// The notification the "test this channel" button sends.
notification test_notification(const notify_channel& channel);

} // namespace sw::actors
