#include "net/http_routes.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace sw::net;

namespace {

http_request get(const std::string& target, http::verb verb = http::verb::get) {
    http_request req{verb, target, 11};
    req.set(http::field::host, "localhost");
    return req;
}

} // namespace

TEST_CASE("healthz answers 200 with status ok as JSON") {
    sw::actors::server_stats stats;
    stats.version = "9.9.9";
    auto res = route_http(get("/healthz"), stats);
    CHECK(res.result() == http::status::ok);
    CHECK(res[http::field::content_type] == "application/json");
    auto body = nlohmann::json::parse(res.body());
    CHECK(body["status"] == "ok");
    CHECK(body["version"] == "9.9.9");
}

TEST_CASE("unknown paths answer 404 JSON other methods 405") {
    sw::actors::server_stats stats;
    auto missing = route_http(get("/api/nothing?x=1"), stats);
    CHECK(missing.result() == http::status::not_found);
    CHECK(nlohmann::json::parse(missing.body())["error"]["code"] == "not_found");
    auto post = route_http(get("/healthz", http::verb::post), stats);
    CHECK(post.result() == http::status::method_not_allowed);
}

TEST_CASE("HEAD answers like GET without a body") {
    sw::actors::server_stats stats;
    auto res = route_http(get("/", http::verb::head), stats);
    CHECK(res.result() == http::status::ok);
    CHECK(res.body().empty());
    CHECK(res[http::field::content_length] != "0");
}

TEST_CASE("origins: empty list allows all no Origin is always allowed others must match") {
    std::vector<std::string> none;
    std::vector<std::string> lan{"http://miners.lan:8080", "https://Dash.Example/"};
    CHECK(origin_allowed("http://anything", none));
    CHECK(origin_allowed("", lan));
    CHECK(origin_allowed("http://miners.lan:8080", lan));
    CHECK(origin_allowed("https://dash.example", lan));
    CHECK_FALSE(origin_allowed("http://miners.lan", lan));
    CHECK_FALSE(origin_allowed("http://evil.example", lan));
}
