/**
 * The bundled list prices (AWS Price List figures and the Amazon S3 pricing page), transcribed once, and the expansion that turns them
 * into the bundled snapshot src/pricing/snapshots/bundled-2026-07-28.json. The JSON is what ships;
 * this file is how it was made (test/pricing/bundled.test.ts checks they agree). Regenerate with
 *   npx tsx test/pricing/bundled-figures.ts --write
 *
 * Figures are written as the pricing page prints them: $ per GB-Mo / GB, and $ per 1,000 for requests
 * and monitored objects (divided by 1,000 on expansion: the Price List quotes per request).
 * A figure the sources do not give is decided here and says so in its note ("unconfirmed: …").
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Dec } from '../../src/pricing/decimal.js';
import { PRICE_SNAPSHOT_FORMAT, priceKey, type PriceBook, type PriceEntry, type PriceTier } from '../../src/pricing/price-book.js';
import { homeServiceCode } from '../../src/pricing/live/price-sources.js';
import * as rk from '../../src/resources/keys.js';
import { RESOURCE_SERVICES } from '../../src/resources/keys.js';
import type { IntTier, StorageClass } from '../../src/storage/classes.js';
import {
  earlyDeleteKey, egressKey, getKey, interRegionKey, monitoringKey, putKey, requiredPriceKeys, restoreBytesKey,
  restoreRequestKey, retrievalKey, rtcKey, smallObjectsKey, storageKey, transitionKey,
  type RestoreTier, type UsageKey,
} from '../../src/usage/usage-types.js';

export const BUNDLED_REGIONS = ['us-east-1', 'ap-south-1', 'eu-west-1', 'eu-central-1'] as const;
export const BUNDLED_DATE = '2026-07-28';

/** One figure: a rate (or one rate per tier), where it came from when that is not a source figure as-is. */
interface Fig {
  readonly rates: readonly string[];
  readonly note?: string;
  readonly sku?: string;
}
const ok = (rate: string | readonly string[], sku?: string): Fig => ({ rates: typeof rate === 'string' ? [rate] : rate, ...(sku ? { sku } : {}) });
const assumed = (rate: string | readonly string[], why: string): Fig => ({ rates: typeof rate === 'string' ? [rate] : rate, note: `unconfirmed: ${why}` });
/** The same rate as another figure, by a documented rule: always unconfirmed for this key. */
const like = (f: Fig, why: string): Fig => ({ rates: f.rates, note: `unconfirmed: ${why}` });

type Padded = 'STANDARD_IA' | 'ONEZONE_IA' | 'GLACIER_IR';
type Dated = Padded | 'GLACIER' | 'DEEP_ARCHIVE';

interface Figures {
  readonly storage: Readonly<Record<Exclude<StorageClass, 'INTELLIGENT_TIERING'>, Fig>>;
  readonly int: Readonly<Record<IntTier, Fig>>;
  readonly smallObjects: Readonly<Record<Padded, Fig>>;
  readonly earlyDelete: Readonly<Record<Dated, Fig>>;
  readonly earlyDeleteSmall: Readonly<Record<Padded, Fig>>;
  /** $ per 1,000. */
  readonly put: Readonly<Record<StorageClass, Fig>>;
  readonly get: Readonly<Record<StorageClass, Fig>>;
  readonly transition: Readonly<Record<Exclude<StorageClass, 'STANDARD'>, Fig>>;
  readonly retrieval: Readonly<Record<Padded, Fig>>;
  readonly restoreRequests: { readonly GLACIER: Readonly<Record<RestoreTier, Fig>>; readonly DEEP_ARCHIVE: Readonly<Record<'standard' | 'bulk', Fig>> };
  readonly restoreBytes: { readonly GLACIER: Readonly<Record<RestoreTier, Fig>>; readonly DEEP_ARCHIVE: Readonly<Record<'standard' | 'bulk', Fig>> };
  readonly monitoring: Fig;
  readonly egress: Fig;
  /** Inter-region transfer to each other bundled region, and Replication Time Control. */
  readonly interRegion: Readonly<Record<string, Fig>>;
  readonly rtc: Fig;
}

/** Price List storage tier bounds, GB-Mo (1 TB = 1,024 GB): 0–50 TB–500 TB–Inf. */
const STORAGE_BOUNDS = ['0', '51200', '512000', 'Inf'];
/**
 * Internet egress bounds, GB: first 10 TB, next 40 TB, next 100 TB, over 150 TB — as the Price List
 * publishes DataTransfer-Out-Bytes ("… data transfer out beyond the global free tier"): no $0 row.
 * The free 100 GB a month is an account-wide allowance, applied by pricing, not a tier of a price.
 */
const EGRESS_BOUNDS = ['0', '10240', '51200', '153600', 'Inf'];
const FLAT = ['0', 'Inf'];

const PADDED: readonly Padded[] = ['STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR'];
const DATED: readonly Dated[] = [...PADDED, 'GLACIER', 'DEEP_ARCHIVE'];
const others = (region: string) => BUNDLED_REGIONS.filter((r) => r !== region);

/** Early delete and padding: billed at the class's storage rate (Amazon S3 User Guide, "Amazon S3 storage classes": minimum storage duration and minimum billable object size). */
function classRateRules(storage: Figures['storage'], where: string, confirmedBase: boolean) {
  const rule = (cls: Dated, what: string) =>
    like(storage[cls], `${what} is not in the source figures for ${where}; billed at the ${cls} storage rate (Amazon S3 User Guide, "Amazon S3 storage classes": minimum storage duration and minimum billable object size)`);
  const pick = <K extends Dated>(list: readonly K[], f: (c: K) => Fig) => Object.fromEntries(list.map((c) => [c, f(c)])) as Record<K, Fig>;
  // A confirmed copy keeps the rate but not the SKU: the SKU names the storage product only.
  const rate = (cls: Dated): Fig => ({ rates: storage[cls].rates });
  return {
    smallObjects: pick(PADDED, (c) => (confirmedBase ? rate(c) : rule(c, 'the small-object padding'))),
    earlyDelete: pick(DATED, (c) => (confirmedBase ? rate(c) : rule(c, 'early delete'))),
    earlyDeleteSmall: pick(PADDED, (c) => rule(c, 'early delete of the small-object padding')),
  };
}

// ---- us-east-1: the AmazonS3 offer 20260728131000 and the Amazon S3 pricing page ----
const use1Storage = {
  STANDARD: ok(['0.023', '0.022', '0.021'], 'WP9ANXZGBYYSGJEA'),
  STANDARD_IA: ok('0.0125', '379GYJUQ5WFBUYGM'),
  ONEZONE_IA: ok('0.01'),
  GLACIER_IR: ok('0.004'),
  GLACIER: ok('0.0036'),
  DEEP_ARCHIVE: ok('0.00099'),
};
const use1Rules = classRateRules(use1Storage, 'us-east-1', true);
const US_EAST_1: Figures = {
  storage: use1Storage,
  int: { FA: ok(['0.023', '0.022', '0.021']), IA: ok('0.0125'), AIA: ok('0.004'), AA: ok('0.0036'), DAA: ok('0.00099', '82TFRVR9729PGTNP') },
  ...use1Rules,
  put: {
    STANDARD: ok('0.005', 'E9YHNFENF4XQBZR6'),
    INTELLIGENT_TIERING: assumed('0.005', 'not confirmed by a Price List document: assumed equal to the STANDARD PUT'),
    STANDARD_IA: ok('0.01'), ONEZONE_IA: ok('0.01'), GLACIER_IR: ok('0.02'), GLACIER: ok('0.03'), DEEP_ARCHIVE: ok('0.05'),
  },
  get: {
    STANDARD: ok('0.0004', 'ZWQ6Q48CRJXX4FXE'),
    INTELLIGENT_TIERING: assumed('0.0004', 'not confirmed by a Price List document: assumed equal to the STANDARD GET'),
    STANDARD_IA: ok('0.001'), ONEZONE_IA: ok('0.001'), GLACIER_IR: ok('0.01'),
    GLACIER: assumed('0.0004', 'not in the source figures; assumed equal to the STANDARD GET, as the DEEP_ARCHIVE GET (Requests-GDA-Tier2) is'),
    DEEP_ARCHIVE: ok('0.0004', 'WDAC2WRXVNRSNQS6'),
  },
  transition: {
    INTELLIGENT_TIERING: ok('0.01'), STANDARD_IA: ok('0.01'), ONEZONE_IA: ok('0.01'),
    GLACIER_IR: assumed('0.02', 'not confirmed by a Price List document'),
    GLACIER: ok('0.03'), DEEP_ARCHIVE: ok('0.05'),
  },
  retrieval: { STANDARD_IA: ok('0.01'), ONEZONE_IA: ok('0.01'), GLACIER_IR: ok('0.03') },
  restoreRequests: {
    GLACIER: { expedited: ok('10.00'), standard: ok('0.05'), bulk: ok('0') },
    DEEP_ARCHIVE: { standard: ok('0.10'), bulk: ok('0.025') },
  },
  restoreBytes: {
    GLACIER: { expedited: ok('0.03'), standard: ok('0.01'), bulk: ok('0') },
    DEEP_ARCHIVE: { standard: ok('0.02'), bulk: ok('0.0025') },
  },
  monitoring: ok('0.0025'),
  egress: ok(['0.09', '0.085', '0.07', '0.05']),
  interRegion: {
    'ap-south-1': assumed('0.02', 'not confirmed by a Price List document'),
    'eu-west-1': ok('0.02'),
    'eu-central-1': ok('0.02'),
  },
  rtc: ok('0.015'),
};

/** A us-east-1 figure reused where a region's own is not documented (the closest documented figure). */
const fromUse1 = (f: Fig, what: string, region: string) => like(f, `${what} not in the source figures for ${region}; us-east-1's figure used`);

// ---- ap-south-1 (Mumbai) ----
const aps3Storage = {
  STANDARD: ok(['0.025', '0.024', '0.023']),
  STANDARD_IA: ok('0.0138'), ONEZONE_IA: ok('0.011'), GLACIER_IR: ok('0.005'), GLACIER: ok('0.0045'), DEEP_ARCHIVE: ok('0.002'),
};
const AP_SOUTH_1: Figures = {
  storage: aps3Storage,
  int: {
    FA: ok(['0.025', '0.024', '0.023']), IA: ok('0.0138'), AIA: ok('0.005'),
    AA: assumed('0.0045', 'not confirmed by a Price List document: by the rule INT Archive Access = GLACIER storage'),
    DAA: assumed('0.002', 'not confirmed by a Price List document: by the rule INT Deep Archive Access = DEEP_ARCHIVE storage'),
  },
  ...classRateRules(aps3Storage, 'ap-south-1', false),
  put: {
    STANDARD: ok('0.005'),
    INTELLIGENT_TIERING: assumed('0.005', 'not in the source figures for ap-south-1; assumed equal to the STANDARD PUT, as in us-east-1'),
    STANDARD_IA: ok('0.01'),
    ONEZONE_IA: assumed('0.01', 'not in the source figures for ap-south-1; assumed equal to the STANDARD_IA PUT, as in us-east-1'),
    GLACIER_IR: ok('0.02'), GLACIER: ok('0.036'), DEEP_ARCHIVE: ok('0.07'),
  },
  get: {
    STANDARD: ok('0.0004'),
    INTELLIGENT_TIERING: assumed('0.0004', 'not in the source figures for ap-south-1; assumed equal to the STANDARD GET, as in us-east-1'),
    STANDARD_IA: ok('0.001'),
    ONEZONE_IA: assumed('0.001', 'not in the source figures for ap-south-1; assumed equal to the STANDARD_IA GET, as in us-east-1'),
    GLACIER_IR: ok('0.01'),
    GLACIER: assumed('0.0004', 'not in the source figures for ap-south-1; assumed equal to the STANDARD GET, as in us-east-1'),
    DEEP_ARCHIVE: assumed('0.0004', 'not in the source figures for ap-south-1; assumed equal to the STANDARD GET, as in us-east-1'),
  },
  transition: {
    INTELLIGENT_TIERING: ok('0.01'), STANDARD_IA: ok('0.01'),
    ONEZONE_IA: assumed('0.01', 'not in the source figures for ap-south-1; assumed equal to the STANDARD_IA transition, as in us-east-1'),
    GLACIER_IR: ok('0.02'), GLACIER: ok('0.036'), DEEP_ARCHIVE: ok('0.07'),
  },
  retrieval: {
    STANDARD_IA: fromUse1(US_EAST_1.retrieval.STANDARD_IA, 'Retrieval-SIA', 'ap-south-1'),
    ONEZONE_IA: fromUse1(US_EAST_1.retrieval.ONEZONE_IA, 'Retrieval-ZIA', 'ap-south-1'),
    GLACIER_IR: ok('0.03'),
  },
  restoreRequests: {
    GLACIER: {
      expedited: assumed('10.00', "not in the source figures for ap-south-1; us-east-1's figure used (this region's Standard restore is 1.2× us-east-1's, so it may be low)"),
      standard: ok('0.06'),
      bulk: assumed('0', 'not in the source figures for ap-south-1; Bulk restores from GLACIER are free (Amazon S3 pricing page: Bulk retrievals from S3 Glacier Flexible Retrieval are free)'),
    },
    DEEP_ARCHIVE: {
      standard: assumed('0.10', "the source figures give no confirmed ap-south-1 request price; us-east-1's figure used"),
      bulk: fromUse1(US_EAST_1.restoreRequests.DEEP_ARCHIVE.bulk, 'DEEP_ARCHIVE Bulk restore requests', 'ap-south-1'),
    },
  },
  restoreBytes: {
    GLACIER: {
      expedited: assumed('0.03', "not in the source figures for ap-south-1; us-east-1's figure used (this region's Standard retrieval is 1.2× us-east-1's, so it may be low)"),
      standard: ok('0.012'),
      bulk: assumed('0', 'not in the source figures for ap-south-1; Bulk restores from GLACIER are free (Amazon S3 pricing page: Bulk retrievals from S3 Glacier Flexible Retrieval are free)'),
    },
    DEEP_ARCHIVE: {
      standard: ok('0.024'),
      bulk: fromUse1(US_EAST_1.restoreBytes.DEEP_ARCHIVE.bulk, 'DEEP_ARCHIVE Bulk retrieval', 'ap-south-1'),
    },
  },
  monitoring: ok('0.0025'),
  // The first tier (0.1093) is on public AWS Data Transfer bill lines for APS3-DataTransfer-Out-Bytes;
  // the higher tiers, at us-east-1's breakpoints, are not confirmed from a Price List document.
  egress: assumed(
    ['0.1093', '0.085', '0.082', '0.080'],
    'first 10 TB at 0.1093 as AWS bills it; the next 40 TB (0.085), next 100 TB (0.082) and over 150 TB (0.080), at the same breakpoints as us-east-1, are not confirmed from a Price List document',
  ),
  interRegion: {
    'us-east-1': ok('0.086'),
    'eu-west-1': assumed('0.086', 'not in the source figures; inter-region transfer is priced by the source region, assumed equal to ap-south-1 → us-east-1'),
    'eu-central-1': assumed('0.086', 'not in the source figures; inter-region transfer is priced by the source region, assumed equal to ap-south-1 → us-east-1'),
  },
  rtc: fromUse1(US_EAST_1.rtc, 'Replication Time Control', 'ap-south-1'),
};

/**
 * A European region of which the sources give storage and a few request figures: the rest follows
 * the documented rules (Intelligent-Tiering tiers = the matching classes) or us-east-1's figures.
 */
function european(
  region: string,
  storage: Figures['storage'],
  intFa: Fig,
  given: { put: Partial<Figures['put']>; get: Partial<Figures['get']>; transition: Partial<Figures['transition']>; glacierRestoreStandard?: Fig; restoreBytes: { glacierStandard?: Fig; deepArchiveStandard?: Fig }; egress: Fig },
): Figures {
  const use1 = (f: Fig, what: string) => fromUse1(f, what, region);
  const byClass = <K extends StorageClass>(list: readonly K[], mine: Partial<Record<K, Fig>>, theirs: Record<K, Fig>, what: string) =>
    Object.fromEntries(list.map((c) => [c, mine[c] ?? use1(theirs[c], `${what} of ${c}`)])) as Record<K, Fig>;
  const ALL: readonly StorageClass[] = ['STANDARD', 'INTELLIGENT_TIERING', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'];
  const INTO = ALL.filter((c): c is Exclude<StorageClass, 'STANDARD'> => c !== 'STANDARD');
  const put = given.put.STANDARD!;
  const get = given.get.STANDARD!;
  const intRule = (f: Fig, cls: string, tier: string) => like(f, `INT ${tier} not in the source figures for ${region}; by the rule ${tier} = ${cls} storage (as in us-east-1 and ap-south-1)`);
  return {
    storage,
    int: {
      FA: intFa,
      IA: intRule(storage.STANDARD_IA, 'STANDARD_IA', 'Infrequent Access'),
      AIA: intRule(storage.GLACIER_IR, 'GLACIER_IR', 'Archive Instant Access'),
      AA: intRule(storage.GLACIER, 'GLACIER', 'Archive Access'),
      DAA: intRule(storage.DEEP_ARCHIVE, 'DEEP_ARCHIVE', 'Deep Archive Access'),
    },
    ...classRateRules(storage, region, false),
    put: byClass(ALL, {
      ...given.put,
      INTELLIGENT_TIERING: like(put, `not in the source figures for ${region}; assumed equal to the STANDARD PUT, as in us-east-1`),
      ...(given.transition.GLACIER && !given.put.GLACIER
        ? { GLACIER: like(given.transition.GLACIER, `not in the source figures for ${region}; assumed equal to its GLACIER transition price, as PUT and transition are equal in us-east-1 and ap-south-1`) }
        : {}),
      ...(given.transition.DEEP_ARCHIVE && !given.put.DEEP_ARCHIVE
        ? { DEEP_ARCHIVE: like(given.transition.DEEP_ARCHIVE, `not in the source figures for ${region}; assumed equal to its DEEP_ARCHIVE transition price, as PUT and transition are equal in us-east-1 and ap-south-1`) }
        : {}),
    }, US_EAST_1.put, 'PUT'),
    get: byClass(ALL, {
      ...given.get,
      INTELLIGENT_TIERING: like(get, `not in the source figures for ${region}; assumed equal to the STANDARD GET, as in us-east-1`),
      GLACIER: like(get, `not in the source figures for ${region}; assumed equal to the STANDARD GET, as in us-east-1`),
      DEEP_ARCHIVE: like(get, `not in the source figures for ${region}; assumed equal to the STANDARD GET, as in us-east-1`),
    }, US_EAST_1.get, 'GET'),
    transition: byClass(INTO, given.transition, US_EAST_1.transition, 'transition'),
    retrieval: byClass(PADDED, {}, US_EAST_1.retrieval, 'per-GB retrieval'),
    restoreRequests: {
      GLACIER: {
        expedited: use1(US_EAST_1.restoreRequests.GLACIER.expedited, 'GLACIER Expedited restore requests'),
        standard: given.glacierRestoreStandard ?? use1(US_EAST_1.restoreRequests.GLACIER.standard, 'GLACIER Standard restore requests'),
        bulk: like(US_EAST_1.restoreRequests.GLACIER.bulk, `not in the source figures for ${region}; Bulk restores from GLACIER are free (Amazon S3 pricing page: Bulk retrievals from S3 Glacier Flexible Retrieval are free)`),
      },
      DEEP_ARCHIVE: {
        standard: use1(US_EAST_1.restoreRequests.DEEP_ARCHIVE.standard, 'DEEP_ARCHIVE Standard restore requests'),
        bulk: use1(US_EAST_1.restoreRequests.DEEP_ARCHIVE.bulk, 'DEEP_ARCHIVE Bulk restore requests'),
      },
    },
    restoreBytes: {
      GLACIER: {
        expedited: use1(US_EAST_1.restoreBytes.GLACIER.expedited, 'GLACIER Expedited retrieval'),
        standard: given.restoreBytes.glacierStandard ?? use1(US_EAST_1.restoreBytes.GLACIER.standard, 'GLACIER Standard retrieval'),
        bulk: like(US_EAST_1.restoreBytes.GLACIER.bulk, `not in the source figures for ${region}; Bulk restores from GLACIER are free (Amazon S3 pricing page: Bulk retrievals from S3 Glacier Flexible Retrieval are free)`),
      },
      DEEP_ARCHIVE: {
        standard: given.restoreBytes.deepArchiveStandard ?? use1(US_EAST_1.restoreBytes.DEEP_ARCHIVE.standard, 'DEEP_ARCHIVE Standard retrieval'),
        bulk: use1(US_EAST_1.restoreBytes.DEEP_ARCHIVE.bulk, 'DEEP_ARCHIVE Bulk retrieval'),
      },
    },
    monitoring: like(US_EAST_1.monitoring, `not in the source figures for ${region}; 0.0025 per 1,000 objects as in us-east-1 and ap-south-1`),
    egress: given.egress,
    interRegion: Object.fromEntries(
      others(region).map((d) => [d, assumed('0.02', `not in the source figures; assumed as us-east-1 → other US/EU regions (0.02): inter-region transfer out of ${region} is priced by ${region}`)]),
    ),
    rtc: use1(US_EAST_1.rtc, 'Replication Time Control'),
  };
}

// ---- eu-west-1 (Ireland): first-tier storage and the archive transitions only ----
const EU_HIGHER_TIERS = "tiers above 50 TB not in the source figures for eu-west-1; us-east-1's 0.022 / 0.021 used, as eu-west-1's first tier equals us-east-1's";
const euStorage = {
  STANDARD: assumed(['0.023', '0.022', '0.021'], EU_HIGHER_TIERS),
  STANDARD_IA: ok('0.0125'), ONEZONE_IA: ok('0.01'), GLACIER_IR: ok('0.004'), GLACIER: ok('0.0036'), DEEP_ARCHIVE: ok('0.00099'),
};
const EU_WEST_1 = european('eu-west-1', euStorage, like(euStorage.STANDARD, `INT Frequent Access is billed at the STANDARD rates (Amazon S3 User Guide, "How S3 Intelligent-Tiering works"); ${EU_HIGHER_TIERS}`), {
  put: { STANDARD: fromUse1(US_EAST_1.put.STANDARD, 'STANDARD PUT', 'eu-west-1') },
  get: { STANDARD: fromUse1(US_EAST_1.get.STANDARD, 'STANDARD GET', 'eu-west-1') },
  transition: { GLACIER: ok('0.033'), DEEP_ARCHIVE: ok('0.055') },
  restoreBytes: {},
  egress: fromUse1(US_EAST_1.egress, 'internet egress', 'eu-west-1'),
});

// ---- eu-central-1 (Frankfurt) ----
const EUC1_HIGHER_TIERS = 'tiers above 50 TB not in the source figures for eu-central-1; the first-tier rate 0.0245 held, an upper bound since tier rates only fall';
const euc1Storage = {
  STANDARD: assumed(['0.0245', '0.0245', '0.0245'], EUC1_HIGHER_TIERS),
  STANDARD_IA: ok('0.0135'), ONEZONE_IA: ok('0.0108'), GLACIER_IR: ok('0.005'), GLACIER: ok('0.00405'), DEEP_ARCHIVE: ok('0.0018'),
};
const EU_CENTRAL_1 = european('eu-central-1', euc1Storage, like(euc1Storage.STANDARD, `INT Frequent Access is billed at the STANDARD rates (Amazon S3 User Guide, "How S3 Intelligent-Tiering works"); ${EUC1_HIGHER_TIERS}`), {
  put: { STANDARD: ok('0.0054'), GLACIER: ok('0.036'), DEEP_ARCHIVE: ok('0.06') },
  get: { STANDARD: ok('0.00043') },
  transition: { GLACIER: ok('0.036'), DEEP_ARCHIVE: ok('0.06') },
  glacierRestoreStandard: assumed('0.06', "not in the source figures for eu-central-1; ap-south-1's 0.06 used, the region whose GLACIER PUT (0.036) and Standard retrieval (0.012/GB) match eu-central-1's"),
  restoreBytes: { glacierStandard: ok('0.012'), deepArchiveStandard: ok('0.024') },
  egress: assumed(['0.09', '0.085', '0.07', '0.05'], "the source figures give only the first 10 TB (0.09, equal to us-east-1's); us-east-1's higher tiers used"),
});

export const FIGURES: Readonly<Record<(typeof BUNDLED_REGIONS)[number], Figures>> = {
  'us-east-1': US_EAST_1,
  'ap-south-1': AP_SOUTH_1,
  'eu-west-1': EU_WEST_1,
  'eu-central-1': EU_CENTRAL_1,
};

/** Price List rate text: 10 decimals, as the Price List prints it; refuses to round. */
function rateText(rate: string, perThousand: boolean): string {
  const d = new Dec(rate).div(perThousand ? 1000 : 1);
  const text = d.toFixed(10);
  if (!new Dec(text).eq(d)) throw new Error(`rate ${rate} does not fit 10 decimals`);
  return text;
}

function tiersOf(f: Fig, bounds: readonly string[], perThousand: boolean): PriceTier[] {
  const want = bounds.length - 1;
  const rates = f.rates.length === 1 && want > 1 ? Array(want).fill(f.rates[0]) : f.rates;
  if (rates.length !== want) throw new Error(`expected ${want} rates, got ${f.rates.length}`);
  return rates.map((r, i) => ({ begin: bounds[i]!, end: bounds[i + 1]!, rate: rateText(r, perThousand) }));
}

/** Every price of one region, keyed through usage-types.ts (the one place names are spelled). */
function regionEntries(region: string, f: Figures): PriceEntry[] {
  const out: PriceEntry[] = [];
  const add = (k: UsageKey | undefined, fig: Fig, bounds = FLAT) => {
    if (!k) throw new Error(`no usage key for a figure in ${region}`);
    const perThousand = k.unit === 'Requests' || k.unit === 'Objects';
    out.push({
      region, usageType: k.usageType, operation: k.operation, unit: k.unit,
      tiers: tiersOf(fig, bounds, perThousand),
      serviceCode: homeServiceCode(region, k),
      ...(fig.sku ? { sku: fig.sku } : {}),
      ...(fig.note ? { note: fig.note } : {}),
    });
  };
  for (const [cls, fig] of Object.entries(f.storage) as [Exclude<StorageClass, 'INTELLIGENT_TIERING'>, Fig][]) {
    add(storageKey(region, cls), fig, cls === 'STANDARD' ? STORAGE_BOUNDS : FLAT);
  }
  for (const [tier, fig] of Object.entries(f.int) as [IntTier, Fig][]) add(storageKey(region, 'INTELLIGENT_TIERING', tier), fig, tier === 'FA' ? STORAGE_BOUNDS : FLAT);
  for (const c of PADDED) {
    add(smallObjectsKey(region, c), f.smallObjects[c]);
    add(earlyDeleteKey(region, c, true), f.earlyDeleteSmall[c]);
    add(retrievalKey(region, c), f.retrieval[c]);
  }
  for (const c of DATED) add(earlyDeleteKey(region, c), f.earlyDelete[c]);
  for (const [cls, fig] of Object.entries(f.put) as [StorageClass, Fig][]) add(putKey(region, cls), fig);
  for (const [cls, fig] of Object.entries(f.get) as [StorageClass, Fig][]) add(getKey(region, cls), fig);
  for (const [cls, fig] of Object.entries(f.transition) as [StorageClass, Fig][]) add(transitionKey(region, cls), fig);
  for (const cls of ['GLACIER', 'DEEP_ARCHIVE'] as const) {
    for (const [tier, fig] of Object.entries(f.restoreRequests[cls]) as [RestoreTier, Fig][]) add(restoreRequestKey(region, cls, tier), fig);
    for (const [tier, fig] of Object.entries(f.restoreBytes[cls]) as [RestoreTier, Fig][]) add(restoreBytesKey(region, cls, tier), fig);
  }
  add(monitoringKey(region), f.monitoring);
  add(egressKey(region), f.egress, EGRESS_BOUNDS);
  for (const [dest, fig] of Object.entries(f.interRegion)) add(interRegionKey(region, dest), fig);
  for (const dest of others(region)) add(rtcKey(region, dest), f.rtc);
  // LIST is priced as the STANDARD PUT (same key): nothing to add.
  const order = new Map(requiredPriceKeys(region, others(region)).map((k, i) => [`${k.usageType}|${k.operation}`, i]));
  return out.sort((a, b) => (order.get(`${a.usageType}|${a.operation}`) ?? 1e9) - (order.get(`${b.usageType}|${b.operation}`) ?? 1e9));
}

/**
 * Resources beyond S3 (src/resources/keys.ts). A figure is confirmed (no note) only where AWS's own
 * text states it — a pricing page or a user guide, cited beside it and in docs/resource-prices.md;
 * the rest are list prices not found in an AWS source, marked unconfirmed with the reason.
 * Requests are $ per 1,000 like S3's; CloudTrail events, alarms, metrics, notifications, hours and
 * GB per unit.
 */
type ResourceFigure = { readonly key: (region: string) => UsageKey; readonly bounds?: readonly string[]; readonly fig: Fig };
const page = (rate: string | readonly string[], where: string) => assumed(rate, `the ${where} pricing page's list price as transcribed, not verified against AWS's text (pricing page or Price List document)`);
const held = (rate: string | readonly string[], where: string) => assumed(rate, `${where}: us-east-1's figure held (not transcribed for this region)`);
/** FSx for Windows: the usage-type names are guesses as well as the prices (docs/resource-prices.md). */
const FSX = 'Amazon FSx for Windows File Server (usage-type name not confirmed either)';
/** CloudWatch custom metrics: 0–10,000–250,000–1,000,000–Inf metrics per month. */
const METRIC_BOUNDS = ['0', '10000', '250000', '1000000', 'Inf'];
/** SNS e-mail: the first 1,000 notifications a month are free. */
const SNS_BOUNDS = ['0', '1000', 'Inf'];

function resourceFigures(region: (typeof BUNDLED_REGIONS)[number]): ResourceFigure[] {
  const use1 = region === 'us-east-1';
  // Amazon EBS User Guide, "Pricing and billing for archiving Amazon EBS snapshots": archive $0.0125
  // per GB-month, restore $0.03 per GB, standard tier $0.05 per GB-month. The page quotes one set of
  // figures (the us-east-1 list prices), so only us-east-1 is confirmed by it.
  const ebs = (rate: string, override?: string) => (use1 ? ok(rate) : override ? page(override, 'Amazon EBS') : held(rate, 'Amazon EBS'));
  const fsx = (rate: string) => (use1 ? page(rate, FSX) : held(rate, FSX));
  const snapshot = { 'us-east-1': '0.05', 'ap-south-1': '0.05', 'eu-west-1': '0.05', 'eu-central-1': '0.054' }[region];
  return [
    { key: rk.ebsSnapshotKey, fig: use1 ? ok(snapshot) : page(snapshot, 'Amazon EBS') },
    { key: rk.ebsArchiveKey, fig: ebs('0.0125', region === 'eu-central-1' ? '0.0135' : undefined) },
    { key: rk.ebsArchiveRetrievalKey, fig: ebs('0.03') },
    // AWS KMS pricing page, "Key Storage": "Each AWS KMS key that you create in KMS costs $1/month"
    // (one price, no regional table).
    { key: rk.kmsKeysKey, fig: ok('1.00') },
    { key: rk.kmsRequestsKey, fig: page('0.003', 'AWS KMS ($0.03 per 10,000 requests)') },
    // AWS CloudTrail pricing page, trails: data events "are charged at $0.10 per 100,000 events"
    // (one price, no regional table).
    { key: rk.dataEventsKey, fig: ok('0.000001') },
    { key: rk.alarmsKey, fig: page('0.10', 'Amazon CloudWatch') },
    { key: rk.metricsKey, bounds: METRIC_BOUNDS, fig: page(['0.30', '0.10', '0.05', '0.02'], 'Amazon CloudWatch') },
    { key: rk.snsEmailKey, bounds: SNS_BOUNDS, fig: page(['0', '0.00002'], 'Amazon SNS (e-mail: first 1,000 free, then $2.00 per 100,000)') },
    { key: rk.vpnHoursKey, fig: page('0.05', 'AWS Site-to-Site VPN') },
    { key: (r) => rk.fsxStorageKey(r, 'single-az', 'ssd'), fig: fsx('0.130') },
    { key: (r) => rk.fsxStorageKey(r, 'single-az', 'hdd'), fig: fsx('0.013') },
    { key: (r) => rk.fsxStorageKey(r, 'multi-az', 'ssd'), fig: fsx('0.230') },
    { key: (r) => rk.fsxStorageKey(r, 'multi-az', 'hdd'), fig: fsx('0.025') },
    { key: (r) => rk.fsxThroughputKey(r, 'single-az'), fig: fsx('2.20') },
    { key: (r) => rk.fsxThroughputKey(r, 'multi-az'), fig: fsx('4.50') },
    { key: (r) => rk.fsxBackupKey(r, 'single-az'), fig: fsx('0.05') },
    { key: (r) => rk.fsxBackupKey(r, 'multi-az'), fig: fsx('0.05') },
  ];
}

/** Whether an entry belongs to a resource beyond S3 (not counted in the S3 notes, which predate them). */
export const isResourcePrice = (p: Pick<PriceEntry, 'serviceCode'>) => (RESOURCE_SERVICES as readonly string[]).includes(p.serviceCode);

/** The bundled price book, built from the figures above. */
export function buildBundledPriceBook(): PriceBook {
  const prices = BUNDLED_REGIONS.flatMap((r) => [...regionEntries(r, FIGURES[r]), ...resourceEntries(r)]);
  const dup = prices.map((p) => priceKey(p)).find((k, i, all) => all.indexOf(k) !== i);
  if (dup) throw new Error(`two figures for ${dup}`);
  const counts = BUNDLED_REGIONS.map((r) => {
    // The bucket's prices only: these notes are part of the golden report, and every unconfirmed
    // resource price says so in its own note.
    const mine = prices.filter((p) => p.region === r && !isResourcePrice(p));
    return `${r}: ${mine.filter((p) => p.note).length} of ${mine.length} prices unconfirmed (see each entry's note)`;
  });
  return {
    format: PRICE_SNAPSHOT_FORMAT,
    id: `bundled-${BUNDLED_DATE}`,
    provenance: {
      source: 'bundled',
      date: BUNDLED_DATE,
      offers: [{ serviceCode: 'AmazonS3', region: 'us-east-1', version: '20260728131000', publicationDate: '2026-07-28T13:10:00Z' }],
      // These three notes are part of the golden report (test/golden): their wording changes with a
      // deliberate golden regeneration only.
      notes: [
        'Built from the AWS Price List (the AmazonS3 offer file for us-east-1, version 20260728131000, published 2026-07-28; per-region offer files of the same period) and the Amazon S3 pricing page; the versions of the other offers were not recorded.',
        'An entry with a note starting "unconfirmed:" was not read from a Price List document; `tierwise prices refresh` against the live Price List API settles it.',
        "Rules used where the Price List and the S3 pricing page give no figure: early delete and the small-object padding at the class's storage rate; Intelligent-Tiering FA = STANDARD, IA = STANDARD_IA, AIA = GLACIER_IR, AA = GLACIER, DAA = DEEP_ARCHIVE storage; Bulk restores from GLACIER free.",
        "Higher tiers not transcribed from the Price List or the S3 pricing page: us-east-1's where the region's first tier equals us-east-1's, else the first-tier rate held (an upper bound); any other missing figure is us-east-1's or the one named in the entry's note.",
        ...counts,
      ],
    },
    regions: [...BUNDLED_REGIONS],
    prices,
  };
}

export const BUNDLED_JSON_PATH = fileURLToPath(new URL(`../../src/pricing/snapshots/bundled-${BUNDLED_DATE}.json`, import.meta.url));

export function bundledJsonText(): string {
  return `${JSON.stringify(buildBundledPriceBook(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--write')) {
  writeFileSync(BUNDLED_JSON_PATH, bundledJsonText());
  process.stdout.write(`wrote ${BUNDLED_JSON_PATH}\n`);
}

/** The resource prices of one region, after its S3 prices. */
function resourceEntries(region: (typeof BUNDLED_REGIONS)[number]): PriceEntry[] {
  return resourceFigures(region).map(({ key, bounds, fig }) => {
    const k = key(region);
    return {
      region, usageType: k.usageType, operation: k.operation, unit: k.unit,
      tiers: tiersOf(fig, bounds ?? FLAT, k.unit === 'Requests'),
      serviceCode: homeServiceCode(region, k),
      ...(fig.note ? { note: fig.note } : {}),
    };
  });
}
