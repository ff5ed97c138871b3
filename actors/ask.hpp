#pragma once
// Asking an actor from outside CAF without blocking: a one-shot actor sends the request and
// hands the answer (or the error) to a callback, then exits. The callback runs on a CAF
// worker thread: the Asio side posts from there to its own strand.

#include <functional>
#include <string>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/messages.hpp"

namespace sw::actors {

using json_answer = std::function<void(bool ok, nlohmann::json answer, std::string error)>;

template <class... Ts>
void ask_json(caf::actor_system& sys,
              const caf::actor& dest,
              std::chrono::milliseconds timeout,
              json_answer done,
              Ts... request) {
    sys.spawn([dest, timeout, done = std::move(done), request...](caf::event_based_actor* self) {
        self->request(dest, timeout, request...)
            .then(
                [self, done](nlohmann::json& answer) {
                    done(true, std::move(answer), {});
                    self->quit();
                },
                [self, done](caf::error& err) {
                    done(false, nullptr, self->system().render(err));
                    self->quit();
                });
    });
}

} // namespace sw::actors
