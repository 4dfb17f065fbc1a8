/**
 * Golden test of the dump agent's seed scenario (scenarios/enterprise-tiering-dr.yaml) with the
 * bundled price book: its report as table, CSV and JSON, frozen. Regenerate deliberately with
 * UPDATE_GOLDEN=1 npx vitest run test/golden.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/forecast.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { forecastCsv, forecastJson, forecastTable } from '../../src/report/forecast.js';
import { loadScenario } from '../../src/scenario/load.js';

const SCENARIO = new URL('../../scenarios/enterprise-tiering-dr.yaml', import.meta.url);

function golden(name: string, text: string): void {
  const file = new URL(`./${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI) throw new Error('golden file missing in CI; run UPDATE_GOLDEN=1 npx vitest run test/golden locally');
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('golden: enterprise-tiering-dr (database dumps) with the bundled price book', () => {
  it('matches the committed table, CSV and JSON reports', async () => {
    const sc = loadScenario(fileURLToPath(SCENARIO));
    const f = await forecast(sc, bundledPriceBook(), { threads: 1 });
    golden('enterprise-tiering-dr.txt', forecastTable(f));
    golden('enterprise-tiering-dr.csv', forecastCsv(f));
    golden('enterprise-tiering-dr.json', `${JSON.stringify(forecastJson(f), null, 1)}\n`);
  }, 120_000);
});
