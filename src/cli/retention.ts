/**
 * `tierwise retention`: replay Duplicati's retention (or a restic/borg calendar policy) over a
 * sequence of backups and show which versions survive; `--explain` shows the steady state of
 * daily backups and how long a version lives, which is what the storage bill depends on.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, ScenarioError, type InputIssue } from '../errors.js';
import { explainDailyRetention, type DailySteadyState } from '../retention/explain.js';
import { parseRetentionPolicy, PolicySyntaxError, type RetentionPolicy } from '../retention/policy.js';
import { replayRetention, type BackupRun } from '../retention/replay.js';
import {
  compileRetention,
  describeRetention,
  type CalendarRetention,
  type RetentionOptions,
  type RetentionRules,
} from '../retention/rules.js';
import { renderTable } from '../report/table.js';
import { SECONDS_PER_DAY } from '../units.js';
import { formatIsoTime, parseEnumFlag, parseIsoTime, parseNumberFlag } from './flags.js';
import type { CliIO } from './io.js';

interface RetentionFlags {
  policy?: string;
  legacyMonths?: boolean;
  keepVersions?: string;
  keepTime?: string;
  allowFullRemoval?: boolean;
  calendar?: string;
  keepDaily?: string;
  keepWeekly?: string;
  keepMonthly?: string;
  daily?: string;
  start?: string;
  times?: string;
  partial?: string;
  runMinutes: string;
  json?: boolean;
  explain?: boolean;
}

/** --daily at most 100 years: a keep-all policy makes the replay quadratic in the count. */
const MAX_DAILY = 36_600;

/**
 * Where --daily and --explain start their daily backups when --start is not given: a fixed date,
 * so the same command prints the same list on any day (retention depends only on spacing and on
 * month lengths, which --start can change for calendar policies).
 */
const DEFAULT_START = '2026-01-01T00:00:00Z';

export function registerRetention(program: Command, io: CliIO): void {
  program
    .command('retention')
    .description(
      'replay retention after every backup (Duplicati --retention-policy, --keep-versions, --keep-time, or a restic/borg calendar policy) and list the surviving versions',
    )
    .option('--policy <policy>', "Duplicati --retention-policy, e.g. '7D:1D,4W:1W,12M:1M' (units s m h D W M Y; U = unlimited / keep all)")
    .option('--legacy-months', 'read M and Y in --policy as Duplicati ≤ 2.1.0.5 did (calendar from year 1: 1M = 31 d, 12M = 365 d) instead of M = 30 d, Y = 365 d')
    .option('--keep-versions <n>', 'Duplicati --keep-versions: keep the newest N full backups')
    .option('--keep-time <duration>', "Duplicati --keep-time: delete versions older than this, e.g. '90D', '6M' (calendar months; always keeps one full backup)")
    .option('--allow-full-removal', 'Duplicati --allow-full-removal: let retention delete the newest version too')
    .option('--calendar <style>', 'calendar GFS policy for comparison: restic (one backup may count for several rules) or borg (it may not); default restic')
    .option('--keep-daily <n>', 'calendar policy: keep the newest backup of each of the last N days')
    .option('--keep-weekly <n>', 'calendar policy: keep the newest backup of each of the last N ISO weeks')
    .option('--keep-monthly <n>', 'calendar policy: keep the newest backup of each of the last N months')
    .option('--daily <n>', 'simulate N backups 24 h apart, starting at --start')
    .option('--start <iso>', `first backup of --daily (or of --explain), ISO-8601 UTC, e.g. 2026-01-01T02:00:00Z (default ${DEFAULT_START})`)
    .option('--times <file>', "read backup start times from a file ('-' = standard input): one ISO-8601 UTC timestamp per line, ascending")
    .option('--partial <file>', 'file of timestamps (one per line) of backups that were interrupted (partial versions)')
    .option('--run-minutes <m>', 'retention runs M minutes after each backup starts (its "now")', '0')
    .option('--json', 'print {"policy", "kept" (newest first), "deletedCount"} as JSON')
    .option('--explain', 'for daily backups under these rules: steady-state live versions and how long a version lives')
    .addHelpText(
      'after',
      `
Examples:
  tierwise retention --policy 7D:1D,4W:1W,12M:1M --daily 400 --start 2026-01-01T02:00:00Z
  tierwise retention --policy 7D:1D,4W:1W,12M:1M --times backups.txt --run-minutes 20
  tierwise retention --policy 7D:1D,4W:1W,12M:1M --explain
  tierwise retention --calendar borg --keep-daily 7 --keep-weekly 4 --keep-monthly 12 --explain`,
    )
    .action(async (flags: RetentionFlags) => {
      const issues: InputIssue[] = [];
      const rules = collect(issues, () => retentionRules(flags));
      const runDelaySec = collect(issues, () => parseNumberFlag('--run-minutes', flags.runMinutes, { min: 0 }) * 60);
      if (flags.explain) {
        for (const flag of ['daily', 'times', 'partial'] as const) {
          if (flags[flag] !== undefined) {
            issues.push({ path: `--${flag}`, message: '--explain simulates its own daily backups; leave this out' });
          }
        }
        const start = collect(issues, () => parseIsoTime('--start', flags.start ?? DEFAULT_START));
        if (issues.length > 0) throw new InputError(issues);
        const state = explainDailyRetention(rules!, { startSec: start!, runDelaySec: runDelaySec! });
        io.stdout.write(flags.json ? explainJson(rules!, state) : explainText(rules!, state, flags.runMinutes));
        return;
      }
      const runs = await collectAsync(issues, () => backupRuns(flags, io));
      if (issues.length > 0) throw new InputError(issues);
      const result = replayRetention(rules!, runs!, { runDelaySec: runDelaySec! });
      const lastBackup = runs![runs!.length - 1]!.time;
      const kept = [...result.kept].reverse();
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({ policy: describeRetention(rules!), kept: kept.map((v) => formatIsoTime(v.time)), deletedCount: result.deleted.length }, null, 2)}\n`,
        );
        return;
      }
      io.stdout.write(
        `retention: ${describeRetention(rules!)}\n${runs!.length} backups, ${result.deleted.length} deleted, ${kept.length} kept (ages at the last backup, ${formatIsoTime(lastBackup)}):\n\n`,
      );
      io.stdout.write(
        renderTable(
          [{ header: 'backup (UTC)' }, { header: 'age (days)', align: 'right' }, { header: 'note' }],
          kept.map((v) => [formatIsoTime(v.time), formatDays((lastBackup - v.time) / SECONDS_PER_DAY), v.partial ? 'partial' : '']),
        ),
      );
    });
}

/** Runs `fn`, moving any input error's issues into `issues` (so every problem is reported at once). */
function collect<T>(issues: InputIssue[], fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    issues.push(...e.issues);
    return undefined;
  }
}

async function collectAsync<T>(issues: InputIssue[], fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    issues.push(...e.issues);
    return undefined;
  }
}

/** The retention options from the flags, compiled (every problem reported at once). */
function retentionRules(flags: RetentionFlags): RetentionRules {
  const issues: InputIssue[] = [];
  let policy: RetentionPolicy | undefined;
  if (flags.policy !== undefined) {
    try {
      policy = parseRetentionPolicy(flags.policy, flags.legacyMonths ? 'legacy' : 'current');
    } catch (e) {
      if (!(e instanceof PolicySyntaxError)) throw e;
      issues.push({ path: '--policy', message: e.message, value: flags.policy });
    }
  } else if (flags.legacyMonths) {
    issues.push({ path: '--legacy-months', message: 'applies to --policy only; give --policy or leave this out' });
  }
  const count = (flag: string, raw: string | undefined, min: number) =>
    raw === undefined ? undefined : collect(issues, () => parseNumberFlag(flag, raw, { integer: true, min }));
  const keepVersions = count('--keep-versions', flags.keepVersions, 1);
  const wantsCalendar = [flags.calendar, flags.keepDaily, flags.keepWeekly, flags.keepMonthly].some((f) => f !== undefined);
  let calendar: CalendarRetention | undefined;
  if (wantsCalendar) {
    const before = issues.length;
    const style = collect(issues, () => parseEnumFlag('--calendar', flags.calendar ?? 'restic', ['restic', 'borg'] as const));
    const keepDaily = count('--keep-daily', flags.keepDaily, 0) ?? 0;
    const keepWeekly = count('--keep-weekly', flags.keepWeekly, 0) ?? 0;
    const keepMonthly = count('--keep-monthly', flags.keepMonthly, 0) ?? 0;
    // A flag that did not parse is already reported; compiling without it would only add noise.
    if (issues.length === before) calendar = { style: style!, keepDaily, keepWeekly, keepMonthly };
  }
  if (flags.policy === undefined && flags.keepVersions === undefined && flags.keepTime === undefined && !wantsCalendar) {
    issues.push({
      path: '--policy',
      message: 'give a retention rule: --policy, --keep-versions, --keep-time, or --keep-daily/--keep-weekly/--keep-monthly',
    });
  }
  // Compile what did parse, so its problems are reported together with the flags' own.
  const options: RetentionOptions = {
    ...(policy && { policy }),
    ...(keepVersions !== undefined && { keepVersions }),
    ...(flags.keepTime !== undefined && { keepTime: flags.keepTime }),
    ...(calendar && { calendar }),
    allowFullRemoval: flags.allowFullRemoval ?? false,
  };
  const rules = collect(issues, () =>
    compileRetention(options, {
      policy: '--policy',
      keepVersions: '--keep-versions',
      keepTime: '--keep-time',
      calendar: '--calendar',
      style: '--calendar',
      keepDaily: '--keep-daily',
      keepWeekly: '--keep-weekly',
      keepMonthly: '--keep-monthly',
    }),
  );
  if (issues.length > 0) throw new ScenarioError(issues);
  return rules!;
}

/** The backup runs from --daily/--start or --times, with --partial marking interrupted ones. */
async function backupRuns(flags: RetentionFlags, io: CliIO): Promise<BackupRun[]> {
  if (flags.daily !== undefined && flags.times !== undefined) {
    throw ScenarioError.at('give either --daily (with --start) or --times, not both', '--times', flags.times);
  }
  let times: number[];
  if (flags.times !== undefined) {
    if (flags.start !== undefined) throw ScenarioError.at('--start applies to --daily; --times gives every start time', '--start', flags.start);
    times = (await readTimestamps(io, flags.times, '--times', true)).map((s) => s.time);
  } else if (flags.daily !== undefined) {
    const issues: InputIssue[] = [];
    const n = collect(issues, () => parseNumberFlag('--daily', flags.daily, { integer: true, min: 1, max: MAX_DAILY }));
    const start = collect(issues, () => parseIsoTime('--start', flags.start ?? DEFAULT_START));
    if (issues.length > 0) throw new ScenarioError(issues);
    times = Array.from({ length: n! }, (_, i) => start! + i * SECONDS_PER_DAY);
  } else {
    throw ScenarioError.at('give the backups: --daily N --start <ISO>, or --times <file|->', '--daily');
  }
  const partial = new Set<number>();
  if (flags.partial !== undefined) {
    const known = new Set(times);
    const issues: InputIssue[] = [];
    for (const s of await readTimestamps(io, flags.partial, '--partial', false)) {
      if (!known.has(s.time)) {
        issues.push({ path: '--partial', source: s.source, line: s.line, message: `${formatIsoTime(s.time)} is not one of the backup times` });
      }
      partial.add(s.time);
    }
    if (issues.length > 0) throw new ScenarioError(issues);
  }
  return times.map((time) => ({ time, partial: partial.has(time) }));
}

/** A timestamp read from a file, with where it was. */
interface Stamp {
  readonly time: number;
  readonly source: string;
  readonly line: number;
}

/**
 * One ISO-8601 UTC timestamp per non-blank line of `file` ('-' = stdin), as epoch seconds.
 * Every malformed line is reported with its file and line; with `ascending`, the first
 * timestamp that is not after the one before it is an error.
 */
async function readTimestamps(io: CliIO, file: string, flag: string, ascending: boolean): Promise<Stamp[]> {
  let text: string;
  if (file === '-') {
    text = await io.readStdin();
  } else {
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
      throw ScenarioError.at(`cannot read '${file}': ${reason}`, flag, file);
    }
  }
  const source = file === '-' ? '<stdin>' : file;
  const issues: InputIssue[] = [];
  const stamps: Stamp[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      stamps.push({ time: parseIsoTime(flag, raw), source, line: i + 1 });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues.push(...e.issues.map((issue) => ({ ...issue, source, line: i + 1 })));
    }
  });
  if (issues.length > 0) throw new ScenarioError(issues);
  if (stamps.length === 0) throw ScenarioError.at(`'${source}' has no timestamps (one ISO-8601 UTC timestamp per line)`, flag, file);
  if (ascending) {
    for (let i = 1; i < stamps.length; i++) {
      const [prev, cur] = [stamps[i - 1]!, stamps[i]!];
      if (cur.time <= prev.time) {
        throw new ScenarioError({
          path: flag,
          source,
          line: cur.line,
          message: `${formatIsoTime(cur.time)} is not after ${formatIsoTime(prev.time)} (line ${prev.line}); timestamps must be strictly ascending`,
        });
      }
    }
  }
  return stamps;
}

/** Days with up to three decimals, trailing zeros dropped: 8, 1.5, 0.014. */
function formatDays(days: number): string {
  return String(Math.round(days * 1000) / 1000);
}

function explainText(rules: RetentionRules, s: DailySteadyState, runMinutes: string): string {
  const out: string[] = [`retention: ${describeRetention(rules)}, one full backup every 24 h, retention ${runMinutes} min after each start`];
  if (s.bounded) {
    out.push(
      `steady state: ${s.live.min === s.live.max ? s.live.min : `${s.live.min}–${s.live.max}`} live versions (mean ${s.live.mean.toFixed(2)}), measured over ${s.born} days after a warm-up`,
    );
  } else {
    out.push(
      `no steady state: these rules keep some versions forever (or for over 20 years); after ${s.born} days ${s.live.max} versions are live and the count keeps growing`,
    );
  }
  out.push('', `lifetime of a version (${s.born} born in the window):`, '');
  const rows = s.lifetimes.map((b) => [`${formatDays(b.days)} d`, String(b.versions), `${((100 * b.versions) / s.born).toFixed(1)} %`]);
  if (s.stillLive > 0) rows.push(['kept for good', String(s.stillLive), `${((100 * s.stillLive) / s.born).toFixed(1)} %`]);
  const right = { align: 'right' } as const;
  out.push(renderTable([{ header: 'lifetime', ...right }, { header: 'versions', ...right }, { header: 'share', ...right }], rows).trimEnd(), '');
  if (s.bounded) {
    out.push(`mean lifetime ${s.meanLifetimeDays.toFixed(2)} days: each day's version is stored (and billed) that long on average`);
  }
  return `${out.join('\n')}\n`;
}

function explainJson(rules: RetentionRules, s: DailySteadyState): string {
  return `${JSON.stringify({ policy: describeRetention(rules), ...s }, null, 2)}\n`;
}
