#pragma once
// Asking an actor from outside CAF without blocking: a one-shot actor sends the request and
// hands the answer (or the error) to a callback, then exits. The callback runs on a CAF
// worker thread: the Asio side posts from there to its own strand.

#include <functional>
#include <string>

#include <caf/all.hpp>

#include <tl/expected.hpp>

namespace sw::actors {

template <class Result, class... Ts>
void ask(caf::actor_system& sys,
         const caf::actor& dest,
         std::chrono::milliseconds timeout,
         std::function<void(tl::expected<Result, std::string>)> done,
         Ts... request) {
    sys.spawn([dest, timeout, done = std::move(done), request...](caf::event_based_actor* self) {
        self->request(dest, timeout, request...)
            .then(
                [self, done](Result& answer) {
                    done(std::move(answer));
                    self->quit();
                },
                [self, done](caf::error& err) {
                    done(tl::make_unexpected(self->system().render(err)));
                    self->quit();
                });
    });
}

} // namespace sw::actors
