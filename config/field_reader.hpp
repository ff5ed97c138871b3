#pragma once
// Internal to config/: turns one TOML value into one config field, or records why it cannot.

#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.hpp"

#include <toml++/toml.h>

namespace sw::config::detail {

/// Every refusal of one document, with its position; sorted into file order on take().
class error_sink {
public:
    explicit error_sink(std::string file) : file_(std::move(file)) {}

    void add(const toml::source_region& where, std::string key, std::string message);

    [[nodiscard]] bool empty() const { return errors_.empty(); }

    /// Refusals so far; a reader compares it before and after a read to see if it succeeded.
    [[nodiscard]] std::size_t size() const { return errors_.size(); }

    [[nodiscard]] config_errors take();

private:
    std::string file_;
    config_errors errors_;
};

/// A closed range of numbers; `above_min` excludes the minimum itself (rates must be > 0).
struct number_range {
    double min = 0;
    double max = std::numeric_limits<double>::max();
    bool above_min = false;
};

/// How a value reads in a message: strings quoted, numbers in decimal, "an array" otherwise.
std::string describe(const toml::node& node);

/// Reads the value at `key` (a dotted path) into a field. On a refusal the field keeps its
/// default and the error goes to the sink.
class field_reader {
public:
    field_reader(const toml::node& node, std::string key, error_sink& errors)
        : node_(node)
        , key_(std::move(key))
        , errors_(errors) {}

    void integer(std::size_t& out, std::size_t min, std::size_t max);
    void number(double& out, number_range range);
    void duration_at_least(duration& out, duration min);
    void duration_between(duration& out, duration min, duration max);
    void one_of(std::string& out, std::span<const std::string_view> choices, std::string_view what);
    void listen(server_config& out);
    /// A non-empty string of at most 255 characters.
    void text(std::string& out);
    void boolean(bool& out);
    /// A file or folder path of at most 4096 characters; may be empty (the feature is off).
    void path(std::string& out);
    /// An "http://" or "https://" URL with a host, of at most 2048 characters.
    void url(std::string& out);
    void origins(std::vector<std::string>& out);

private:
    void fail(std::string message) { errors_.add(node_.source(), key_, std::move(message)); }

    const toml::node& node_;
    std::string key_;
    error_sink& errors_;
};

} // namespace sw::config::detail
