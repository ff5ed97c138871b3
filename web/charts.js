// Per-miner series (the live values since the page opened), the fleet table's sparklines and
// the miner page's uPlot charts (uPlot is loaded as a global by index.html, from npm, served
// by solowatch itself).

import { fmtHashrate, fmtPower, fmtTemp, pickHashrate } from './format.js';
import { asicTemp } from './thresholds.js';

const MAX_POINTS = 20000; // per miner: ~11 h at a 2 s poll interval
export const SPARK_POINTS = 60;

/** One miner's time series: t in unix seconds, one array per measure (null = no value). */
export class Series {
  constructor() {
    this.t = [];
    this.hashrate = [];
    this.asic = [];
    this.vr = [];
    this.power = [];
  }

  get length() {
    return this.t.length;
  }

  push(t, miner) {
    const last = this.t.length ? this.t[this.t.length - 1] : -Infinity;
    if (t <= last) return false; // the same poll seen twice (snapshot after a resync)
    const temp = miner.temp_c || {};
    const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    this.t.push(t);
    this.hashrate.push(miner.online ? num(pickHashrate(miner)) : null);
    this.asic.push(miner.online ? num(asicTemp(miner)) : null);
    this.vr.push(miner.online ? num(temp.vr) : null);
    this.power.push(miner.online ? num(miner.power_w) : null);
    if (this.t.length > MAX_POINTS) for (const k of ['t', 'hashrate', 'asic', 'vr', 'power']) this[k].shift();
    return true;
  }

  /** Puts older points (from the history API) in front of the live ones. */
  prepend(older) {
    const first = this.t.length ? this.t[0] : Infinity;
    const keep = older.t.findIndex((t) => t >= first);
    const n = keep < 0 ? older.t.length : keep;
    for (const k of ['t', 'hashrate', 'asic', 'vr', 'power']) this[k] = older[k].slice(0, n).concat(this[k]);
  }
}

/** The time of a miner sample: when it was polled, else when the update arrived. */
export function sampleTime(miner, fallbackIso) {
  const t = Date.parse(miner.last_seen || fallbackIso || '');
  return (Number.isFinite(t) ? t : Date.now()) / 1000;
}

/**
 * The history of one miner over [from, to] (unix seconds) at `step` seconds, as a Series;
 * null when none is stored for it, false when the server keeps no history.
 *
 * From `GET /api/miners/{id}/history?from=&to=&step=` (net/rest_history.hpp). A server with
 * `[history] path = ""` answers 503 (false), a miner without stored samples 404 (null); the
 * charts then hold the live values since the page opened. The answer is time-aligned arrays:
 *   {"t": [unix s...], "hashrate_ghs": [...], "temp_asic_c": [...], "temp_vr_c": [...],
 *    "power_w": [...], ...}
 */
export async function loadMinerHistory(id, from, to, step) {
  const q = new URLSearchParams({ from: String(Math.floor(from)), to: String(Math.ceil(to)), step: String(step) });
  const res = await fetch(`/api/miners/${encodeURIComponent(id)}/history?${q}`);
  if (res.status === 503) return false;
  if (!res.ok) return null;
  const body = await res.json();
  const s = new Series();
  s.t = body.t || [];
  const col = (name) => (Array.isArray(body[name]) ? body[name] : s.t.map(() => null));
  s.hashrate = col('hashrate_ghs');
  s.asic = col('temp_asic_c');
  s.vr = col('temp_vr_c');
  s.power = col('power_w');
  return s;
}

/** An inline SVG sparkline of the last SPARK_POINTS values (no library: one per row). */
export function sparklineSvg(values, width = 90, height = 22) {
  const v = values.slice(-SPARK_POINTS);
  const finite = v.filter((x) => x != null);
  if (finite.length < 2) return `<svg class="spark" viewBox="0 0 ${width} ${height}" aria-hidden="true"></svg>`;
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < hi * 0.02) {
    // Near-flat: keep noise from filling the whole height.
    const mid = (hi + lo) / 2;
    lo = mid * 0.99;
    hi = mid * 1.01 || 1;
  }
  // The points there are span the whole width (a trend, not a time axis).
  const step = width / (v.length - 1);
  const x0 = 0;
  let d = '';
  let pen = false;
  v.forEach((y, i) => {
    if (y == null) {
      pen = false;
      return;
    }
    const px = (x0 + i * step).toFixed(1);
    const py = (height - 2 - ((y - lo) / (hi - lo)) * (height - 4)).toFixed(1);
    d += `${pen ? 'L' : 'M'}${px},${py}`;
    pen = true;
  });
  return `<svg class="spark" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" aria-hidden="true"><path d="${d}"/></svg>`;
}

/** Axis labels in one unit for the whole axis, with as many decimals as the tick step needs
 *  (so 1.138, 1.140, 1.142 TH/s, not three times 1.14 TH/s). */
function unitTicks(splits, units, base) {
  const finite = splits.filter((v) => v != null);
  const top = Math.max(...finite.map(Math.abs), 0);
  let i = 0;
  while (top / base ** i >= base && i < units.length - 1) i++;
  const div = base ** i;
  const step = finite.length > 1 ? Math.abs(finite[1] - finite[0]) / div : 1;
  let decimals = step > 0 ? Math.min(6, Math.max(0, -Math.floor(Math.log10(step) + 1e-9))) : 0;
  // A step of 2.5 needs one more digit than its magnitude says.
  while (decimals < 6 && Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-6) decimals++;
  return splits.map((v) => (v == null ? '' : `${(v / div).toFixed(decimals)} ${units[i]}`));
}

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** The miner page's three charts; `update(series, range)` redraws them. */
export class MinerCharts {
  constructor(container) {
    this.container = container;
    this.plots = [];
    if (typeof uPlot === 'undefined') {
      container.textContent = 'Charts unavailable (uPlot did not load).';
      return;
    }
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid') }, ticks: { stroke: cssVar('--grid') } };
    const defs = [
      {
        title: 'Hashrate',
        series: [{ label: 'hashrate', stroke: cssVar('--accent'), fill: cssVar('--accent-fill'), value: (u, v) => fmtHashrate(v) }],
        ticks: (splits) => unitTicks(splits, ['GH/s', 'TH/s', 'PH/s', 'EH/s'], 1000),
        pick: (s) => [s.hashrate],
      },
      {
        title: 'Temperatures',
        series: [
          { label: 'ASIC', stroke: cssVar('--warn'), value: (u, v) => fmtTemp(v) },
          { label: 'VR', stroke: cssVar('--info'), value: (u, v) => fmtTemp(v) },
        ],
        ticks: (splits) => unitTicks(splits, ['°C'], 1e9),
        pick: (s) => [s.asic, s.vr],
      },
      {
        title: 'Power',
        series: [{ label: 'power', stroke: cssVar('--good'), value: (u, v) => fmtPower(v) }],
        ticks: (splits) => unitTicks(splits, ['W', 'kW'], 1000),
        pick: (s) => [s.power],
      },
    ];
    for (const def of defs) {
      const box = document.createElement('figure');
      box.className = 'chart';
      const cap = document.createElement('figcaption');
      cap.textContent = def.title;
      box.append(cap);
      container.append(box);
      const opts = {
        width: this.width(),
        height: 180,
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [
          { ...axis },
          { ...axis, size: 80, values: (u, splits) => def.ticks(splits) },
        ],
        series: [{}, ...def.series.map((s) => ({ width: 1.5, spanGaps: false, points: { show: false }, ...s }))],
      };
      const empty = [[], ...def.series.map(() => [])];
      this.plots.push({ plot: new uPlot(opts, empty, box), def });
    }
    this.resizer = new ResizeObserver(() => {
      for (const p of this.plots) p.plot.setSize({ width: this.width(), height: 180 });
    });
    this.resizer.observe(container);
  }

  width() {
    return Math.max(200, Math.floor(this.container.clientWidth || 600));
  }

  /** Draws the series; rangeS (seconds) sets the visible window ending now. */
  update(series, rangeS) {
    const now = Date.now() / 1000;
    for (const { plot, def } of this.plots) {
      plot.setData([series.t, ...def.pick(series)], false);
      const first = series.t.length ? series.t[0] : now;
      plot.setScale('x', { min: Math.max(now - rangeS, Math.min(first, now - 60)), max: now });
    }
  }

  points() {
    return this.plots.length ? this.plots[0].plot.data[0].length : 0;
  }

  destroy() {
    this.resizer?.disconnect();
    for (const p of this.plots) p.plot.destroy();
    this.plots = [];
    this.container.textContent = '';
  }
}
