#include "tools/bench/floor_src/floor.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

// Linux >= 4.2; older headers lack the name, the kernel ignores what it does not know.
#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

namespace sw::floor {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + std::strerror(errno));
}

void pin_to(int cpu) {
    if (cpu < 0)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (::sched_setaffinity(0, sizeof set, &set) != 0)
        fail("sched_setaffinity to CPU " + std::to_string(cpu));
}

double now_s() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void sleep_until(double t) {
    timespec ts{};
    ts.tv_sec = static_cast<time_t>(t);
    ts.tv_nsec = static_cast<long>((t - static_cast<double>(ts.tv_sec)) * 1e9);
    while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
    }
}

double seconds(const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

// The writer's own thread: the scheduler's exact runtime for the total, rusage for the
// user/system split (the kernel's TCP work is system time, and so is loopback delivery,
// which runs in the sender's context).
struct cpu_sample {
    double total = 0;
    double user = 0;
    double sys = 0;
};

cpu_sample sample_thread_cpu() {
    cpu_sample s;
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    s.total = static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
    rusage ru{};
    ::getrusage(RUSAGE_THREAD, &ru);
    s.user = seconds(ru.ru_utime);
    s.sys = seconds(ru.ru_stime);
    return s;
}

sockaddr_in loopback_v4(const std::string& address, std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (::inet_pton(AF_INET, address.c_str(), &a.sin_addr) != 1)
        throw std::runtime_error("not an IPv4 address: " + address);
    return a;
}

// The drain process: accepts every connection, reads and discards until each one ends, then
// reports the bytes it read on `result_fd`. Ends when the control pipe closes and every
// connection has seen EOF (or 10 s later: the writer is gone and nothing more will come).
[[noreturn]] void drain_main(int listen_fd, int control_fd, int result_fd, int cpu) {
    try {
        pin_to(cpu);
    } catch (const std::exception&) {
        ::_exit(3);
    }
    ::fcntl(listen_fd, F_SETFL, ::fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
    const int ep = ::epoll_create1(EPOLL_CLOEXEC);
    auto watch = [ep](int fd) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    };
    watch(listen_fd);
    watch(control_fd);
    std::uint64_t drained = 0;
    int open = 0;
    bool stopping = false;
    double deadline = 0;
    std::vector<char> buf(1 << 16);
    epoll_event events[256];
    while (!stopping || (open > 0 && now_s() < deadline)) {
        const int n = ::epoll_wait(ep, events, 256, stopping ? 100 : -1);
        for (int i = 0; i < n; ++i) {
            const int fd = events[i].data.fd;
            if (fd == listen_fd) {
                int c = 0;
                while ((c = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC))
                       >= 0) {
                    watch(c);
                    ++open;
                }
            } else if (fd == control_fd) {
                char ignored = 0;
                if (::read(control_fd, &ignored, 1) <= 0) {
                    ::epoll_ctl(ep, EPOLL_CTL_DEL, control_fd, nullptr);
                    stopping = true;
                    deadline = now_s() + 10;
                }
            } else {
                for (;;) {
                    const auto r = ::read(fd, buf.data(), buf.size());
                    if (r > 0) {
                        drained += static_cast<std::uint64_t>(r);
                        continue;
                    }
                    if (r < 0 && (errno == EAGAIN || errno == EINTR))
                        break;
                    ::close(fd); // EOF or error: also leaves the epoll set
                    --open;
                    break;
                }
            }
        }
    }
    [[maybe_unused]] const auto w = ::write(result_fd, &drained, sizeof drained);
    ::_exit(0);
}

// Owns the writer's descriptors and the drain process; cleans up on every path.
class session {
public:
    session() = default;
    session(const session&) = delete;
    session& operator=(const session&) = delete;

    ~session() {
        for (int fd : sockets)
            ::close(fd);
        if (control_wr >= 0)
            ::close(control_wr);
        if (result_rd >= 0)
            ::close(result_rd);
        if (drain_pid > 0) {
            ::kill(drain_pid, SIGTERM);
            ::waitpid(drain_pid, nullptr, 0);
        }
    }

    std::vector<int> sockets;
    int control_wr = -1;
    int result_rd = -1;
    pid_t drain_pid = -1;
};

// Starts the drain on a listener at 127.0.0.1:<any>; returns the listener's port.
std::uint16_t start_drain(session& s, int drain_cpu) {
    const int lfd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd < 0)
        fail("socket");
    auto addr = loopback_v4("127.0.0.1", 0);
    if (::bind(lfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0
        || ::listen(lfd, SOMAXCONN) != 0)
        fail("listen on 127.0.0.1");
    socklen_t len = sizeof addr;
    ::getsockname(lfd, reinterpret_cast<sockaddr*>(&addr), &len);
    int control[2];
    int result[2];
    if (::pipe2(control, O_CLOEXEC) != 0 || ::pipe2(result, O_CLOEXEC) != 0)
        fail("pipe");
    const pid_t pid = ::fork();
    if (pid < 0)
        fail("fork");
    if (pid == 0) {
        ::close(control[1]);
        ::close(result[0]);
        drain_main(lfd, control[0], result[1], drain_cpu);
    }
    ::close(lfd); // the drain owns the listener now
    ::close(control[0]);
    ::close(result[1]);
    s.drain_pid = pid;
    s.control_wr = control[1];
    s.result_rd = result[0];
    return ntohs(addr.sin_port);
}

void connect_all(session& s, const floor_options& opt, std::uint16_t port) {
    const auto server = loopback_v4("127.0.0.1", port);
    const int one = 1;
    for (int i = 0; i < opt.clients; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            fail("socket for client " + std::to_string(i));
        s.sockets.push_back(fd);
        if (opt.nodelay)
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (!opt.sources.empty()) {
            // Let connect() pick the port: the 4-tuple, not the port, must then be unique.
            ::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
            auto src =
                loopback_v4(opt.sources[static_cast<std::size_t>(i) % opt.sources.size()], 0);
            if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0)
                fail("bind to source address " + opt.sources[i % opt.sources.size()]);
        }
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&server), sizeof server) != 0)
            fail("connect client " + std::to_string(i));
    }
}

// Counts of the writes; a snapshot at each end of the window gives the window's figures.
struct write_counts {
    std::uint64_t writes = 0;
    std::uint64_t failed = 0;
    std::uint64_t partial = 0;
};

void write_frame(int fd, const std::string& frame, write_counts& c) {
    std::size_t off = 0;
    bool first = true;
    while (off < frame.size()) {
        const auto n = ::send(fd, frame.data() + off, frame.size() - off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            ++c.failed;
            return;
        }
        if (first && static_cast<std::size_t>(n) < frame.size())
            ++c.partial;
        first = false;
        off += static_cast<std::size_t>(n);
    }
    ++c.writes;
}

struct window {
    double t0 = 0;
    double t1 = 0;
    cpu_sample cpu0;
    cpu_sample cpu1;
    write_counts w0;
    write_counts w1;
    double burst_sum_s = 0; // broadcasts started in the window
    double burst_max_s = 0;
    std::uint64_t bursts = 0;
    std::uint64_t late = 0;
};

// Broadcasts on an absolute schedule; a broadcast that overruns the next tick makes that
// tick late (no catch-up bursts, so the achieved rate shows it). The window starts at the
// first tick after the warm-up and ends at the first tick after --duration: whole broadcasts
// only, and the sleeps between them are inside it, as they are for a server.
window run_paced(const floor_options& opt,
                 const std::vector<int>& fds,
                 const std::string& frame,
                 write_counts& c) {
    window w;
    const double interval = 1.0 / opt.rate;
    const double start = now_s();
    double tick = start;
    bool measuring = false;
    for (std::uint64_t k = 1;; ++k) {
        sleep_until(tick);
        const double t = now_s();
        if (!measuring && t >= start + opt.warmup_s) {
            measuring = true;
            w.t0 = t;
            w.cpu0 = sample_thread_cpu();
            w.w0 = c;
        } else if (measuring && t >= w.t0 + opt.duration_s) {
            w.cpu1 = sample_thread_cpu();
            w.t1 = t;
            w.w1 = c;
            return w;
        }
        for (int fd : fds)
            write_frame(fd, frame, c);
        const double done = now_s();
        if (measuring) {
            ++w.bursts;
            w.burst_sum_s += done - t;
            w.burst_max_s = std::max(w.burst_max_s, done - t);
        }
        tick = start + static_cast<double>(k) * interval;
        if (tick < done) {
            // Overran: the next broadcast starts on the next tick still ahead, not at once.
            if (measuring)
                ++w.late;
            k = static_cast<std::uint64_t>((done - start) / interval) + 1;
            tick = start + static_cast<double>(k) * interval;
        }
    }
}

// Round robin over the sockets without pause: the writer's CPU is saturated, so the window's
// writes/s is the most one core can push through the kernel, and us/write its inverse.
window run_flat(const floor_options& opt,
                const std::vector<int>& fds,
                const std::string& frame,
                write_counts& c) {
    window w;
    const double start = now_s();
    bool measuring = false;
    std::size_t i = 0;
    for (;;) {
        // Clock reads every 256 writes keep their cost out of the figure.
        for (int k = 0; k < 256; ++k) {
            write_frame(fds[i], frame, c);
            if (++i == fds.size())
                i = 0;
        }
        const double t = now_s();
        if (!measuring && t >= start + opt.warmup_s) {
            measuring = true;
            w.t0 = t;
            w.cpu0 = sample_thread_cpu();
            w.w0 = c;
        } else if (measuring && t >= w.t0 + opt.duration_s) {
            w.cpu1 = sample_thread_cpu();
            w.t1 = t;
            w.w1 = c;
            return w;
        }
    }
}

} // namespace

std::string make_frame(std::size_t payload_bytes) {
    std::string text = R"({"type":"system_update","topic":"system","broadcast_id":"system-1",)"
                       R"("seq":1,"timestamp":"2026-11-26T12:00:00.123Z","data":{"padding":")";
    const std::string tail = "\"}}";
    if (text.size() + tail.size() <= payload_bytes)
        text += std::string(payload_bytes - text.size() - tail.size(), 'x') + tail;
    else
        text = std::string(payload_bytes, 'x');
    std::string frame;
    frame += static_cast<char>(0x81); // FIN + text
    const auto n = text.size();
    if (n < 126) {
        frame += static_cast<char>(n);
    } else if (n < 65536) {
        frame += static_cast<char>(126);
        frame += static_cast<char>((n >> 8) & 0xff);
        frame += static_cast<char>(n & 0xff);
    } else {
        frame += static_cast<char>(127);
        for (int shift = 56; shift >= 0; shift -= 8)
            frame += static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xff);
    }
    return frame + text;
}

floor_result run_floor(const floor_options& opt) {
    floor_result r;
    const std::string frame = make_frame(opt.payload_bytes);
    r.frame_bytes = frame.size();
    session s;
    const auto port = start_drain(s, opt.drain_cpu);
    pin_to(opt.writer_cpu); // after the fork: the drain pins itself to its own CPU
    connect_all(s, opt, port);
    r.connected = static_cast<int>(s.sockets.size());

    write_counts c;
    const window w =
        opt.rate > 0 ? run_paced(opt, s.sockets, frame, c) : run_flat(opt, s.sockets, frame, c);
    r.window_s = w.t1 - w.t0;
    r.writes = w.w1.writes - w.w0.writes;
    r.failed_writes = w.w1.failed - w.w0.failed;
    r.partial_writes = w.w1.partial - w.w0.partial;
    r.cpu_s = w.cpu1.total - w.cpu0.total;
    r.user_s = w.cpu1.user - w.cpu0.user;
    r.sys_s = w.cpu1.sys - w.cpu0.sys;
    r.burst_mean_ms = w.bursts > 0 ? 1e3 * w.burst_sum_s / static_cast<double>(w.bursts) : 0;
    r.burst_max_ms = 1e3 * w.burst_max_s;
    r.late_ticks = w.late;
    r.written_bytes = c.writes * frame.size();

    // End every connection (FIN), let the drain read to EOF and report what it received.
    for (int fd : s.sockets)
        ::shutdown(fd, SHUT_WR);
    ::close(s.control_wr);
    s.control_wr = -1;
    std::uint64_t drained = 0;
    if (::read(s.result_rd, &drained, sizeof drained) == sizeof drained)
        r.drained_bytes = drained;
    int status = 0;
    rusage ru{};
    if (::wait4(s.drain_pid, &status, 0, &ru) == s.drain_pid) {
        s.drain_pid = -1;
        r.drain_cpu_s = seconds(ru.ru_utime) + seconds(ru.ru_stime);
    }
    return r;
}

} // namespace sw::floor
