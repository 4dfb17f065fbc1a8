/**
 * Ergonomic wrappers over the typed-array engine: choose deletions for a plain list of versions,
 * and replay retention after every backup run of a sequence as the Duplicati agent does.
 * They validate and convert; the decisions are made by applyRetention alone.
 */
import { ScenarioError } from '../errors.js';
import { applyRetention, compactVersions } from './engine.js';
import type { RetentionRules } from './rules.js';

/** A backup version: its start time (epoch seconds) and whether the run was interrupted. */
export interface BackupVersion {
  readonly time: number;
  readonly partial?: boolean;
}

export interface Selection {
  /** Surviving versions, oldest first. */
  readonly kept: BackupVersion[];
  /** Deleted versions, oldest first. */
  readonly deleted: BackupVersion[];
}

/**
 * Which of `versions` one retention run at `now` deletes. Versions may come in any order (they
 * are sorted, as Duplicati does); two at the same time are an error, as in Duplicati.
 */
export function selectDeletions(rules: RetentionRules, versions: readonly BackupVersion[], now: number): Selection {
  const sorted = versions.map((v, index) => ({ v, index })).sort((a, b) => a.v.time - b.v.time);
  const count = sorted.length;
  const times = new Float64Array(count);
  const partial = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const { v, index } = sorted[i]!;
    if (!Number.isFinite(v.time)) throw ScenarioError.at(`expected epoch seconds, got ${String(v.time)}`, `versions[${index}].time`, v.time);
    if (i > 0 && v.time === times[i - 1]) {
      throw ScenarioError.at(`two versions have the same time ${v.time}; backup times must be distinct`, `versions[${index}].time`, v.time);
    }
    times[i] = v.time;
    partial[i] = v.partial ? 1 : 0;
  }
  if (!Number.isFinite(now)) throw ScenarioError.at(`expected epoch seconds, got ${String(now)}`, 'now', now);
  const keep = new Uint8Array(count);
  applyRetention(rules, times, partial, count, now, keep);
  const kept: BackupVersion[] = [];
  const deleted: BackupVersion[] = [];
  for (let i = 0; i < count; i++) (keep[i] ? kept : deleted).push(sorted[i]!.v);
  return { kept, deleted };
}

/** One backup run: when it started, whether it was interrupted, and whether it uploaded a version. */
export interface BackupRun {
  readonly time: number;
  readonly partial?: boolean;
  /**
   * false: the run found nothing to upload, so no version is created; retention still runs after
   * it (include such runs only when the agent is configured that way). Default true.
   */
  readonly uploaded?: boolean;
}

export interface ReplayOptions {
  /** Retention runs this many seconds after each run starts; `now` is that moment. Default 0. */
  readonly runDelaySec?: number;
}

/** A version retention deleted, and when. */
export interface DeletedVersion extends BackupVersion {
  readonly deletedAt: number;
}

export interface ReplayResult {
  /** Versions alive after the last retention run, oldest first. */
  readonly kept: BackupVersion[];
  /** Every deleted version, in the order they were deleted. */
  readonly deleted: DeletedVersion[];
  /** Live versions after each run's retention, one entry per run. */
  readonly liveAfterRun: Int32Array;
}

/**
 * Replays a sequence of backup runs (strictly ascending start times) with retention after each,
 * as the agent does: deletions are permanent, so the surviving set depends on the whole path.
 */
export function replayRetention(rules: RetentionRules, runs: readonly BackupRun[], opts: ReplayOptions = {}): ReplayResult {
  const delay = opts.runDelaySec ?? 0;
  if (!Number.isFinite(delay) || delay < 0) {
    throw ScenarioError.at(`expected a number of seconds ≥ 0, got ${String(delay)}`, 'runDelaySec', delay);
  }
  let capacity = 16;
  let times = new Float64Array(capacity);
  let partial = new Uint8Array(capacity);
  let keep = new Uint8Array(capacity);
  let count = 0;
  const deleted: DeletedVersion[] = [];
  const liveAfterRun = new Int32Array(runs.length);

  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    if (!Number.isFinite(run.time)) throw ScenarioError.at(`expected epoch seconds, got ${String(run.time)}`, `runs[${r}].time`, run.time);
    if (r > 0 && !(run.time > runs[r - 1]!.time)) {
      throw ScenarioError.at('backup runs must be in strictly ascending time order', `runs[${r}].time`, run.time);
    }
    if (run.uploaded !== false) {
      if (count === capacity) {
        capacity *= 2;
        times = grow(times, new Float64Array(capacity));
        partial = grow(partial, new Uint8Array(capacity));
        keep = new Uint8Array(capacity);
      }
      times[count] = run.time;
      partial[count] = run.partial ? 1 : 0;
      count++;
    }
    const now = run.time + delay;
    applyRetention(rules, times, partial, count, now, keep);
    for (let i = 0; i < count; i++) {
      if (!keep[i]) deleted.push({ time: times[i] as number, partial: partial[i] === 1, deletedAt: now });
    }
    count = compactVersions(times, partial, count, keep);
    liveAfterRun[r] = count;
  }
  const kept: BackupVersion[] = [];
  for (let i = 0; i < count; i++) kept.push({ time: times[i] as number, partial: partial[i] === 1 });
  return { kept, deleted, liveAfterRun };
}

function grow<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
