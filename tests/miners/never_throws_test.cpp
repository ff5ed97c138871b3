// Property: every parser returns (a value or an error with a message) for any bytes. Mutations
// of the recorded replies with a fixed seed keep failures reproducible without a fuzzer.

#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "miners/axeos.hpp"
#include "miners/cgminer_sections.hpp"

#include "fixture.hpp"

using namespace sw::miners;
using sw::miners::test::read_fixture;

namespace {

const std::string alphabet = "{}[]\",:\\0123456789.eE+-truefalsnl \t\n\x80\xff\0%-G";

std::string mutate(std::string s, std::mt19937& rng) {
    std::uniform_int_distribution<int> op(0, 4);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    const int edits = std::uniform_int_distribution<int>(1, 8)(rng);
    for (int i = 0; i < edits; ++i) {
        const std::size_t at = std::uniform_int_distribution<std::size_t>(0, s.size())(rng);
        switch (op(rng)) {
        case 0: // insert a character that matters to JSON
            s.insert(at, 1, alphabet[pick(rng)]);
            break;
        case 1: // erase a run
            s.erase(at, std::uniform_int_distribution<std::size_t>(1, 20)(rng));
            break;
        case 2: // overwrite with any byte
            if (at < s.size()) {
                s[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
            }
            break;
        case 3: // truncate
            s.resize(at);
            break;
        default: // duplicate a slice, growing nesting and lists
            s.insert(at, s.substr(at, std::uniform_int_distribution<std::size_t>(0, 60)(rng)));
            break;
        }
    }
    return s;
}

std::vector<std::string> cgminer_seeds() {
    std::vector<std::string> seeds;
    for (const char* name : {"antminer_s19xp_vnish_pools.wire",
                             "antminer_s19xp_vnish_stats.wire",
                             "antminer_s19xp_vnish_summary.wire",
                             "avalon_nano3s_estats.wire",
                             "avalon_nano3s_summary.wire",
                             "avalon_nano3s_version.wire",
                             "braiins_os_s9_fans.wire",
                             "braiins_os_s9_summary.wire",
                             "braiins_os_s9_temps.wire",
                             "cgminer_avalon_A1566_devs.wire",
                             "cgminer_avalon_A1566_pools.wire",
                             "cgminer_avalon_A1566_version.wire",
                             "cgminer_error_invalid_command.wire",
                             "whatsminer_summary.wire"}) {
        seeds.push_back(read_fixture(name));
    }
    return seeds;
}

} // namespace

TEST_CASE("cgminer parsing and every reader return for thousands of mutated replies") {
    const auto seeds = cgminer_seeds();
    std::mt19937 rng(20261126);
    std::size_t parsed = 0;
    std::size_t refused = 0;
    for (int i = 0; i < 3000; ++i) {
        const std::string wire = mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng);
        const auto reply = parse_cgminer_reply(wire, "summary");
        if (!reply) {
            ++refused;
            REQUIRE_FALSE(reply.error().message.empty());
            continue;
        }
        ++parsed;
        miner_reading reading;
        for (const auto command : cgminer_commands) {
            const auto done = apply_cgminer_command(command, *reply, reading);
            if (!done) {
                REQUIRE_FALSE(done.error().message.empty());
            }
        }
        miner_snapshot s;
        s.reading = reading;
        CHECK_NOTHROW(to_json(s).dump());
    }
    CHECK(parsed > 0); // repairs keep many mutants usable, so both paths ran
    CHECK(refused > 0);
}

TEST_CASE("AxeOS parsing returns for thousands of mutated and random bodies") {
    const std::vector<std::string> seeds{read_fixture("axeos_v2.15.0_system_info.json"),
                                         read_fixture("axeos_v2.15.0_system_asic.json")};
    std::mt19937 rng(7);
    std::size_t parsed = 0;
    std::size_t refused = 0;
    for (int i = 0; i < 2000; ++i) {
        std::string body;
        if (i % 4 == 0) {
            body.resize(std::uniform_int_distribution<std::size_t>(0, 300)(rng));
            for (char& c : body) {
                c = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
            }
        } else {
            body = mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng);
        }
        const auto info = parse_axeos_info(body);
        info ? ++parsed : ++refused;
        if (!info) {
            REQUIRE_FALSE(info.error().message.empty());
        }
        const auto asic = parse_axeos_asic(body);
        if (!asic) {
            REQUIRE_FALSE(asic.error().message.empty());
        }
        nlohmann::json cached;
        CHECK_NOTHROW(apply_axeos_live_frame(cached, body));
    }
    CHECK(parsed > 0);
    CHECK(refused > 0);
}

TEST_CASE("repair returns for random bytes and deep nesting without recursing") {
    std::mt19937 rng(42);
    for (int i = 0; i < 1000; ++i) {
        std::string bytes(std::uniform_int_distribution<std::size_t>(0, 400)(rng), '\0');
        for (char& c : bytes) {
            c = alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
        }
        CHECK_NOTHROW(repair_cgminer_json(bytes));
        const auto reply = parse_cgminer_reply(bytes);
        if (!reply) {
            REQUIRE_FALSE(reply.error().message.empty());
        }
    }
    const std::string deep = std::string(200000, '[') + "1";
    CHECK(parse_cgminer_reply(deep).error().code == parse_errc::too_deep);
}
