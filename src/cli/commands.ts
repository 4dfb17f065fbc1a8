/** Every CLI command, registered in the order `tierwise --help` lists them. */
import type { Command } from 'commander';
import { registerCompare } from './compare.js';
import { registerEstimate } from './estimate.js';
import type { CliIO } from './io.js';
import { registerPrices } from './prices.js';
import { registerReplay } from './replay.js';
import { registerReport } from './report.js';
import { registerRetention } from './retention.js';
import { registerSchema } from './schema.js';
import { registerSimulate } from './simulate.js';
import { registerValidate } from './validate.js';

export type RegisterCommand = (program: Command, io: CliIO) => void;

export const COMMANDS: readonly RegisterCommand[] = [registerSimulate, registerReplay, registerReport, registerCompare, registerEstimate, registerRetention, registerPrices, registerValidate, registerSchema];
