#pragma once
// Appends the ring's new records to the trace file as JSON Lines from its own thread, so no
// actor and no socket ever waits on the disk. Rotates at max_bytes keeping one old part.

#include <condition_variable>
#include <cstdint>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "actors/trace_ring.hpp"

namespace sw::actors::trace {

class file_writer {
public:
    /// `meta` makes the first line of each file part.
    file_writer(const ring& source, std::function<std::string()> meta);
    ~file_writer();
    file_writer(const file_writer&) = delete;
    file_writer& operator=(const file_writer&) = delete;

    /// Starts writing records newer than the ring's last one to `path`. An existing file is
    /// first moved to "<path>.1" (the previous run's trace stays readable).
    void start(std::string path, std::size_t max_bytes);
    /// Writes what is pending, then stops; safe to call when not started.
    void stop();

    [[nodiscard]] bool running() const { return thread_.joinable(); }

private:
    void run();
    void write_pending();
    bool open_fresh();

    const ring& source_;
    std::function<std::string()> meta_;
    std::string path_;
    std::size_t max_bytes_ = 0;
    std::ofstream out_;
    std::size_t bytes_ = 0;
    std::uint64_t written_ = 0; ///< the last record number written
    std::uint64_t lost_ = 0;    ///< records overwritten in the ring before they were written
    bool failing_ = false;      ///< the last write failed (reported once)

    std::mutex mu_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace sw::actors::trace
