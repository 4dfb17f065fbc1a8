import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

function runNotebook(name: string, args: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${REPO_ROOT}notebooks/${name}`, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('notebooks still run', () => {
  it('compare-designs prints a cost per device-month for every reference design', () => {
    const out = runNotebook('compare-designs.ts', ['60', '3']);
    for (const name of ['fleet-deep-archive', 'fleet-deep-archive-dblocks-only', 'fleet-ramp-70k']) expect(out).toMatch(new RegExp(`^${name} .*\\$\\d`, 'm'));
  });

  it('one-device prints the engine and the oracle side by side', () => {
    const out = runNotebook('one-device.ts', ['1', '1', '60']);
    expect(out).toMatch(/stored dblock GiB-days over the period: engine \d+, oracle \d+/);
  });
});
