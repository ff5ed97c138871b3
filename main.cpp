// solowatch: watches Bitcoin solo miners on a LAN and pushes every change to browsers.
// main only wires things together: CLI, config, logging, actors, network, shutdown.

#include <iostream>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/services.hpp"
#include "actors/trace.hpp"
#include "config/config.hpp"
#include "net/logging.hpp"
#include "net/server.hpp"

#include <CLI/CLI.hpp>

namespace {

int print_errors(const sw::config::config_errors& errors) {
    for (const auto& e : errors)
        std::cerr << e.to_string() << '\n';
    std::cerr << "solowatch: configuration refused (" << errors.size() << " error"
              << (errors.size() == 1 ? "" : "s") << ")\n";
    return 1;
}

int serve(const sw::config::config& cfg) {
    caf::actor_system_config caf_cfg;
    // CAF's own config silently ignores unknown keys: only values from our validated TOML.
    caf_cfg.set("scheduler.max-threads", cfg.actors.scheduler_threads);
    caf_cfg.set("scheduler.policy",
                cfg.actors.scheduler == "sharing" ? caf::atom("sharing") : caf::atom("stealing"));
    caf_cfg.set("logger.console", caf::atom("none"));
    caf::actor_system sys{caf_cfg};
    auto services = sw::actors::start_services(sys, cfg, SOLOWATCH_VERSION);
    {
        sw::net::server server(sys, cfg, services);
        if (auto ec = server.listen()) {
            spdlog::error("cannot listen on {}: {}", cfg.server.listen, ec.message());
            services.stop();
            return 1;
        }
        auto ep = server.local_endpoint();
        spdlog::info("solowatch {} listening on {}:{} (config: {})",
                     SOLOWATCH_VERSION,
                     ep.address().to_string(),
                     ep.port(),
                     cfg.source_path.empty() ? "built-in defaults" : cfg.source_path);
        server.run();
    } // every session is gone before the actors stop
    services.stop();
    sys.await_all_actors_done();
    sw::actors::trace::shutdown(); // the last records reach the trace file
    spdlog::info("solowatch stopped");
    spdlog::shutdown();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"solowatch: a real-time monitor for Bitcoin solo miners"};
    std::string config_path;
    std::string check_path;
    app.add_option(
        "-c,--config", config_path, "TOML configuration file (see config/solowatch.toml)");
    app.add_option("--check-config",
                   check_path,
                   "Validate FILE, print the effective configuration, exit 0 (valid) or 1");
    app.set_version_flag("--version", std::string("solowatch ") + SOLOWATCH_VERSION);
    CLI11_PARSE(app, argc, argv);

    if (!check_path.empty()) {
        auto cfg = sw::config::load_config_file(check_path);
        if (!cfg)
            return print_errors(cfg.error());
        std::cout << "# " << check_path << ": configuration is valid; effective values:\n"
                  << sw::config::to_toml(*cfg);
        return 0;
    }
    sw::config::config cfg;
    if (!config_path.empty()) {
        auto loaded = sw::config::load_config_file(config_path);
        if (!loaded)
            return print_errors(loaded.error());
        cfg = std::move(*loaded);
    }
    sw::net::setup_logging(cfg.log);
    return serve(cfg);
}
