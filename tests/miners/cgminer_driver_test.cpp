// The cgminer driver against a fake cgminer: joined requests, the fall back to one command per
// connection, remembered refusals, failures of the essential summary.

#include <atomic>
#include <map>

#include <catch2/catch.hpp>

#include "miners/cgminer.hpp"
#include "miners/cgminer_sections.hpp"
#include "miners/driver.hpp"

#include "client_loop.hpp"
#include "fake_endpoint.hpp"
#include "fixture.hpp"

using namespace sw::miners;
using namespace sw::miners::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

/// A fake Avalon Nano 3s: knows version, summary and estats; anything else is code 14.
struct cgminer_behaviour {
    std::map<std::string, std::string> replies; ///< command -> body (no NUL)
    bool joins = true;                          ///< false: a joined command is code 14
    std::string invalid;                        ///< the code-14 reply body
};

std::string body_of(const std::string& fixture) {
    return json::parse(read_fixture(fixture)).dump();
}

std::shared_ptr<cgminer_behaviour> nano3s(bool joins = true) {
    auto b = std::make_shared<cgminer_behaviour>();
    b->joins = joins;
    b->invalid = body_of("cgminer_error_invalid_command.json");
    for (const char* command : {"version", "summary", "estats"}) {
        b->replies[command] = body_of(std::string("avalon_nano3s_") + command + ".json");
    }
    return b;
}

/// What cgminer does with a join: `{"cmd1":[reply1],"cmd2":[reply2],"id":1}`.
std::string answer(const cgminer_behaviour& b, const std::string& command) {
    const auto one = [&](const std::string& c) {
        const auto it = b.replies.find(c);
        return it == b.replies.end() ? b.invalid : it->second;
    };
    if (command.find('+') == std::string::npos) {
        return one(command) + '\0';
    }
    if (!b.joins) {
        return b.invalid + '\0';
    }
    json root = json::object();
    std::size_t start = 0;
    while (start <= command.size()) {
        const std::size_t end = std::min(command.find('+', start), command.size());
        const std::string part = command.substr(start, end - start);
        root[part] = json::array({json::parse(one(part))});
        start = end + 1;
    }
    root["id"] = 1;
    return root.dump() + '\0';
}

fake_endpoint fake_cgminer(std::shared_ptr<cgminer_behaviour> b) {
    return fake_endpoint(fake_endpoint::protocol::cgminer, [b](const fake_request& request) {
        return fake_action{answer(*b, request.command), false, false};
    });
}

std::shared_ptr<miner_driver> cgminer_driver(std::uint16_t port,
                                             std::size_t max_bytes = default_max_reply_bytes) {
    return make_driver(miner_kind::cgminer, {"127.0.0.1", port, 2s, max_bytes});
}

poll_outcome poll_once(client_loop& loop, miner_driver& driver) {
    completion<poll_outcome> done;
    driver.poll(loop.io(), done.callback());
    REQUIRE(done.wait());
    return done.value();
}

std::size_t joined_requests(const fake_endpoint& fake) {
    std::size_t n = 0;
    for (const auto& r : fake.requests()) {
        n += r.command.find('+') != std::string::npos ? 1 : 0;
    }
    return n;
}

void check_nano3s(const poll_outcome& outcome) {
    REQUIRE(outcome);
    CHECK(outcome->make == "Avalon");
    CHECK(outcome->model == "Nano3s");                       // version
    CHECK(outcome->mac == "e0:e1:a9:3f:85:23");              // version
    CHECK(*outcome->hashrate_ghs.now == Approx(6601.44213)); // summary precedes estats
    CHECK(*outcome->shares.accepted == 2547);                // summary
    CHECK(*outcome->power_w == 133.0);                       // estats
    CHECK(*outcome->temp_c.asic == 90.0);                    // estats
}

} // namespace

TEST_CASE("a cgminer miner that accepts joins is polled with one joined request") {
    auto fake = fake_cgminer(nano3s());
    client_loop loop;
    check_nano3s(poll_once(loop, *cgminer_driver(fake.port())));
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].command == "version+summary+pools+estats+stats+devs+fans+temps");
}

TEST_CASE("commands refused inside a join and version are left out of the next join") {
    auto fake = fake_cgminer(nano3s());
    client_loop loop;
    auto driver = cgminer_driver(fake.port());
    check_nano3s(poll_once(loop, *driver));
    check_nano3s(poll_once(loop, *driver)); // version comes from the first poll's answer
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[1].command == "summary+estats");
}

TEST_CASE("a miner that refuses joins gets one command per connection remembered") {
    auto fake = fake_cgminer(nano3s(false));
    client_loop loop;
    auto driver = cgminer_driver(fake.port());
    check_nano3s(poll_once(loop, *driver));
    CHECK(joined_requests(fake) == 1);
    CHECK(fake.requests()[1].command == "summary"); // the essential one first
    const std::size_t first_poll = fake.request_count();

    check_nano3s(poll_once(loop, *driver));
    CHECK(joined_requests(fake) == 1); // no '+' in the second poll
    const auto requests = fake.requests();
    REQUIRE(requests.size() == first_poll + 2);
    CHECK(requests[first_poll].command == "summary");
    CHECK(requests[first_poll + 1].command == "estats");
}

TEST_CASE("an optional command refused with code 14 is not sent again") {
    auto fake = fake_cgminer(nano3s(false));
    client_loop loop;
    auto driver = cgminer_driver(fake.port());
    for (int i = 0; i < 3; ++i) {
        REQUIRE(poll_once(loop, *driver));
    }
    CHECK(fake.count("devs") == 1);
    CHECK(fake.count("pools") == 1);
    CHECK(fake.count("version") == 1); // once per boot
    CHECK(fake.count("summary") == 3);
    CHECK(fake.count("estats") == 3);
}

TEST_CASE("a cgminer summary refused with access denied fails the poll with the parser text") {
    auto b = nano3s(false);
    const std::string denied =
        R"({"STATUS":[{"STATUS":"E","When":1,"Code":45,"Msg":"Access denied to 'summary' command"}],"id":1})";
    b->replies["summary"] = denied;
    auto fake = fake_cgminer(b);
    client_loop loop;
    const auto outcome = poll_once(loop, *cgminer_driver(fake.port()));
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error() == parse_cgminer_reply(denied, "summary").error().message);
    CHECK(outcome.error().find("code 45") != std::string::npos);
}

TEST_CASE("a garbage cgminer reply fails the poll with the parser's message for summary") {
    fake_endpoint fake(fake_endpoint::protocol::cgminer, [](const fake_request&) {
        return fake_action{"<html>503</html>", false, false};
    });
    client_loop loop;
    auto driver = cgminer_driver(fake.port());
    const auto outcome = poll_once(loop, *driver);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error() == parse_cgminer_reply("<html>503</html>", "summary").error().message);
    REQUIRE(poll_once(loop, *driver).error() == outcome.error());
    CHECK(joined_requests(fake) == 2); // single summary never worked: joins not given up
}

TEST_CASE("a truncated cgminer summary fails the poll with the parser's message") {
    const std::string cut = R"({"STATUS":[{"STATUS":"S","Code":11}],"SUMMARY":[{"Elap)";
    fake_endpoint fake(fake_endpoint::protocol::cgminer, [&](const fake_request&) {
        return fake_action{cut, false, false};
    });
    client_loop loop;
    const auto outcome = poll_once(loop, *cgminer_driver(fake.port()));
    REQUIRE_FALSE(outcome);
    const auto reply = parse_cgminer_reply(cut, "summary");
    miner_reading ignored;
    const std::string expected =
        reply ? apply_cgminer_command("summary", *reply, ignored).error().message
              : reply.error().message;
    CHECK(outcome.error() == expected);
    CHECK(outcome.error().rfind("cgminer summary", 0) == 0);
}

TEST_CASE("an oversized cgminer reply fails the poll with reply larger than") {
    auto fake = fake_cgminer(nano3s());
    client_loop loop;
    const auto outcome = poll_once(loop, *cgminer_driver(fake.port(), 100));
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error() == "reply larger than 100 bytes");
}

TEST_CASE("a cgminer poll of a closed port fails with connection refused") {
    client_loop loop;
    const auto outcome = poll_once(loop, *cgminer_driver(fake_endpoint::refused_port()));
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error() == "connection refused");
}
