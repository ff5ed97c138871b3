// The live connection to /ws (protocol v1, see PROTOCOL.md): subscribe, take each topic's
// snapshot, apply `<topic>_update`s in seq order, resubscribe for a fresh snapshot when a seq
// is missing, reconnect with backoff when the connection drops (a server restart), and say
// "stale" when no data came for a while.
//
// The owner gets callbacks:
//   onSnapshot(topic, data), onUpdate(topic, data, msg), onState(state, detail),
//   onWelcome(welcome)
// state is one of 'connecting', 'live', 'stale', 'reconnecting'.

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10000;
const PING_EVERY_MS = 20000; // application ping: browsers cannot see the server's ping frames
const PONG_TIMEOUT_MS = 10000; // no pong by then: the connection is dead, start over
const STALE_MIN_MS = 15000;

export class LiveConnection {
  constructor(url, topics, handlers, { staleMs } = {}) {
    this.url = url;
    this.topics = topics;
    this.h = handlers;
    this.staleFloorMs = staleMs || STALE_MIN_MS;
    this.ws = null;
    this.state = 'connecting';
    this.seq = {}; // topic -> last applied seq
    this.synced = {}; // topic -> false while waiting for a snapshot
    this.attempt = 0;
    this.retryTimer = null;
    this.retryAt = 0;
    this.nextId = 1;
    this.pendingPing = null; // {id, sentAt}
    this.lastDataAt = 0;
    this.dataGaps = []; // recent intervals between data frames, for the stale threshold
    this.stats = { connects: 0, resyncs: 0, gaps: 0, messages: 0 };
    this.clientId = null;
    this.serverInfo = null;
    this.timer = setInterval(() => this.tick(), 1000);
    // Back on the network or on the tab: do not wait for the backoff to run out.
    window.addEventListener('online', () => this.retryNow());
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) this.retryNow();
    });
  }

  start() {
    this.connect();
  }

  connect() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      let msg;
      try {
        msg = JSON.parse(e.data);
      } catch {
        return;
      }
      this.handle(msg);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.scheduleRetry();
    };
    ws.onerror = () => {}; // onclose follows
  }

  retryNow() {
    if (!this.ws && this.retryTimer) this.connect();
  }

  scheduleRetry() {
    this.pendingPing = null;
    // 0.5 s, 1 s, 2 s, ... 10 s, each +-20 % so that many browsers do not come back in step.
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + 0.4 * Math.random()));
    this.attempt++;
    this.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.setState('reconnecting', { retryInMs: delay });
  }

  send(obj) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(obj));
  }

  /** Processes one server message; exposed so tests can feed it crafted frames. */
  handle(msg) {
    this.stats.messages++;
    const type = msg.type || '';
    if (type === 'connection_established') {
      this.attempt = 0;
      this.stats.connects++;
      this.clientId = msg.client_id;
      this.serverInfo = msg.server_info || null;
      this.seq = {};
      this.synced = {};
      const topics = this.topics.filter((t) => !msg.available_topics || msg.available_topics.includes(t));
      for (const t of topics) this.synced[t] = false;
      this.send({ type: 'subscribe', topics, id: this.nextId++ });
      this.lastDataAt = Date.now();
      this.h.onWelcome?.(msg);
      return;
    }
    if (type === 'pong') {
      this.pendingPing = null;
      return;
    }
    if (type === 'error') {
      console.warn('solowatch: server error', msg);
      return;
    }
    const topic = msg.topic;
    if (!topic || !(topic in this.synced)) return;
    if (type === `${topic}_snapshot`) {
      this.seq[topic] = msg.seq;
      this.synced[topic] = true;
      this.noteData();
      this.h.onSnapshot?.(topic, msg.data, msg);
      this.refreshState();
      return;
    }
    if (type === `${topic}_update`) {
      if (!this.synced[topic]) return; // a fresh snapshot is on its way
      const last = this.seq[topic];
      if (msg.seq <= last) return; // already in the snapshot
      if (msg.seq !== last + 1) {
        // Missed broadcasts: the state is unknown until a fresh snapshot. Subscribing to a
        // held topic sends none, so leave it and subscribe again.
        this.stats.gaps++;
        this.resync(topic);
        return;
      }
      this.seq[topic] = msg.seq;
      this.noteData();
      this.h.onUpdate?.(topic, msg.data, msg);
      this.refreshState();
    }
  }

  resync(topic) {
    this.stats.resyncs++;
    this.synced[topic] = false;
    this.send({ type: 'unsubscribe', topics: [topic], id: this.nextId++ });
    this.send({ type: 'subscribe', topics: [topic], id: this.nextId++ });
  }

  noteData() {
    const now = Date.now();
    if (this.lastDataAt) {
      this.dataGaps.push(now - this.lastDataAt);
      if (this.dataGaps.length > 20) this.dataGaps.shift();
    }
    this.lastDataAt = now;
  }

  /** No data for 3x the usual gap between data frames (at least the floor) is stale. */
  staleAfterMs() {
    if (this.dataGaps.length < 3) return this.staleFloorMs;
    const sorted = [...this.dataGaps].sort((a, b) => a - b);
    const typical = sorted[Math.floor(sorted.length * 0.9)];
    return Math.max(this.staleFloorMs, 3 * typical);
  }

  refreshState() {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    const allSynced = Object.values(this.synced).every(Boolean);
    if (!allSynced && this.state !== 'live' && this.state !== 'stale') return;
    const stale = Date.now() - this.lastDataAt > this.staleAfterMs();
    this.setState(stale ? 'stale' : 'live', { lastDataAt: this.lastDataAt });
  }

  tick() {
    const now = Date.now();
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      if (this.pendingPing && now - this.pendingPing.sentAt > PONG_TIMEOUT_MS) {
        // The server does not answer: drop the connection and start over.
        const ws = this.ws;
        this.ws = null;
        ws.close();
        this.scheduleRetry();
        return;
      }
      if (!this.pendingPing && now - (this.lastPingAt || 0) > PING_EVERY_MS) {
        const id = this.nextId++;
        this.pendingPing = { id, sentAt: now };
        this.lastPingAt = now;
        this.send({ type: 'ping', id });
      }
      this.refreshState();
    } else if (this.state === 'reconnecting') {
      this.h.onState?.(this.state, { retryInMs: Math.max(0, this.retryAt - now) });
    }
  }

  setState(state, detail = {}) {
    const changed = state !== this.state;
    this.state = state;
    // Reconnecting counts down and stale says since when: both are redrawn on every tick.
    if (changed || state === 'reconnecting' || state === 'stale') this.h.onState?.(state, detail);
  }
}
