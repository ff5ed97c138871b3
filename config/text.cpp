#include "config/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <vector>

namespace sw::config::detail {

namespace {

// Error messages quote what the user wrote; a pasted blob should not make them unreadable.
constexpr std::size_t max_quoted_chars = 60;

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Optimal string alignment distance: Levenshtein plus adjacent swaps, since "heartbaet"
// is one slip of the fingers, not two.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    std::vector<std::size_t> d((n + 1) * (m + 1));
    auto at = [&](std::size_t i, std::size_t j) -> std::size_t& {
        return d[i * (m + 1) + j];
    };
    for (std::size_t i = 0; i <= n; ++i) {
        at(i, 0) = i;
    }
    for (std::size_t j = 0; j <= m; ++j) {
        at(0, j) = j;
    }
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2])
                && lower(a[i - 2]) == lower(b[j - 1])) {
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
            }
        }
    }
    return at(n, m);
}

} // namespace

std::string toml_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                constexpr std::string_view hex = "0123456789ABCDEF";
                const auto byte = static_cast<unsigned char>(c);
                out.append("\\u00").append(1, hex[byte >> 4U]).append(1, hex[byte & 0xFU]);
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

std::string quoted(std::string_view text) {
    if (text.size() <= max_quoted_chars) {
        return toml_string(text);
    }
    // Cut on a UTF-8 character boundary so the message stays valid UTF-8.
    std::size_t cut = max_quoted_chars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return toml_string(text.substr(0, cut)) + "...";
}

std::string format_number(double value) {
    std::array<char, 64> buf{};
    const double magnitude = std::fabs(value);
    // Plain digits for the magnitudes people write; exponents only where digits would run on.
    const bool plain =
        std::isfinite(value) && (magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e15));
    const auto result =
        plain ? std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::fixed)
              : std::to_chars(buf.data(), buf.data() + buf.size(), value);
    return {buf.data(), result.ptr};
}

std::string_view closest_match(std::string_view word,
                               std::span<const std::string_view> candidates) {
    constexpr std::size_t max_edits = 2;
    std::string_view best;
    std::size_t best_distance = max_edits + 1;
    for (const auto candidate : candidates) {
        std::size_t distance = edit_distance(word, candidate);
        // "warning" -> "warn", "heartbeat_interval_ms" -> "heartbeat_interval": a known name
        // with something added is as likely a mistake as a typo, though a typo wins a tie.
        if (candidate.size() >= 3 && word.size() > candidate.size()
            && edit_distance(word.substr(0, candidate.size()), candidate) == 0) {
            distance = std::min(distance, max_edits);
        }
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

} // namespace sw::config::detail
