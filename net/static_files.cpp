#include "net/static_files.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>

namespace sw::net {
namespace {

constexpr std::string_view assets_prefix = "/assets/";
constexpr std::string_view vendor_prefix = "vendor/";

/// FNV-1a 64: a cheap content hash for the ETag (not a security property).
std::string etag_of(std::string_view body) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : body) {
        h ^= c;
        h *= 1099511628211ull;
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (int shift = 60; shift >= 0; shift -= 4)
        out += hex[(h >> shift) & 0xf];
    return out + "\"";
}

std::string_view content_type_of(std::string_view key) {
    auto ends = [&](std::string_view ext) {
        return key.ends_with(ext);
    };
    if (ends(".html"))
        return "text/html; charset=utf-8";
    if (ends(".css"))
        return "text/css; charset=utf-8";
    if (ends(".js") || ends(".mjs"))
        return "text/javascript; charset=utf-8";
    if (ends(".json"))
        return "application/json";
    if (ends(".svg"))
        return "image/svg+xml";
    if (ends(".png"))
        return "image/png";
    return {};
}

/// The asset key a request path names ("index.html", "app.js", "vendor/uPlot.min.css"), or
/// empty when the path is not the dashboard's.
std::string_view key_of(std::string_view path) {
    if (path == "/" || path == "/index.html")
        return "index.html";
    if (path.starts_with(assets_prefix))
        return path.substr(assets_prefix.size());
    return {};
}

/// A key that stays inside the web root: relative, no `..` segment, no backslash, no
/// percent-encoding (never decoded, so refused), no control characters.
bool safe_key(std::string_view key) {
    if (key.empty() || key.front() == '/')
        return false;
    if (std::any_of(key.begin(), key.end(), [](char c) {
            return c == '\\' || c == '%' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
        }))
        return false;
    std::size_t start = 0;
    while (start <= key.size()) {
        auto slash = key.find('/', start);
        auto segment =
            key.substr(start, slash == std::string_view::npos ? key.npos : slash - start);
        if (segment.empty() || segment == "." || segment == "..")
            return false;
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return true;
}

std::optional<asset> from_folder(std::string_view key, std::string_view web_root) {
    if (!safe_key(key))
        return std::nullopt;
    auto type = content_type_of(key);
    if (type.empty())
        return std::nullopt;
    std::string file(web_root);
    if (!file.empty() && file.back() != '/')
        file += '/';
    // uPlot comes from npm: the same layout as the embedded copy, from node_modules.
    if (key.starts_with(vendor_prefix))
        file += "node_modules/uplot/dist/" + std::string(key.substr(vendor_prefix.size()));
    else
        file += key;
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream body;
    body << in.rdbuf();
    if (in.bad())
        return std::nullopt;
    asset a{std::string(type), body.str(), {}};
    a.etag = etag_of(a.body);
    return a;
}

std::optional<asset> from_binary(std::string_view key) {
    const auto* end = embedded::assets + embedded::asset_count;
    const auto* it = std::find_if(
        embedded::assets, end, [&](const embedded::embedded_asset& a) { return a.key == key; });
    if (it == end)
        return std::nullopt;
    asset a{std::string(it->content_type), std::string(it->body), {}};
    a.etag = etag_of(a.body);
    return a;
}

} // namespace

bool is_asset_path(std::string_view path) {
    return !key_of(path).empty();
}

std::optional<asset> find_asset(std::string_view path, std::string_view web_root) {
    auto key = key_of(path);
    if (key.empty())
        return std::nullopt;
    return web_root.empty() ? from_binary(key) : from_folder(key, web_root);
}

} // namespace sw::net
