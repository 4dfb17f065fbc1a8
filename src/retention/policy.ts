/**
 * Duplicati's `--retention-policy` syntax (`7D:1D,4W:1W,12M:1M`), parsed into frames in seconds.
 *
 * Units are case-sensitive: s m h D W M Y (`m` minutes, `M` months); a bare number is seconds;
 * composites such as `1M4D` are allowed. Current Duplicati (2.1.1+) uses fixed lengths
 * (M = 30 D, Y = 365 D); versions up to 2.1.0.5 used calendar arithmetic from 0001-01-01
 * (1M = 31 d, 12M = 365 d). Timeframe `U` is unlimited; interval `U` or ≤ 0 keeps every backup.
 */

export const UNITS = 's m h D W M Y';

/** How Duplicati turns months and years into seconds. */
export type MonthLengths = 'current' | 'legacy';

export interface RetentionFrame {
  /** Versions newer than `now − timeframeSec` are in this frame; Infinity for `U`. */
  readonly timeframeSec: number;
  /** Minimum spacing between kept full versions; 0 means keep every version in the frame. */
  readonly intervalSec: number;
}

export interface RetentionPolicy {
  /** The policy as the user wrote it. */
  readonly text: string;
  readonly monthLengths: MonthLengths;
  /** Frames sorted by timeframe, smallest first (Duplicati sorts them before use). */
  readonly frames: readonly RetentionFrame[];
}

/** A policy string is malformed; `message` names the bad part and what is allowed. */
export class PolicySyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicySyntaxError';
  }
}

const FIXED_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3_600,
  D: 86_400,
  W: 7 * 86_400,
  M: 30 * 86_400,
  Y: 365 * 86_400,
};

/** Adds months to a UTC date as .NET's DateTime.AddMonths does: the day clamps to the month's end. */
function addCalendarMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getUTCDate();
  const target = new Date(ms);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const last = new Date(target.getTime());
  last.setUTCMonth(last.getUTCMonth() + 1, 0);
  target.setUTCDate(Math.min(day, last.getUTCDate()));
  return target.getTime();
}

/** 0001-01-01T00:00:00Z: the origin Duplicati's legacy calendar arithmetic effectively used. */
function yearOneMs(): number {
  const d = new Date(0);
  d.setUTCFullYear(1, 0, 1);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * Parses one duration such as `7D`, `1M4D`, `3600` into seconds.
 * Throws PolicySyntaxError naming the bad unit or part.
 */
export function parseDuration(text: string, monthLengths: MonthLengths = 'current', context = text): number {
  if (text.length === 0) throw new PolicySyntaxError(`empty duration in '${context}'`);
  if (/^-?\d+$/.test(text)) return Number(text);
  const re = /(-?\d+)([^\d-]?)/gy;
  let calendarMs = yearOneMs();
  const start = calendarMs;
  let fixed = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    consumed = re.lastIndex;
    const n = Number(m[1]);
    const u = m[2] ?? '';
    if (u === '') {
      throw new PolicySyntaxError(`missing unit after '${m[1]}' in '${context}' (units: ${UNITS})`);
    }
    if (!(u in FIXED_SECONDS)) {
      throw new PolicySyntaxError(`unknown unit '${u}' in '${context}' (units: ${UNITS})`);
    }
    if (monthLengths === 'legacy' && (u === 'M' || u === 'Y')) {
      calendarMs = addCalendarMonths(calendarMs, u === 'M' ? n : 12 * n);
    } else if (monthLengths === 'legacy') {
      calendarMs += n * (FIXED_SECONDS[u] as number) * 1000;
    } else {
      fixed += n * (FIXED_SECONDS[u] as number);
    }
  }
  if (consumed !== text.length) {
    const bad = text.slice(consumed);
    const unitChar = /^\d*(\D)/.exec(bad)?.[1];
    throw new PolicySyntaxError(
      unitChar && !(unitChar in FIXED_SECONDS)
        ? `unknown unit '${unitChar}' in '${context}' (units: ${UNITS})`
        : `cannot read '${bad}' in '${context}' (write a number followed by a unit: ${UNITS})`,
    );
  }
  return monthLengths === 'legacy' ? Math.round((calendarMs - start) / 1000) : fixed;
}

/** Parses a whole `--retention-policy` value. */
export function parseRetentionPolicy(text: string, monthLengths: MonthLengths = 'current'): RetentionPolicy {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    throw new PolicySyntaxError(`empty retention policy (expected timeframe:interval pairs such as '7D:1D,4W:1W,12M:1M')`);
  }
  const frames: RetentionFrame[] = [];
  for (const rawPair of trimmed.split(',')) {
    const pair = rawPair.trim();
    if (pair.length === 0) throw new PolicySyntaxError(`empty pair in '${text}' (expected timeframe:interval)`);
    const parts = pair.split(':');
    if (parts.length !== 2) {
      throw new PolicySyntaxError(`'${pair}' in '${text}' is not a timeframe:interval pair`);
    }
    const [tf, iv] = parts as [string, string];
    const timeframeSec = tf === 'U' ? Infinity : parseDuration(tf, monthLengths, text);
    const intervalRaw = iv === 'U' ? 0 : parseDuration(iv, monthLengths, text);
    if (timeframeSec <= 0) {
      throw new PolicySyntaxError(`timeframe '${tf}' in '${text}' must be positive (or U for unlimited)`);
    }
    frames.push({ timeframeSec, intervalSec: Math.max(0, intervalRaw) });
  }
  frames.sort((a, b) => a.timeframeSec - b.timeframeSec);
  return { text: trimmed, monthLengths, frames };
}

/** Writes a duration back in the largest whole units (fixed lengths), e.g. 604800 → `1W`. */
export function formatDuration(seconds: number): string {
  if (seconds === Infinity) return 'U';
  if (seconds === 0) return '0s';
  let rest = seconds;
  let out = '';
  for (const u of ['Y', 'M', 'W', 'D', 'h', 'm', 's']) {
    const size = FIXED_SECONDS[u] as number;
    if (rest >= size) {
      const n = Math.floor(rest / size);
      out += `${n}${u}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Writes a policy back as Duplicati syntax (current month lengths); parsing it gives the same frames. */
export function formatRetentionPolicy(policy: RetentionPolicy): string {
  return policy.frames
    .map((f) => `${formatDuration(f.timeframeSec)}:${f.intervalSec === 0 ? 'U' : formatDuration(f.intervalSec)}`)
    .join(',');
}
