#!/usr/bin/env python3
# Writes sample.jsonl: a hand-made trace that follows docs/TRACE.md record by record. The
# facts tests/tools/*_test.cpp rely on are listed at the top of tests/tools/sample_trace.hpp;
# change both together. Run: python3 make_sample.py > sample.jsonl
import json

T0 = 1795694400000000  # meta ts; records are offsets from it in microseconds
out = [json.dumps({"ev": "meta", "format": "solowatch-trace", "version": 1, "ts": T0,
                   "pid": 4242, "mode": "on", "sample": 100, "source": "live"},
                  separators=(",", ":"))]
n = 0


def rec(dt, ev, **fields):
    global n
    n += 1
    r = {"n": n, "ts": T0 + dt, "ev": ev}
    r.update(fields)
    out.append(json.dumps(r, separators=(",", ":")))


REG, FLEET, P1, P2, P2B = 3, 5, 7, 8, 14
CLIENTS = [(11, "client_a1"), (12, "client_b2"), (13, "client_c3")]
names = {REG: "topic_registry", FLEET: "fleet", P1: "miner_poller", P2: "miner_poller",
         P2B: "miner_poller", 0: "io"}
for cid, _ in CLIENTS:
    names[cid] = "client"


def send(dt, a, b, kind, depth, **kw):
    rec(dt, "send", **{"from": a, "from_name": names[a], "to": b, "to_name": names[b],
                       "kind": kind, "depth": depth}, **kw)


def handle(dt, a, kind, dur, depth, **kw):
    rec(dt, "handle", actor=a, name=names[a], kind=kind, dur_us=dur, depth=depth, **kw)


for i, a in enumerate([REG, FLEET, P1, P2]):
    rec(100 + 50 * i, "spawn", actor=a, name=names[a])

# Sends happen inside the sender's handle slice, as in the server. Three clients connect and
# subscribe to "miners": a frame read, io -> client, client -> registry. Registry sw_sub
# handles take 10, 12, 14 us.
for i, (cid, client) in enumerate(CLIENTS):
    base = 200_000 + 100_000 * i
    rec(base, "spawn", actor=cid, name="client")
    rec(base + 500, "read", actor=cid, client=client, bytes=45)
    send(base + 510, 0, cid, "sw_frame", 0, client=client)
    handle(base + 530, cid, "sw_frame", 20, 0, client=client)
    send(base + 545, cid, REG, "sw_sub", 0, client=client)
    handle(base + 560, REG, "sw_sub", 10 + 2 * i, 0, client=client)


def poll(base, poller, miner, trace, seq, pub_dur, pub_depth, fates):
    handle(base, poller, "sw_tick", 35, 0)
    send(base + 30, poller, FLEET, "sw_snap", 0, trace_id=trace, miner=miner)
    handle(base + 100, FLEET, "sw_snap", 40 + 15 * (seq - 1), 0, trace_id=trace, miner=miner)
    send(base + 130, FLEET, REG, "sw_publish", pub_depth, trace_id=trace, miner=miner)
    handle(base + 200, REG, "sw_publish", pub_dur, pub_depth, trace_id=trace, miner=miner)
    bid = f"miners-{seq}"
    for i, (cid, client) in enumerate(CLIENTS):
        rec(base + 250 + 10 * i, "deliver", actor=REG, name=names[REG], client=client,
            broadcast_id=bid, seq=seq, trace_id=trace)
    for dt, client, fate in fates:
        common = dict(client=client, broadcast_id=bid, seq=seq, trace_id=trace)
        if fate == "write":
            rec(base + dt, "write", **common, bytes=512, wait_us=dt - 250)
        elif fate is not None:
            rec(base + dt, "drop", **common, reason=fate)


# Poll 1: bitaxe-1, trace 1001 -> miners-1: written to a1 and b2, conflated for c3.
poll(1_000_000, P1, "bitaxe-1", 1001, 1, 120, 1,
     [(400, "client_a1", "write"), (600, "client_b2", "write"),
      (2_000, "client_c3", "conflated")])
# Poll 2: antminer-2, trace 1002 -> miners-2: written to a1 and c3, b2 never written (the
# trace ends first).
poll(1_900_000, P2, "antminer-2", 1002, 2, 300, 2,
     [(500, "client_a1", "write"), (900, "client_c3", "write")])
# The second poller fails and is restarted with a new id.
reason = "cgminer: connection reset by peer"
rec(2_500_000, "exit", actor=P2, name="miner_poller", reason=reason)
rec(2_500_050, "restart", actor=P2B, name="miner_poller", attempt=1, reason=reason)
rec(2_500_060, "spawn", actor=P2B, name="miner_poller")
handle(3_000_000, P2B, "sw_tick", 30, 0)

text = "\n".join(out) + "\n"
# The server was still writing: the last line is cut mid-record, with no newline.
text += '{"n":%d,"ts":%d,"ev":"handle","actor":5,"na' % (n + 1, T0 + 3_100_000)
print(text, end="")
