/** tierwise as a library: every pipeline stage is a pure function over plain data. */
export * from './units.js';
export * from './errors.js';
export * from './scenario/schema.js';
export * from './scenario/load.js';
export * from './retention/policy.js';
export {
  compileRetention,
  describeRetention,
  type CalendarRetention,
  type RetentionOptionNames,
  type RetentionOptions,
  type RetentionRules,
} from './retention/rules.js';
export { applyRetention, compactVersions } from './retention/engine.js';
export {
  replayRetention,
  selectDeletions,
  type BackupRun,
  type BackupVersion,
  type DeletedVersion,
  type ReplayOptions,
  type ReplayResult,
  type Selection,
} from './retention/replay.js';
export { maxLiveVersions, type LiveBoundOptions } from './retention/bounds.js';
export { explainDailyRetention, type DailyExplainOptions, type DailySteadyState, type LifetimeBucket } from './retention/explain.js';
export * from './storage/classes.js';
export * from './usage/regions.js';
export * from './usage/usage-line.js';
export * from './usage/usage-types.js';
export * from './pricing/price-book.js';
export { Dec, parseDecimal } from './pricing/decimal.js';
export {
  BUNDLED_REF,
  bundledPriceBook,
  defaultCacheDir,
  listPriceBooks,
  loadPriceBook,
  savePriceBook,
  validatePriceBook,
  type PriceBookListing,
} from './pricing/snapshots.js';
export { parseTiers, splitTiers, type Tier, type TierBucket } from './pricing/tiers.js';
export { price } from './pricing/price.js';
export { billToJson, billTotals, bucketJson, NO_CLASS, type Bill, type BillLine, type BillTotals } from './billing/bill.js';
export * from './usage/steady-state.js';
export { formatMoney, formatNumber, formatQuantity, formatRate } from './report/money.js';
export { renderTable, type Column, type TableOptions } from './report/table.js';
export { refreshPriceBook, assemblePriceBook, liveSnapshotId, NOT_FETCHED_NOTE, type RefreshRequest } from './pricing/live/refresh.js';
export { diffPriceBooks, sharedRegions, countChanges, type PriceChange, type PriceChangeKind, type TierRateChange } from './pricing/diff.js';
export {
  PRICE_LIST_ENDPOINT_REGIONS,
  PriceListError,
  connectionFromEnv,
  type AwsCredentials,
  type PageProgress,
  type PriceListConnection,
  type PriceListEndpointRegion,
} from './pricing/live/client.js';
export {
  ACTUALS_FORMAT,
  actualsToJson,
  readActualsFile,
  type ActualLine,
  type ActualPeriod,
  type Actuals,
  type ActualsSource,
  type Exclusion,
} from './reconcile/actuals.js';
export { importActuals, type ImportOptions } from './reconcile/import.js';
export { CostExplorerError, fetchCostAndUsage, type CostExplorerQuery, type FetchOptions, type FetchResult } from './reconcile/cost-explorer.js';
export { largestGaps, normaliseUsageType, reconcile, type PriceAdjustment, type ReconciledLine, type ReconciledMonth, type Reconciliation } from './reconcile/reconcile.js';
export { summariseInventory, type InventoryOptions, type InventorySummary } from './reconcile/inventory.js';
