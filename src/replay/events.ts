/**
 * Explicit object histories for `tierwise replay`: a CSV of events, checked whole before anything
 * runs. Columns `time,op,key,size_bytes,count,storage_class,tier,days` (the last four may be
 * empty); every problem is one issue naming the file, line and column.
 */
import { parse } from 'csv-parse/sync';
import { InputError, type InputIssue } from '../errors.js';
import { STORAGE_CLASSES, type StorageClass } from '../storage/classes.js';
import type { RestoreTier } from '../usage/usage-types.js';

export const REPLAY_OPS = ['put', 'delete', 'get', 'restore', 'transfer_out'] as const;
export type ReplayOp = (typeof REPLAY_OPS)[number];
export const REPLAY_COLUMNS = ['time', 'op', 'key', 'size_bytes', 'count', 'storage_class', 'tier', 'days'] as const;
const RESTORE_TIERS: readonly RestoreTier[] = ['expedited', 'standard', 'bulk'];

/** S3 RestoreObject accepts Days of at least 1; more than ten years is surely a typo. */
const MAX_RESTORE_DAYS = 3650;
/** S3's largest object is 5 TiB; a row may stand for many objects (count). */
const MAX_OBJECT_BYTES = 5 * 2 ** 40;
const MAX_COUNT = 1e12;

export interface ReplayEvent {
  /** 1-based line in the file. */
  readonly line: number;
  /** Days since the horizon starts (day 0 = its first midnight UTC). */
  readonly time: number;
  readonly op: ReplayOp;
  readonly key: string;
  /** put: bytes of each object; transfer_out: bytes sent to the internet. */
  readonly sizeBytes: number;
  /** put: objects written (default 1). */
  readonly count: number;
  /** put: class written to (default: the bucket's). */
  readonly storageClass?: StorageClass;
  /** restore: the retrieval tier and how many days the restored copy is kept. */
  readonly tier?: RestoreTier;
  readonly days?: number;
}

export interface ReplayHorizon {
  /** Epoch milliseconds of the horizon's first midnight and of its end. */
  readonly startMs: number;
  readonly endMs: number;
  /** The bucket's class, for puts that name none. */
  readonly bucketClass: StorageClass;
}

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|\+00:00)$/;
const MS_PER_DAY = 86_400_000;

/** Epoch ms of an ISO-8601 UTC time, or undefined when it is not one (or not a real date). */
function parseUtc(text: string): number | undefined {
  const m = ISO_UTC.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  const ms = Date.parse(text);
  const back = new Date(ms);
  // Date.parse rolls 30 February over into March: refuse what does not round-trip.
  if (Number.isNaN(ms) || back.getUTCFullYear() !== y || back.getUTCMonth() + 1 !== mo || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi || back.getUTCSeconds() !== s) {
    return undefined;
  }
  return ms;
}

/**
 * Parses and checks the events: header, every cell, time order, horizon, and that delete / get /
 * restore name a key whose objects exist. Throws one InputError listing every problem (at most 50).
 */
export function parseReplayEvents(text: string, source: string, horizon: ReplayHorizon): ReplayEvent[] {
  const issues: InputIssue[] = [];
  const add = (line: number, column: string, message: string, value?: string) => {
    const got = value === undefined ? '' : value === '' ? ' (got an empty cell)' : ` (got '${value}')`;
    if (issues.length < 50) issues.push({ source, line, path: column, message: `${message}${got}`, ...(value !== undefined ? { value } : {}) });
  };
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    const err = e as { message: string; lines?: number };
    throw new InputError({ source, ...(err.lines ? { line: err.lines } : {}), path: 'csv', message: err.message.replace(/^Invalid /, 'invalid ') });
  }
  const header = rows[0];
  if (!header) throw new InputError({ source, path: 'header', message: `the file is empty; expected a header ${REPLAY_COLUMNS.join(',')}` });
  const unknown = header.filter((h) => !(REPLAY_COLUMNS as readonly string[]).includes(h));
  const missing = REPLAY_COLUMNS.filter((c) => !header.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    const what = [...(unknown.length ? [`unknown column(s) ${unknown.join(', ')}`] : []), ...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : [])];
    throw new InputError({ source, line: 1, path: 'header', message: `${what.join('; ')}; expected ${REPLAY_COLUMNS.join(',')}` });
  }
  const col = Object.fromEntries(REPLAY_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof REPLAY_COLUMNS)[number], number>;

  const events: ReplayEvent[] = [];
  /** Objects each key holds now (puts minus deletes), to refuse acting on a key with none. */
  const live = new Map<string, number>();
  let lastMs = -Infinity;
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    const before = issues.length;
    if (row.length !== header.length) {
      add(line, 'row', `has ${row.length} field(s); the header has ${header.length} (${REPLAY_COLUMNS.join(',')})`);
      return;
    }
    const cell = (c: keyof typeof col) => row[col[c]] ?? '';
    const intCell = (c: keyof typeof col, min: number, max: number, what: string): number | undefined => {
      const raw = cell(c);
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
        add(line, c, `expected ${what}, a whole number from ${min} to ${max}`, raw);
        return undefined;
      }
      return n;
    };
    const mustBeEmpty = (c: keyof typeof col, op: string) => {
      if (cell(c) !== '') add(line, c, `does not apply to ${op}; leave it empty`, cell(c));
    };

    const timeText = cell('time');
    const ms = parseUtc(timeText);
    if (ms === undefined) add(line, 'time', 'expected an ISO-8601 UTC time such as 2027-03-01T12:00:00Z', timeText);
    else if (ms < horizon.startMs || ms >= horizon.endMs) {
      add(line, 'time', `is outside the scenario's horizon (${new Date(horizon.startMs).toISOString()} to ${new Date(horizon.endMs).toISOString()})`, timeText);
    } else if (ms < lastMs) add(line, 'time', `is before the previous event's time (${new Date(lastMs).toISOString()}); events must be in time order`, timeText);
    if (ms !== undefined) lastMs = Math.max(lastMs, ms);

    const op = cell('op') as ReplayOp;
    if (!(REPLAY_OPS as readonly string[]).includes(op)) {
      add(line, 'op', `expected one of ${REPLAY_OPS.join(', ')}`, cell('op'));
      return;
    }
    const key = cell('key');
    let sizeBytes = 0;
    let count = 1;
    let storageClass: StorageClass | undefined;
    let tier: RestoreTier | undefined;
    let days: number | undefined;
    if (op === 'transfer_out') {
      if (key !== '') add(line, 'key', 'transfer_out sends bytes to the internet, not objects: leave key empty', key);
      sizeBytes = intCell('size_bytes', 1, Number.MAX_SAFE_INTEGER, 'the bytes sent') ?? 0;
      for (const c of ['count', 'storage_class', 'tier', 'days'] as const) mustBeEmpty(c, op);
    } else {
      if (key === '') add(line, 'key', `${op} needs a key`, key);
      if (op === 'put') {
        sizeBytes = intCell('size_bytes', 0, MAX_OBJECT_BYTES, 'the size of each object in bytes') ?? 0;
        count = cell('count') === '' ? 1 : (intCell('count', 1, MAX_COUNT, 'the number of objects') ?? 1);
        const cls = cell('storage_class').toUpperCase();
        if (cls !== '' && !(STORAGE_CLASSES as readonly string[]).includes(cls)) add(line, 'storage_class', `expected one of ${STORAGE_CLASSES.join(', ')}`, cell('storage_class'));
        else storageClass = cls === '' ? horizon.bucketClass : (cls as StorageClass);
        for (const c of ['tier', 'days'] as const) mustBeEmpty(c, op);
      } else {
        for (const c of ['size_bytes', 'count', 'storage_class'] as const) mustBeEmpty(c, `${op} (it acts on every object the key's puts wrote)`);
        if (op === 'restore') {
          const t = cell('tier').toLowerCase() as RestoreTier;
          if (!RESTORE_TIERS.includes(t)) add(line, 'tier', `restore needs a tier: one of ${RESTORE_TIERS.join(', ')}`, cell('tier'));
          else tier = t;
          days = cell('days') === '' ? 1 : intCell('days', 1, MAX_RESTORE_DAYS, 'the days the restored copy is kept');
        } else for (const c of ['tier', 'days'] as const) mustBeEmpty(c, op);
        if (key !== '' && !live.has(key)) add(line, 'key', `no earlier put wrote this key`, key);
        else if (key !== '' && live.get(key) === 0) add(line, 'key', `every object of this key was deleted before this ${op}`, key);
      }
    }
    if (issues.length > before || ms === undefined) return;
    if (op === 'put') live.set(key, (live.get(key) ?? 0) + count);
    if (op === 'delete') live.set(key, 0);
    events.push({
      line,
      time: (ms - horizon.startMs) / MS_PER_DAY,
      op,
      key,
      sizeBytes,
      count,
      ...(storageClass ? { storageClass } : {}),
      ...(tier ? { tier } : {}),
      ...(days !== undefined ? { days } : {}),
    });
  });
  if (issues.length > 0) throw new InputError(issues);
  return events;
}
