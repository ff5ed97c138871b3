#pragma once
// `solowatch-trace export --format chrome`: the Chrome trace event JSON that Perfetto
// (ui.perfetto.dev) and chrome://tracing open.
//
// Layout: one process (pid 1); one track (tid) per actor id, named "name#id" by `M`
// thread_name events (tid 0 is the Asio side, "io"); one track per client id for its socket
// events, after the actor tracks. handle records are `X` slices; each send is a flow arrow
// (`s` on the sender, `f` with bp "e" on the receiver's next handle of that kind; a send
// whose handle is not in the trace gets no arrow); deliver, write, drop, read, spawn, exit
// and restart are `i` instants. Times are microseconds since the first record
// (otherData.t0_us is that record's epoch time).

#include <nlohmann/json.hpp>

#include "tools/trace/reader.hpp"

namespace sw::trace_tool {

nlohmann::json chrome_trace(const trace& t);

} // namespace sw::trace_tool
