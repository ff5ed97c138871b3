#include "tools/trace/record.hpp"

#include <array>
#include <vector>

namespace sw::trace_tool {

namespace {

using json = nlohmann::json;

struct event_spec {
    event ev;
    const char* name;
    std::vector<const char*> required; // beyond n, ts, ev
};

// The events table of TRACE.md, one row per event, in the order of `event` (to_json indexes it).
const std::array<event_spec, 9>& event_specs() {
    static const std::array<event_spec, 9> specs{{
        {event::send, "send", {"from", "from_name", "to", "to_name", "kind", "depth"}},
        {event::handle, "handle", {"actor", "name", "kind", "dur_us", "depth"}},
        {event::spawn, "spawn", {"actor", "name"}},
        {event::exit, "exit", {"actor", "name", "reason"}},
        {event::restart, "restart", {"actor", "name", "attempt", "reason"}},
        {event::read, "read", {"actor", "client", "bytes"}},
        // A snapshot for a new subscriber belongs to no update: no trace_id. A write whose
        // frame was handed over before tracing was turned on has no wait_us.
        {event::deliver, "deliver", {"actor", "name", "client", "broadcast_id", "seq"}},
        {event::write, "write", {"client", "broadcast_id", "seq", "bytes"}},
        {event::drop, "drop", {"client", "broadcast_id", "seq", "reason"}},
    }};
    return specs;
}

// Parses one line without exceptions. Values nested deeper than a record ever is are
// discarded while parsing, so a hostile line cannot make the recursive destructor overflow.
json parse_line(std::string_view line) {
    auto shallow = [](int depth, json::parse_event_t, json&) {
        return depth <= 2;
    };
    return json::parse(line.begin(), line.end(), shallow, false);
}

// Field readers: a missing key leaves `out` alone; a key of the wrong type is an error.
bool get(const json& j, const char* key, std::string& out, std::string& error) {
    auto it = j.find(key);
    if (it == j.end())
        return true;
    if (!it->is_string()) {
        error = std::string("'") + key + "' is not a string";
        return false;
    }
    out = it->get<std::string>();
    return true;
}

bool get(const json& j, const char* key, std::int64_t& out, std::string& error) {
    auto it = j.find(key);
    if (it == j.end())
        return true;
    if (!it->is_number_integer()) {
        error = std::string("'") + key + "' is not an integer";
        return false;
    }
    out = it->get<std::int64_t>();
    return true;
}

bool get(const json& j, const char* key, std::uint64_t& out, std::string& error) {
    auto it = j.find(key);
    if (it == j.end())
        return true;
    if (!it->is_number_unsigned()) {
        error = std::string("'") + key + "' is not a non-negative integer";
        return false;
    }
    out = it->get<std::uint64_t>();
    return true;
}

} // namespace

const char* to_string(event ev) {
    for (const auto& spec : event_specs())
        if (spec.ev == ev)
            return spec.name;
    return "?";
}

tl::expected<meta, std::string> parse_meta(std::string_view line) {
    json j = parse_line(line);
    if (!j.is_object())
        return tl::make_unexpected("not a JSON object");
    if (j.value("ev", json()) != "meta" || j.value("format", json()) != "solowatch-trace")
        return tl::make_unexpected(
            R"(not a meta record ({"ev":"meta","format":"solowatch-trace",...}))");
    meta m;
    std::string error;
    std::int64_t version = 0;
    if (!get(j, "version", version, error) || !get(j, "ts", m.ts, error)
        || !get(j, "pid", m.pid, error) || !get(j, "mode", m.mode, error)
        || !get(j, "sample", m.sample, error) || !get(j, "source", m.source, error))
        return tl::make_unexpected("meta record: " + error);
    if (version != 1)
        return tl::make_unexpected("meta record: format version " + std::to_string(version)
                                   + ", this tool reads version 1");
    m.version = 1;
    return m;
}

tl::expected<record, std::string> parse_record(std::string_view line) {
    json j = parse_line(line);
    if (j.is_discarded())
        return tl::make_unexpected("not valid JSON");
    if (!j.is_object())
        return tl::make_unexpected("not a JSON object");
    auto ev_it = j.find("ev");
    if (ev_it == j.end() || !ev_it->is_string())
        return tl::make_unexpected("no 'ev' string");
    const event_spec* spec = nullptr;
    for (const auto& s : event_specs())
        if (*ev_it == s.name)
            spec = &s;
    if (spec == nullptr)
        return tl::make_unexpected("unknown event '" + ev_it->get<std::string>() + "'");
    for (const char* key : {"n", "ts"})
        if (!j.contains(key))
            return tl::make_unexpected(std::string(spec->name) + " record without '" + key + "'");
    for (const char* key : spec->required)
        if (!j.contains(key))
            return tl::make_unexpected(std::string(spec->name) + " record without '" + key + "'");

    record r;
    r.ev = spec->ev;
    std::string e;
    bool ok = get(j, "n", r.n, e) && get(j, "ts", r.ts, e) && get(j, "trace_id", r.trace_id, e)
              && get(j, "broadcast_id", r.broadcast_id, e) && get(j, "seq", r.seq, e)
              && get(j, "miner", r.miner, e) && get(j, "client", r.client, e)
              && get(j, "actor", r.actor, e) && get(j, "name", r.name, e)
              && get(j, "from", r.from, e) && get(j, "from_name", r.from_name, e)
              && get(j, "to", r.to, e) && get(j, "to_name", r.to_name, e)
              && get(j, "kind", r.kind, e) && get(j, "depth", r.depth, e)
              && get(j, "dur_us", r.dur_us, e) && get(j, "reason", r.reason, e)
              && get(j, "attempt", r.attempt, e) && get(j, "bytes", r.bytes, e)
              && get(j, "wait_us", r.wait_us, e);
    if (!ok)
        return tl::make_unexpected(std::string(spec->name) + " record: " + e);
    return r;
}

nlohmann::json to_json(const record& r) {
    const json all{{"from", r.from},
                   {"from_name", r.from_name},
                   {"to", r.to},
                   {"to_name", r.to_name},
                   {"kind", r.kind},
                   {"depth", r.depth},
                   {"actor", r.actor},
                   {"name", r.name},
                   {"dur_us", r.dur_us},
                   {"reason", r.reason},
                   {"attempt", r.attempt},
                   {"bytes", r.bytes},
                   {"wait_us", r.wait_us},
                   {"client", r.client},
                   {"broadcast_id", r.broadcast_id},
                   {"seq", r.seq},
                   {"trace_id", r.trace_id}};
    json j{{"n", r.n}, {"ts", r.ts}, {"ev", to_string(r.ev)}};
    for (const char* key : event_specs()[static_cast<std::size_t>(r.ev)].required)
        j[key] = all.at(key);
    if (r.ev == event::write)
        j["wait_us"] = r.wait_us; // optional on input (TRACE.md), always written back
    // Correlation fields go out whenever the record carries them.
    if (r.trace_id != 0)
        j["trace_id"] = r.trace_id;
    if (!r.broadcast_id.empty())
        j["broadcast_id"] = r.broadcast_id;
    if (r.seq != 0)
        j["seq"] = r.seq;
    if (!r.miner.empty())
        j["miner"] = r.miner;
    if (!r.client.empty())
        j["client"] = r.client;
    return j;
}

} // namespace sw::trace_tool
