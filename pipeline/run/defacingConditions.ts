import { basename } from "node:path";
import { assertSameGrid, type Mask, type Volume } from "../../analysis/core/volume.js";
import { defaceFillName, defaceFillValues, parseDefaceFill } from "../../masks/defaceFill.js";
import { defacingSummary, type DefacingSummary } from "../../masks/defacingSummary.js";
import { buildFaceMask, type FaceMaskResult, type FaceMaskSource, type Modality } from "../../masks/faceMask.js";
import { applyFill, maskIndices } from "../../masks/fill.js";
import { importFaceMask } from "../../masks/importDefaced.js";
import { defacingRenders, type DefacingRenders } from "../../masks/render.js";
import { readVolume } from "../io/readVolume.js";
import type { DefacedCondition } from "./runSubject.js";

/** Where the face masks of a run come from; any combination, at least one. */
export interface DefacingSources {
  /** a face mask file, applied with each fill: conditions `defaced-<fill>`. */
  faceMask?: string;
  /** the built-in shear defacer, applied with each fill: conditions `shear-<fill>`. */
  shear?: { bufferMm: number };
  /** other tools' defaced images on the same grid: one condition each, named NAME. */
  defaced: { name: string; path: string }[];
  /** fills for the face mask and the shear defacer (zero, min, constant:V, noise, blur[:σ]). */
  fills: string[];
  seed: number;
}

export interface DefacingOutcome {
  conditions: DefacedCondition[];
  /** safety and privacy of every condition, keyed by condition name. */
  summaries: { condition: string; summary: DefacingSummary }[];
  /** the head (foreground) and brain masks the defacing used (automatic unless given). */
  head: Mask;
  brain: Mask;
  brainSource: string;
  /** skin renders before/after and the mid-sagittal overlay, per condition. */
  renders: { condition: string; renders: DefacingRenders }[];
  warnings: string[];
}

interface SourceCase {
  source: FaceMaskSource;
  label: string;
  /** condition name for a fill (mask, shear) or the fixed name (another tool). */
  name: (fill: string) => string;
  fills: string[];
}

/**
 * Builds every defaced condition of a run: one face mask per source (brain and head masks,
 * safety and privacy once per source), then one condition per fill from the mask's voxel indices.
 */
export function defacingConditions(
  image: Volume,
  sources: DefacingSources,
  context: { roi: Mask; roiName: string; brain?: { mask: Mask; name: string }; modality: Modality; allowRoiOverlap: boolean; renders: boolean },
  log: (line: string) => void = () => {},
): DefacingOutcome {
  const cases: SourceCase[] = [];
  if (sources.faceMask) {
    const values = readVolume(sources.faceMask, { keepNonFinite: true }); // a mask: NaN is refused, not treated as background
    assertSameGrid(image, values, sources.faceMask);
    cases.push({
      source: { kind: "mask", mask: importFaceMask(values.data, sources.faceMask), name: sources.faceMask },
      label: `face mask ${basename(sources.faceMask)}`,
      name: (fill) => `defaced-${fill}`,
      fills: sources.fills,
    });
  }
  if (sources.shear) {
    cases.push({
      source: { kind: "shear", bufferMm: sources.shear.bufferMm },
      label: `shear defacer (buffer ${sources.shear.bufferMm} mm)`,
      name: (fill) => `shear-${fill}`,
      fills: sources.fills,
    });
  }
  for (const d of sources.defaced) {
    const other = readVolume(d.path);
    assertSameGrid(image, other, d.path);
    cases.push({ source: { kind: "defaced", image: other, name: d.path }, label: `${d.name} (${basename(d.path)})`, name: () => d.name, fills: [""] });
  }

  const outcome: DefacingOutcome = { conditions: [], summaries: [], head: new Uint8Array(0), brain: new Uint8Array(0), brainSource: "", renders: [], warnings: [] };
  let earlier: FaceMaskResult | undefined;
  for (const c of cases) {
    const [first, ...more] = c.fills.map((f) => (f ? parseDefaceFill(f) : undefined));
    // Head, skin and brain masks depend on the image only: computed for the first source, reused after.
    const result: FaceMaskResult = buildFaceMask(image, {
      reuse: earlier,
      source: c.source,
      fill: first,
      seed: sources.seed,
      brain: context.brain,
      roi: context.roi,
      roiName: context.roiName,
      allowRoiOverlap: context.allowRoiOverlap,
      modality: context.modality,
      log: (line) => log(`${c.label}: ${line}`),
    });
    earlier = result;
    outcome.head = result.head;
    outcome.brain = result.brain;
    outcome.brainSource = result.brainSource;
    for (const w of result.warnings) if (!outcome.warnings.includes(w)) outcome.warnings.push(w);
    const indices = maskIndices(result.mask);
    const summary = defacingSummary(c.label, result);

    const add = (fillName: string, values: Float64Array, defaced: Volume | undefined) => {
      const name = c.name(fillName);
      outcome.conditions.push({ name, description: `${c.label}, fill ${fillName}`, indices, values });
      outcome.summaries.push({ condition: name, summary: { ...summary, fill: fillName } });
      if (context.renders && defaced) {
        log(`${name}: rendering`);
        outcome.renders.push({
          condition: name,
          renders: defacingRenders(image, defaced, { iso: result.headThreshold, head: result.head, mask: result.mask, roi: context.roi, brain: result.brain }),
        });
      }
    };
    const firstValues = new Float64Array(indices.length);
    for (let n = 0; n < indices.length; n++) firstValues[n] = result.defaced.data[indices[n]];
    add(result.fillName, firstValues, result.defaced);
    for (const fill of more) {
      const values = defaceFillValues(fill!, image, indices, { mask: result.mask, head: result.head, seed: sources.seed });
      add(defaceFillName(fill!), values, context.renders ? { ...image, data: applyFill(image, indices, values) } : undefined);
    }
  }
  const zeroOnCt = sources.fills.includes("zero") && context.modality === "ct" && (sources.faceMask || sources.shear);
  if (zeroOnCt) {
    outcome.warnings.push(
      "fill zero on CT writes 0 HU (water), not air (−1000 HU): the face becomes water-dense tissue; use --fill min for air",
    );
  }
  return outcome;
}

/** Where the brain and head masks of a report came from. */
export function maskSources(outcome: Pick<DefacingOutcome, "brainSource">, files: { brainMask?: string; headMask?: string }) {
  return {
    brain: files.brainMask ? "file" : outcome.brainSource,
    head: files.headMask ? "file" : "automatic (Otsu threshold, largest component, holes filled)",
  };
}

/** The conditions as reported: what replaced how many voxels, and their volume (mm³). */
export function conditionRecords(conditions: readonly DefacedCondition[], spacing: readonly number[]) {
  const voxelMm3 = spacing[0] * spacing[1] * spacing[2];
  return conditions.map((c) => ({
    name: c.name,
    description: c.description,
    voxels_replaced: c.indices.length,
    volume_replaced_mm3: c.indices.length * voxelMm3,
  }));
}
