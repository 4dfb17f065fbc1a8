/**
 * Study: one device, engine against the block-level oracle, day by day.
 *
 * The fleet engine keeps volumes in groups with closed-form survival; the oracle in test/oracle
 * tracks every block. This prints both for one device so you can see where they agree (stored
 * bytes over time, which is what is billed) and where they differ (the exact day a compaction
 * happens: the engine's expected-value device compacts on one day, real devices scatter).
 *
 *   npx tsx scripts/one-device.ts [protectedGiB] [dailyChangePct] [days]
 */
import { simulateOneDevice } from '../src/agent/single-device.js';
import { parseRetentionPolicy } from '../src/retention/policy.js';
import { renderTable } from '../src/report/table.js';
import { meanOverSeeds } from '../test/oracle/mean.js';
import { agentOptions, dailyBackupTimes } from '../test/oracle/params.js';

const protectedGiB = Number(process.argv[2] ?? 4);
const change = Number(process.argv[3] ?? 2);
const days = Number(process.argv[4] ?? 400);
const data = { protectedGiB, growthPctPerMonth: 1, dailyChangePct: change, hotSetPct: 10, hotChangeSharePct: 80, compressionRatio: 0.7, filesPerGiB: 2500 };
const agent = agentOptions({ policy: parseRetentionPolicy('7D:1D,4W:1W,12M:1M') });
const day0 = Date.UTC(2027, 0, 1) / 1000;
const backupTimes = dailyBackupTimes({ day0, days, secondOfDay: 3600, jitterSec: 600, missedPct: 5, seed: 1 });
const input = { data, agent, backupTimes, runDelaySec: 1200, days };

const engine = simulateOneDevice(input);
const oracle = meanOverSeeds({ ...input, seed: 0 }, [1, 2, 3, 4]);
const mib = (b: number) => (b / 2 ** 20).toFixed(0);
const rows: string[][] = [];
for (let d = 0; d < days; d += Math.ceil(days / 20)) {
  const e = engine[d]!;
  const o = oracle[d]!;
  rows.push([String(d), mib(e.stored.dblockBytes), mib(o.stored.dblockBytes), e.objects.dblock.toFixed(0), o.objects.dblock.toFixed(0), String(e.puts), o.puts.toFixed(0), String(e.compactions), o.compactions.toFixed(1)]);
}
const gibDays = (xs: { stored: { dblockBytes: number } }[]) => xs.reduce((a, x) => a + x.stored.dblockBytes / 2 ** 30, 0);
console.log(`One device: ${protectedGiB} GiB, ${change} %/day changed, 7D:1D,4W:1W,12M:1M, ${days} days (oracle: mean of 4 seeds)\n`);
console.log(renderTable(
  ['day', 'engine MiB', 'oracle MiB', 'engine dblocks', 'oracle dblocks', 'engine PUTs', 'oracle PUTs', 'engine compactions', 'oracle compactions'].map((header, k) => ({ header, align: k === 0 ? ('left' as const) : ('right' as const) })),
  rows,
));
console.log(`stored dblock GiB-days over the period: engine ${gibDays(engine).toFixed(0)}, oracle ${gibDays(oracle).toFixed(0)}`);
