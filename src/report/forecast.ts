/**
 * A forecast rendered for people and programs: a month-by-month table (cost by cause, stored
 * TiB and objects, devices, findings), every bill line as CSV, or JSON. Money stays Decimal
 * until here; tables round to cents, CSV and JSON keep full precision as strings.
 */
import type { BillLine } from '../billing/bill.js';
import { Dec, sum } from '../pricing/decimal.js';
import type { Forecast, ForecastMonth, ForecastSample } from '../forecast.js';
import type { RestoreEventResult } from '../restore/events.js';
import type { Capacity } from '../storage/ledger.js';
import { INT_TIERS, STORAGE_CLASSES, type IntTier } from '../storage/classes.js';
import { TIB_IN_GIB } from '../units.js';
import { serviceOf, type Cause } from '../usage/usage-line.js';
import { formatCount, formatDataSize, formatMoney, formatNumber } from './money.js';
import { renderTable, type Column } from './table.js';

/**
 * Cost columns of the monthly table: causes grouped as a bill reader thinks of them. Requests and
 * egress are charged to what caused them (verification, compaction, restores), so a column
 * answers "what does this activity cost"; columns that stay zero are left out.
 */
export const COST_GROUPS: readonly { readonly header: string; readonly causes: readonly Cause[] }[] = [
  { header: 'storage', causes: ['storage'] },
  { header: 'overhead', causes: ['overhead'] },
  { header: 'early delete', causes: ['early-delete'] },
  { header: 'transitions', causes: ['transition'] },
  { header: 'backup requests', causes: ['put', 'get', 'list'] },
  { header: 'verification', causes: ['verification'] },
  { header: 'compaction', causes: ['compaction'] },
  { header: 'restores', causes: ['restore', 'retrieval', 'restored-copy'] },
  // Replication's own charges (transfer, RTC, the replica PUTs); the replicas' storage is under storage.
  { header: 'replication', causes: ['replication'] },
  { header: 'other', causes: ['egress', 'monitoring'] },
  // The priced resources beyond S3 (src/resources/), after the bucket's groups so its colours hold.
  { header: 'EBS snapshots', causes: ['snapshot'] },
  { header: 'KMS', causes: ['encryption'] },
  { header: 'CloudTrail', causes: ['audit'] },
  { header: 'alerts', causes: ['alerting'] },
  { header: 'VPN', causes: ['network'] },
  { header: 'FSx', causes: ['file-storage'] },
];

export const costOf = (lines: readonly BillLine[], causes: readonly Cause[]): Dec => sum(lines.filter((l) => causes.includes(l.usage.cause)).map((l) => l.cost));

/**
 * How one scenario's forecast moves from price book a to price book b (the same simulated
 * usage, priced twice): per cost group and in total, with the change in percent.
 */
export function forecastDeltaTable(a: Forecast, b: Forecast): string {
  const linesA = a.months.flatMap((m) => m.lines);
  const linesB = b.months.flatMap((m) => m.lines);
  const row = (label: string, x: Dec, y: Dec) => [label, formatMoney(x), formatMoney(y), formatMoney(y.minus(x)), x.isZero() ? '' : `${y.minus(x).div(x).times(100).toFixed(2)}%`];
  const rows = COST_GROUPS.map((g) => row(g.header, costOf(linesA, g.causes), costOf(linesB, g.causes))).filter((r) => r[1] !== '$0.00' || r[2] !== '$0.00');
  const columns: Column[] = [{ header: 'cost' }, { header: a.priceBook.id, align: 'right' }, { header: b.priceBook.id, align: 'right' }, { header: 'change', align: 'right' }, { header: '%', align: 'right' }];
  return renderTable(columns, rows, { totals: [row('total', a.total, b.total)] });
}

export function capacityTotals(c: Capacity): { gib: number; objects: number } {
  let gib = 0;
  let objects = 0;
  for (const e of Object.values(c)) {
    gib += e.storedGiB + e.noncurrentGiB;
    objects += e.objects + e.noncurrentObjects;
  }
  return { gib, objects };
}

/** The price book line every report carries. */
export function priceBookLine(f: Forecast): string {
  const p = f.priceBook.provenance;
  return `prices: ${f.priceBook.id} (${p.source}, ${p.date})${p.notes.length > 0 ? ` — ${p.notes.length} note(s), see \`tierwise prices show ${f.priceBook.id}\`` : ''}`;
}

export function forecastTable(f: Forecast): string {
  const sc = f.scenario;
  const first = f.months[0]?.month ?? '';
  const last = f.months[f.months.length - 1]?.month ?? '';
  const replica = sc.replication?.destinationRegion;
  const columns: Column[] = [
    { header: 'month' },
    { header: 'devices', align: 'right' },
    { header: 'stored TiB', align: 'right' },
    { header: 'objects', align: 'right' },
    { header: `replica TiB (${replica ?? ''})`, align: 'right' },
    ...COST_GROUPS.map((g) => ({ header: g.header, align: 'right' as const })),
    { header: 'total', align: 'right' },
  ];
  const used = COST_GROUPS.map((g) => f.months.some((m) => !costOf(m.lines, g.causes).isZero()));
  // Month, stored TiB, objects and the total always; devices when there is a fleet (not for a
  // replay); the replica's stored TiB when the scenario replicates; a cost column only if it is
  // ever non-zero.
  const fleet = f.months.some((m) => m.devices > 0);
  const keep = <T>(cells: readonly T[]) => cells.filter((_, k) => (k === 1 ? fleet : k === 4 ? replica !== undefined : k < 4 || k === cells.length - 1 || used[k - 5]));
  const rows = f.months.map((m) => {
    const cap = capacityTotals(m.capacity);
    const rep = capacityTotals((replica && m.capacityByRegion[replica]) || {});
    return keep([
      m.month,
      formatNumber(m.devices, { maxDecimals: 0 }),
      formatNumber(cap.gib / TIB_IN_GIB, { maxDecimals: 1, minDecimals: 1 }),
      formatNumber(cap.objects, { maxDecimals: 0 }),
      formatNumber(rep.gib / TIB_IN_GIB, { maxDecimals: 1, minDecimals: 1 }),
      ...COST_GROUPS.map((g) => formatMoney(costOf(m.lines, g.causes))),
      withSE(m.total, m.se?.total),
    ]);
  });
  const all = f.months.flatMap((m) => m.lines);
  const totals = [keep(['total', '', '', '', '', ...COST_GROUPS.map((g) => formatMoney(costOf(all, g.causes))), withSE(f.total, f.sample?.totalSE)])];
  const out: string[] = [
    `${sc.name}: ${sc.region}${replica ? ` (replicated to ${replica})` : ''}, ${first} … ${last} (${formatCount(f.months.length, 'month')})`,
    priceBookLine(f),
    ...(f.sample ? [sampleLine(f.sample)] : []),
    '',
    renderTable(keep(columns), rows, { totals }),
  ];
  const end = f.months[f.months.length - 1];
  if (end) out.push(`Stored at the end of ${end.month}${replica ? ` in ${sc.region}` : ''}:`, capacityTable(end.capacity));
  if (end && replica) out.push(`Stored at the end of ${end.month} in ${replica} (replica):`, capacityTable(end.capacityByRegion[replica] ?? {}));
  if (hasServices(f)) out.push('Cost by service:', serviceTable(f));
  if (f.restoreEvents.length > 0) out.push('Restore events:', restoreEventsTable(f), '');
  const findings = findingLines(f);
  if (findings.length > 0) out.push('Findings:', ...findings.map((l) => `  - ${l}`), '');
  return out.join('\n');
}

/** Whether any line is billed under a service other than the bucket's (a scenario with resources). */
const hasServices = (f: Forecast) => f.months.some((m) => m.lines.some((l) => l.usage.service !== undefined));

/** Cost per Price List service code over the horizon, largest first. */
export function serviceTotals(f: Forecast): { readonly service: string; readonly cost: Dec }[] {
  const totals = new Map<string, Dec>();
  for (const m of f.months) for (const l of m.lines) totals.set(serviceOf(l.usage), (totals.get(serviceOf(l.usage)) ?? new Dec(0)).plus(l.cost));
  return [...totals].map(([service, cost]) => ({ service, cost })).sort((a, b) => b.cost.comparedTo(a.cost) || a.service.localeCompare(b.service));
}

function serviceTable(f: Forecast): string {
  const rows = serviceTotals(f).map((t) => [t.service, formatMoney(t.cost), f.total.isZero() ? '' : `${t.cost.div(f.total).times(100).toFixed(1)}%`]);
  return renderTable([{ header: 'service' }, { header: 'cost', align: 'right' }, { header: 'share', align: 'right' }], rows);
}

/** A sampled total with its standard error ("$1,234.56 ± $12.34"); a full run's total alone. */
const withSE = (total: Dec, se: Dec | undefined) => (se ? `${formatMoney(total)} ± ${formatMoney(se)}` : formatMoney(total));

/** What a sampled report says first: it is an estimate, from how many devices, and what ± means. */
export function sampleLine(s: ForecastSample): string {
  const restoring = s.strata.filter((h) => h.restoring).reduce((a, h) => a + h.sampled, 0);
  const ofThem = restoring > 0 ? ` (${formatNumber(restoring, { maxDecimals: 0 })} of them restore during the horizon, sampled more heavily)` : '';
  return `sampled: ${formatNumber(s.devices, { maxDecimals: 0 })} of ${formatNumber(s.fleetDevices, { maxDecimals: 0 })} devices${ofThem} (sample seed ${s.seed}, ${formatCount(s.strata.length, 'stratum', 'strata')}, ${s.groups} jackknife groups): every figure is an estimate; ± is one standard error`;
}

const INT_TIER_NAMES: Readonly<Record<IntTier, string>> = {
  FA: 'Frequent Access',
  IA: 'Infrequent Access',
  AIA: 'Archive Instant Access',
  AA: 'Archive Access',
  DAA: 'Deep Archive Access',
};

function restoreEventsTable(f: Forecast): string {
  const rows = f.restoreEvents.map((e) => [
    e.month,
    e.name,
    formatNumber(e.devices, { maxDecimals: 0 }),
    e.tier,
    e.fromRegion,
    formatMoney(e.cost),
    formatNumber(e.hoursToRestore, { maxDecimals: 1, minDecimals: 1 }),
    e.bottleneck,
  ]);
  const columns: Column[] = [
    { header: 'month' },
    { header: 'event' },
    { header: 'devices', align: 'right' },
    { header: 'tier' },
    { header: 'from' },
    { header: 'cost', align: 'right' },
    { header: 'hours to restore', align: 'right' },
    { header: 'decided by' },
  ];
  return renderTable(columns, rows);
}

function capacityTable(c: Capacity): string {
  if (STORAGE_CLASSES.every((k) => !c[k])) return '  nothing\n';
  const tib = (gib: number) => formatNumber(gib / TIB_IN_GIB, { maxDecimals: 2, minDecimals: 2 });
  const rows = STORAGE_CLASSES.filter((k) => c[k]).flatMap((k) => {
    const e = c[k]!;
    const row = [k, tib(e.storedGiB), formatNumber(e.objects, { maxDecimals: 0 }), tib(e.noncurrentGiB)];
    // Intelligent-Tiering: what sits in each access tier (current and noncurrent versions).
    const tiers = INT_TIERS.filter((t) => e.intTiers?.[t]).map((t) => [`  ${INT_TIER_NAMES[t]}`, tib(e.intTiers![t]!), '', '']);
    return [row, ...tiers];
  });
  return renderTable([{ header: 'class' }, { header: 'TiB', align: 'right' }, { header: 'objects', align: 'right' }, { header: 'noncurrent TiB', align: 'right' }], rows);
}

/**
 * Configuration findings, then each kind of monthly finding once: its first month's message and,
 * when it recurs, in how many months and how many times in all.
 */
export function findingLines(f: Forecast): string[] {
  const out = [...f.findings];
  const kinds = new Map<string, { first: ForecastMonth; months: number; count: number; unit: string; message: string }>();
  for (const m of f.months) {
    for (const x of m.findings) {
      const k = kinds.get(x.kind);
      if (k) {
        k.months++;
        k.count += x.count;
      } else kinds.set(x.kind, { first: m, months: 1, count: x.count, unit: x.unit ?? 'times', message: x.message });
    }
  }
  for (const k of kinds.values()) {
    const amount = k.unit === 'GB' ? formatDataSize(k.count) : `${formatNumber(k.count, { maxDecimals: 0 })} ${k.unit}`;
    const recurs = k.months > 1 ? ` — in ${k.months} months, ${amount} in all` : '';
    out.push(`${k.first.month}: ${k.message}${recurs}`);
  }
  return out;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * Every bill line: month, usage type, operation, cause, class, quantity, unit, cost — and, for a
 * scenario with resources beyond S3, the service code and resource of each line (columns absent
 * otherwise, so S3-only reports keep their shape).
 */
export function forecastCsv(f: Forecast): string {
  const services = hasServices(f);
  // A sampled forecast adds each line's standard errors (quantity, cost).
  const header = ['month', 'usage_type', 'operation', 'cause', 'storage_class', 'quantity', 'unit', 'cost_usd', ...(services ? ['service', 'resource'] : []), ...(f.sample ? ['quantity_se', 'cost_se_usd'] : [])];
  const rows = f.months.flatMap((m) =>
    m.lines.map((l, k) => {
      const se = m.se?.lines[k];
      return [
        m.month,
        l.usage.usageType,
        l.usage.operation,
        l.usage.cause,
        l.usage.storageClass ?? '',
        String(l.usage.quantity),
        l.usage.unit,
        l.cost.toString(),
        ...(services ? [serviceOf(l.usage), l.usage.resource ?? ''] : []),
        ...(se ? [String(se.quantity), se.cost.toString()] : []),
      ];
    }),
  );
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

/** End-of-month capacity per class as JSON (Intelligent-Tiering: GiB per access tier too). */
type CapacityJson = Readonly<Record<string, { readonly storedGiB: number; readonly objects: number; readonly noncurrentGiB: number; readonly noncurrentObjects: number; readonly intTiers?: Partial<Record<IntTier, number>> }>>;

const capacityJson = (c: Capacity): CapacityJson =>
  Object.fromEntries(
    Object.entries(c).map(([k, e]) => [k, { storedGiB: e.storedGiB, objects: e.objects, noncurrentGiB: e.noncurrentGiB, noncurrentObjects: e.noncurrentObjects, ...(e.intTiers ? { intTiers: e.intTiers } : {}) }]),
  );

/** What `tierwise simulate --json` prints: money as decimal strings, quantities as numbers. */
export interface ForecastJson {
  readonly scenario: { readonly name: string; readonly region: string; readonly replicationRegion?: string; readonly seed: number; readonly findings: readonly string[] };
  readonly priceBook: Forecast['priceBook'];
  readonly months: readonly {
    readonly month: string;
    readonly devices: number;
    readonly lines: readonly {
      readonly usageType: string;
      readonly operation: string;
      readonly quantity: number;
      readonly unit: string;
      readonly cause: Cause;
      readonly storageClass?: string;
      /** Price List service code, on the lines of resources beyond S3 only. */
      readonly service?: string;
      readonly resource?: string;
      readonly cost: string;
      /** Sampled runs: standard errors of the quantity and of the cost (a decimal string). */
      readonly quantitySE?: number;
      readonly costSE?: string;
    }[];
    readonly total: string;
    /** Sampled runs: the standard error of the month's total (a decimal string). */
    readonly totalSE?: string;
    readonly capacity: CapacityJson;
    /** Per region: the bucket's and, with replication, the replica's. */
    readonly capacityByRegion: Readonly<Record<string, CapacityJson>>;
    readonly findings: readonly string[];
  }[];
  readonly total: string;
  /** Set when the forecast estimates the fleet from a sample: the design, and the SE of the total. */
  readonly sample?: Omit<ForecastSample, 'totalSE'> & { readonly totalSE: string };
  /** Restore events and drills: cost and time to restore, money as a decimal string. */
  readonly restoreEvents: readonly (Omit<RestoreEventResult, 'cost' | 'finding'> & { readonly cost: string })[];
}

export function forecastJson(f: Forecast): ForecastJson {
  return {
    scenario: {
      name: f.scenario.name,
      region: f.scenario.region,
      ...(f.scenario.replication ? { replicationRegion: f.scenario.replication.destinationRegion } : {}),
      seed: f.scenario.seed, findings: f.findings },
    priceBook: f.priceBook,
    months: f.months.map((m) => ({
      month: m.month,
      devices: m.devices,
      lines: m.lines.map((l, k) => {
        const se = m.se?.lines[k];
        return {
          usageType: l.usage.usageType,
          operation: l.usage.operation,
          quantity: l.usage.quantity,
          unit: l.usage.unit,
          cause: l.usage.cause,
          ...(l.usage.storageClass ? { storageClass: l.usage.storageClass } : {}),
          ...(l.usage.service ? { service: l.usage.service } : {}),
          ...(l.usage.resource ? { resource: l.usage.resource } : {}),
          cost: l.cost.toString(),
          ...(se ? { quantitySE: se.quantity, costSE: se.cost.toString() } : {}),
        };
      }),
      total: m.total.toString(),
      ...(m.se ? { totalSE: m.se.total.toString() } : {}),
      capacity: capacityJson(m.capacity),
      capacityByRegion: Object.fromEntries(Object.entries(m.capacityByRegion).map(([region, c]) => [region, capacityJson(c)])),
      findings: m.findings.map((x) => x.message),
    })),
    total: f.total.toString(),
    ...(f.sample ? { sample: { ...f.sample, totalSE: f.sample.totalSE.toString() } } : {}),
    restoreEvents: f.restoreEvents.map((e) => ({
      month: e.month,
      name: e.name,
      devices: e.devices,
      tier: e.tier,
      fromRegion: e.fromRegion,
      cost: e.cost.toString(),
      hoursToRestore: e.hoursToRestore,
      bottleneck: e.bottleneck,
      hoursBy: e.hoursBy,
    })),
  };
}
