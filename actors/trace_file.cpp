#include "actors/trace_file.hpp"

#include <cstdio>

#include <spdlog/spdlog.h>

namespace sw::actors::trace {

using namespace std::chrono_literals;

file_writer::file_writer(const ring& source, std::function<std::string()> meta)
    : source_(source)
    , meta_(std::move(meta)) {}

file_writer::~file_writer() {
    stop();
}

void file_writer::start(std::string path, std::size_t max_bytes) {
    stop();
    path_ = std::move(path);
    max_bytes_ = max_bytes;
    written_ = source_.last();
    // The previous run's trace (or the previous part) stays readable as "<path>.1".
    std::rename(path_.c_str(), (path_ + ".1").c_str()); // NOLINT(cert-err33-c): may not exist
    if (!open_fresh())
        return;
    std::lock_guard lock{mu_};
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void file_writer::stop() {
    {
        std::lock_guard lock{mu_};
        if (!thread_.joinable())
            return;
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    out_.close();
}

bool file_writer::open_fresh() {
    out_.close();
    out_.open(path_, std::ios::out | std::ios::trunc);
    if (!out_) {
        spdlog::error("trace: cannot write {}: records stay in memory only", path_);
        return false;
    }
    failing_ = false;
    const auto meta = meta_();
    out_ << meta << '\n';
    bytes_ = meta.size() + 1;
    return true;
}

void file_writer::run() {
    std::unique_lock lock{mu_};
    while (!stopping_) {
        wake_.wait_for(lock, 200ms, [this] { return stopping_; });
        lock.unlock();
        write_pending();
        lock.lock();
    }
    lock.unlock();
    write_pending(); // what came in while stopping
}

void file_writer::write_pending() {
    auto records = source_.since(written_);
    if (records.empty())
        return;
    if (records.front().n > written_ + 1) {
        lost_ += records.front().n - written_ - 1;
        spdlog::warn("trace: {} records were overwritten in the ring before reaching {} "
                     "({} in all); raise [actors] trace_ring or use \"sampled\"",
                     records.front().n - written_ - 1,
                     path_,
                     lost_);
    }
    for (const auto& r : records) {
        if (bytes_ >= max_bytes_) {
            out_.close();
            std::rename(path_.c_str(), (path_ + ".1").c_str()); // NOLINT(cert-err33-c)
            if (!open_fresh())
                break;
        }
        const auto line = to_json_line(r);
        out_ << line << '\n';
        bytes_ += line.size() + 1;
    }
    written_ = records.back().n;
    out_.flush();
    // Once per failure, not every 200 ms: a full disk must not also flood the log.
    if (!out_ && !failing_)
        spdlog::error("trace: writing {} failed (disk full?); records stay in memory and the "
                      "file resumes when tracing is next turned on",
                      path_);
    failing_ = !out_;
}

} // namespace sw::actors::trace
