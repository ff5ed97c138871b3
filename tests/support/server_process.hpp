#pragma once
// Starts the real solowatch binary on 127.0.0.1 port 0 with a generated config, learns the
// port from its log, and stops it (SIGTERM, then SIGKILL after a deadline) when destroyed.

#include <chrono>
#include <optional>
#include <string>

#include <sys/types.h>

namespace sw::test {

class server_process {
public:
    /// `extra_toml` is appended to a config that sets listen = "127.0.0.1:0".
    /// Tables named in `extra_toml` ([server], [websocket], ...) must not repeat the
    /// `[server]` table: use `server_toml` for keys of [server].
    explicit server_process(const std::string& server_toml = "",
                            const std::string& extra_toml = "");
    ~server_process();

    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    [[nodiscard]] bool started() const { return port_ != 0; }

    [[nodiscard]] unsigned short port() const { return port_; }

    [[nodiscard]] pid_t pid() const { return pid_; }

    /// Replaces the config file (same layout as the constructor's) for a SIGHUP reload.
    void rewrite_config(const std::string& server_toml, const std::string& extra_toml) const;

    /// Everything the server logged so far.
    [[nodiscard]] std::string log() const;

    /// Sends `signo`, waits for the exit; returns the exit status (nullopt on timeout or
    /// when it died from a signal).
    std::optional<int> stop(int signo,
                            std::chrono::milliseconds timeout = std::chrono::seconds(15));

private:
    std::string dir_;
    std::string log_path_;
    std::string config_path_;
    pid_t pid_ = -1;
    unsigned short port_ = 0;
};

/// solowatch-fakeminer running with `args` until destroyed (SIGTERM).
class fake_fleet {
public:
    explicit fake_fleet(const std::string& args);
    ~fake_fleet();
    fake_fleet(const fake_fleet&) = delete;
    fake_fleet& operator=(const fake_fleet&) = delete;

    /// True once it printed its "ready:" line (every port listening).
    [[nodiscard]] bool ready() const { return ready_; }

private:
    pid_t pid_ = -1;
    bool ready_ = false;
};

/// Runs the binary with `args` to completion; returns exit code and combined output.
struct run_result {
    int exit_code = -1;
    std::string output;
};

run_result run_solowatch(const std::string& args);

/// The whole file ("" when it cannot be read).
std::string read_file(const std::string& path);

/// Writes `text` to a fresh file in a temporary folder and returns its path.
std::string write_temp_file(const std::string& name, const std::string& text);

} // namespace sw::test
