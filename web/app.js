// The solowatch dashboard: header figures, fleet table, miner page, alerts panel, all kept
// live over /ws (live.js). No framework: the state lives in `state`, and render*() write the
// DOM from it, batched per animation frame.

import {
  DASH, fmtAgo, fmtDifficulty, fmtDuration, fmtEfficiency, fmtHashrate, fmtInt, fmtLongDuration,
  fmtPercent, fmtPower, fmtProbability, fmtTemp, fmtTime, pickHashrate,
} from './format.js';
import { asicTemp, level, tempLevel, thresholdsFor } from './thresholds.js';
import { LiveConnection } from './live.js';
import { MinerCharts, Series, SPARK_POINTS, loadMinerHistory, sampleTime, sparklineSvg } from './charts.js';

const $ = (sel, root = document) => root.querySelector(sel);
const esc = (s) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const RECENT_LIMIT = 40;
const RANGES = { '1h': 3600, '24h': 86400, '7d': 7 * 86400, '30d': 30 * 86400 };

const state = {
  miners: new Map(), // id -> miner snapshot (PROTOCOL.md miners topic)
  metrics: null,
  system: null,
  active: new Map(), // alert id -> alert (raised, not cleared)
  recent: [], // alert updates, newest first
  recentKeys: new Set(),
  series: new Map(), // miner id -> Series (live values since the page opened)
  sort: loadSort(),
  route: { view: 'fleet', id: null },
  range: '1h',
  features: [],
  history: null, // null: not asked yet; true: the server keeps history; false: it does not
  minersSnapshot: false, // the first miners snapshot has arrived
  firstRender: false,
};

// ---------------------------------------------------------------------------------------
// Render scheduling: many updates per second collapse into one DOM pass per frame.
const dirty = new Set();
let frame = 0;
function schedule(...parts) {
  for (const p of parts) dirty.add(p);
  if (!frame) frame = requestAnimationFrame(flush);
}
function flush() {
  frame = 0;
  const parts = new Set(dirty);
  dirty.clear();
  if (parts.has('header')) renderHeader();
  if (parts.has('fleet')) renderFleet();
  if (parts.has('alerts')) renderAlerts();
  if (parts.has('miner') && state.route.view === 'miner') renderMiner();
  markFirstRender();
}

function markFirstRender() {
  if (state.firstRender || !state.metrics || !state.minersSnapshot) return;
  state.firstRender = true;
  performance.mark('solowatch:first-render');
  document.body.dataset.ready = '1';
}

// ---------------------------------------------------------------------------------------
// Header: fleet figures and the connection indicator.
function setStat(name, text, sub) {
  const el = document.querySelector(`[data-stat="${name}"]`);
  if (!el) return;
  el.querySelector('.value').textContent = text;
  const s = el.querySelector('.sub');
  if (s && sub !== undefined) s.textContent = sub;
}

function renderHeader() {
  const m = state.metrics || {};
  setStat('hashrate', fmtHashrate(m.total_hashrate_ghs));
  setStat('power', fmtPower(m.total_power_w));
  setStat('efficiency', fmtEfficiency(m.efficiency_j_per_th));
  const online = m.miners_online ?? DASH;
  const total = m.miners_total ?? DASH;
  setStat('online', `${online} / ${total}`);
  const onlineEl = $('[data-stat="online"]');
  onlineEl.classList.toggle('bad', typeof online === 'number' && typeof total === 'number' && online < total);
  setStat('best', fmtDifficulty(m.best_difficulty), `today ${fmtDifficulty(m.best_difficulty_today)}`);
  setStat('network', fmtDifficulty(m.network_difficulty),
    typeof m.best_percent_of_network === 'number' ? `best is ${fmtPercent(m.best_percent_of_network)} of it` : '');
  setStat('etb', fmtLongDuration(m.expected_seconds_to_block));
  setStat('chance', fmtProbability(m.block_probability_day), `per year ${fmtProbability(m.block_probability_year)}`);
  const hr = fmtHashrate(m.total_hashrate_ghs);
  const nActive = state.active.size;
  document.title = `${nActive ? `(${nActive}) ` : ''}${hr === DASH ? '' : `${hr} · `}solowatch`;
  const sys = state.system;
  if (sys) {
    const conns = sys.connections && (sys.connections.active ?? sys.connections.open);
    $('#server-info').textContent =
      `solowatch ${sys.version || ''} · server up ${fmtDuration(sys.uptime_seconds)}` +
      (typeof conns === 'number' ? ` · ${conns} connection${conns === 1 ? '' : 's'}` : '') +
      (sys.polls && typeof sys.polls.per_second === 'number' ? ` · ${sys.polls.per_second.toFixed(1)} polls/s` : '');
  }
}

const CONN_TEXT = { connecting: 'connecting', live: 'live', stale: 'stale', reconnecting: 'reconnecting' };
function renderConnection(s, detail) {
  const el = $('#conn');
  el.dataset.state = s;
  let text = CONN_TEXT[s] || s;
  if (s === 'reconnecting' && detail && detail.retryInMs > 1000) text += ` in ${Math.ceil(detail.retryInMs / 1000)} s`;
  if (s === 'stale' && detail && detail.lastDataAt) text += ` · last update ${fmtAgo(new Date(detail.lastDataAt).toISOString())}`;
  el.querySelector('.conn-text').textContent = text;
  el.title =
    s === 'live' ? 'Connected: updates arrive live'
      : s === 'stale' ? 'Connected, but no update came for a while: the figures may be old'
        : 'Not connected to the server: the figures are frozen';
  document.body.classList.toggle('frozen', s !== 'live');
}

// ---------------------------------------------------------------------------------------
// Fleet table.
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bestOf = (m) => num(m.best_difficulty?.all_time) ?? num(m.best_difficulty?.session);

const COLUMNS = [
  { key: 'status', label: 'Status', sort: (m) => (m.online ? 1 : 0) },
  { key: 'name', label: 'Miner', sort: (m) => (m.name || m.id).toLowerCase() },
  { key: 'hashrate', label: 'Hashrate', sort: pickHashrate, num: true },
  { key: 'temp', label: 'Temp', sort: asicTemp, num: true },
  { key: 'power', label: 'Power', sort: (m) => num(m.power_w), num: true },
  { key: 'efficiency', label: 'Efficiency', sort: (m) => num(m.efficiency_j_per_th), num: true },
  { key: 'shares', label: 'Shares', sort: (m) => num(m.shares?.accepted), num: true },
  { key: 'reject', label: 'Reject', sort: (m) => num(m.shares?.reject_pct), num: true },
  { key: 'best', label: 'Best diff', sort: bestOf, num: true },
  { key: 'uptime', label: 'Uptime', sort: (m) => num(m.uptime_s), num: true },
  { key: 'firmware', label: 'Firmware', sort: (m) => (m.firmware || '').toLowerCase() },
];

/** The text of each cell, also used by the browser tests to compare with /api/miners. */
export function cellTexts(m) {
  const sh = m.shares || {};
  return {
    status: m.online ? 'online' : 'offline',
    name: m.name || m.id,
    hashrate: m.online ? fmtHashrate(pickHashrate(m)) : DASH,
    temp: m.online ? fmtTemp(asicTemp(m)) : DASH,
    power: m.online ? fmtPower(m.power_w) : DASH,
    efficiency: m.online ? fmtEfficiency(m.efficiency_j_per_th) : DASH,
    shares: fmtInt(sh.accepted),
    reject: fmtPercent(sh.reject_pct),
    best: fmtDifficulty(bestOf(m)),
    uptime: m.online ? fmtDuration(m.uptime_s) : DASH,
    firmware: m.firmware || DASH,
  };
}

function loadSort() {
  try {
    const s = JSON.parse(localStorage.getItem('solowatch.sort') || 'null');
    if (s && sortKeys().includes(s.key) && (s.dir === 1 || s.dir === -1)) return s;
  } catch {
    /* no storage: default order */
  }
  return { key: 'name', dir: 1 };
}
function sortKeys() {
  return ['status', 'name', 'hashrate', 'temp', 'power', 'efficiency', 'shares', 'reject', 'best', 'uptime', 'firmware'];
}

function buildFleetHead() {
  const tr = $('#fleet thead tr');
  tr.innerHTML = COLUMNS.map(
    (c) => `<th scope="col" data-col="${c.key}" class="${c.num ? 'num' : ''}"><button type="button" data-sort="${c.key}">${c.label}<span class="arrow" aria-hidden="true"></span></button></th>`,
  ).join('');
  tr.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-sort]');
    if (!b) return;
    const key = b.dataset.sort;
    setSort(state.sort.key === key ? { key, dir: -state.sort.dir } : { key, dir: COLUMNS.find((c) => c.key === key).num ? -1 : 1 });
  });
  // Phones have no header row: a select picks the order instead.
  const select = $('#sort-select');
  select.innerHTML = COLUMNS.flatMap((c) =>
    (c.num ? [-1, 1] : [1, -1]).map((dir) => `<option value="${c.key}:${dir}">${c.label} ${c.num ? (dir < 0 ? '(highest first)' : '(lowest first)') : dir > 0 ? '(A–Z)' : '(Z–A)'}</option>`),
  ).join('');
  select.addEventListener('change', () => {
    const [key, dir] = select.value.split(':');
    setSort({ key, dir: Number(dir) });
  });
}

function setSort(sort) {
  state.sort = sort;
  try {
    localStorage.setItem('solowatch.sort', JSON.stringify(state.sort));
  } catch {
    /* private mode */
  }
  schedule('fleet');
}

function sortedMiners() {
  const col = COLUMNS.find((c) => c.key === state.sort.key) || COLUMNS[1];
  const dir = state.sort.dir;
  return [...state.miners.values()].sort((a, b) => {
    const va = col.sort(a);
    const vb = col.sort(b);
    // Missing values last whatever the direction; ties by name.
    if (va == null && vb != null) return 1;
    if (vb == null && va != null) return -1;
    if (va != null && vb != null && va !== vb) return (va < vb ? -1 : 1) * dir;
    return (a.name || a.id).localeCompare(b.name || b.id);
  });
}

const rows = new Map(); // miner id -> <tr>

function rowFor(m) {
  let tr = rows.get(m.id);
  if (tr) return tr;
  tr = document.createElement('tr');
  tr.dataset.id = m.id;
  tr.innerHTML = COLUMNS.map((c) => `<td data-col="${c.key}" data-label="${c.label}" class="${c.num ? 'num' : ''}"></td>`).join('');
  tr.addEventListener('click', (e) => {
    if (e.target.closest('a')) return;
    location.hash = `#/miner/${encodeURIComponent(tr.dataset.id)}`;
  });
  rows.set(m.id, tr);
  return tr;
}

function renderRow(tr, m) {
  const t = cellTexts(m);
  const cell = (k) => tr.querySelector(`td[data-col="${k}"]`);
  const set = (k, html) => {
    const td = cell(k);
    if (td.innerHTML !== html) td.innerHTML = html;
  };
  tr.classList.toggle('offline', !m.online);
  const hasAlert = [...state.active.values()].some((a) => a.miner_id === m.id || a.miner_name === m.name);
  tr.classList.toggle('alerting', hasAlert);
  set('status', `<span class="status ${m.online ? 'on' : 'off'}" title="${esc(m.online ? `last seen ${fmtTime(m.last_seen)}` : m.last_error || 'offline')}"><span class="dot"></span><span class="txt">${t.status}</span></span>`);
  const model = modelOf(m);
  set('name', `<a href="#/miner/${encodeURIComponent(m.id)}">${esc(t.name)}</a><span class="sub">${esc(model || m.kind || '')}</span>`);
  const s = state.series.get(m.id);
  set('hashrate', `${sparklineSvg(s ? s.hashrate.slice(-SPARK_POINTS) : [])}<span class="v">${t.hashrate}</span>`);
  const th = thresholdsFor(m);
  const tl = m.online ? tempLevel(m) : '';
  const vr = m.online ? num(m.temp_c?.vr) : null;
  set('temp', `<span class="v temp-${tl || 'none'}" data-level="${tl}" title="ASIC warning ${th.asic.warning} °C, critical ${th.asic.critical} °C">${t.temp}</span>${vr != null ? `<span class="sub temp-${level(vr, th.vr) || 'none'}">VR ${vr.toFixed(0)} °C</span>` : ''}`);
  set('power', `<span class="v">${t.power}</span>`);
  set('efficiency', `<span class="v">${t.efficiency}</span>`);
  set('shares', `<span class="v">${t.shares}</span>${num(m.shares?.rejected) != null ? `<span class="sub">${fmtInt(m.shares.rejected)} rej.</span>` : ''}`);
  const rej = num(m.shares?.reject_pct);
  set('reject', `<span class="v ${rej != null && rej >= 5 ? 'temp-warn' : ''}">${t.reject}</span>`);
  set('best', `<span class="v">${t.best}</span>${num(m.best_difficulty?.session) != null ? `<span class="sub">session ${fmtDifficulty(m.best_difficulty.session)}</span>` : ''}`);
  set('uptime', `<span class="v">${t.uptime}</span>`);
  set('firmware', `<span class="v" title="${esc(t.firmware)}">${esc(t.firmware)}</span>`);
}

/** "Bitaxe Gamma"; a model that already names the make ("NerdQAxe++") stands alone. */
function modelOf(m) {
  if (m.make && m.model && m.model.toLowerCase().startsWith(m.make.toLowerCase())) return m.model;
  return [m.make, m.model].filter(Boolean).join(' ');
}

function renderFleet() {
  const tbody = $('#fleet tbody');
  const list = sortedMiners();
  for (const id of [...rows.keys()]) {
    if (!state.miners.has(id)) {
      rows.get(id).remove();
      rows.delete(id);
    }
  }
  list.forEach((m, i) => {
    const tr = rowFor(m);
    renderRow(tr, m);
    if (tbody.children[i] !== tr) tbody.insertBefore(tr, tbody.children[i] || null);
  });
  for (const th of document.querySelectorAll('#fleet th')) {
    const on = th.dataset.col === state.sort.key;
    th.setAttribute('aria-sort', on ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
  }
  $('#sort-select').value = `${state.sort.key}:${state.sort.dir}`;
  $('#fleet-empty').hidden = list.length > 0 || !state.minersSnapshot;
}

// ---------------------------------------------------------------------------------------
// Alerts panel.
function alertKey(a) {
  return `${a.id}|${a.state}|${a.severity}|${a.updated_at || a.raised_at}`;
}

function addRecent(a, atFront = true) {
  const k = alertKey(a);
  if (state.recentKeys.has(k)) return;
  state.recentKeys.add(k);
  if (atFront) state.recent.unshift(a);
  else state.recent.push(a);
}

function sortRecent() {
  const t = (a) => Date.parse(a.updated_at || a.cleared_at || a.raised_at) || 0;
  state.recent.sort((a, b) => t(b) - t(a));
  while (state.recent.length > 200) state.recentKeys.delete(alertKey(state.recent.pop()));
}

function applyAlert(a) {
  if (a.state === 'raised' && !a.event) state.active.set(a.id, a);
  else state.active.delete(a.id);
  addRecent(a);
  sortRecent();
}

async function loadAlertHistory() {
  try {
    // The stored updates (they survive server restarts; none when history is off), then the
    // server's own recent list; addRecent drops what both hold.
    const [stored, recent] = await Promise.all(
      ['/api/history/alerts?limit=200', '/api/alerts?all=1'].map((u) => fetch(u, { cache: 'no-store' })),
    );
    if (stored.ok) for (const a of (await stored.json()).alerts || []) addRecent(a, false);
    if (recent.ok) for (const a of (await recent.json()).history || []) addRecent(a, false);
    sortRecent();
    schedule('alerts', 'fleet', 'miner');
  } catch {
    /* the live topic still works; history comes on the next connect */
  }
}

const SEV_ORDER = { critical: 0, warning: 1, info: 2 };
const RULE_LABEL = {
  offline: 'offline', asic_temp: 'ASIC temp', vr_temp: 'VR temp', hashrate_drop: 'hashrate drop',
  reject_rate: 'reject rate', restart: 'restart', fallback_pool: 'fallback pool', fault: 'fault',
  new_best: 'new best', block_found: 'BLOCK FOUND',
};

function alertItem(a, { showState }) {
  const block = a.rule === 'block_found';
  const what = block ? 'block' : a.event ? 'event' : a.state;
  const when = a.state === 'cleared' ? a.cleared_at || a.updated_at : a.event ? a.raised_at : a.updated_at || a.raised_at;
  const minerId = a.miner_id;
  return `<li class="alert sev-${esc(a.severity)} ${block ? 'alert-block' : ''} state-${esc(a.state)}" data-rule="${esc(a.rule)}" data-miner="${esc(a.miner_name || minerId)}" data-state="${esc(a.state)}">
    <span class="badge">${block ? '★ ' : ''}${esc(RULE_LABEL[a.rule] || a.rule)}</span>
    ${showState ? `<span class="state">${esc(what)}</span>` : ''}
    <span class="msg"><a href="#/miner/${encodeURIComponent(minerId)}">${esc(a.miner_name || minerId)}</a> ${esc(stripName(a.message, a.miner_name))}</span>
    <time datetime="${esc(when)}" title="${esc(fmtTime(when))}">${esc(fmtAgo(when))}</time></li>`;
}

/** Messages start with the miner's name, already shown as a link. */
function stripName(msg, name) {
  return name && msg && msg.startsWith(`${name} `) ? msg.slice(name.length + 1) : msg || '';
}

function filtered(list, minerFilter) {
  if (!minerFilter) return list;
  return list.filter((a) => a.miner_id === minerFilter.id || a.miner_name === minerFilter.name);
}

function activeSorted(minerFilter) {
  return filtered([...state.active.values()], minerFilter).sort(
    (a, b) => (SEV_ORDER[a.severity] ?? 3) - (SEV_ORDER[b.severity] ?? 3) || Date.parse(b.raised_at) - Date.parse(a.raised_at),
  );
}

function renderAlertLists(activeEl, recentEl, minerFilter) {
  const active = activeSorted(minerFilter);
  activeEl.innerHTML = active.length
    ? active.map((a) => alertItem(a, { showState: false })).join('')
    : '<li class="none">No active alerts.</li>';
  const recent = filtered(state.recent, minerFilter).slice(0, RECENT_LIMIT);
  recentEl.innerHTML = recent.length ? recent.map((a) => alertItem(a, { showState: true })).join('') : '<li class="none">Nothing yet.</li>';
}

function renderAlerts() {
  renderAlertLists($('#alerts-active'), $('#alerts-recent'), null);
  $('#alerts-count').textContent = state.active.size ? String(state.active.size) : '';
  $('#alerts-count').className = `count ${activeSorted(null)[0]?.severity || ''}`;
  // The jackpot gets a banner until dismissed.
  const block = state.recent.find((a) => a.rule === 'block_found');
  const banner = $('#block-banner');
  const dismissed = (() => {
    try {
      return localStorage.getItem('solowatch.block-dismissed');
    } catch {
      return null;
    }
  })();
  if (block && dismissed !== String(block.id)) {
    banner.hidden = false;
    banner.dataset.alert = block.id;
    banner.querySelector('.text').textContent =
      `Block found by ${block.miner_name || block.miner_id} — ${fmtTime(block.raised_at)}. ${block.message || ''}`;
  } else banner.hidden = true;
}

// ---------------------------------------------------------------------------------------
// Miner page.
let charts = null;
let chartsFor = null;
let historyRequested = null;

function findMiner(id) {
  if (state.miners.has(id)) return state.miners.get(id);
  for (const m of state.miners.values()) if (m.name === id) return m;
  return null;
}

function detail(label, value, cls = '') {
  return `<div class="kv ${cls}"><dt>${esc(label)}</dt><dd>${value}</dd></div>`;
}

function renderMiner() {
  const id = state.route.id;
  const m = findMiner(id);
  if (!m) {
    $('#miner-title').textContent = id;
    $('#miner-sub').textContent = state.minersSnapshot ? 'No miner with this id or name.' : 'Loading…';
    $('#miner-details').innerHTML = '';
    return;
  }
  const t = cellTexts(m);
  $('#miner-title').textContent = m.name || m.id;
  const st = $('#miner-status');
  st.className = `status ${m.online ? 'on' : 'off'}`;
  st.querySelector('.txt').textContent = t.status;
  $('#miner-sub').textContent = [modelOf(m), m.host, m.kind].filter(Boolean).join(' · ');
  const th = thresholdsFor(m);
  const asicL = m.online ? level(asicTemp(m), th.asic) : '';
  const vr = num(m.temp_c?.vr);
  const fans = (m.fans || [])
    .map((f) => [num(f.rpm) != null ? `${fmtInt(f.rpm)} rpm` : null, num(f.pct) != null ? `${f.pct.toFixed(0)} %` : null].filter(Boolean).join(' / '))
    .filter(Boolean)
    .join(', ');
  const pool = m.pool || {};
  const h = m.hashrate_ghs || {};
  $('#miner-details').innerHTML = [
    detail('Hashrate', `${t.hashrate}<span class="sub">1 m ${fmtHashrate(h.avg_1m)} · 10 m ${fmtHashrate(h.avg_10m)} · 1 h ${fmtHashrate(h.avg_1h)}${num(m.expected_hashrate_ghs) != null ? ` · expected ${fmtHashrate(m.expected_hashrate_ghs)}` : ''}</span>`),
    detail('ASIC temperature', `<span class="temp-${asicL || 'none'}">${t.temp}</span><span class="sub">warning ${th.asic.warning} °C · critical ${th.asic.critical} °C</span>`),
    detail('VR temperature', `<span class="temp-${(m.online && level(vr, th.vr)) || 'none'}">${fmtTemp(vr)}</span><span class="sub">warning ${th.vr.warning} °C · critical ${th.vr.critical} °C</span>`),
    detail('Power', t.power),
    detail('Efficiency', t.efficiency),
    detail('Fans', esc(fans || DASH)),
    detail('Shares', `${t.shares}<span class="sub">${fmtInt(m.shares?.rejected)} rejected · ${t.reject}</span>`),
    detail('Best difficulty', `${t.best}<span class="sub">session ${fmtDifficulty(m.best_difficulty?.session)}</span>`),
    detail('Blocks found', esc(m.blocks_found ?? DASH)),
    detail('Uptime', t.uptime),
    detail('Firmware', esc(t.firmware)),
    detail('Pool', `<span class="wrap">${esc(pool.url || DASH)}</span><span class="sub wrap">${esc(pool.user || '')}${pool.fallback_active ? ' · on fallback pool' : ''}</span>`),
    detail('Pool difficulty', fmtDifficulty(pool.difficulty)),
    detail('Network', `${fmtDifficulty(m.network?.difficulty)}<span class="sub">height ${fmtInt(m.network?.height)}</span>`),
    detail('Last seen', `${esc(fmtAgo(m.last_seen))}${m.last_error ? `<span class="sub bad wrap">${esc(m.last_error)}</span>` : ''}`),
    (m.faults || []).length ? detail('Faults', esc(m.faults.join(', ')), 'bad') : '',
  ].join('');
  renderAlertLists($('#miner-alerts-active'), $('#miner-alerts-recent'), { id: m.id, name: m.name });
  // Charts: created once per miner page, fed from the live series.
  if (chartsFor !== m.id) {
    charts?.destroy();
    charts = new MinerCharts($('#miner-charts'));
    chartsFor = m.id;
    requestHistory(m.id);
  }
  const s = state.series.get(m.id) || new Series();
  charts.update(s, RANGES[state.range]);
  $('#miner-charts-note').textContent = state.history !== false
    ? ''
    : `Live values since this page opened (${s.length} sample${s.length === 1 ? '' : 's'}); the server has no stored history to show (history off, or its file unavailable).`;
}

/** Fills the chart with stored history when the server has it (see loadMinerHistory). */
async function requestHistory(id) {
  const key = `${id}|${state.range}`;
  if (historyRequested === key) return;
  historyRequested = key;
  const to = Date.now() / 1000;
  const range = RANGES[state.range];
  const step = Math.max(1, Math.round(range / 1000));
  try {
    const older = await loadMinerHistory(id, to - range, to, step);
    state.history = older !== false;
    if (!older) {
      schedule('miner');
      return;
    }
    let s = state.series.get(id);
    if (!s) state.series.set(id, (s = new Series()));
    s.prepend(older);
    schedule('miner');
  } catch (e) {
    console.warn('solowatch: history', e);
  }
}

function buildRangeButtons() {
  const box = $('#miner-range');
  box.innerHTML = Object.keys(RANGES)
    .map((r) => `<button type="button" data-range="${r}" aria-pressed="${r === state.range}">${r}</button>`)
    .join('');
  box.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-range]');
    if (!b) return;
    state.range = b.dataset.range;
    for (const x of box.querySelectorAll('button')) x.setAttribute('aria-pressed', String(x.dataset.range === state.range));
    if (chartsFor) requestHistory(chartsFor);
    schedule('miner');
  });
}

// ---------------------------------------------------------------------------------------
// Routing: #/ (fleet) and #/miner/<id>.
function route() {
  const m = location.hash.match(/^#\/miner\/(.+)$/);
  if (m) state.route = { view: 'miner', id: decodeURIComponent(m[1]) };
  else state.route = { view: 'fleet', id: null };
  const miner = state.route.view === 'miner';
  document.body.classList.toggle('view-miner', miner);
  $('#view-fleet').hidden = miner;
  $('#view-miner').hidden = !miner;
  if (!miner && charts) {
    charts.destroy();
    charts = null;
    chartsFor = null;
    historyRequested = null;
  }
  if (miner) {
    window.scrollTo(0, 0);
    schedule('miner');
  } else schedule('fleet');
}

// ---------------------------------------------------------------------------------------
// Live data.
function recordSample(m, fallbackIso) {
  let s = state.series.get(m.id);
  if (!s) state.series.set(m.id, (s = new Series()));
  s.push(sampleTime(m, fallbackIso), m);
}

const handlers = {
  onWelcome(msg) {
    state.features = (msg.server_info && msg.server_info.features) || [];
    // The alert history is not on the topic: fetch it on every (re)connect.
    loadAlertHistory();
  },
  onSnapshot(topic, data, msg) {
    if (topic === 'miners') {
      state.miners = new Map((data.miners || []).map((m) => [m.id, m]));
      for (const m of state.miners.values()) recordSample(m, msg.timestamp);
      state.minersSnapshot = true;
      schedule('fleet', 'miner');
    } else if (topic === 'metrics') {
      state.metrics = data;
      schedule('header');
    } else if (topic === 'alerts') {
      state.active = new Map((data.alerts || []).map((a) => [a.id, a]));
      for (const a of data.alerts || []) addRecent(a, false);
      sortRecent();
      schedule('alerts', 'fleet', 'miner', 'header');
    } else if (topic === 'system') {
      state.system = data;
      schedule('header');
    }
  },
  onUpdate(topic, data, msg) {
    if (topic === 'miners') {
      for (const m of data.miners || []) {
        state.miners.set(m.id, m);
        recordSample(m, msg.timestamp);
      }
      schedule('fleet', 'miner');
    } else if (topic === 'metrics') {
      state.metrics = data;
      schedule('header');
    } else if (topic === 'alerts') {
      if (data.alert) applyAlert(data.alert);
      schedule('alerts', 'fleet', 'miner', 'header');
    } else if (topic === 'system') {
      state.system = data;
      schedule('header');
    }
  },
  onState(s, detail) {
    renderConnection(s, detail);
  },
};

function start() {
  buildFleetHead();
  buildRangeButtons();
  $('#block-banner button').addEventListener('click', () => {
    try {
      localStorage.setItem('solowatch.block-dismissed', $('#block-banner').dataset.alert || '');
    } catch {
      /* private mode */
    }
    $('#block-banner').hidden = true;
  });
  window.addEventListener('hashchange', route);
  route();
  const params = new URLSearchParams(location.search);
  const staleMs = Number(params.get('stale_ms')) || undefined; // for tests and impatient people
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  const live = new LiveConnection(url, ['miners', 'metrics', 'alerts', 'system'], handlers, { staleMs });
  // Relative times ("2 min ago") age without updates.
  setInterval(() => schedule('alerts', 'miner'), 15000);
  // For the browser tests and for poking around in the console.
  window.__solowatch = { state, live, cellTexts, charts: () => charts };
  live.start();
}

start();
