import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, relative, resolve, isAbsolute, basename, join } from "node:path";
import { DefaceImpactError } from "../../analysis/core/errors.js";

/** What an output check needs to know: the command writing, its inputs, and whether --force was given. */
export interface OutputGuard {
  command: string;
  /** every file or folder the command reads; an output may never be, hold or lie inside one of them. */
  inputs: readonly (string | undefined)[];
  /** write into a non-empty folder that holds no earlier output of this command (nothing is removed). */
  force?: boolean;
}

/** The real path, following links, also for a path that does not exist yet (its nearest existing parent is resolved). */
export function realPath(p: string): string {
  const abs = resolve(p);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : join(realPath(parent), basename(abs));
}

/** `inner` is `outer` or lies below it. */
export function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Refuses an output (file or folder) that equals an input, holds an input, or lies inside an input
 * folder (a DICOM series folder, say): writing there could replace or delete what the user gave us.
 * Always refused, --force or not.
 */
export function refuseOutputOverInputs(output: string, guard: OutputGuard): void {
  const out = realPath(output);
  for (const input of guard.inputs) {
    if (!input) continue;
    const inp = realPath(input);
    const inputIsFolder = existsSync(inp) && statSync(inp).isDirectory();
    const why =
      out === inp ? "is the input" : within(inp, out) ? "holds the input" : inputIsFolder && within(out, inp) ? "lies inside the input folder" : undefined;
    if (why) {
      throw new DefaceImpactError(
        "usage",
        `refusing to write the output here: it ${why} ${input}, which must stay untouched. Choose an output outside the inputs`,
        output,
      );
    }
  }
}
