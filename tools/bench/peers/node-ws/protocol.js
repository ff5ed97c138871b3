'use strict';
// The subset of PROTOCOL.md (/work/shared, protocol version 1) that the comparison peer
// speaks: frames as JSON text, built the way solowatch builds them (field order included),
// so that the two servers send frames of the same shape and size. No I/O here.

const TOPICS = ['alerts', 'metrics', 'miners', 'system']; // sorted, as in error details
const REQUEST_TYPES = ['subscribe', 'unsubscribe', 'ping', 'get_status', 'get_topics'];
const VERSION = '0.1.0-node-ws';

// RFC 3339 UTC with milliseconds, "2026-11-26T12:00:00.123Z": exactly toISOString's format.
function timestamp(date = new Date()) {
  return date.toISOString();
}

// "client_" + 16 lower-case hex digits, never reused in a process (a counter mixed by a
// fixed odd multiplier, a bijection on 64 bits, so ids do not reveal the connection count).
let clientCounter = 0n;
function makeClientId() {
  clientCounter += 1n;
  const mixed = (clientCounter * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
  return 'client_' + mixed.toString(16).padStart(16, '0');
}

function withId(reply, id) {
  if (id !== undefined && id !== null) reply.id = id;
  return JSON.stringify(reply);
}

function welcome(clientId, heartbeatSeconds) {
  return JSON.stringify({
    type: 'connection_established',
    client_id: clientId,
    timestamp: timestamp(),
    available_topics: ['miners', 'alerts', 'system', 'metrics'],
    heartbeat_interval: heartbeatSeconds,
    server_info: {
      version: VERSION,
      protocol: 1,
      features: ['real_time_updates', 'multi_topic_subscription', 'heartbeat', 'snapshots',
        'sequence_numbers'],
    },
  });
}

// `<topic>_update`; `dataText` is JSON text serialized once by the publisher.
function broadcast(topic, seq, ts, dataText) {
  return `{"type":"${topic}_update","topic":"${topic}","broadcast_id":"${topic}-${seq}",` +
    `"seq":${seq},"timestamp":"${ts}","data":${dataText}}`;
}

function snapshot(topic, seq, ts, dataText) {
  return `{"type":"${topic}_snapshot","topic":"${topic}","seq":${seq},"timestamp":"${ts}",` +
    `"data":${dataText}}`;
}

function error(code, message, details, id) {
  return withId({ type: 'error', code, message, details: details || {} }, id);
}

// Parses one client frame. Returns {request} or {reply} (an error frame to send back).
function parseRequest(text) {
  let msg;
  try {
    msg = JSON.parse(text);
  } catch {
    return { reply: error('invalid_json', 'the message is not valid JSON') };
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    return { reply: error('invalid_json', 'the message is not a JSON object') };
  }
  const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? msg.id : undefined;
  if (typeof msg.type !== 'string') {
    return { reply: error('invalid_message', "missing field 'type'", { field: 'type' }, id) };
  }
  if (!REQUEST_TYPES.includes(msg.type)) {
    return {
      reply: error('unknown_type', `unknown message type '${msg.type}'`,
        { supported_types: REQUEST_TYPES }, id),
    };
  }
  if (msg.type === 'subscribe' || msg.type === 'unsubscribe') {
    let topics = msg.topics !== undefined ? msg.topics : msg.topic;
    if (typeof topics === 'string') topics = [topics];
    if (!Array.isArray(topics) || topics.some((t) => typeof t !== 'string')) {
      return { reply: error('invalid_message', "field 'topics' must be a string or a list of strings",
        { field: 'topics' }, id) };
    }
    const unknown = topics.find((t) => !TOPICS.includes(t));
    if (unknown !== undefined) {
      return { reply: error('invalid_topic', `unknown topic '${unknown}'`,
        { supported_topics: TOPICS }, id) };
    }
    return { request: { type: msg.type, id, topics } };
  }
  return { request: { type: msg.type, id, includeStats: msg.include_stats === true } };
}

module.exports = {
  TOPICS, VERSION, timestamp, makeClientId, withId, welcome, broadcast, snapshot, error,
  parseRequest,
};
