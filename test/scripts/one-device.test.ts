/** scripts/one-device.ts (the engine against the block-level oracle for one device) still runs. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

describe('scripts/one-device.ts', () => {
  it('prints the engine and the oracle side by side', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', `${REPO_ROOT}scripts/one-device.ts`, '1', '1', '60'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/stored dblock GiB-days over the period: engine \d+, oracle \d+/);
  });
});
