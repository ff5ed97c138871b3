#include "tools/bench/message_scan.hpp"

namespace sw::bench {

namespace {

// A cursor over the frame; every reader returns false on malformed input.
struct cursor {
    std::string_view s;
    std::size_t i = 0;

    [[nodiscard]] bool done() const { return i >= s.size(); }

    [[nodiscard]] char peek() const { return s[i]; }

    void skip_ws() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
            ++i;
    }

    // After the opening quote; leaves `i` past the closing quote.
    bool read_string(std::string_view& out) {
        const std::size_t start = i;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"') {
                out = s.substr(start, i - start);
                ++i;
                return true;
            }
            ++i;
        }
        return false;
    }

    // Skips one value of any kind. Nested containers are skipped by counting brackets
    // outside strings: validating them is the server tests' job, not the bench's.
    bool skip_value() {
        if (done())
            return false;
        const char c = s[i];
        if (c == '"') {
            ++i;
            std::string_view ignored;
            return read_string(ignored);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (i < s.size()) {
                const char d = s[i++];
                if (d == '"') {
                    std::string_view ignored;
                    if (!read_string(ignored))
                        return false;
                } else if (d == '{' || d == '[') {
                    ++depth;
                } else if (d == '}' || d == ']') {
                    if (--depth == 0)
                        return true;
                }
            }
            return false;
        }
        // Number, true, false or null: up to the next delimiter.
        const std::size_t start = i;
        while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' '
               && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
            ++i;
        return i > start;
    }

    bool read_int(std::int64_t& out) {
        bool negative = false;
        if (i < s.size() && s[i] == '-') {
            negative = true;
            ++i;
        }
        const std::size_t start = i;
        std::int64_t v = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 18)
            v = v * 10 + (s[i++] - '0');
        if (i == start)
            return false;
        // A fraction or exponent means it is not the integer seq the protocol promises.
        if (i < s.size()
            && (s[i] == '.' || s[i] == 'e' || s[i] == 'E' || (s[i] >= '0' && s[i] <= '9')))
            return false;
        out = negative ? -v : v;
        return true;
    }
};

} // namespace

std::optional<frame_fields> scan_frame(std::string_view json) {
    cursor c{json};
    frame_fields out;
    bool have_type = false;
    bool have_ts = false;
    c.skip_ws();
    if (c.done() || c.peek() != '{')
        return std::nullopt;
    ++c.i;
    for (;;) {
        c.skip_ws();
        if (c.done())
            return std::nullopt;
        if (c.peek() == '}')
            return out;
        if (c.peek() != '"')
            return std::nullopt;
        ++c.i;
        std::string_view key;
        if (!c.read_string(key))
            return std::nullopt;
        c.skip_ws();
        if (c.done() || c.peek() != ':')
            return std::nullopt;
        ++c.i;
        c.skip_ws();
        if (c.done())
            return std::nullopt;
        if (key == "type" && c.peek() == '"') {
            ++c.i;
            if (!c.read_string(out.type))
                return std::nullopt;
            have_type = true;
        } else if (key == "timestamp" && c.peek() == '"') {
            ++c.i;
            if (!c.read_string(out.timestamp))
                return std::nullopt;
            have_ts = true;
        } else if (key == "seq" && c.peek() != '"') {
            std::int64_t v = 0;
            if (c.read_int(v))
                out.seq = v;
            else if (!c.skip_value())
                return std::nullopt;
        } else if (!c.skip_value()) {
            return std::nullopt;
        }
        // Broadcasts put `data` last, so this usually stops before the bulk of the frame.
        if (have_type && have_ts && out.seq)
            return out;
        c.skip_ws();
        if (c.done())
            return std::nullopt;
        if (c.peek() == ',') {
            ++c.i;
            continue;
        }
        if (c.peek() == '}')
            return out;
        return std::nullopt;
    }
}

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (std::size_t k = pos; k < pos + n; ++k) {
        if (s[k] < '0' || s[k] > '9')
            return false;
        v = v * 10 + (s[k] - '0');
    }
    out = v;
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

} // namespace

std::optional<std::int64_t> parse_rfc3339_micros(std::string_view t) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (t.size() < 20 || !digits(t, 0, 4, year) || t[4] != '-' || !digits(t, 5, 2, month)
        || t[7] != '-' || !digits(t, 8, 2, day) || (t[10] != 'T' && t[10] != 't')
        || !digits(t, 11, 2, hour) || t[13] != ':' || !digits(t, 14, 2, minute) || t[16] != ':'
        || !digits(t, 17, 2, second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    std::size_t i = 19;
    std::int64_t micros = 0;
    if (i < t.size() && t[i] == '.') {
        ++i;
        int n = 0;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
            if (n < 6)
                micros = micros * 10 + (t[i] - '0');
            ++n;
            ++i;
        }
        if (n == 0)
            return std::nullopt;
        for (; n < 6; ++n)
            micros *= 10;
    }
    std::int64_t offset_s = 0;
    if (i < t.size() && (t[i] == 'Z' || t[i] == 'z')) {
        ++i;
    } else if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
        int oh = 0, om = 0;
        if (!digits(t, i + 1, 2, oh) || i + 3 >= t.size() || t[i + 3] != ':'
            || !digits(t, i + 4, 2, om))
            return std::nullopt;
        offset_s = (oh * 3600 + om * 60) * (t[i] == '+' ? 1 : -1);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != t.size())
        return std::nullopt;
    const std::int64_t days =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_s;
    return secs * 1000000 + micros;
}

} // namespace sw::bench
