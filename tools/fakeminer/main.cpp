// solowatch-fakeminer: serves simulated AxeOS (HTTP) and cgminer (TCP) miners on 127.x so
// solowatch can be developed, demonstrated and tested without hardware. See README.md here.

#include <iostream>

#include "tools/fakeminer/options.hpp"
#include "tools/fakeminer/world.hpp"

#include <CLI/CLI.hpp>

namespace {

using namespace sw::fakeminer;

// Profiles and faults for --help, generated from the same tables the program uses.
std::string help_footer() {
    std::string s = "\nAxeOS firmware profiles (--axeos-firmware):\n";
    for (const auto& p : all_profiles())
        if (p.kind == miner_kind::axeos)
            s += "  " + std::string(p.name) + ": " + std::string(p.summary) + "\n";
    s += "\ncgminer profiles (--cgminer-profile):\n";
    for (const auto& p : all_profiles())
        if (p.kind == miner_kind::cgminer)
            s += "  " + std::string(p.name) + ": " + std::string(p.summary) + "\n";
    s += "\nFault modes (--fault INDEX:MODE):\n";
    for (const auto& f : all_faults())
        if (f.mode != fault_mode::none)
            s += "  " + std::string(f.name) + ": " + std::string(f.summary) + "\n";
    s += "\nbroken_json variants (--fault INDEX:broken_json:VARIANT):\n ";
    for (int i = 0; i <= broken_variant_count; ++i)
        s += " " + std::string(to_string(static_cast<broken_variant>(i)));
    s += "\n\nExample:\n  solowatch-fakeminer --axeos 4 --cgminer 2 --fault 1:slow --fault "
         "5:broken_json --restart-every 600\n";
    return s;
}

} // namespace

int main(int argc, char** argv) {
    options opt;
    CLI::App app{"solowatch-fakeminer: simulated Bitcoin solo miners (AxeOS HTTP and cgminer "
                 "TCP API) on 127.0.0.1, with realistic drift and selectable faults."};
    app.add_option("--axeos", opt.axeos, "Number of AxeOS (HTTP) miners")->capture_default_str();
    app.add_option("--cgminer", opt.cgminer, "Number of cgminer (TCP) miners")
        ->capture_default_str();
    app.add_option("--base-port",
                   opt.base_port,
                   "First port: AxeOS miners take P..P+N-1, cgminer miners P+N..P+N+M-1")
        ->capture_default_str();
    app.add_option("--host", opt.host, "Listen address; only 127.x.x.x is accepted")
        ->capture_default_str();
    app.add_option("--axeos-firmware",
                   opt.axeos_firmware,
                   "Comma list of AxeOS profiles, cycled over the AxeOS miners")
        ->capture_default_str();
    app.add_option("--cgminer-profile",
                   opt.cgminer_profile,
                   "Comma list of cgminer profiles, cycled over the cgminer miners")
        ->capture_default_str();
    app.add_option("--fault",
                   opt.faults,
                   "INDEX:MODE[:VARIANT], repeatable; INDEX counts all miners from 0 (AxeOS "
                   "first)");
    app.add_option("--seed", opt.seed, "Random seed: same seed, same drift")->capture_default_str();
    app.add_option("--restart-every",
                   opt.restart_every_s,
                   "Mean seconds between simulated restarts per miner (0 = never)")
        ->capture_default_str();
    app.add_option("--slow-ms", opt.slow_ms, "Reply delay of the slow fault, ms")
        ->capture_default_str();
    app.add_option("--duration", opt.duration_s, "Exit after this many seconds (0 = run forever)")
        ->capture_default_str();
    app.add_flag("--print-config",
                 opt.print_config,
                 "Print [[miners]] TOML blocks for a solowatch config and exit");
    app.footer(help_footer());
    CLI11_PARSE(app, argc, argv);

    std::string error;
    const auto miners = build_miners(opt, error);
    if (!miners) {
        std::cerr << "solowatch-fakeminer: " << error << "\n";
        return 2;
    }
    if (opt.print_config) {
        std::cout << to_toml(*miners) << std::flush;
        return 0;
    }
    return run_servers(opt, *miners);
}
