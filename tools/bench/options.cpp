#include "tools/bench/options.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace sw::bench {

const char* to_string(run_mode mode) {
    switch (mode) {
    case run_mode::subscribe:
        return "subscribe";
    case run_mode::idle:
        return "idle";
    case run_mode::storm:
        return "storm";
    }
    return "?";
}

bool is_loopback_address(const std::string& text) {
    // inet_pton accepts only the strict dotted quad, so "127.1" or "0x7f.0.0.1" are refused
    // rather than resolved to something unexpected.
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1)
        return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

bool is_ipv6_literal(const std::string& text) {
    in6_addr v6{};
    return inet_pton(AF_INET6, text.c_str(), &v6) == 1;
}

namespace {

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if (c == ',') {
            if (!cur.empty())
                out.push_back(cur);
            cur.clear();
        } else if (c != ' ') {
            cur += c;
        }
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

bool valid_topic(const std::string& topic) {
    // Built into the subscribe frame by concatenation, so keep it to a JSON-safe alphabet;
    // every protocol topic name fits.
    if (topic.empty() || topic.size() > 64)
        return false;
    for (char c : topic)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

} // namespace

bool validate(options& opt, std::string& error) {
    if (opt.host == "localhost")
        opt.host = "127.0.0.1";
    if (!is_loopback_address(opt.host)) {
        error = "--host '" + opt.host + "': only loopback addresses (127.0.0.0/8, ::1) are allowed";
        return false;
    }
    opt.sources = split_commas(opt.source_addresses);
    for (const auto& s : opt.sources) {
        if (!is_loopback_address(s)) {
            error = "--source-addresses: '" + s + "' is not a loopback address";
            return false;
        }
        if (is_ipv6_literal(s) != is_ipv6_literal(opt.host)) {
            error = "--source-addresses: '" + s + "' is not of the same family as --host";
            return false;
        }
    }
    if (opt.port < 1 || opt.port > 65535) {
        error = "--port must be 1..65535";
        return false;
    }
    if (opt.clients < 1 || opt.clients > 1000000) {
        error = "--clients must be 1..1000000";
        return false;
    }
    if (opt.batch < 1) {
        error = "--batch must be at least 1";
        return false;
    }
    if (!(opt.duration_s > 0) || opt.duration_s > 86400 || opt.warmup_s < 0
        || opt.warmup_s > 3600) {
        error = "--duration must be in (0, 86400] and --warmup in [0, 3600]";
        return false;
    }
    if (!(opt.rate > 0) || opt.rate > 100000) {
        error = "--rate must be in (0, 100000]";
        return false;
    }
    if (!(opt.connect_timeout_s > 0) || opt.connect_timeout_s > 600 || opt.drain_timeout_s < 0
        || opt.drain_timeout_s > 600) {
        error = "--connect-timeout must be in (0, 600] and --drain-timeout in [0, 600]";
        return false;
    }
    if (opt.slow < 0 || opt.slow > opt.clients) {
        error = "--slow must be 0..--clients";
        return false;
    }
    if (opt.slow > 0 && opt.mode != run_mode::subscribe) {
        error = "--slow needs --mode subscribe";
        return false;
    }
    if (opt.slow_rcvbuf < 0 || (opt.slow_rcvbuf > 0 && opt.slow == 0)) {
        error = "--slow-rcvbuf needs --slow K and must not be negative";
        return false;
    }
    if (opt.subscribe_late && opt.mode != run_mode::subscribe) {
        error = "--subscribe-late needs --mode subscribe";
        return false;
    }
    if (!valid_topic(opt.topic)) {
        error = "--topic '" + opt.topic + "': expected a topic name such as system or miners";
        return false;
    }
    return true;
}

} // namespace sw::bench
