#pragma once
// The dashboard's files: embedded into the binary at build time (cmake/embed_web.cmake turns
// web/*.{html,css,js} and uPlot's dist files into a generated source), or read from a folder
// for development.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sw::net {

/// One file of the dashboard, ready to send.
struct asset {
    std::string content_type;
    std::string body;
    std::string etag; ///< strong validator, quoted: "\"<16 hex digits>\""
};

/// The asset a request path names, or nullopt. Served paths: `/` and `/index.html` (the
/// page), `/assets/<name>` (web/<name> for the page's own files, `/assets/vendor/<file>` for
/// web/node_modules/uplot/dist/<file>). An empty `web_root` serves the copies embedded at build
/// time; otherwise the files are read from that folder (laid out like web/) on every request,
/// and a path with `..`, a backslash, a `%` or a control character is refused.
std::optional<asset> find_asset(std::string_view path, std::string_view web_root);

/// True when `path` is one `find_asset` could answer (`/`, `/index.html`, `/assets/...`).
bool is_asset_path(std::string_view path);

namespace embedded {

/// One entry of the generated table: key as below /assets/ (the page is `index.html`).
struct embedded_asset {
    std::string_view key;
    std::string_view content_type;
    std::string_view body;
};

extern const embedded_asset assets[];
extern const std::size_t asset_count;

} // namespace embedded

} // namespace sw::net
