/** tierwise as a library: every pipeline stage is a pure function over plain data. */
export * from './units.js';
export * from './errors.js';
export * from './scenario/schema.js';
export * from './scenario/load.js';
export * from './retention/policy.js';
export * from './storage/classes.js';
export * from './usage/regions.js';
export * from './usage/usage-line.js';
export * from './usage/usage-types.js';
export * from './pricing/price-book.js';
export { refreshPriceBook, assemblePriceBook, liveSnapshotId, NOT_FETCHED_NOTE, type RefreshRequest } from './pricing/live/refresh.js';
export { diffPriceBooks, sharedRegions, countChanges, type PriceChange, type PriceChangeKind, type TierRateChange } from './pricing/live/diff.js';
export {
  PRICE_LIST_ENDPOINT_REGIONS,
  PriceListError,
  connectionFromEnv,
  type AwsCredentials,
  type PageProgress,
  type PriceListConnection,
  type PriceListEndpointRegion,
} from './pricing/live/client.js';
