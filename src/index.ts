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
