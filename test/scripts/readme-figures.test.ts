/**
 * scripts/readme-figures.ts on something fast: one month of the tiny test fleet, measured
 * in-process, rewritten into the real README's text. The 36-month reference runs are the lead's
 * to make; this checks that every marker is found and filled, and that nothing else moves.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
import { measure, replaceBetween, rewriteReadme, type Machine } from '../../scripts/readme-figures.js';
import { REPO_ROOT } from '../helpers/cli.js';

const MACHINE: Machine = { date: '2026-11-29', node: 'v20.19.0', cores: 2, cpu: 'Test CPU' };
const README = readFileSync(`${REPO_ROOT}README.md`, 'utf8');
const MARKERS = ['example', 'table', 'verification', 'quickstart-time'];

/** The README with every marked region emptied: what must not change. */
const unmarked = (text: string) => MARKERS.reduce((t, m) => replaceBetween(t, m, '', true), text);

describe('scripts/readme-figures.ts', () => {
  it('fills every marked figure of the README from the runs and leaves the rest alone', async () => {
    const run = await measure(lib, 'test/fixtures/scenarios/tiny-fleet.yaml', 'forty test devices', 1);
    expect(run.months).toBe(1);
    expect(run.total).toBeGreaterThan(0);
    expect(run.verification).toBeGreaterThan(0);
    const out = rewriteReadme(README, [run, run], MACHINE);

    expect(unmarked(out)).toBe(unmarked(README));
    expect(out).toContain('| scenario | what it is | 1-month total | stored at the end | run time |');
    expect(out).toContain(`| \`tiny-fleet.yaml\` | forty test devices | $${Math.round(run.total).toLocaleString('en-US')} |`);
    expect(out).toContain('Measured 2026-11-29 by `scripts/readme-figures.ts` (1 month, bundled prices, list prices) with Node v20.19.0 on 2 cores (Test CPU).');
    expect(out).toMatch(/<!-- readme-figures:example -->\n```text\ntiny-fleet: us-east-1, 2027-01 … 2027-01 \(1 month\)\n/);
    expect(out).toMatch(/\n\.\.\.\nFindings:\n {2}- /);
    expect(out).toMatch(/<!-- readme-figures:verification -->\$0\.00M of the \$0\.00M<!-- \/readme-figures:verification -->/);
    expect(out).toMatch(/<!-- readme-figures:quickstart-time -->\d+ s measured on 2 cores<!-- \/readme-figures:quickstart-time -->/);
    // Rewriting again changes nothing but the figures: the markers survive.
    expect(rewriteReadme(out, [run], MACHINE)).toContain('<!-- /readme-figures:table -->');
  });

  it('refuses a README without its markers', () => {
    expect(() => replaceBetween('no markers here', 'table', 'x')).toThrow('README has no <!-- readme-figures:table --> … <!-- /readme-figures:table --> markers');
  });
});
