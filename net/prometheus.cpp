#include "net/prometheus.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace sw::net {

namespace {

using miners::miner_reading;
using miners::miner_snapshot;

bool name_char(char c, bool first, bool colon) noexcept {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    return letter || (colon && c == ':') || (!first && c >= '0' && c <= '9');
}

/// Metric names allow ':' (recording rules); label names do not, and "__" is reserved.
bool valid_name(std::string_view name, bool metric) noexcept {
    if (name.empty() || (!metric && name.starts_with("__"))) {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (!name_char(name[i], i == 0, metric)) {
            return false;
        }
    }
    return true;
}

/// HELP text escapes only backslash and line feed (a quote is literal there).
std::string escape_help(std::string_view help) {
    std::string out;
    for (const char c : help) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string_view type_name(metric_type type) noexcept {
    return type == metric_type::counter ? "counter" : "gauge";
}

std::optional<double> as_double(const std::optional<std::int64_t>& v) {
    return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
}

std::optional<double> times(const std::optional<double>& v, double factor) {
    return v ? std::optional<double>(*v * factor) : std::nullopt;
}

double count(std::uint64_t v) noexcept {
    return static_cast<double>(v);
}

metric_labels miner_labels(const miner_snapshot& m, metric_labels extra = {}) {
    metric_labels labels{{"miner", m.name}, {"kind", std::string(to_string(m.kind))}};
    labels.insert(labels.end(), extra.begin(), extra.end());
    return labels;
}

/// One family with one sample per miner; `online_only` drops the stale readings of offline
/// miners (their snapshot keeps the last poll's values).
template <typename Get>
void per_miner(exposition& ex,
               const std::vector<miner_snapshot>& snaps,
               bool online_only,
               std::string_view name,
               std::string_view help,
               metric_type type,
               Get get) {
    ex.family(name, help, type);
    for (const auto& m : snaps) {
        if (m.online || !online_only) {
            ex.sample(miner_labels(m), get(m.reading));
        }
    }
}

void render_identity(exposition& ex, const std::vector<miner_snapshot>& snaps) {
    ex.family("solowatch_miner_up",
              "1 while polls reach the miner, 0 once it is offline.",
              metric_type::gauge);
    for (const auto& m : snaps) {
        ex.sample(miner_labels(m), m.online ? 1.0 : 0.0);
    }
    ex.family("solowatch_miner_info",
              "Identity of the miner as last reported; the value is always 1.",
              metric_type::gauge);
    for (const auto& m : snaps) {
        metric_labels labels = miner_labels(m, {{"id", m.id}});
        const auto& r = m.reading;
        for (const auto& [key, value] :
             {std::pair{"make", &r.make}, {"model", &r.model}, {"firmware", &r.firmware}}) {
            if (*value) {
                labels.emplace_back(key, **value);
            }
        }
        ex.sample(labels, 1.0);
    }
}

void miner_readings(exposition& ex, const std::vector<miner_snapshot>& snaps) {
    constexpr double ghs = 1e9;
    per_miner(ex,
              snaps,
              true,
              "solowatch_miner_hashrate_hashes_per_second",
              "Hashrate: the 1-min average, else the current figure, else the 10-min average.",
              metric_type::gauge,
              [](const miner_reading& r) { return times(miners::fleet_hashrate_ghs(r), ghs); });
    per_miner(ex,
              snaps,
              true,
              "solowatch_miner_expected_hashrate_hashes_per_second",
              "Hashrate the miner should reach at its frequency and chip count.",
              metric_type::gauge,
              [](const miner_reading& r) { return times(r.expected_hashrate_ghs, ghs); });
    per_miner(ex,
              snaps,
              true,
              "solowatch_miner_power_watts",
              "Power draw.",
              metric_type::gauge,
              [](const miner_reading& r) { return r.power_w; });
    ex.family("solowatch_miner_temperature_celsius",
              "Temperatures: ASIC (average or hottest chip), VR, ambient, hottest chip, board.",
              metric_type::gauge);
    for (const auto& m : snaps) {
        if (!m.online) {
            continue;
        }
        const auto& t = m.reading.temp_c;
        for (const auto& [sensor, value] : {std::pair{"asic", &t.asic},
                                            {"vr", &t.vr},
                                            {"ambient", &t.ambient},
                                            {"chip_max", &t.chip_max},
                                            {"board", &t.board}}) {
            ex.sample(miner_labels(m, {{"sensor", sensor}}), *value);
        }
    }
    ex.family(
        "solowatch_miner_fan_rpm", "Fan speed in revolutions per minute.", metric_type::gauge);
    for (const auto& m : snaps) {
        for (std::size_t i = 0; m.online && i < m.reading.fans.size(); ++i) {
            ex.sample(miner_labels(m, {{"fan", std::to_string(i)}}),
                      as_double(m.reading.fans[i].rpm));
        }
    }
    per_miner(ex,
              snaps,
              true,
              "solowatch_miner_uptime_seconds",
              "Time since the miner booted (or its mining process started).",
              metric_type::gauge,
              [](const miner_reading& r) { return as_double(r.uptime_s); });
}

void miner_tallies(exposition& ex, const std::vector<miner_snapshot>& snaps) {
    per_miner(ex,
              snaps,
              false,
              "solowatch_miner_shares_accepted_total",
              "Shares the pool accepted since the miner booted.",
              metric_type::counter,
              [](const miner_reading& r) { return as_double(r.shares.accepted); });
    per_miner(ex,
              snaps,
              false,
              "solowatch_miner_shares_rejected_total",
              "Shares the pool rejected since the miner booted.",
              metric_type::counter,
              [](const miner_reading& r) { return as_double(r.shares.rejected); });
    ex.family("solowatch_miner_best_difficulty",
              "Best share difficulty: all-time (kept by the miner) and since boot (session).",
              metric_type::gauge);
    for (const auto& m : snaps) {
        const auto& b = m.reading.best_difficulty;
        ex.sample(miner_labels(m, {{"scope", "all_time"}}), b.all_time);
        ex.sample(miner_labels(m, {{"scope", "session"}}), b.session);
    }
    per_miner(ex,
              snaps,
              false,
              "solowatch_miner_blocks_found_total",
              "Blocks the miner reports having found.",
              metric_type::counter,
              [](const miner_reading& r) { return as_double(r.blocks_found); });
}

void render_fleet(exposition& ex, const miners::fleet_totals& f) {
    const auto gauge =
        [&ex](std::string_view name, std::string_view help, std::optional<double> value) {
            ex.family(name, help, metric_type::gauge);
            ex.sample(value);
        };
    gauge("solowatch_fleet_hashrate_hashes_per_second",
          "Hashrate of the online miners.",
          f.total_hashrate_ghs * 1e9);
    gauge("solowatch_fleet_power_watts",
          "Power of the online miners that report it.",
          f.total_power_w);
    // Base units: joules per hash is J/TH divided by 1e12.
    gauge("solowatch_fleet_efficiency_joules_per_hash",
          "Energy per hash over the online miners reporting power and hashrate.",
          times(f.efficiency_j_per_th, 1e-12));
    gauge("solowatch_fleet_miners_online",
          "Miners currently online.",
          static_cast<double>(f.miners_online));
    gauge("solowatch_fleet_miners", "Configured miners.", static_cast<double>(f.miners_total));
    ex.family("solowatch_fleet_best_difficulty",
              "Best share difficulty of the fleet: all-time and today (local day).",
              metric_type::gauge);
    ex.sample({{"scope", "all_time"}}, f.best_difficulty);
    ex.sample({{"scope", "today"}}, f.best_difficulty_today);
    gauge("solowatch_fleet_network_difficulty",
          "Bitcoin network difficulty (most miners' figure, else configured).",
          f.network_difficulty);
    gauge("solowatch_fleet_expected_seconds_to_block",
          "Mean time for the fleet to find a block at its current hashrate.",
          f.expected_seconds_to_block);
    gauge("solowatch_fleet_block_probability_day",
          "Chance of finding at least one block within a day.",
          f.block_probability_day);
    gauge("solowatch_fleet_block_probability_year",
          "Chance of finding at least one block within a year (365.25 days).",
          f.block_probability_year);
    gauge("solowatch_fleet_blocks_found",
          "Blocks the miners report having found, summed.",
          static_cast<double>(f.blocks_found));
}

void by_name(exposition& ex,
             std::string_view name,
             std::string_view help,
             metric_type type,
             std::string_view label,
             const counts_by_name& counts) {
    ex.family(name, help, type);
    for (const auto& [key, value] : counts) {
        ex.sample({{std::string(label), key}}, count(value));
    }
}

void render_server(exposition& ex, const server_figures& s) {
    const auto single = [&ex](std::string_view name,
                              std::string_view help,
                              metric_type type,
                              std::optional<double> value) {
        ex.family(name, help, type);
        ex.sample(value);
    };
    const auto gauge = metric_type::gauge;
    const auto counter = metric_type::counter;
    single("solowatch_uptime_seconds", "Time since the server started.", gauge, s.uptime_seconds);
    single("solowatch_resident_memory_bytes",
           "Resident memory of the server process.",
           gauge,
           s.resident_bytes);
    single(
        "solowatch_connections_open", "Open WebSocket sessions.", gauge, count(s.connections_open));
    by_name(ex,
            "solowatch_connections_refused_total",
            "Connections refused, by reason.",
            counter,
            "reason",
            s.connections_refused);
    by_name(ex,
            "solowatch_connections_closed_total",
            "WebSocket sessions closed, by reason.",
            counter,
            "reason",
            s.connections_closed);
    ex.family("solowatch_topic_subscribers", "Clients subscribed to the topic.", gauge);
    for (const auto& t : s.topics) {
        ex.sample({{"topic", t.topic}}, count(t.subscribers));
    }
    ex.family("solowatch_broadcasts_total", "Updates published on the topic.", counter);
    for (const auto& t : s.topics) {
        ex.sample({{"topic", t.topic}}, count(t.broadcasts));
    }
    ex.family(
        "solowatch_broadcast_bytes_total", "Bytes of the updates published on the topic.", counter);
    for (const auto& t : s.topics) {
        ex.sample({{"topic", t.topic}}, count(t.bytes));
    }
    single("solowatch_frames_dropped_total",
           "Frames dropped for slow clients.",
           counter,
           count(s.frames_dropped));
    single("solowatch_frames_conflated_total",
           "Queued frames replaced by a newer full-state frame of the same topic.",
           counter,
           count(s.frames_conflated));
    single(
        "solowatch_http_requests_total", "HTTP requests served.", counter, count(s.http_requests));
    ex.family("solowatch_polls_total", "Miner polls by result.", counter);
    for (const auto& p : s.polls) {
        ex.sample({{"miner", p.miner}, {"result", "ok"}}, count(p.ok));
        ex.sample({{"miner", p.miner}, {"result", "failed"}}, count(p.failed));
        ex.sample({{"miner", p.miner}, {"result", "skipped"}}, count(p.skipped));
    }
    by_name(ex,
            "solowatch_actor_mailbox_high_water",
            "Deepest mailbox seen, by actor.",
            gauge,
            "actor",
            s.mailbox_high_water);
}

} // namespace

void exposition::family(std::string_view name, std::string_view help, metric_type type) {
    if (!valid_name(name, true)) {
        throw std::invalid_argument("bad metric name: " + std::string(name));
    }
    for (std::size_t i = 0; i < families_.size(); ++i) {
        if (families_[i].name == name) {
            if (families_[i].help != help || families_[i].type != type) {
                throw std::logic_error("metric family declared twice: " + std::string(name));
            }
            current_ = i;
            return;
        }
    }
    families_.push_back({std::string(name), std::string(help), type, {}});
    current_ = families_.size() - 1;
}

void exposition::sample(const metric_labels& labels, std::optional<double> value) {
    if (!current_) {
        throw std::logic_error("metric sample before any family");
    }
    for (const auto& [name, v] : labels) {
        if (!valid_name(name, false)) {
            throw std::invalid_argument("bad label name: " + name);
        }
    }
    if (!value || !std::isfinite(*value)) {
        return;
    }
    auto& out = families_[*current_].samples;
    out += families_[*current_].name;
    if (!labels.empty()) {
        out += '{';
        for (std::size_t i = 0; i < labels.size(); ++i) {
            out += (i == 0 ? "" : ",") + labels[i].first + "=\"";
            out += escape_label_value(labels[i].second) + '"';
        }
        out += '}';
    }
    out += ' ' + format_value(*value) + '\n';
}

std::string exposition::text() const {
    std::string out;
    for (const auto& f : families_) {
        out += "# HELP " + f.name + ' ' + escape_help(f.help) + '\n';
        out += "# TYPE " + f.name + ' ' + std::string(type_name(f.type)) + '\n';
        out += f.samples;
    }
    return out;
}

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string format_value(double value) {
    // Whole numbers (counters, difficulties) read better as 200000 than as 2e+05; below 1e15
    // fixed notation is still exact and at most 16 digits.
    constexpr double fixed_limit = 1e15;
    const bool whole = std::floor(value) == value && std::fabs(value) < fixed_limit;
    std::array<char, 32> buf{}; // the shortest form of a double needs at most 24
    const auto result =
        whole ? std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::fixed)
              : std::to_chars(buf.data(), buf.data() + buf.size(), value);
    return {buf.data(), result.ptr};
}

std::string render_metrics(const std::vector<miners::miner_snapshot>& miners,
                           const miners::fleet_totals& fleet,
                           const server_figures& server) {
    exposition ex;
    render_identity(ex, miners);
    miner_readings(ex, miners);
    miner_tallies(ex, miners);
    render_fleet(ex, fleet);
    render_server(ex, server);
    return ex.text();
}

} // namespace sw::net
