// Temperature thresholds for colouring the fleet table, the same as the asic_temp and vr_temp
// alert rules use.
//
// The server does not expose its effective alert thresholds yet (neither /api/miners nor the
// miners topic carries them), so these are the documented defaults of config/solowatch.toml
// ([alerts.asic_temp], [alerts.vr_temp]). A miner snapshot that carries an
// `alert_thresholds` object ({"asic_temp": {"warning", "critical"}, "vr_temp": {...}}) wins,
// so per-miner [miners.alerts.*] overrides show as soon as the server sends them.
export const DEFAULT_THRESHOLDS = {
  asic_temp: { warning: 68.0, critical: 75.0 },
  // cgminer machines (Avalon, Antminer, ...) run their chips hotter.
  asic_temp_cgminer: { warning: 95.0, critical: 105.0 },
  vr_temp: { warning: 90.0, critical: 100.0 },
};

export function thresholdsFor(miner) {
  const own = miner && miner.alert_thresholds;
  const cg = miner && miner.kind === 'cgminer';
  return {
    asic: (own && own.asic_temp) || (cg ? DEFAULT_THRESHOLDS.asic_temp_cgminer : DEFAULT_THRESHOLDS.asic_temp),
    vr: (own && own.vr_temp) || DEFAULT_THRESHOLDS.vr_temp,
  };
}

/** The temperature the asic_temp rule judges: cgminer machines on their hottest chip
 *  (temp_c.max stands in for it: the snapshot has no chip_max), AxeOS on `temp`. */
export function asicTemp(miner) {
  const t = (miner && miner.temp_c) || {};
  if (miner && miner.kind === 'cgminer') return t.max ?? t.asic ?? null;
  return t.asic ?? null;
}

/** 'ok', 'warn' or 'crit' for a value against {warning, critical}; '' when unknown. */
export function level(value, th) {
  if (typeof value !== 'number' || !Number.isFinite(value) || !th) return '';
  if (value >= th.critical) return 'crit';
  if (value >= th.warning) return 'warn';
  return 'ok';
}

/** The worse of the ASIC and VR levels of a miner. */
export function tempLevel(miner) {
  const th = thresholdsFor(miner);
  const levels = [level(asicTemp(miner), th.asic), level(miner?.temp_c?.vr, th.vr)];
  for (const l of ['crit', 'warn', 'ok']) if (levels.includes(l)) return l;
  return '';
}
