// Browser tests of the dashboard: headless Chromium (Debian's, driven by playwright-core)
// against the real solowatch binary and the miner simulator.
//
//   node dashboard.test.mjs --solowatch PATH --fakeminer PATH
//
// Run by ctest (tests/browser/CMakeLists.txt). With SOLOWATCH_SCREENSHOTS=1 it also writes
// docs/dashboard-desktop.png and docs/dashboard-phone.png (tracked files: not on every run).
// Every wait is on a condition with a deadline; every process started here is stopped on the
// way out, failure or not.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.error('playwright-core is missing in tests/browser/node_modules: run tools/install-deps');
  process.exit(1);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceDir = path.resolve(here, '../..');

// --- arguments and settings ---------------------------------------------------------------
function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const SOLOWATCH = arg('solowatch', process.env.SOLOWATCH_BINARY);
const FAKEMINER = arg('fakeminer', process.env.SOLOWATCH_FAKEMINER);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = process.env.SOLOWATCH_SCREENSHOTS === '1';
const POLL_S = 2; // every miner's poll_interval
const STALE_MS = 3000; // the page's stale threshold floor, lowered for the test (?stale_ms=)
const WATCHDOG_MS = 240000;

if (!SOLOWATCH || !FAKEMINER) {
  console.error('usage: node dashboard.test.mjs --solowatch PATH --fakeminer PATH');
  process.exit(2);
}

// --- processes ------------------------------------------------------------------------------
const children = new Set();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'solowatch-browser-'));

function start(name, cmd, args) {
  const log = path.join(tmp, `${name}.log`);
  const fd = fs.openSync(log, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  child.label = name;
  child.log = log;
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.on('exit', () => children.delete(child));
  children.add(child);
  return child;
}

function killAll(signal = 'SIGKILL') {
  for (const c of children) {
    try {
      c.kill('SIGCONT');
      c.kill(signal);
    } catch {
      /* already gone */
    }
  }
}
process.on('exit', () => killAll());
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(1));

async function waitFor(what, fn, timeoutMs, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const readLog = (c) => (fs.existsSync(c.log) ? fs.readFileSync(c.log, 'utf8') : '');

async function waitLine(child, re, timeoutMs) {
  let done = false;
  child.exited.then(() => (done = true));
  return waitFor(`${child.label}: ${re}`, () => {
    const m = readLog(child).match(re);
    if (m) return m;
    if (done) throw new Error(`${child.label} exited early:\n${readLog(child).slice(-2000)}`);
    return null;
  }, timeoutMs);
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A block of `n` free ports from 24300 up (other tests use 24100-24180). */
async function freeBlock(n) {
  for (let base = 24300; base + n < 24700; base += 20) {
    let ok = true;
    for (let p = base; p < base + n && ok; p++) ok = await portFree(p);
    if (ok) return base;
  }
  throw new Error('no free port block in 24300-24700');
}

// --- the fleet ------------------------------------------------------------------------------
// Main simulator: 4 AxeOS + 2 cgminer miners (indices 0-5). The "victim" runs in its own
// simulator process so that it can be killed: that process serves 7 AxeOS miners and only its
// index 6 is configured (miner ids are MACs derived from the index, so it cannot collide with
// the main fleet's).
const base = await freeBlock(20);
const SERVER_PORT = base;
const FLEET_PORT = base + 1; // .. base + 6
const VICTIM_BASE = base + 7; // .. base + 13; index 6 on base + 13
const VICTIM_PORT = VICTIM_BASE + 6;
const fleet = [
  { name: 'bitaxe-0', kind: 'axeos', port: FLEET_PORT },
  { name: 'bitaxe-1', kind: 'axeos', port: FLEET_PORT + 1 },
  { name: 'nerdqaxe-2', kind: 'axeos', port: FLEET_PORT + 2 },
  { name: 'lucky-3', kind: 'axeos', port: FLEET_PORT + 3 },
  { name: 'nano3s-4', kind: 'cgminer', port: FLEET_PORT + 4 },
  { name: 's19-5', kind: 'cgminer', port: FLEET_PORT + 5 },
  { name: 'victim-6', kind: 'axeos', port: VICTIM_PORT },
];
const config = path.join(tmp, 'solowatch.toml');
fs.writeFileSync(
  config,
  `[server]
listen = "127.0.0.1:${SERVER_PORT}"
shutdown_timeout = "3s"

[system]
publish_interval = "1s"

[fleet]
offline_backoff_max = "1s"

[history]
path = "history.db"
sample_interval = "1s"

[log]
level = "info"

${fleet
  .map(
    (m) => `[[miners]]
name = "${m.name}"
kind = "${m.kind}"
host = "127.0.0.1"
port = ${m.port}
poll_interval = "${POLL_S}s"
timeout = "500ms"
offline_after = 2
`,
  )
  .join('\n')}`,
);

function startServer() {
  return start('solowatch', SOLOWATCH, ['--config', config]);
}

// --- test steps -----------------------------------------------------------------------------
const results = [];
async function step(name, fn) {
  const t0 = Date.now();
  try {
    const note = await fn();
    const ms = Date.now() - t0;
    results.push({ name, ok: true, ms });
    console.log(`ok   ${name} (${ms} ms)${note ? ` — ${note}` : ''}`);
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - t0 });
    console.log(`FAIL ${name}: ${e.message}`);
    throw e;
  }
}

const api = async (p) => {
  const res = await fetch(`http://127.0.0.1:${SERVER_PORT}${p}`);
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
  return res.json();
};

/** The page's view of one row: the main text of each cell (what a person reads first). */
function rowTexts() {
  const out = {};
  for (const tr of document.querySelectorAll('#fleet tbody tr')) {
    const r = {};
    for (const td of tr.querySelectorAll('td')) {
      const main = td.querySelector('.status .txt, a, .v');
      r[td.dataset.col] = (main || td).textContent.trim();
    }
    r.tempLevel = tr.querySelector('td[data-col="temp"] .v')?.dataset.level || '';
    out[tr.dataset.id] = r;
  }
  return out;
}

const pageErrors = [];
function watchPage(page, label) {
  page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
  page.on('console', (m) => {
    // Chromium logs each refused WebSocket connection while the server restarts: expected.
    if (m.type() === 'error' && !/WebSocket connection/.test(m.text())) pageErrors.push(`${label}: ${m.text()}`);
  });
}

const started = Date.now();
const watchdog = setTimeout(() => {
  console.log(`FAIL watchdog: the test took more than ${WATCHDOG_MS} ms`);
  process.exit(1);
}, WATCHDOG_MS);

let browser;
let mainPage;
let exitCode = 0;
const metrics = {};
try {
  const sim = start('fakeminer', FAKEMINER, [
    '--axeos', '4', '--cgminer', '2', '--base-port', String(FLEET_PORT),
    '--axeos-firmware', 'v2.15,v2.10,nerdqaxe,luckyminer', '--cgminer-profile', 'avalon_nano3s,antminer_s19',
  ]);
  const victim = start('victim', FAKEMINER, ['--axeos', '7', '--cgminer', '0', '--base-port', String(VICTIM_BASE)]);
  await waitLine(sim, /^ready:/m, 10000);
  await waitLine(victim, /^ready:/m, 10000);
  let server = startServer();
  let restartAt = 0; // unix seconds: when the restart step stopped the first server
  let historyId = null; // the miner whose chart that step watched
  await waitLine(server, /listening on/, 20000);
  await waitFor('every miner online in /api/miners', async () => {
    const { miners } = await api('/api/miners');
    return miners.length === fleet.length && miners.every((m) => m.online);
  }, 30000, 200);

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  mainPage = page;
  watchPage(page, 'desktop');
  const origin = `http://127.0.0.1:${SERVER_PORT}`;
  const foreign = [];
  let bytes = 0;
  let requests = 0;
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  page.on('requestfinished', async (r) => {
    if (r.url().startsWith('data:')) return;
    const s = await r.sizes().catch(() => null);
    if (s) {
      bytes += s.responseBodySize + s.responseHeadersSize;
      requests++;
    }
  });

  await step('the page loads from the server alone and renders the fleet', async () => {
    await page.goto(`${origin}/?stale_ms=${STALE_MS}`);
    await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 15000 });
    await page.waitForLoadState('networkidle');
    const t = await page.evaluate(() => ({
      render: performance.getEntriesByName('solowatch:first-render')[0]?.startTime,
      dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd,
    }));
    metrics.firstRenderMs = Math.round(t.render);
    metrics.domContentLoadedMs = Math.round(t.dcl);
    metrics.transferBytes = bytes;
    metrics.requests = requests;
    if (foreign.length) throw new Error(`requests outside the server: ${foreign.join(', ')}`);
    return `first full render ${metrics.firstRenderMs} ms, ${requests} requests, ${bytes} bytes`;
  });

  await step('the fleet table shows every miner with the values /api/miners reports', async () => {
    // Values move with every poll, so each miner must match the API at some moment (the page
    // trails the API by one publish interval at most).
    const matched = new Map();
    const mismatch = new Map();
    await waitFor('rows matching /api/miners', async () => {
      const { miners } = await api('/api/miners');
      const { rows, expected } = await page.evaluate(`({
        rows: (${rowTexts})(),
        expected: Object.fromEntries(${JSON.stringify(miners)}.map((m) => [m.id, window.__solowatch.cellTexts(m)])),
      })`);
      if (Object.keys(rows).length !== fleet.length) return false;
      for (const m of miners) {
        const row = rows[m.id];
        if (!row) return false;
        const diff = Object.entries(expected[m.id]).filter(([k, v]) => row[k] !== v);
        if (diff.length === 0) matched.set(m.id, true);
        else mismatch.set(m.name, diff.map(([k, v]) => `${k}: page '${row[k]}' api '${v}'`).join(', '));
      }
      return matched.size === fleet.length;
    }, 20000, 100).catch((e) => {
      throw new Error(`${e.message}; last differences: ${JSON.stringify(Object.fromEntries(mismatch))}`);
    });
    // Spot checks independent of the page's formatting code.
    const { miners } = await api('/api/miners');
    const rows = await page.evaluate(`(${rowTexts})()`);
    for (const m of miners) {
      if (rows[m.id].name !== m.name) throw new Error(`name ${rows[m.id].name} != ${m.name}`);
      if (rows[m.id].firmware !== m.firmware) throw new Error(`firmware ${rows[m.id].firmware} != ${m.firmware}`);
      if (rows[m.id].status !== 'online') throw new Error(`${m.name} not shown online`);
    }
    const header = await page.textContent('[data-stat="online"] .value');
    if (header.trim() !== `${fleet.length} / ${fleet.length}`) throw new Error(`miners online shows '${header}'`);
    return `${miners.length} rows`;
  });

  await step('the table sorts by a column', async () => {
    await page.click('#fleet th[data-col="hashrate"] button');
    // Descending first for numbers; rows re-render as values move, so wait for a consistent frame.
    await page.waitForFunction(() => {
      if (document.querySelector('#fleet th[data-col="hashrate"]').getAttribute('aria-sort') !== 'descending') return false;
      const h = (m) => m.hashrate_ghs.avg_1m ?? m.hashrate_ghs.now ?? m.hashrate_ghs.avg_10m;
      const v = [...document.querySelectorAll('#fleet tbody tr')].map((tr) => h(window.__solowatch.state.miners.get(tr.dataset.id)));
      return v.every((x, i) => i === 0 || x <= v[i - 1]);
    }, null, { timeout: 5000, polling: 50 });
    await page.click('#fleet th[data-col="name"] button');
  });

  await step(`a temperature change in the simulator shows within two poll intervals (${2 * POLL_S} s)`, async () => {
    const target = fleet[0];
    const { miners } = await api('/api/miners');
    const id = miners.find((m) => m.name === target.name).id;
    const before = parseFloat((await page.evaluate(`(${rowTexts})()`))[id].temp);
    const res = await fetch(`http://127.0.0.1:${target.port}/api/system`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ simTempOffset: 25 }),
    });
    if (!res.ok) throw new Error(`PATCH /api/system: ${res.status}`);
    const t0 = Date.now();
    await page.waitForFunction(
      ({ id, before }) => {
        const v = document.querySelector(`#fleet tr[data-id="${id}"] td[data-col="temp"] .v`);
        return v && parseFloat(v.textContent) >= before + 20 && v.dataset.level === 'crit';
      },
      { id, before },
      { timeout: 2 * POLL_S * 1000, polling: 50 },
    );
    const after = (await page.evaluate(`(${rowTexts})()`))[id].temp;
    return `${before} °C -> ${after} in ${Date.now() - t0} ms, coloured critical`;
  });

  await step('killing a miner marks it offline and raises its offline alert in the panel', async () => {
    const { miners } = await api('/api/miners');
    const id = miners.find((m) => m.name === 'victim-6').id;
    victim.kill('SIGKILL');
    await victim.exited;
    const t0 = Date.now();
    await page.waitForFunction(
      ({ id, n }) => {
        const st = document.querySelector(`#fleet tr[data-id="${id}"] td[data-col="status"] .txt`);
        const alert = document.querySelector('#alerts-active li[data-rule="offline"][data-miner="victim-6"]');
        const online = document.querySelector('[data-stat="online"] .value').textContent;
        return st && st.textContent === 'offline' && alert && alert.classList.contains('sev-critical') && online === `${n - 1} / ${n}`;
      },
      { id, n: fleet.length },
      { timeout: 20000, polling: 100 },
    );
    return `offline and alerted after ${Date.now() - t0} ms`;
  });

  if (SCREENSHOTS) {
    await step('screenshots of the desktop and phone views', async () => {
      // Both pages open together, so that their sparklines fill while we wait.
      const deskCtx = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
      const phoneCtx = await browser.newContext({
        viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: 'dark',
      });
      const desk = await deskCtx.newPage();
      const phone = await phoneCtx.newPage();
      await Promise.all([desk.goto(`${origin}/`), phone.goto(`${origin}/`)]);
      // Let the sparklines gather points (a condition, not a sleep).
      const filled = () => {
        const sw = window.__solowatch;
        if (!sw || document.body.dataset.ready !== '1') return false;
        const { miners, series } = sw.state;
        return [...miners.values()].every((m) => !m.online || (series.get(m.id)?.length ?? 0) >= 10);
      };
      await Promise.all([desk.waitForFunction(filled, null, { timeout: 60000 }), phone.waitForFunction(filled, null, { timeout: 60000 })]);
      await desk.screenshot({ path: path.join(sourceDir, 'docs/dashboard-desktop.png') });
      await phone.screenshot({ path: path.join(sourceDir, 'docs/dashboard-phone.png') });
      await deskCtx.close();
      await phoneCtx.close();
      return 'docs/dashboard-desktop.png, docs/dashboard-phone.png';
    });
  }

  await step('a seq gap makes the page resubscribe for a fresh snapshot', async () => {
    const before = await page.evaluate(() => {
      const l = window.__solowatch.live;
      const r = { resyncs: l.stats.resyncs, seq: l.seq.miners };
      // A broadcast from the future: seq skips ahead, as if frames had been lost.
      l.handle({ type: 'miners_update', topic: 'miners', seq: l.seq.miners + 5, data: { miners: [] } });
      return r;
    });
    await page.waitForFunction(
      (b) => {
        const l = window.__solowatch.live;
        return l.stats.resyncs === b.resyncs + 1 && l.synced.miners && l.seq.miners >= b.seq;
      },
      before,
      { timeout: 10000, polling: 50 },
    );
    const rows = await page.evaluate(() => document.querySelectorAll('#fleet tbody tr').length);
    if (rows !== fleet.length) throw new Error(`${rows} rows after the fresh snapshot`);
  });

  await step('a block found shows a banner and a marked entry in the alerts panel', async () => {
    // The simulator finds a block about once in a century: feed the page a block_found alert
    // as the next alerts broadcast, then resubscribe so that the page is in step again.
    await page.evaluate(() => {
      const l = window.__solowatch.live;
      const m = [...window.__solowatch.state.miners.values()][0];
      const now = new Date().toISOString();
      l.handle({
        type: 'alerts_update', topic: 'alerts', seq: l.seq.alerts + 1, timestamp: now,
        data: { alert: {
          id: 'test-block', miner_id: m.id, miner_name: m.name, rule: 'block_found', severity: 'critical',
          state: 'raised', event: true, value: null, threshold: null, message: `${m.name} found a block`,
          raised_at: now, cleared_at: null, updated_at: now,
        } },
      });
      l.resync('alerts');
    });
    await page.waitForSelector('#block-banner:not([hidden])', { timeout: 5000 });
    await page.waitForSelector('#alerts-recent li.alert-block[data-rule="block_found"]', { timeout: 5000 });
    await page.waitForFunction(() => window.__solowatch.live.synced.alerts, null, { timeout: 10000 });
    await page.click('#block-banner button');
    await page.waitForSelector('#block-banner', { state: 'hidden', timeout: 5000 });
  });

  await step(`no update for a while shows "stale" (server stopped; threshold ${STALE_MS} ms)`, async () => {
    server.kill('SIGSTOP');
    try {
      await page.waitForSelector('#conn[data-state="stale"]', { timeout: STALE_MS + 5000 });
    } finally {
      server.kill('SIGCONT');
    }
    await page.waitForSelector('#conn[data-state="live"]', { timeout: 10000 });
  });

  // The phone check runs on its own page, before the restart (which has its own checks).
  await step('a phone-sized viewport (390x844) has no horizontal scroll', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const phone = await ctx.newPage();
    watchPage(phone, 'phone');
    await phone.goto(`${origin}/`);
    await phone.waitForFunction(() => document.body.dataset.ready === '1' && document.querySelectorAll('#fleet tbody tr').length > 0);
    const widths = async () => phone.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      widest: Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right)),
    }));
    const fleetView = await widths();
    if (fleetView.scroll > fleetView.client || fleetView.widest > fleetView.client + 0.5)
      throw new Error(`fleet view: ${JSON.stringify(fleetView)}`);
    const id = await phone.evaluate(() => document.querySelector('#fleet tbody tr').dataset.id);
    await phone.evaluate((id) => (location.hash = `#/miner/${encodeURIComponent(id)}`), id);
    await phone.waitForFunction(() => document.querySelectorAll('#miner-charts .uplot').length === 3);
    const minerView = await widths();
    if (minerView.scroll > minerView.client || minerView.widest > minerView.client + 0.5)
      throw new Error(`miner view: ${JSON.stringify(minerView)}`);
    await ctx.close();
    return `fleet ${fleetView.scroll}/${fleetView.client} px, miner page ${minerView.scroll}/${minerView.client} px`;
  });

  await step('after a server restart the page reconnects by itself and keeps its chart data', async () => {
    const id = await page.evaluate(() => document.querySelector('#fleet tbody tr').dataset.id);
    await page.evaluate((id) => (location.hash = `#/miner/${encodeURIComponent(id)}`), id);
    await page.waitForFunction(() => (window.__solowatch.charts()?.points() ?? 0) >= 2, null, { timeout: 15000 });
    const before = await page.evaluate(() => ({
      connects: window.__solowatch.live.stats.connects,
      points: window.__solowatch.charts().points(),
    }));
    restartAt = Date.now() / 1000;
    historyId = id;
    server.kill('SIGTERM');
    const exit = await server.exited;
    if (exit.code !== 0) throw new Error(`solowatch exited with ${JSON.stringify(exit)} on SIGTERM`);
    await page.waitForSelector('#conn[data-state="reconnecting"]', { timeout: 10000 });
    const t0 = Date.now();
    server = startServer();
    await waitLine(server, /listening on/, 20000);
    await page.waitForFunction(
      (old) => {
        // A new welcome (client ids may repeat across server processes: count connections).
        const l = window.__solowatch.live;
        return l.stats.connects > old && document.querySelector('#conn').dataset.state === 'live';
      },
      before.connects,
      { timeout: 20000, polling: 100 },
    );
    const reconnectMs = Date.now() - t0;
    // The chart keeps the samples from before the restart and goes on growing.
    await page.waitForFunction((n) => window.__solowatch.charts().points() > n, before.points, { timeout: 3 * POLL_S * 1000 + 5000 });
    await page.evaluate(() => (location.hash = '#/'));
    await page.waitForFunction((n) => document.querySelectorAll('#fleet tbody tr').length === n, fleet.length);
    return `live again ${reconnectMs} ms after the new server was started`;
  });

  await step('a page opened after the restart charts the history from before it', async () => {
    // This page never saw a live update from the old server: what it shows from before the
    // restart can only come from the history API.
    const ctx = await browser.newContext();
    const fresh = await ctx.newPage();
    watchPage(fresh, 'after-restart');
    await fresh.goto(`${origin}/#/miner/${encodeURIComponent(historyId)}`);
    await fresh.waitForFunction(
      (before) => {
        const t = window.__solowatch?.charts()?.plots[0]?.plot.data[0];
        return t && t.length > 0 && t[0] < before;
      },
      restartAt,
      { timeout: 20000, polling: 100 },
    );
    const seen = await fresh.evaluate((before) => {
      const t = window.__solowatch.charts().plots[0].plot.data[0];
      return { points: t.length, older: t.filter((x) => x < before).length, first: before - t[0] };
    }, restartAt);
    await ctx.close();
    return `${seen.points} points, ${seen.older} of them from before the restart (the first ${seen.first.toFixed(0)} s before it)`;
  });

  await step('no script errors on the pages', async () => {
    if (pageErrors.length) throw new Error(pageErrors.join('\n'));
  });
} catch (e) {
  exitCode = 1;
  if (!results.length || results[results.length - 1].ok) console.log(`FAIL setup: ${e.stack || e.message}`);
  const seen = await mainPage
    ?.evaluate(() => {
      const l = window.__solowatch?.live;
      return l && { state: l.state, clientId: l.clientId, stats: l.stats, synced: l.synced, seq: l.seq, attempt: l.attempt, hash: location.hash };
    })
    .catch(() => null);
  if (seen) console.log(`page state: ${JSON.stringify(seen)}`);
  for (const c of [...children]) console.log(`--- ${c.label} log (last lines) ---\n${readLog(c).split('\n').slice(-25).join('\n')}`);
} finally {
  clearTimeout(watchdog);
  await browser?.close().catch(() => {});
  const stopping = [...children].map((c) => c.exited);
  killAll('SIGTERM');
  await Promise.race([Promise.all(stopping), new Promise((r) => setTimeout(r, 5000))]);
  killAll('SIGKILL');
  if (exitCode === 0) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`logs kept in ${tmp}`);
}

console.log(
  `${exitCode ? 'FAILED' : 'PASSED'}: ${results.filter((r) => r.ok).length}/${results.length} steps in ${Date.now() - started} ms; ` +
    `page: first full render ${metrics.firstRenderMs} ms, DOMContentLoaded ${metrics.domContentLoadedMs} ms, ` +
    `${metrics.requests} requests, ${metrics.transferBytes} bytes`,
);
process.exit(exitCode);
