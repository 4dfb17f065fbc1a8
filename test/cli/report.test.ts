/**
 * `tierwise report` and the --html shortcut of simulate and replay: what they write, and that
 * nothing the user has is replaced without --force, refused before the simulation runs.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const TINY = 'test/fixtures/scenarios/tiny-fleet.yaml';
const tmp = () => mkdtempSync(join(tmpdir(), 'tierwise-report-'));

describe('tierwise report', () => {
  it('writes the HTML report (report.html by default, in the working directory)', async () => {
    const dir = tmp();
    const r = await runCli(['report', `${process.cwd()}/${TINY}`, '--months', '1', '--threads', '1'], { cwd: dir });
    expect(r.stderr).toBe('wrote report.html\n');
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h1>tiny-fleet</h1>');
  });

  it('refuses an existing --out or PNG file without --force, before simulating', async () => {
    const dir = tmp();
    const out = join(dir, 'r.html');
    writeFileSync(out, 'mine');
    // 240 months of the tiny fleet would take a long while: the refusal must come first.
    const started = Date.now();
    const refused = await runCli(['report', TINY, '--months', '240', '--out', out]);
    expect(refused.stderr).toBe(`error: --out: '${out}' already exists; add --force to replace it\n`);
    expect(refused.code).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(readFileSync(out, 'utf8')).toBe('mine');

    // One chart file already there is enough to refuse.
    const png = join(dir, 'png');
    mkdirSync(png);
    writeFileSync(join(png, 'devices.png'), 'mine');
    const again = await runCli(['report', TINY, '--months', '240', '--out', join(dir, 'other.html'), '--png', png]);
    expect(again.stderr).toBe(`error: --png: '${join(png, 'devices.png')}' already exists; add --force to replace it\n`);
    expect(again.code).toBe(2);
    expect(existsSync(join(dir, 'other.html'))).toBe(false);

    const forced = await runCli(['report', TINY, '--months', '1', '--threads', '1', '--out', out, '--png', png, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<h1>tiny-fleet</h1>');
    expect(readFileSync(join(png, 'devices.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('bad input: one line, exit code 2', async () => {
    const bad = async (args: string[]) => {
      const r = await runCli(['report', ...args, '--out', join(tmp(), 'r.html')]);
      expect(r.code).toBe(2);
      return r.stderr;
    };
    expect(await bad([TINY, '--months', '0'])).toBe("error: --months: expected an integer ≥ 1 and ≤ 240, got '0'\n");
    expect(await bad(['missing.yaml'])).toBe("error: scenario: no such file 'missing.yaml'\n");
    expect(await bad([TINY, '--threads', 'x'])).toBe("error: --threads: expected an integer ≥ 1 and ≤ 64, got 'x'\n");
  });
});

describe('--html shortcut', () => {
  it('simulate --html writes the report beside the usual output, and refuses an existing file first', async () => {
    const dir = tmp();
    const html = join(dir, 'r.html');
    const r = await runCli(['simulate', TINY, '--months', '1', '--threads', '1', '--html', html]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tiny-fleet: us-east-1, 2027-01 … 2027-01 (1 month)');
    expect(r.stderr).toBe(`wrote ${html}\n`);
    expect(readFileSync(html, 'utf8')).toContain('id="chart-monthly-cost"');
    const refused = await runCli(['simulate', TINY, '--months', '240', '--html', html]);
    expect(refused.stderr).toBe(`error: --html: '${html}' already exists; add --force to replace it\n`);
    expect(refused.code).toBe(2);
  });

  it('replay --html: a report without a devices chart (a replay has no fleet)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.yaml'), 'version: 1\nname: replay-html\nregion: us-east-1\nhorizon: { start_month: 2027-01, months: 2 }\n');
    writeFileSync(join(dir, 'e.csv'), 'time,op,key,size_bytes,count,storage_class,tier,days\n2027-01-01T00:00:00Z,put,a,1073741824,10,,,\n');
    const html = join(dir, 'r.html');
    const r = await runCli(['replay', join(dir, 'e.csv'), '--scenario', join(dir, 's.yaml'), '--html', html]);
    expect(r.stderr).toBe(`wrote ${html}\n`);
    expect(r.code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('id="chart-stored-tib"');
    expect(page).not.toContain('id="chart-devices"');
    writeFileSync(html, 'mine');
    const refused = await runCli(['replay', join(dir, 'e.csv'), '--scenario', join(dir, 's.yaml'), '--html', html]);
    expect(refused.code).toBe(2);
    expect(readFileSync(html, 'utf8')).toBe('mine');
  });
});
