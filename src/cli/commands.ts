/** Every CLI command, registered in the order `tierwise --help` lists them. */
import type { Command } from 'commander';
import { registerActuals } from './actuals.js';
import { registerCalibrate } from './calibrate.js';
import { registerCompare } from './compare.js';
import { registerEstimate } from './estimate.js';
import type { CliIO } from './io.js';
import { registerInventory } from './inventory.js';
import { registerPrices } from './prices.js';
import { registerReconcile } from './reconcile.js';
import { registerReplay } from './replay.js';
import { registerReport } from './report.js';
import { registerRetention } from './retention.js';
import { registerSchema } from './schema.js';
import { registerSimulate } from './simulate.js';
import { registerSensitivity } from './uncertainty.js';
import { registerValidate } from './validate.js';

export type RegisterCommand = (program: Command, io: CliIO) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  registerSimulate,
  registerSensitivity,
  registerReplay,
  registerReport,
  registerCompare,
  registerEstimate,
  registerRetention,
  registerPrices,
  registerValidate,
  registerSchema,
  registerActuals,
  registerReconcile,
  registerCalibrate,
  registerInventory,
];
