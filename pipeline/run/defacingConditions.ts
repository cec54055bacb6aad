import { basename } from "node:path";
import { assertSameGrid, type Mask, type Volume } from "../../analysis/core/volume.js";
import { defaceFillName, defaceFillValues, parseDefaceFill } from "../../masks/defaceFill.js";
import { defacingSummary, type DefacingSummary } from "../../masks/defacingSummary.js";
import { buildFaceMask, type FaceMaskResult, type FaceMaskSource, type Modality, type SubjectMasks } from "../../masks/faceMask.js";
import { importFaceMask } from "../../masks/importDefaced.js";
import { COMPARISON_VIEWS, type ComparisonRenders, DefacingRenderer, encodeHere, type PictureEncoder, type VoxelChange } from "../../masks/render.js";
import type { RgbaImage } from "../../masks/pngEncode.js";
import { readVolume } from "../io/readVolume.js";
import { sourceKey, type ConditionSource, type ConditionSpec } from "./conditionSpec.js";
import type { DefacedCondition } from "./subject.js";

export interface DefacingOutcome {
  /** one per spec, in the specs' order, named as the spec. */
  conditions: DefacedCondition[];
  /** safety and privacy of every condition, same order. */
  summaries: { condition: string; summary: DefacingSummary }[];
  /** the head (foreground) and brain masks the defacing used (automatic unless given). */
  head: Mask;
  /** the intensity of the skin surface (the head mask's threshold), e.g. for a 3D view. */
  headThreshold: number;
  brain: Mask;
  brainSource: string;
  /** what each condition's renders need (when asked for): drawn by drawDefacingRenders, which can overlap the feature jobs. */
  toRender: ConditionToRender[];
  warnings: string[];
}

export interface ConditionToRender {
  condition: string;
  change: VoxelChange;
  result: FaceMaskResult;
}

export interface DefacingContext {
  roi: Mask;
  roiName: string;
  brain?: { mask: Mask; name: string };
  modality: Modality;
  allowRoiOverlap: boolean;
  renders: boolean;
  seed: number;
  /** reads a face mask or another tool's defaced image named in a spec (default: from the disk, readSource). */
  readImage?: (path: string, kind: "mask" | "defaced") => Volume;
  /** the head, skin and brain masks when built already (run with worker threads: premadeMasks.ts); built here otherwise. */
  masks?: SubjectMasks;
}

/**
 * Builds every defaced condition: one face mask per distinct source (brain and head masks, safety and
 * privacy once per source, the head, skin and brain masks once per image), then one condition per
 * spec from the mask's voxel indices and the spec's fill.
 */
export function defacingConditions(image: Volume, specs: readonly ConditionSpec[], context: DefacingContext, log: (line: string) => void = () => {}): DefacingOutcome {
  const outcome: DefacingOutcome = { conditions: [], summaries: [], head: new Uint8Array(0), headThreshold: NaN, brain: new Uint8Array(0), brainSource: "", toRender: [], warnings: [] };
  const masks = new Map<string, { result: FaceMaskResult; indices: Uint32Array; summary: DefacingSummary; label: string }>();
  let earlier: SubjectMasks | undefined = context.masks;
  for (const spec of specs) {
    const key = sourceKey(spec.source);
    let built = masks.get(key);
    if (!built) {
      const label = sourceLabel(spec.source);
      // Building the mask applies the first fill that uses it; other fills reuse the mask's indices.
      const result = buildFaceMask(image, {
        reuse: earlier,
        source: faceMaskSource(image, spec.source, context.readImage ?? readSource),
        fill: spec.fill ? parseDefaceFill(spec.fill) : undefined,
        seed: context.seed,
        brain: context.brain,
        roi: context.roi,
        roiName: context.roiName,
        allowRoiOverlap: context.allowRoiOverlap,
        modality: context.modality,
        log: (line) => log(`${label}: ${line}`),
      });
      earlier = result;
      for (const w of result.warnings) if (!outcome.warnings.includes(w)) outcome.warnings.push(w);
      built = { result, indices: result.indices, summary: defacingSummary(label, result), label };
      masks.set(key, built);
      outcome.head = result.head;
      outcome.headThreshold = result.headThreshold;
      outcome.brain = result.brain;
      outcome.brainSource = result.brainSource;
    }
    const { result, indices, summary, label } = built;
    const fillName = spec.fill ? defaceFillName(parseDefaceFill(spec.fill)) : result.fillName;
    // the fill the mask was built with (or another tool's own): the values the defaced image holds
    const values =
      fillName === result.fillName
        ? result.fillValues
        : defaceFillValues(parseDefaceFill(spec.fill!), image, indices, { mask: result.mask, head: result.head, seed: context.seed });
    outcome.conditions.push({ name: spec.name, description: `${label}, fill ${fillName}`, indices, values });
    outcome.summaries.push({ condition: spec.name, summary: { ...summary, fill: fillName } });
    if (context.renders) outcome.toRender.push({ condition: spec.name, change: { mask: result.mask, indices, values }, result });
  }
  return outcome;
}

/**
 * The skin renders and the mid-sagittal overlay of every condition that asked for them. One renderer
 * per image: the pictures before, and each mask's overlay, are drawn once (and the overlay encoded
 * once). `pause` runs between two conditions, so a caller waiting for worker threads can let them be
 * fed meanwhile; `encode` turns each picture into PNG bytes, and may do it elsewhere while the next
 * condition is drawn.
 */
export async function drawDefacingRenders(
  image: Volume,
  toRender: readonly ConditionToRender[],
  roi: Mask,
  log: (line: string) => void = () => {},
  pause: () => Promise<void> = async () => {},
  encode: PictureEncoder = encodeHere,
): Promise<{ condition: string; renders: ComparisonRenders }[]> {
  const pending: { condition: string; renders: Promise<ComparisonRenders> }[] = [];
  const encoded = new Map<RgbaImage, Promise<Buffer>>();
  const encodeOnce = (picture: RgbaImage): Promise<Buffer> => {
    let png = encoded.get(picture);
    if (!png) encoded.set(picture, (png = encode(picture)));
    return png;
  };
  let renderer: DefacingRenderer | undefined;
  for (const [n, { condition, change, result }] of toRender.entries()) {
    await pause();
    log(`${condition}: rendering`);
    if (!renderer) {
      renderer = new DefacingRenderer({ image, iso: result.headThreshold, head: result.head, headGrown: result.headGrown, roi, brain: result.brain });
      renderer.drawBefore();
      await pause();
    }
    const pictures = renderer.comparison(change, result.faceRegion);
    // After the last one, this thread has nothing left to draw: it encodes a picture itself instead of waiting.
    const last = n === toRender.length - 1;
    const renders = Promise.all(COMPARISON_VIEWS.map((view) => (last && view === "side" ? encodeHere(pictures[view]) : encodeOnce(pictures[view])))).then(
      ([front, side, sagittal_overlay]) => ({ front, side, sagittal_overlay }),
    );
    renders.catch(() => {}); // awaited below, after the other conditions are drawn: not an unhandled rejection meanwhile
    pending.push({ condition, renders });
  }
  return Promise.all(pending.map(async ({ condition, renders }) => ({ condition, renders: await renders })));
}

/** How a source names itself at the head of its progress lines. */
export function sourceLabel(source: ConditionSource): string {
  if (source.kind === "mask") return `face mask ${basename(source.path)}`;
  if (source.kind === "shear") return `shear defacer (buffer ${source.bufferMm} mm)`;
  return `defaced image ${basename(source.path)}`;
}

/** Reads a face mask or another tool's defaced image: a face mask is a mask, so NaN in it is refused, not treated as background. */
export const readSource = (path: string, kind: "mask" | "defaced"): Volume => readVolume(path, { keepNonFinite: kind === "mask" });

function faceMaskSource(image: Volume, source: ConditionSource, read: NonNullable<DefacingContext["readImage"]>): FaceMaskSource {
  if (source.kind === "shear") return { kind: "shear", bufferMm: source.bufferMm };
  const values = read(source.path, source.kind);
  assertSameGrid(image, values, source.path);
  return source.kind === "mask" ? { kind: "mask", mask: importFaceMask(values.data, source.path), name: source.path } : { kind: "defaced", image: values, name: source.path };
}

/** Zero fill on CT writes 0 HU (water), not air: worth a warning when the user chose it (not when the demo did, to show it). */
export function zeroFillWarning(specs: readonly ConditionSpec[], modality: Modality): string | undefined {
  const zeroOnCt = modality === "ct" && specs.some((s) => s.fill === "zero" && s.source.kind !== "defaced");
  return zeroOnCt ? "fill zero on CT writes 0 HU (water), not air (−1000 HU): the face becomes water-dense tissue; use --fill min for air" : undefined;
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
