// Broken-JSON shapes seen from real cgminer forks (MINERS.md section 2). Each one is made so
// the repair MINERS.md prescribes gives back valid JSON with the same data, so a poller test
// can check both "repairs" and "reads the right values after repairing".

#include <cctype>
#include <cstdio>

#include "tools/fakeminer/cgminer_reply.hpp"

namespace sw::fakeminer {

namespace {

// `,}` before the final brace: repaired by dropping the comma.
std::string trailing_comma(std::string s) {
    if (!s.empty() && s.back() == '}')
        s.insert(s.size() - 1, 1, ','); // the (count, char) form: GCC 12 -Wrestrict misfires
    return s;
}

// Numbers inside data objects as strings: "Accepted":" 12.0000", "GHS av":"142562.73".
void stringify_numbers(ojson& j, bool inside_data) {
    if (j.is_object()) {
        for (auto& item : j.items()) {
            if (item.key() == "STATUS" || item.key() == "id")
                continue;
            stringify_numbers(item.value(), true);
        }
    } else if (j.is_array()) {
        for (auto& item : j)
            stringify_numbers(item, inside_data);
    } else if (inside_data && j.is_number()) {
        char buf[64];
        if (j.is_number_float())
            std::snprintf(buf, sizeof buf, "%.2f", j.get<double>());
        else
            std::snprintf(buf, sizeof buf, " %lld.0000", static_cast<long long>(j.get<double>()));
        j = std::string(buf);
    }
}

// The first "[{" that opens a data array (not the STATUS array).
std::size_t data_array_open(const std::string& s) {
    for (auto pos = s.find("[{"); pos != std::string::npos; pos = s.find("[{", pos + 1)) {
        static constexpr std::string_view status_key = "\"STATUS\":";
        if (pos < status_key.size()
            || s.compare(pos - status_key.size(), status_key.size(), status_key) != 0)
            return pos;
    }
    return std::string::npos;
}

// Replaces the number after position `from` ("key":123.45) by a bare nan; false if none.
bool nan_after(std::string& s, std::size_t from, bool need_dot) {
    for (auto pos = s.find("\":", from); pos != std::string::npos; pos = s.find("\":", pos + 2)) {
        const auto begin = pos + 2;
        auto end = begin;
        bool dot = false;
        while (end < s.size()
               && (std::isdigit(static_cast<unsigned char>(s[end])) != 0 || s[end] == '.'
                   || s[end] == '-')) {
            dot = dot || s[end] == '.';
            ++end;
        }
        if (end > begin && (dot || !need_dot)) {
            s.replace(begin, end - begin, "nan");
            return true;
        }
        if (!need_dot)
            return false; // only the value right after `from` was wanted
    }
    return false;
}

// A ratio ("Device Rejected%") is where cgminer forks print nan after a 0/0; else the first
// float after the STATUS block.
bool replace_with_nan(std::string& s) {
    if (const auto pct = s.find("%\":"); pct != std::string::npos && nan_after(s, pct, false))
        return true;
    const auto status_end = s.find("}]");
    return nan_after(s, status_end == std::string::npos ? 0 : status_end, true);
}

} // namespace

std::string break_json(const ojson& reply, broken_variant variant) {
    std::string s = reply.dump();
    switch (variant) {
    case broken_variant::rotate:
    case broken_variant::trailing_comma:
        return trailing_comma(std::move(s));
    case broken_variant::missing_comma: {
        // `}{` between array elements (Antminer stats); single-element replies have no such
        // spot, so they get the trailing comma instead.
        const auto pos = s.find("},{");
        if (pos == std::string::npos)
            return trailing_comma(std::move(s));
        return s.erase(pos + 1, 1);
    }
    case broken_variant::leading_comma: {
        const auto pos = data_array_open(s);
        if (pos == std::string::npos)
            return trailing_comma(std::move(s));
        return s.insert(pos + 1, 1, ',');
    }
    case broken_variant::raw_newline: {
        // A raw newline inside the Description string (control characters are invalid there).
        const auto key = s.find("\"Description\":\"");
        if (key == std::string::npos)
            return trailing_comma(std::move(s));
        const auto close = s.find('"', key + 15);
        return s.insert(close, 1, '\n');
    }
    case broken_variant::nan_value:
        if (!replace_with_nan(s))
            return trailing_comma(std::move(s));
        return s;
    case broken_variant::truncated:
        if (!s.empty())
            s.pop_back();
        return s;
    case broken_variant::string_numbers: {
        ojson copy = reply;
        stringify_numbers(copy, false);
        return copy.dump();
    }
    }
    return s;
}

} // namespace sw::fakeminer
