# shellcheck shell=bash
# Shared by the benchmark scripts: build, start/stop processes, read /proc figures.
# Sourced, not run. Everything runs on 127.0.0.1 and stops by itself.

# apt_install PACKAGE...: installs the packages that are missing (sudo when not root).
apt_install() {
  local missing=() p status
  for p in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  local sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

bench_build() {
  tools/install-deps
  local missing=()
  for tool in curl bc jq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
  # ccache when the machine has it: rebuilds after a branch switch take seconds, not minutes.
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake --preset release "${launcher[@]}" >/dev/null
  cmake --build --preset release >/dev/null
  # shellcheck disable=SC2034 # read by the scripts that source this file
  BIN=build/release
}

# peer_install: Node.js (Debian's nodejs and npm when missing) and the node-ws peer's
# dependencies as pinned by its package-lock.json. Does nothing when both are in place.
PEER_DIR=tools/bench/peers/node-ws
peer_install() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then apt_install nodejs npm; fi
  local want have
  want=$(jq -r '.packages["node_modules/ws"].version' "$PEER_DIR/package-lock.json")
  have=$(jq -r .version "$PEER_DIR/node_modules/ws/package.json" 2>/dev/null || true)
  if [[ "$want" != "$have" ]]; then
    (cd "$PEER_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

# wait_for_s SECONDS CMD... : retries CMD every 0.1 s until it succeeds or SECONDS pass (a
# deadline, not a fixed sleep).
wait_for_s() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "timed out waiting for: $*" >&2; return 1; }
    sleep 0.1
  done
}

# wait_for CMD... : wait_for_s with a 30 s deadline.
wait_for() { wait_for_s 30 "$@"; }

healthz() { curl -fsS "http://127.0.0.1:$1/healthz"; }

# connections PORT: WebSocket connections the server on PORT reports (solowatch and node-ws
# both put the count in /healthz's `connections`).
connections() { json_field "$(healthz "$1")" connections; }

# at_least_connected PORT N: true once the server holds N connections.
at_least_connected() { [[ $(connections "$1") -ge "$2" ]]; }

# stop_process PID: SIGTERM, then SIGKILL if it is still there after 10 s.
stop_process() {
  kill "$1" 2>/dev/null || return 0
  local deadline=$((SECONDS + 10))
  while kill -0 "$1" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# cpu_ticks PID: user+system clock ticks of a process (all its threads).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# busy_ticks: clock ticks all CPUs spent on anything but idle and iowait since boot
# (user, nice, system, irq, softirq, steal), the same unit as cpu_ticks.
busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }

# quiet_second: true when the machine's CPUs were busy less than 10 % of one core over the
# last second (nothing of the benchmark is running when this is asked).
quiet_second() {
  local a b
  a=$(busy_ticks)
  sleep 1
  b=$(busy_ticks)
  (((b - a) * 10 < $(getconf CLK_TCK)))
}

# wait_quiet SECONDS: waits up to SECONDS for a quiet second (other users' builds done); a
# run that starts without one is still measured, and flagged by its other-load figure.
wait_quiet() {
  (($1 > 0)) || return 0
  wait_for_s "$1" quiet_second || echo "machine still busy after $1 s; measuring anyway" >&2
}

# rss_kib PID: resident set size in KiB.
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# slab_kib: kernel slab memory in KiB (socket buffers and TCP state live there).
slab_kib() { awk '/^Slab:/ {print $2}' /proc/meminfo; }

# json_field JSON PATH: a value from a JSON text, by a dotted path.
json_field() { jq -r ".$2" <<<"$1"; }
