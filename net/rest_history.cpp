#include "net/rest_history.hpp"

#include <chrono>
#include <memory>

#include "actors/ask.hpp"
#include "actors/history.hpp"
#include "actors/messages.hpp"
#include "net/request_parts.hpp"

namespace sw::net {
namespace {

constexpr auto ask_timeout = std::chrono::seconds(10); // a year at 5-minute steps: ~100k rows
constexpr std::uint64_t default_range = 24 * 3600;
constexpr std::uint64_t default_alert_limit = 500;
constexpr std::uint64_t max_alert_limit = 10000;
constexpr std::uint64_t latest_time = 253'402'300'799; // 9999-12-31T23:59:59Z: no overflow below

std::uint64_t unix_now() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

} // namespace

void get_history(net_context& ctx,
                 const http_request& req,
                 std::optional<std::string> series,
                 std::function<void(http_response)> respond) {
    if (!ctx.history) {
        respond(json_error(req,
                           http::status::service_unavailable,
                           "unavailable",
                           "history is off ([history] path is empty)"));
        return;
    }
    const auto bad = [&](const std::string& why) {
        respond(json_error(req, http::status::bad_request, "invalid_request", why));
    };
    const auto to = query_number(req, "to", unix_now());
    const auto from = to ? query_number(req, "from", *to > default_range ? *to - default_range : 0)
                         : std::nullopt;
    const auto step = query_number(req, "step", 0);
    const auto limit = query_number(req, "limit", default_alert_limit);
    if (!from || !to || !step || !limit)
        return bad("from, to, step and limit must be non-negative integers (unix seconds)");
    if (*from > *to)
        return bad("from must not be after to");
    if (*to > latest_time || *step > latest_time)
        return bad("from, to and step must be at most " + std::to_string(latest_time)
                   + " (the end of the year 9999)");
    if (*limit == 0 || *limit > max_alert_limit)
        return bad("limit must be 1 .. " + std::to_string(max_alert_limit));

    actors::history_query q{series.value_or(""),
                            static_cast<std::int64_t>(*from),
                            static_cast<std::int64_t>(*to),
                            static_cast<std::int64_t>(*step),
                            static_cast<std::size_t>(*limit)};
    auto shell = std::make_shared<http_request>(req.method(), req.target(), req.version());
    shell->keep_alive(req.keep_alive());
    auto done = [shell, respond = std::move(respond)](
                    tl::expected<actors::history_reply, std::string> reply) {
        using kind = actors::history_reply::kind;
        if (!reply)
            respond(json_error(
                *shell, http::status::service_unavailable, "unavailable", reply.error()));
        else if (reply->status == kind::not_found)
            respond(json_error(*shell, http::status::not_found, "miner_not_found", reply->text));
        else if (reply->status == kind::unavailable)
            respond(
                json_error(*shell, http::status::service_unavailable, "unavailable", reply->text));
        else
            respond(text_response(*shell, std::move(reply->text), "application/json"));
    };
    if (series)
        actors::ask<actors::history_reply>(
            ctx.system, ctx.history, ask_timeout, std::move(done), actors::sw_hquery_atom_v, q);
    else
        actors::ask<actors::history_reply>(
            ctx.system, ctx.history, ask_timeout, std::move(done), actors::sw_halerts_atom_v, q);
}

} // namespace sw::net
