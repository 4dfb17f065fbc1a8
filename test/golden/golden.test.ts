/**
 * Golden test: a scenario and a frozen dated price book → committed expected report. Any change
 * in the engine's numbers shows up here as a diff to review; regenerate deliberately with
 * UPDATE_GOLDEN=1 npx vitest run test/golden.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/forecast.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { forecastJson } from '../../src/report/forecast.js';
import { tinyFleet } from '../fleet/helpers.js';

const GOLDEN = new URL('./tiny-fleet.json', import.meta.url);

describe('golden: tiny-fleet with the bundled price book', () => {
  it('matches the committed report', async () => {
    const f = await forecast(tinyFleet(), bundledPriceBook(), { threads: 1 });
    const text = `${JSON.stringify(forecastJson(f), null, 1)}\n`;
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) {
      if (process.env.CI) throw new Error('golden file missing in CI; run UPDATE_GOLDEN=1 npx vitest run test/golden locally');
      writeFileSync(GOLDEN, text);
    }
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
