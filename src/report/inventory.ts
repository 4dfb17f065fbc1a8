/** An S3 Inventory summary as a table (people) or JSON (programs; bytes as decimal strings). */
import { INT_TIERS } from '../storage/classes.js';
import { AGE_BANDS, SIZE_BANDS, type InventorySummary, type Tally } from '../reconcile/inventory.js';
import { formatNumber } from './money.js';
import { renderTable } from './table.js';

const GIB = 2n ** 30n;
/** Bytes as GiB with two decimals, exact (bigint arithmetic, rounded half up). */
export function gibText(bytes: bigint): string {
  const hundredths = (bytes * 100n + GIB / 2n) / GIB;
  return formatNumber(`${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`, { maxDecimals: 2, minDecimals: 2 });
}

function section(title: string, rows: readonly [string, Tally | undefined][]): string {
  const body = rows.filter(([, t]) => t && t.objects > 0).map(([k, t]) => [k, formatNumber(t!.objects, { maxDecimals: 0 }), gibText(t!.bytes)]);
  return `${title}\n${renderTable([{ header: '' }, { header: 'objects', align: 'right' }, { header: 'GiB', align: 'right' }], body)}`;
}

export function inventoryTable(s: InventorySummary): string {
  const out = [
    `S3 Inventory${s.sourceBucket ? ` of ${s.sourceBucket}` : ''}: ${s.files.length} data file${s.files.length === 1 ? '' : 's'}, ${formatNumber(s.rows, { maxDecimals: 0 })} rows; ages as of ${s.asOf}`,
    `current ${formatNumber(s.current.objects, { maxDecimals: 0 })} objects, ${gibText(s.current.bytes)} GiB; noncurrent ${formatNumber(s.noncurrent.objects, { maxDecimals: 0 })} versions, ${gibText(s.noncurrent.bytes)} GiB; ${formatNumber(s.deleteMarkers, { maxDecimals: 0 })} delete markers`,
    '',
    section('Storage class', Object.entries(s.byClass).sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    section('Intelligent-Tiering access tier', INT_TIERS.map((t) => [t, s.byIntTier[t]])),
    section('Size', SIZE_BANDS.map((b) => [b.label, s.bySize[b.label]])),
    ...(s.byAge ? [section('Age (since LastModifiedDate)', AGE_BANDS.map((b) => [b.label, s.byAge![b.label]]))] : []),
    section('Duplicati file kind (by name)', ['dblock', 'dindex', 'dlist', 'other'].map((k) => [k, s.byKind[k]])),
  ];
  if (s.missingFields.length) out.push(`Not in this inventory (add them to its configuration for a fuller summary): ${s.missingFields.join(', ')}`);
  return `${out.join('\n')}\n`;
}

const tallyJson = (t: Tally) => ({ objects: t.objects, bytes: t.bytes.toString() });
const recJson = (r: Readonly<Record<string, Tally | undefined>>) => Object.fromEntries(Object.entries(r).filter(([, t]) => t).map(([k, t]) => [k, tallyJson(t!)]));

export function inventoryJson(s: InventorySummary): unknown {
  return {
    files: s.files,
    ...(s.sourceBucket ? { sourceBucket: s.sourceBucket } : {}),
    asOf: s.asOf,
    rows: s.rows,
    deleteMarkers: s.deleteMarkers,
    current: tallyJson(s.current),
    noncurrent: tallyJson(s.noncurrent),
    byClass: recJson(s.byClass),
    byIntTier: recJson(s.byIntTier),
    bySize: recJson(s.bySize),
    ...(s.byAge ? { byAge: recJson(s.byAge) } : {}),
    byKind: recJson(s.byKind),
    missingFields: s.missingFields,
  };
}
