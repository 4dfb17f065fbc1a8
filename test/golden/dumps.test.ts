/**
 * Golden tests of the dump agent's seed scenarios (scenarios/enterprise-tiering-dr.yaml,
 * scenarios/db-dumps-gfs.yaml) with the bundled price book: each report as table, CSV and JSON,
 * frozen. Regenerate deliberately with UPDATE_GOLDEN=1 npx vitest run test/golden.
 */
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { golden } from '../helpers/golden.js';
import { forecast } from '../../src/forecast.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { forecastCsv, forecastJson, forecastTable } from '../../src/report/forecast.js';
import { loadScenario } from '../../src/scenario/load.js';

for (const name of ['enterprise-tiering-dr', 'db-dumps-gfs']) {
  describe(`golden: ${name} (database dumps) with the bundled price book`, () => {
    it('matches the committed table, CSV and JSON reports', async () => {
      const sc = loadScenario(fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url)));
      const f = await forecast(sc, bundledPriceBook(), { threads: 1 });
      golden(`${name}.txt`, forecastTable(f));
      golden(`${name}.csv`, forecastCsv(f));
      golden(`${name}.json`, `${JSON.stringify(forecastJson(f), null, 1)}\n`);
    }, 600_000);
  });
}
