#include "net/http_routes.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "net/static_files.hpp"

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

TEST_CASE("the dashboard is served from the binary with content types and ETags") {
    sw::actors::server_stats stats;
    auto page = route_http(get("/"), stats);
    REQUIRE(page.result() == http::status::ok);
    CHECK(page[http::field::content_type] == "text/html; charset=utf-8");
    CHECK(page.body().find("/assets/app.js") != std::string::npos);
    CHECK(page[http::field::cache_control] == "no-cache");
    CHECK(route_http(get("/index.html"), stats).body() == page.body());

    auto js = route_http(get("/assets/app.js"), stats);
    CHECK(js.result() == http::status::ok);
    CHECK(js[http::field::content_type] == "text/javascript; charset=utf-8");
    auto css = route_http(get("/assets/style.css?v=1"), stats);
    CHECK(css[http::field::content_type] == "text/css; charset=utf-8");
    auto uplot = route_http(get("/assets/vendor/uPlot.iife.min.js"), stats);
    CHECK(uplot.result() == http::status::ok);
    CHECK(uplot.body().find("uPlot") != std::string::npos);
    CHECK(route_http(get("/assets/vendor/uPlot.min.css"), stats).result() == http::status::ok);

    auto missing = route_http(get("/assets/nothing.js"), stats);
    CHECK(missing.result() == http::status::not_found);
    CHECK(route_http(get("/assets/../CMakeLists.txt"), stats).result() == http::status::not_found);

    auto etag = std::string(js[http::field::etag]);
    REQUIRE(etag.size() == 18);
    auto again = get("/assets/app.js");
    again.set(http::field::if_none_match, etag);
    auto cached = route_http(again, stats);
    CHECK(cached.result() == http::status::not_modified);
    CHECK(cached.body().empty());
    CHECK(cached[http::field::etag] == etag);
}

TEST_CASE("a web_root folder serves its own files and refuses to leave it") {
    namespace fs = std::filesystem;
    std::string templ = (fs::temp_directory_path() / "solowatch-web-XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    fs::path root = templ;
    fs::create_directories(root / "node_modules/uplot/dist");
    std::ofstream(root / "index.html") << "<p>dev page</p>";
    std::ofstream(root / "app.js") << "export {};";
    std::ofstream(root / "node_modules/uplot/dist/uPlot.min.css") << ".u{}";
    std::ofstream(root.parent_path() / (root.filename().string() + "-secret.js")) << "secret";

    auto page = find_asset("/", root.string());
    REQUIRE(page);
    CHECK(page->body == "<p>dev page</p>");
    CHECK(page->content_type == "text/html; charset=utf-8");
    CHECK(find_asset("/assets/app.js", root.string())->body == "export {};");
    CHECK(find_asset("/assets/vendor/uPlot.min.css", root.string() + "/")->body == ".u{}");
    CHECK_FALSE(find_asset("/assets/missing.js", root.string()));
    auto escape = "/assets/../" + root.filename().string() + "-secret.js";
    CHECK_FALSE(find_asset(escape, root.string()));
    CHECK_FALSE(find_asset("/assets/vendor/../../x.js", root.string()));
    CHECK_FALSE(find_asset("/assets/%2e%2e/x.js", root.string()));
    CHECK_FALSE(find_asset("/assets//etc/passwd.js", root.string()));
    CHECK_FALSE(find_asset("/assets/a\\..\\b.js", root.string()));
    CHECK_FALSE(find_asset("/other.js", root.string()));
    fs::remove_all(root);
    fs::remove(root.parent_path() / (root.filename().string() + "-secret.js"));
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
