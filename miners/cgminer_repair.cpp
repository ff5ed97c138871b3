// The broken-JSON repair of cgminer-family replies (MINERS.md section 2). One forward pass with
// an explicit bracket stack: the input comes off a socket, so neither its length nor its
// nesting may decide how deep this code recurses.

#include <array>
#include <cstdio>
#include <vector>

#include "miners/cgminer.hpp"
#include "miners/json_read.hpp"

namespace sw::miners {

namespace {

using json = nlohmann::json;

struct frame {
    char open;       ///< '{' or '['
    bool expect_key; ///< objects: the next string is a key
};

/// What the last significant output was; decides which commas are kept.
enum class last_token : std::uint8_t { none, opener, closer, comma, colon, key, value };

bool is_non_finite_word(std::string_view word) noexcept {
    constexpr std::array<std::string_view, 9> words{
        "inf", "+inf", "-inf", "nan", "+nan", "-nan", "infinity", "+infinity", "-infinity"};
    for (const auto w : words) {
        if (iequals(word, w)) {
            return true;
        }
    }
    return false;
}

bool is_delimiter(char c) noexcept {
    switch (c) {
    case '{':
    case '}':
    case '[':
    case ']':
    case ',':
    case ':':
    case '"':
    case ' ':
    case '\t':
    case '\r':
    case '\n':
        return true;
    default:
        return false;
    }
}

void append_escaped_control(std::string& out, char c) {
    switch (c) {
    case '\n':
        out += "\\n";
        break;
    case '\r':
        out += "\\r";
        break;
    case '\t':
        out += "\\t";
        break;
    default: {
        std::array<char, 8> buf{};
        std::snprintf(buf.data(), buf.size(), "\\u%04x", static_cast<unsigned char>(c));
        out += buf.data();
    }
    }
}

class repairer {
public:
    explicit repairer(std::string_view in) : in_(in) { out_.reserve(in.size() + 16); }

    std::string run() {
        if (!in_.empty() && in_.front() == ',') {
            open('{'); // `,"id":1}`: the head of the reply was lost; the comma is then dropped
        }
        std::size_t i = 0;
        while (i < in_.size()) {
            i = step(i);
        }
        finish();
        return std::move(out_);
    }

private:
    std::size_t step(std::size_t i) {
        const char c = in_[i];
        switch (c) {
        case ' ':
        case '\t':
        case '\r':
        case '\n':
            return i + 1; // blanks outside strings carry nothing
        case '{':
        case '[':
            flush_comma();
            if (c == '{' && last_ == last_token::closer && !out_.empty() && out_.back() == '}') {
                out_ += ','; // `}{` between objects
            }
            open(c);
            return i + 1;
        case '}':
        case ']':
            comma_pending_ = false; // `,}` and `,]`
            out_ += c;
            if (!stack_.empty()) {
                stack_.pop_back();
            }
            last_ = last_token::closer;
            mark_safe();
            return i + 1;
        case ',':
            // After an opener, another comma or nothing, a comma separates nothing: drop it.
            if (last_ != last_token::opener && last_ != last_token::comma
                && last_ != last_token::none) {
                comma_pending_ = true;
                last_ = last_token::comma;
                if (!stack_.empty() && stack_.back().open == '{') {
                    stack_.back().expect_key = true;
                }
            }
            return i + 1;
        case ':':
            flush_comma();
            out_ += ':';
            if (!stack_.empty()) {
                stack_.back().expect_key = false;
            }
            last_ = last_token::colon;
            return i + 1;
        case '"':
            return string(i);
        default:
            return token(i);
        }
    }

    void open(char c) {
        out_ += c;
        stack_.push_back({c, c == '{'});
        last_ = last_token::opener;
        mark_safe();
    }

    void flush_comma() {
        if (comma_pending_) {
            out_ += ',';
            comma_pending_ = false;
        }
    }

    void mark_safe() {
        safe_len_ = out_.size();
        safe_depth_ = stack_.size();
    }

    std::size_t string(std::size_t i) {
        flush_comma();
        const bool is_key =
            !stack_.empty() && stack_.back().open == '{' && stack_.back().expect_key;
        const std::size_t start = out_.size();
        out_ += '"';
        for (++i; i < in_.size(); ++i) {
            const char c = in_[i];
            if (c == '"') {
                out_ += '"';
                end_string(start, is_key);
                return i + 1;
            }
            if (c == '\\' && i + 1 < in_.size()) {
                const char next = in_[++i];
                if (static_cast<unsigned char>(next) < 0x20) {
                    append_escaped_control(out_, next); // `\` + raw newline
                } else {
                    out_ += '\\';
                    out_ += next;
                }
            } else if (static_cast<unsigned char>(c) < 0x20) {
                append_escaped_control(out_, c); // raw newline inside a string
            } else {
                out_ += c;
            }
        }
        in_string_at_end_ = true; // truncated inside a string
        return i;
    }

    void end_string(std::size_t start, bool is_key) {
        if (is_key) {
            last_ = last_token::key;
            return;
        }
        const std::string_view content(out_.data() + start + 1, out_.size() - start - 2);
        if (is_non_finite_word(content)) {
            out_.resize(start);
            out_ += "null"; // "inf" / "nan" as a value: JSON has no such number
        }
        last_ = last_token::value;
        mark_safe();
    }

    std::size_t token(std::size_t i) {
        flush_comma();
        std::size_t end = i;
        while (end < in_.size() && !is_delimiter(in_[end])) {
            ++end;
        }
        const std::string_view word = in_.substr(i, end - i);
        const bool at_eof = end == in_.size();
        if (is_non_finite_word(word)) {
            out_ += "null";
        } else {
            out_ += word;
        }
        last_ = last_token::value;
        // A token cut by the end of input ("12.", "tru") is complete only if it parses.
        if (!at_eof || is_non_finite_word(word) || json::accept(word)) {
            mark_safe();
        }
        return end;
    }

    void finish() {
        if (stack_.empty() && !in_string_at_end_) {
            return; // complete (or broken beyond repair: the parser will say so)
        }
        // Truncated: drop the unfinished tail (a key, a colon, half a string), close the rest.
        out_.resize(safe_len_);
        stack_.resize(safe_depth_);
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            out_ += it->open == '{' ? '}' : ']';
        }
    }

    std::string_view in_;
    std::string out_;
    std::vector<frame> stack_;
    last_token last_ = last_token::none;
    bool comma_pending_ = false;
    bool in_string_at_end_ = false;
    std::size_t safe_len_ = 0;
    std::size_t safe_depth_ = 0;
};

} // namespace

std::string repair_cgminer_json(std::string_view wire) noexcept {
    try {
        while (!wire.empty()
               && (wire.back() == '\0' || wire.back() == ' ' || wire.back() == '\t'
                   || wire.back() == '\r' || wire.back() == '\n')) {
            wire.remove_suffix(1);
        }
        return repairer(trim(wire)).run();
    } catch (...) { // allocation failure: an empty result fails to parse with a clear message
        return {};
    }
}

} // namespace sw::miners
