# Shared by the benchmark scripts: build, start/stop processes, read /proc figures.
# Sourced, not run. Everything runs on 127.0.0.1 and stops by itself.

bench_build() {
  tools/install-deps
  local missing=()
  for tool in curl bc jq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if ((${#missing[@]})); then apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; fi
  cmake --preset release >/dev/null
  cmake --build --preset release >/dev/null
  BIN=build/release
}

# wait_for CMD... : retries CMD every 0.1 s for up to 30 s (a deadline, not a fixed sleep).
wait_for() {
  local deadline=$((SECONDS + 30))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "timed out waiting for: $*" >&2; return 1; }
    sleep 0.1
  done
}

healthz() { curl -fsS "http://127.0.0.1:$1/healthz"; }

# cpu_ticks PID: user+system clock ticks of a process.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# rss_kib PID: resident set size in KiB.
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# slab_kib: kernel slab memory in KiB (socket buffers and TCP state live there).
slab_kib() { awk '/^Slab:/ {print $2}' /proc/meminfo; }

# json_field JSON PATH: a value from a JSON text, by a dotted path.
json_field() { jq -r ".$2" <<<"$1"; }
