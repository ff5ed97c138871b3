#include "support/server_process.hpp"

#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "support/wait.hpp"
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sw::test {

namespace {

std::string make_temp_dir() {
    std::string templ = "/tmp/solowatch-test-XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    return templ;
}

} // namespace

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string write_temp_file(const std::string& name, const std::string& text) {
    auto path = make_temp_dir() + "/" + name;
    std::ofstream(path) << text;
    return path;
}

server_process::server_process(const std::string& server_toml, const std::string& extra_toml) {
    dir_ = make_temp_dir();
    config_path_ = dir_ + "/test.toml";
    rewrite_config(server_toml, extra_toml);
    const auto& config_path = config_path_;
    log_path_ = dir_ + "/server.log";
    pid_ = ::fork();
    if (pid_ == 0) {
        int fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
        ::execl(SOLOWATCH_BINARY, SOLOWATCH_BINARY, "--config", config_path.c_str(), nullptr);
        ::_exit(127);
    }
    const std::regex listening(R"(listening on [0-9.]+:([0-9]+))");
    wait_until([&] {
        std::smatch m;
        auto text = read_file(log_path_);
        if (std::regex_search(text, m, listening)) {
            port_ = static_cast<unsigned short>(std::stoi(m[1].str()));
            return true;
        }
        int status = 0;
        return ::waitpid(pid_, &status, WNOHANG) == pid_; // exited early: give up
    });
}

server_process::~server_process() {
    if (pid_ > 0)
        stop(SIGTERM);
}

void server_process::rewrite_config(const std::string& server_toml,
                                    const std::string& extra_toml) const {
    // Write then rename, so a reload never reads a half-written file.
    auto tmp = config_path_ + ".new";
    std::ofstream(tmp) << "[server]\nlisten = \"127.0.0.1:0\"\n"
                       << server_toml << "\n"
                       << extra_toml << "\n";
    std::rename(tmp.c_str(), config_path_.c_str());
}

std::string server_process::log() const {
    return read_file(log_path_);
}

std::optional<int> server_process::stop(int signo, std::chrono::milliseconds timeout) {
    if (pid_ <= 0)
        return std::nullopt;
    ::kill(pid_, signo);
    int status = 0;
    bool exited = wait_until([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, timeout);
    if (!exited) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return std::nullopt;
    }
    pid_ = -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return std::nullopt;
}

fake_fleet::fake_fleet(const std::string& args) {
    auto dir = make_temp_dir();
    auto log_path = dir + "/fakeminer.log";
    pid_ = ::fork();
    if (pid_ == 0) {
        auto cmd =
            std::string("exec ") + SOLOWATCH_FAKEMINER + " " + args + " >" + log_path + " 2>&1";
        ::execl("/bin/sh", "sh", "-c", cmd.c_str(), nullptr);
        ::_exit(127);
    }
    bool exited = false;
    ready_ = wait_until([&] {
        if (read_file(log_path).find("ready:") != std::string::npos)
            return true;
        int status = 0;
        exited = ::waitpid(pid_, &status, WNOHANG) == pid_;
        return exited;
    });
    if (exited) {
        pid_ = -1;
        ready_ = false;
    }
}

fake_fleet::~fake_fleet() {
    if (pid_ <= 0)
        return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    if (!wait_until([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; })) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
    }
}

run_result run_solowatch(const std::string& args) {
    run_result r;
    auto cmd = std::string(SOLOWATCH_BINARY) + " " + args + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (pipe == nullptr)
        return r;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0)
        r.output.append(buf.data(), n);
    int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

} // namespace sw::test
