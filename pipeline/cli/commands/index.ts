import type { Command } from "commander";
import { registerConvert } from "./convert.js";
import { registerDeface } from "./deface.js";
import { registerDemo } from "./demo.js";
import { registerFeatures } from "./features.js";
import { registerIbsiCheck } from "./ibsiCheck.js";
import { registerPhantom } from "./phantom.js";
import { registerRegress } from "./regress.js";
import { registerRun } from "./run.js";
import { registerValidate } from "./validate.js";

/** Every sub-command registers itself on the program; one file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

/** In the order `--help` lists them. */
export const COMMANDS: RegisterCommand[] = [
  registerRun,
  registerFeatures,
  registerDeface,
  registerPhantom,
  registerDemo,
  registerConvert,
  registerIbsiCheck,
  registerValidate,
  registerRegress,
];
