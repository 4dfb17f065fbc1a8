/**
 * Golden test: scenarios/tally-hybrid-intelligent-tiering.yaml (a one-server S3 bucket plus FSx,
 * VPN, CloudWatch and SNS) with the bundled price book → the committed JSON report and CSV bill
 * lines. Any change in the engine's or the resources' numbers shows up here as a diff to review;
 * regenerate deliberately with UPDATE_GOLDEN=1 npx vitest run test/golden.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { golden } from '../helpers/golden.js';
import { forecast } from '../../src/forecast.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { forecastCsv, forecastJson, forecastTable } from '../../src/report/forecast.js';
import { loadScenario } from '../../src/scenario/load.js';

const SCENARIO = fileURLToPath(new URL('../../scenarios/tally-hybrid-intelligent-tiering.yaml', import.meta.url));

describe('golden: tally-hybrid-intelligent-tiering with the bundled price book', () => {
  it('matches the committed JSON report, CSV bill lines and table', async () => {
    const f = await forecast(loadScenario(SCENARIO), bundledPriceBook(), { threads: 1 });
    golden('tally-hybrid.json', `${JSON.stringify(forecastJson(f), null, 1)}\n`);
    golden('tally-hybrid.csv', forecastCsv(f));
    golden('tally-hybrid.txt', forecastTable(f));
    // Intelligent-Tiering's access tiers split the class: they add up to it every month (they did
    // not when deletes attributed to a merged record's creation day emptied a cohort below its
    // accessed objects: Archive Instant Access showed 0.30 TiB of a 0.14 TiB class).
    for (const m of f.months) {
      const it = m.capacity.INTELLIGENT_TIERING;
      if (!it) continue;
      const tiers = Object.values(it.intTiers ?? {}).reduce((a, g) => a + g, 0);
      expect(tiers).toBeCloseTo(it.storedGiB, 6);
    }
  });
});
