#include "miners/avalon_mm.hpp"

#include "miners/json_read.hpp"

namespace sw::miners {

namespace {

bool is_word(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

} // namespace

std::vector<std::pair<std::string, std::string>> parse_avalon_mm(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t open = text.find('[', pos);
        if (open == std::string_view::npos) {
            break;
        }
        std::size_t key_start = open;
        while (key_start > pos && is_word(text[key_start - 1])) {
            --key_start;
        }
        const std::size_t close = text.find(']', open + 1);
        if (close == std::string_view::npos) {
            break; // no `]` anywhere after: the regex would not match either
        }
        if (key_start == open) {
            pos = open + 1; // `[` without a key: the regex search moves on by one character
            continue;
        }
        fields.emplace_back(std::string(text.substr(key_start, open - key_start)),
                            std::string(text.substr(open + 1, close - open - 1)));
        pos = close + 1;
    }
    return fields;
}

std::optional<std::string>
avalon_mm_value(const std::vector<std::pair<std::string, std::string>>& fields,
                std::string_view key) {
    for (const auto& [k, v] : fields) {
        if (k == key) {
            return v;
        }
    }
    return std::nullopt;
}

std::vector<double> avalon_mm_numbers(std::string_view value) {
    std::vector<double> numbers;
    std::size_t pos = 0;
    while (pos < value.size()) {
        while (pos < value.size() && value[pos] == ' ') {
            ++pos;
        }
        const std::size_t end = std::min(value.find(' ', pos), value.size());
        if (end == pos) {
            break;
        }
        std::string_view token = value.substr(pos, end - pos);
        if (token.back() == '%') {
            token.remove_suffix(1);
        }
        const auto n = parse_number(token);
        if (!n) {
            break;
        }
        numbers.push_back(*n);
        pos = end;
    }
    return numbers;
}

std::pair<std::optional<std::string>, std::string> split_avalon_version(std::string_view ver) {
    const std::string_view v = trim(ver);
    for (std::size_t dash = v.find('-'); dash != std::string_view::npos;
         dash = v.find('-', dash + 1)) {
        const std::string_view rest = v.substr(dash + 1);
        bool firmware = rest.size() > 8 && rest[8] == '_';
        for (std::size_t i = 0; firmware && i < 8; ++i) {
            firmware = is_digit(rest[i]);
        }
        if (firmware && dash > 0) {
            return {std::string(v.substr(0, dash)), std::string(rest)};
        }
    }
    return {std::nullopt, std::string(v)};
}

} // namespace sw::miners
