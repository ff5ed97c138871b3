#include "actors/miner_io.hpp"

namespace sw::actors {

miner_io::miner_io() : work_(boost::asio::make_work_guard(ioc_)), thread_([this] { ioc_.run(); }) {}

miner_io::~miner_io() {
    stop();
}

void miner_io::stop() {
    work_.reset();
    ioc_.stop();
    if (thread_.joinable())
        thread_.join();
}

} // namespace sw::actors
