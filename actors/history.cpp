#include "actors/history.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include <spdlog/spdlog.h>

#include "actors/messages.hpp"
#include "actors/notifier.hpp"
#include "actors/send.hpp"
#include "miners/fleet_metrics.hpp"

namespace sw::actors {
namespace {

// The fleet answers at once; this bound only matters at shutdown: the sample is skipped.
constexpr auto view_timeout = std::chrono::seconds(5);

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::optional<double> as_double(const std::optional<std::int64_t>& v) {
    return v ? std::optional<double>(static_cast<double>(*v)) : std::nullopt;
}

struct history_state {
    static constexpr const char* name = "history";
    trace::slot_ptr trace_slot;
    history_context ctx;
    caf::actor fleet; // null until the owner sends it: no samples before
    std::unique_ptr<history_store> store;
    std::vector<history_sample> pending;
    std::vector<history_alert> pending_alerts;
    std::string error; // the current failure; "" while the file works
    std::uint64_t samples_written = 0;
    std::uint64_t alerts_written = 0;
    std::uint64_t dropped_rows = 0;
    std::optional<std::int64_t> last_write;

    [[nodiscard]] nlohmann::json status() const {
        return {{"enabled", true},
                {"ok", error.empty()},
                {"error", error.empty() ? nlohmann::json(nullptr) : nlohmann::json(error)},
                {"path", ctx.path},
                {"file_bytes", store ? store->file_bytes() : 0},
                {"samples_written", samples_written},
                {"alerts_written", alerts_written},
                {"pending_rows", pending.size() + pending_alerts.size()},
                {"dropped_rows", dropped_rows},
                {"last_write", last_write ? nlohmann::json(*last_write) : nlohmann::json(nullptr)}};
    }
};

using history_actor_t = caf::stateful_actor<history_state>;

void report(history_actor_t* self) {
    if (self->state.ctx.monitor)
        tell(self, self->state.ctx.monitor, sw_hstatus_atom_v, self->state.status());
}

/// Logs a failure once (the same one again is not news) and forgets the connection, so the
/// next tick opens the file afresh: a file moved, deleted or repaired meanwhile is found.
void failed(history_actor_t* self, const std::string& what) {
    auto& st = self->state;
    st.store.reset();
    if (st.error != what)
        spdlog::error("history: {}: {}; monitoring goes on, {} rows wait in memory",
                      st.ctx.path,
                      what,
                      st.pending.size() + st.pending_alerts.size());
    st.error = what;
}

/// Opens the file when it is not open; false when it cannot be.
bool ensure_open(history_actor_t* self) {
    auto& st = self->state;
    if (st.store)
        return true;
    try {
        std::string notice;
        st.store = std::make_unique<history_store>(st.ctx.path, &notice);
        if (!notice.empty())
            spdlog::error("history: {}", notice);
        return true;
    } catch (const std::exception& e) {
        failed(self, e.what());
        return false;
    }
}

/// Keeps at most max_pending_rows waiting: the oldest samples go first (alerts are few and
/// worth more than one sample).
void bound_pending(history_state& st) {
    const auto cap = st.ctx.cfg.max_pending_rows;
    const auto total = st.pending.size() + st.pending_alerts.size();
    if (total <= cap)
        return;
    const auto excess = std::min(total - cap, st.pending.size());
    st.pending.erase(st.pending.begin(), st.pending.begin() + static_cast<std::ptrdiff_t>(excess));
    st.dropped_rows += excess;
}

void write_pending(history_actor_t* self) {
    auto& st = self->state;
    bound_pending(st);
    if (st.pending.empty() && st.pending_alerts.empty())
        return;
    if (!ensure_open(self))
        return;
    try {
        st.store->append(st.pending, st.pending_alerts);
    } catch (const std::exception& e) {
        failed(self, e.what());
        return;
    }
    if (!st.error.empty())
        spdlog::info("history: {} is writable again; {} rows that waited are written",
                     st.ctx.path,
                     st.pending.size() + st.pending_alerts.size());
    st.error.clear();
    st.samples_written += st.pending.size();
    st.alerts_written += st.pending_alerts.size();
    st.last_write = unix_now();
    st.pending.clear();
    st.pending_alerts.clear();
}

void maintain(history_actor_t* self) {
    auto& st = self->state;
    if (!ensure_open(self))
        return;
    try {
        const auto r = st.store->maintain(unix_now(), st.ctx.cfg);
        spdlog::debug("history: averaged {} 5-minute and {} 1-hour rows, pruned {}",
                      r.aggregated_5m,
                      r.aggregated_1h,
                      r.pruned);
    } catch (const std::exception& e) {
        failed(self, e.what());
    }
}

history_reply query_series(history_actor_t* self, const history_query& q) {
    auto& st = self->state;
    if (!ensure_open(self))
        return {history_reply::kind::unavailable, "history file unavailable: " + st.error};
    try {
        std::string series;
        if (!q.miner.empty()) {
            auto found = st.store->find_series(q.miner);
            if (!found)
                return {history_reply::kind::not_found, "no history for miner '" + q.miner + "'"};
            series = *found;
        }
        auto s = st.store->query(series, q.from, q.to, q.step, unix_now(), st.ctx.cfg);
        return {history_reply::kind::ok, to_json_text(series, s)};
    } catch (const std::exception& e) {
        failed(self, e.what());
        return {history_reply::kind::unavailable, e.what()};
    }
}

history_reply query_alerts(history_actor_t* self, const history_query& q) {
    auto& st = self->state;
    if (!ensure_open(self))
        return {history_reply::kind::unavailable, "history file unavailable: " + st.error};
    try {
        auto rows = st.store->alerts(q.from, q.to, q.limit);
        auto list = nlohmann::json::array();
        for (auto& r : rows)
            list.push_back(std::move(r.alert));
        return {history_reply::kind::ok, nlohmann::json{{"alerts", std::move(list)}}.dump()};
    } catch (const std::exception& e) {
        failed(self, e.what());
        return {history_reply::kind::unavailable, e.what()};
    }
}

caf::behavior history_behavior(history_actor_t* self, history_context ctx) {
    auto& st = self->state;
    st.trace_slot = trace::enter(self);
    st.ctx = std::move(ctx);
    if (ensure_open(self))
        maintain(self); // catch up on what aged while the server was down
    report(self);
    tell_later(self, st.ctx.cfg.sample_interval, sw_tick_atom_v);
    tell_later(self, st.ctx.cfg.maintenance_interval, sw_maint_atom_v);
    return {
        [self](sw_tick_atom) {
            trace::handling h{self, sw_tick_atom_v};
            tell_later(self, self->state.ctx.cfg.sample_interval, sw_tick_atom_v);
            if (!self->state.fleet)
                return;
            self->request(self->state.fleet, view_timeout, sw_view_atom_v)
                .then(
                    [self](const fleet_view_ptr& view) {
                        auto rows = samples_of(*view, unix_now());
                        auto& pending = self->state.pending;
                        pending.insert(pending.end(),
                                       std::make_move_iterator(rows.begin()),
                                       std::make_move_iterator(rows.end()));
                        write_pending(self);
                        report(self);
                    },
                    [self](const caf::error& err) {
                        spdlog::warn("history: no fleet view for this sample ({})",
                                     self->system().render(err));
                    });
        },
        [self](sw_view_atom, const caf::actor& fleet) {
            trace::handling h{self, sw_view_atom_v};
            self->state.fleet = fleet;
        },
        [self](sw_maint_atom) {
            trace::handling h{self, sw_maint_atom_v};
            tell_later(self, self->state.ctx.cfg.maintenance_interval, sw_maint_atom_v);
            maintain(self);
            report(self);
        },
        [self](sw_notify_atom, const notification& n) {
            trace::handling h{self, sw_notify_atom_v};
            // Written with the next sample: alerts are rare, and one transaction per tick
            // keeps the disk quiet.
            self->state.pending_alerts.push_back(history_alert{unix_now(), n.alert});
        },
        [self](sw_hquery_atom, const history_query& q) -> history_reply {
            trace::handling h{self, sw_hquery_atom_v};
            return query_series(self, q);
        },
        [self](sw_halerts_atom, const history_query& q) -> history_reply {
            trace::handling h{self, sw_halerts_atom_v};
            write_pending(self); // an alert raised a moment ago is part of the answer
            return query_alerts(self, q);
        },
        [self](sw_reload_atom, const config::history_config& cfg) {
            trace::handling h{self, sw_reload_atom_v};
            auto& current = self->state.ctx.cfg;
            if (cfg.path != current.path)
                spdlog::warn("history: a new [history] path applies after a restart");
            const auto path = current.path;
            current = cfg;
            current.path = path;
        },
    };
}

} // namespace

std::vector<history_sample> samples_of(const fleet_view& view, std::int64_t ts) {
    std::vector<history_sample> rows;
    rows.reserve(view.miners.size() + 1);
    for (const auto& m : view.miners) {
        history_sample s;
        s.series = m.id;
        s.name = m.name;
        s.ts = ts;
        s.online = m.online ? 1 : 0;
        if (m.online) {
            const auto& r = m.reading;
            s.hashrate_ghs = miners::fleet_hashrate_ghs(r);
            s.power_w = r.power_w;
            s.temp_asic_c = r.temp_c.asic;
            s.temp_vr_c = r.temp_c.vr;
            if (!r.fans.empty())
                s.fan_rpm = as_double(r.fans.front().rpm);
            s.shares_accepted = as_double(r.shares.accepted);
            s.shares_rejected = as_double(r.shares.rejected);
            s.best_difficulty =
                r.best_difficulty.all_time ? r.best_difficulty.all_time : r.best_difficulty.session;
        }
        rows.push_back(std::move(s));
    }
    history_sample fleet;
    fleet.ts = ts;
    fleet.online = static_cast<double>(view.totals.miners_online);
    fleet.hashrate_ghs = view.totals.total_hashrate_ghs;
    fleet.power_w = view.totals.total_power_w;
    fleet.best_difficulty = view.totals.best_difficulty;
    rows.push_back(std::move(fleet));
    return rows;
}

caf::actor spawn_history(caf::actor_system& sys, history_context ctx) {
    return sys.spawn<caf::detached>(history_behavior, std::move(ctx));
}

} // namespace sw::actors
