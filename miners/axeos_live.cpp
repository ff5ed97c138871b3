// The AxeOS endpoints besides info: /api/system/asic (once per boot) and the live WebSocket
// frames (v2.14+), which are merged into a cached info object that read_axeos_info then reads.

#include "miners/axeos.hpp"
#include "miners/json_read.hpp"

namespace sw::miners {

namespace {
using json = nlohmann::json;
} // namespace

tl::expected<axeos_asic, parse_error> parse_axeos_asic(std::string_view body) {
    constexpr std::string_view what = "axeos /api/system/asic";
    try {
        auto asic = parse_untrusted(body, what);
        if (!asic) {
            return tl::unexpected(std::move(asic.error()));
        }
        if (!asic->is_object()) {
            return tl::unexpected(parse_error{
                parse_errc::bad_shape, std::string(what) + ": reply is not a JSON object", {}, {}});
        }
        axeos_asic out{text_at(*asic, "deviceModel"),
                       text_at(*asic, "ASICModel"),
                       integer_at(*asic, "asicCount")};
        if (!out.device_model && !out.asic_model && !out.asic_count) {
            return tl::unexpected(
                parse_error{parse_errc::missing_key,
                            std::string(what) + ": none of deviceModel, ASICModel, asicCount",
                            {},
                            {}});
        }
        return out;
    } catch (const std::exception& e) {
        return tl::unexpected(
            parse_error{parse_errc::bad_shape, std::string(what) + ": " + e.what(), {}, {}});
    }
}

void apply_axeos_asic(miner_reading& reading, const axeos_asic& asic) {
    if (asic.device_model) {
        reading.model = asic.device_model;
    }
    if (asic.asic_model) {
        reading.asic_model = asic.asic_model;
    }
    if (asic.asic_count) {
        reading.asic_count = asic.asic_count;
    }
}

tl::expected<void, parse_error> apply_axeos_live_frame(json& cached, std::string_view frame) {
    constexpr std::string_view what = "axeos /api/ws/live";
    try {
        auto msg = parse_untrusted(frame, what);
        if (!msg) {
            return tl::unexpected(std::move(msg.error()));
        }
        if (!msg->is_object()) {
            return tl::unexpected(parse_error{
                parse_errc::bad_shape, std::string(what) + ": frame is not a JSON object", {}, {}});
        }
        const json* event = member(*msg, "event");
        if (!event) {
            cached = std::move(*msg); // the first frame: the full info object
            return {};
        }
        const json* data = member(*msg, "data");
        if (!data || !data->is_object()) {
            return {}; // an event without data (keep-alive, notices): nothing to merge
        }
        if (event->is_string() && event->get_ref<const std::string&>() == "update") {
            if (!cached.is_object()) {
                cached = json::object();
            }
            for (const auto& [key, value] : data->items()) {
                cached[key] = value;
            }
        } else if (member(*data, "hashRate")) {
            cached = *data; // a full object wrapped in another event name
        }
        return {};
    } catch (const std::exception& e) {
        return tl::unexpected(
            parse_error{parse_errc::bad_shape, std::string(what) + ": " + e.what(), {}, {}});
    }
}

} // namespace sw::miners
