#pragma once
// Runs one benchmark on one thread and one io_context: opens the clients in batches (or at
// a fixed rate in storm mode), times the warm-up and the measurement window, lets slow
// consumers drain to see how the server ended them, closes everything, and returns.

#include "tools/bench/options.hpp"
#include "tools/bench/run_state.hpp"

namespace sw::bench {

// Blocks until the run is over: after --duration, or on SIGINT/SIGTERM (a second signal
// stops at once). Never throws for network failures; they are counted in the result.
run_stats run_bench(const options& opt);

} // namespace sw::bench
