import type { Mask, Volume } from "../../analysis/core/volume.js";
import { defaceFillName, defaceFillValues, parseDefaceFill } from "../../masks/defaceFill.js";
import { maskIndices } from "../../masks/uniformFill.js";
import type { NormalisationName } from "../../analysis/normalisation/normalisations.js";
import type { Settings, SettingsInput } from "../../analysis/settings.js";
import { threadPool } from "../pool/runJobs.js";
import { runSubject } from "../run/runSubject.js";
import type { DefacedCondition, SubjectInput } from "../run/subject.js";
import type { SuiteOutput } from "./entries.js";
import type { CohortFailures } from "../run/cohortFailures.js";

/**
 * regress' own defaults under the user's settings: every suite defaces with four fills, uniform
 * (zero, the image minimum), the scan's own background noise and heavy blur; the noise fill's seed
 * stays the schema's fixed default, so the noise condition is the same on every run.
 */
export const REGRESS_BASE_SETTINGS: SettingsInput = { defacing: { fills: ["zero", "min", "noise", "blur"] } };

export interface SuiteHooks {
  threads: number;
  warn: (message: string) => void;
  /** a subject starts (its jobs then report through onProgress). */
  onSubject?: (subject: string, index: number, count: number) => void;
  onProgress?: (done: number, total: number) => void;
}

/** One subject of a suite: builds its inputs only when run, so a suite costs memory one subject at a time. */
export interface SuiteSubject {
  name: string;
  run(hooks: SuiteHooks): Promise<SuiteOutput>;
}

/** A regression suite: what it is called, the settings recorded in the baseline, and its subjects. */
export interface RegressSuite {
  name: string;
  /** the resolved settings and what the suite adds (seed, grid, inputs' hashes), recorded in the baseline. */
  settings: Record<string, unknown>;
  subjects: SuiteSubject[];
}

/**
 * Runs every subject in order and concatenates their rows. With `failures`, a subject that fails is
 * reported there and the suite goes on with the others.
 */
export async function runSuite(suite: RegressSuite, hooks: SuiteHooks, failures?: CohortFailures): Promise<SuiteOutput> {
  const out: SuiteOutput = { features: [], shifts: [] };
  for (const [i, subject] of suite.subjects.entries()) {
    hooks.onSubject?.(subject.name, i, suite.subjects.length);
    const r = failures ? await failures.run(subject.name, undefined, () => subject.run(hooks)) : await subject.run(hooks);
    if (!r) continue;
    out.features.push(...r.features);
    out.shifts.push(...r.shifts);
  }
  return out;
}

/** Original and defaced conditions x normalisations x configurations of one subject, under the suite's settings. */
export async function runSuiteSubject(input: SubjectInput, settings: Settings, normalisations: NormalisationName[], hooks: SuiteHooks): Promise<SuiteOutput> {
  const result = await runSubject(input, { settings, normalisations: settings.normalisation.methods ?? normalisations, runJobs: threadPool(hooks.threads), onProgress: hooks.onProgress });
  return { features: result.features, shifts: result.shifts };
}

/** Keeps only the named subjects; a name that matches none is a usage error the caller reports. */
export function selectSubjects(suite: RegressSuite, names: readonly string[] | undefined): { suite: RegressSuite; unknown: string[] } {
  if (!names) return { suite, unknown: [] };
  const known = new Set(suite.subjects.map((s) => s.name));
  return {
    suite: { ...suite, settings: { ...suite.settings, subjects: [...names] }, subjects: suite.subjects.filter((s) => names.includes(s.name)) },
    unknown: names.filter((n) => !known.has(n)),
  };
}

/**
 * One condition per fill of the settings for a known face mask (defaced-zero, defaced-min,
 * defaced-noise, defaced-blur:8 by default); `head` is where the noise fill does not draw from.
 */
export function fillConditions(image: Volume, face: Mask, head: Mask, maskName: string, defacing: Settings["defacing"]): DefacedCondition[] {
  const indices = maskIndices(face);
  return defacing.fills.map((text) => {
    const fill = parseDefaceFill(text);
    return {
      name: `defaced-${defaceFillName(fill)}`,
      description: `${maskName}, fill ${defaceFillName(fill)}`,
      indices,
      values: defaceFillValues(fill, image, indices, { mask: face, head, seed: defacing.seed }),
    };
  });
}
