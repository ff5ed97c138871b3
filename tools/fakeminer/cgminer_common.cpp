// Pieces every cgminer-family reply shares: the summary counters and the pools entry, with
// cgminer 4.11's key order and JSON types (counts as integers, ratios and sums as doubles).

#include <algorithm>
#include <cmath>

#include "tools/fakeminer/cgminer_reply.hpp"

namespace sw::fakeminer {

double r2(double x) {
    return round_to(x, 2);
}

namespace {

double percent(double part, double whole) {
    return whole > 0 ? round_to(part / whole * 100, 4) : 0.0;
}

} // namespace

ojson summary_counters(const reply_context& ctx) {
    const auto& v = ctx.v;
    const double pool = ctx.miner.prof->model.pool_difficulty;
    const double up = static_cast<double>(std::max<std::int64_t>(v.uptime_s, 1));
    const double diff_stale = static_cast<double>(v.stale) * pool;
    const double all_diff = v.diff_accepted + v.diff_rejected + diff_stale;
    ojson j;
    j["Found Blocks"] = v.blocks_found;
    j["Getworks"] = v.getworks;
    j["Accepted"] = v.accepted;
    j["Rejected"] = v.rejected;
    j["Hardware Errors"] = v.hw_errors;
    j["Utility"] = r2(static_cast<double>(v.accepted) / up * 60);
    j["Discarded"] = v.getworks * 41;
    j["Stale"] = v.stale;
    j["Get Failures"] = 0;
    j["Local Work"] = static_cast<std::uint64_t>(v.session_hashes / 4294967296.0 / 5);
    j["Remote Failures"] = 0;
    j["Network Blocks"] = static_cast<std::uint64_t>(up / 600);
    j["Total MH"] = std::round(v.session_hashes / 1e6);
    j["Work Utility"] = r2(v.diff_accepted / up * 60);
    j["Difficulty Accepted"] = v.diff_accepted;
    j["Difficulty Rejected"] = v.diff_rejected;
    j["Difficulty Stale"] = diff_stale;
    j["Best Share"] = static_cast<std::uint64_t>(v.best_session);
    j["Device Hardware%"] =
        percent(static_cast<double>(v.hw_errors), static_cast<double>(v.hw_errors + v.accepted));
    j["Device Rejected%"] = percent(v.diff_rejected, all_diff);
    j["Pool Rejected%"] = percent(v.diff_rejected, all_diff);
    j["Pool Stale%"] = percent(diff_stale, all_diff);
    j["Last getwork"] = ctx.when;
    return j;
}

ojson standard_pool(const reply_context& ctx, int index, const std::string& url, bool active) {
    const auto& v = ctx.v;
    const double pool = ctx.miner.prof->model.pool_difficulty;
    const double diff_stale = static_cast<double>(v.stale) * pool;
    const double all_diff = v.diff_accepted + v.diff_rejected + diff_stale;
    auto count = [active](std::uint64_t n) {
        return active ? n : 0;
    };
    auto amount = [active](double x) {
        return active ? x : 0.0;
    };
    ojson p;
    p["POOL"] = index;
    p["URL"] = url;
    p["Status"] = "Alive";
    p["Priority"] = index;
    p["Quota"] = 1;
    p["Long Poll"] = "N";
    p["Getworks"] = active ? v.getworks : 2;
    p["Accepted"] = count(v.accepted);
    p["Rejected"] = count(v.rejected);
    p["Works"] = count(v.getworks * 377);
    p["Discarded"] = 0;
    p["Stale"] = count(v.stale);
    p["Get Failures"] = 0;
    p["Remote Failures"] = 0;
    p["User"] = "bc1q99n3pu025yyu0jlywpmwzalyhm36tg5u37w20d." + ctx.miner.name;
    p["Last Share Time"] = active ? ctx.when - 3 : 0;
    p["Diff1 Shares"] = count(static_cast<std::uint64_t>(v.diff_accepted));
    p["Proxy Type"] = "";
    p["Proxy"] = "";
    p["Difficulty Accepted"] = amount(v.diff_accepted);
    p["Difficulty Rejected"] = amount(v.diff_rejected);
    p["Difficulty Stale"] = amount(diff_stale);
    p["Last Share Difficulty"] = amount(pool);
    p["Work Difficulty"] = amount(pool);
    p["Has Stratum"] = true;
    p["Stratum Active"] = active;
    p["Stratum URL"] = url.substr(url.find("//") + 2, url.rfind(':') - url.find("//") - 2);
    p["Stratum Difficulty"] = amount(pool);
    p["Has Vmask"] = true;
    p["Has GBT"] = false;
    p["Best Share"] = count(static_cast<std::uint64_t>(v.best_session));
    p["Pool Rejected%"] =
        all_diff > 0 && active ? round_to(v.diff_rejected / all_diff * 100, 4) : 0.0;
    p["Pool Stale%"] = all_diff > 0 && active ? round_to(diff_stale / all_diff * 100, 4) : 0.0;
    p["Bad Work"] = active ? v.getworks / 500 : 0;
    // A backup pool's job is a block or two behind, as in the A1566 fixture.
    p["Current Block Height"] = active ? ctx.net.height : ctx.net.height - 2;
    p["Current Block Version"] = 536870912;
    return p;
}

} // namespace sw::fakeminer
