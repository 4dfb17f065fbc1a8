/**
 * tierwise as a library. The whole pipeline in three calls:
 *
 *   const sc = loadScenario('fleet.yaml');          // read, validate, resolve (ScenarioError)
 *   const f = await forecast(sc, bundledPriceBook()); // simulate, meter, price
 *   process.stdout.write(forecastTable(f));          // or forecastCsv / forecastJson / forecastHtml
 *
 * Charts are specifications (forecastCharts, comparisonCharts) that the HTML page and chartPng
 * both draw; compareForecasts puts several designs side by side. notebooks/ uses only this file.
 *
 * and every stage of README "How it works" on its own, in pipeline order below.
 */
export * from './units.js';
export * from './errors.js';

// scenario.yaml ─load+validate─▶ Scenario
export * from './scenario/schema.js';
export * from './scenario/load.js';
export { MAX_ALIASES, MAX_NESTING, MAX_SCENARIO_BYTES, parseScenarioYaml, type ParsedYaml } from './scenario/yaml.js';
export {
  resolveScenario,
  type BucketConfig,
  type DataSize,
  type DeviceProfile,
  type FleetConfig,
  type RestoreConfig,
  type Scenario,
} from './scenario/resolve.js';
export { retentionFindings } from './scenario/findings.js';

// the whole pipeline, and its two halves (simulate once, price with any book)
export {
  configurationFindings,
  forecast,
  priceFleet,
  simulate,
  type Forecast,
  type ForecastMonth,
  type ForecastSample,
  type LineSE,
  type SimulatedFleet,
} from './forecast.js';

// fleet + agent ─simulate─▶ what devices write, read, delete
export { simulateFleet, type FleetRun, type SimulateOptions } from './fleet/simulate.js';
// worker threads that simulate shards, shared by the runs of an analysis (SimulateOptions.pool)
export { ShardPool, type ShardJob } from './fleet/pool.js';
// a sampled run (SimulateOptions.sample): the stratified design and the jackknife SE
export { sampleDesign, jackknifeSE, type SampleOptions, type SampleDesign, type Stratum } from './fleet/sample.js';
export { monthFindings, scenarioFindings, type MonthFinding } from './fleet/findings.js';
// uncertainty: distributions in place of numbers, Latin hypercube Monte Carlo, one-at-a-time sensitivity
export { loadUncertainScenario, type UncertainScenario } from './scenario/load.js';
export { runUncertainty, type RunOptions, type RunScenario, type RunResult, type UncertaintyResult } from './uncertainty/monte-carlo.js';
export { runSensitivity, type SensitivityResult, type SensitivityRow } from './uncertainty/sensitivity.js';
export { uncertaintyCsv, uncertaintyJson, uncertaintyTable, sensitivityCsv, sensitivityJson, sensitivityTable } from './report/uncertainty.js';
export { uncertaintyHtml } from './report/uncertainty-html.js';

export type { AgentOptions, DeviceData } from './agent/model.js';
export { simulateOneDevice, type DeviceDay, type SingleDeviceInput } from './agent/single-device.js';

// object ledger ─lifecycle, tiers, early deletes─▶ usage
export {
  ObjectLedger,
  type Capacity,
  type ClassCapacity,
  type IntelligentTieringConfig,
  type LedgerConfig,
  type LedgerPath,
} from './storage/ledger.js';
export {
  MAX_LIFECYCLE_RULES,
  lifecycleIssues,
  validateLifecycle,
  type LifecycleConfig,
  type LifecycleRule,
  type MinTransitionSize,
  type Transition,
} from './storage/lifecycle.js';
export { UsageMeter, type MeterSeries, type MeterSnapshot } from './usage/meter.js';

// Duplicati's retention rules
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
export { checkPriceCoverage, checkResourcePrices, checkScenarioPrices } from './pricing/coverage.js';
// Priced resources beyond S3: their usage from a scenario and the bucket's usage, their keys.
export { resourceUsage, resourcePriceNeeds, resourceFindings, hasResources, s3Activity, type FleetFacts, type MonthActivity, type ResourcesConfig } from './resources/index.js';
export { resourcePriceKeys, RESOURCE_SERVICES, type ResourceService, type ResourceKey } from './resources/keys.js';
export { billToJson, billTotals, bucketJson, NO_CLASS, type Bill, type BillLine, type BillTotals } from './billing/bill.js';
export * from './usage/steady-state.js';

// report: table | csv | json | html | png — the same chart specs drawn by the HTML page and as PNG
export {
  capacityTotals,
  COST_GROUPS,
  costOf,
  findingLines,
  forecastCsv,
  forecastDeltaTable,
  forecastJson,
  forecastTable,
  priceBookLine,
  type ForecastJson,
} from './report/forecast.js';
export { CHART_IDS, forecastCharts, uncertaintyCharts, type ChartId, type ChartSpec, type ChartTable } from './report/charts.js';
export { forecastHtml, REPORT_CSP } from './report/html.js';
export { chartPng, chartPngFiles } from './report/chart-png.js';
// compare: several designs over the same months, the first as the baseline
export {
  breakEvenText,
  checkSameHorizon,
  compareForecasts,
  compareRestores,
  comparisonCsv,
  comparisonJson,
  comparisonTable,
  difference,
  reportedMonths,
  type BreakEven,
  type ComparedScenario,
  type Comparison,
  type Difference,
  type RestoreComparison,
} from './report/compare.js';
export { comparisonCharts, comparisonHtml } from './report/compare-html.js';
export type { RestoreEventResult } from './restore/events.js';
export { formatCount, formatDataSize, formatMoney, formatNumber, formatQuantity, formatRate } from './report/money.js';
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
export { actualsFromForecast } from './reconcile/from-forecast.js';
export { CostExplorerError, fetchCostAndUsage, type CostExplorerQuery, type FetchOptions, type FetchResult } from './reconcile/cost-explorer.js';
export { largestGaps, normaliseUsageType, reconcile, type PriceAdjustment, type ReconciledLine, type ReconciledMonth, type Reconciliation } from './reconcile/reconcile.js';
export { reconcileCsv, reconcileJson, reconcileTable, type ReconcileHeader } from './report/reconcile.js';
export { summariseInventory, type InventoryOptions, type InventorySummary } from './reconcile/inventory.js';
