import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const TINY = readFileSync('test/fixtures/scenarios/tiny-fleet.yaml', 'utf8');

function scenarioFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tierwise-')), 'scenario.yaml');
  writeFileSync(path, text);
  return path;
}

describe('tierwise validate', () => {
  it('accepts every reference scenario and says what it notices', async () => {
    const r = await runCli(['validate', 'scenarios/fleet-deep-archive.yaml', 'scenarios/fleet-deep-archive-dblocks-only.yaml', 'scenarios/fleet-ramp-70k.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('scenarios/fleet-deep-archive.yaml: ok (fleet-deep-archive, 36 months from 2027-01, us-east-1)');
    expect(r.stdout).toContain("note: lifecycle rule 'dblocks-to-deep-archive' names each device's folder: S3 needs one rule per device (60,000 rules, 60,000 in all), over S3's limit of 1,000 rules per bucket");
  });

  it('reports invalid lifecycle rules by rule name and path, all at once, exit 2', async () => {
    const bad = TINY.replace(
      'transitions: [{ days: 1, storage_class: DEEP_ARCHIVE }]',
      'transitions: [{ days: 7, storage_class: STANDARD_IA }, { days: 20, storage_class: GLACIER }]\n      expiration_days: 10',
    );
    const path = scenarioFile(bad);
    const r = await runCli(['validate', path]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: ${path}:21: bucket.lifecycle[0].transitions[0].days: rule 'to-deep-archive': a transition to STANDARD_IA needs at least 30 days (got 7)`,
      `error: ${path}:21: bucket.lifecycle[0].transitions: rule 'to-deep-archive': the GLACIER transition (day 20) must come at least 30 days after the STANDARD_IA transition (day 7)`,
      `error: ${path}:22: bucket.lifecycle[0].expiration_days: rule 'to-deep-archive': expiration (day 10) must come after the last transition (day 20)`,
    ]);
  });

  it('reports fleet problems: profile shares, ramp without months, one line each', async () => {
    const bad = TINY.replace('share_pct: 80', 'share_pct: 70').replace('devices: 40', 'devices: 40\n  max_devices: 50');
    const r = await runCli(['validate', scenarioFile(bad)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fleet.profiles: profile shares add up to 90%, not 100%');
    expect(r.stderr).toContain('fleet.ramp_months: ramp_months is required with max_devices');
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('reports a per-device prefix written literally', async () => {
    const bad = TINY.replace('    - id: to-deep-archive\n', '    - id: to-deep-archive\n      filter: { prefix: backups/dev-0001/ }\n');
    const r = await runCli(['validate', scenarioFile(bad)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bucket.lifecycle[0].filter.prefix: 'backups/dev-0001/' names one device's folder");
  });
});
