/**
 * Calibration: the scenario parameters that best explain what AWS billed. The device count is
 * fitted in closed form (every quantity the engine meters is a sum over devices, so it scales
 * with their number); the other parameters (protected data per device, daily change rate, and
 * any the user names) are multipliers on every profile's value, searched by coordinate descent
 * in log space, each candidate one simulation. The error is the relative squared error of the
 * main usage types' quantities (storage GB-Mo per class, PUT and GET counts, egress GB) month by
 * month. A large fleet is simulated through a sample of its devices (quantities scaled back),
 * with the scenario's seed, so every candidate sees the same devices and the error is smooth.
 */
import { InputError } from '../errors.js';
import { simulate } from '../forecast.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { resolveScenario, type DeviceProfile, type Scenario } from '../scenario/resolve.js';
import { addMonths } from '../units.js';
import type { Actuals } from './actuals.js';
import { normaliseUsageType } from './reconcile.js';

/** Parameters calibrate can fit besides the device count: scenario field → how to read and bound it. */
export const PARAMS = {
  protected_data: { describe: 'protected data per device (every profile’s size distribution scaled)', max: Infinity },
  daily_change_pct: { describe: 'share of the data changed per day, percent', max: 100 },
  growth_pct_per_month: { describe: 'growth of protected data per month, percent', max: 100 },
  compression_ratio: { describe: 'compressed ÷ original size', max: 1 },
  hot_set_pct: { describe: 'share of the data that receives most changes, percent', max: 100 },
  hot_change_share_pct: { describe: 'share of the changes on the hot set, percent', max: 100 },
  offline_pct: { describe: 'daily probability a device misses its backup, percent', max: 100 },
  files_per_gib: { describe: 'files per GiB of protected data', max: Infinity },
} as const;
export type ParamName = keyof typeof PARAMS;
export const PARAM_NAMES = Object.keys(PARAMS) as ParamName[];
export const DEFAULT_PARAMS: readonly ParamName[] = ['protected_data', 'daily_change_pct'];

const PROFILE_FIELD: Readonly<Record<Exclude<ParamName, 'protected_data'>, keyof DeviceProfile>> = {
  daily_change_pct: 'dailyChangePct',
  growth_pct_per_month: 'growthPctPerMonth',
  compression_ratio: 'compressionRatio',
  hot_set_pct: 'hotSetPct',
  hot_change_share_pct: 'hotChangeSharePct',
  offline_pct: 'offlinePct',
  files_per_gib: 'filesPerGiB',
};

/** Whether a usage type is one the fit is measured on. */
export function isMainUsageType(usageType: string): boolean {
  return /TimedStorage|Requests-(\w+-)?Tier1$|Requests-(\w+-)?Tier2$|DataTransfer-Out-Bytes$/.test(usageType);
}

/** Per profile, the values a set of multipliers gives (bounded as the scenario schema bounds them). */
export function profileValues(p: DeviceProfile, mult: Readonly<Partial<Record<ParamName, number>>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(mult) as [ParamName, number][]) {
    if (name === 'protected_data') {
      const d = p.protectedData;
      const r = (x: number) => Number((x * m).toPrecision(6));
      out.protected_data =
        d.kind === 'fixed' ? { distribution: 'fixed', gib: r(d.gib) } : { distribution: 'lognormal', median_gib: r(d.medianGiB), p90_gib: r(d.p90GiB), ...(d.maxGiB ? { max_gib: r(d.maxGiB) } : {}) };
    } else {
      const v = (p[PROFILE_FIELD[name]] as number) * m;
      out[name] = Number(Math.min(PARAMS[name].max, v).toPrecision(6));
    }
  }
  return out;
}

/** A copy of the scenario file with the multipliers applied to every profile and `devices` devices. */
export function applyFit(file: ScenarioFile, base: Scenario, mult: Readonly<Partial<Record<ParamName, number>>>, devices?: number): ScenarioFile {
  const copy = structuredClone(file);
  const fleet = copy.fleet!;
  fleet.profiles = fleet.profiles.map((p, i) => ({ ...p, ...profileValues(base.fleet!.profiles[i]!, mult) }));
  if (devices !== undefined) {
    const scale = devices / fleet.devices;
    fleet.devices = devices;
    if (fleet.max_devices !== undefined) fleet.max_devices = Math.max(devices, Math.round(fleet.max_devices * scale));
  }
  return copy;
}

/** Main-usage quantities per `month|usageType` (region prefix normalised), scaled by `scale`. */
type Quantities = Map<string, number>;

async function simulatedQuantities(sc: Scenario, scale: number): Promise<Quantities> {
  const sim = await simulate(sc, { threads: 1 });
  const first = addMonths(sc.simStartMonth, sc.historyMonths);
  const q: Quantities = new Map();
  for (const l of sim.run.meter.lines()) {
    if (l.month < first) continue;
    const ut = normaliseUsageType(sc.region, l.usageType);
    if (!isMainUsageType(ut)) continue;
    const k = `${l.month}|${ut}`;
    q.set(k, (q.get(k) ?? 0) + l.quantity * scale);
  }
  return q;
}

function actualQuantities(a: Actuals, region: string, months: ReadonlySet<string>): Quantities {
  const q: Quantities = new Map();
  for (const l of a.lines) {
    const month = l.period.slice(0, 7);
    const ut = normaliseUsageType(region, l.usageType);
    if (!months.has(month) || !isMainUsageType(ut)) continue;
    if (!l.quantity) throw new InputError({ path: '--actuals', message: 'calibrate fits quantities, and these actuals have costs only (a Cost Explorer console export): use `actuals fetch` or a Cost and Usage Report' });
    const k = `${month}|${ut}`;
    q.set(k, (q.get(k) ?? 0) + l.quantity.toNumber());
  }
  return q;
}

/**
 * The device multiplier k minimising Σ ((k·f − a) / a)² over keys the actuals have, and that
 * error. Keys only the forecast has count as (k·f)² relative to the mean actual, so a forecast of
 * usage the bill does not show is penalised, not ignored.
 */
export function fitScale(f: Quantities, a: Quantities, keys?: (k: string) => boolean): { k: number; error: number } {
  let sxy = 0;
  let sxx = 0;
  const pts: [number, number][] = [];
  const all = new Set([...f.keys(), ...a.keys()]);
  const meanA = [...a.values()].reduce((s, x) => s + x, 0) / Math.max(1, a.size);
  for (const key of all) {
    if (keys && !keys(key)) continue;
    const fv = f.get(key) ?? 0;
    const av = a.get(key) ?? 0;
    const w = av > 0 ? av : meanA || 1;
    pts.push([fv / w, av / w]);
    sxy += (fv / w) * (av / w);
    sxx += (fv / w) ** 2;
  }
  const k = sxx > 0 ? sxy / sxx : 1;
  return { k, error: pts.reduce((s, [x, y]) => s + (k * x - y) ** 2, 0) };
}

export interface CalibrateOptions {
  readonly params: readonly ParamName[];
  /** Simulate at most this many devices (quantities scaled to the fleet). */
  readonly sampleDevices: number;
  /** Coordinate-descent sweeps over the parameters. */
  readonly sweeps?: number;
  readonly onEvaluation?: (n: number) => void;
}

export interface CalibrateResult {
  /** Fitted multipliers of each parameter (1 = the scenario's value). */
  readonly multipliers: Readonly<Record<string, number>>;
  /** Devices (the scenario's `fleet.devices`) that fit best over all months. */
  readonly devices: number;
  /** Devices per month that fit each month alone. */
  readonly devicesByMonth: readonly { month: string; devices: number }[];
  /** Per main usage type: forecast and actual quantity over all months, at the fit. */
  readonly residuals: readonly { usageType: string; forecast: number; actual: number }[];
  readonly error: number;
  readonly simulations: number;
  /** The calibrated scenario file. */
  readonly file: ScenarioFile;
}

/** Fits `opts.params` and the device count of a fleet scenario (its horizon already set) to `actuals`. */
export async function calibrate(file: ScenarioFile, source: string, actuals: Actuals, opts: CalibrateOptions): Promise<CalibrateResult> {
  const base = resolveScenario(file, source);
  const fleet = file.fleet!;
  const firstMonth = addMonths(base.simStartMonth, base.historyMonths);
  const months = new Set(Array.from({ length: base.simMonths - base.historyMonths }, (_, i) => addMonths(firstMonth, i) as string));
  const a = actualQuantities(actuals, base.region, months);
  if (a.size === 0) throw new InputError({ path: '--actuals', message: `no storage, request or egress quantities in the forecast's months (${[...months][0]} … ${[...months].pop()}); see --from` });
  // A sample of the fleet: the same devices for every candidate (same seed, same count).
  const sample = Math.min(fleet.devices, opts.sampleDevices);
  const scale = fleet.devices / sample;
  let simulations = 0;
  const cache = new Map<string, { q: Quantities; k: number; error: number }>();
  const evaluate = async (mult: Record<string, number>) => {
    const id = JSON.stringify(opts.params.map((p) => mult[p]!.toFixed(6)));
    const hit = cache.get(id);
    if (hit) return hit;
    const sc = resolveScenario(applyFit(file, base, mult, sample), source);
    const q = await simulatedQuantities(sc, scale);
    simulations += 1;
    opts.onEvaluation?.(simulations);
    const r = { q, ...fitScale(q, a) };
    cache.set(id, r);
    return r;
  };

  const mult: Record<string, number> = Object.fromEntries(opts.params.map((p) => [p, 1]));
  let best = await evaluate(mult);
  // Coordinate descent in log2 space: steps of 1, ½, ¼ … 1/32 (factors 2 down to ~2 %).
  for (let sweep = 0; sweep < (opts.sweeps ?? 2); sweep++) {
    for (const p of opts.params) {
      for (let step = sweep === 0 ? 1 : 0.25; step >= 1 / 32; step /= 2) {
        for (;;) {
          let moved = false;
          for (const dir of [1, -1]) {
            const trial = { ...mult, [p]: mult[p]! * 2 ** (dir * step) };
            const r = await evaluate(trial);
            if (r.error < best.error - 1e-12) {
              best = r;
              mult[p] = trial[p]!;
              moved = true;
              break;
            }
          }
          if (!moved) break;
        }
      }
    }
  }
  const devices = Math.max(1, Math.round(fleet.devices * best.k));
  const devicesByMonth = [...months].map((m) => ({ month: m, devices: Math.round(fleet.devices * fitScale(best.q, a, (key) => key.startsWith(`${m}|`)).k) }));
  const byType = new Map<string, { forecast: number; actual: number }>();
  for (const key of new Set([...best.q.keys(), ...a.keys()])) {
    const ut = key.slice(8);
    const e = byType.get(ut) ?? { forecast: 0, actual: 0 };
    e.forecast += (best.q.get(key) ?? 0) * best.k;
    e.actual += a.get(key) ?? 0;
    byType.set(ut, e);
  }
  return {
    multipliers: mult,
    devices,
    devicesByMonth,
    residuals: [...byType.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([usageType, e]) => ({ usageType, ...e })),
    error: best.error,
    simulations,
    file: applyFit(file, base, mult, devices),
  };
}
