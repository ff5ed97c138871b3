#include "tools/fakeminer/options.hpp"

#include <charconv>
#include <cstdio>
#include <map>
#include <string_view>

namespace sw::fakeminer {

namespace {

std::vector<std::string> split(std::string_view text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(sep, start);
        if (end == std::string_view::npos)
            end = text.size();
        auto item = text.substr(start, end - start);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        out.emplace_back(item);
        start = end + 1;
    }
    return out;
}

bool parse_int(std::string_view text, int& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

// splitmix64: decorrelates per-miner seeds so miner 1 does not replay miner 0 shifted by one.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}

// Resolves a comma list of profile names, checking each speaks the expected protocol.
bool resolve_profiles(const std::string& list,
                      miner_kind kind,
                      std::vector<const profile*>& out,
                      std::string& error) {
    for (const auto& name : split(list, ',')) {
        const auto* p = find_profile(name);
        if (p == nullptr || p->kind != kind) {
            error = "unknown ";
            error.append(to_string(kind)).append(" profile '").append(name).append("' (known:");
            for (const auto& known : all_profiles())
                if (known.kind == kind)
                    error.append(" ").append(known.name);
            error += ")";
            return false;
        }
        out.push_back(p);
    }
    return true;
}

struct fault_choice {
    fault_mode mode = fault_mode::none;
    broken_variant variant = broken_variant::rotate;
};

bool parse_faults(const options& opt,
                  int total,
                  std::map<int, fault_choice>& out,
                  std::string& error) {
    for (const auto& spec : opt.faults) {
        auto parts = split(spec, ':');
        int index = -1;
        if (parts.size() < 2 || parts.size() > 3 || !parse_int(parts[0], index)) {
            error = "--fault '" + spec + "': expected INDEX:MODE[:VARIANT]";
            return false;
        }
        if (index < 0 || index >= total) {
            error = "--fault '" + spec + "': index out of range 0.." + std::to_string(total - 1);
            return false;
        }
        const auto* info = find_fault(parts[1]);
        if (info == nullptr) {
            error = "--fault '" + spec + "': unknown mode '" + parts[1] + "'";
            return false;
        }
        fault_choice choice{info->mode, broken_variant::rotate};
        if (parts.size() == 3
            && (info->mode != fault_mode::broken_json
                || !parse_broken_variant(parts[2], choice.variant))) {
            error = "--fault '" + spec + "': unknown variant '" + parts[2] + "'";
            return false;
        }
        if (!out.emplace(index, choice).second) {
            error = "--fault '" + spec + "': miner " + parts[0] + " already has a fault";
            return false;
        }
    }
    return true;
}

} // namespace

bool is_loopback_ipv4(const std::string& host) {
    auto parts = split(host, '.');
    if (parts.size() != 4)
        return false;
    for (const auto& part : parts) {
        int octet = -1;
        if (part.empty() || part.size() > 3 || !parse_int(part, octet) || octet < 0 || octet > 255)
            return false;
    }
    return parts[0] == "127";
}

std::optional<std::vector<miner_spec>> build_miners(const options& opt, std::string& error) {
    if (!is_loopback_ipv4(opt.host)) {
        error = "--host '" + opt.host + "': only 127.x.x.x addresses are allowed";
        return std::nullopt;
    }
    if (opt.axeos < 0 || opt.cgminer < 0 || opt.axeos + opt.cgminer == 0) {
        error = "need at least one miner (--axeos, --cgminer)";
        return std::nullopt;
    }
    const int total = opt.axeos + opt.cgminer;
    if (opt.base_port < 1 || opt.base_port + total - 1 > 65535) {
        error = "--base-port: ports " + std::to_string(opt.base_port) + ".."
                + std::to_string(opt.base_port + total - 1) + " do not fit in 1..65535";
        return std::nullopt;
    }
    if (opt.slow_ms < 0 || opt.restart_every_s < 0 || opt.duration_s < 0) {
        error = "--slow-ms, --restart-every and --duration must not be negative";
        return std::nullopt;
    }
    std::vector<const profile*> axeos_profiles;
    std::vector<const profile*> cgminer_profiles;
    if (!resolve_profiles(opt.axeos_firmware, miner_kind::axeos, axeos_profiles, error)
        || !resolve_profiles(opt.cgminer_profile, miner_kind::cgminer, cgminer_profiles, error))
        return std::nullopt;
    std::map<int, fault_choice> faults;
    if (!parse_faults(opt, total, faults, error))
        return std::nullopt;

    std::vector<miner_spec> miners;
    for (int i = 0; i < total; ++i) {
        miner_spec m;
        m.index = i;
        const bool axeos = i < opt.axeos;
        const auto& list = axeos ? axeos_profiles : cgminer_profiles;
        const auto slot = static_cast<std::size_t>(axeos ? i : i - opt.axeos);
        m.prof = list[slot % list.size()];
        m.host = opt.host;
        m.port = static_cast<std::uint16_t>(opt.base_port + i);
        if (auto it = faults.find(i); it != faults.end()) {
            const auto* info = find_fault(to_string(it->second.mode));
            if ((axeos && !info->axeos) || (!axeos && !info->cgminer)) {
                error = "--fault " + std::to_string(i) + ":" + std::string(info->name)
                        + ": not available for " + std::string(to_string(m.kind())) + " miners";
                return std::nullopt;
            }
            m.fault = it->second.mode;
            m.variant = it->second.variant;
        }
        m.name = std::string(m.prof->hostname_prefix) + "-" + std::to_string(i);
        // 02:... is a locally administered unicast prefix: never collides with a real device.
        m.mac = {0x02,
                 0x53,
                 0x57,
                 0x46,
                 static_cast<std::uint8_t>(i >> 8),
                 static_cast<std::uint8_t>(i & 0xff)};
        m.seed = mix(opt.seed ^ mix(static_cast<std::uint64_t>(i)));
        miners.push_back(std::move(m));
    }
    return miners;
}

std::string mac_string(const miner_spec& miner, bool upper_with_colons) {
    std::string out;
    char buf[4];
    for (std::size_t i = 0; i < miner.mac.size(); ++i) {
        std::snprintf(buf, sizeof buf, upper_with_colons ? "%02X" : "%02x", miner.mac[i]);
        if (upper_with_colons && i > 0)
            out += ':';
        out += buf;
    }
    return out;
}

std::string to_toml(const std::vector<miner_spec>& miners) {
    std::string out = "# Simulated by solowatch-fakeminer; paste into a solowatch config.\n";
    for (const auto& m : miners) {
        out += "\n[[miners]]\n";
        out += "name = \"" + m.name + "\"\n";
        out += "kind = \"" + std::string(to_string(m.kind())) + "\"\n";
        out += "host = \"" + m.host + "\"\n";
        out += "port = " + std::to_string(m.port) + "\n";
    }
    return out;
}

std::string describe(const miner_spec& m) {
    std::string fault(to_string(m.fault));
    if (m.fault == fault_mode::broken_json)
        fault.append(":").append(to_string(m.variant)); // not `":" + s`: GCC 12 -Wrestrict
    return "miner " + std::to_string(m.index) + " kind=" + std::string(to_string(m.kind()))
           + " profile=" + std::string(m.prof->name) + " port=" + std::to_string(m.port)
           + " fault=" + fault + " name=" + m.name + " mac=" + mac_string(m, true);
}

} // namespace sw::fakeminer
