#include "tools/bench/run_state.hpp"

#include "tools/bench/message_scan.hpp"

namespace sw::bench {

namespace {

void check_seq(run_state& st, client_track& track, std::int64_t seq, bool in_window) {
    if (track.last_seq < 0) {
        // First update without a snapshot before it: nothing to compare with yet.
        track.last_seq = seq;
        return;
    }
    if (seq == track.last_seq + 1) {
        track.last_seq = seq;
        return;
    }
    if (seq <= track.last_seq) {
        ++st.stats.seq_out_of_order;
        return;
    }
    // A jump from s to s+k misses exactly k-1 broadcasts.
    const auto missed = static_cast<std::uint64_t>(seq - track.last_seq - 1);
    track.last_seq = seq;
    if (!in_window) {
        st.stats.seq_gaps_before_window += missed;
        return;
    }
    st.stats.seq_gaps += missed;
    if (!track.gap_in_window) {
        track.gap_in_window = true;
        ++st.stats.clients_with_gaps;
    }
}

} // namespace

frame_kind record_frame(run_state& st,
                        client_track& track,
                        std::string_view payload,
                        bool measured,
                        std::chrono::system_clock::time_point received) {
    const bool in_window = measured && st.phase == run_phase::measuring;
    if (in_window) {
        ++st.stats.messages;
        st.stats.bytes += payload.size();
    }
    const auto fields = scan_frame(payload);
    if (!fields) {
        ++st.stats.unparsed;
        return frame_kind::unparsed;
    }
    const auto type = fields->type;
    if (type == st.update_type) {
        if (fields->seq && measured)
            check_seq(st, track, *fields->seq, in_window);
        if (!in_window)
            return frame_kind::update;
        ++st.stats.updates;
        if (const auto sent = parse_rfc3339_micros(fields->timestamp)) {
            const auto now_us =
                std::chrono::duration_cast<std::chrono::microseconds>(received.time_since_epoch())
                    .count();
            const auto latency = now_us - *sent;
            if (latency < 0)
                ++st.stats.negative_latency;
            st.stats.latency_us.record(static_cast<double>(latency));
        } else {
            ++st.stats.unparsed;
        }
        return frame_kind::update;
    }
    if (type == st.snapshot_type) {
        ++st.stats.snapshots;
        // The snapshot includes every broadcast up to its seq; updates continue at seq + 1.
        if (fields->seq && *fields->seq > track.last_seq)
            track.last_seq = *fields->seq;
        return frame_kind::snapshot;
    }
    if (type == "connection_established")
        return frame_kind::welcome;
    if (type == "subscribed")
        return frame_kind::subscribed;
    if (type == "error")
        ++st.stats.error_frames;
    return frame_kind::other;
}

void record_connected(run_state& st,
                      client_role role,
                      std::chrono::steady_clock::duration handshake) {
    ++st.stats.connected;
    if (role == client_role::slow)
        ++st.stats.slow_connected;
    st.stats.handshake_us.record(std::chrono::duration<double, std::micro>(handshake).count());
}

void record_connect_failure(run_state& st, client_role role, const std::string& kind) {
    ++st.stats.connect_failures[kind];
    if (role == client_role::storm)
        ++st.stats.storm_failed;
}

void record_server_end(run_state& st, client_role role, const std::string& kind) {
    switch (role) {
    case client_role::slow:
        ++st.stats.slow_closed;
        ++st.stats.slow_close_codes[kind];
        break;
    case client_role::storm:
        ++st.stats.storm_failed;
        ++st.stats.disconnects[kind];
        break;
    default:
        ++st.stats.disconnects[kind];
        break;
    }
}

} // namespace sw::bench
