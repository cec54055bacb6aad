import { DefaceImpactError } from "../core/errors.js";
import type { NormalisationName } from "../normalisation/normalisations.js";
import type { DiscretisationEntry, ProcessingSettings } from "../settings.js";
import { parseDiscretisationLabel, type Discretisation } from "./discretise.js";

/**
 * What the processing settings mean under one normalisation: settings in the units of the
 * normalised intensities (bin widths, re-segmentation ranges) may be restricted to some
 * normalisations, since one number cannot suit raw HU and z-scores alike.
 */

/** The processing under one normalisation: a re-segmentation restricted to other normalisations is off. */
export function processingFor(processing: ProcessingSettings, normalisation: NormalisationName): ProcessingSettings {
  const only = processing.resegmentation.normalisations;
  if (!only || only.includes(normalisation)) return processing;
  return { ...processing, resegmentation: { ...processing.resegmentation, range: null, outlierSigma: null } };
}

/** A discretisation as the road applies it: its `config` label and its rule. */
export interface PlannedDiscretisation {
  label: string;
  discretisation: Discretisation;
}

/** The discretisations of the settings' list that apply under one normalisation, in order. */
export function discretisationsFor(entries: readonly DiscretisationEntry[], normalisation: NormalisationName): PlannedDiscretisation[] {
  const out: PlannedDiscretisation[] = [];
  for (const entry of entries) {
    const label = typeof entry === "string" ? entry : entry.label;
    if (typeof entry !== "string" && !entry.normalisations.includes(normalisation)) continue;
    out.push({ label, discretisation: parseLabel(label) });
  }
  return out;
}

/** A label the settings schema has already checked. */
export function parseLabel(label: string): Discretisation {
  const { discretisation, problem } = parseDiscretisationLabel(label);
  if (!discretisation) throw new DefaceImpactError("internal", `unchecked discretisation label: ${problem}`);
  return discretisation;
}

/** Every label of the list, in order (for reports: which `config` values to expect). */
export const discretisationLabels = (entries: readonly DiscretisationEntry[]): string[] => entries.map((e) => (typeof e === "string" ? e : e.label));
