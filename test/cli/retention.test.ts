import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';

const POLICY = '7D:1D,4W:1W,12M:1M';

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tierwise-retention-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function isoDays(start: string, days: number, stepSec = 86_400): string[] {
  const t0 = Date.parse(start);
  return Array.from({ length: days }, (_, i) => new Date(t0 + i * stepSec * 1000).toISOString().replace('.000Z', 'Z'));
}

describe('tierwise retention', () => {
  it('replays daily backups and lists the survivors newest first with their ages (worked by hand from the rules of Duplicati DeleteHandler.cs)', async () => {
    const r = await runCli(['retention', '--policy', POLICY, '--daily', '400', '--start', '2026-01-01T02:00:00Z']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`retention: ${POLICY}`);
    expect(lines[1]).toBe('400 backups, 380 deleted, 20 kept (ages at the last backup, 2027-02-04T02:00:00Z):');
    const rows = lines.slice(5).filter((l) => l.trim() !== '');
    expect(rows).toHaveLength(20);
    expect(rows[0]).toMatch(/^2027-02-04T02:00:00Z\s+0$/);
    const ages = rows.map((l) => Number(l.trim().split(/\s+/)[1]));
    expect(ages.slice(0, 11)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 14, 21, 28]);
    // Monthly survivors 35 days apart.
    const monthly = ages.slice(11);
    for (let i = 1; i < monthly.length; i++) expect(monthly[i]! - monthly[i - 1]!).toBe(35);
  });

  it('--json prints the policy, the kept timestamps newest first and the deleted count', async () => {
    const r = await runCli(['retention', '--policy', '2D:U', '--daily', '5', '--start', '2026-01-01', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      policy: '2D:U',
      kept: ['2026-01-05T00:00:00Z', '2026-01-04T00:00:00Z', '2026-01-03T00:00:00Z'],
      deletedCount: 2,
    });
  });

  it('--times reads one timestamp per line (blank lines ignored), from a file or stdin', async () => {
    const times = `${isoDays('2026-01-01T02:00:00Z', 10).join('\n')}\n\n`;
    const dir = workdir({ 'times.txt': times });
    const fromFile = await runCli(['retention', '--policy', '3D:U', '--times', 'times.txt', '--json'], { cwd: dir });
    const fromStdin = await runCli(['retention', '--policy', '3D:U', '--times', '-', '--json'], { stdin: times });
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout).kept).toEqual(isoDays('2026-01-07T02:00:00Z', 4).reverse());
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it('--run-minutes moves retention after the start: the 3-day-old version falls out of a 3D frame', async () => {
    const base = ['retention', '--policy', '3D:U', '--daily', '10', '--start', '2026-01-01T02:00:00Z', '--json'];
    const at0 = JSON.parse((await runCli(base)).stdout);
    const at20 = JSON.parse((await runCli([...base, '--run-minutes', '20'])).stdout);
    expect(at0.kept).toHaveLength(4);
    expect(at20.kept).toHaveLength(3);
  });

  it('--legacy-months reads 12M as 365 days', async () => {
    const base = ['retention', '--policy', '12M:U', '--daily', '400', '--start', '2026-01-01', '--json'];
    expect(JSON.parse((await runCli(base)).stdout).kept).toHaveLength(361);
    const legacy = JSON.parse((await runCli([...base, '--legacy-months'])).stdout);
    expect(legacy.kept).toHaveLength(366);
    expect(legacy.policy).toBe('12M:U (legacy months)');
  });

  it('--partial marks interrupted backups, which a policy band keeps', async () => {
    // Hourly backups under 1D:1D keep the oldest full one of the band; the partial ones stay too.
    const times = isoDays('2026-01-01T00:00:00Z', 10, 3600);
    const dir = workdir({ 'times.txt': times.join('\n'), 'partial.txt': `${times[3]}\n${times[5]}\n` });
    const r = await runCli(['retention', '--policy', '1D:1D', '--times', 'times.txt', '--partial', 'partial.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('10 backups, 6 deleted, 4 kept');
    const rows = r.stdout.split('\n').slice(5, 9).map((l) => l.trim().split(/\s+/));
    expect(rows).toEqual([
      [times[9], '0'],
      [times[5], '0.167', 'partial'],
      [times[3], '0.25', 'partial'],
      [times[0], '0.375'],
    ]);
  });

  it('keep-versions, keep-time and a calendar policy work on their own', async () => {
    const daily = ['--daily', '60', '--start', '2026-01-01', '--json'];
    const kv = JSON.parse((await runCli(['retention', '--keep-versions', '5', ...daily])).stdout);
    expect(kv).toMatchObject({ policy: 'keep-versions 5', deletedCount: 55 });
    const kt = JSON.parse((await runCli(['retention', '--keep-time', '1W', ...daily])).stdout);
    expect(kt.kept).toHaveLength(8);
    const borg = JSON.parse((await runCli(['retention', '--calendar', 'borg', '--keep-daily', '3', '--keep-weekly', '2', ...daily])).stdout);
    expect(borg.policy).toBe('borg keep-daily 3, keep-weekly 2, keep-monthly 0');
    expect(borg.kept).toEqual(['2026-03-01T00:00:00Z', '2026-02-28T00:00:00Z', '2026-02-27T00:00:00Z', '2026-02-22T00:00:00Z', '2026-02-15T00:00:00Z']);
  });

  it('--explain prints the steady state and the lifetime distribution for daily backups', async () => {
    const r = await runCli(['retention', '--policy', POLICY, '--explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('steady state: 20–21 live versions');
    expect(r.stdout).toMatch(/^\s+8 d\s+626\s+85\.8 %$/m);
    expect(r.stdout).toMatch(/^\s+29 d\s+83\s+11\.4 %$/m);
    expect(r.stdout).toMatch(/^\s+361 d\s+21\s+2\.9 %$/m);
    expect(r.stdout).toMatch(/mean lifetime 20\.5\d days/);
    const json = JSON.parse((await runCli(['retention', '--policy', POLICY, '--explain', '--json'])).stdout);
    expect(json.policy).toBe(POLICY);
    expect(json.lifetimes.map((b: { days: number }) => b.days)).toEqual([8, 29, 361]);
  });

  it('--explain says when there is no steady state', async () => {
    const r = await runCli(['retention', '--policy', '7D:U,U:1W', '--explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no steady state');
    expect(r.stdout).toMatch(/kept for good\s+105\s+14\.4 %/);
  });

  it('--help describes every option', async () => {
    const r = await runCli(['retention', '--help']);
    expect(r.code).toBe(0);
    const flags = [
      '--policy', '--legacy-months', '--keep-versions', '--keep-time', '--allow-full-removal', '--calendar', '--keep-daily',
      '--keep-weekly', '--keep-monthly', '--daily', '--start', '--times', '--partial', '--run-minutes', '--json', '--explain',
    ];
    // Each option's help: from its flag to the next option (help text wraps over lines).
    const options = r.stdout.slice(r.stdout.indexOf('Options:'), r.stdout.indexOf('Examples:'));
    const blocks = options.split(/\n(?=\s+-)/);
    for (const flag of flags) {
      const block = blocks.find((b) => b.trimStart().startsWith(flag));
      expect(block, flag).toBeDefined();
      const help = block!.replace(/^\s*--[\w-]+( <[^>]+>)?/, '').trim();
      expect(help.split(/\s+/).length, flag).toBeGreaterThan(4);
    }
  });

  describe('errors: one line each, exit code 2', () => {
    const err = async (args: string[], opts: Parameters<typeof runCli>[1] = {}) => {
      const r = await runCli(['retention', ...args], opts);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      return r.stderr.trimEnd().split('\n');
    };

    it('a malformed policy names the bad part and the allowed units', async () => {
      expect(await err(['--policy', '7d:1D', '--daily', '3', '--start', '2026-01-01'])).toEqual([
        "error: --policy: unknown unit 'd' in '7d:1D' (units: s m h D W M Y)",
      ]);
      expect(await err(['--policy', '7D', '--daily', '3', '--start', '2026-01-01'])).toEqual([
        "error: --policy: '7D' in '7D' is not a timeframe:interval pair (missing ':'; e.g. 7D:1D)",
      ]);
    });

    it('a malformed timestamp in --times names the file and line; every bad line is reported', async () => {
      const dir = workdir({ 't.txt': '2026-01-01T00:00:00Z\n2026-01-0x\n\n2026-13-01T00:00:00Z\n' });
      expect(await err(['--policy', POLICY, '--times', 't.txt'], { cwd: dir })).toEqual([
        "error: t.txt:2: --times: '2026-01-0x' is not an ISO-8601 UTC timestamp (e.g. 2026-01-01T02:00:00Z)",
        "error: t.txt:4: --times: '2026-13-01T00:00:00Z' is not a valid date",
      ]);
    });

    it('timestamps not ascending give one clear error', async () => {
      const dir = workdir({ 't.txt': '2026-01-01T00:00:00Z\n2026-01-03T00:00:00Z\n2026-01-02T00:00:00Z\n2026-01-01T12:00:00Z\n' });
      expect(await err(['--policy', POLICY, '--times', 't.txt'], { cwd: dir })).toEqual([
        'error: t.txt:3: --times: 2026-01-02T00:00:00Z is not after 2026-01-03T00:00:00Z (line 2); timestamps must be strictly ascending',
      ]);
    });

    it('a --partial timestamp that is not a backup time, and a missing file', async () => {
      const dir = workdir({ 'p.txt': '2026-01-02T12:00:00Z\n' });
      expect(await err(['--policy', POLICY, '--daily', '3', '--start', '2026-01-01', '--partial', 'p.txt'], { cwd: dir })).toEqual([
        'error: p.txt:1: --partial: 2026-01-02T12:00:00Z is not one of the backup times',
      ]);
      expect(await err(['--policy', POLICY, '--times', 'missing.txt'], { cwd: dir })).toEqual([
        "error: --times: cannot read 'missing.txt': no such file",
      ]);
    });

    it('reports every bad flag at once', async () => {
      expect(await err(['--policy', '7D:1X', '--keep-versions', '0', '--keep-time', '5x', '--daily', 'x', '--start', 'y'])).toEqual([
        "error: --policy: unknown unit 'X' in '7D:1X' (units: s m h D W M Y)",
        "error: --keep-versions: expected an integer ≥ 1, got '0'",
        "error: --keep-time: unknown unit 'x' in '5x' (units: s m h D W M Y)",
        "error: --daily: expected an integer ≥ 1 and ≤ 36600, got 'x'",
        "error: --start: 'y' is not an ISO-8601 UTC timestamp (e.g. 2026-01-01T02:00:00Z)",
      ]);
    });

    it('--daily without --start starts at 2026-01-01T00:00:00Z', async () => {
      const r = await runCli(['retention', '--policy', POLICY, '--daily', '3', '--json']);
      expect(r.code).toBe(0);
      const withStart = await runCli(['retention', '--policy', POLICY, '--daily', '3', '--start', '2026-01-01T00:00:00Z', '--json']);
      expect(r.stdout).toBe(withStart.stdout);
      expect(r.stdout).toContain('2026-01-03T00:00:00Z');
    });

    it('missing rules or backups, and conflicting choices', async () => {
      expect(await err(['--daily', '3', '--start', '2026-01-01'])).toEqual([
        'error: --policy: give a retention rule: --policy, --keep-versions, --keep-time, or --keep-daily/--keep-weekly/--keep-monthly',
      ]);
      expect(await err(['--policy', POLICY])).toEqual(['error: --daily: give the backups: --daily N --start <ISO>, or --times <file|->']);
      expect(await err(['--policy', POLICY, '--keep-daily', '7', '--daily', '3', '--start', '2026-01-01'])).toEqual([
        'error: --calendar: a calendar policy cannot be combined with --policy, --keep-versions or --keep-time (choose one model)',
      ]);
      expect(await err(['--policy', POLICY, '--explain', '--daily', '3'])).toEqual([
        'error: --daily: --explain simulates its own daily backups; leave this out',
      ]);
      expect(await err(['--keep-versions', '3', '--legacy-months', '--daily', '3', '--start', '2026-01-01'])).toEqual([
        'error: --legacy-months: applies to --policy only; give --policy or leave this out',
      ]);
    });
  });

  it('exits 2 with one line for a malformed policy as a real process', () => {
    const r = spawnCli(['retention', '--policy', '7D:1D,4W', '--daily', '3', '--start', '2026-01-01']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: --policy: '4W' in '7D:1D,4W' is not a timeframe:interval pair (missing ':'; e.g. 7D:1D)\n");
  });

  it('exits 2 for a malformed --times line read from standard input as a real process', () => {
    const r = spawnCli(['retention', '--policy', POLICY, '--times', '-'], { stdin: '2026-01-01T00:00:00Z\nnot a time\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: <stdin>:2: --times: 'not a time' is not an ISO-8601 UTC timestamp (e.g. 2026-01-01T02:00:00Z)\n");
  });
});
