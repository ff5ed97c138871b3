#include "net/rest_trace.hpp"

#include <nlohmann/json.hpp>

#include "actors/trace.hpp"
#include "net/request_parts.hpp"

namespace sw::net {

namespace {

namespace trace = actors::trace;

nlohmann::json settings_json() {
    const auto s = trace::current();
    return {
        {"mode", trace::to_string(s.m)}, {"sample", s.sample}, {"ring", s.ring}, {"file", s.file}};
}

http_response set_mode(const http_request& req) {
    auto body = nlohmann::json::parse(req.body(), nullptr, false);
    const auto bad = [&req](const std::string& why) {
        return json_error(req, http::status::bad_request, "invalid_request", why);
    };
    if (!body.is_object() || !body.contains("mode") || !body["mode"].is_string())
        return bad(R"(expected {"mode":"on"|"off"|"sampled"} with an optional "sample")");
    auto m = trace::parse_mode(body["mode"].get<std::string>());
    if (!m)
        return bad("mode must be \"on\", \"off\" or \"sampled\"");
    std::optional<std::size_t> sample;
    if (body.contains("sample")) {
        const auto& s = body["sample"];
        if (!s.is_number_unsigned() || s.get<std::uint64_t>() < 1
            || s.get<std::uint64_t>() > 1'000'000)
            return bad("sample must be an integer from 1 to 1000000");
        sample = s.get<std::size_t>();
    }
    trace::set_mode(*m, sample);
    return text_response(req, settings_json().dump(), "application/json");
}

} // namespace

http_response handle_trace(const http_request& req, bool local) {
    if (req.method() == http::verb::post) {
        if (!local)
            return json_error(req, http::status::forbidden, "forbidden", "only from localhost");
        return set_mode(req);
    }
    if (req.method() != http::verb::get && req.method() != http::verb::head)
        return json_error(
            req, http::status::method_not_allowed, "method_not_allowed", "only GET and POST");
    auto since = query_number(req, "since", 0);
    auto limit = query_number(req, "limit", 0);
    if (!since || !limit)
        return json_error(req,
                          http::status::bad_request,
                          "invalid_request",
                          "since and limit must be non-negative integers");
    return text_response(req, trace::ring_jsonl(*since, *limit), "application/x-ndjson");
}

} // namespace sw::net
