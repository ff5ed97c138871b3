#include "tools/trace/chrome_export.hpp"

#include <algorithm>
#include <deque>
#include <map>

#include "tools/trace/record_text.hpp"

namespace sw::trace_tool {

namespace {

using json = nlohmann::json;

class exporter {
public:
    explicit exporter(const trace& t) {
        t0_ = t.records.empty() ? t.info.ts : t.records.front().ts;
        std::uint64_t max_actor = 0;
        for (const record& r : t.records) {
            t0_ = std::min(t0_, r.ts);
            max_actor = std::max({max_actor, r.actor, r.from, r.to});
        }
        first_client_tid_ = max_actor + 1; // client tracks sort after every actor track
    }

    void add(const record& r) {
        switch (r.ev) {
        case event::send:
            name_actor(r.from, r.from_name);
            name_actor(r.to, r.to_name);
            if (r.from == 0) { // the io track has no handle slice for the arrow to start in
                json anchor = base("X", "send " + r.kind, 0, r);
                anchor["dur"] = 1;
                events_.push_back(std::move(anchor));
            }
            pending_[{r.to, r.kind}].push_back(base("s", r.kind, r.from, r));
            break;
        case event::handle: {
            name_actor(r.actor, r.name);
            json slice = base("X", r.kind, r.actor, r);
            slice["dur"] = r.dur_us;
            slice["args"]["depth"] = r.depth;
            events_.push_back(slice);
            auto& queue = pending_[{r.actor, r.kind}];
            if (!queue.empty()) { // the oldest unanswered send of this kind to this actor
                json start = std::move(queue.front());
                queue.pop_front();
                start["id"] = next_flow_;
                start["cat"] = "send";
                json finish = base("f", r.kind, r.actor, r);
                finish.update({{"cat", "send"}, {"id", next_flow_++}, {"bp", "e"}});
                events_.push_back(std::move(start));
                events_.push_back(std::move(finish));
            }
            break;
        }
        case event::spawn:
        case event::exit:
        case event::restart:
            name_actor(r.actor, r.name);
            events_.push_back(instant(r.actor, r));
            break;
        case event::read:
        case event::deliver:
        case event::write:
        case event::drop:
            events_.push_back(instant(client_tid(r.client), r));
            break;
        }
    }

    json finish(const trace& t) {
        json out = json::array();
        out.push_back(metadata("process_name", 0, "solowatch pid " + std::to_string(t.info.pid)));
        for (const auto& [tid, name] : track_names_)
            out.push_back(metadata("thread_name", tid, name));
        for (auto& e : events_)
            out.push_back(std::move(e));
        return {{"traceEvents", std::move(out)},
                {"displayTimeUnit", "ms"},
                {"otherData", {{"source", t.source}, {"pid", t.info.pid}, {"t0_us", t0_}}}};
    }

private:
    // The fields every event needs, and the record's number and correlation ids as args.
    json base(const char* ph, const std::string& name, std::uint64_t tid, const record& r) const {
        json args{{"n", r.n}};
        if (r.trace_id != 0)
            args["trace_id"] = r.trace_id;
        if (!r.broadcast_id.empty())
            args["broadcast_id"] = r.broadcast_id;
        if (!r.miner.empty())
            args["miner"] = r.miner;
        if (!r.client.empty())
            args["client"] = r.client;
        return {{"ph", ph},
                {"name", name},
                {"ts", r.ts - t0_},
                {"pid", 1},
                {"tid", tid},
                {"args", args}};
    }

    json instant(std::uint64_t tid, const record& r) const {
        json e = base("i", describe(r), tid, r);
        e["s"] = "t"; // thread-scoped: drawn on its own track only
        return e;
    }

    static json metadata(const char* what, std::uint64_t tid, const std::string& name) {
        return {{"ph", "M"},
                {"name", what},
                {"ts", 0},
                {"pid", 1},
                {"tid", tid},
                {"args", {{"name", name}}}};
    }

    void name_actor(std::uint64_t id, const std::string& name) {
        track_names_.emplace(id, actor_label(name, id));
    }

    std::uint64_t client_tid(const std::string& client) {
        auto [it, added] = client_tids_.emplace(client, first_client_tid_ + client_tids_.size());
        if (added)
            track_names_.emplace(it->second, client + " (socket)");
        return it->second;
    }

    std::int64_t t0_ = 0;
    std::uint64_t first_client_tid_ = 0;
    std::uint64_t next_flow_ = 1;
    std::vector<json> events_;
    std::map<std::uint64_t, std::string> track_names_;
    std::map<std::string, std::uint64_t> client_tids_;
    std::map<std::pair<std::uint64_t, std::string>, std::deque<json>> pending_; // unanswered sends
};

} // namespace

nlohmann::json chrome_trace(const trace& t) {
    // Flows pair a send with the next handle after it, so walk in time order.
    std::vector<const record*> by_time;
    for (const record& r : t.records)
        by_time.push_back(&r);
    std::stable_sort(by_time.begin(), by_time.end(), [](const record* a, const record* b) {
        return a->ts != b->ts ? a->ts < b->ts : a->n < b->n;
    });
    exporter e(t);
    for (const record* r : by_time)
        e.add(*r);
    return e.finish(t);
}

} // namespace sw::trace_tool
