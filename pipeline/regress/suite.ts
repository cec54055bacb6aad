import type { Mask, Volume } from "../../analysis/core/volume.js";
import { configFromName, DEFAULT_AGGREGATIONS, DEFAULT_CONFIG_NAMES } from "../../analysis/features/configs.js";
import { defaceFillName, defaceFillValues, parseDefaceFill } from "../../masks/defaceFill.js";
import { maskIndices } from "../../masks/fill.js";
import type { NormalisationName } from "../../analysis/normalisation/normalisations.js";
import { runSubject, type DefacedCondition, type SubjectInput } from "../run/runSubject.js";
import type { SuiteOutput } from "./entries.js";
import type { CohortFailures } from "../run/cohortFailures.js";

/** The standard fills every suite defaces with: uniform (zero, the image minimum), the scan's own background noise, heavy blur. */
export const STANDARD_FILLS = ["zero", "min", "noise", "blur"];
/** Seed of the noise fill: fixed, so the noise condition is the same on every run. */
export const NOISE_FILL_SEED = 1;
export const STANDARD_CONFIGS = DEFAULT_CONFIG_NAMES;
export const STANDARD_AGGREGATIONS = DEFAULT_AGGREGATIONS;
/** z-scores as the run command computes them by default. */
export const STANDARD_NORMALISATION = { sdMode: "population" as const, scaleFactor: 1 };

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

/** Original and defaced conditions x normalisations x the standard configurations of one subject. */
export async function runStandardSubject(input: SubjectInput, normalisations: NormalisationName[], hooks: SuiteHooks): Promise<SuiteOutput> {
  const configs = STANDARD_CONFIGS.map((name) => configFromName(name, STANDARD_AGGREGATIONS)!);
  const result = await runSubject(input, {
    normalisations,
    configs,
    normalisation: STANDARD_NORMALISATION,
    threads: hooks.threads,
    allowRoiOverlap: false,
    onProgress: hooks.onProgress,
  });
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
 * One condition per standard fill of the face mask (defaced-zero, defaced-min, defaced-noise,
 * defaced-blur:8); `head` is where the noise fill does not draw its background from.
 */
export function standardFillConditions(image: Volume, face: Mask, head: Mask, maskName: string): DefacedCondition[] {
  const indices = maskIndices(face);
  return STANDARD_FILLS.map((text) => {
    const fill = parseDefaceFill(text);
    return {
      name: `defaced-${defaceFillName(fill)}`,
      description: `${maskName}, fill ${defaceFillName(fill)}`,
      indices,
      values: defaceFillValues(fill, image, indices, { mask: face, head, seed: NOISE_FILL_SEED }),
    };
  });
}
