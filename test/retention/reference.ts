/**
 * Test oracles: deliberately naive list-based transcriptions of Duplicati's retention rules
 * (shaped like Duplicati/Library/Main/Operation/DeleteHandler.cs: sort, set the newest
 * aside, move versions band by band; restic's and borg's loops with Date-based calendar keys
 * and date-fns ISO weeks). The engine must agree with them on random inputs. They share no code with
 * src/retention beyond the parsed policy.
 */
import { getISOWeek, getISOWeekYear } from 'date-fns';
import type { RetentionPolicy } from '../../src/retention/policy.js';

export interface V {
  readonly time: number;
  readonly partial: boolean;
}

export interface RefOptions {
  readonly policy?: RetentionPolicy;
  readonly keepVersions?: number;
  /** keep-time as parts, e.g. [[6, 'M']] — already parsed, to keep the oracle free of the parser. */
  readonly keepTime?: readonly (readonly [number, string])[];
  readonly allowFullRemoval?: boolean;
}

const SEC: Record<string, number> = { s: 1, m: 60, h: 3600, D: 86400, W: 604800 };

/** Duplicati's policy: the set of times it deletes. */
function policyDeletions(policy: RetentionPolicy, versions: readonly V[], now: number, allowFullRemoval: boolean): Set<number> {
  const list = [...versions].sort((a, b) => b.time - a.time);
  const mostRecent = list.shift()!;
  let deleteMostRecent = allowFullRemoval;
  const toDelete = new Set<number>();
  for (const frame of policy.frames) {
    const bound = frame.timeframeSec === Infinity ? -Infinity : now - frame.timeframeSec;
    const inFrame: V[] = [];
    while (list.length > 0 && list[0]!.time >= bound) inFrame.unshift(list.shift()!);
    let lastKept: number | null = null;
    for (const b of inFrame) {
      if (lastKept === null || frame.intervalSec <= 0 || b.time - lastKept >= frame.intervalSec) {
        if (!b.partial) lastKept = b.time;
      } else if (!b.partial) {
        toDelete.add(b.time);
      }
    }
    deleteMostRecent = deleteMostRecent && mostRecent.time < bound;
  }
  for (const b of list) toDelete.add(b.time);
  if (deleteMostRecent) toDelete.add(mostRecent.time);
  return toDelete;
}

function keepTimeCutoff(parts: readonly (readonly [number, string])[], now: number): number {
  let d = new Date(now * 1000);
  let fixed = 0;
  for (const [n, u] of parts) {
    if (u === 'M') d = addMonthsUtc(d, -n);
    else if (u === 'Y') d = addMonthsUtc(d, -12 * n);
    else d = new Date(d.getTime() - n * SEC[u]! * 1000);
    fixed += n * (u === 'M' ? 30 * 86400 : u === 'Y' ? 365 * 86400 : SEC[u]!);
  }
  return d.getTime() / 1000 - Math.min(fixed / 100, 3600);
}

/** Calendar months via Date.UTC: the day clamps to the target month's end, as .NET's AddMonths. */
function addMonthsUtc(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(d.getTime());
  out.setUTCFullYear(y, m, Math.min(d.getUTCDate(), lastDay));
  return out;
}

/** Duplicati's combination: keep-time ∪ policy, then keep-versions over the rest; newest guard. */
export function referenceDuplicati(o: RefOptions, versions: readonly V[], now: number): Set<number> {
  if (versions.length === 0) return new Set();
  const newestFirst = [...versions].sort((a, b) => b.time - a.time);
  const toDelete = new Set<number>();
  if (o.keepTime) {
    const cutoff = keepTimeCutoff(o.keepTime, now);
    let haveFull = false;
    for (const v of newestFirst) {
      if (v.time >= cutoff || !haveFull) {
        if (!v.partial) haveFull = true;
      } else {
        toDelete.add(v.time);
      }
    }
  }
  if (o.policy) for (const t of policyDeletions(o.policy, versions, now, o.allowFullRemoval ?? false)) toDelete.add(t);
  if (o.keepVersions) {
    const remaining = newestFirst.filter((v) => !toDelete.has(v.time));
    if (o.keepVersions < remaining.length) {
      let fulls = 0;
      for (const v of remaining) {
        if (fulls >= o.keepVersions) toDelete.add(v.time);
        else if (!v.partial) fulls++;
        else if (fulls > 0) toDelete.add(v.time);
      }
    }
  }
  if (!o.allowFullRemoval && toDelete.size === versions.length) toDelete.delete(newestFirst[0]!.time);
  return toDelete;
}

function utcDay(t: number): string {
  return new Date(t * 1000).toISOString().slice(0, 10);
}
function utcMonth(t: number): string {
  return new Date(t * 1000).toISOString().slice(0, 7);
}
function isoWeek(t: number): string {
  const d = new Date(t * 1000);
  const local = new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return `${getISOWeekYear(local)}-W${getISOWeek(local)}`;
}

const BUCKETS = [utcDay, isoWeek, utcMonth];

/** restic forget --keep-daily/weekly/monthly (0.17+: the oldest kept while a rule has counts left). */
export function referenceRestic(counts: readonly [number, number, number], versions: readonly V[]): Set<number> {
  const list = versions.filter((v) => !v.partial).sort((a, b) => b.time - a.time);
  const left = [...counts];
  const last: (string | null)[] = [null, null, null];
  const keep = new Set<number>();
  list.forEach((v, nr) => {
    for (let r = 0; r < 3; r++) {
      if (left[r]! > 0) {
        const val = BUCKETS[r]!(v.time);
        if (val !== last[r] || nr === list.length - 1) {
          keep.add(v.time);
          last[r] = val;
          left[r]!--;
        }
      }
    }
  });
  return deletionsFromKeep(keep, versions);
}

/** borg prune: rules in order; a rule skips archives already kept; oldest kept if a rule falls short. */
export function referenceBorg(counts: readonly [number, number, number], versions: readonly V[]): Set<number> {
  const list = versions.filter((v) => !v.partial).sort((a, b) => b.time - a.time);
  const kept = new Set<number>();
  for (let r = 0; r < 3; r++) {
    const n = counts[r]!;
    if (n === 0) continue;
    let last: string | null = null;
    const keep: number[] = [];
    let a: V | undefined;
    for (a of list) {
      const period = BUCKETS[r]!(a.time);
      if (period !== last) {
        last = period;
        if (!kept.has(a.time)) {
          keep.push(a.time);
          kept.add(a.time);
          if (keep.length === n) break;
        }
      }
    }
    if (a !== undefined && keep.length < n && !kept.has(a.time)) kept.add(a.time);
  }
  return deletionsFromKeep(kept, versions);
}

/** Partial versions survive only as the newest version. */
function deletionsFromKeep(keep: Set<number>, versions: readonly V[]): Set<number> {
  const newest = Math.max(...versions.map((v) => v.time));
  const del = new Set<number>();
  for (const v of versions) {
    const survives = v.partial ? v.time === newest : keep.has(v.time);
    if (!survives) del.add(v.time);
  }
  return del;
}
