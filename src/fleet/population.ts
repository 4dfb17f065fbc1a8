/**
 * The fleet's devices: who exists when, what each holds, when each backs up. A device "slot" is a
 * place in the fleet; when a device is retired a replacement takes its slot the same day, so the
 * fleet follows its target size (the starting count, ramped linearly to max_devices).
 * Everything is drawn from the scenario seed with one random stream per slot, so a slot's devices
 * are the same whichever worker simulates them.
 */
import type { DeviceInputs } from '../agent/state.js';
import { blockChangeProbabilities } from '../agent/model.js';
import type { DataSize, DeviceProfile, FleetConfig } from '../scenario/resolve.js';
import { createRandom, normal, type Random } from './random.js';

/** z of the 90th percentile of the standard normal. */
const Z90 = 1.2815515655446004;

/** A protected-data size from its distribution, GiB. */
export function drawDataSize(size: DataSize, rng: Random): number {
  if (size.kind === 'fixed') return size.gib;
  const sigma = Math.log(size.p90GiB / size.medianGiB) / Z90;
  const gib = size.medianGiB * Math.exp(sigma * normal(rng));
  return size.maxGiB !== undefined ? Math.min(gib, size.maxGiB) : gib;
}

/**
 * Struct of arrays: one entry per device of a shard (what the engine reads, plus schedule and
 * identity). Times are days since the simulation start.
 */
export interface Population extends DeviceInputs {
  readonly count: number;
  /** The device's random stream: its slot and its place in the slot's chain of devices. */
  readonly streamId: Float64Array;
  /** Day of the first backup (fractional: scheduled time included). */
  readonly onboardDay: Float64Array;
  /** Day the device is retired (Infinity: never within the simulation). */
  readonly retireDay: Float64Array;
  /** Scheduled start within the day, fraction of a day (UTC). */
  readonly backupTime: Float32Array;
  readonly profile: Uint8Array;
  readonly offline: Float32Array;
}

export interface Slot {
  /** Day the slot's first device starts. */
  readonly startDay: number;
}

/** The fleet's slots: the starting devices (spread over the onboarding days) and the ramp. */
export function fleetSlots(f: FleetConfig, horizonStartDay: number, daysPerMonth = 30.4375): number[] {
  const starts: number[] = [];
  for (let i = 0; i < f.devices; i++) starts.push((i / f.devices) * f.onboardingDays);
  const extra = f.maxDevices - f.devices;
  const rampDays = f.rampMonths * daysPerMonth;
  for (let k = 1; k <= extra; k++) starts.push(horizonStartDay + (rampDays * k) / extra);
  return starts;
}

interface DeviceDraw {
  streamId: number;
  onboard: number;
  retire: number;
  backupTime: number;
  profile: number;
  protectedGiB: number;
  coldBeforeShare: number;
}

/** The chain of devices that occupy one slot over the simulation. */
function slotDevices(f: FleetConfig, slot: number, startDay: number, simDays: number, seed: number): DeviceDraw[] {
  const rng = createRandom(seed, slot);
  const out: DeviceDraw[] = [];
  const retireRate = f.retirePctPerYear / 100 / 365;
  let start = startDay;
  while (start < simDays) {
    // Profile by share: the slot's devices keep its kind (a laptop is replaced by a laptop).
    let profile = 0;
    if (out.length > 0) profile = (out[0] as DeviceDraw).profile;
    else {
      let u = rng.next() * 100;
      while (profile < f.profiles.length - 1 && u >= (f.profiles[profile] as DeviceProfile).sharePct) {
        u -= (f.profiles[profile] as DeviceProfile).sharePct;
        profile++;
      }
    }
    const p = f.profiles[profile] as DeviceProfile;
    const backupTime = (f.backupTimeDays + rng.next() * f.scheduleSpreadDays) % 1;
    // First backup at the first scheduled time on or after the start.
    const onboard = Math.floor(start) + backupTime + (Math.floor(start) + backupTime < start ? 1 : 0);
    const life = retireRate > 0 ? -Math.log(1 - rng.next()) / retireRate : Infinity;
    const retire = onboard + life;
    out.push({
      streamId: slot * 1024 + out.length,
      onboard,
      retire: retire < simDays ? retire : Infinity,
      backupTime,
      profile,
      protectedGiB: drawDataSize(p.protectedData, rng),
      // The hot range sits at a uniform offset, so the share of cold data before it is uniform.
      coldBeforeShare: rng.next(),
    });
    start = retire;
  }
  return out;
}

/**
 * The profile and protected-data size of a slot's first device (what a sampled run stratifies
 * the fleet by); undefined when the slot starts after the simulation ends.
 */
export function slotFirstDevice(f: FleetConfig, slot: number, startDay: number, simDays: number, seed: number): { profile: number; protectedGiB: number } | undefined {
  const first = slotDevices(f, slot, startDay, simDays, seed)[0];
  return first && { profile: first.profile, protectedGiB: first.protectedGiB };
}

/** The devices of the given slots (`slotStarts[k]` is slot k's start day). */
export function buildPopulation(f: FleetConfig, slotStarts: readonly number[], slotIds: readonly number[], simDays: number, seed: number): Population {
  const draws: DeviceDraw[] = [];
  for (const s of slotIds) draws.push(...slotDevices(f, s, slotStarts[s] as number, simDays, seed));
  const n = draws.length;
  const pop: Population = {
    count: n,
    streamId: new Float64Array(n),
    onboardDay: new Float64Array(n),
    retireDay: new Float64Array(n),
    backupTime: new Float32Array(n),
    profile: new Uint8Array(n),
    protectedGiB: new Float64Array(n),
    growthGiBPerDay: new Float64Array(n),
    hotChange: new Float64Array(n),
    coldChange: new Float64Array(n),
    hotShare: new Float32Array(n),
    coldBeforeShare: new Float32Array(n),
    compression: new Float32Array(n),
    filesPerGiB: new Float32Array(n),
    offline: new Float32Array(n),
  };
  draws.forEach((d, i) => {
    const p = f.profiles[d.profile] as DeviceProfile;
    const q = blockChangeProbabilities({ ...p, protectedGiB: d.protectedGiB });
    pop.streamId[i] = d.streamId;
    pop.onboardDay[i] = d.onboard;
    pop.retireDay[i] = d.retire;
    pop.backupTime[i] = d.backupTime;
    pop.profile[i] = d.profile;
    pop.protectedGiB[i] = d.protectedGiB;
    pop.growthGiBPerDay[i] = (d.protectedGiB * p.growthPctPerMonth) / 100 / 30;
    pop.hotChange[i] = q.hot;
    pop.coldChange[i] = q.cold;
    pop.hotShare[i] = p.hotSetPct / 100;
    pop.coldBeforeShare[i] = d.coldBeforeShare;
    pop.compression[i] = p.compressionRatio;
    pop.filesPerGiB[i] = p.filesPerGiB;
    pop.offline[i] = p.offlinePct / 100;
  });
  return pop;
}
