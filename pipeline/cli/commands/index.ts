import type { Command } from "commander";
import { registerRun } from "./run.js";
import { registerFeatures } from "./features.js";
import { registerValidate } from "./validate.js";
import { registerIbsiCheck } from "./ibsiCheck.js";
import { registerRegress } from "./regress.js";

/** Every sub-command registers itself on the program; one file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerRun, registerFeatures, registerValidate, registerIbsiCheck, registerRegress];
