// The AxeOS driver against a fake AxeOS: the info/asic sequence, what it remembers, failures.

#include <atomic>

#include <catch2/catch.hpp>

#include "miners/axeos.hpp"
#include "miners/driver.hpp"

#include "client_loop.hpp"
#include "fake_endpoint.hpp"
#include "fixture.hpp"

using namespace sw::miners;
using namespace sw::miners::test;
using namespace std::chrono_literals;
using json = nlohmann::json;

namespace {

/// What the fake AxeOS answers; the test changes it between polls.
struct axeos_behaviour {
    std::atomic<std::int64_t> uptime{263811};
    std::atomic<unsigned> info_status{200};
    std::atomic<unsigned> asic_status{200};
    std::atomic<bool> hang{false};
};

fake_endpoint fake_axeos(const std::shared_ptr<axeos_behaviour>& behaviour) {
    const json info = json::parse(read_fixture("axeos_v2.15.0_system_info.json"));
    const std::string asic = read_fixture("axeos_v2.15.0_system_asic.json");
    return fake_endpoint(fake_endpoint::protocol::http, [=](const fake_request& request) {
        if (behaviour->hang) {
            return fake_action{"", true, false};
        }
        if (request.target == "/api/system/info") {
            if (behaviour->info_status != 200) {
                return fake_action{http_response(behaviour->info_status, "Unauthorized", "")};
            }
            json body = info;
            body["uptimeSeconds"] = behaviour->uptime.load();
            return fake_action{http_response(200, "OK", body.dump())};
        }
        if (request.target == "/api/system/asic" && behaviour->asic_status == 200) {
            return fake_action{http_response(200, "OK", asic)};
        }
        return fake_action{http_response(404, "Not Found", "")};
    });
}

std::shared_ptr<miner_driver> axeos_driver(std::uint16_t port,
                                           std::chrono::milliseconds timeout = 2s,
                                           std::size_t max_bytes = default_max_reply_bytes) {
    return make_driver(miner_kind::axeos, {"127.0.0.1", port, timeout, max_bytes});
}

poll_outcome poll_once(client_loop& loop, miner_driver& driver) {
    completion<poll_outcome> done;
    driver.poll(loop.io(), done.callback());
    REQUIRE(done.wait());
    return done.value();
}

} // namespace

TEST_CASE("an AxeOS poll of the v2.15 fixture gives its values and the model from the asic "
          "endpoint") {
    auto behaviour = std::make_shared<axeos_behaviour>();
    auto fake = fake_axeos(behaviour);
    client_loop loop;
    const auto outcome = poll_once(loop, *axeos_driver(fake.port()));
    REQUIRE(outcome);
    CHECK(outcome->make == "Bitaxe");
    CHECK(outcome->model == "Gamma"); // only /api/system/asic names it
    CHECK(outcome->asic_count == 1);
    CHECK(outcome->firmware == "v2.15.0");
    CHECK(outcome->mac == "2c:54:91:88:c9:e3");
    CHECK(*outcome->hashrate_ghs.now == Approx(1093.4812012));
    CHECK(*outcome->power_w == Approx(17.8359375));
    CHECK(*outcome->uptime_s == 263811);
    const auto requests = fake.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].target == "/api/system/info");
    CHECK(requests[1].target == "/api/system/asic");
    for (const auto& request : requests) {
        CHECK(request.headers.count("origin") == 0); // AxeOS v2.6+ answers 401 to one
    }
}

TEST_CASE("the AxeOS asic endpoint is fetched once per boot and applied to every reading") {
    auto behaviour = std::make_shared<axeos_behaviour>();
    auto fake = fake_axeos(behaviour);
    client_loop loop;
    auto driver = axeos_driver(fake.port());
    for (int i = 0; i < 3; ++i) {
        behaviour->uptime += 5;
        const auto outcome = poll_once(loop, *driver);
        REQUIRE(outcome);
        CHECK(outcome->model == "Gamma");
    }
    CHECK(fake.count("/api/system/info") == 3);
    CHECK(fake.count("/api/system/asic") == 1);

    behaviour->uptime = 12; // rebooted
    REQUIRE(poll_once(loop, *driver));
    CHECK(fake.count("/api/system/asic") == 2);
}

TEST_CASE("a 404 from the AxeOS asic endpoint is remembered and not asked again") {
    auto behaviour = std::make_shared<axeos_behaviour>();
    behaviour->asic_status = 404;
    auto fake = fake_axeos(behaviour);
    client_loop loop;
    auto driver = axeos_driver(fake.port());
    for (int i = 0; i < 3; ++i) {
        const auto outcome = poll_once(loop, *driver);
        REQUIRE(outcome);
        CHECK_FALSE(outcome->model);
        CHECK(outcome->asic_model == "BM1370"); // the info object still names the chip
    }
    behaviour->uptime = 12; // even after a reboot: the firmware did not change
    REQUIRE(poll_once(loop, *driver));
    CHECK(fake.count("/api/system/asic") == 1);
}

TEST_CASE("an AxeOS 401 on the info endpoint fails the poll with the HTTP status") {
    auto behaviour = std::make_shared<axeos_behaviour>();
    behaviour->info_status = 401;
    auto fake = fake_axeos(behaviour);
    client_loop loop;
    const auto outcome = poll_once(loop, *axeos_driver(fake.port()));
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error() == "HTTP 401 Unauthorized");
}

TEST_CASE("an AxeOS miner that never answers fails the poll with a timeout near the deadline") {
    auto behaviour = std::make_shared<axeos_behaviour>();
    behaviour->hang = true;
    auto fake = fake_axeos(behaviour);
    client_loop loop;
    auto driver = axeos_driver(fake.port(), 200ms);
    completion<poll_outcome> done;
    const auto start = std::chrono::steady_clock::now();
    driver->poll(loop.io(), done.callback());
    REQUIRE(done.wait(5s));
    REQUIRE_FALSE(done.value());
    CHECK(done.value().error() == "timeout after 200 ms (read)");
    CHECK(done.at() - start >= 190ms);
    CHECK(done.at() - start < 2s);
}

TEST_CASE("a hung miner does not delay a healthy one polled on the same io_context") {
    auto hung_behaviour = std::make_shared<axeos_behaviour>();
    hung_behaviour->hang = true;
    auto hung_fake = fake_axeos(hung_behaviour);
    auto healthy_fake = fake_axeos(std::make_shared<axeos_behaviour>());
    client_loop loop;
    auto hung = axeos_driver(hung_fake.port(), 2s);
    auto healthy = axeos_driver(healthy_fake.port(), 2s);
    completion<poll_outcome> hung_done;
    completion<poll_outcome> healthy_done;
    hung->poll(loop.io(), hung_done.callback());
    healthy->poll(loop.io(), healthy_done.callback());
    REQUIRE(healthy_done.wait());
    CHECK_FALSE(hung_done.ready()); // the healthy reading did not wait for the timeout
    REQUIRE(hung_done.wait());
    CHECK(healthy_done.value());
    CHECK_FALSE(hung_done.value());
    CHECK(healthy_done.at() < hung_done.at());
}

TEST_CASE("an unparsable AxeOS info body fails the poll with the parser's message") {
    fake_endpoint fake(fake_endpoint::protocol::http, [](const fake_request&) {
        return fake_action{http_response(200, "OK", "<html>busy</html>")};
    });
    client_loop loop;
    const auto outcome = poll_once(loop, *axeos_driver(fake.port()));
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error() == parse_axeos_info("<html>busy</html>").error().message);
}

TEST_CASE("an AxeOS info body larger than the limit fails the poll") {
    auto fake = fake_axeos(std::make_shared<axeos_behaviour>());
    client_loop loop;
    const auto outcome = poll_once(loop, *axeos_driver(fake.port(), 2s, 1000));
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error() == "reply larger than 1000 bytes");
}

TEST_CASE("a poll started while one runs completes with poll already running") {
    auto behaviour = std::make_shared<axeos_behaviour>();
    behaviour->hang = true;
    auto fake = fake_axeos(behaviour);
    client_loop loop;
    auto driver = axeos_driver(fake.port(), 300ms);
    completion<poll_outcome> first;
    completion<poll_outcome> second;
    driver->poll(loop.io(), first.callback());
    driver->poll(loop.io(), second.callback());
    REQUIRE(second.wait());
    CHECK(second.value().error() == "poll already running");
    REQUIRE(first.wait());
    CHECK(first.value().error() == "timeout after 300 ms (read)");
    CHECK(first.calls() == 1);
    behaviour->hang = false; // idle again: the next poll runs
    CHECK(poll_once(loop, *driver));
}

TEST_CASE("a driver dropped by its owner mid-poll still completes the poll") {
    auto fake = fake_axeos(std::make_shared<axeos_behaviour>());
    client_loop loop;
    completion<poll_outcome> done;
    axeos_driver(fake.port())->poll(loop.io(), done.callback()); // the temporary dies here
    REQUIRE(done.wait());
    CHECK(done.value());
}

TEST_CASE("an AxeOS poll of a closed port fails with connection refused") {
    client_loop loop;
    const auto outcome = poll_once(loop, *axeos_driver(fake_endpoint::refused_port()));
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error() == "connection refused");
}
