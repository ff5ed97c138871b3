'use strict';
// node-ws: the comparison peer of tools/bench/fanout. A Node.js server on the `ws` package that
// speaks the subset of PROTOCOL.md that the fan-out benchmark exercises (welcome, subscribe
// with snapshot and per-topic seq, unsubscribe, ping, get_status, get_topics, heartbeat) and
// publishes the `system` topic every --publish-interval-ms, as solowatch does with
// `[system] publish_interval`. Each broadcast is serialized and framed once and the same Buffer
// is written to every subscriber, so the comparison measures the runtime, not a naive loop.
//
//   node server.js --port 18093 --publish-interval-ms 100 --frame-bytes 420
//
// Not implemented (not exercised by the benchmarks): rate limits, admission limits, Origin
// checks, message_too_large with its 1009 close (ws closes oversized frames itself).

const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');
const proto = require('./protocol');

// Every option, with its default and the solowatch setting it mirrors.
const defaults = {
  host: '127.0.0.1', // [server] listen (loopback only: this is a benchmark peer)
  port: 8080,
  'publish-interval-ms': 5000, // [system] publish_interval
  'frame-bytes': 0, // pad each system update frame to this many bytes (0: natural size)
  'max-queue-bytes': 1048576, // [websocket] max_queue_bytes
  'send-timeout-ms': 5000, // [websocket] send_timeout
  'heartbeat-ms': 30000, // [websocket] heartbeat_interval
  'stale-factor': 2.5, // [websocket] stale_factor
  'max-message-bytes': 65536, // [server] max_message_bytes
  'send-mode': 'frame', // frame: one pre-framed Buffer for all; send: ws.send() per client
};

function parseArgs(argv) {
  const opt = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log('usage: node server.js ' +
        Object.entries(defaults).map(([k, v]) => `[--${k} ${v}]`).join(' '));
      process.exit(0);
    }
    const key = arg.replace(/^--/, '');
    if (!arg.startsWith('--') || !(key in defaults) || i + 1 >= argv.length) {
      console.error(`node-ws: bad option '${arg}' (see --help)`);
      process.exit(2);
    }
    const value = argv[++i];
    opt[key] = typeof defaults[key] === 'number' ? Number(value) : value;
    if (typeof defaults[key] === 'number' && !Number.isFinite(opt[key])) {
      console.error(`node-ws: --${key} needs a number, got '${value}'`);
      process.exit(2);
    }
  }
  if (!/^127\.\d+\.\d+\.\d+$/.test(opt.host) && opt.host !== '::1') {
    console.error('node-ws: --host must be a loopback address');
    process.exit(2);
  }
  if (!['frame', 'send'].includes(opt['send-mode'])) {
    console.error('node-ws: --send-mode is frame or send');
    process.exit(2);
  }
  return opt;
}

const opt = parseArgs(process.argv.slice(2));
const startedAt = Date.now();

// Per topic: subscribers, last seq, and retained state (the snapshot's data, JSON text).
const topics = new Map(proto.TOPICS.map((t) => [t, { subscribers: new Set(), seq: 0, state: null }]));
topics.get('miners').state = '{"miners":[]}';
topics.get('alerts').state = '{"alerts":[]}';
topics.get('metrics').state = '{}';

const clients = new Set();
const counters = { opened: 0, closed: 0, skipped: 0, closedSlow: 0, closedStale: 0 };

function subscriberCounts() {
  const out = {};
  for (const [name, t] of topics) out[name] = t.subscribers.size;
  return out;
}

// The system topic's figures, like solowatch's (connections, topics, memory, uptime), padded
// with a `padding` string so that the whole frame has --frame-bytes bytes.
function systemData(seq, ts) {
  const figures = {
    connections: { active: clients.size, opened: counters.opened, closed: counters.closed,
      skipped_updates: counters.skipped, closed_slow: counters.closedSlow },
    topics: subscriberCounts(),
    uptime_seconds: (Date.now() - startedAt) / 1000,
    memory: { rss_bytes: process.memoryUsage.rss() },
    version: proto.VERSION,
  };
  let text = JSON.stringify(figures);
  const target = opt['frame-bytes'];
  if (target > 0) {
    const missing = target - Buffer.byteLength(proto.broadcast('system', seq, ts, text)) -
      ',"padding":""'.length;
    if (missing > 0) {
      figures.padding = 'x'.repeat(missing);
      text = JSON.stringify(figures);
    }
  }
  return text;
}

function closeSlow(c) {
  if (c.closing) return;
  c.closing = true;
  counters.closedSlow++;
  // The close frame waits behind the backlog; a client that does not read never sees it.
  c.ws.close(1013, 'slow consumer');
  setTimeout(() => c.ws.terminate(), 2000).unref();
}

// Writes one broadcast to one client, unless its outbound queue is over the cap: then the
// update is skipped (the client sees the seq gap, as with solowatch's conflation of
// full-state topics) and a client still over the cap after send-timeout is closed with 1013.
function deliver(c, frame, payload, now) {
  const ws = c.ws;
  if (ws.readyState !== WebSocket.OPEN || c.closing) return;
  if (ws.bufferedAmount + frame.length > opt['max-queue-bytes']) {
    counters.skipped++;
    if (c.overSince === 0) c.overSince = now;
    else if (now - c.overSince >= opt['send-timeout-ms']) closeSlow(c);
    return;
  }
  c.overSince = 0;
  if (opt['send-mode'] === 'frame') {
    // ws's own last step for an unmasked frame (Sender#sendFrame: socket.write), minus the
    // per-client header allocation and two-buffer write that ws.send() would do.
    ws._sender.sendFrame([frame]);
  } else {
    ws.send(payload, { binary: false });
  }
  c.messagesSent++;
}

function publishSystem() {
  const t = topics.get('system');
  const seq = ++t.seq;
  const ts = proto.timestamp();
  const data = systemData(seq, ts);
  t.state = data; // the system topic's state is its latest figures
  const payload = Buffer.from(proto.broadcast('system', seq, ts, data));
  const frame = Buffer.concat(WebSocket.Sender.frame(payload,
    { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }));
  const now = Date.now();
  for (const c of t.subscribers) deliver(c, frame, payload, now);
}

function sendText(c, text) {
  if (c.ws.readyState !== WebSocket.OPEN) return;
  c.ws.send(text);
  c.messagesSent++;
}

function sortedTopics(c) {
  return [...c.topics].sort();
}

function handleRequest(c, req) {
  const now = proto.timestamp();
  switch (req.type) {
  case 'subscribe': {
    const added = [...new Set(req.topics)].filter((t) => !c.topics.has(t));
    for (const name of added) {
      c.topics.add(name);
      topics.get(name).subscribers.add(c);
    }
    sendText(c, proto.withId({ type: 'subscribed', topics: added,
      subscribed_topics: sortedTopics(c) }, req.id));
    for (const name of added) {
      const t = topics.get(name);
      sendText(c, proto.snapshot(name, t.seq, now, t.state ?? systemData(t.seq, now)));
    }
    return;
  }
  case 'unsubscribe': {
    const removed = [...new Set(req.topics)].filter((t) => c.topics.has(t));
    for (const name of removed) {
      c.topics.delete(name);
      topics.get(name).subscribers.delete(c);
    }
    sendText(c, proto.withId({ type: 'unsubscribed', topics: removed,
      subscribed_topics: sortedTopics(c) }, req.id));
    return;
  }
  case 'ping': {
    c.lastPing = now;
    const reply = { type: 'pong', timestamp: now };
    if (req.includeStats) {
      reply.stats = { connected_at: c.connectedAt, message_count: c.messageCount,
        messages_sent: c.messagesSent, subscribed_topics: sortedTopics(c),
        active_connections: clients.size, uptime_seconds: (Date.now() - startedAt) / 1000 };
    }
    sendText(c, proto.withId(reply, req.id));
    return;
  }
  case 'get_status':
    sendText(c, proto.withId({ type: 'status', client_id: c.id, connected_at: c.connectedAt,
      last_activity: new Date(c.lastActivity).toISOString(), last_ping: c.lastPing,
      subscribed_topics: sortedTopics(c), message_count: c.messageCount,
      messages_sent: c.messagesSent, connection_status: 'active', remote_addr: c.remoteAddr,
      user_agent: c.userAgent, server: { active_connections: clients.size,
        uptime_seconds: (Date.now() - startedAt) / 1000, version: proto.VERSION } }, req.id));
    return;
  case 'get_topics':
    sendText(c, proto.withId({ type: 'topics', topics: [...topics].map(([name, t]) =>
      ({ name, description: name, subscribers: t.subscribers.size })) }, req.id));
    return;
  }
}

function onConnection(ws, req) {
  const c = {
    ws, id: proto.makeClientId(), topics: new Set(), connectedAt: proto.timestamp(),
    lastActivity: Date.now(), lastPing: null, messageCount: 0, messagesSent: 0, overSince: 0,
    closing: false, remoteAddr: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
    userAgent: req.headers['user-agent'] || '',
  };
  clients.add(c);
  counters.opened++;
  sendText(c, proto.welcome(c.id, opt['heartbeat-ms'] / 1000));
  ws.on('message', (data, isBinary) => {
    c.lastActivity = Date.now();
    c.messageCount++;
    if (isBinary) {
      sendText(c, proto.error('invalid_json', 'binary frames are not accepted'));
      return;
    }
    const parsed = proto.parseRequest(data.toString());
    if (parsed.reply) sendText(c, parsed.reply);
    else handleRequest(c, parsed.request);
  });
  ws.on('pong', () => {
    c.lastActivity = Date.now();
    c.lastPing = proto.timestamp();
  });
  ws.on('error', () => {}); // the close event follows and does the cleanup
  ws.on('close', () => {
    clients.delete(c);
    counters.closed++;
    for (const name of c.topics) topics.get(name).subscribers.delete(c);
  });
}

function heartbeat() {
  const now = Date.now();
  const staleMs = opt['stale-factor'] * opt['heartbeat-ms'];
  for (const c of clients) {
    if (now - c.lastActivity > staleMs) {
      counters.closedStale++;
      c.ws.terminate(); // it is not reading: no close handshake to wait for
    } else if (c.ws.readyState === WebSocket.OPEN) {
      c.ws.ping();
    }
  }
}

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false, // solowatch has no compression
  clientTracking: false, // `clients` above is the one registry
  maxPayload: opt['max-message-bytes'],
});

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', server: 'node-ws', connections: clients.size,
      topics: subscriberCounts(), skipped_updates: counters.skipped,
      closed_slow: counters.closedSlow, closed_stale: counters.closedStale,
      uptime_seconds: (Date.now() - startedAt) / 1000 }));
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"error":"not found"}');
});

server.on('upgrade', (req, socket, head) => {
  if (req.url.split('?')[0] !== '/ws') {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
});

// Publications on an absolute schedule: setInterval drifts later by the time each broadcast
// takes (about 4 % at 10 Hz to 1000 clients), which would lower the peer's rate below
// solowatch's. A late tick is not caught up, as solowatch's monitor does not either.
const { performance } = require('perf_hooks');
let nextPublish = performance.now() + opt['publish-interval-ms'];
let publishTimer = null;
function publishTick() {
  publishSystem();
  const now = performance.now();
  nextPublish = Math.max(nextPublish + opt['publish-interval-ms'], now);
  publishTimer = setTimeout(publishTick, nextPublish - now);
}
publishTimer = setTimeout(publishTick, opt['publish-interval-ms']);
const heartbeatTimer = setInterval(heartbeat, opt['heartbeat-ms']);

function shutdown() {
  clearTimeout(publishTimer);
  clearInterval(heartbeatTimer);
  server.close();
  for (const c of clients) c.ws.close(1001, 'server shutdown');
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

server.listen(opt.port, opt.host, () => {
  const { address, port } = server.address();
  console.error(`node-ws: listening on ${address}:${port} (node ${process.version}, ` +
    `ws ${require('ws/package.json').version}, system every ${opt['publish-interval-ms']} ms, ` +
    `send-mode ${opt['send-mode']})`);
});
