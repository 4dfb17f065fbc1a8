/**
 * Verification samples by storage class (Duplicati/Library/Main/Operation/TestHandler.cs and the S3
 * backend's --s3-archive-classes option): Duplicati 2.2 skips objects the listing shows in
 * GLACIER_IR, GLACIER or DEEP_ARCHIVE; before 2.2 it tries them. Intelligent-Tiering's
 * archive tiers are listed as INTELLIGENT_TIERING, so 2.2 tries those and the GETs fail.
 */
import { describe, expect, it } from 'vitest';
import { monthFindings } from '../../src/fleet/findings.js';
import { simulateFleet } from '../../src/fleet/simulate.js';
import { tinyFleet } from './helpers.js';

type Edit = Parameters<typeof tinyFleet>[0];

async function run(version: 'current' | 'legacy', edit: Edit) {
  const sc = tinyFleet((f) => {
    f.agent.version = version;
    f.agent.auto_compact = false;
    f.fleet!.retire_pct_per_year = 0;
    f.restores = { ...f.restores!, devices_pct_per_month: 0 };
    edit?.(f);
  });
  const r = await simulateFleet(sc, { threads: 1 });
  const lines = r.meter.lines();
  const sumOf = (usageType: string, cause?: string) => lines.filter((l) => (!cause || l.cause === cause) && l.usageType === usageType).reduce((a, l) => a + l.quantity, 0);
  const verification = (usageType: string) => sumOf(usageType, 'verification');
  const failures = r.findings.verificationFailures.reduce((a, b) => a + b, 0);
  return { sc, r, verification, sumOf, failures };
}

const toGlacierIr: Edit = (f) => {
  f.bucket.lifecycle[0]!.transitions[0] = { days: 1, storage_class: 'GLACIER_IR' };
};

describe('verification by storage class', () => {
  it('2.2 never reads an object listed in GLACIER_IR; before 2.2 it reads them (S3 serves GLACIER_IR)', async () => {
    const current = await run('current', toGlacierIr);
    expect(current.verification('Requests-GIR-Tier2')).toBe(0);
    // Nothing else reads here (no restores, no compaction): retrieval fees come from verification.
    expect(current.sumOf('Retrieval-GIR')).toBe(0);
    expect(current.verification('Requests-Tier2')).toBeGreaterThan(0); // what was written today
    const legacy = await run('legacy', toGlacierIr);
    expect(legacy.verification('Requests-GIR-Tier2')).toBeGreaterThan(0);
    expect(legacy.sumOf('Retrieval-GIR')).toBeGreaterThan(0);
    expect(legacy.failures).toBe(0);
  });

  it('2.2 tries objects in an Intelligent-Tiering archive tier, and the GETs fail (a finding)', async () => {
    const toInt: Edit = (f) => {
      // Enough samples that a day's upload does not cover them, so older volumes are read too.
      f.agent.backup_test_percentage_pct = 5;
      f.bucket.lifecycle[0]!.transitions[0] = { days: 0, storage_class: 'INTELLIGENT_TIERING' };
      f.bucket.intelligent_tiering = { archive_access_days: 90 };
    };
    const current = await run('current', toInt);
    expect(current.failures).toBeGreaterThan(0);
    expect(current.r.findings.archivedGetAttempts.reduce((a, b) => a + b, 0)).toBe(6 * current.failures);
    const month = current.r.findings.verificationFailures.findIndex((x) => x > 0);
    const finding = monthFindings(current.sc, current.r, month, 0).find((x) => x.kind === 'verification-failed');
    expect(finding?.message).toMatch(/Intelligent-Tiering archive tier/);
  });

  it('2.2 skips DEEP_ARCHIVE objects without a GET; before 2.2 each one fails after 6 attempts', async () => {
    const current = await run('current', undefined);
    expect(current.failures).toBe(0);
    expect(current.verification('Requests-GDA-Tier2')).toBe(0);
    const legacy = await run('legacy', undefined);
    expect(legacy.failures).toBeGreaterThan(0);
    expect(legacy.verification('Requests-GDA-Tier2')).toBeCloseTo(6 * legacy.failures, 6);
  });
});
