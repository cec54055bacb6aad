import { z } from "../../analysis/core/bundled/zod.js";
import { inputError } from "../../analysis/core/errors.js";
import { DATE_PERIODS, type DatePeriod } from "../../analysis/privacy/dates.js";
import type { HierarchySpec } from "../../analysis/privacy/hierarchy.js";
import { readSettingsFile } from "../io/settingsFile.js";

/**
 * The hierarchies file of `privacy anonymise` (YAML), one entry per quasi-identifier:
 *
 *   age: { intervals: [5, 10, 20] }            # bands of 5, 10, 20 years (each a multiple of the last), then *
 *   study_date: { date: [month, year] }        # week | month | quarter | year, fine to coarse
 *   site:                                      # explicit levels, each mapping the level below
 *     - { A: north, B: north, C: south }
 *     - { north: "*", south: "*" }
 *
 * A "*" key in a level maps every value not listed. Quasi-identifiers without an entry get automatic
 * bands (numeric ones), month and year (dates), or only "*".
 */
const label = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const Entry = z.union([
  z.object({ intervals: z.array(z.number().positive()).min(1), origin: z.number().optional() }).strict(),
  z.object({ date: z.array(z.enum(DATE_PERIODS as [string, ...string[]])).min(1) }).strict(),
  z.array(z.record(z.string(), label)).min(1),
]);
const File = z.record(z.string(), Entry);

export function readHierarchies(path: string): Record<string, HierarchySpec> {
  const parsed = File.safeParse(readSettingsFile(path));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`).join("; ");
    throw inputError(
      `not a hierarchies file (${issues}); expected per column { intervals: [w1, w2, ...] }, { date: [month, year] } or a list of value maps`,
      path,
    );
  }
  const out: Record<string, HierarchySpec> = {};
  for (const [name, entry] of Object.entries(parsed.data)) {
    if (Array.isArray(entry)) out[name] = { kind: "map", levels: entry };
    else if ("intervals" in entry) out[name] = { kind: "intervals", widths: entry.intervals, origin: entry.origin };
    else out[name] = { kind: "date", levels: entry.date as DatePeriod[] };
  }
  return out;
}
