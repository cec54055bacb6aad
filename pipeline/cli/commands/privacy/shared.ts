import { InvalidArgumentError, Option, type Command } from "commander";
import type { DataTable } from "../../../../analysis/privacy/table.js";
import { writeFileAtomic } from "../../../io/atomicWrite.js";
import { readTable } from "../../../privacy/readTable.js";
import { refuseOutputOverInputs } from "../../../report/outputGuard.js";

/** Options and helpers shared by the `privacy` subcommands. */

/** --condition / --normalization: which values of a features.csv become the table. */
export function addFeatureTableOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--condition <name>", "features.csv input: the condition kept").default(undefined, "original"))
    .addOption(new Option("--normalization <name>", "features.csv input: the normalisation kept").default(undefined, "none, else the first"));
}

export const readInputTable = (path: string, opts: { condition?: string; normalization?: string }): DataTable =>
  readTable(path, { condition: opts.condition, normalization: opts.normalization });

export function probability(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError("expected a number between 0 and 1");
  return n;
}

/** JSON with non-finite numbers as strings ("Infinity"), 2-space indent, a final newline. */
export const jsonText = (value: unknown): string =>
  JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 2) + "\n";

/** Writes a JSON output file atomically, never over one of the inputs. */
export function writeJsonOutput(path: string, value: unknown, command: string, inputs: (string | undefined)[]): void {
  refuseOutputOverInputs(path, { command, inputs });
  writeFileAtomic(path, jsonText(value));
}

export const percent = (x: number, digits = 3): string => `${+(100 * x).toPrecision(digits)} %`;
export const round = (x: number | null, digits = 4): string => (x === null ? "–" : String(+x.toPrecision(digits)));
