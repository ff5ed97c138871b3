#include "actors/alert_engine.hpp"

#include <map>

#include <spdlog/spdlog.h>

#include "actors/alert_rules.hpp"
#include "actors/messages.hpp"
#include "actors/notifier.hpp"
#include "actors/send.hpp"

namespace sw::actors {
namespace {

struct engine_state {
    static constexpr const char* name = "alert_engine";
    trace::slot_ptr trace_slot; // mailbox depth and the actor trace (actors/trace.hpp)

    caf::actor registry;
    std::vector<caf::actor> notifiers;
    alert_settings settings;
    std::map<std::string, config::alerts_config, std::less<>> effective; // by miner name
    alert_rules rules{500};

    void apply(alert_settings next) {
        settings = std::move(next);
        effective.clear();
        for (const auto& m : settings.miners)
            effective.emplace(m.name, config::effective_alerts(settings.alerts, m));
        rules.set_history_size(settings.alerts.history_size);
        rules.set_network_difficulty(settings.network_difficulty);
    }

    /// A miner not (or no longer) in the config is judged by the global rules.
    [[nodiscard]] const config::alerts_config& rules_for(const std::string& miner) const {
        auto it = effective.find(miner);
        return it == effective.end() ? settings.alerts : it->second;
    }

    /// {"alerts": [active...]}: the topic's state; with_history adds the recent updates
    /// (GET /api/alerts?all=1).
    [[nodiscard]] std::string alerts_json(bool with_history) const {
        auto as_json = [](const auto& list) {
            auto out = nlohmann::json::array();
            for (const auto& a : list)
                out.push_back(to_json(a));
            return out;
        };
        nlohmann::json out{{"alerts", as_json(rules.active())}};
        if (with_history)
            out["history"] = as_json(rules.history());
        return out.dump();
    }
};

using engine_actor_t = caf::stateful_actor<engine_state>;

void log_update(const alert& a) {
    auto level = a.severity == alert_severity::critical ? spdlog::level::warn : spdlog::level::info;
    spdlog::log(level,
                "alert {} {} {} ({}): {}",
                a.id,
                to_string(a.state),
                a.rule,
                to_string(a.severity),
                a.message);
}

/// What a notification channel carries of an alert.
notification notification_of(const alert& a) {
    notification n;
    n.rule = a.rule;
    n.severity = std::string(to_string(a.severity));
    n.state = std::string(to_string(a.state));
    n.title = a.miner_name + ": " + a.rule
              + (a.event ? std::string() : " " + std::string(to_string(a.severity)));
    n.message = a.message;
    n.alert = to_json(a);
    return n;
}

/// Publishes each update on `alerts` (the state after all of them is the active list).
void publish(engine_actor_t* self, const std::vector<alert>& updates) {
    if (updates.empty())
        return;
    auto& st = self->state;
    auto state = std::make_shared<const std::string>(st.alerts_json(false));
    for (const auto& a : updates) {
        log_update(a);
        auto data =
            std::make_shared<const std::string>(nlohmann::json{{"alert", to_json(a)}}.dump());
        tell(self,
             st.registry,
             sw_publish_atom_v,
             publication{protocol::topic::alerts, data, state, nullptr, trace::current_or_new()});
        if (!st.notifiers.empty()) {
            auto n = notification_of(a);
            for (const auto& notifier : st.notifiers)
                tell(self, notifier, sw_notify_atom_v, n);
        }
    }
}

caf::behavior engine_behavior(engine_actor_t* self,
                              caf::actor registry,
                              alert_settings settings,
                              std::vector<caf::actor> notifiers) {
    self->state.trace_slot = trace::enter(self);
    auto& st = self->state;
    st.registry = std::move(registry);
    st.notifiers = std::move(notifiers);
    st.apply(std::move(settings));
    return {
        [self](sw_snapshot_atom, const snapshot_ptr& snap) {
            trace::handling h{self, sw_snapshot_atom_v, snap ? snap->trace_id : 0};
            if (!snap)
                return;
            auto& s = self->state;
            publish(
                self,
                s.rules.evaluate(*snap, s.rules_for(snap->name), std::chrono::system_clock::now()));
        },
        [self](sw_forget_atom, const std::string& miner) {
            trace::handling h{self, sw_forget_atom_v};
            publish(self, self->state.rules.forget(miner, std::chrono::system_clock::now()));
        },
        [self](sw_reload_atom, alert_settings& next) {
            trace::handling h{self, sw_reload_atom_v};
            auto& s = self->state;
            s.apply(std::move(next));
            auto now = std::chrono::system_clock::now();
            std::vector<alert> updates;
            for (const auto& [miner, rules] : s.effective) {
                auto cleared = s.rules.reconfigure(miner, rules, now);
                updates.insert(updates.end(), cleared.begin(), cleared.end());
            }
            publish(self, updates);
        },
        [self](sw_alerts_atom, bool all) -> std::string {
            trace::handling h{self, sw_alerts_atom_v};
            return self->state.alerts_json(all);
        },
    };
}

} // namespace

alert_settings alert_settings_of(const config::config& cfg) {
    return alert_settings{cfg.alerts, cfg.miners, cfg.network.difficulty};
}

caf::actor spawn_alert_engine(caf::actor_system& sys,
                              caf::actor registry,
                              alert_settings settings,
                              std::vector<caf::actor> notifiers) {
    return sys.spawn(
        engine_behavior, std::move(registry), std::move(settings), std::move(notifiers));
}

} // namespace sw::actors
