// The boundary: TOML text or a file in, a validated config or every refusal out. Nothing
// thrown inside (toml++ parse errors, allocation failure) gets past these functions.

#include "config/config.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <new>
#include <string>
#include <system_error>

#include "config/alerts_schema.hpp"
#include "config/field_reader.hpp"
#include "config/schema.hpp"

#include <toml++/toml.h>

namespace sw::config {

namespace {

// A config file is a few kilobytes; the cap keeps `--check-config /dev/zero` from eating RAM.
constexpr std::size_t max_file_bytes = std::size_t{4} * 1024 * 1024;

tl::unexpected<config_errors> one_error(std::string_view file, std::string message) {
    return tl::unexpected(
        config_errors{config_error{std::string(file), 0, 0, {}, std::move(message)}});
}

// Used from catch blocks: building the message may itself fail for lack of memory, and then
// an empty error list (no allocation) is still a refusal rather than std::terminate.
tl::unexpected<config_errors> last_resort(std::string_view file,
                                          std::string_view message) noexcept {
    try {
        return one_error(file, std::string(message));
    } catch (...) {
        return tl::unexpected(config_errors{});
    }
}

tl::expected<config, config_errors> parse(std::string_view text, std::string_view source_name) {
    toml::table root;
    try {
        root = toml::parse(text, source_name);
    } catch (const toml::parse_error& e) {
        const auto& where = e.source().begin;
        return tl::unexpected(
            config_errors{config_error{std::string(source_name),
                                       where.line,
                                       where.column,
                                       {},
                                       "invalid TOML: " + std::string(e.description())}});
    }
    config cfg;
    cfg.source_path = std::string(source_name);
    detail::error_sink errors{std::string(source_name)};
    detail::read_document(root, cfg, errors);
    // Checks that span two keys, reported at the key that has to change.
    if (cfg.actors.restart_backoff_max < cfg.actors.restart_backoff_initial) {
        const auto* node = root.at_path("actors.restart_backoff_max").node();
        errors.add(node != nullptr ? node->source() : toml::source_region{},
                   "actors.restart_backoff_max",
                   "must be at least actors.restart_backoff_initial ("
                       + format_duration(cfg.actors.restart_backoff_initial) + ")");
    }
    detail::check_alerts(root, cfg, errors);
    if (!errors.empty()) {
        return tl::unexpected(errors.take());
    }
    return cfg;
}

struct file_closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

tl::expected<config, config_errors> load(const std::string& path) {
    auto os_reason = [](int code) {
        return std::generic_category().message(code);
    };
    errno = 0;
    const std::unique_ptr<std::FILE, file_closer> file{std::fopen(path.c_str(), "rb")};
    if (!file) {
        return one_error(path, "cannot open the config file: " + os_reason(errno));
    }
    std::string text;
    std::array<char, 8192> chunk{};
    while (true) {
        const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file.get());
        if (n < chunk.size() && std::ferror(file.get()) != 0) {
            // e.g. EISDIR: fopen succeeds on a directory, the first read fails.
            return one_error(path, "cannot read the config file: " + os_reason(errno));
        }
        text.append(chunk.data(), n);
        if (text.size() > max_file_bytes) {
            return one_error(path, "the config file is larger than 4 MiB; is it the right file?");
        }
        if (n < chunk.size()) {
            break;
        }
    }
    return parse(text, path);
}

} // namespace

std::string resolve_path(const config& cfg, const std::string& path) {
    if (path.empty() || path.front() == '/' || cfg.source_path.empty())
        return path;
    const auto slash = cfg.source_path.rfind('/');
    return slash == std::string::npos ? path : cfg.source_path.substr(0, slash + 1) + path;
}

std::string config_error::to_string() const {
    std::string out = file;
    if (line != 0) {
        out.append(out.empty() ? "" : ":").append(std::to_string(line));
        if (column != 0) {
            out.append(":").append(std::to_string(column));
        }
    }
    for (const std::string* part : {&key, &message}) {
        if (!part->empty()) {
            out.append(out.empty() ? "" : ": ").append(*part);
        }
    }
    return out;
}

tl::expected<config, config_errors> parse_config(std::string_view text,
                                                 std::string_view source_name) noexcept {
    try {
        return parse(text, source_name);
    } catch (const std::bad_alloc&) {
        return last_resort(source_name, "out of memory while reading the configuration");
    } catch (const std::exception& e) {
        return last_resort(source_name, e.what());
    } catch (...) {
        return last_resort(source_name, "internal error while reading the configuration");
    }
}

tl::expected<config, config_errors> load_config_file(const std::string& path) noexcept {
    try {
        return load(path);
    } catch (const std::bad_alloc&) {
        return last_resort(path, "out of memory while reading the configuration");
    } catch (const std::exception& e) {
        return last_resort(path, e.what());
    } catch (...) {
        return last_resort(path, "internal error while reading the configuration");
    }
}

} // namespace sw::config
