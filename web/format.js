// Number and time formatting shared by the page and the browser tests (pure functions).
// A missing value (null, undefined, NaN) is shown as an en dash everywhere.

export const DASH = '–';

const ok = (v) => typeof v === 'number' && Number.isFinite(v);

/** Fixed digits that shrink as the number grows: 1.23, 12.3, 123. */
function sig(v, digits = 3) {
  const a = Math.abs(v);
  if (a >= 100 || digits <= 2) return v.toFixed(a >= 100 ? 0 : 1);
  if (a >= 10) return v.toFixed(digits - 2);
  return v.toFixed(digits - 1);
}

/** Hashrate given in GH/s: "1.23 TH/s", "456 GH/s". */
export function fmtHashrate(ghs) {
  if (!ok(ghs)) return DASH;
  const units = ['GH/s', 'TH/s', 'PH/s', 'EH/s'];
  let v = ghs;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  if (Math.abs(v) < 1 && v !== 0 && i === 0) return `${(ghs * 1000).toFixed(0)} MH/s`;
  return `${sig(v)} ${units[i]}`;
}

/** Power in W: "15.2 W", "3.25 kW". */
export function fmtPower(w) {
  if (!ok(w)) return DASH;
  if (Math.abs(w) >= 1000) return `${sig(w / 1000)} kW`;
  return `${sig(w)} W`;
}

export function fmtEfficiency(jPerTh) {
  return ok(jPerTh) ? `${sig(jPerTh)} J/TH` : DASH;
}

export function fmtTemp(c) {
  return ok(c) ? `${c.toFixed(1)} °C` : DASH;
}

/** Share difficulty: "436M", "1.23G", "126T" (SI, as the miners' own UIs show it). */
export function fmtDifficulty(d) {
  if (!ok(d)) return DASH;
  const units = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  let v = d;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? v.toFixed(0) : `${sig(v)}${units[i]}`;
}

export function fmtInt(n) {
  return ok(n) ? Math.round(n).toLocaleString('en-US') : DASH;
}

/** A percentage with enough digits to be non-zero when tiny: "0.0042 %", "12.5 %". */
export function fmtPercent(p) {
  if (!ok(p)) return DASH;
  if (p === 0) return '0 %';
  const a = Math.abs(p);
  if (a >= 10) return `${p.toFixed(1)} %`;
  if (a >= 1) return `${p.toFixed(2)} %`;
  // Two significant digits below 1 %.
  const digits = Math.min(12, Math.max(2, 1 - Math.floor(Math.log10(a))));
  return `${p.toFixed(digits)} %`;
}

/** A probability in 0..1 as a percentage. */
export function fmtProbability(p) {
  return ok(p) ? fmtPercent(p * 100) : DASH;
}

/** Duration in seconds, two units at most: "3d 4h", "5h 12m", "42s". */
export function fmtDuration(s) {
  if (!ok(s) || s < 0) return DASH;
  s = Math.floor(s);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** Long waits, for the expected time to a block: "412 years", "3.2 days", "5h 12m". */
export function fmtLongDuration(s) {
  if (!ok(s) || s < 0) return DASH;
  const year = 365.25 * 86400;
  if (s >= 1e6 * year) return `${(s / year).toExponential(1)} years`;
  if (s >= 10 * year) return `${fmtInt(s / year)} years`;
  if (s >= year) return `${(s / year).toFixed(1)} years`;
  if (s >= 2 * 86400) return `${(s / 86400).toFixed(1)} days`;
  return fmtDuration(s);
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", else a local date and time. */
export function fmtAgo(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return DASH;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(t).toLocaleString();
}

export function fmtTime(iso) {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toLocaleString() : DASH;
}

/** The hashrate shown for a miner (GH/s): the 1-minute average, else the instant reading,
 *  else the 10-minute average, the order the fleet total uses. */
export function pickHashrate(miner) {
  const h = (miner && miner.hashrate_ghs) || {};
  for (const v of [h.avg_1m, h.now, h.avg_10m]) if (ok(v)) return v;
  return null;
}
